"""Class and trainer: learners join a class; trainers create one and watch its results live."""

from __future__ import annotations

import streamlit as st

from features.classroom import sections
from ui import state


def render() -> None:
    t = state.tr()
    st.title(t("classroom.title"))
    st.markdown(t("classroom.intro"))
    sections.learner(t)
    st.divider()
    sections.create(t)
    opened = sections.open_view(t)
    if opened is not None:
        class_id, code = opened
        sections.trainer_view(t, class_id, code)
        sections.manage(t, class_id, code)
