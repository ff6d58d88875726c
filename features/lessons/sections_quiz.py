"""A lesson's quiz: one container per question, options in the learner's shuffled order, one retry before the
explanations appear, a pass mark; the lesson counts as completed when the quiz is passed.

The learner's progress (``ui.state.progress()``) is the one record of the quiz: checking an answer writes it
there (in the button's callback, so the page is drawn from the new state), and the widgets are filled from it
whenever it differs from what they last showed — which is how a resumed progress file brings back the chosen
answers, the feedback and the score.
"""

from __future__ import annotations

import secrets

import streamlit as st

from core.content import Quiz, QuizQuestion
from core.i18n import Translator
from core.progress import MAX_CHECKS, Progress, QuizScore
from features.lessons import quiz as quizlib
from ui import boundary, state

SEED_KEY = "lessons_quiz_seed"  # this session's shuffle seed
ROUND_KEY = "lessons_quiz_round"  # {lesson id: how often the quiz was restarted} (a restart reshuffles)
SYNCED_KEY = "lessons_quiz_synced"  # {widget key: the recorded answer the widget was last filled with}
WARN_KEY = "lessons_quiz_warn"  # the question whose check found no answer


def widget_key(lesson_id: str, question_id: str) -> str:
    return f"lessons_quiz_{lesson_id}_{question_id}"


def _seed() -> int:
    value = st.session_state.get(SEED_KEY)
    if not isinstance(value, int):
        value = secrets.randbits(32)
        st.session_state[SEED_KEY] = value
    return value


def _order(lesson_id: str, question: QuizQuestion) -> list[str]:
    rounds: dict[str, int] = st.session_state.setdefault(ROUND_KEY, {})
    return quizlib.shuffled(
        [o.id for o in question.options], _seed(), lesson_id, question.id, str(rounds.get(lesson_id, 0))
    )


def _chosen(question: QuizQuestion, key: str) -> list[str]:
    ss = st.session_state
    if question.kind == "single":
        picked = ss.get(f"{key}_radio")
        return [picked] if isinstance(picked, str) else []
    return [o.id for o in question.options if ss.get(f"{key}_cb_{o.id}")]


def _fill(question: QuizQuestion, key: str, answer: list[str] | None) -> None:
    """Put a recorded answer (or none) into the question's widgets, before they are drawn."""
    ss = st.session_state
    if question.kind == "single":
        ss[f"{key}_radio"] = answer[0] if answer else None
    else:
        for o in question.options:
            ss[f"{key}_cb_{o.id}"] = bool(answer) and o.id in (answer or [])
    synced: dict[str, tuple[str, ...] | None] = ss.setdefault(SYNCED_KEY, {})
    synced[key] = tuple(sorted(answer)) if answer else None


def _drawn(question: QuizQuestion, key: str) -> bool:
    """The question's widgets still hold a value (Streamlit forgets them while another page is shown)."""
    ss = st.session_state
    if question.kind == "single":
        return f"{key}_radio" in ss
    return all(f"{key}_cb_{o.id}" in ss for o in question.options)


def _sync_widgets(lesson_id: str, quiz: Quiz, record: QuizScore | None) -> None:
    synced: dict[str, tuple[str, ...] | None] = st.session_state.setdefault(SYNCED_KEY, {})
    answers = record.answers if record else {}
    for question in quiz.questions:
        key = widget_key(lesson_id, question.id)
        answer = answers.get(question.id)
        wanted = tuple(sorted(answer)) if answer else None
        if synced.get(key) != wanted or (answer and not _drawn(question, key)):
            _fill(question, key, answer)  # a new record (resumed, restarted), or back from another page


def _record(
    progress: Progress, lesson_id: str, quiz: Quiz, answers: dict[str, list[str]], checks: dict[str, int]
) -> Progress:
    qs = quizlib.quiz_state(quiz, answers, checks)
    updated = progress.record_quiz(lesson_id, qs.correct, len(quiz.questions), answers, checks, qs.passed)
    return updated.mark_read(lesson_id) if qs.passed else updated


def _on_check(lesson_id: str, quiz: Quiz, question: QuizQuestion) -> None:
    key = widget_key(lesson_id, question.id)
    chosen = _chosen(question, key)
    if not chosen:
        st.session_state[WARN_KEY] = key
        return
    progress = state.progress()
    record = progress.quiz_scores.get(lesson_id)
    answers = dict(record.answers) if record else {}
    checks = {q.id: record.checks(q.id) for q in quiz.questions if record and q.id in record.answers}
    answers[question.id] = chosen
    checks[question.id] = min(MAX_CHECKS, checks.get(question.id, 0) + 1)
    st.session_state.setdefault(SYNCED_KEY, {})[key] = tuple(sorted(chosen))
    state.set_progress(_record(progress, lesson_id, quiz, answers, checks))


def _on_restart(lesson_id: str) -> None:
    rounds: dict[str, int] = st.session_state.setdefault(ROUND_KEY, {})
    rounds[lesson_id] = rounds.get(lesson_id, 0) + 1
    state.set_progress(state.progress().reset_quiz(lesson_id))


def _choices(t: Translator, lesson_id: str, question: QuizQuestion, key: str, final: bool) -> None:
    labels = {o.id: o.text for o in question.options}
    order = _order(lesson_id, question)
    if question.kind == "single":
        st.radio(
            t("quiz.answer"),
            options=order,
            format_func=lambda oid: labels[oid],
            index=None,
            key=f"{key}_radio",
            label_visibility="collapsed",
            disabled=final,
        )
    else:
        for oid in order:
            st.checkbox(labels[oid], key=f"{key}_cb_{oid}", disabled=final)


def _feedback(t: Translator, lesson_id: str, question: QuizQuestion, result: quizlib.QuestionResult) -> None:
    labels = {o.id: o.text for o in question.options}
    by_id = {fb.option_id: fb for fb in result.feedback}
    if result.is_correct:
        st.success(t("quiz.correct"))
    else:
        st.error(t("quiz.wrong"))
    for oid in _order(lesson_id, question):
        fb = by_id[oid]
        mark = (
            f":green[:material/check_circle: {t('quiz.option_right')}]"
            if fb.correct
            else f":red[:material/cancel: {t('quiz.option_wrong')}]"
        )
        chosen_note = t("quiz.your_choice") if fb.chosen else ""
        st.markdown(f"{mark} **{labels[oid]}** {chosen_note}  \n{fb.explanation}")


def _question(
    t: Translator, lesson_id: str, n: int, quiz: Quiz, question: QuizQuestion, qs: quizlib.QuizState
) -> None:
    key = widget_key(lesson_id, question.id)
    stage = qs.stages[question.id]
    with st.container(border=True):
        st.markdown(f"**{n}. {question.prompt}**")
        st.caption(t("quiz.single_hint") if question.kind == "single" else t("quiz.multiple_hint"))
        _choices(t, lesson_id, question, key, stage == "final")
        if stage != "final":
            st.button(
                t("quiz.check_again") if stage == "retry" else t("quiz.check"),
                key=f"{key}_check",
                on_click=boundary.callback(_on_check),
                args=(lesson_id, quiz, question),
            )
        if st.session_state.get(WARN_KEY) == key:
            st.session_state.pop(WARN_KEY, None)
            st.warning(t("quiz.choose_first"))
        if stage == "retry":
            st.warning(t("quiz.retry"))
        elif stage == "final":
            _feedback(t, lesson_id, question, qs.results[question.id])


def render(t: Translator, lesson_id: str, quiz: Quiz) -> None:
    st.divider()
    st.header(t("quiz.heading"))
    total = len(quiz.questions)
    need = quizlib.pass_mark(total)
    st.caption(t("quiz.pass_rule", need=need, total=total, checks=MAX_CHECKS))
    record = state.progress().quiz_scores.get(lesson_id)
    _sync_widgets(lesson_id, quiz, record)
    answers = record.answers if record else {}
    checks = {q.id: record.checks(q.id) for q in quiz.questions} if record else {}
    qs = quizlib.quiz_state(quiz, answers, checks)
    for n, question in enumerate(quiz.questions, start=1):
        _question(t, lesson_id, n, quiz, question, qs)
    if not qs.results:
        return
    st.metric(t("quiz.score"), f"{qs.correct} / {total}")
    if qs.passed:
        st.success(t("quiz.passed", correct=qs.correct, total=total))
    elif qs.finished:
        st.error(t("quiz.failed", correct=qs.correct, total=total, need=need))
    if qs.finished:
        st.button(
            t("quiz.restart"),
            key=f"lessons_quiz_{lesson_id}_restart",
            on_click=boundary.callback(_on_restart),
            args=(lesson_id,),
        )
