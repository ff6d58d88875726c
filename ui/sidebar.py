"""The sidebar every page shares: language switch, the learner's progress (download / upload) and the class
they joined (``ui.classroom``)."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from core import i18n
from core import progress as prog
from core.errors import UserInputError
from ui import boundary, classroom, messages, state


def _on_lang_change() -> None:
    choice = st.session_state.get("sidebar_lang_select")
    lang = i18n.parse_lang(choice)
    if lang is not None:
        state.set_lang(lang)


def render_language() -> None:
    """The language switch; rendered before the page so the page already uses the new language."""
    t = state.tr()
    lang = state.current_lang()
    st.session_state["sidebar_lang_select"] = lang
    with st.sidebar:
        st.selectbox(
            t("common.language"),
            options=list(i18n.LANGS),
            format_func=lambda code: i18n.LANG_NAMES[code],
            key="sidebar_lang_select",
            on_change=boundary.callback(_on_lang_change),
        )


def render_progress(slot: DeltaGenerator) -> None:
    """Progress and save/resume; rendered after the page so it includes what the page just recorded."""
    t = state.tr()
    course = state.course()
    p = state.progress()
    with slot:
        read_share = p.share_read(course.lesson_ids)
        correct, total = p.quiz_totals()
        read = t(
            "progress.lessons_read",
            read=len(set(p.lessons_read) & set(course.lesson_ids)),
            total=len(course.lessons),
        )
        quiz = t("progress.quiz_total", correct=correct, total=total)
        # heading, lessons and quiz answers in the bar's own text: one element on every rerun of every page
        # instead of three
        st.progress(read_share, text=f"**{t('progress.heading')}**  \n{read}  \n{quiz}")
        box = st.expander(t("progress.save_resume"), key="sidebar_exp_save", on_change="rerun")
        with box:
            # downloads and uploader only while the box is open: they cost on every rerun of every page
            if box.open:
                # Deferred data (a callable, called when the button is pressed): nothing is serialized on a
                # rerun.
                titles = [(x.id, x.meta.title) for x in course.lessons]
                st.download_button(
                    t("progress.download_json"),
                    data=lambda: prog.to_json(p),
                    file_name="progress.json",
                    mime="application/json",
                    key="sidebar_dl_json",
                )
                st.download_button(
                    t("progress.download_md"),
                    data=lambda: prog.to_markdown(p, titles, t),
                    file_name="progress.md",
                    mime="text/markdown",
                    key="sidebar_dl_md",
                )
                upload = st.file_uploader(t("progress.upload"), type=["json"], key="sidebar_upload")
                if upload is not None:
                    marker = (upload.name, upload.size, getattr(upload, "file_id", ""))
                    if st.session_state.get("sidebar_upload_done") != marker:
                        try:
                            loaded = prog.from_json(upload.getvalue(), course.lesson_ids)
                        except UserInputError as exc:
                            messages.show_error(exc)
                        else:
                            state.set_progress(loaded)
                            st.session_state["sidebar_upload_done"] = marker
                            st.session_state["sidebar_upload_msg"] = True
                            st.rerun()
                if st.session_state.pop("sidebar_upload_msg", False):
                    st.success(t("progress.upload_ok"))
        member = classroom.membership()
        if member is not None:
            st.caption(t("classroom.joined_as", code=member.code, nickname=member.nickname))
        # drawn only while open, like "save / resume": three widgets less on every rerun of every page
        box = st.expander(t("classroom.sidebar_heading"), key="sidebar_exp_class", on_change="rerun")
        with box:
            if box.open:
                classroom.join_form(t, "sidebar_class_")
