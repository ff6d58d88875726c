from __future__ import annotations

import pytest

from core import fmt, i18n


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("de", "de"),
        ("en", "en"),
        ("de-AT", "de"),
        ("en_GB", "en"),
        ("EN-us", "en"),
        ("fr", None),
        ("", None),
        (None, None),
        (3, None),
        (" de ", "de"),
    ],
)
def test_parse_lang(value: object, expected: str | None) -> None:
    assert i18n.parse_lang(value) == expected


@pytest.mark.parametrize(
    ("query", "session", "browser", "expected"),
    [
        ("de", "en", "en-US", "de"),  # the URL wins
        (None, "de", "en-US", "de"),  # then the session
        (None, None, "de-CH", "de"),  # then the browser
        ("xx", None, "de-DE", "de"),  # an unsupported URL value is ignored
        (None, None, "fr-FR", "en"),  # default
        (None, None, None, "en"),
    ],
)
def test_resolve_lang(query: object, session: object, browser: object, expected: str) -> None:
    assert i18n.resolve_lang(query, session, browser) == expected


def test_translator_formats_and_reports_missing_keys() -> None:
    t = i18n.translator("en")
    assert t("glossary.count", shown=2, total=5) == "2 of 5 terms"
    assert i18n.translator("de")("glossary.count", shown=2, total=5) == "2 von 5 Begriffen"
    with pytest.raises(KeyError, match="nosuch"):
        t("nosuch.key")


@pytest.mark.parametrize(
    ("func", "args", "de", "en"),
    [
        (fmt.number, (1234.5, 2), "1.234,50", "1,234.50"),
        (fmt.number, (1234567, 0), "1.234.567", "1,234,567"),
        (fmt.number, (0.5, 0), "0", "0"),  # banker's rounding of Babel: 0.5 -> 0
        (fmt.compact, (12.5,), "12,5", "12.5"),
        (fmt.compact, (12.0,), "12", "12"),
        (fmt.compact, (0.125, 3), "0,125", "0.125"),
        (fmt.percent, (0.256, 1), "25,6\u00a0%", "25.6%"),
        (fmt.percent, (1, 0), "100\u00a0%", "100%"),
    ],
)
def test_number_formats(func: object, args: tuple[float, ...], de: str, en: str) -> None:
    assert callable(func)
    assert func(args[0], "de", *args[1:]) == de
    assert func(args[0], "en", *args[1:]) == en


@pytest.mark.parametrize(
    ("value", "currency", "digits", "de", "en"),
    [
        (1234.567, "USD", 2, "1.234,57\u00a0$", "$1,234.57"),
        (0.000123, "EUR", 6, "0,000123\u00a0€", "€0.000123"),
        (0, "USD", 2, "0,00\u00a0$", "$0.00"),
        (-5, "EUR", 0, "-5\u00a0€", "-€5"),
    ],
)
def test_money(value: float, currency: str, digits: int, de: str, en: str) -> None:
    assert fmt.money(value, "de", currency, digits) == de
    assert fmt.money(value, "en", currency, digits) == en


# ---------------------------------------------------------------------- the fast path is Babel's text
def _babel_values() -> list[float]:
    import random

    rng = random.Random(20261202)
    edge = [0.0, -0.0, -0.001, 0.005, 0.015, 0.025, 0.125, 0.375, 2.675, 999.995, 999.9949, 1000.0,
            12345.5, -12345.5, 1e-7, 5e-324, 1e20]  # fmt: skip
    return (
        edge
        + [rng.uniform(-1e7, 1e7) for _ in range(400)]
        + [round(rng.uniform(0, 1000), rng.randint(0, 4)) for _ in range(400)]
        + [10 ** rng.uniform(-9, 12) for _ in range(400)]
        + [float(rng.randint(-(10**9), 10**9)) for _ in range(200)]
    )


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("digits", [0, 1, 2, 4, 6])
def test_number_and_compact_write_what_babel_writes(lang: i18n.Lang, digits: int) -> None:
    from babel.numbers import format_decimal

    fixed = "#,##0" + ("." + "0" * digits if digits else "")
    trimmed = "#,##0" + ("." + "#" * digits if digits else "")
    locale = i18n.BABEL_LOCALES[lang]
    for value in _babel_values():
        assert fmt.number(value, lang, digits) == format_decimal(value, format=fixed, locale=locale), value
        assert fmt.compact(value, lang, digits) == format_decimal(value, format=trimmed, locale=locale), value


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_values_that_are_not_finite_are_left_to_babel(value: float) -> None:
    from babel.numbers import format_decimal

    assert fmt.number(value, "en", 2) == format_decimal(value, format="#,##0.00", locale="en_US")
