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


def test_resume_restores_a_quizs_answers_feedback_and_score(walk_for: Callable[[str], Walk]) -> None:
    from core import progress as prog

    walk = walk_for("de")
    sp, t, course = walk.sp, walk.t, walk.course
    quiz = course.quizzes["dilemma"]
    first, second = quiz.questions[0], quiz.questions[1]
    right = next(o for o in first.options if o.correct)
    wrong = next(o for o in second.options if not o.correct)
    saved = prog.Progress().record_quiz(
        "dilemma",
        1,
        len(quiz.questions),
        {first.id: [right.id], second.id: [wrong.id]},
        {first.id: 1, second.id: 1},
    )
    sp.goto("lessons", lesson="dilemma")
    with sp.expect_run():  # the box's buttons and uploader are drawn when it opens
        sp.sidebar().get_by_text(t("progress.save_resume"), exact=True).click()
    dropzone = sp.sidebar().get_by_test_id("stFileUploaderDropzoneInput")
    with sp.expect_run():
        data = prog.to_json(saved).encode()
        dropzone.set_input_files(
            files=[{"name": "progress.json", "mimeType": "application/json", "buffer": data}]
        )
    sp.expect_text(t("progress.upload_ok"), sp.sidebar())
    block = _block(walk, first)
    expect(block.get_by_role("radio", name=right.text, exact=True)).to_be_checked()
    expect(block).to_contain_text(t("quiz.correct"))
    for option in first.options:
        expect(block).to_contain_text(option.explanation)
    block = _block(walk, second)
    expect(block.get_by_role("radio", name=wrong.text, exact=True)).to_be_checked()
    expect(block.get_by_test_id("stAlert")).to_contain_text(t("quiz.retry"))  # its retry is still open
    expect(sp.main().get_by_test_id("stMetric")).to_contain_text(f"1 / {len(quiz.questions)}")
    walk.check("quiz-resumed")
