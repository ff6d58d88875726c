"""Worked examples in lessons, computed with the same core functions the cost simulator uses.

A lesson writes ``:::worked break-even`` with a YAML body (models, training set, one-off costs and a few
cases); ``compute`` prices each case with the catalogue (``core.prices``), the request cost and break-even of
``core.costs`` and the training bill of ``core.training`` — exactly what ``features.simulator.simulation``
does for a scenario with these inputs (tests/features/lessons/test_worked.py checks that they agree) — and
``to_markdown`` writes the table. A changed price list changes the lesson's numbers with the tool's.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from core import costs, fmt, prices, training
from core.content import read_yaml_text, validate
from core.costs import BreakEven, Price, PromptParts
from core.errors import ContentError
from core.i18n import Lang

HORIZON_MONTHS = 12  # only decides whether a break-even counts as "within the horizon"; the table shows days


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OneOffSpec(_Strict):
    data_preparation: float = Field(ge=0)
    evaluation: float = Field(ge=0)
    engineering_hours: float = Field(ge=0)
    hourly_rate: float = Field(ge=0)


class CaseSpec(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    requests_per_day: int = Field(ge=0)
    prompt_tokens: int = Field(ge=0)  # instructions + examples, sent with every request
    ft_prompt_tokens: int = Field(ge=0)  # the fine-tuned model's short instruction
    input_tokens: int = Field(ge=0)  # the request itself
    output_tokens: int = Field(ge=0)


class BreakEvenSpec(_Strict):
    base_model: str = Field(min_length=1)
    ft_model: str = Field(min_length=1)
    train_examples: int = Field(ge=1)
    train_tokens: int = Field(ge=1)
    one_off: OneOffSpec
    cases: list[CaseSpec] = Field(min_length=1)


def parse(name: str, body: str, source: Path) -> BreakEvenSpec:
    """A directive's body; raises ``core.errors.ContentError`` naming the lesson file and the field."""
    if name != "break-even":
        raise ContentError(source, "worked", f"unknown worked example {name!r} (known: break-even)")
    data: Any = read_yaml_text(body, source)
    spec: BreakEvenSpec = validate(BreakEvenSpec, data, source)
    return spec


@dataclass(frozen=True)
class Quotes:
    """USD per 1M tokens: base model, fine-tuned model, training."""

    base: Price
    fine_tuned: Price
    training_per_mtok: float


def catalogue_quotes(spec: BreakEvenSpec) -> Quotes:
    """The prices the simulator's catalogue uses for these models."""
    return _quotes(spec.base_model, spec.ft_model)


@functools.cache
def _quotes(base_model: str, ft_model: str) -> Quotes:
    """Memoized like the simulator's catalogue: immutable, process-wide price data (no user data)."""
    b = prices.inference_price(base_model)
    f = prices.inference_price(ft_model, fine_tuned=True)
    return Quotes(
        base=Price(b.input_per_mtok, b.output_per_mtok, b.cached_input_per_mtok),
        fine_tuned=Price(f.input_per_mtok, f.output_per_mtok, f.cached_input_per_mtok),
        training_per_mtok=prices.training_price(ft_model).per_mtok,
    )


@dataclass(frozen=True)
class CaseResult:
    case: CaseSpec
    prompt_cost: float  # USD per request, base model with the long prompt
    ft_cost: float  # USD per request, fine-tuned model (its own, usually higher, prices)
    fixed: float  # USD once: training run + data + evaluation + hours
    break_even: BreakEven

    @property
    def saving(self) -> float:
        return self.prompt_cost - self.ft_cost


@dataclass(frozen=True)
class Worked:
    spec: BreakEvenSpec
    quotes: Quotes
    training: float  # one run, USD
    one_off: costs.OneOff
    cases: tuple[CaseResult, ...]


def compute(spec: BreakEvenSpec, quotes: Quotes) -> Worked:
    billed = training.billed_tokens([spec.train_tokens], training.default_epochs(spec.train_examples))
    train_cost = training.training_cost(billed * spec.train_examples, quotes.training_per_mtok)
    o = spec.one_off
    extra = costs.OneOff(o.data_preparation, o.evaluation, o.engineering_hours, o.hourly_rate)
    results: list[CaseResult] = []
    for case in spec.cases:
        prompt = costs.request_cost(
            PromptParts(case.prompt_tokens, case.input_tokens, case.output_tokens), quotes.base
        )
        tuned = costs.request_cost(
            PromptParts(case.ft_prompt_tokens, case.input_tokens, case.output_tokens), quotes.fine_tuned
        )
        base_plan = costs.Plan("prompt", prompt, case.requests_per_day)
        ft_plan = costs.Plan(
            "finetune", tuned, case.requests_per_day, training=train_cost, one_off=extra.total
        )
        be = costs.break_even(base_plan, ft_plan, HORIZON_MONTHS)
        results.append(CaseResult(case, prompt.total, tuned.total, train_cost + extra.total, be))
    return Worked(spec, quotes, train_cost, extra, tuple(results))


def to_markdown(w: Worked, t: Callable[..., str], lang: Lang) -> str:
    """The worked example's table and price note, in the lesson's language (amounts in USD)."""

    def usd(value: float, digits: int | None = None) -> str:
        if digits is None:
            return fmt.amount(value, lang, "USD", significant=3)
        return fmt.money(value, lang, "USD", digits)

    def verdict(r: CaseResult) -> str:
        be = r.break_even
        if be.days is None:
            return t("lessons.worked_never", reason=t(f"simulator.reason_{be.reason}"))
        return t(
            "lessons.worked_days",
            days=fmt.compact(round(be.days), lang),
            requests=fmt.compact(be.requests or 0, lang, 0),
        )

    def row(label: str, cells: list[str]) -> str:
        return f"| {label} | " + " | ".join(cells) + " |"

    cs = w.cases
    lines = [
        row("", [f"**{t(f'lessons.worked_case_{r.case.id}')}**" for r in cs]),
        "|---|" + "---:|" * len(cs),
        row(t("lessons.worked_rpd"), [fmt.compact(r.case.requests_per_day, lang) for r in cs]),
        row(
            t("lessons.worked_prompt_tokens"),
            [
                f"{fmt.compact(r.case.prompt_tokens + r.case.input_tokens, lang)} / "
                f"{fmt.compact(r.case.ft_prompt_tokens + r.case.input_tokens, lang)}"
                for r in cs
            ],
        ),
        row(t("lessons.worked_output_tokens"), [fmt.compact(r.case.output_tokens, lang) for r in cs]),
        row(t("lessons.worked_prompt_cost"), [usd(r.prompt_cost) for r in cs]),
        row(t("lessons.worked_ft_cost"), [usd(r.ft_cost) for r in cs]),
        row(t("lessons.worked_saving"), [usd(r.saving) for r in cs]),
        row(t("lessons.worked_fixed"), [usd(r.fixed, 2) for r in cs]),
        row(t("lessons.worked_break_even"), [f"**{verdict(r)}**" for r in cs]),
    ]
    q = w.quotes
    note = t(
        "lessons.worked_prices",
        base=w.spec.base_model,
        base_in=usd(q.base.input, 2),
        base_out=usd(q.base.output, 2),
        ft=w.spec.ft_model,
        ft_in=usd(q.fine_tuned.input, 2),
        ft_out=usd(q.fine_tuned.output, 2),
        train=usd(q.training_per_mtok, 2),
        training=usd(w.training, 2),
        prep=usd(w.one_off.data_preparation, 0),
        eval=usd(w.one_off.evaluation, 0),
        hours=fmt.compact(w.one_off.engineering_hours, lang),
        rate=usd(w.one_off.hourly_rate, 0),
    )
    return "\n".join(lines) + "\n\n" + note
