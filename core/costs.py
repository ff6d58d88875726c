"""Cost arithmetic of the simulator: per request, per month, cumulative, break-even, sensitivity.

Every price is a plain input in USD per million tokens, so this module does not care where prices come from.
The four options differ in the model they run on and in the shape of their prompt:

* prompt engineering: base model; instructions + few-shot examples (repeated) + user input (varies);
* fine-tuning: fine-tuned model; a short instruction (repeated) + user input; training, retraining, hosting;
* hybrid: fine-tuned model; short instruction + a prompt variation (repeated) + user input; like fine-tuning;
* RAG: base model; instructions (repeated) + retrieved context and user input (both vary).

Time is measured in months (``DAYS_PER_MONTH`` days). A training run is paid at the start; with retraining
every ``N`` months another run is paid right after month ``N``, ``2N``, ... (so a horizon of 12 months with
``N = 6`` pays two runs).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

DAYS_PER_MONTH = 365 / 12
HOURS_PER_MONTH = 24 * DAYS_PER_MONTH  # 730
MTOK = 1_000_000

Option = Literal["prompt", "finetune", "hybrid", "rag"]
OPTIONS: tuple[Option, ...] = ("prompt", "finetune", "hybrid", "rag")
Currency = Literal["USD", "EUR"]
CURRENCIES: tuple[Currency, ...] = ("USD", "EUR")
NoBreakEven = Literal[
    "no_volume", "equal_costs", "not_cheaper_per_request", "hosting_eats_savings", "retraining_too_often"
]


@dataclass(frozen=True)
class Price:
    """Prices in USD per million tokens; ``cached_input`` is None when the catalogue has no cached price."""

    input: float
    output: float
    cached_input: float | None = None

    def __post_init__(self) -> None:
        values = [self.input, self.output] + ([self.cached_input] if self.cached_input is not None else [])
        if any(not math.isfinite(v) or v < 0 for v in values):
            raise ValueError("prices must be finite and not negative")


@dataclass(frozen=True)
class PromptParts:
    """Tokens of one request: ``prefix`` repeats on every request (cacheable), ``variable`` changes."""

    prefix: int
    variable: int
    output: int

    def __post_init__(self) -> None:
        if min(self.prefix, self.variable, self.output) < 0:
            raise ValueError("token counts must not be negative")

    @property
    def input(self) -> int:
        return self.prefix + self.variable


@dataclass(frozen=True)
class Discounts:
    """Prompt caching of the repeated prefix and the batch discount.

    ``cache_hit`` is the share of requests that find their prefix in the cache; ``cache_discount`` is the
    discount on cached tokens used when the price has no cached-input price; a prefix shorter than
    ``cache_min_tokens`` is never cached (OpenAI caches prompts from 1,024 tokens on). ``batch_discount``
    applies to the whole request when ``batch`` is on.
    """

    caching: bool = False
    cache_hit: float = 0.9
    cache_discount: float = 0.5
    cache_min_tokens: int = 1024
    batch: bool = False
    batch_discount: float = 0.5

    def __post_init__(self) -> None:
        for share in (self.cache_hit, self.cache_discount, self.batch_discount):
            if not 0.0 <= share <= 1.0:
                raise ValueError("shares must lie between 0 and 1")
        if self.cache_min_tokens < 0:
            raise ValueError("cache_min_tokens must not be negative")


NO_DISCOUNTS = Discounts()


@dataclass(frozen=True)
class RequestCost:
    """Cost of one request in USD, split by what is paid for."""

    input: float
    cached_input: float
    output: float

    @property
    def total(self) -> float:
        return self.input + self.cached_input + self.output


def cached_tokens(parts: PromptParts, discounts: Discounts) -> float:
    """Expected number of prefix tokens read from the cache per request."""
    if not discounts.caching or parts.prefix < discounts.cache_min_tokens:
        return 0.0
    return parts.prefix * discounts.cache_hit


def cached_price(price: Price, discounts: Discounts) -> float:
    """USD per million cached input tokens: the catalogue's cached price, else the discounted input price."""
    if price.cached_input is not None:
        return price.cached_input
    return price.input * (1.0 - discounts.cache_discount)


def request_cost(parts: PromptParts, price: Price, discounts: Discounts = NO_DISCOUNTS) -> RequestCost:
    """Cost of one request: uncached input + cached input + output, less the batch discount."""
    cached = cached_tokens(parts, discounts)
    factor = (1.0 - discounts.batch_discount) if discounts.batch else 1.0
    return RequestCost(
        input=(parts.input - cached) * price.input / MTOK * factor,
        cached_input=cached * cached_price(price, discounts) / MTOK * factor,
        output=parts.output * price.output / MTOK * factor,
    )


@dataclass(frozen=True)
class OneOff:
    """What a fine-tune costs once besides its training run, in USD: preparing the data, evaluating the
    result, and the engineering hours at an hourly rate. Paid at the start, not again with each retraining."""

    data_preparation: float = 0.0
    evaluation: float = 0.0
    engineering_hours: float = 0.0
    hourly_rate: float = 0.0

    def __post_init__(self) -> None:
        values = (self.data_preparation, self.evaluation, self.engineering_hours, self.hourly_rate)
        if any(not math.isfinite(v) or v < 0 for v in values):
            raise ValueError("one-off costs must be finite and not negative")

    @property
    def engineering(self) -> float:
        return self.engineering_hours * self.hourly_rate

    @property
    def total(self) -> float:
        return self.data_preparation + self.evaluation + self.engineering


NO_ONE_OFF = OneOff()


@dataclass(frozen=True)
class Plan:
    """One option's running costs: per request, volume, training (one run), retraining, hosting, and the
    one-off costs paid once at the start (``OneOff.total``)."""

    option: Option
    per_request: RequestCost
    requests_per_day: float
    training: float = 0.0
    retrain_months: int = 0  # 0: trained once, never again
    hosting_per_hour: float = 0.0
    one_off: float = 0.0

    def __post_init__(self) -> None:
        if self.requests_per_day < 0 or self.training < 0 or self.hosting_per_hour < 0 or self.one_off < 0:
            raise ValueError("volume, training, hosting and one-off costs must not be negative")
        if self.retrain_months < 0:
            raise ValueError("retrain_months must not be negative")

    @property
    def usage_per_month(self) -> float:
        return self.per_request.total * self.requests_per_day * DAYS_PER_MONTH

    @property
    def hosting_per_month(self) -> float:
        return self.hosting_per_hour * HOURS_PER_MONTH

    @property
    def running_per_month(self) -> float:
        """Monthly cost without training: usage plus hosting."""
        return self.usage_per_month + self.hosting_per_month

    def training_runs(self, months: float) -> int:
        """Training runs paid by time ``months``: the first at 0, another right after every retrain period."""
        if self.training == 0:
            return 0
        if self.retrain_months == 0 or months <= 0:
            return 1
        return max(1, math.ceil(months / self.retrain_months - 1e-12))

    def cumulative(self, months: float) -> float:
        """Total spent from the start to ``months``."""
        if months < 0:
            raise ValueError("months must not be negative")
        return self.one_off + self.training * self.training_runs(months) + self.running_per_month * months

    def requests(self, months: float) -> float:
        return self.requests_per_day * DAYS_PER_MONTH * months


@dataclass(frozen=True)
class BreakEven:
    """When the challenger (e.g. fine-tuning) has cost no more in total than the baseline (e.g. prompting).

    ``months`` is None when it never happens; then ``reason`` says why.
    """

    months: float | None
    requests: float | None
    reason: NoBreakEven | None
    within_horizon: bool

    @property
    def days(self) -> float | None:
        return None if self.months is None else self.months * DAYS_PER_MONTH


def _never(reason: NoBreakEven) -> BreakEven:
    return BreakEven(months=None, requests=None, reason=reason, within_horizon=False)


def break_even(baseline: Plan, challenger: Plan, horizon_months: float) -> BreakEven:
    """First time the challenger's cumulative cost is at most the baseline's (baseline without training).

    With O the one-off costs, T the cost of one training run and s the monthly running-cost difference
    (challenger - baseline), the gap is ``D(t) = O + T * runs(t) + s * t``. Without retraining it closes at
    ``t* = (O + T) / -s`` if s < 0. With retraining every N months the gap reopens by T after each period, so
    each period must save more than T (``-s * N > T``); the gap then first closes in period k, the smallest
    k >= 1 with ``O + k * T <= -s * k * N``, at ``t* = (O + k * T) / -s``.
    """
    if baseline.training or baseline.one_off:
        raise ValueError("the baseline must not have a training or one-off cost")
    if baseline.requests_per_day == 0 and challenger.requests_per_day == 0:
        return _never("no_volume")
    slope = challenger.running_per_month - baseline.running_per_month
    fixed = challenger.training + challenger.one_off
    if slope >= 0:
        if fixed == 0 and slope == 0:
            return _never("equal_costs")
        if challenger.per_request.total < baseline.per_request.total:
            return _never("hosting_eats_savings")
        return _never("not_cheaper_per_request")
    months = fixed / -slope
    period = challenger.retrain_months
    if period and challenger.training and months > period:
        per_period = -slope * period - challenger.training  # what one period nets after its training run
        if per_period <= 0:
            return _never("retraining_too_often")
        k = max(1, math.ceil(challenger.one_off / per_period - 1e-12))
        months = (challenger.one_off + k * challenger.training) / -slope
    return BreakEven(
        months=months,
        requests=challenger.requests(months),
        reason=None,
        within_horizon=months <= horizon_months,
    )


def min_requests_per_day(baseline: Plan, challenger: Plan, horizon_months: float) -> float | None:
    """Smallest daily volume at which the challenger breaks even within the horizon (None: no volume will).

    Per-request saving ``d = c_base - c_chal`` must pay the one-off costs, the training runs and the extra
    hosting by the end of some retrain period within the horizon (the gap is smallest just before a run):
    at ``L_k = min(k * N, horizon)``: ``rpd * DAYS_PER_MONTH * d * L_k >= O + k * T + hosting * L_k``;
    without retraining only ``L = horizon`` counts.
    """
    if horizon_months <= 0:
        raise ValueError("the horizon must be positive")
    saving = baseline.per_request.total - challenger.per_request.total
    if saving <= 0:
        return None
    extra_hosting = challenger.hosting_per_month - baseline.hosting_per_month
    period = challenger.retrain_months if challenger.training else 0
    windows: list[tuple[int, float]] = [(1, float(horizon_months))]
    if period:
        runs = max(1, math.ceil(horizon_months / period - 1e-12))
        windows = [(k, float(min(k * period, horizon_months))) for k in range(1, runs + 1)]
    return max(
        0.0,
        min(
            (challenger.one_off + k * challenger.training + extra_hosting * window)
            / (DAYS_PER_MONTH * saving * window)
            for k, window in windows
        ),
    )


def with_volume(plan: Plan, requests_per_day: float) -> Plan:
    return Plan(
        option=plan.option,
        per_request=plan.per_request,
        requests_per_day=requests_per_day,
        training=plan.training,
        retrain_months=plan.retrain_months,
        hosting_per_hour=plan.hosting_per_hour,
        one_off=plan.one_off,
    )


def sensitivity(
    baseline: Plan, challenger: Plan, volumes: Sequence[float], horizon_months: float
) -> list[tuple[float, BreakEven]]:
    """Break-even at each daily volume in ``volumes`` (everything else unchanged)."""
    return [
        (v, break_even(with_volume(baseline, v), with_volume(challenger, v), horizon_months)) for v in volumes
    ]


def volume_grid(low: float, high: float, per_decade: int = 12) -> list[float]:
    """Log-spaced volumes from ``low`` to ``high`` (both included), ``per_decade`` points per factor 10."""
    if low <= 0 or high < low or per_decade < 1:
        raise ValueError("need 0 < low <= high and at least one point per decade")
    n = max(1, math.ceil(math.log10(high / low) * per_decade))
    return [low * (high / low) ** (i / n) for i in range(n + 1)] if high > low else [low]


def curve(plan: Plan, horizon_months: float) -> tuple[list[float], list[float]]:
    """Exact points of the piecewise-linear cumulative cost (two points at every retraining jump)."""
    if horizon_months <= 0:
        raise ValueError("the horizon must be positive")
    xs: list[float] = [0.0]
    ys: list[float] = [plan.cumulative(0.0)]
    if plan.training and plan.retrain_months:
        k = 1
        while k * plan.retrain_months < horizon_months:
            t = float(k * plan.retrain_months)
            xs += [t, t]
            ys += [plan.cumulative(t), plan.cumulative(t) + plan.training]
            k += 1
    xs.append(float(horizon_months))
    ys.append(plan.cumulative(horizon_months))
    return xs, ys


def convert(usd: float, currency: Currency, eur_per_usd: float) -> float:
    """An amount in USD in the chosen currency (EUR at the user's rate)."""
    if currency == "USD":
        return usd
    if eur_per_usd <= 0 or not math.isfinite(eur_per_usd):
        raise ValueError("the exchange rate must be positive")
    return usd * eur_per_usd
