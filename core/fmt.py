"""Numbers and money formatted per language with Babel (1.234,56 vs 1,234.56)."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from babel import Locale
from babel.numbers import NumberPattern, format_percent, get_currency_symbol, parse_pattern

from core.i18n import BABEL_LOCALES, Lang


@functools.cache
def _locale(lang: Lang) -> Locale:
    return Locale.parse(BABEL_LOCALES[lang])


@functools.cache
def _pattern(pattern: str) -> NumberPattern:
    """Babel's parsed number pattern: what ``format_decimal`` parses again on every call (a page with
    sliders formats hundreds of step labels per rerun)."""
    return parse_pattern(pattern)


def _decimal(value: float, pattern: str, lang: Lang) -> str:
    """``babel.numbers.format_decimal(value, format=pattern, locale=...)`` with the pattern and the locale
    looked up once."""
    return str(_pattern(pattern).apply(value, _locale(lang)))


# Babel's grouping and decimal signs for our languages, as a translation of Python's "1,234.5" format.
_SIGNS = {"de": str.maketrans({",": ".", ".": ","}), "en": str.maketrans({})}
_QUANTUM = tuple(Decimal(1).scaleb(-d) for d in range(11))


def _fast(value: float, lang: Lang, digits: int, trim: bool) -> str | None:
    """What Babel writes for the patterns ``#,##0.00…`` (``trim``: ``#,##0.##…``) in German and English,
    computed the way Babel does it (the float's shortest decimal text, rounded half to even, sign kept
    on a rounded zero) with Python's own grouping: about 2.5 times faster. ``None`` where Babel must
    decide (not finite, more digits than ``decimal`` holds, an unknown language); tests/test_i18n_fmt.py
    compares both on thousands of values."""
    table = _SIGNS.get(lang)
    if table is None or digits >= len(_QUANTUM) or not math.isfinite(value):
        return None
    try:
        rounded = Decimal(str(value)).quantize(_QUANTUM[digits], rounding=ROUND_HALF_EVEN)
    except InvalidOperation:
        return None
    text = f"{rounded:,.{digits}f}"
    if trim and digits:
        text = text.rstrip("0").rstrip(".")
    return text.translate(table)


def number(value: float, lang: Lang, digits: int = 0) -> str:
    """A number with grouping and exactly ``digits`` decimals."""
    fast = _fast(value, lang, digits, trim=False)
    if fast is not None:
        return fast
    return _decimal(value, "#,##0" + ("." + "0" * digits if digits > 0 else ""), lang)


def compact(value: float, lang: Lang, max_digits: int = 2) -> str:
    """A number with grouping and up to ``max_digits`` decimals (trailing zeros dropped)."""
    fast = _fast(value, lang, max_digits, trim=True)
    if fast is not None:
        return fast
    return _decimal(value, "#,##0" + ("." + "#" * max_digits if max_digits > 0 else ""), lang)


@functools.cache
def _currency_symbol(currency: str, lang: Lang) -> str:
    return str(get_currency_symbol(currency, locale=BABEL_LOCALES[lang]))


def money(value: float, lang: Lang, currency: str = "USD", digits: int = 2) -> str:
    """An amount of money in the language's style, e.g. ``$1,234.56`` or ``1.234,56 $``.

    The same text as Babel's ``format_currency`` with the pattern ``¤#,##0.00`` (en) or ``#,##0.00 ¤``
    (de), built from ``format_decimal`` and the cached currency symbol: several times faster, which
    matters on pages that show dozens of amounts on every rerun (tests/test_fmt_money.py checks this).
    """
    amount = number(value, lang, digits)
    symbol = _currency_symbol(currency, lang)
    if lang == "de":
        return f"{amount}\xa0{symbol}"
    return f"-{symbol}{amount[1:]}" if amount.startswith("-") else f"{symbol}{amount}"


def percent(value: float, lang: Lang, digits: int = 0) -> str:
    """A share (0.25 -> 25 %) in the language's style."""
    sep = "\u00a0" if lang == "de" else ""
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "") + sep + "%"
    return str(format_percent(value, format=pattern, locale=BABEL_LOCALES[lang]))


def money_digits(amount: float, significant: int = 2, max_digits: int = 10) -> int:
    """Decimals needed to show ``amount`` (USD) with ``significant`` significant digits, at least 2.

    Costs of single requests are often fractions of a cent: 0.000015 needs 6 decimals to show "0.000015".
    """
    if amount < 0:
        raise ValueError("amount must not be negative")
    if amount == 0 or amount >= 1:
        return 2
    digits = -math.floor(math.log10(amount)) + significant - 1
    return max(2, min(max_digits, digits))


def amount(value: float, lang: Lang, currency: str = "USD", significant: int = 2) -> str:
    """An amount with as many decimals as it needs (``money_digits``): the one rule for costs shown to
    learners, from fractions of a cent per request to thousands per month."""
    return money(value, lang, currency, money_digits(abs(value), significant))


@dataclass(frozen=True)
class Money:
    """A message parameter that is an amount of money (``ui.messages`` formats it with ``amount``)."""

    value: float
    currency: str = "USD"
