"""The experiment's two charts (plotly figures, built without Streamlit): accuracy against prompt tokens
(the article's trade-off in one picture) and the median latency per row."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from core.i18n import Translator
from features.experiment.records import RunRecord
from features.experiment.view import row_name

FT_COLOR = "#d62728"
PROMPT_COLOR = "#4c78a8"
_MARGIN = {"l": 10, "r": 10, "t": 30, "b": 10}


def _color(r: RunRecord) -> str:
    return FT_COLOR if r.variant.uses_adapter else PROMPT_COLOR


def accuracy_vs_tokens(rows: Sequence[RunRecord], t: Translator) -> go.Figure:
    """One point per row: mean prompt tokens (log axis) against accuracy, with the 95 % interval."""
    sums = [r.summary for r in rows]
    fig = go.Figure(
        go.Scatter(
            x=[s.prompt_tokens for s in sums],
            y=[s.accuracy * 100 for s in sums],
            error_y={
                "type": "data",
                "symmetric": False,
                "array": [(s.ci_high - s.accuracy) * 100 for s in sums],
                "arrayminus": [(s.accuracy - s.ci_low) * 100 for s in sums],
            },
            mode="markers+text",
            text=[row_name(r, t) for r in rows],
            textposition="top center",
            marker={"size": 11, "color": [_color(r) for r in rows]},
        )
    )
    fig.update_layout(
        height=360,
        margin=_MARGIN,
        title=t("experiment.chart_acc_title"),
        xaxis_title=t("experiment.chart_acc_x"),
        yaxis_title=t("experiment.chart_acc_y"),
        xaxis_type="log",
        yaxis_range=[-5, 105],
    )
    return fig


def latency_bars(rows: Sequence[RunRecord], t: Translator) -> go.Figure:
    """Median latency per row; the time to first token as the darker part."""
    sums = [r.summary for r in rows]
    names = [row_name(r, t) for r in rows]
    fig = go.Figure(
        [
            go.Bar(
                x=names,
                y=[s.ttft_s or 0.0 for s in sums],
                name=t("experiment.chart_lat_ttft"),
                marker_color="#1f3b5b",
            ),
            go.Bar(
                x=names,
                y=[max(0.0, s.latency_s - (s.ttft_s or 0.0)) for s in sums],
                name=t("experiment.chart_lat_rest"),
                marker_color=[_color(r) for r in rows],
            ),
        ]
    )
    fig.update_layout(
        barmode="stack",
        height=320,
        margin=_MARGIN,
        title=t("experiment.chart_lat_title"),
        yaxis_title=t("experiment.chart_lat_y"),
    )
    return fig
