"""Glossary: every term with its definition and the lesson it appears in; searchable."""

from __future__ import annotations

import streamlit as st

from core.content import Course, GlossaryTerm, search_glossary
from core.i18n import Translator
from ui import state
from ui.links import page_link


def _search(t: Translator, course: Course) -> list[GlossaryTerm]:
    st.title(t("glossary.title"))
    query = st.text_input(t("glossary.search"), key="glossary_query", placeholder=t("glossary.placeholder"))
    hits = search_glossary(course.glossary, query)
    st.caption(t("glossary.count", shown=len(hits), total=len(course.glossary)))
    if not hits:
        st.info(t("glossary.no_hits"))
    return hits


def _terms(t: Translator, course: Course, hits: list[GlossaryTerm]) -> None:
    titles = {lesson.id: lesson.meta.title for lesson in course.lessons}
    for term in hits:
        with st.container(border=True):
            beyond = f"  \n_{t('glossary.beyond')}_" if term.beyond_article else ""
            st.markdown(f"**{term.term}**{beyond}")
            st.markdown(term.definition)
            page_link("lessons", t("glossary.in_lesson", lesson=titles[term.lesson]), {"lesson": term.lesson})


def render() -> None:
    t = state.tr()
    course = state.course()
    _terms(t, course, _search(t, course))
