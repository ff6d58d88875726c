"""The score chart: one bar per approach, best on top, the recommendation highlighted, scores as labels."""

from __future__ import annotations

import pytest

from core import fmt, i18n
from features.wizard import chart, scoring
from tests.features.wizard.scenarios import SCENARIOS, WIZ


@pytest.mark.parametrize(("lang", "scenario"), [("en", 3), ("de", 5), ("en", 0), ("de", 1)])
def test_score_figure(lang: i18n.Lang, scenario: int) -> None:
    wizard = WIZ[lang]
    result = scoring.evaluate(wizard, SCENARIOS[scenario][1])
    fig = chart.score_figure(wizard, result, "Axis", lang)
    bar = fig.data[0]
    names = [wizard.approaches[a].name for a in result.ranking]
    assert list(bar.y) == names[::-1]  # plotly draws the first bar at the bottom
    assert list(bar.x) == [result.scores[a] for a in result.ranking][::-1]
    assert list(bar.text) == [fmt.number(result.scores[a], lang) for a in result.ranking][::-1]
    colours = dict(zip(bar.y, bar.marker.color, strict=True))
    assert colours == {
        wizard.approaches[a].name: chart.REC_COLOUR if a == result.recommendation else chart.OTHER_COLOUR
        for a in result.ranking
    }
    assert fig.layout.xaxis.title.text == "Axis"
    assert fig.layout.height == 80 + 48 * len(result.ranking)
