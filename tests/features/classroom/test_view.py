"""The trainer view's rows (pure), in both languages."""

from __future__ import annotations

import pytest

from core import content, i18n
from core.db import results
from features.classroom import view

COURSE = {lang: content.load_course(lang) for lang in i18n.LANGS}


def _q(
    lesson: str, question: str, answered: int, right: int, wrong: str | None, n: int
) -> results.QuestionStat:
    return results.QuestionStat(lesson, question, answered, right, wrong, n)


@pytest.mark.parametrize(
    ("lang", "right_col", "share", "answered"),
    [("en", "Right", "25%", "4"), ("de", "Richtig", "25\u00a0%", "4")],
)
def test_question_rows_follow_the_course_and_name_options(
    lang: str, right_col: str, share: str, answered: str
) -> None:
    course = COURSE[lang]  # type: ignore[index]
    quiz = course.quizzes["dilemma"]
    q1, q2 = quiz.questions[0], quiz.questions[1]
    wrong = next(o for o in q2.options if not o.correct)
    stats = (_q("dilemma", q2.id, 4, 1, wrong.id, 3), _q("dilemma", q1.id, 2, 2, None, 0))
    t = i18n.translator(lang)  # type: ignore[arg-type]
    rows = view.question_rows(stats, course, t)
    assert [r[t("classroom.col_question")][:20] for r in rows] == [
        q1.prompt[:20],
        q2.prompt[:20],
    ]  # course order
    assert rows[1][right_col] == share and rows[1][t("classroom.col_answered")] == answered
    assert rows[1][t("classroom.col_top_wrong")].endswith("(3×)")
    assert rows[0][t("classroom.col_top_wrong")] == "—"


@pytest.mark.parametrize(("lang", "name"), [("en", "Full fine-tuning"), ("de", "Vollständiges Fine-Tuning")])
def test_wizard_rows(lang: str, name: str) -> None:
    t = i18n.translator(lang)  # type: ignore[arg-type]
    rows = view.wizard_rows(
        (results.WizardRow("a", "finetune", None), results.WizardRow("b", "finetune", None),
         results.WizardRow("c", "prompt", "rag")), t
    )  # fmt: skip
    assert [r[t("classroom.col_approach")] for r in rows] == [name, t("classroom.approach_prompt")]
    assert rows[0][t("classroom.col_learners")] == "2"


@pytest.mark.parametrize(("lang", "accuracy"), [("en", "87.5%"), ("de", "87,5\u00a0%")])
def test_board_rows(lang: str, accuracy: str) -> None:
    t = i18n.translator(lang)  # type: ignore[arg-type]
    runs = (
        results.RunRow("Ana", "fewshot", "m", 0.5, 120, None),
        results.RunRow("Ben", "finetuned", "m", 0.875, 120, 1.0),
    )
    rows = view.board_rows(runs, t)
    assert [(r["#"], r[t("classroom.col_nickname")]) for r in rows] == [("1", "Ben"), ("2", "Ana")]
    assert rows[0][t("classroom.col_accuracy")] == accuracy
