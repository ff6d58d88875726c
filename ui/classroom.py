"""The class a learner joined, for every page: join and leave (the sidebar and the classroom page), and
the typed calls other features make to record a result for the trainer — ``record_progress`` (quiz answers
and lessons done; called by ``ui.state.set_progress``), ``record_wizard`` (the decision wizard) and
``record_experiment_run`` (the experiment page).

Nothing is recorded unless the learner joined a class (opt-in, with a nickname); then only option ids,
lesson ids, approach names and scores go to the database (``core.db``) — never a key, a prompt or a file.
The membership (class code, nickname, the random token that writes the learner's rows) lives in this
session only. A database that cannot be reached never breaks a page: the result is not recorded and the
server log says so.
"""

from __future__ import annotations

import logging

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from core import content
from core.db import classes
from core.db.classes import Membership
from core.errors import UserInputError
from core.i18n import Translator
from core.progress import Progress
from ui import db as uidb
from ui import messages

log = logging.getLogger(__name__)
MEMBER = "classroom__membership"
_WIZARD_SEEN = "classroom__wizard_recorded"


def membership() -> Membership | None:
    value = st.session_state.get(MEMBER)
    return value if isinstance(value, Membership) else None


def join(code: str, nickname: str) -> Membership:
    """Join a class; raises ``UserInputError`` (bad or unknown code, nickname taken)."""
    try:
        joined = classes.join(uidb.engine(), code, nickname)
    except SQLAlchemyError:
        raise UserInputError("classroom.err_db_unavailable") from None
    st.session_state[MEMBER] = joined
    st.session_state.pop(_WIZARD_SEEN, None)
    return joined


def leave() -> None:
    """Leave the class: the learner's rows are deleted, the session forgets the membership."""
    member = membership()
    if member is None:
        return
    try:
        classes.leave(uidb.engine(), member.token)
    except SQLAlchemyError:
        raise UserInputError("classroom.err_db_unavailable") from None
    st.session_state.pop(MEMBER, None)
    st.session_state.pop(_WIZARD_SEEN, None)


def _recorded(ok: bool) -> bool:
    """After a write: a False means the member is gone (left elsewhere, class deleted): forget it."""
    if not ok:
        st.session_state.pop(MEMBER, None)
    return ok


def record_progress(old: Progress | None, new: Progress, course: content.Course) -> None:
    """Record the quiz answers and lessons done that changed from ``old`` to ``new``."""
    member = membership()
    if member is None:
        return
    before = old or Progress()
    try:
        engine = uidb.engine()
        for lesson_id, score in new.quiz_scores.items():
            quiz = course.quizzes.get(lesson_id)
            if quiz is None:
                continue
            earlier = before.quiz_scores.get(lesson_id)
            for question in quiz.questions:
                chosen = score.answers.get(question.id)
                if chosen is None or (earlier is not None and earlier.answers.get(question.id) == chosen):
                    continue
                right = [o.id for o in question.options if o.correct]
                if not _recorded(
                    classes.record_quiz_answer(
                        engine,
                        member.token,
                        lesson_id=lesson_id,
                        question_id=question.id,
                        chosen=chosen,
                        right=right,
                    )
                ):
                    return
        for lesson_id in new.lessons_read:
            if lesson_id not in before.lessons_read and not _recorded(
                classes.record_lesson_done(engine, member.token, lesson_id)
            ):
                return
    except (SQLAlchemyError, UserInputError, ValueError) as exc:
        log.warning("class results not recorded: %s", type(exc).__name__)


def record_wizard(recommendation: str, runner_up: str | None) -> None:
    """Record the decision wizard's recommendation (once per change)."""
    member = membership()
    if member is None or st.session_state.get(_WIZARD_SEEN) == (recommendation, runner_up):
        return
    try:
        if _recorded(classes.record_wizard(uidb.engine(), member.token, recommendation, runner_up)):
            st.session_state[_WIZARD_SEEN] = (recommendation, runner_up)
    except (SQLAlchemyError, UserInputError, ValueError) as exc:
        log.warning("wizard result not recorded: %s", type(exc).__name__)


def record_experiment_run(
    *, variant: str, model: str, accuracy: float, examples: int, valid_rate: float | None = None
) -> bool:
    """Record one evaluated experiment variant for the class leaderboard: its name, the model's name and
    the figures (accuracy and valid-format rate in [0, 1], evaluation examples). No inputs, prompts or
    answers. Returns False and stores nothing when the learner has not joined a class."""
    member = membership()
    if member is None:
        return False
    try:
        return _recorded(
            classes.record_experiment(
                uidb.engine(),
                member.token,
                variant=variant,
                model=model,
                accuracy=accuracy,
                examples=examples,
                valid_rate=valid_rate,
            )
        )
    except (SQLAlchemyError, UserInputError) as exc:
        log.warning("experiment run not recorded: %s", type(exc).__name__)
        return False


# ------------------------------------------------------------------------------------------------ widgets
def join_form(t: Translator, prefix: str) -> None:
    """Join by code and nickname, or (joined) the class and a button that leaves it and deletes the
    learner's data. ``prefix`` is the widget-key prefix of the page or sidebar that shows it."""
    member = membership()
    if member is not None:
        st.caption(t("classroom.joined_as", code=member.code, nickname=member.nickname))
        if st.button(t("classroom.leave"), key=f"{prefix}leave", icon=":material/logout:"):
            try:
                leave()
            except UserInputError as exc:
                messages.show_error(exc)
            else:
                st.success(t("classroom.left"))
        return
    st.text_input(t("classroom.code"), key=f"{prefix}code", max_chars=12, help=t("classroom.code_help"))
    st.text_input(
        t("classroom.nickname"), key=f"{prefix}nickname", max_chars=40, help=t("classroom.nickname_help")
    )
    if st.button(t("classroom.join"), key=f"{prefix}join", icon=":material/login:"):
        try:
            joined = join(
                str(st.session_state.get(f"{prefix}code", "")),
                str(st.session_state.get(f"{prefix}nickname", "")),
            )
        except UserInputError as exc:
            messages.show_error(exc)
        else:
            st.success(t("classroom.joined", code=joined.code, nickname=joined.nickname))
