"""The score chart of a result: one horizontal bar per approach, the recommendation highlighted."""

from __future__ import annotations

import plotly.graph_objects as go

from core import fmt
from core.i18n import Lang
from features.wizard.rules import Wizard
from features.wizard.scoring import Result

# Okabe-Ito blue for the recommendation, neutral grey for the rest: distinguishable in every kind of
# colour-vision deficiency (and by lightness alone); the score is also printed on every bar.
REC_COLOUR = "#0072B2"
OTHER_COLOUR = "#9E9E9E"


def score_figure(wizard: Wizard, result: Result, axis_title: str, lang: Lang) -> go.Figure:
    """The scores as bars, best on top, each labelled with its score in the language's style."""
    order = list(reversed(result.ranking))  # plotly draws the first bar at the bottom
    fig = go.Figure(
        go.Bar(
            x=[result.scores[a] for a in order],
            y=[wizard.approaches[a].name for a in order],
            orientation="h",
            marker_color=[REC_COLOUR if a == result.recommendation else OTHER_COLOUR for a in order],
            text=[fmt.number(result.scores[a], lang) for a in order],
            textposition="outside",
            cliponaxis=False,
            hoverinfo="skip",
        )
    )
    fig.update_layout(
        height=80 + 48 * len(order),
        margin={"l": 10, "r": 40, "t": 10, "b": 40},
        xaxis={"title": {"text": axis_title}, "zeroline": True, "zerolinecolor": "#555"},
        showlegend=False,
    )
    return fig
