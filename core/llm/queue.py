"""A fair, first-come queue for the one built-in model that all sessions of a process share.

Every generation takes a ``Ticket`` and waits for its turn; while it waits it can ask for its place in line
(1 = next) and an estimated wait (``estimate_wait``: the generations ahead times the mean duration of the
recent ones). ``stop`` asks a ticket to end: a waiting ticket leaves the line at once, a running one is
told through ``Ticket.stopped``, which the generator checks between tokens, so the model is free after the
next token. A ticket leaves the line when its generation ends (``leave``), however it ends.

Pure (threading only); the Streamlit side keeps one queue per process next to the model (``ui.llm``).
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

DEFAULT_GENERATION_S = 8.0  # assumed duration before any generation has finished
HISTORY = 20  # durations kept for the estimate


def estimate_wait(ahead: int, recent_s: Sequence[float], default_s: float = DEFAULT_GENERATION_S) -> float:
    """Seconds until a ticket with ``ahead`` generations before it gets the model: ``ahead`` times the
    mean recent duration (``default_s`` when nothing finished yet). The running one counts as a whole
    generation, so the estimate errs on the long side."""
    if ahead <= 0:
        return 0.0
    mean = sum(recent_s) / len(recent_s) if recent_s else default_s
    return ahead * mean


@dataclass(eq=False)
class Ticket:
    number: int
    owner: str  # who asked (a session's id); ``stop_owner`` stops all of one owner's tickets
    stopped: threading.Event = field(default_factory=threading.Event)
    started: float | None = None  # clock reading when it got the model


@dataclass(frozen=True)
class Event:
    """What happened in the queue, in order (for tests and the benchmark)."""

    kind: str  # "enter", "start", "stop", "leave"
    ticket: int
    owner: str
    at: float = 0.0  # clock reading


def waits(events: Sequence[Event]) -> list[float]:
    """Seconds each ticket waited from entering the line to getting the model (tickets that started)."""
    entered = {e.ticket: e.at for e in events if e.kind == "enter"}
    return [e.at - entered[e.ticket] for e in events if e.kind == "start" and e.ticket in entered]


class FairQueue:
    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        keep_events: int = 0,
        event_clock: Callable[[], float] | None = None,
    ) -> None:
        self._cond = threading.Condition()
        self._line: list[Ticket] = []  # first = has the model (when started) or is next
        self._numbers = itertools.count(1)
        self._durations: deque[float] = deque(maxlen=HISTORY)
        self._clock = clock
        self._events: deque[Event] = deque(maxlen=keep_events or None)
        self._keep = keep_events > 0
        self._event_clock = event_clock or clock

    def _log(self, kind: str, ticket: Ticket) -> None:
        if self._keep:
            self._events.append(Event(kind, ticket.number, ticket.owner, self._event_clock()))

    def events(self) -> tuple[Event, ...]:
        with self._cond:
            return tuple(self._events)

    def enter(self, owner: str) -> Ticket:
        with self._cond:
            ticket = Ticket(next(self._numbers), owner)
            self._line.append(ticket)
            self._log("enter", ticket)
            return ticket

    def place(self, ticket: Ticket) -> int:
        """0 = has its turn (first in line), 1 = next, …; -1 = not in line (left or stopped)."""
        with self._cond:
            return self._line.index(ticket) if ticket in self._line else -1

    def waiting(self) -> int:
        """Tickets in line that do not have the model."""
        with self._cond:
            return max(0, len(self._line) - 1)

    def estimate(self, ticket: Ticket) -> float:
        with self._cond:
            ahead = self._line.index(ticket) if ticket in self._line else 0
            return estimate_wait(ahead, tuple(self._durations))

    def wait_turn(self, ticket: Ticket, timeout_s: float) -> int:
        """Wait up to ``timeout_s`` for the turn or a change of place; returns the place (see ``place``).
        At place 0 the ticket is marked started."""
        with self._cond:
            if ticket in self._line and self._line[0] is not ticket and not ticket.stopped.is_set():
                self._cond.wait(timeout_s)
            if ticket not in self._line:
                return -1
            index = self._line.index(ticket)
            if index == 0 and ticket.started is None:
                ticket.started = self._clock()
                self._log("start", ticket)
            return index

    def stop(self, ticket: Ticket) -> None:
        """End a ticket: out of line at once when waiting; a running one stops at its next token."""
        with self._cond:
            ticket.stopped.set()
            self._log("stop", ticket)
            if ticket in self._line and ticket.started is None:
                self._line.remove(ticket)
                self._log("leave", ticket)
            self._cond.notify_all()

    def stop_owner(self, owner: str) -> int:
        """Stop every ticket of ``owner``; returns how many."""
        with self._cond:
            mine = [t for t in self._line if t.owner == owner]
        for ticket in mine:
            self.stop(ticket)
        return len(mine)

    def leave(self, ticket: Ticket, *, finished: bool = False) -> None:
        """The generation ended (``finished``: ran to its end, so its duration feeds the estimate)."""
        with self._cond:
            if ticket in self._line:
                self._line.remove(ticket)
                self._log("leave", ticket)
                if finished and ticket.started is not None:
                    self._durations.append(max(0.0, self._clock() - ticket.started))
            self._cond.notify_all()
