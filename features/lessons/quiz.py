"""Grading quiz answers, with feedback for every option."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from core.content import QuizQuestion


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
