"""One-off costs of a fine-tune (core.costs.OneOff) in cumulative cost, break-even and minimum volume."""

from __future__ import annotations

import math

import pytest

from core import costs
from core.costs import OneOff, Plan, RequestCost

PROMPT = RequestCost(input=0.003, cached_input=0.0, output=0.0)  # per request
TUNED = RequestCost(input=0.001, cached_input=0.0, output=0.0)  # 0.002 cheaper
M = costs.DAYS_PER_MONTH


def plans(rpd: float, training: float, one_off: float, retrain: int = 0) -> tuple[Plan, Plan]:
    return (
        Plan("prompt", PROMPT, rpd),
        Plan("finetune", TUNED, rpd, training=training, retrain_months=retrain, one_off=one_off),
    )


@pytest.mark.parametrize(
    ("prep", "evaluation", "hours", "rate", "total"),
    [(0, 0, 0, 0, 0), (1500, 500, 24, 80, 3920), (0, 0, 10, 0, 0), (100, 0, 0.5, 50, 125)],
)
def test_one_off_total(prep: float, evaluation: float, hours: float, rate: float, total: float) -> None:
    assert OneOff(prep, evaluation, hours, rate).total == pytest.approx(total)


@pytest.mark.parametrize("bad", [-1.0, math.inf, math.nan])
def test_one_off_refuses_bad_values(bad: float) -> None:
    with pytest.raises(ValueError):
        OneOff(data_preparation=bad)


@pytest.mark.parametrize(
    ("rpd", "training", "one_off", "retrain", "months", "reason"),
    [
        # saving 0.002 per request: 1,000 a day saves 2 a day, 2 * M a month
        (1000, 100.0, 0.0, 0, 100 / (2 * M), None),
        (1000, 100.0, 900.0, 0, 1000 / (2 * M), None),  # the one-off cost counts like training, once
        (1000, 10.0, 100.0, 1, (100 + 2 * 10) / (2 * M), None),  # paid back in the 2nd retrain period
        (1000, 100.0, 0.0, 1, None, "retraining_too_often"),  # each month saves ~61, a run costs 100
        (0, 10.0, 100.0, 0, None, "no_volume"),
    ],
)
def test_break_even_with_one_off_costs(
    rpd: float, training: float, one_off: float, retrain: int, months: float | None, reason: str | None
) -> None:
    base, ft = plans(rpd, training, one_off, retrain)
    be = costs.break_even(base, ft, horizon_months=120)
    assert be.reason == reason
    if months is None:
        assert be.months is None
    else:
        assert be.months == pytest.approx(months)
        assert ft.cumulative(be.months) == pytest.approx(base.cumulative(be.months))


def test_the_baseline_may_not_carry_one_off_costs() -> None:
    base = Plan("prompt", PROMPT, 10, one_off=1.0)
    with pytest.raises(ValueError):
        costs.break_even(base, plans(10, 1, 0)[1], 12)


@pytest.mark.parametrize(
    ("training", "one_off", "retrain", "horizon"), [(100, 900, 0, 12), (10, 100, 1, 6), (5, 50, 3, 12)]
)
def test_min_requests_per_day_is_where_the_break_even_reaches_the_horizon(
    training: float, one_off: float, retrain: int, horizon: int
) -> None:
    base, ft = plans(1, training, one_off, retrain)
    rpd = costs.min_requests_per_day(base, ft, horizon)
    assert rpd is not None
    at = costs.break_even(costs.with_volume(base, rpd * 1.001), costs.with_volume(ft, rpd * 1.001), horizon)
    below = costs.break_even(costs.with_volume(base, rpd * 0.99), costs.with_volume(ft, rpd * 0.99), horizon)
    assert at.within_horizon and not below.within_horizon


def test_with_volume_keeps_the_one_off_costs() -> None:
    assert costs.with_volume(plans(1, 1, 5)[1], 99).one_off == 5
