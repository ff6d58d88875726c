"""The main controls are reachable with the Tab key, and the glossary search works without a mouse."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from core.content import search_glossary
from tests.e2e.steps import Walk

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

MAX_TABS = 120  # bounded: the pages have far fewer focus stops before the controls we look for

_DESCRIBE_FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const labelled = el.getAttribute('aria-label')
    || (el.labels && el.labels.length ? el.labels[0].innerText : '')
    || el.innerText || '';
  return {
    tag: el.tagName, role: el.getAttribute('role') || el.type || '',
    label: labelled.trim().slice(0, 120),
    sidebar: !!el.closest('[data-testid="stSidebar"]'),
    main: !!el.closest('[data-testid="stMain"]'),
  };
}"""


def _tab_until(walk: Walk, wanted: dict[str, Callable[[dict[str, object]], bool]]) -> dict[str, int]:
    """Press Tab from a freshly loaded page (nothing focused yet); return after how many presses each wanted
    control had focus."""
    page = walk.sp.page
    assert page.evaluate(_DESCRIBE_FOCUS) is None, "call right after goto(), with nothing focused"
    found: dict[str, int] = {}
    for n in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        focus = page.evaluate(_DESCRIBE_FOCUS)
        if focus is None:
            continue
        for name, matches in wanted.items():
            if name not in found and matches(focus):
                found[name] = n
        if len(found) == len(wanted):
            break
    return found


@pytest.mark.parametrize("lang", ["de", "en"])
def test_main_controls_reachable_by_tab(walk_for: Callable[[str], Walk], lang: str) -> None:
    walk = walk_for(lang)
    t = walk.t
    walk.sp.goto("lessons")
    question = walk.course.quizzes[walk.course.lesson_ids[0]].questions[0]
    wanted: dict[str, Callable[[dict[str, object]], bool]] = {
        "sidebar navigation": lambda f: bool(f["sidebar"]) and f["tag"] == "A",
        "language select": lambda f: bool(f["sidebar"]) and f["label"] == t("common.language"),
        "lesson select": lambda f: bool(f["main"]) and f["label"] == t("lessons.choose"),
        "quiz answer": lambda f: (
            bool(f["main"]) and f["role"] == "radio" and f["label"] in {o.text for o in question.options}
        ),
        "quiz check button": lambda f: (
            bool(f["main"]) and f["tag"] == "BUTTON" and f["label"] == t("quiz.check")
        ),
    }
    found = _tab_until(walk, wanted)
    missing = sorted(set(wanted) - set(found))
    assert not missing, f"not reachable with Tab within {MAX_TABS} presses: {missing} (reached {found})"
    walk.check("keyboard-lessons")


def test_glossary_search_by_keyboard_only(walk_for: Callable[[str], Walk]) -> None:
    walk = walk_for("en")
    sp, t = walk.sp, walk.t
    sp.goto("glossary")
    label = t("glossary.search")
    found = _tab_until(walk, {"search": lambda f: bool(f["main"]) and f["label"] == label})
    assert "search" in found, "glossary search field not reachable with Tab"
    term = walk.course.glossary[-1].term
    sp.page.keyboard.type(term)
    with sp.expect_run():
        sp.page.keyboard.press("Enter")
    hits = search_glossary(walk.course.glossary, term)
    total = len(walk.course.glossary)
    sp.expect_text(t("glossary.count", shown=len(hits), total=total))
    walk.check("keyboard-glossary")
