"""The answers in the URL: round trip, bad values reported without raising, the share link."""

from __future__ import annotations

import re

import pytest

from core import i18n
from features.wizard import codec
from tests.features.wizard.scenarios import EN, SCENARIO_IDS, SCENARIOS, WIZ, T

# ------------------------------------------------------------------------------------------------ URL


@pytest.mark.parametrize(("name", "given_answers", "expected"), SCENARIOS, ids=SCENARIO_IDS)
def test_url_round_trip(name: str, given_answers: dict[str, str], expected: set[str]) -> None:
    encoded = codec.encode(EN, given_answers)
    assert re.fullmatch(r"[a-z_]+:[a-z_]+(,[a-z_]+:[a-z_]+)*", encoded)
    assert encoded.startswith("speed:") and encoded.count(",") == len(EN.questions) - 1
    assert codec.decode(EN, encoded) == codec.Decoded(given_answers, ())
    assert codec.decode(WIZ["de"], encoded) == codec.Decoded(given_answers, ())


def test_encode_keeps_question_order_and_drops_invalid_answers() -> None:
    assert codec.encode(EN, {"knowledge": "none", "speed": "days", "volume": "lots", "x": "y"}) == (
        "speed:days,knowledge:none"
    )
    assert codec.encode(EN, {}) == ""


@pytest.mark.parametrize(
    ("text", "kept", "problems"),
    [
        ("", {}, []),
        ("speed:days", {"speed": "days"}, []),
        (" Speed : DAYS ,, change:weekly ,", {"speed": "days", "change": "weekly"}, []),
        ("speed", {}, [("wizard.url_malformed", {"value": "speed"})]),
        ("speed:", {}, [("wizard.url_malformed", {"value": "speed?"})]),
        (":days", {}, [("wizard.url_malformed", {"value": "?days"})]),
        ("speed:fast,change:weekly", {"change": "weekly"},
         [("wizard.url_unknown_answer", {"question": "Time to first results", "value": "fast"})]),
        ("colour:blue,speed:days", {"speed": "days"}, [("wizard.url_unknown_question", {"value": "colour"})]),
        ("speed:days,speed:weeks", {"speed": "days"},
         [("wizard.url_duplicate", {"question": "Time to first results"})]),
        ("speed:days,speed:days", {"speed": "days"}, []),
        ("<script>:x", {}, [("wizard.url_unknown_question", {"value": "?script?"})]),
        ("speed:days," + "x" * 2000, {}, [("wizard.url_too_long", {"limit": codec.MAX_QUERY_CHARS})]),
        ("a:" + "b" * 100, {}, [("wizard.url_unknown_question", {"value": "a"})]),
        ("volume:" + "z" * 100, {},
         [("wizard.url_unknown_answer", {"question": "Volume", "value": "z" * 40 + "…"})]),
    ],
)  # fmt: skip
def test_decode_reports_bad_values_without_raising(
    text: str, kept: dict[str, str], problems: list[tuple[str, dict[str, object]]]
) -> None:
    decoded = codec.decode(EN, text)
    assert decoded.answers == kept
    assert [(p.key, dict(p.params)) for p in decoded.problems] == problems
    for p in decoded.problems:
        for lang in i18n.LANGS:
            message = T[lang](p.key, **p.params)
            assert "<" not in message and "{" not in message


@pytest.mark.parametrize(
    ("base", "lang", "encoded", "url"),
    [
        (None, "en", "speed:days", "wizard?lang=en&a=speed:days"),
        ("", "de", "", "wizard?lang=de&a="),
        ("http://localhost:8501", "de", "speed:days,change:weekly",
         "http://localhost:8501/wizard?lang=de&a=speed:days,change:weekly"),
        ("https://x.streamlit.app/", "en", "speed:days", "https://x.streamlit.app/wizard?lang=en&a=speed:days"),
        ("http://127.0.0.1:8765/wizard", "en", "speed:days", "http://127.0.0.1:8765/wizard?lang=en&a=speed:days"),
        ("https://h.org/app/wizard/", "de", "x:y", "https://h.org/app/wizard?lang=de&a=x:y"),
        # the browser reports this address, so a faked one must not end up as a link in the HTML export
        ("javascript:alert(1)//", "en", "x:y", "wizard?lang=en&a=x:y"),
        ('https://h.org/"><script>alert(1)</script>', "en", "x:y", "wizard?lang=en&a=x:y"),
        ("https://h.org/?next=evil", "en", "x:y", "wizard?lang=en&a=x:y"),
        ("data:text/html,hi", "en", "x:y", "wizard?lang=en&a=x:y"),
    ],
)  # fmt: skip
def test_share_url(base: str | None, lang: i18n.Lang, encoded: str, url: str) -> None:
    assert codec.share_url(base, lang, encoded) == url
