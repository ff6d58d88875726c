"""Links between pages that keep the language in the URL. Pages are named as in core.registry."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from core import registry
from ui import state


def page_link(
    tool: str, label: str, params: Mapping[str, str] | None = None, icon: str | None = None
) -> None:
    query = {"lang": state.current_lang(), **(params or {})}
    st.page_link(registry.page(tool).file, label=label, icon=icon, query_params=query)
