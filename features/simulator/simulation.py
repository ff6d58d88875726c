"""One run of the simulator: a scenario plus prices in, every number the page shows out.

Prices come in as plain values (``Prices``); the page looks them up in the catalogue and applies the
learner's overrides with ``apply_overrides``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from core import costs, latency, training
from core.costs import OPTIONS, BreakEven, Option, Plan, Price, PromptParts
from features.simulator.scenario import Scenario

SENSITIVITY_LOW = 1.0
SENSITIVITY_HIGH = 1_000_000.0
SENSITIVITY_PER_DECADE = 8


@dataclass(frozen=True)
class Prices:
    """USD per 1M tokens: base model, fine-tuned model (inference) and fine-tuning (training)."""

    base: Price
    fine_tuned: Price
    training_per_mtok: float
    batch_exact: bool = False  # base and fine-tuned are the providers' own batch prices (no flat discount)


def apply_overrides(s: Scenario, catalogue: Prices) -> Prices:
    """The catalogue's prices with every override the scenario sets."""

    def pick(override: float | None, value: float | None) -> float | None:
        return value if override is None else override

    base = catalogue.base
    ft = catalogue.fine_tuned
    return Prices(
        base=Price(
            input=s.base_input_price if s.base_input_price is not None else base.input,
            output=s.base_output_price if s.base_output_price is not None else base.output,
            cached_input=pick(s.base_cached_price, base.cached_input),
        ),
        fine_tuned=Price(
            input=s.ft_input_price if s.ft_input_price is not None else ft.input,
            output=s.ft_output_price if s.ft_output_price is not None else ft.output,
            cached_input=pick(s.ft_cached_price, ft.cached_input),
        ),
        training_per_mtok=(s.training_price if s.training_price is not None else catalogue.training_per_mtok),
        batch_exact=catalogue.batch_exact,
    )


def prompt_parts(s: Scenario) -> dict[Option, PromptParts]:
    """The prompt of each option, split into the repeated prefix and the varying part."""
    return {
        "prompt": PromptParts(s.instruction_tokens + s.few_shot_tokens, s.input_tokens, s.output_tokens),
        "finetune": PromptParts(s.ft_prompt_tokens, s.input_tokens, s.output_tokens),
        "hybrid": PromptParts(s.ft_prompt_tokens + s.hybrid_tokens, s.input_tokens, s.output_tokens),
        "rag": PromptParts(s.instruction_tokens, s.rag_tokens + s.input_tokens, s.output_tokens),
    }


def discounts(s: Scenario, batch_exact: bool = False) -> costs.Discounts:
    """The scenario's discounts; with ``batch_exact`` the prices already are batch prices, so the flat
    batch discount (the fallback for a model without a published batch price) is not applied."""
    return costs.Discounts(
        caching=s.caching,
        cache_hit=s.cache_hit_pct / 100,
        cache_discount=s.cache_discount_pct / 100,
        batch=s.batch and not batch_exact,
        batch_discount=s.batch_discount_pct / 100,
    )


def speeds(s: Scenario) -> latency.Speeds:
    return latency.Speeds(s.prefill_tps, s.generation_tps, s.overhead_s, s.retrieval_s)


def one_off(s: Scenario) -> costs.OneOff:
    """The fine-tune's one-off costs besides training: data preparation, evaluation, engineering hours."""
    return costs.OneOff(s.data_prep_cost, s.eval_cost, s.eng_hours, s.eng_rate)


def epochs(s: Scenario) -> int:
    """The scenario's epochs, or OpenAI's default for its training-set size."""
    return s.epochs if s.epochs is not None else training.default_epochs(s.train_examples)


def billed_training_tokens(s: Scenario) -> int:
    """Tokens billed for one training run (every example has ``train_tokens`` tokens)."""
    return training.billed_tokens([s.train_tokens], epochs(s)) * s.train_examples


@dataclass(frozen=True)
class Result:
    prices: Prices
    parts: dict[Option, PromptParts]
    plans: dict[Option, Plan]
    latency: dict[Option, latency.Latency]
    epochs: int
    billed_tokens: int
    training_cost: float  # one run, USD
    one_off: costs.OneOff  # paid once by fine-tuning and hybrid, besides training
    break_even: BreakEven  # fine-tuning vs prompt engineering
    hybrid_break_even: BreakEven  # hybrid vs prompt engineering
    min_rpd: float | None  # fine-tuning breaks even within the horizon from this volume on
    sensitivity: list[tuple[float, BreakEven]] = field(default_factory=list)

    def cumulative(self, option: Option, months: float) -> float:
        return self.plans[option].cumulative(months)

    def cheapest(self, months: float) -> Option:
        """The option with the lowest cumulative cost at ``months`` (first in ``OPTIONS`` on a tie)."""
        return min(OPTIONS, key=lambda o: self.plans[o].cumulative(months))


def simulate(s: Scenario, prices: Prices) -> Result:
    """Every number of the simulator for scenario ``s`` at ``prices`` (overrides already applied)."""
    parts = prompt_parts(s)
    disc = discounts(s, prices.batch_exact)
    n_epochs = epochs(s)
    billed = billed_training_tokens(s)
    train_cost = training.training_cost(billed, prices.training_per_mtok)
    extra = one_off(s)
    plans: dict[Option, Plan] = {}
    for option in OPTIONS:
        tuned = option in ("finetune", "hybrid")
        price = prices.fine_tuned if tuned else prices.base
        plans[option] = Plan(
            option=option,
            per_request=costs.request_cost(parts[option], price, disc),
            requests_per_day=s.requests_per_day,
            training=train_cost if tuned else 0.0,
            retrain_months=s.retrain_months if tuned else 0,
            hosting_per_hour=s.hosting_per_hour if tuned else 0.0,
            one_off=extra.total if tuned else 0.0,
        )
    spd = speeds(s)
    lat = {
        o: latency.estimate(parts[o].input, parts[o].output, spd, s.retrieval_s if o == "rag" else 0.0)
        for o in OPTIONS
    }
    grid = costs.volume_grid(SENSITIVITY_LOW, SENSITIVITY_HIGH, SENSITIVITY_PER_DECADE)
    return Result(
        prices=prices,
        parts=parts,
        plans=plans,
        latency=lat,
        epochs=n_epochs,
        billed_tokens=billed,
        training_cost=train_cost,
        one_off=extra,
        break_even=costs.break_even(plans["prompt"], plans["finetune"], s.horizon_months),
        hybrid_break_even=costs.break_even(plans["prompt"], plans["hybrid"], s.horizon_months),
        min_rpd=costs.min_requests_per_day(plans["prompt"], plans["finetune"], s.horizon_months),
        sensitivity=costs.sensitivity(plans["prompt"], plans["finetune"], grid, s.horizon_months),
    )


def export_results(s: Scenario, r: Result) -> dict[str, Any]:
    """The results as flat name -> value pairs (USD), for the JSON and CSV exports."""
    out: dict[str, Any] = {"currency": "USD"}
    for o in OPTIONS:
        plan = r.plans[o]
        out[f"{o}.cost_per_request"] = round(plan.per_request.total, 8)
        out[f"{o}.cost_per_month"] = round(plan.running_per_month, 4)
        out[f"{o}.cumulative_at_horizon"] = round(plan.cumulative(s.horizon_months), 4)
        out[f"{o}.prompt_tokens"] = r.parts[o].input
        out[f"{o}.ttft_s"] = round(r.latency[o].ttft, 4)
        out[f"{o}.total_latency_s"] = round(r.latency[o].total, 4)
    out["training.epochs"] = r.epochs
    out["training.billed_tokens"] = r.billed_tokens
    out["training.cost_per_run"] = round(r.training_cost, 4)
    out["one_off.total"] = round(r.one_off.total, 4)
    out["break_even.months"] = None if r.break_even.months is None else round(r.break_even.months, 4)
    out["break_even.requests"] = None if r.break_even.requests is None else round(r.break_even.requests)
    out["break_even.reason"] = r.break_even.reason
    out["break_even.min_requests_per_day"] = None if r.min_rpd is None else round(r.min_rpd, 2)
    return out


@dataclass(frozen=True)
class Fact:
    """One sentence of the plain-language reading: an interface-string key and its values.

    ``money`` holds USD amounts (the page converts and formats them), ``numbers`` plain numbers,
    ``options`` option ids (the page shows their names).
    """

    key: str
    money: dict[str, float] = field(default_factory=dict)
    numbers: dict[str, float] = field(default_factory=dict)
    options: dict[str, Option] = field(default_factory=dict)


def _never_fact(s: Scenario, r: Result) -> Fact:
    be = r.break_even
    prompt, ft = r.plans["prompt"], r.plans["finetune"]
    key = f"read_never_{be.reason}"
    if be.reason == "not_cheaper_per_request":
        return Fact(key, money={"prompt": prompt.per_request.total, "ft": ft.per_request.total})
    if be.reason == "hosting_eats_savings":
        saving = prompt.usage_per_month - ft.usage_per_month
        return Fact(key, money={"saving": saving, "hosting": ft.hosting_per_month})
    if be.reason == "retraining_too_often":
        saving = (prompt.running_per_month - ft.running_per_month) * s.retrain_months
        return Fact(
            key, money={"saving": saving, "training": r.training_cost}, numbers={"months": s.retrain_months}
        )
    return Fact(key)


def reading(s: Scenario, r: Result) -> list[Fact]:
    """What the numbers say, sentence by sentence, most important first."""
    facts: list[Fact] = []
    best = r.cheapest(s.horizon_months)
    facts.append(
        Fact(
            "read_cheapest",
            money={"total": r.cumulative(best, s.horizon_months)},
            numbers={"horizon": s.horizon_months},
            options={"option": best},
        )
    )
    be = r.break_even
    if be.months is not None and be.requests is not None:
        key = "read_break_even" if be.within_horizon else "read_break_even_late"
        facts.append(
            Fact(
                key,
                money={"training": r.training_cost},
                numbers={
                    "months": be.months,
                    "days": be.months * costs.DAYS_PER_MONTH,
                    "requests": be.requests,
                    "horizon": s.horizon_months,
                },
            )
        )
    else:
        facts.append(_never_fact(s, r))
    if r.min_rpd is not None and not be.within_horizon:
        facts.append(Fact("read_min_rpd", numbers={"rpd": math.ceil(r.min_rpd), "horizon": s.horizon_months}))
    prompt_parts = r.parts["prompt"]
    if prompt_parts.input > 0:
        facts.append(
            Fact(
                "read_prefix",
                numbers={
                    "prefix": prompt_parts.prefix,
                    "total": prompt_parts.input,
                    "share": prompt_parts.prefix / prompt_parts.input,
                    "ft": r.parts["finetune"].input,
                },
            )
        )
    facts.append(
        Fact(
            "read_latency",
            numbers={
                "prompt": r.latency["prompt"].ttft,
                "ft": r.latency["finetune"].ttft,
                "rag": r.latency["rag"].ttft,
            },
        )
    )
    if s.retrain_months:
        runs = r.plans["finetune"].training_runs(s.horizon_months)
        facts.append(
            Fact(
                "read_retrain",
                money={"each": r.training_cost, "all": runs * r.training_cost},
                numbers={"runs": runs, "months": s.retrain_months, "horizon": s.horizon_months},
            )
        )
    if s.caching:
        facts.append(
            Fact(
                "read_caching",
                numbers={
                    "prompt": costs.cached_tokens(prompt_parts, discounts(s)),
                    "ft": costs.cached_tokens(r.parts["finetune"], discounts(s)),
                    "min": discounts(s).cache_min_tokens,
                },
            )
        )
    if s.batch:
        facts.append(Fact("read_batch"))
    return facts
