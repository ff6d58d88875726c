"""features.tokens.figures: every number the token explorer shows, per language, Markdown-safe."""

from __future__ import annotations

import pytest

from core import prices
from core.i18n import Lang
from features.tokens import figures


def _price(
    cached: float | None = None, fine_tuned: bool = False, source: str = prices.SOURCE_GENAI
) -> prices.ModelPrice:
    return prices.ModelPrice(
        model="gpt-x",
        provider="openai",
        input_per_mtok=0.15,
        output_per_mtok=0.6,
        cached_input_per_mtok=cached,
        source=source,
        as_of="2026-01-01",
        fine_tuned=fine_tuned,
    )


@pytest.mark.parametrize(
    ("n", "lang", "estimate", "text"),
    [
        (0, "en", False, "0"),
        (1234, "en", False, "1,234"),
        (1234, "de", False, "1.234"),
        (7, "en", True, "≈ 7"),
    ],
)
def test_count(n: int, lang: Lang, estimate: bool, text: str) -> None:
    assert figures.count(n, lang, estimate) == text


@pytest.mark.parametrize(
    ("chars", "n", "lang", "text"),
    [
        (10, 4, "en", "2.5"),
        (10, 4, "de", "2,5"),
        (10, 3, "en", "3.33"),
        (12, 3, "en", "4"),
        (5, 0, "en", "–"),
    ],
)
def test_per_token(chars: int, n: int, lang: Lang, text: str) -> None:
    assert figures.per_token(chars, n, lang) == text


@pytest.mark.parametrize(
    ("n", "per_mtok", "lang", "estimate", "text"),
    [
        (7, 1000.0, "en", False, "\\$0.0070"),  # 7 tokens at $1,000 per million
        (7, 2000.0, "en", False, "\\$0.014"),
        (7, 1000.0, "de", False, "0,0070\xa0\\$"),
        (7, 0.15, "en", True, "≈ \\$0.0000011"),  # fractions of a cent keep two significant digits
        (2_000_000, 2.5, "en", False, "\\$5.00"),
        (0, 2.5, "de", False, "0,00\xa0\\$"),
    ],
)
def test_cost(n: int, per_mtok: float, lang: Lang, estimate: bool, text: str) -> None:
    assert figures.cost(n, per_mtok, lang, estimate) == text


@pytest.mark.parametrize(
    ("price", "lang", "key", "params"),
    [
        (_price(), "en", "prices.price_line", {"model": "gpt-x", "input": "\\$0.15", "output": "\\$0.60"}),
        (
            _price(cached=0.075, fine_tuned=True),
            "de",
            "prices.price_line_cached",
            {
                "model": "gpt-x (ft)",
                "input": "0,15\xa0\\$",
                "output": "0,60\xa0\\$",
                "cached": "0,075\xa0\\$",
            },
        ),
    ],
)
def test_price_line(price: prices.ModelPrice, lang: Lang, key: str, params: dict[str, str]) -> None:
    assert figures.price_line(price, "ft", lang) == (key, params)


@pytest.mark.parametrize(
    ("source", "key"),
    [
        (prices.SOURCE_GENAI, "prices.source_genai"),
        (prices.SOURCE_TABLE, "prices.source_table"),
        (prices.SOURCE_GENAI_AND_TABLE, "prices.source_mixed"),
        (prices.SOURCE_OVERRIDE, "prices.source_override"),
    ],
)
def test_source_key(source: str, key: str) -> None:
    assert figures.source_key(_price(source=source)) == key
    assert set(figures.SOURCE_KEYS) == set(prices.SOURCES)


@pytest.mark.parametrize(
    ("system", "user", "name", "assistant", "messages"),
    [
        ("s", "u", "", "", [{"role": "system", "content": "s"}, {"role": "user", "content": "u"}]),
        ("", "", "  bob ", "", [
            {"role": "system", "content": ""},
            {"role": "user", "content": "", "name": "bob"},
        ]),
        ("s", "u", "   ", "a", [
            {"role": "system", "content": "s"},
            {"role": "user", "content": "u"},
            {"role": "assistant", "content": "a"},
        ]),
    ],
)  # fmt: skip
def test_chat_messages(
    system: str, user: str, name: str, assistant: str, messages: list[dict[str, str]]
) -> None:
    assert figures.chat_messages(system, user, name, assistant) == messages


@pytest.mark.parametrize(
    ("message", "n"),
    [
        ({"role": "system", "content": ""}, 4),  # 3 per message + 1 for the role
        ({"role": "user", "content": "2 + 2 = 4"}, 4),  # content is not framing
        ({"role": "user", "content": "hi", "name": "bob"}, 5),  # +1 per name
    ],
)
def test_framing(message: dict[str, str], n: int) -> None:
    assert figures.framing(message, "gpt-4o-mini") == n


@pytest.mark.parametrize(
    ("de", "en", "lang", "key", "params"),
    [
        (125, 100, "en", "tokens.compare_more", {"share": "25%", "de": "125", "en": "100"}),
        (1250, 1000, "de", "tokens.compare_more", {"share": "25\xa0%", "de": "1.250", "en": "1.000"}),
        (90, 100, "en", "tokens.compare_fewer", {"share": "10%", "de": "90", "en": "100"}),
        (100, 100, "en", "tokens.compare_equal", {"de": "100", "en": "100"}),
        (5, 0, "en", "tokens.compare_equal", {"de": "5", "en": "0"}),  # no reference: nothing to compare
    ],
)
def test_comparison(de: int, en: int, lang: Lang, key: str, params: dict[str, str]) -> None:
    assert figures.comparison("o200k_base", de, en, lang) == (key, {"encoding": "o200k_base", **params})


@pytest.mark.parametrize(
    ("ordered", "others", "ids"),
    [
        (["a", "b", "c"], [{"a", "b", "c"}, ["c", "b", "a"]], ["a", "b", "c"]),
        (["c", "a"], [{"a", "b", "c"}], ["c", "a"]),
        (["a", "b"], [{"a"}, {"a", "b"}], ["a"]),
        (["a"], [set()], []),
    ],
)
def test_common_ids(ordered: list[str], others: list[set[str] | list[str]], ids: list[str]) -> None:
    assert figures.common_ids(ordered, *others) == ids
