"""Numbers and money formatted per language with Babel (1.234,56 vs 1,234.56)."""

from __future__ import annotations

from babel.numbers import format_currency, format_decimal, format_percent

from core.i18n import BABEL_LOCALES, Lang


def number(value: float, lang: Lang, digits: int = 0) -> str:
    """A number with grouping and exactly ``digits`` decimals."""
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return str(format_decimal(value, format=pattern, locale=BABEL_LOCALES[lang]))


def compact(value: float, lang: Lang, max_digits: int = 2) -> str:
    """A number with grouping and up to ``max_digits`` decimals (trailing zeros dropped)."""
    pattern = "#,##0" + ("." + "#" * max_digits if max_digits > 0 else "")
    return str(format_decimal(value, format=pattern, locale=BABEL_LOCALES[lang]))


def money(value: float, lang: Lang, currency: str = "USD", digits: int = 2) -> str:
    """An amount of money in the language's style, e.g. ``$1,234.56`` or ``1.234,56 $``."""
    pattern_digits = "." + "0" * digits if digits > 0 else ""
    locale = BABEL_LOCALES[lang]
    pattern = f"#,##0{pattern_digits}\xa0¤" if lang == "de" else f"¤#,##0{pattern_digits}"
    return str(format_currency(value, currency, format=pattern, locale=locale, currency_digits=False))


def percent(value: float, lang: Lang, digits: int = 0) -> str:
    """A share (0.25 -> 25 %) in the language's style."""
    sep = "\u00a0" if lang == "de" else ""
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "") + sep + "%"
    return str(format_percent(value, format=pattern, locale=BABEL_LOCALES[lang]))
