"""Links between pages that keep the language in the URL."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from ui import state

TOOL_PAGES: Mapping[str, str] = {
    "playground": "pages/playground.py",
    "simulator": "pages/simulator.py",
    "wizard": "pages/wizard.py",
    "tokens": "pages/tokens.py",
    "datalab": "pages/datalab.py",
    "glossary": "pages/glossary.py",
    "lessons": "pages/lessons.py",
    "home": "pages/home.py",
}


def page_link(
    tool: str, label: str, params: Mapping[str, str] | None = None, icon: str | None = None
) -> None:
    query = {"lang": state.current_lang(), **(params or {})}
    st.page_link(TOOL_PAGES[tool], label=label, icon=icon, query_params=query)
