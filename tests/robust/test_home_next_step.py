"""Home's first step: start lesson 1, continue with the first unread lesson, or go and decide."""

from __future__ import annotations

import pytest

from core import progress
from core.i18n import LANGS, Lang, translator
from core.progress import Progress
from tests.apptest import open_page
from ui import state

IDS = ["a", "b", "c"]


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        ([], (1, "a", False)),
        (["a"], (2, "b", True)),
        (["b"], (1, "a", True)),  # the first unread one, in course order
        (["a", "b"], (3, "c", True)),
        (["c", "a", "b"], None),
        (["zzz"], (1, "a", False)),  # a lesson of another course does not count
    ],
)
def test_next_lesson(read: list[str], expected: tuple[int, str, bool] | None) -> None:
    assert progress.next_lesson(Progress(lessons_read=read), IDS) == expected


def _labels(at: object) -> list[tuple[str, str]]:
    return [(p.proto.label, p.proto.query_string) for p in at.get("page_link")]  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", LANGS)
def test_home_offers_start_then_continue(lang: Lang) -> None:
    tr = translator(lang)
    course = state._course(lang)
    first, second = course.lesson_ids[:2]
    at = open_page("pages/home.py", lang)
    start = tr("home.start_lesson", n=1, title=course.lesson(first).meta.title)
    assert any(label == start and f"lesson={first}" in query for label, query in _labels(at))
    at.session_state[state.PROGRESS_KEY] = Progress(lessons_read=[first])
    at.run()
    cont = tr("home.continue_lesson", n=2, title=course.lesson(second).meta.title)
    assert any(label == cont and f"lesson={second}" in query for label, query in _labels(at))
    headings = {tr("home.step_learn"), tr("home.step_try"), tr("home.step_decide")}
    assert not headings & {label for label, _ in _labels(at)}, "card links no longer repeat their headings"
