"""The fair queue for the built-in model: the estimate (table-driven), first come first served, a place in
line for the one who waits, and a stop that frees the model at the next token — asserted on the order of
events, never on how long anything took."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from core.llm import local
from core.llm.queue import FairQueue, estimate_wait, waits
from core.llm.types import ChatRequest, Delta, Done


@pytest.mark.parametrize(
    ("ahead", "recent", "seconds"),
    [(0, [], 0.0), (1, [], 8.0), (2, [], 16.0), (1, [4.0, 6.0], 5.0), (3, [2.0], 6.0), (-1, [5.0], 0.0)],
)
def test_estimate_wait(ahead: int, recent: list[float], seconds: float) -> None:
    assert estimate_wait(ahead, recent) == pytest.approx(seconds)


def test_first_come_first_served_with_places() -> None:
    clock = iter(float(i) for i in range(100))
    queue = FairQueue(clock=lambda: next(clock), keep_events=50, event_clock=lambda: 0.0)
    a, b, c = queue.enter("a"), queue.enter("b"), queue.enter("c")
    assert [queue.place(t) for t in (a, b, c)] == [0, 1, 2]
    assert queue.wait_turn(a, 0) == 0 and queue.wait_turn(c, 0) == 2
    assert queue.estimate(c) == pytest.approx(16.0) and queue.waiting() == 2
    queue.leave(a, finished=True)  # ran from clock 0 to clock 1
    assert queue.place(b) == 0 and queue.place(c) == 1 and queue.wait_turn(b, 0) == 0
    assert queue.estimate(c) == pytest.approx(1.0)  # one generation ahead, lasting 1 s like the last one
    queue.stop(c)  # waiting: leaves the line at once
    assert queue.place(c) == -1 and queue.wait_turn(c, 0) == -1
    assert queue.stop_owner("b") == 1 and queue.place(b) == 0  # running: told to stop, leaves when it ends
    assert b.stopped.is_set()
    queue.leave(b)
    assert [(e.kind, e.ticket) for e in queue.events()] == [
        ("enter", 1), ("enter", 2), ("enter", 3), ("start", 1), ("leave", 1), ("start", 2),
        ("stop", 3), ("leave", 3), ("stop", 2), ("leave", 2),
    ]  # fmt: skip


# ------------------------------------------------------------------------------------- the real model


@pytest.fixture(scope="module")
def model() -> Iterator[local.LocalModel]:
    yield local.load_local_model(n_ctx=512)


def _request(tokens: int) -> ChatRequest:
    return ChatRequest.from_prompts(
        "", "Tell me a long story about a dragon.", temperature=0.0, max_tokens=tokens
    )


@pytest.mark.llm
def test_two_sessions_at_once_the_second_sees_its_place_then_its_answer(model: local.LocalModel) -> None:
    model.queue = FairQueue(keep_events=100)
    first = model.queue.enter("session-1")  # session 1 asked first
    seen: list[tuple[int, float]] = []
    log: list[str] = []
    results: dict[str, Done] = {}

    def second() -> None:
        backend = local.LocalBackend(model, owner="session-2", on_wait=lambda p, s: seen.append((p, s)))
        for chunk in backend.stream(_request(6)):
            if isinstance(chunk, Done):
                results["2"] = chunk
                log.append("2 done")
            elif not log or log[-1] != "2 token":
                log.append("2 token")

    thread = threading.Thread(target=second)
    thread.start()
    while model.queue.waiting() < 1:  # session 2 is in line behind session 1
        threading.Event().wait(0.01)
    for chunk in local.LocalBackend(model, owner="session-1", ticket=first).stream(_request(6)):
        if isinstance(chunk, Done):
            results["1"] = chunk
            log.append("1 done")
    thread.join(timeout=300)
    assert not thread.is_alive()
    assert seen and seen[0][0] == 1 and seen[0][1] > 0  # told: next in line, with an estimate
    assert log == ["1 done", "2 token", "2 done"]  # its answer came after the first one's
    assert results["2"].result.text.strip() and results["1"].result.text.strip()
    kinds = [(e.kind, e.owner) for e in model.queue.events()]
    assert kinds.index(("leave", "session-1")) < kinds.index(("start", "session-2"))


@pytest.mark.llm
def test_stop_frees_the_model_at_the_next_token(model: local.LocalModel) -> None:
    model.queue = FairQueue(keep_events=100)
    ticket = model.queue.enter("session-1")
    waiting = model.queue.enter("session-2")
    stream = local.LocalBackend(model, owner="session-1", ticket=ticket).stream(_request(200))
    deltas = 0
    done: Done | None = None
    for chunk in stream:
        if isinstance(chunk, Delta):
            deltas += 1
            if deltas == 1:
                model.queue.stop_owner("session-1")  # the stop button
                assert model.queue.place(waiting) == 1  # still running until its next token
        else:
            done = chunk
    assert deltas == 1  # no token after the stop
    assert done is not None and done.result.finish_reason == local.STOPPED
    assert model.queue.place(waiting) == 0  # the next learner has the model
    assert not model.lock.locked()
    kinds = [(e.kind, e.owner) for e in model.queue.events()]
    assert kinds[-2:] == [("stop", "session-1"), ("leave", "session-1")]
    model.queue.leave(waiting)


@pytest.mark.llm
def test_stop_while_waiting_leaves_the_line_without_an_answer(model: local.LocalModel) -> None:
    model.queue = FairQueue()
    holder = model.queue.enter("session-1")
    calls: list[int] = []

    def on_wait(place: int, _s: float) -> None:
        calls.append(place)
        model.queue.stop_owner("session-2")

    chunks = list(local.LocalBackend(model, owner="session-2", on_wait=on_wait).stream(_request(4)))
    assert chunks == [] and calls == [1]
    assert model.queue.place(holder) == 0 and model.queue.waiting() == 0
    model.queue.leave(holder)


def test_waits_from_events() -> None:
    clock = iter([0.0, 1.0, 2.0, 5.0, 9.0])
    queue = FairQueue(keep_events=20, event_clock=lambda: next(clock))
    a, b = queue.enter("a"), queue.enter("b")  # at 0 and 1
    queue.wait_turn(a, 0)  # a starts at 2
    queue.leave(a, finished=True)  # at 5
    queue.wait_turn(b, 0)  # b starts at 9
    assert waits(queue.events()) == [2.0, 8.0]
