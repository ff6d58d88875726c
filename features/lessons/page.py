"""Lessons: one part of the article per lesson, then its quiz, then links to the neighbours."""

from __future__ import annotations

import streamlit as st

from core.content import Course, Lesson
from core.i18n import Translator
from features.lessons import sections_quiz, sections_worked
from ui import boundary, messages, state
from ui.links import page_link

SELECT_KEY = "lessons_select"


def _choose(t: Translator, course: Course) -> str:
    """The lesson picker; ``?lesson=`` opens a lesson and follows the choice."""
    ids = course.lesson_ids
    requested = st.query_params.get("lesson")
    if requested is not None and requested not in ids:
        messages.show("lessons.unknown", {"lesson": requested}, level="warning")
        requested = None
    if requested is not None:
        st.session_state[SELECT_KEY] = requested
    elif st.session_state.get(SELECT_KEY) not in ids:
        st.session_state[SELECT_KEY] = ids[0]

    def on_select() -> None:
        st.query_params["lesson"] = st.session_state[SELECT_KEY]

    lesson_id: str = st.selectbox(
        t("lessons.choose"),
        options=ids,
        format_func=lambda i: f"{course.lesson(i).meta.order}. {course.lesson(i).meta.title}",
        key=SELECT_KEY,
        on_change=boundary.callback(on_select),
    )
    st.query_params["lesson"] = lesson_id
    return lesson_id


def _body(t: Translator, lesson: Lesson) -> None:
    done = lesson.id in state.progress().lessons_read
    meta = lesson.meta
    st.title(meta.title)
    section = meta.article_section
    if meta.article_section_original:
        section = t("lessons.section_original", section=section, original=meta.article_section_original)
    st.caption(
        t("lessons.meta", minutes=meta.minutes, section=section)
        + ("  ·  ✓ " + t("lessons.read_badge") if done else "")
    )
    st.caption(t("lessons.source", title=t("common.article_title"), url=t("common.article_url")))
    if meta.beyond_article:
        st.info(t("lessons.beyond_lesson"), icon=":material/add_circle:")
    for segment in lesson.segments:
        if segment.kind == "worked":
            sections_worked.render(t, segment, lesson.source)
        elif segment.kind == "beyond":
            st.info(f"**{t('lessons.beyond')}**\n\n{segment.text}", icon=":material/add_circle:")
        elif segment.kind == "example":
            with st.container(border=True):
                st.markdown(segment.text)
        else:
            st.markdown(segment.text)


def _try_it(t: Translator, lesson: Lesson) -> None:
    if lesson.meta.try_it:
        st.subheader(t("lessons.try_it"))
        for link in lesson.meta.try_it:
            page_link(link.tool, link.label, link.params, icon=":material/arrow_forward:")


def _neighbours(course: Course, lesson: Lesson) -> None:
    ids = course.lesson_ids
    pos = ids.index(lesson.id)
    prev_col, next_col = st.columns(2)
    if pos > 0:
        with prev_col:
            page_link("lessons", "← " + course.lessons[pos - 1].meta.title, {"lesson": ids[pos - 1]})
    if pos + 1 < len(ids):
        with next_col:
            page_link("lessons", course.lessons[pos + 1].meta.title + " →", {"lesson": ids[pos + 1]})


def render() -> None:
    t = state.tr()
    course = state.course()
    lesson = course.lesson(_choose(t, course))
    _body(t, lesson)
    _try_it(t, lesson)
    sections_quiz.render(t, lesson.id, course.quizzes[lesson.id])
    _neighbours(course, lesson)
