"""The built-in model's queue on the playground page (AppTest, the real model): the queue message in both
languages, compare mode queueing both sides at once (B is in line before A starts), a second session that
waits behind another and then gets its answer, and a stop button while the model runs."""

from __future__ import annotations

import threading

import pytest

from core.i18n import translator
from core.llm.queue import FairQueue
from features.playground.widgets_queue import queue_message
from tests.apptest import open_page
from ui import llm as uillm

PAGE = "pages/playground.py"
pytestmark = pytest.mark.llm


@pytest.mark.parametrize(
    ("lang", "place", "seconds", "part"),
    [
        ("en", 2, 15.6, "You are number 2 in line, about 16 s"),
        ("de", 1, 1234.0, "Du bist Nummer 1 in der Warteschlange, etwa 1.234 s"),
    ],
)
def test_queue_message(lang: str, place: int, seconds: float, part: str) -> None:
    assert part in queue_message(translator(lang), place, seconds)  # type: ignore[arg-type]


def _fresh_queue() -> FairQueue:
    queue = FairQueue(keep_events=200)
    uillm.local_model().queue = queue
    return queue


def test_compare_mode_puts_both_sides_in_line_at_once() -> None:
    queue = _fresh_queue()
    at = open_page(PAGE, "en")
    at.radio(key="pg_mode").set_value("compare").run()
    at.text_input(key="pg_max_tokens").input("4").run()
    at.button(key="pg_run_both").click().run(timeout=300)
    assert not at.exception and not at.error
    kinds = [e.kind for e in queue.events()]
    assert kinds == ["enter", "enter", "start", "leave", "start", "leave"]  # B waited visibly behind A
    assert {"A", "B"} <= set(at.session_state["pg_results"])


def test_a_second_session_waits_its_turn_then_gets_its_answer() -> None:
    queue = _fresh_queue()
    other = queue.enter("another learner")  # someone else is generating
    at = open_page(PAGE, "en")
    at.text_input(key="pg_max_tokens").input("4").run()
    at.text_area(key="pg_user").input("Name a fruit.")
    runner = threading.Thread(target=lambda: at.button(key="pg_run").click().run(timeout=300))
    runner.start()
    while queue.waiting() < 1:  # this session is now in line behind the other one
        threading.Event().wait(0.02)
    assert runner.is_alive()  # and it waits: no answer while the other learner has the model
    queue.leave(other)
    runner.join(timeout=300)
    assert not runner.is_alive()
    assert not at.exception and not at.error
    assert at.session_state["pg_results"]["single"][0].result.text.strip()
    events = [(e.kind, e.owner) for e in queue.events()]
    assert events.index(("leave", "another learner")) < next(
        i for i, (kind, owner) in enumerate(events) if kind == "start" and owner != "another learner"
    )


def test_the_stop_button_stops_this_sessions_generation() -> None:
    queue = _fresh_queue()
    held = queue.enter("x")  # the page's request waits behind this one
    at = open_page(PAGE, "en")
    at.text_area(key="pg_user").input("Tell me a long story.")
    runner = threading.Thread(target=lambda: at.button(key="pg_run").click().run(timeout=300))
    runner.start()
    while queue.waiting() < 1:
        threading.Event().wait(0.02)
    mine = next(e.owner for e in queue.events() if e.owner != "x")
    assert queue.stop_owner(mine) == 1  # what the stop button's callback does for this session
    runner.join(timeout=300)
    assert not runner.is_alive() and not at.exception
    assert "single" not in at.session_state["pg_results"]  # stopped while waiting: no answer
    assert queue.place(held) == 0 and queue.waiting() == 0
    queue.leave(held)
