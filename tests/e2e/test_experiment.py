"""The experiment page in a real browser: a quick evaluation with the built-in model (one example per
variant, to keep it short), the grid, charts and reading, and the hand-off to the simulator with the
measured numbers in its URL."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import Walk

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_experiment_quick_run_and_handoff(walk_for: Callable[[str], Walk], lang: str) -> None:
    walk = walk_for(lang)
    sp, t = walk.sp, walk.t
    sp.goto("")
    sp.nav_click(t("nav.experiment"))
    walk.assert_lang_in_url()
    sp.expect_h1(t("experiment.title"))
    sp.expect_text(t("experiment.grid_empty"))
    walk.check("experiment-empty")

    size = sp.main().get_by_label(t("experiment.quick_size_label"), exact=True).first
    size.fill("1")
    with sp.expect_run():
        size.press("Enter")
    sp.click_button(t("experiment.run_button"), timeout_ms=600_000)
    sp.expect_text(t("experiment.grid_title"))
    grid = sp.main().get_by_test_id("stDataFrame").first
    expect(grid).to_be_visible()
    expect(sp.main().get_by_test_id("stPlotlyChart")).to_have_count(2)
    sp.expect_text(t("experiment.reading_title"))
    walk.check("experiment-results")

    link = sp.main().get_by_role("link", name=t("experiment.handoff_link"), exact=True)
    expect(link).to_have_count(1)
    with sp.expect_run():
        link.click()
    sp.expect_h1(t("simulator.title"))
    url = sp.page.url
    for param in ("instr=", "inp=", "out=", "shots=0", "ovh="):
        assert param in url, f"{param} missing in {url}"
    walk.assert_lang_in_url()
    expect(sp.main().get_by_text(t("simulator.bad_intro"))).to_have_count(0)
    walk.check("experiment-simulator")
