"""Plotly figures of the cost simulator (numbers come from core; this file only draws).

Colours are the Okabe-Ito palette (distinguishable with the common colour-vision deficiencies), and every
line also has its own dash pattern and marker, so colour is never the only cue.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

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
MAX_MONTHS = 1200.0  # 100 years
SEPARATORS: Mapping[Lang, str] = {"de": ",.", "en": ".,"}  # decimal, thousands


def _layout(fig: go.Figure, lang: Lang, x_title: str, y_title: str, height: int = 380) -> go.Figure:
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        xaxis_title=x_title,
        yaxis_title=y_title,
        separators=SEPARATORS[lang],
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        hovermode="x unified",
    )
    return fig


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
    fig = go.Figure()
    for option in OPTIONS:
        xs, ys = curves[option]
        fig.add_trace(
            go.Scatter(
                x=list(xs),
                y=list(ys),
                name=names[option],
                mode="lines+markers",
                line={"color": COLOURS[option], "dash": DASHES[option], "width": 2.5},
                marker={"symbol": SYMBOLS[option], "size": 7},
            )
        )
    if break_even is not None:
        x, y = break_even
        fig.add_trace(
            go.Scatter(
                x=[x],
                y=[y],
                name=break_even_label,
                mode="markers",
                marker={"symbol": "star", "size": 16, "color": "#000000"},
            )
        )
        fig.add_vline(x=x, line={"color": "#000000", "dash": "dot", "width": 1})
        fig.add_annotation(x=x, y=y, text=break_even_label, showarrow=True, arrowhead=2, ay=-40)
    return _layout(fig, lang, x_title, y_title)


def sensitivity(
    volumes: Sequence[float],
    months: Sequence[float | None],
    current: tuple[float, float | None],
    horizon: float,
    labels: Mapping[str, str],
    lang: Lang,
) -> go.Figure:
    """Break-even months against requests per day (log-log); gaps where it never breaks even.

    Points later than ``MAX_MONTHS`` are left out: that is "never" for any practical purpose.
    """
    ys = [m if m is not None and 0 < m <= MAX_MONTHS else None for m in months]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=list(volumes),
            y=ys,
            name=labels["curve"],
            mode="lines",
            line={"color": COLOURS["finetune"], "dash": DASHES["finetune"], "width": 2.5},
            connectgaps=False,
        )
    )
    fig.add_hline(
        y=horizon,
        line={"color": "#000000", "dash": "dot", "width": 1},
        annotation_text=labels["horizon"],
        annotation_position="top left",
    )
    rpd, at = current
    if at is not None and at > 0:
        fig.add_trace(
            go.Scatter(
                x=[rpd],
                y=[at],
                name=labels["current"],
                mode="markers",
                marker={"symbol": "star", "size": 15, "color": "#000000"},
            )
        )
    else:
        fig.add_vline(
            x=max(rpd, 1),
            line={"color": "#000000", "dash": "dash", "width": 1},
            annotation_text=labels["current"],
        )
    fig.update_xaxes(type="log")
    fig.update_yaxes(type="log")
    return _layout(fig, lang, labels["x"], labels["y"])


def stacked_bars(
    categories: Sequence[str],
    parts: Sequence[tuple[str, Sequence[float]]],
    lang: Lang,
    x_title: str,
    height: int = 300,
) -> go.Figure:
    """Horizontal bars, one per category, stacked from ``parts`` (name, one value per category)."""
    fig = go.Figure()
    for i, (name, values) in enumerate(parts):
        fig.add_trace(
            go.Bar(
                y=list(categories),
                x=list(values),
                name=name,
                orientation="h",
                marker={
                    "color": PART_COLOURS[i % len(PART_COLOURS)],
                    "line": {"color": "#333333", "width": 1},
                },
                marker_pattern_shape=["", "/", ".", "x"][i % 4],
            )
        )
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, lang, x_title, "", height=height)
