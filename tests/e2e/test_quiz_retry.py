"""Browser: a quiz answered wrongly, retried, and passed — the retry hides the answer key, the pass completes
the lesson in the sidebar. Options are found by their text, since each learner sees them shuffled."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from core.content import QuizQuestion
from tests.e2e.steps import Walk

pytestmark = pytest.mark.e2e


def _block(walk: Walk, question: QuizQuestion) -> Any:
    return walk.sp.main().get_by_test_id("stVerticalBlock").filter(has_text=question.prompt).last


def _choose(walk: Walk, question: QuizQuestion, ids: list[str]) -> None:
    block = _block(walk, question)
    for option in question.options:
        if question.kind == "single" and option.id in ids:
            with walk.sp.expect_run():
                block.get_by_test_id("stRadioOption").filter(has_text=option.text).click()
        elif question.kind == "multiple":
            box = block.get_by_test_id("stCheckbox").filter(has_text=option.text)
            if box.locator("input").is_checked() != (option.id in ids):
                with walk.sp.expect_run():
                    box.click()


def test_wrong_answer_retry_and_pass(walk_for: Callable[[str], Walk]) -> None:
    walk = walk_for("en")
    sp, t, course = walk.sp, walk.t, walk.course
    quiz = course.quizzes["dilemma"]
    sp.goto("lessons", lesson="dilemma")
    sp.expect_text(t("quiz.pass_rule", need=3, total=len(quiz.questions), checks=2))
    first = quiz.questions[0]
    wrong = [next(o.id for o in first.options if not o.correct)]
    _choose(walk, first, wrong)
    sp.click_button(t("quiz.check"), scope=_block(walk, first))
    block = _block(walk, first)
    expect(block.get_by_test_id("stAlert")).to_contain_text(t("quiz.retry"))
    for option in first.options:  # no answer key before the second try
        expect(block).not_to_contain_text(option.explanation)
    walk.check("quiz-retry")

    for question in quiz.questions:
        right = [o.id for o in question.options if o.correct]
        _choose(walk, question, right)
        label = t("quiz.check_again") if question is first else t("quiz.check")
        sp.click_button(label, scope=_block(walk, question))
        block = _block(walk, question)
        expect(block).to_contain_text(t("quiz.correct"))
        for option in question.options:
            expect(block).to_contain_text(option.explanation)
    sp.expect_text(t("quiz.passed", correct=len(quiz.questions), total=len(quiz.questions)))
    sp.expect_text(t("progress.lessons_read", read=1, total=len(course.lessons)), sp.sidebar())
    walk.check("quiz-passed")
