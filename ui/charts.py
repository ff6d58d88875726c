"""Plotly figures that a page caches and shares between reruns (Streamlit glue).

``st.plotly_chart`` turns its figure into a dict on every call: a deep copy of every trace and of the
layout, about a millisecond for the simulator's cost chart, on every rerun. A figure that is built once
per set of inputs (``cached``) and never changed afterwards can hand out one dict instead."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

import plotly.graph_objects as go

from ui.memo import Memo


class FrozenFigure(go.Figure):  # type: ignore[misc]
    """A figure that is not changed after it is built: ``to_dict`` computes its dict once and returns that
    same dict from then on (callers only read it: Streamlit serializes it to JSON)."""

    def to_dict(self) -> dict[str, Any]:
        cached: dict[str, Any] | None = self.__dict__.get("_frozen_dict")
        if cached is None:
            cached = super().to_dict()
            self.__dict__["_frozen_dict"] = cached
        return cached


def freeze(fig: go.Figure) -> FrozenFigure:
    """The same figure (same traces, layout and template), as a ``FrozenFigure``."""
    return FrozenFigure({"data": fig.data, "layout": fig.layout}, _validate=False)


MAX_FIGURES = 256
_FIGURES: Memo[Hashable, FrozenFigure] = Memo(MAX_FIGURES)  # process-wide: numbers and our own labels only


def _key(value: object) -> Hashable:
    """A hashable copy of chart inputs (lists and dicts become tuples); plain Python hashing is much
    cheaper than ``st.cache_resource``'s hashing of the same arguments, which a rerun paid on every chart."""
    if isinstance(value, dict):
        return ("dict", tuple((_key(k), _key(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return ("seq", tuple(_key(v) for v in value))
    if isinstance(value, Hashable):
        return value
    raise TypeError(f"chart input of type {type(value).__name__} cannot be a cache key")


def cached(build: Callable[..., go.Figure], *args: Any, **kwargs: Any) -> FrozenFigure:
    """``build(*args, **kwargs)`` as a frozen figure, built once per distinct set of inputs (the cache is
    emptied when it holds ``MAX_FIGURES``). ``build`` must be pure: the same inputs, the same figure."""
    key = (build.__module__, build.__qualname__, _key(args), _key(kwargs))
    return _FIGURES.get(key, lambda: freeze(build(*args, **kwargs)))
