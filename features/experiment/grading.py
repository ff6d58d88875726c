"""Grading one answer of the task: it must be exactly one line of JSON ``{"category": …, "urgency": …}``
with codes from the task's label sets (surrounding white space is allowed, anything else is not)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from features.experiment.task import CATEGORIES, URGENCIES, Example

KEYS = frozenset({"category", "urgency"})


@dataclass(frozen=True)
class Grade:
    """``valid``: the answer has the required format and known codes; ``correct``: valid and both labels
    match. ``category``/``urgency``: what the answer said when it was a JSON object (else None)."""

    valid: bool
    correct: bool
    category: str | None
    urgency: str | None


def parse_answer(answer: str) -> tuple[bool, str | None, str | None]:
    """(valid, category, urgency) of a raw answer."""
    text = answer.strip()
    if not text or "\n" in text:
        return False, None, None
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return False, None, None
    if not isinstance(data, dict):
        return False, None, None
    category = data.get("category")
    urgency = data.get("urgency")
    cat = category if isinstance(category, str) else None
    urg = urgency if isinstance(urgency, str) else None
    valid = set(data) == KEYS and cat in CATEGORIES and urg in URGENCIES
    return valid, cat, urg


def grade(answer: str, expected: Example) -> Grade:
    valid, category, urgency = parse_answer(answer)
    correct = valid and category == expected.category and urgency == expected.urgency
    return Grade(valid=valid, correct=correct, category=category, urgency=urgency)
