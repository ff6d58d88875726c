"""Every page renders in both languages without an exception."""

from __future__ import annotations

import pytest

from tests.apptest import PAGES, open_page


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_page_renders_without_exception(page: str, lang: str) -> None:
    at = open_page(page, lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, "every page has a title"
    assert at.query_params["lang"] == [lang] or at.query_params["lang"] == lang


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_inside_the_app_shell(page: str) -> None:
    """A deep link still shows the shared sidebar (Streamlit's old pages/ mode must not take over)."""
    at = open_page(page, "de")
    assert at.sidebar.selectbox(key="sidebar_lang_select").value == "de"
    assert at.sidebar.get("progress"), "the progress panel is drawn after the page"
