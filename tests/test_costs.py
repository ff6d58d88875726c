"""Cost formulas of the simulator: table-driven cases with edge cases, plus hypothesis properties."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import costs
from core.costs import DAYS_PER_MONTH, HOURS_PER_MONTH, Discounts, Plan, Price, PromptParts, RequestCost

MINI = Price(input=0.15, output=0.60, cached_input=0.075)
MINI_FT = Price(input=0.30, output=1.20, cached_input=0.15)
NO_CACHE_PRICE = Price(input=2.0, output=8.0)


def plan(
    per_request: float, rpd: float, training: float = 0.0, retrain: int = 0, hosting: float = 0.0
) -> Plan:
    return Plan(
        "finetune" if training else "prompt",
        RequestCost(per_request, 0.0, 0.0),
        rpd,
        training,
        retrain,
        hosting,
    )


# ---------------------------------------------------------------------------------------- per request


@pytest.mark.parametrize(
    ("parts", "price", "discounts", "expected"),
    [
        # 1,000 prompt tokens + 100 output at 0.15 / 0.60 per 1M
        (PromptParts(800, 200, 100), MINI, Discounts(), (1000 * 0.15 + 100 * 0.60) / 1e6),
        (PromptParts(0, 0, 0), MINI, Discounts(), 0.0),
        # caching on, prefix below the 1,024-token minimum: nothing cached
        (PromptParts(1000, 200, 100), MINI, Discounts(caching=True, cache_hit=1.0), (1200 * 0.15 + 60) / 1e6),
        # caching on, 2,000-token prefix fully cached at the catalogue's cached price
        (
            PromptParts(2000, 100, 10),
            MINI,
            Discounts(caching=True, cache_hit=1.0),
            (100 * 0.15 + 2000 * 0.075 + 10 * 0.60) / 1e6,
        ),
        # half the requests hit the cache
        (
            PromptParts(2000, 0, 0),
            MINI,
            Discounts(caching=True, cache_hit=0.5),
            (1000 * 0.15 + 1000 * 0.075) / 1e6,
        ),
        # no cached price in the catalogue: input price less the discount (25 %)
        (
            PromptParts(2000, 0, 0),
            NO_CACHE_PRICE,
            Discounts(caching=True, cache_hit=1.0, cache_discount=0.25),
            2000 * 1.5 / 1e6,
        ),
        # batch halves everything
        (
            PromptParts(800, 200, 100),
            MINI,
            Discounts(batch=True, batch_discount=0.5),
            (1000 * 0.15 + 100 * 0.60) / 2e6,
        ),
        # caching and batch together
        (
            PromptParts(2000, 0, 100),
            MINI,
            Discounts(caching=True, cache_hit=1.0, batch=True, batch_discount=0.5),
            (2000 * 0.075 + 100 * 0.60) / 2e6,
        ),
        # batch off: the discount value does not matter
        (
            PromptParts(800, 200, 100),
            MINI,
            Discounts(batch=False, batch_discount=0.9),
            (1000 * 0.15 + 60) / 1e6,
        ),
    ],
)
def test_request_cost(parts: PromptParts, price: Price, discounts: Discounts, expected: float) -> None:
    assert costs.request_cost(parts, price, discounts).total == pytest.approx(expected)


def test_request_cost_split() -> None:
    cost = costs.request_cost(PromptParts(2000, 500, 100), MINI, Discounts(caching=True, cache_hit=1.0))
    assert cost.input == pytest.approx(500 * 0.15 / 1e6)
    assert cost.cached_input == pytest.approx(2000 * 0.075 / 1e6)
    assert cost.output == pytest.approx(100 * 0.60 / 1e6)


@pytest.mark.parametrize(
    ("prefix", "discounts", "cached"),
    [
        (2000, Discounts(), 0.0),  # caching off
        (1023, Discounts(caching=True, cache_hit=1.0), 0.0),
        (1024, Discounts(caching=True, cache_hit=1.0), 1024.0),
        (3000, Discounts(caching=True, cache_hit=0.9), 2700.0),
        (3000, Discounts(caching=True, cache_hit=0.0), 0.0),
        (100, Discounts(caching=True, cache_hit=1.0, cache_min_tokens=0), 100.0),
    ],
)
def test_cached_tokens(prefix: int, discounts: Discounts, cached: float) -> None:
    assert costs.cached_tokens(PromptParts(prefix, 50, 10), discounts) == pytest.approx(cached)


@pytest.mark.parametrize(
    "bad",
    [
        lambda: Price(-1.0, 1.0),
        lambda: Price(1.0, math.inf),
        lambda: Price(1.0, 1.0, -0.1),
        lambda: PromptParts(-1, 0, 0),
        lambda: Discounts(cache_hit=1.5),
        lambda: Discounts(batch_discount=-0.1),
        lambda: Plan("prompt", RequestCost(0, 0, 0), -1),
        lambda: Plan("prompt", RequestCost(0, 0, 0), 1, retrain_months=-1),
    ],
)
def test_invalid_inputs_are_rejected(bad: object) -> None:
    with pytest.raises(ValueError):
        bad()  # type: ignore[operator]


# ---------------------------------------------------------------------------------------- month, cumulative


@pytest.mark.parametrize(
    ("p", "usage", "hosting"),
    [
        (plan(0.001, 1000), 0.001 * 1000 * DAYS_PER_MONTH, 0.0),
        (plan(0.001, 0), 0.0, 0.0),
        (plan(0.0, 0, training=5, hosting=1.0), 0.0, HOURS_PER_MONTH),
        (plan(0.002, 500, training=5, hosting=0.5), 0.002 * 500 * DAYS_PER_MONTH, 0.5 * HOURS_PER_MONTH),
    ],
)
def test_monthly_costs(p: Plan, usage: float, hosting: float) -> None:
    assert p.usage_per_month == pytest.approx(usage)
    assert p.hosting_per_month == pytest.approx(hosting)
    assert p.running_per_month == pytest.approx(usage + hosting)


def test_hours_per_month_is_730() -> None:
    assert pytest.approx(730.0) == HOURS_PER_MONTH


@pytest.mark.parametrize(
    ("training", "retrain", "months", "runs"),
    [
        (0.0, 0, 12, 0),  # no training
        (10.0, 0, 0, 1),  # paid at the start
        (10.0, 0, 120, 1),  # never retrained
        (10.0, 6, 0, 1),
        (10.0, 6, 6, 1),  # the second run is paid right after month 6
        (10.0, 6, 6.01, 2),
        (10.0, 6, 12, 2),  # a 12-month horizon with N=6 pays two runs
        (10.0, 1, 12, 12),
        (10.0, 5, 12, 3),
    ],
)
def test_training_runs(training: float, retrain: int, months: float, runs: int) -> None:
    assert plan(0.001, 100, training, retrain).training_runs(months) == runs


@pytest.mark.parametrize(
    ("p", "months", "total"),
    [
        (plan(0.001, 1000), 0, 0.0),
        (plan(0.001, 1000), 12, 0.001 * 1000 * 365),
        (plan(0.001, 1000, training=50), 0, 50.0),
        (plan(0.001, 1000, training=50, retrain=6), 12, 100 + 0.001 * 1000 * 365),
        (plan(0.0, 0, training=50, hosting=1.0), 1, 50 + 730),
    ],
)
def test_cumulative(p: Plan, months: float, total: float) -> None:
    assert p.cumulative(months) == pytest.approx(total)


def test_cumulative_rejects_negative_time() -> None:
    with pytest.raises(ValueError):
        plan(0.001, 10).cumulative(-1)


# ---------------------------------------------------------------------------------------- break-even


@pytest.mark.parametrize(
    ("baseline", "challenger", "horizon", "months", "reason", "within"),
    [
        # saves 0.001 per request, 1,000 a day -> 1 USD a day; training 30.4167 USD -> 1 month
        (plan(0.002, 1000), plan(0.001, 1000, DAYS_PER_MONTH), 12, 1.0, None, True),
        # the same, horizon shorter than the break-even
        (plan(0.002, 1000), plan(0.001, 1000, DAYS_PER_MONTH * 24), 12, 24.0, None, False),
        # exactly at the horizon counts as within
        (plan(0.002, 1000), plan(0.001, 1000, DAYS_PER_MONTH * 12), 12, 12.0, None, True),
        # zero volume
        (plan(0.002, 0), plan(0.001, 0, 10), 12, None, "no_volume", False),
        # equal per-request cost, training > 0: never
        (plan(0.002, 1000), plan(0.002, 1000, 10), 12, None, "not_cheaper_per_request", False),
        # equal costs and no training at all
        (plan(0.002, 1000), plan(0.002, 1000), 12, None, "equal_costs", False),
        # fine-tuned dearer per request: never
        (plan(0.001, 1000), plan(0.002, 1000, 10), 12, None, "not_cheaper_per_request", False),
        # cheaper per request, but hosting (1 USD/h = 730/month) costs more than the 30 USD/month saved
        (plan(0.002, 1000), plan(0.001, 1000, 10, hosting=1.0), 12, None, "hosting_eats_savings", False),
        # cheaper per request but retraining monthly costs more than a month's saving (30.4)
        (plan(0.002, 1000), plan(0.001, 1000, 40, retrain=1), 12, None, "retraining_too_often", False),
        # monthly retraining that a month's saving does cover: break-even inside the first period
        (plan(0.002, 1000), plan(0.001, 1000, DAYS_PER_MONTH / 2, retrain=1), 12, 0.5, None, True),
        # no training cost, cheaper per request: immediately
        (plan(0.002, 1000), plan(0.001, 1000), 12, 0.0, None, True),
    ],
)
def test_break_even(
    baseline: Plan, challenger: Plan, horizon: float, months: float | None, reason: str | None, within: bool
) -> None:
    result = costs.break_even(baseline, challenger, horizon)
    assert result.reason == reason
    assert result.within_horizon is within
    if months is None:
        assert result.months is None and result.requests is None and result.days is None
    else:
        assert result.months == pytest.approx(months)
        assert result.requests == pytest.approx(challenger.requests_per_day * DAYS_PER_MONTH * months)
        assert result.days == pytest.approx(months * DAYS_PER_MONTH)


def test_break_even_with_hosting_is_later() -> None:
    # saving 30.4167/month, hosting 0.01/h = 7.3/month -> net 23.1167/month; training 100
    result = costs.break_even(plan(0.002, 1000), plan(0.001, 1000, 100, hosting=0.01), 24)
    assert result.months == pytest.approx(100 / (DAYS_PER_MONTH - 7.3))


def test_break_even_needs_a_baseline_without_training() -> None:
    with pytest.raises(ValueError):
        costs.break_even(plan(0.002, 1000, 5), plan(0.001, 1000, 5), 12)


@pytest.mark.parametrize(
    ("baseline", "challenger", "horizon", "expected"),
    [
        # training 365 USD, saving 0.001/request, 12 months -> 365 / (0.001 * 365) = 1000 requests/day
        (plan(0.002, 1), plan(0.001, 1, 365), 12, 1000.0),
        # retraining every 6 months: one run must be paid within 6 months -> twice the volume
        (plan(0.002, 1), plan(0.001, 1, 365, retrain=6), 12, 2000.0),
        # hosting 1 USD/h: 730/month more to earn
        (plan(0.002, 1), plan(0.001, 1, 365, hosting=1.0), 12, (365 / 12 + 730) / (DAYS_PER_MONTH * 0.001)),
        # no training, no hosting: any volume
        (plan(0.002, 1), plan(0.001, 1), 12, 0.0),
        # never cheaper per request: no volume helps
        (plan(0.001, 1), plan(0.002, 1, 10), 12, None),
        (plan(0.001, 1), plan(0.001, 1, 10), 12, None),
    ],
)
def test_min_requests_per_day(
    baseline: Plan, challenger: Plan, horizon: float, expected: float | None
) -> None:
    result = costs.min_requests_per_day(baseline, challenger, horizon)
    if expected is None:
        assert result is None
    else:
        assert result == pytest.approx(expected)


def test_min_requests_per_day_is_the_edge_of_break_even() -> None:
    base, chal = plan(0.002, 1), plan(0.0012, 1, 200, retrain=4, hosting=0.05)
    rpd = costs.min_requests_per_day(base, chal, 12)
    assert rpd is not None
    at = costs.break_even(costs.with_volume(base, rpd), costs.with_volume(chal, rpd), 12)
    assert at.months == pytest.approx(4.0)  # just inside the retraining period
    below = costs.break_even(costs.with_volume(base, rpd * 0.99), costs.with_volume(chal, rpd * 0.99), 12)
    assert below.months is None and below.reason == "retraining_too_often"


def test_sensitivity_uses_each_volume() -> None:
    rows = costs.sensitivity(plan(0.002, 5), plan(0.001, 5, DAYS_PER_MONTH), [0, 500, 1000, 2000], 12)
    assert [v for v, _ in rows] == [0, 500, 1000, 2000]
    assert rows[0][1].reason == "no_volume"
    assert [b.months for _, b in rows[1:]] == pytest.approx([2.0, 1.0, 0.5])


@pytest.mark.parametrize(
    ("low", "high", "per_decade", "n"),
    [(1, 1_000_000, 8, 49), (10, 100, 4, 5), (5, 5, 3, 1)],
)
def test_volume_grid(low: float, high: float, per_decade: int, n: int) -> None:
    grid = costs.volume_grid(low, high, per_decade)
    assert len(grid) == n
    assert grid[0] == pytest.approx(low) and grid[-1] == pytest.approx(high)
    assert all(a < b for a, b in itertools.pairwise(grid))


@pytest.mark.parametrize("bad", [(0, 10, 4), (10, 1, 4), (1, 10, 0)])
def test_volume_grid_rejects_bad_ranges(bad: tuple[float, float, int]) -> None:
    with pytest.raises(ValueError):
        costs.volume_grid(*bad)


@pytest.mark.parametrize(
    ("p", "horizon", "xs"),
    [
        (plan(0.001, 100), 12, [0.0, 12.0]),
        (plan(0.001, 100, 10), 12, [0.0, 12.0]),
        (plan(0.001, 100, 10, retrain=6), 12, [0.0, 6.0, 6.0, 12.0]),
        (plan(0.001, 100, 10, retrain=5), 12, [0.0, 5.0, 5.0, 10.0, 10.0, 12.0]),
    ],
)
def test_curve_points(p: Plan, horizon: float, xs: list[float]) -> None:
    cx, cy = costs.curve(p, horizon)
    assert cx == xs
    for x, y in zip(cx, cy, strict=True):
        # every point lies on the cumulative cost (before or right after a jump)
        assert y == pytest.approx(p.cumulative(x)) or y == pytest.approx(p.cumulative(x) + p.training)


@pytest.mark.parametrize(
    ("usd", "currency", "rate", "expected"),
    [(100.0, "USD", 0.9, 100.0), (100.0, "EUR", 0.9, 90.0), (0.0, "EUR", 0.87, 0.0)],
)
def test_convert(usd: float, currency: costs.Currency, rate: float, expected: float) -> None:
    assert costs.convert(usd, currency, rate) == pytest.approx(expected)


def test_convert_rejects_bad_rate() -> None:
    with pytest.raises(ValueError):
        costs.convert(1.0, "EUR", 0.0)


# ---------------------------------------------------------------------------------------- properties

money = st.floats(min_value=0.0, max_value=0.1, allow_nan=False)
volume = st.floats(min_value=0.0, max_value=1_000_000, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(
    per_request=money,
    training=st.floats(0, 10_000),
    retrain=st.integers(0, 24),
    hosting=st.floats(0, 10),
    v1=volume,
    v2=volume,
    months=st.floats(0, 60),
)
def test_cost_never_falls_as_volume_rises(
    per_request: float, training: float, retrain: int, hosting: float, v1: float, v2: float, months: float
) -> None:
    low, high = sorted((v1, v2))
    a = plan(per_request, low, training, retrain, hosting)
    b = plan(per_request, high, training, retrain, hosting)
    assert b.running_per_month >= a.running_per_month
    assert b.cumulative(months) >= a.cumulative(months)


@settings(max_examples=200, deadline=None)
@given(
    tokens=st.integers(0, 20_000),
    extra=st.integers(0, 20_000),
    out=st.integers(0, 5000),
    caching=st.booleans(),
    batch=st.booleans(),
)
def test_more_prompt_tokens_never_cost_less(
    tokens: int, extra: int, out: int, caching: bool, batch: bool
) -> None:
    disc = Discounts(caching=caching, cache_hit=0.8, batch=batch)
    short = costs.request_cost(PromptParts(0, tokens, out), MINI, disc).total
    long = costs.request_cost(PromptParts(0, tokens + extra, out), MINI, disc).total
    assert long >= short


@settings(max_examples=300, deadline=None)
@given(
    base_cost=st.floats(1e-6, 0.05),
    saving_share=st.floats(0.01, 0.99),
    rpd=st.floats(1, 100_000),
    training=st.floats(0.01, 50_000),
    retrain=st.integers(0, 24),
    hosting=st.floats(0, 5),
)
def test_break_even_is_where_the_cumulative_curves_cross(
    base_cost: float, saving_share: float, rpd: float, training: float, retrain: int, hosting: float
) -> None:
    baseline = plan(base_cost, rpd)
    challenger = plan(base_cost * (1 - saving_share), rpd, training, retrain, hosting)
    result = costs.break_even(baseline, challenger, 60)

    def gap(t: float) -> float:
        return challenger.cumulative(t) - baseline.cumulative(t)

    scale = max(training, baseline.cumulative(1.0), 1e-9)
    if result.months is None:
        assert result.reason in ("hosting_eats_savings", "retraining_too_often")
        # never crosses: the gap stays positive at the end of every retraining period (and far out)
        checkpoints = [retrain * k for k in range(1, 50)] if retrain else [1.0, 10.0, 1000.0]
        assert all(gap(t) > -1e-9 * scale for t in checkpoints)
    else:
        t = result.months
        assert gap(t) == pytest.approx(0.0, abs=1e-7 * scale)  # the curves meet at t
        for frac in (0.25, 0.5, 0.9, 0.99):
            assert gap(t * frac) > 0  # before t, fine-tuning has cost more
        assert gap(t * 1.01 if retrain == 0 else min(t * 1.01, retrain)) <= 1e-9 * scale


@settings(max_examples=200, deadline=None)
@given(
    base_cost=st.floats(1e-6, 0.05),
    saving_share=st.floats(0.01, 0.99),
    rpd1=st.floats(1, 100_000),
    rpd2=st.floats(1, 100_000),
    training=st.floats(0.01, 50_000),
    hosting=st.floats(0, 5),
)
def test_break_even_never_comes_later_with_more_volume(
    base_cost: float, saving_share: float, rpd1: float, rpd2: float, training: float, hosting: float
) -> None:
    low, high = sorted((rpd1, rpd2))
    results = [
        costs.break_even(
            plan(base_cost, v), plan(base_cost * (1 - saving_share), v, training, 0, hosting), 60
        )
        for v in (low, high)
    ]
    if results[0].months is not None:
        assert results[1].months is not None
        assert results[1].months <= results[0].months * (1 + 1e-9)
