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
    """The hits grouped by the lesson they appear in (groups in the order of their best hit): one box, one
    Markdown element and one link per lesson keeps a rerun cheap (a page link costs as much as a chart)."""
    titles = {lesson.id: lesson.meta.title for lesson in course.lessons}
    groups: dict[str, list[GlossaryTerm]] = {}
    for term in hits:
        groups.setdefault(term.lesson, []).append(term)
    for lesson_id, terms in groups.items():
        with st.container(border=True):
            st.markdown("\n\n".join(_term_text(t, term) for term in terms))
            page_link("lessons", t("glossary.in_lesson", lesson=titles[lesson_id]), {"lesson": lesson_id})


def _term_text(t: Translator, term: GlossaryTerm) -> str:
    beyond = f"  \n_{t('glossary.beyond')}_" if term.beyond_article else ""
    return f"**{term.term}**{beyond}  \n{term.definition}"


def render() -> None:
    t = state.tr()
    course = state.course()
    _terms(t, course, _search(t, course))
