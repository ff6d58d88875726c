"""ui.charts: a frozen figure renders exactly like the figure it was made from, and hands out one dict."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io
import pytest

from ui.charts import FrozenFigure, freeze

FIGURES = [
    go.Figure(go.Scatter(x=[1, 2, 3], y=[4.5, 5.5, 6.5], name="a", line={"dash": "dot"})),
    go.Figure(
        [go.Bar(x=["p", "q"], y=[1, 2], name="fixed"), go.Bar(x=["p", "q"], y=[3, 4], name="prefill")],
        layout={"barmode": "stack", "height": 300, "separators": ",."},
    ),
    go.Figure(layout={"title": {"text": "empty"}}),
]


@pytest.mark.parametrize("fig", FIGURES, ids=["lines", "stacked bars", "empty"])
def test_a_frozen_figure_serializes_like_the_original(fig: go.Figure) -> None:
    frozen = freeze(fig)
    assert isinstance(frozen, FrozenFigure)
    assert json.loads(plotly.io.to_json(frozen, validate=False)) == json.loads(
        plotly.io.to_json(fig, validate=False)
    )


def test_to_dict_is_computed_once() -> None:
    frozen = freeze(FIGURES[0])
    first = frozen.to_dict()
    assert frozen.to_dict() is first  # no deep copy per call
    assert FIGURES[0].to_dict() is not FIGURES[0].to_dict()  # what a plain figure does


def _bars(names: list[str], values: dict[str, list[float]], height: int = 300) -> go.Figure:
    return go.Figure([go.Bar(x=names, y=v, name=k) for k, v in values.items()], layout={"height": height})


def test_cached_builds_once_per_distinct_input() -> None:
    from ui import charts

    charts._FIGURES.clear()
    a = charts.cached(_bars, ["p", "q"], {"x": [1.0, 2.0]})
    assert charts.cached(_bars, ["p", "q"], {"x": [1.0, 2.0]}) is a  # equal inputs (new lists): a hit
    assert charts.cached(_bars, ["p", "q"], {"x": [1.0, 2.5]}) is not a  # one number differs
    assert charts.cached(_bars, ["p", "q"], {"x": [1.0, 2.0]}, height=200) is not a
    assert json.loads(plotly.io.to_json(a, validate=False)) == json.loads(
        plotly.io.to_json(_bars(["p", "q"], {"x": [1.0, 2.0]}), validate=False)
    )


def test_cached_is_bounded_and_refuses_unhashable_inputs() -> None:
    from ui import charts

    charts._FIGURES.clear()
    for i in range(charts.MAX_FIGURES + 5):
        charts.cached(_bars, ["p"], {"x": [float(i)]})
    assert len(charts._FIGURES) <= charts.MAX_FIGURES
    with pytest.raises(TypeError):
        charts.cached(_bars, ["p"], {"x": [1.0]}, height={1, 2})  # type: ignore[arg-type]
