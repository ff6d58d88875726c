"""A new learner walks through the app in a real browser, in German and in English.

Each page contributes one step (tests/e2e/steps.py); every step ends by checking the page for Streamlit
exception elements, browser console errors, page errors and dialogs, and saves a screenshot to
artifacts/screenshots/.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.e2e.steps import STEPS, Walk

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(1500)]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_walkthrough(walk_for: Callable[[str], Walk], lang: str) -> None:
    walk = walk_for(lang)
    done: list[str] = []
    for step in STEPS:
        try:
            step.run(walk)
        except AssertionError as exc:
            raise AssertionError(f"step {step.name!r} failed after {done}: {exc}") from exc
        done.append(step.name)
    assert done == [s.name for s in STEPS]
