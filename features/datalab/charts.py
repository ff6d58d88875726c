"""The data lab's histograms (plotly figures, built without Streamlit)."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

BAR_COLOR = "#4c78a8"
LIMIT_COLOR = "#d62728"
# The token limit is drawn once the longest example comes this close to it.
LIMIT_SHARE = 0.8


def histogram(values: Sequence[int], x_title: str, y_title: str, limit: int | None = None) -> go.Figure:
    """A histogram of ``values``; whole-number steps for few values; the ``limit`` line when it is near."""
    fig = go.Figure(go.Histogram(x=list(values), marker_color=BAR_COLOR))
    fig.update_layout(
        height=260,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis_title=x_title,
        yaxis_title=y_title,
        bargap=0.05,
    )
    if len(values) <= 10:
        fig.update_yaxes(dtick=1)  # counts are whole numbers
    if limit is not None and values and max(values) > limit * LIMIT_SHARE:
        fig.add_vline(x=limit, line_dash="dash", line_color=LIMIT_COLOR)
    return fig
