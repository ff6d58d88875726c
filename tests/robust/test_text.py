"""core.text: lone surrogates made encodable (and counted), API keys and header values made ASCII-safe."""

from __future__ import annotations

import pytest

from core import text
from core.errors import UserInputError


@pytest.mark.parametrize(
    ("raw", "cleaned", "replaced", "first"),
    [
        ("plain", "plain", 0, -1),
        ("", "", 0, -1),
        ("a\ud800b", "a\ufffdb", 1, 1),
        ("\udfff", "\ufffd", 1, 0),
        ("x\ud83d\ude00", "x\ufffd\ufffd", 2, 1),  # a pair written as two lone halves stays two halves
        ("ok 😀 \u200b", "ok 😀 \u200b", 0, -1),  # real characters are left alone
    ],
)
def test_clean_replaces_and_counts_lone_surrogates(raw: str, cleaned: str, replaced: int, first: int) -> None:
    result = text.clean(raw)
    assert (result.text, result.replaced, result.first) == (cleaned, replaced, first)
    result.text.encode("utf-8")  # never raises
    assert text.scrub(raw) == cleaned


def test_scrub_value_and_first_surrogate_walk_json_values() -> None:
    value = {"messages": [{"role": "user", "content": "hi\ud800"}], "k\udc00": 1}
    assert text.first_surrogate(value) == "\ud800"
    assert text.first_surrogate(text.scrub_value(value)) is None
    assert text.scrub_value(value) == {"messages": [{"role": "user", "content": "hi\ufffd"}], "k\ufffd": 1}
    assert text.first_surrogate({"a": [1, None, "fine"]}) is None


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("sk-abc", "sk-abc"),
        ("\u200bsk-abc\u200b", "sk-abc"),  # zero-width spaces copied from a web page
        (" sk-abc\n", "sk-abc"),
        ("sk-\u00a0abc", "sk-abc"),  # a non-breaking space is whitespace
        ("\ufeffsk-a\u2060bc\u200e", "sk-abc"),
    ],
)
def test_clean_key_removes_invisible_characters(raw: str, key: str) -> None:
    assert text.clean_key(raw) == key


@pytest.mark.parametrize(
    ("raw", "char", "position"),
    [
        ("sk-äbc", "U+00E4 (LATIN SMALL LETTER A WITH DIAERESIS)", 4),
        ("\u200bsk-ab€", "U+20AC (EURO SIGN)", 6),
        ("sk-\ud800", "U+D800", 4),
        ("sk-\x07", "U+0007", 4),
    ],
)
def test_clean_key_refuses_other_characters_naming_them(raw: str, char: str, position: int) -> None:
    with pytest.raises(UserInputError) as info:
        text.clean_key(raw)
    assert info.value.key == "llm.err_key_chars"
    assert info.value.params == {"char": char, "position": position}


def test_header_values_must_be_ascii() -> None:
    assert text.check_header_value("Bearer sk-1") == "Bearer sk-1"
    with pytest.raises(UserInputError) as info:
        text.check_header_value("Bearer sk-ü")
    assert info.value.params["position"] == 11


@pytest.mark.parametrize(("char", "escape"), [("\ud800", "\\ud800"), ("ä", "\\u00e4"), ("😀", "\\U0001f600")])
def test_escape_of(char: str, escape: str) -> None:
    assert text.escape_of(char) == escape
