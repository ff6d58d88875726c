"""Fixtures for the browser tests: one Streamlit server and one Chromium per test session."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from core import content, i18n
from tests.e2e.driver import StreamlitPage
from tests.e2e.harness import CHROMIUM_MISSING, StreamlitServer, launch_chromium
from tests.e2e.steps import Walk


@pytest.fixture(scope="session")
def server() -> Iterator[StreamlitServer]:
    """``streamlit run app.py`` on a free 127.0.0.1 port, healthy before the first test, then stopped."""
    srv = StreamlitServer("app.py")
    try:
        srv.start(timeout=90)
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium via Playwright. Missing Chromium is a failure with the install command."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        try:
            chromium = launch_chromium(playwright)
        except RuntimeError:
            pytest.fail(CHROMIUM_MISSING, pytrace=False)
        yield chromium
        chromium.close()


@pytest.fixture
def open_tab(server: StreamlitServer, browser: Any) -> Iterator[Callable[[str], StreamlitPage]]:
    """Factory: a fresh browser context (a new learner) for a language; closed after the test."""
    contexts: list[Any] = []

    def _open(lang: str) -> StreamlitPage:
        ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale=lang)
        contexts.append(ctx)
        return StreamlitPage(ctx.new_page(), server.url, lang)

    yield _open
    for ctx in contexts:
        ctx.close()


@pytest.fixture
def walk_for(
    open_tab: Callable[[str], StreamlitPage], request: pytest.FixtureRequest
) -> Callable[[str], Walk]:
    """Factory: a ``Walk`` (tab + translator + course) for a language; screenshots named after the test."""

    def _walk(lang: str) -> Walk:
        code = i18n.parse_lang(lang)
        assert code is not None, lang
        test = request.node.originalname or request.node.name
        return Walk(open_tab(lang), i18n.translator(code), content.load_course(code), test)

    return _walk
