"""The simulator's figures: every option distinguishable without colour, break-even and volume marked."""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go
import pytest

from core.costs import OPTIONS
from features.simulator import charts

NAMES = {o: o.upper() for o in OPTIONS}
CURVES = {o: ([0.0, 12.0], [float(i), float(10 * i)]) for i, o in enumerate(OPTIONS)}
LABELS = {"curve": "c", "horizon": "h", "current": "you", "x": "x", "y": "y"}


def test_each_option_has_its_own_colour_dash_and_marker() -> None:
    for table in (charts.COLOURS, charts.DASHES, charts.SYMBOLS):
        assert len(set(table.values())) == len(OPTIONS)


def test_cumulative_marks_the_break_even() -> None:
    fig = charts.cumulative(CURVES, NAMES, (3.0, 42.0), "BE", "de", "Monate", "EUR")
    names = [trace.name for trace in fig.data]
    assert names == [*NAMES.values(), "BE"]
    assert (fig.data[-1].x, fig.data[-1].y) == ((3.0,), (42.0,))
    assert fig.layout.shapes[0].x0 == 3.0 and fig.layout.annotations[0].text == "BE"
    assert fig.layout.separators == ",."  # German decimal comma


def test_cumulative_without_break_even_has_no_marker() -> None:
    fig = charts.cumulative(CURVES, NAMES, None, "BE", "en", "m", "USD")
    assert len(fig.data) == len(OPTIONS) and not fig.layout.shapes


def test_sensitivity_leaves_gaps_and_marks_the_volume() -> None:
    fig = charts.sensitivity([1, 10, 100], [None, 5000.0, 2.0], (100, 2.0), 12, LABELS, "en")
    curve = fig.data[0]
    assert curve.y == (None, None, 2.0)  # never, beyond 100 years, a real break-even
    assert fig.data[-1].name == "you" and fig.data[-1].mode == "markers"
    assert fig.layout.xaxis.type == "log" and fig.layout.yaxis.type == "log"


def test_sensitivity_without_break_even_draws_a_labelled_line() -> None:
    fig = charts.sensitivity([1, 10, 100], [None, None, None], (50, None), 12, LABELS, "en")
    assert fig.data[-1].name == "you" and fig.data[-1].mode == "lines"
    assert fig.data[-1].x == (50, 50)


def test_stacked_bars() -> None:
    fig = charts.stacked_bars(["a", "b"], [("p", [1.0, 2.0]), ("q", [3.0, 4.0])], "en", "s")
    assert [t.name for t in fig.data] == ["p", "q"] and fig.layout.barmode == "stack"
    assert fig.data[0].marker.pattern.shape != fig.data[1].marker.pattern.shape  # not colour alone


@pytest.mark.parametrize(
    "build",
    [
        lambda: charts.cumulative(CURVES, NAMES, (3.0, 42.0), "BE", "de", "Monate", "EUR"),
        lambda: charts.cumulative(CURVES, NAMES, None, "BE", "en", "m", "USD"),
        lambda: charts.sensitivity([1, 10, 100], [None, 5000.0, 2.0], (100, 2.0), 12, LABELS, "en"),
        lambda: charts.sensitivity([1, 10, 100], [None, None, None], (50, None), 12, LABELS, "de"),
        lambda: charts.stacked_bars(["a", "b"], [("p", [1.0, 2.0]), ("q", [3.0, 4.0])], "en", "s", 260),
    ],
)
def test_figures_are_valid_plotly(build: Callable[[], go.Figure]) -> None:
    """The figures skip Plotly's validation at runtime; rebuilt with validation, nothing may change."""
    fig = build()
    validated = go.Figure(fig.to_plotly_json())  # raises on any property Plotly does not know
    assert validated.to_plotly_json() == fig.to_plotly_json()
