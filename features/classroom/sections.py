"""The classroom page's parts: a learner joins (``ui.classroom.join_form``); a trainer creates a class
(code and secret shown once), opens its view with the secret, watches it live, exports and deletes it."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from core import fmt
from core.db import classes, results
from core.db.classes import NewClass
from core.errors import UserInputError
from core.i18n import Translator
from features.classroom import view
from ui import boundary, classroom, db, messages, state

CREATED = "class__created"  # NewClass: shown until the trainer says it is saved
TRAINER = "class__trainer"  # (class id, code) this session opened with the secret
LIVE_S = 5


def learner(t: Translator) -> None:
    st.header(t("classroom.learner_heading"))
    st.caption(t("classroom.stored"))
    classroom.join_form(t, "class_")


def create(t: Translator) -> None:
    st.header(t("classroom.trainer_heading"))
    if st.button(t("classroom.create"), key="class_create", icon=":material/add:"):
        try:
            made = classes.create_class(db.engine())
            class_id = classes.trainer_class_id(db.engine(), made.code, made.secret)
        except (UserInputError, SQLAlchemyError) as exc:
            messages.show_error(exc if isinstance(exc, UserInputError) else _unavailable())
            return
        st.session_state[CREATED] = made
        st.session_state[TRAINER] = (class_id, made.code)
    new = st.session_state.get(CREATED)
    if isinstance(new, NewClass):
        st.success(t("classroom.created"))
        c1, c2 = st.columns(2)
        with c1:
            st.caption(t("classroom.created_code"))
            st.code(new.code, language=None)
        with c2:
            st.caption(t("classroom.created_secret"))
            st.code(new.secret, language=None)
        st.button(
            t("classroom.dismiss"),
            key="class_dismiss",
            on_click=boundary.callback(st.session_state.pop),
            args=(CREATED, None),
        )


def _unavailable() -> UserInputError:
    return UserInputError("classroom.err_db_unavailable")


def open_view(t: Translator) -> tuple[int, str] | None:
    """The class this session opened with its trainer secret, or the form to open one."""
    opened = st.session_state.get(TRAINER)
    if isinstance(opened, tuple):
        return opened
    st.subheader(t("classroom.open_heading"))
    c1, c2 = st.columns(2)
    with c1:
        st.text_input(t("classroom.trainer_code"), key="class_t_code", max_chars=12)
    with c2:
        st.text_input(t("classroom.trainer_secret"), key="class_t_secret", type="password")
    if st.button(t("classroom.open"), key="class_t_open", icon=":material/visibility:"):
        code = str(st.session_state.get("class_t_code", ""))
        try:
            class_id = classes.trainer_class_id(
                db.engine(), code, str(st.session_state.get("class_t_secret", ""))
            )
        except UserInputError as exc:
            messages.show_error(exc)
            return None
        except SQLAlchemyError:
            messages.show_error(_unavailable())
            return None
        st.session_state[TRAINER] = (class_id, classes.normalise_code(code))
        return st.session_state[TRAINER]  # type: ignore[no-any-return]
    return None


def close_view() -> None:
    st.session_state.pop(TRAINER, None)
    st.session_state.pop(CREATED, None)


@st.fragment(run_every=LIVE_S)
def trainer_view(t: Translator, class_id: int, code: str) -> None:
    """The live view: reruns on its own every few seconds while the page is open."""
    try:
        res = results.load(db.engine(), class_id)
    except SQLAlchemyError:
        messages.show_error(_unavailable())
        return
    except UserInputError as exc:
        messages.show_error(exc)
        return
    st.header(t("classroom.view_heading", code=code))
    st.caption(t("classroom.live_note", seconds=LIVE_S))
    m1, m2, m3 = st.columns(3)
    m1.metric(t("classroom.members"), fmt.number(len(res.members), t.lang))
    m2.metric(t("classroom.answers"), fmt.number(len(res.answers), t.lang))
    m3.metric(t("classroom.lessons_done"), fmt.number(len(res.lessons_done), t.lang))
    if not res.members:
        st.info(t("classroom.no_members", code=code))
    st.subheader(t("classroom.quiz_heading"))
    rows = view.question_rows(results.question_stats(res.answers), state.course(), t)
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch")
    else:
        st.caption(t("classroom.quiz_empty"))
    st.subheader(t("classroom.wizard_heading"))
    wizard = view.wizard_rows(res.wizard, t)
    if wizard:
        st.dataframe(wizard, hide_index=True, width="stretch")
    else:
        st.caption(t("classroom.wizard_empty"))
    st.subheader(t("classroom.board_heading"))
    board = view.board_rows(res.runs, t)
    if board:
        st.dataframe(board, hide_index=True, width="stretch")
    else:
        st.caption(t("classroom.board_empty"))
    st.download_button(
        t("classroom.export"),
        data=results.to_csv(res),
        file_name=f"class-{code}.csv",
        mime="text/csv",
        key="class_export",
        icon=":material/download:",
    )


def manage(t: Translator, class_id: int, code: str) -> None:
    """Close the view, or delete the class (needs a confirmation; this session proved the secret)."""
    st.button(t("classroom.close"), key="class_close", on_click=boundary.callback(close_view))
    with st.expander(t("classroom.delete_heading")):
        sure = st.checkbox(t("classroom.delete_confirm"), key="class_delete_sure")
        if st.button(t("classroom.delete"), key="class_delete", disabled=not sure, type="primary"):
            try:
                classes.delete_class_by_id(db.engine(), class_id)
            except SQLAlchemyError:
                messages.show_error(_unavailable())
                return
            close_view()
            st.success(t("classroom.deleted"))
