"""The built-in model's queue on the playground: the learner's place in line, compare mode's two sides
queued at once, and the stop button (the queue itself is ``core.llm.queue``, shared in ``ui.llm``)."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from core import fmt
from core.i18n import Translator
from core.llm.queue import Ticket
from core.llm.types import BackendKind
from ui import boundary
from ui import llm as uillm


def queue_message(t: Translator, place: int, seconds: float) -> str:
    """ "You are number 2 in line, about 16 s": the built-in model answers one learner at a time."""
    return t("playground.queued", place=fmt.number(place, t.lang), seconds=fmt.number(round(seconds), t.lang))


def take_turns(local_ready: bool, kinds: Mapping[str, BackendKind]) -> dict[str, Ticket]:
    """Places in the built-in model's line for both sides of compare mode, taken now, so B waits visibly
    behind A (instead of starting, unannounced, only when A has finished)."""
    if not local_ready or sum(kind == "local" for kind in kinds.values()) < 2:
        return {}
    queue = uillm.model_queue()
    return {slot: queue.enter(uillm.session_owner()) for slot, kind in kinds.items() if kind == "local"}


def release_turns(tickets: Mapping[str, Ticket]) -> None:
    """Give back places that were not used (an error before a side ran); used ones have left already."""
    if tickets:
        queue = uillm.model_queue()
        for ticket in tickets.values():
            queue.leave(ticket)


def stop_button(t: Translator, slot: str, kind: BackendKind) -> None:
    """Stop: this session's generation leaves the line or ends at its next token, freeing the model (the
    click also reruns the page, which ends this run)."""
    if kind == "local":
        st.button(
            t("playground.stop"),
            key=f"pg_stop_{slot}",
            icon=":material/stop:",
            on_click=boundary.callback(uillm.stop_generation),
        )
