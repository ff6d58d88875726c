"""The simulator's fine-tuning routes on the page: under the fine-tuning model, where such a fine-tune is
made and served, with the route's dated availability (``core.lifecycle``) and how its prices were checked
(``core.prices``). The self-hosted route's numbers: ``routes.py``."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from core import lifecycle, prices
from core.errors import UserInputError


def route_text(t: Callable[..., str], model: str) -> str | None:
    """The route of ``model``'s fine-tune and until when it is open (None for an unknown model)."""
    try:
        route = prices.route(model)
    except UserInputError:
        return None
    entry = lifecycle.entry(model)
    if route == "openai" and entry is not None:
        day = lifecycle.today()
        ends = entry.fine_tuning_ends.isoformat() if entry.fine_tuning_ends else "-"
        shutdown = entry.shutdown.isoformat() if entry.shutdown else "-"
        key = "simulator.route_openai" if entry.can_fine_tune(day) else "simulator.route_openai_closed"
        return t(key, ends=ends, shutdown=shutdown)
    return t(f"simulator.route_{route}")


def route_note(t: Callable[..., str], model: str) -> None:
    """A caption: the route of ``model``'s fine-tune and until when it is open."""
    text = route_text(t, model)
    if text is not None:
        st.caption(text)
