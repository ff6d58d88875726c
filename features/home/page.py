"""Home: the path learn -> try -> decide, the tools, and how to use the app alone or in a workshop."""

from __future__ import annotations

import streamlit as st

from core import progress
from core.i18n import Translator
from ui import state
from ui.links import page_link

STEPS = (  # page, heading, text, the card's link, icon
    ("lessons", "home.step_learn", "home.step_learn_text", "home.open_lessons", ":material/school:"),
    ("playground", "home.step_try", "home.step_try_text", "home.open_playground", ":material/science:"),
    ("wizard", "home.step_decide", "home.step_decide_text", "home.open_wizard", ":material/alt_route:"),
)
TOOLS = (
    ("tokens", "home.tool_tokens"),
    ("simulator", "home.tool_simulator"),
    ("datalab", "home.tool_datalab"),
    ("glossary", "home.tool_glossary"),
)


def _intro(t: Translator) -> None:
    st.title(t("home.title"))
    st.markdown(t("home.intro"))


def _first_step(t: Translator) -> None:
    """One clear next step: start lesson 1, continue with the first unread lesson, or go and decide."""
    course = state.course()
    step = progress.next_lesson(state.progress(), course.lesson_ids)
    with st.container(border=True):
        if step is None:
            st.markdown(t("home.all_read", count=len(course.lesson_ids)))
            page_link("wizard", t("home.open_wizard"), icon=":material/alt_route:")
            return
        number, lesson_id, started = step
        title = course.lesson(lesson_id).meta.title
        label = t("home.continue_lesson" if started else "home.start_lesson", n=number, title=title)
        page_link("lessons", label, {"lesson": lesson_id}, icon=":material/play_circle:")


def _path(t: Translator) -> None:
    for col, (tool, head, text, link, icon) in zip(st.columns(len(STEPS)), STEPS, strict=True):
        with col.container(border=True):
            st.subheader(t(head))
            st.markdown(t(text))
            page_link(tool, t(link), icon=icon)


def _tools(t: Translator) -> None:
    st.subheader(t("home.tools_heading"))
    for tool, key in TOOLS:
        page_link(tool, t(key))


def _use(t: Translator) -> None:
    left, right = st.columns(2)
    with left:
        st.subheader(t("home.self_study_heading"))
        st.markdown(t("home.self_study"))
    with right:
        st.subheader(t("home.workshop_heading"))
        st.markdown(t("home.workshop"))
    st.caption(t("home.source_note", title=t("common.article_title"), url=t("common.article_url")))


def render() -> None:
    t = state.tr()
    _intro(t)
    _first_step(t)
    _path(t)
    _tools(t)
    _use(t)
