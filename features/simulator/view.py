"""The simulator's results as text, pure (no Streamlit): amounts in the scenario's currency, the break-even
headline, the cost table, the reading's sentences and the cumulative curves the chart draws.

The panels (``panels_results``) only put these on the page.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from core import costs, fmt, mdtext
from core.costs import OPTIONS, Option
from core.i18n import Lang
from features.simulator import scenario as scn
from features.simulator import simulation

Level = Literal["success", "info", "warning"]
Curves = dict[Option, tuple[list[float], list[float]]]


@dataclass(frozen=True)
class View:
    """What every panel needs: the translator, the language, the scenario."""

    t: Callable[..., str]
    lang: Lang
    s: scn.Scenario

    @property
    def names(self) -> dict[Option, str]:
        return {o: self.t(f"simulator.option_{o}") for o in OPTIONS}

    def money(self, usd: float, digits: int | None = None) -> str:
        """``usd`` in the scenario's currency: with 3 significant digits, or exactly ``digits`` decimals."""
        value = costs.convert(usd, "EUR" if self.s.currency == "EUR" else "USD", self.s.eur_per_usd)
        if digits is None:
            return fmt.amount(value, self.lang, self.s.currency, significant=3)
        return fmt.money(value, self.lang, self.s.currency, digits)


@dataclass(frozen=True)
class Headline:
    level: Level
    text: str
    icon: str


def ranking(v: View, r: simulation.Result) -> str:
    """Every option ranked by its total cost over the horizon, cheapest first (ties in ``OPTIONS`` order)."""
    h = v.s.horizon_months
    order = sorted(OPTIONS, key=lambda o: (r.cumulative(o, h), OPTIONS.index(o)))
    items = ", ".join(
        v.t("simulator.rank_item", n=i, option=v.names[o], total=v.money(r.cumulative(o, h), 2))
        for i, o in enumerate(order, start=1)
    )
    return v.t("simulator.rank_headline", horizon=h, ranking=items)


def headline(v: View, r: simulation.Result) -> Headline:
    """When fine-tuning pays off (in days or months), pays off after the horizon, or never (and why).

    A break-even within the horizon is good news (green) only when a fine-tuned route is also the cheapest
    option overall; otherwise the headline says which option is cheaper still."""
    t, be = v.t, r.break_even
    best = r.cheapest(v.s.horizon_months)
    h = _headline(v, r)
    if be.months is not None and be.within_horizon and best not in ("finetune", "hybrid"):
        return Headline("info", h.text + " " + t("simulator.be_not_cheapest", option=v.names[best]), h.icon)
    return h


def _headline(v: View, r: simulation.Result) -> Headline:
    t, be = v.t, r.break_even
    if be.months is not None and be.within_horizon and be.months < 1:
        text = t(
            "simulator.be_headline_days",
            days=fmt.compact(max(1, math.ceil(be.months * costs.DAYS_PER_MONTH)), v.lang),
            requests=fmt.compact(be.requests or 0, v.lang, 0),
        )
        return Headline("success", text, ":material/flag:")
    if be.months is not None and be.within_horizon:
        text = t(
            "simulator.be_headline",
            months=fmt.number(be.months, v.lang, 1),
            requests=fmt.compact(be.requests or 0, v.lang, 0),
        )
        return Headline("success", text, ":material/flag:")
    if be.months is not None:
        text = t(
            "simulator.be_headline_late", months=fmt.number(be.months, v.lang, 1), horizon=v.s.horizon_months
        )
        return Headline("info", text, ":material/schedule:")
    text = t("simulator.be_never", reason=t(f"simulator.reason_{be.reason}"))
    return Headline("warning", text, ":material/block:")


def cost_table(v: View, r: simulation.Result, extra: tuple[str, costs.Plan] | None = None) -> str:
    """The Markdown table: tokens, cost per request, per month, training, one-off costs and the total over the
    horizon; ``extra`` adds a column (the self-hosted LoRA route: the fine-tuned prompt, its own plan). Row
    labels are short ``<abbr>`` elements with the long form as the tooltip (escaped; rendered with
    ``unsafe_allow_html``: the table holds only our own texts and formatted numbers)."""
    t, names, h = v.t, v.names, v.s.horizon_months
    plans = [(names[o], r.parts[o].input, r.plans[o]) for o in OPTIONS]
    if extra is not None:
        plans.append((extra[0], r.parts["finetune"].input, extra[1]))

    def row(label: str, cells: list[str]) -> str:
        return f"| {label} | " + " | ".join(cells) + " |"

    def label(key: str, **params: object) -> str:
        """A short row label (so the table fits its column, on a phone too); the long form as its tooltip."""
        long, short = t(key, **params), t(f"{key}_short", **params)
        return f'<abbr class="sim-row" title="{mdtext.html_text(long)}">{mdtext.html_text(short)}</abbr>'

    rows = [
        row("", [name for name, _, _ in plans]),
        "|---|" + "---:|" * len(plans),
        row(label("simulator.row_tokens"), [fmt.compact(n, v.lang) for _, n, _ in plans]),
        row(label("simulator.row_request"), [v.money(p.per_request.total) for _, _, p in plans]),
        row(label("simulator.row_month"), [v.money(p.running_per_month, 2) for _, _, p in plans]),
        row(
            label("simulator.row_training"),
            [v.money(p.training * p.training_runs(h), 2) for _, _, p in plans],
        ),
        row(label("simulator.row_one_off"), [v.money(p.one_off, 2) for _, _, p in plans]),
        row(
            label("simulator.row_total", horizon=h),
            [f"**{v.money(p.cumulative(h), 2)}**" for _, _, p in plans],
        ),
    ]
    return "\n".join(rows) + "\n\n" + TABLE_STYLE


# The table's Markdown element (found by its row labels) fits its column, on a phone too: type that shrinks
# with the screen, tight cells, amounts never broken inside (only the row labels and headings wrap, at their
# spaces, and inside a word only when nothing else fits).
TABLE_STYLE = (
    "<style>[data-testid=stMarkdownContainer]:has(abbr.sim-row) table{width:100%;"
    "font-size:clamp(0.62rem,2.6vw,0.8rem)}"
    "[data-testid=stMarkdownContainer]:has(abbr.sim-row) :is(th,td){padding:0.3em 0.25em;"
    "overflow-wrap:break-word}"
    "[data-testid=stMarkdownContainer]:has(abbr.sim-row) td:not(:first-child){white-space:nowrap}</style>"
)


def fact_text(v: View, fact: simulation.Fact) -> str:
    """One sentence of the reading, its numbers formatted for the language."""
    params: dict[str, str] = {k: v.money(x) for k, x in fact.money.items()}
    for k, x in fact.numbers.items():
        if k == "share":
            params[k] = fmt.percent(x, v.lang)
        elif fact.key == "read_latency":
            params[k] = fmt.number(x, v.lang, 2)
        elif k == "months" and fact.key.startswith("read_break_even"):
            params[k] = fmt.number(x, v.lang, 1)
        else:
            params[k] = fmt.compact(x, v.lang, 0 if k in ("requests", "rpd", "days") else 1)
    names = v.names
    for k, o in fact.options.items():
        params[k] = names[o]
    return v.t(f"simulator.{fact.key}", **params)


def cumulative_curves(s: scn.Scenario, r: simulation.Result) -> tuple[Curves, tuple[float, float] | None]:
    """Each option's cumulative cost over the horizon in the scenario's currency, and the break-even point
    (months, amount) if it falls within the horizon."""
    h = s.horizon_months
    rate = s.eur_per_usd if s.currency == "EUR" else 1.0
    curves: Curves = {}
    for o in OPTIONS:
        xs, ys = costs.curve(r.plans[o], h)
        curves[o] = (xs, [y * rate for y in ys])
    be = r.break_even
    marker = None
    if be.months is not None and be.months <= h:
        marker = (be.months, r.cumulative("finetune", be.months) * rate)
    return curves, marker


def training_summary(v: View) -> str:
    """One line under the closed "models and training" group: what its inputs are set to."""
    s = v.s
    return v.t(
        "simulator.finetune_summary",
        base=mdtext.literal(mdtext.shorten(s.base_model, 40)),
        ft=mdtext.literal(mdtext.shorten(s.ft_model, 40)),
        examples=fmt.number(s.train_examples, v.lang),
        tokens=fmt.number(s.train_tokens, v.lang),
        epochs=simulation.epochs(s),
        retrain=s.retrain_months,
        horizon=s.horizon_months,
    )
