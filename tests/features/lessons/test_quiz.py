"""Grading quiz answers (features/lessons/quiz.py)."""

from __future__ import annotations

import pytest

from core import content
from features.lessons import quiz


@pytest.fixture(scope="module")
def question() -> content.QuizQuestion:
    q = content.load_course("en").quizzes["dilemma"].questions
    return next(x for x in q if x.kind == "multiple")


def test_grade_multiple_choice(question: content.QuizQuestion) -> None:
    right = [o.id for o in question.options if o.correct]
    wrong = [o.id for o in question.options if not o.correct]
    assert quiz.grade(question, right).is_correct
    assert not quiz.grade(question, right[:-1]).is_correct or len(right) == 1
    assert not quiz.grade(question, right + wrong[:1]).is_correct
    result = quiz.grade(question, wrong[:1])
    assert not result.is_correct
    assert len(result.feedback) == len(question.options)
    assert all(fb.explanation for fb in result.feedback)
    assert sum(fb.chosen for fb in result.feedback) == 1
    with pytest.raises(ValueError):
        quiz.grade(question, ["nonexistent"])


def test_score() -> None:
    q = content.load_course("en").quizzes["dilemma"].questions
    results = [quiz.grade(x, [next(o.id for o in x.options if o.correct)]) for x in q if x.kind == "single"]
    assert quiz.score(results) == (len(results), len(results))
