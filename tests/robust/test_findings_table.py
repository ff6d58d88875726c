"""The data lab's findings: a table that wraps (never cuts a message), severity told apart by a sign as well
as a word, the line number and the start of the offending line."""

from __future__ import annotations

import json

import pytest

from core.i18n import LANGS, Lang, translator
from features.datalab import view
from features.datalab.checks import Finding
from tests.apptest import open_page


@pytest.mark.parametrize(
    ("data", "wanted", "expected"),
    [
        (b"a\nb\r\nc", [1, 2, 3], {1: "a", 2: "b", 3: "c"}),
        (b"\xef\xbb\xbfx\n\xffy\n", [1, 2], {1: "x", 2: "\ufffdy"}),
        (b"a\nb", [5], {}),
        (b"a\nb", [], {}),
    ],
)
def test_lines_at(data: bytes, wanted: list[int], expected: dict[int, str]) -> None:
    assert view.lines_at(data, wanted) == expected


@pytest.mark.parametrize(("line", "shown"), [("short", "short"), ("x" * 200, "x" * 159 + "…")])
def test_excerpt(line: str, shown: str) -> None:
    assert view.excerpt(line) == shown


def test_a_finding_that_carries_its_line_shows_it() -> None:
    t = translator("en")
    rows = view.finding_rows(t, "en", [Finding("error", 2, "", "datalab.f_blank_line", {}, "own")], {2: "x"})
    assert rows[0][t("datalab.col_content")] == "own"
    rows = view.finding_rows(t, "en", [Finding("error", 2, "", "datalab.f_blank_line")], {2: "from file"})
    assert rows[0][t("datalab.col_content")] == "from file"


@pytest.mark.parametrize("lang", LANGS)
def test_findings_show_severity_line_and_content_in_a_table(lang: Lang) -> None:
    tr = translator(lang)
    bad = '{"messages": ['
    long_line = json.dumps({"messages": [{"role": "robot", "content": "y" * 400}]})
    text = "\n".join([bad, long_line])
    at = open_page("pages/datalab.py", lang)
    at.radio(key="dl_source").set_value("paste").run()
    at.text_area(key="dl_paste").input(text).run()
    at.button(key="dl_paste_check").click().run()
    assert not at.exception
    frame = next(x.value for x in at.table if tr("datalab.col_content") in x.value.columns)
    rows = frame.to_dict("records")
    first = rows[0]
    assert first[tr("datalab.col_line")] == 1 and first[tr("datalab.col_content")] == bad
    assert first[tr("datalab.col_severity")] == tr("datalab.sev_error")
    assert tr("datalab.sev_error") != tr("datalab.sev_warning") and tr("datalab.sev_error")[0] == "⛔"
    line2 = [r for r in rows if r[tr("datalab.col_line")] == 2]
    # each finding shows what it is about: the offending field's excerpt where it has one, else the line
    assert line2 and all(r[tr("datalab.col_content")] for r in line2)
    role = next(r for r in line2 if r[tr("datalab.col_field")] == "messages[0].role")
    assert "robot" in role[tr("datalab.col_content")]
    assert all(len(r[tr("datalab.col_content")]) <= len(view.excerpt(long_line)) for r in line2)
