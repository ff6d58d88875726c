"""core.fmt.money builds its text itself (for speed); Babel's format_currency is the oracle."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from babel.numbers import format_currency
from hypothesis import given
from hypothesis import strategies as st

from core import fmt
from core.i18n import BABEL_LOCALES, Lang


def babel_money(value: float, lang: Lang, currency: str, digits: int) -> str:
    pattern_digits = "." + "0" * digits if digits > 0 else ""
    pattern = f"#,##0{pattern_digits}\xa0¤" if lang == "de" else f"¤#,##0{pattern_digits}"
    return str(
        format_currency(value, currency, format=pattern, locale=BABEL_LOCALES[lang], currency_digits=False)
    )


@pytest.mark.parametrize(
    ("value", "lang", "currency", "digits", "expected"),
    [
        (1234.5, "en", "USD", 2, "$1,234.50"),
        (1234.5, "de", "USD", 2, "1.234,50\xa0$"),
        (1234.5, "de", "EUR", 0, "1.234\xa0€"),  # half even, as Babel
        (-1234.5, "en", "EUR", 2, "-€1,234.50"),
        (-1234.5, "de", "EUR", 2, "-1.234,50\xa0€"),
        (0.0, "en", "USD", 2, "$0.00"),
        (-0.001, "en", "USD", 2, "-$0.00"),  # as Babel: the sign of a value that rounds to zero stays
        (2.675, "en", "USD", 2, "$2.68"),  # decimal rounding (half even on the decimal text), as Babel
        (0.000123, "en", "USD", 6, "$0.000123"),
    ],
)
def test_money_examples(value: float, lang: Lang, currency: str, digits: int, expected: str) -> None:
    assert fmt.money(value, lang, currency, digits) == expected
    assert babel_money(value, lang, currency, digits) == expected


def outcome(f: Callable[[], str]) -> str:
    """The text, or the exception's type (Babel cannot quantize some huge values; neither can we)."""
    try:
        return f()
    except ArithmeticError as exc:
        return type(exc).__name__


@given(
    value=st.floats(allow_nan=True, allow_infinity=True) | st.floats(-1e6, 1e6),
    lang=st.sampled_from(["de", "en"]),
    currency=st.sampled_from(["USD", "EUR"]),
    digits=st.integers(0, 6),
)
def test_money_matches_babel(value: float, lang: Lang, currency: str, digits: int) -> None:
    ours = outcome(lambda: fmt.money(value, lang, currency, digits))
    assert ours == outcome(lambda: babel_money(value, lang, currency, digits))
