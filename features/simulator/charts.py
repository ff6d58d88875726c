"""Plotly figures of the cost simulator, pure (no Streamlit): numbers come from ``simulation``; this file only
builds the figures, which the panels show.

Colours are the Okabe-Ito palette (distinguishable with the common colour-vision deficiencies), and every
line also has its own dash pattern and marker, so colour is never the only cue.

Each figure is built from one plain dict in a single ``go.Figure(...)`` call, without Plotly's property
validation (``_validate=False``, as Plotly loads its own templates): validating costs about a
millisecond per figure on every rerun, and the dicts never change shape.
tests/features/simulator/test_charts.py rebuilds every figure with validation on and checks that the result
is the same.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from core.costs import OPTIONS, Option
from core.i18n import Lang

COLOURS: Mapping[Option, str] = {
    "prompt": "#0072B2",  # blue
    "finetune": "#D55E00",  # vermillion
    "hybrid": "#009E73",  # bluish green
    "rag": "#CC79A7",  # reddish purple
}
DASHES: Mapping[Option, str] = {"prompt": "solid", "finetune": "dash", "hybrid": "dot", "rag": "dashdot"}
SYMBOLS: Mapping[Option, str] = {"prompt": "circle", "finetune": "square", "hybrid": "diamond", "rag": "x"}
PART_COLOURS = ("#999999", "#E69F00", "#56B4E9", "#F0E442")  # grey, orange, sky blue, yellow
PART_PATTERNS = ("", "/", ".", "x")
SEPARATORS: Mapping[Lang, str] = {"de": ",.", "en": ".,"}  # decimal, thousands
MAX_MONTHS = 1200.0  # 100 years: "never" for any practical purpose
_MARK = {"color": "#000000", "width": 1}


def _figure(data: list[dict[str, Any]], layout: dict[str, Any]) -> go.Figure:
    return go.Figure({"data": data, "layout": layout}, _validate=False)


def _layout(lang: Lang, x_title: str, y_title: str, height: int = 380, **extra: Any) -> dict[str, Any]:
    return {
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
        "xaxis": {"title": {"text": x_title}},
        "yaxis": {"title": {"text": y_title}},
        "separators": SEPARATORS[lang],
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        **extra,
    }


def _vline(x: float, dash: str) -> dict[str, Any]:
    return {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": x,
        "x1": x,
        "y0": 0,
        "y1": 1,
        "line": {**_MARK, "dash": dash},
    }


def cumulative(
    curves: Mapping[Option, tuple[Sequence[float], Sequence[float]]],
    names: Mapping[Option, str],
    break_even: tuple[float, float] | None,
    break_even_label: str,
    lang: Lang,
    x_title: str,
    y_title: str,
) -> go.Figure:
    """Cumulative cost per option over the horizon; the break-even point marked and labelled."""
    data: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "x": list(curves[o][0]),
            "y": list(curves[o][1]),
            "name": names[o],
            "mode": "lines+markers",
            "line": {"color": COLOURS[o], "dash": DASHES[o], "width": 2.5},
            "marker": {"symbol": SYMBOLS[o], "size": 7},
        }
        for o in OPTIONS
    ]
    shapes: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    if break_even is not None:
        x, y = break_even
        data.append(
            {
                "type": "scatter",
                "x": [x],
                "y": [y],
                "name": break_even_label,
                "mode": "markers",
                "marker": {"symbol": "star", "size": 16, "color": "#000000"},
            }
        )
        shapes.append(_vline(x, "dot"))
        annotations.append(
            {"x": x, "y": y, "text": break_even_label, "showarrow": True, "arrowhead": 2, "ay": -40}
        )
    marks: dict[str, Any] = {"shapes": shapes, "annotations": annotations} if shapes else {}
    layout = _layout(lang, x_title, y_title, hovermode="x unified", **marks)
    return _figure(data, layout)


def sensitivity(
    volumes: Sequence[float],
    months: Sequence[float | None],
    current: tuple[float, float | None],
    horizon: float,
    labels: Mapping[str, str],
    lang: Lang,
) -> go.Figure:
    """Break-even months against requests per day (log-log); gaps where it never breaks even.

    The learner's own volume is a star on the curve, or a dashed vertical line where there is no curve.
    """
    ys = [m if m is not None and 0 < m <= MAX_MONTHS else None for m in months]
    data: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "x": list(volumes),
            "y": ys,
            "name": labels["curve"],
            "mode": "lines",
            "line": {"color": COLOURS["finetune"], "dash": DASHES["finetune"], "width": 2.5},
            "connectgaps": False,
        },
        {
            "type": "scatter",
            "x": [volumes[0], volumes[-1]],
            "y": [horizon, horizon],
            "name": labels["horizon"],
            "mode": "lines",
            "line": {**_MARK, "dash": "dot"},
        },
    ]
    rpd, at = current
    if at is not None and 0 < at <= MAX_MONTHS:
        marker: dict[str, Any] = {
            "x": [rpd],
            "y": [at],
            "mode": "markers",
            "marker": {"symbol": "star", "size": 15, "color": "#000000"},
        }
    else:  # no break-even at this volume: a labelled vertical line instead of a point
        shown = [y for y in ys if y is not None] + [horizon]
        span = [min(shown) / 2, max(shown) * 2]
        marker = {"x": [rpd, rpd], "y": span, "mode": "lines", "line": {**_MARK, "dash": "dash"}}
    data.append({"type": "scatter", "name": labels["current"], **marker})
    layout = _layout(lang, labels["x"], labels["y"])
    layout["xaxis"]["type"] = "log"
    layout["yaxis"]["type"] = "log"
    return _figure(data, layout)


def stacked_bars(
    categories: Sequence[str],
    parts: Sequence[tuple[str, Sequence[float]]],
    lang: Lang,
    x_title: str,
    height: int = 300,
) -> go.Figure:
    """Horizontal bars, one per category, stacked from ``parts`` (name, one value per category)."""
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "y": list(categories),
            "x": list(values),
            "name": name,
            "marker": {
                "color": PART_COLOURS[i % len(PART_COLOURS)],
                "line": {"color": "#333333", "width": 1},
                "pattern": {"shape": PART_PATTERNS[i % len(PART_PATTERNS)]},
            },
        }
        for i, (name, values) in enumerate(parts)
    ]
    layout = _layout(lang, x_title, "", height=height, barmode="stack")
    layout["yaxis"]["autorange"] = "reversed"
    layout["legend"]["traceorder"] = "normal"
    return _figure(data, layout)
