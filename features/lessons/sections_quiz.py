"""A lesson's quiz: one container per question, checked one at a time, with feedback for every option."""

from __future__ import annotations

import streamlit as st

from core.content import Quiz, QuizQuestion
from core.i18n import Translator
from features.lessons import quiz as quizlib
from ui import state

ANSWERS_KEY = "lessons_quiz_answers"  # {lesson id: {question id: chosen option ids}}


def widget_key(lesson_id: str, question_id: str) -> str:
    return f"lessons_quiz_{lesson_id}_{question_id}"


def _choices(t: Translator, question: QuizQuestion, key: str) -> list[str]:
    labels = {o.id: o.text for o in question.options}
    if question.kind == "single":
        picked = st.radio(
            t("quiz.answer"),
            options=[o.id for o in question.options],
            format_func=lambda oid: labels[oid],
            index=None,
            key=f"{key}_radio",
            label_visibility="collapsed",
        )
        return [picked] if picked else []
    return [o.id for o in question.options if st.checkbox(o.text, key=f"{key}_cb_{o.id}")]


def _feedback(t: Translator, question: QuizQuestion, result: quizlib.QuestionResult) -> None:
    labels = {o.id: o.text for o in question.options}
    if result.is_correct:
        st.success(t("quiz.correct"))
    else:
        st.error(t("quiz.wrong"))
    for fb in result.feedback:
        mark = (
            f":green[:material/check_circle: {t('quiz.option_right')}]"
            if fb.correct
            else f":red[:material/cancel: {t('quiz.option_wrong')}]"
        )
        chosen_note = t("quiz.your_choice") if fb.chosen else ""
        st.markdown(f"{mark} **{labels[fb.option_id]}** {chosen_note}  \n{fb.explanation}")


def _question(
    t: Translator, lesson_id: str, n: int, question: QuizQuestion, answers: dict[str, list[str]]
) -> quizlib.QuestionResult | None:
    key = widget_key(lesson_id, question.id)
    with st.container(border=True):
        st.markdown(f"**{n}. {question.prompt}**")
        st.caption(t("quiz.single_hint") if question.kind == "single" else t("quiz.multiple_hint"))
        chosen = _choices(t, question, key)
        if st.button(t("quiz.check"), key=f"{key}_check"):
            if not chosen:
                st.warning(t("quiz.choose_first"))
            else:
                answers[question.id] = chosen
        if question.id not in answers:
            return None
        result = quizlib.grade(question, answers[question.id])
        _feedback(t, question, result)
        return result


def render(t: Translator, lesson_id: str, quiz: Quiz) -> None:
    st.divider()
    st.header(t("quiz.heading"))
    answers: dict[str, list[str]] = st.session_state.setdefault(ANSWERS_KEY, {}).setdefault(lesson_id, {})
    results = [
        r
        for n, question in enumerate(quiz.questions, start=1)
        if (r := _question(t, lesson_id, n, question, answers)) is not None
    ]
    if not answers:
        return
    correct, _ = quizlib.score(results)
    st.metric(t("quiz.score"), f"{correct} / {len(quiz.questions)}")
    progress = state.progress()
    updated = progress.record_quiz(lesson_id, correct, len(quiz.questions), dict(answers))
    if len(answers) == len(quiz.questions):
        updated = updated.mark_read(lesson_id)
    if updated != progress:
        state.set_progress(updated)
