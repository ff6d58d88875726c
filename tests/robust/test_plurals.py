"""German and English plural forms through ICU message syntax and Babel's plural rules (core.i18n.plural)."""

from __future__ import annotations

import re

import pytest

from core import i18n
from core.i18n import Lang, translator

MSG = "{n, plural, =0 {keine Zeile} one {# Zeile} other {# Zeilen}} in {f}"


@pytest.mark.parametrize(
    ("lang", "n", "expected"),
    [
        ("de", 0, "keine Zeile in {f}"),
        ("de", 1, "{n} Zeile in {f}"),
        ("de", 2, "{n} Zeilen in {f}"),
        ("de", "1.234", "{n} Zeilen in {f}"),  # already formatted by the page
        ("en", "1\\,234", "{n} Zeilen in {f}"),  # formatted and escaped for Markdown
        ("de", "1,5", "{n} Zeilen in {f}"),
        ("en", 1.0, "{n} Zeile in {f}"),
        ("en", None, "{n} Zeilen in {f}"),  # not a number: the "other" form
    ],
)
def test_plural_picks_the_form(lang: Lang, n: object, expected: str) -> None:
    assert i18n.plural(MSG, lang, {"n": n}) == expected


def test_placeholders_see_into_plural_blocks() -> None:
    assert i18n.placeholders("{n, plural, one {# von {limit}} other {#}} {x:>3}") == {"n", "limit", "x"}


@pytest.mark.parametrize(
    ("lang", "key", "params", "expected"),
    [
        ("de", "datalab.status_ok", {"n": 1}, "Das eine Beispiel besteht jede Prüfung."),
        ("de", "datalab.status_ok", {"n": 12}, "Alle 12 Beispiele bestehen jede Prüfung."),
        ("de", "datalab.history_found", {"n": 1}, "Der Playground-Verlauf enthält 1 Gespräch,"),
        ("de", "datalab.history_found", {"n": 3}, "Der Playground-Verlauf enthält 3 Gespräche,"),
        ("en", "datalab.status_errors", {"errors": 1, "lines": 1}, "1 error in 1 line."),
        ("en", "datalab.status_errors", {"errors": 2, "lines": 3}, "2 errors in 3 lines."),
        ("de", "wizard.incomplete", {"count": 1, "missing": "A"}, "1 Frage ist noch offen: A."),
    ],
)
def test_course_strings_use_real_plurals(
    lang: Lang, key: str, params: dict[str, object], expected: str
) -> None:
    text = translator(lang)(key, **params)
    assert text.startswith(expected)
    assert not SUFFIX.search(text)


SUFFIX = re.compile(r"\w\((e|n|en|s)\)")  # "Zeile(n)", "example(s)"; not "(s)" for seconds after a space


def test_no_interface_string_uses_bracketed_plural_suffixes() -> None:
    for lang in i18n.LANGS:
        bad = {k: v for k, v in i18n.load_ui_strings(lang).items() if SUFFIX.search(v)}
        assert bad == {}, (lang, bad)
