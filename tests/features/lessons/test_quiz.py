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


# ------------------------------------------------------------------ shuffling, retry stages, pass mark


@pytest.mark.parametrize(("total", "need"), [(1, 1), (3, 2), (4, 3), (5, 4), (6, 4), (8, 6), (9, 6)])
def test_pass_mark_is_two_thirds_rounded_up(total: int, need: int) -> None:
    assert quiz.pass_mark(total) == need


def test_pass_mark_needs_a_question() -> None:
    with pytest.raises(ValueError):
        quiz.pass_mark(0)


@pytest.mark.parametrize(
    ("checks", "is_correct", "stage"),
    [
        (0, None, "open"),
        (1, True, "final"),
        (1, False, "retry"),
        (2, False, "final"),
        (2, True, "final"),
        (5, False, "final"),
    ],
)
def test_stage(checks: int, is_correct: bool | None, stage: str) -> None:
    assert quiz.stage(checks, is_correct) == stage


def test_shuffle_is_a_permutation_fixed_by_seed_and_question() -> None:
    ids = ["a", "b", "c", "d"]
    one = quiz.shuffled(ids, 42, "lesson", "q1")
    assert sorted(one) == ids
    assert quiz.shuffled(ids, 42, "lesson", "q1") == one  # same seed, same question: same order
    orders = {tuple(quiz.shuffled(ids, seed, "lesson", "q1")) for seed in range(40)}
    assert len(orders) > 10  # seeds spread over the 24 orders
    per_question = {tuple(quiz.shuffled(ids, 42, "lesson", f"q{i}")) for i in range(40)}
    assert len(per_question) > 10  # and questions within one session differ


def test_quiz_state_counts_retries_and_passing() -> None:
    course = content.load_course("en")
    bank = course.quizzes["dilemma"]
    right = {q.id: [o.id for o in q.options if o.correct] for q in bank.questions}
    wrong = {q.id: [next(o.id for o in q.options if not o.correct)] for q in bank.questions}
    ids = [q.id for q in bank.questions]
    state = quiz.quiz_state(bank, {}, {})
    assert state.correct == 0 and not state.finished and not state.passed
    state = quiz.quiz_state(bank, {ids[0]: wrong[ids[0]]}, {ids[0]: 1})
    assert state.stages[ids[0]] == "retry" and not state.finished
    answers = {i: right[i] for i in ids[:3]} | {ids[3]: wrong[ids[3]]}
    state = quiz.quiz_state(bank, answers, dict.fromkeys(ids, 2))
    assert state.finished and state.correct == 3 and state.need == 3 and state.passed
    answers = {i: right[i] for i in ids[:2]} | {i: wrong[i] for i in ids[2:]}
    state = quiz.quiz_state(bank, answers, dict.fromkeys(ids, 2))
    assert state.finished and not state.passed
    stale = quiz.quiz_state(bank, {ids[0]: ["zz"]}, {ids[0]: 1})  # an option the quiz no longer has
    assert stale.stages[ids[0]] == "open" and not stale.results
