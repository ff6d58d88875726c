"""Grading quiz answers with feedback for every option; the learner's option order; retry and pass mark."""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from core.content import Quiz, QuizQuestion
from core.progress import MAX_CHECKS


@dataclass(frozen=True)
class OptionFeedback:
    option_id: str
    chosen: bool
    correct: bool
    explanation: str

    @property
    def right_call(self) -> bool:
        """The learner treated this option correctly (chose a right one or left a wrong one)."""
        return self.chosen == self.correct


@dataclass(frozen=True)
class QuestionResult:
    question_id: str
    is_correct: bool
    feedback: tuple[OptionFeedback, ...]


def grade(question: QuizQuestion, chosen: Iterable[str]) -> QuestionResult:
    """All-or-nothing: correct when the chosen set equals the set of correct options."""
    chosen_set = set(chosen)
    unknown = chosen_set - {o.id for o in question.options}
    if unknown:
        raise ValueError(f"unknown option(s) {sorted(unknown)} for question {question.id}")
    feedback = tuple(
        OptionFeedback(o.id, o.id in chosen_set, o.correct, o.explanation) for o in question.options
    )
    correct_set = {o.id for o in question.options if o.correct}
    return QuestionResult(question.id, chosen_set == correct_set, feedback)


def score(results: Iterable[QuestionResult]) -> tuple[int, int]:
    """(correct, total)."""
    items = list(results)
    return sum(r.is_correct for r in items), len(items)


# ------------------------------------------------------------------------------- shuffling and passing

PASS_SHARE = 2 / 3  # a quiz is passed with at least two thirds of its questions right


def shuffled(option_ids: Sequence[str], seed: int, *salt: str) -> list[str]:
    """The options in a learner's order: fixed by the session's ``seed`` and the question (``salt``), so the
    order stays the same on every rerun of a session and differs between sessions."""
    order = list(option_ids)
    random.Random(f"{seed}:{':'.join(salt)}").shuffle(order)
    return order


def pass_mark(total: int) -> int:
    """Questions needed to pass a quiz of ``total`` questions."""
    if total < 1:
        raise ValueError("a quiz has at least one question")
    return math.ceil(total * PASS_SHARE - 1e-9)


Stage = Literal["open", "retry", "final"]


def stage(checks: int, is_correct: bool | None, max_checks: int = MAX_CHECKS) -> Stage:
    """Where a question stands: not checked yet, wrong with a retry left (explanations hidden), or final."""
    if checks <= 0 or is_correct is None:
        return "open"
    if is_correct or checks >= max_checks:
        return "final"
    return "retry"


@dataclass(frozen=True)
class QuizState:
    """A quiz's standing from its recorded answers and checks."""

    stages: dict[str, Stage]
    results: dict[str, QuestionResult]
    need: int

    @property
    def correct(self) -> int:
        return sum(r.is_correct for r in self.results.values())

    @property
    def finished(self) -> bool:
        return all(s == "final" for s in self.stages.values())

    @property
    def passed(self) -> bool:
        return self.finished and self.correct >= self.need


def quiz_state(quiz: Quiz, answers: Mapping[str, Sequence[str]], checks: Mapping[str, int]) -> QuizState:
    """Grade every checked question; answers naming options a quiz no longer has are ignored."""
    results: dict[str, QuestionResult] = {}
    stages: dict[str, Stage] = {}
    for question in quiz.questions:
        chosen = answers.get(question.id)
        valid = {o.id for o in question.options}
        if chosen and set(chosen) <= valid:
            results[question.id] = grade(question, chosen)
            stages[question.id] = stage(checks.get(question.id, 0), results[question.id].is_correct)
        else:
            stages[question.id] = "open"
    return QuizState(stages, results, pass_mark(len(quiz.questions)))
