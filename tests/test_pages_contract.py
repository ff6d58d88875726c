"""One contract over every registered page (core.registry), in both languages: it renders without an
exception, has a title, is in the navigation under its title and address, runs inside the app shell, and
every widget it draws has an explicit key that starts with the page's prefix (unique keys across pages)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block, Node, Widget

from core import i18n, registry
from tests.apptest import ROOT, open_page


def _widgets(node: Node) -> Iterator[Widget]:
    if isinstance(node, Widget):
        yield node
    if isinstance(node, Block):
        for child in node.children.values():
            yield from _widgets(child)


def _navigation(at: AppTest) -> dict[str, dict[str, str]]:
    """Script path (relative to the project) -> the page's entry in ``st.navigation``."""
    pages = at._registered_pages.values()  # AppTest keeps what st.navigation registered
    return {str(Path(str(info["script_path"])).relative_to(ROOT)): dict(info) for info in pages}


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("spec", registry.PAGES, ids=lambda s: s.name)
def test_page_contract(spec: registry.PageSpec, lang: str) -> None:
    at = open_page(spec.file, lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, "every page has a title"
    assert at.query_params["lang"] in ([lang], lang)

    keys = [(type(w).__name__, w.key) for w in _widgets(at.main)]
    unprefixed = [k for k in keys if not (k[1] or "").startswith(spec.key_prefix)]
    assert not unprefixed, f"widgets without a key starting with {spec.key_prefix!r}: {unprefixed}"

    nav = _navigation(at)
    assert spec.file in nav, f"{spec.file} is not in the navigation"
    assert nav[spec.file]["page_name"] == i18n.translator(lang)(spec.title_key)
    assert nav[spec.file]["url_pathname"] == spec.url_path
    assert nav[spec.file]["icon"] == spec.icon


def test_navigation_lists_exactly_the_registry() -> None:
    at = open_page(registry.page(registry.DEFAULT_PAGE).file, "en")
    assert set(_navigation(at)) == {spec.file for spec in registry.PAGES}


@pytest.mark.parametrize("spec", registry.PAGES, ids=lambda s: s.name)
def test_page_runs_inside_the_app_shell(spec: registry.PageSpec) -> None:
    """A deep link still shows the shared sidebar (Streamlit's old pages/ mode must not take over)."""
    at = open_page(spec.file, "de")
    assert at.sidebar.selectbox(key="sidebar_lang_select").value == "de"
    assert at.sidebar.get("progress"), "the progress panel is drawn after the page"
