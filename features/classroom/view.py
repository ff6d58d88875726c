"""The trainer view's tables, built from a class's results (pure; ``core.db.results`` aggregates)."""

from __future__ import annotations

from core import content, fmt
from core.db import results
from core.i18n import Translator

APPROACHES = ("prompt", "rag", "peft", "finetune", "hybrid")
QUESTION_CHARS = 90


def _short(text: str, limit: int = QUESTION_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def question_rows(
    stats: tuple[results.QuestionStat, ...], course: content.Course, t: Translator
) -> list[dict[str, str]]:
    """One row per answered question, in course order: lesson, question, answers, share right, top wrong."""
    order = {lesson_id: n for n, lesson_id in enumerate(course.lesson_ids)}
    rows: list[tuple[tuple[int, int], dict[str, str]]] = []
    for s in stats:
        quiz = course.quizzes.get(s.lesson_id)
        questions = list(quiz.questions) if quiz else []
        index = next((n for n, q in enumerate(questions) if q.id == s.question_id), len(questions))
        question = questions[index] if index < len(questions) else None
        options = {o.id: o.text for o in question.options} if question else {}
        try:
            lesson = course.lesson(s.lesson_id).meta.title
        except KeyError:
            lesson = s.lesson_id
        wrong = (
            t(
                "classroom.top_wrong",
                option=_short(options.get(s.top_wrong, s.top_wrong), 60),
                count=s.top_wrong_count,
            )
            if s.top_wrong
            else t("classroom.none_wrong")
        )
        rows.append(
            (
                (order.get(s.lesson_id, len(order)), index),
                {
                    t("classroom.col_lesson"): lesson,
                    t("classroom.col_question"): _short(question.prompt) if question else s.question_id,
                    t("classroom.col_answered"): fmt.number(s.answered, t.lang),
                    t("classroom.col_right"): fmt.percent(s.share_right, t.lang),
                    t("classroom.col_top_wrong"): wrong,
                },
            )
        )
    return [row for _, row in sorted(rows, key=lambda r: r[0])]


def approach_name(t: Translator, approach: str) -> str:
    return t(f"classroom.approach_{approach}") if approach in APPROACHES else approach


def wizard_rows(rows: tuple[results.WizardRow, ...], t: Translator) -> list[dict[str, str]]:
    return [
        {
            t("classroom.col_approach"): approach_name(t, name),
            t("classroom.col_learners"): fmt.number(n, t.lang),
            t("classroom.col_share"): fmt.percent(share, t.lang),
        }
        for name, n, share in results.wizard_distribution(rows)
    ]


def board_rows(runs: tuple[results.RunRow, ...], t: Translator) -> list[dict[str, str]]:
    return [
        {
            "#": fmt.number(place, t.lang),
            t("classroom.col_nickname"): run.nickname,
            t("classroom.col_variant"): run.variant,
            t("classroom.col_model"): run.model,
            t("classroom.col_accuracy"): fmt.percent(run.accuracy, t.lang, 1),
            t("classroom.col_examples"): fmt.number(run.examples, t.lang),
        }
        for place, run in enumerate(results.leaderboard(runs), start=1)
    ]
