"""A shared link to a page (e.g. /lessons?lang=de&lesson=...) opened as the very first visit after the server
starts — what happens when a workshop shares lesson links and the Community Cloud app has just woken up."""

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
    """A server no session has visited yet (the session-wide one is warmed up on its default page)."""
    srv = StreamlitServer("app.py")
    try:
        srv.start(timeout=90)
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield srv
    srv.stop()


@pytest.mark.xfail(
    strict=True,
    reason=(
        "known bug, reported: app pages live in a folder named pages/, so Streamlit's old pages-directory "
        "mode is active in a fresh server process until app.py's st.navigation has run once; a first "
        "visit to a deep link runs pages/<page>.py without app.py (no language switch, no progress, "
        "sidebar lists raw file names). Renaming the folder (e.g. to app_pages/) fixes it; then remove "
        "this marker."
    ),
)
def test_first_visit_deep_link_gets_the_app_shell(fresh_server: StreamlitServer, browser: Any) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de")
    try:
        sp = StreamlitPage(ctx.new_page(), fresh_server.url, "de")
        course = content.load_course("de")
        t = i18n.translator("de")
        sp.goto("lessons", lesson=course.lesson_ids[-1])
        sp.expect_h1(course.lesson(course.lesson_ids[-1]).meta.title)
        nav = sp.page.get_by_test_id("stSidebarNav")
        assert nav.get_by_role("link", name=t("nav.lessons"), exact=True).count() == 1, "localized navigation"
        language = sp.sidebar().get_by_role("combobox", name=t("common.language"), exact=True)
        assert language.count() == 1, "language switch in the sidebar"
        sp.check("deep-link-first-visit-de")
    finally:
        ctx.close()
