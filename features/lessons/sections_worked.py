"""A lesson's ``:::worked`` directive; the numbers come from ``worked`` (core prices, costs, training)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from core.content import Segment
from core.i18n import Translator
from features.lessons import worked
from ui import state


def render(t: Translator, segment: Segment, source: Path) -> None:
    spec = worked.parse(segment.name, segment.text, source)
    result = worked.compute(spec, worked.catalogue_quotes(spec))
    with st.container(border=True):
        st.markdown(f"**{t('lessons.worked_title')}**")
        st.markdown(worked.to_markdown(result, t, state.current_lang()))
