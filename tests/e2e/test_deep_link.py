"""A shared link to a page (e.g. /lessons?lang=de&lesson=...) opened as the very first visit after the server
starts — what happens when a workshop shares lesson links and the Community Cloud app has just woken up.

Streamlit treats a folder named pages/ as an old-style multipage app until the process's first st.navigation
call; ui.state.ensure_app_shell() guards against it. Without the guard the page ran bare: no language switch,
no progress, a sidebar listing raw file names."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from core import content, i18n
from tests.e2e.driver import StreamlitPage
from tests.e2e.harness import StreamlitServer

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]


@pytest.fixture
def fresh_server() -> Iterator[StreamlitServer]:
    """A server no session has visited yet."""
    srv = StreamlitServer("app.py")
    try:
        srv.start(timeout=90)
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield srv
    srv.stop()


def test_first_visit_deep_link_gets_the_app_shell(fresh_server: StreamlitServer, browser: Any) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de")
    try:
        sp = StreamlitPage(ctx.new_page(), fresh_server.url, "de")
        course = content.load_course("de")
        t = i18n.translator("de")
        last = course.lesson_ids[-1]
        sp.goto("lessons", lesson=last)
        sp.expect_h1(course.lesson(last).meta.title)
        assert f"lesson={last}" in sp.page.url, "the deep link's lesson is kept"
        nav = sp.page.get_by_test_id("stSidebarNav")
        assert nav.get_by_role("link", name=t("nav.lessons"), exact=True).count() == 1, "localized navigation"
        language = sp.sidebar().get_by_role("combobox", name=t("common.language"), exact=True)
        assert language.count() == 1, "language switch in the sidebar"
        assert nav.get_by_role("link", name="lessons", exact=True).count() == 0, "no raw file names"
        sp.check("deep-link-first-visit-de")
    finally:
        ctx.close()
