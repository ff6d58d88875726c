"""The classroom in a real browser: a trainer creates a class, a learner joins from the sidebar and answers
a quiz question, and the trainer's live view shows the answer; another tab with a wrong secret sees an
error and nothing of the class. Two learners share the built-in model: the second sees its place in line, the
first one's Stop frees the model, the second gets its answer. Its own server and (empty) SQLite database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from core import content, i18n
from tests.e2e.driver import StreamlitPage
from tests.e2e.harness import StreamlitServer

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]


@pytest.fixture
def class_server(tmp_path: Path) -> Iterator[StreamlitServer]:
    srv = StreamlitServer("app.py", env={"APP_DATABASE_URL": f"sqlite:///{tmp_path / 'class.sqlite3'}"})
    try:
        srv.start(timeout=90)
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield srv
    srv.stop()


def _tab(browser: Any, server: StreamlitServer) -> tuple[Any, StreamlitPage]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en")
    return ctx, StreamlitPage(ctx.new_page(), server.url, "en")


def test_a_learners_answer_reaches_the_trainer_view(class_server: StreamlitServer, browser: Any) -> None:
    t = i18n.translator("en")
    course = content.load_course("en")
    lesson = course.lesson_ids[0]
    question = next(q for q in course.quizzes[lesson].questions if q.kind == "single")
    wrong = next(i for i, o in enumerate(question.options) if not o.correct)
    contexts = []
    try:
        ctx, trainer = _tab(browser, class_server)
        contexts.append(ctx)
        trainer.goto("classroom")
        trainer.expect_h1(t("classroom.title"))
        trainer.click_button(t("classroom.create"))
        codes = trainer.main().get_by_test_id("stCode")
        expect(codes).to_have_count(2)
        code, secret = (codes.nth(i).inner_text().strip() for i in range(2))
        assert len(code) == 6 and len(secret) >= 12

        ctx, learner = _tab(browser, class_server)
        contexts.append(ctx)
        learner.goto("lessons", lesson=lesson)
        sidebar = learner.sidebar()
        with learner.expect_run():  # the box's form is drawn when it opens
            sidebar.get_by_text(t("classroom.sidebar_heading"), exact=True).click()
        learner.type_text(t("classroom.code"), code, scope=sidebar)
        learner.type_text(t("classroom.nickname"), "Ana", scope=sidebar)
        learner.click_button(t("classroom.join"), scope=sidebar)
        learner.expect_text(t("classroom.joined", code=code, nickname="Ana"), scope=sidebar)
        block = learner.main().get_by_test_id("stVerticalBlock").filter(has_text=question.prompt).last
        with learner.expect_run():
            block.get_by_test_id("stRadioOption").nth(wrong).click()
        learner.click_button(t("quiz.check"), scope=block)

        # The trainer's view refreshes itself (a fragment that reruns every few seconds).
        expect(trainer.main().get_by_test_id("stDataFrame")).to_have_count(1, timeout=60_000)
        expect(trainer.main().get_by_test_id("stMetric").first).to_contain_text("1")
        trainer.check("classroom-trainer-view")

        ctx, stranger = _tab(browser, class_server)
        contexts.append(ctx)
        stranger.goto("classroom")
        stranger.type_text(t("classroom.trainer_code"), code)
        stranger.type_text(t("classroom.trainer_secret"), secret + "x")
        stranger.click_button(t("classroom.open"))
        stranger.expect_text(t("classroom.err_secret"))
        expect(stranger.main().get_by_test_id("stDataFrame")).to_have_count(0)
        assert "Ana" not in stranger.main().inner_text()
    finally:
        for ctx in contexts:
            ctx.close()


def test_two_learners_take_turns_on_the_built_in_model(class_server: StreamlitServer, browser: Any) -> None:
    """The second learner sees their place in line while the first one's answer streams; the first one's
    Stop frees the model and the second one's answer arrives."""
    t = i18n.translator("en")
    contexts = []
    try:
        tabs = []
        for _ in range(2):
            ctx, sp = _tab(browser, class_server)
            contexts.append(ctx)
            sp.goto("playground")
            sp.type_text(t("playground.user"), "Tell me a very long story about a dragon and a knight.")
            sp.type_text(t("playground.max_tokens"), "8")
            tabs.append(sp)
        first, second = tabs
        first.click_button(t("playground.run"), timeout_ms=180_000)  # loads the model: both find it ready
        first.type_text(t("playground.max_tokens"), "1500")
        first.main().get_by_role("button", name=t("playground.run"), exact=True).click()
        stop = first.main().get_by_role("button", name=t("playground.stop"), exact=True)
        expect(stop).to_be_visible(timeout=60_000)  # drawn just before the first one takes its place
        second.main().get_by_role("button", name=t("playground.run"), exact=True).click()
        expect(second.main()).to_contain_text("in line", timeout=60_000)  # told its place, not left guessing
        stop.click()
        expect(second.main().get_by_text(t("playground.show_code"))).to_be_visible(timeout=120_000)
        expect(second.main()).not_to_contain_text("in line")
        second.check("classroom-queue-second-learner")
    finally:
        for ctx in contexts:
            ctx.close()
