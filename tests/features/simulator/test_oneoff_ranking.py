"""The simulator's one-off costs (URL, table, plans) and its headline ranking all options."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.costs import Price
from core.i18n import translator
from features.simulator import scenario as scn
from features.simulator import simulation, view

PRICES = simulation.Prices(Price(0.15, 0.60, 0.075), Price(0.30, 1.20, 0.15), 3.0)
ONE_OFF = replace(scn.DEFAULTS, data_prep_cost=1500, eval_cost=500, eng_hours=24, eng_rate=80)


def test_one_off_costs_are_paid_once_by_the_fine_tuned_routes() -> None:
    r = simulation.simulate(replace(ONE_OFF, retrain_months=3), PRICES)
    assert r.one_off.total == 3920
    assert r.plans["finetune"].one_off == r.plans["hybrid"].one_off == 3920
    assert r.plans["prompt"].one_off == r.plans["rag"].one_off == 0
    plain = simulation.simulate(replace(scn.DEFAULTS, retrain_months=3), PRICES)
    # four training runs in 12 months, but the one-off costs only once
    assert r.cumulative("finetune", 12) - plain.cumulative("finetune", 12) == pytest.approx(3920)
    assert simulation.export_results(ONE_OFF, r)["one_off.total"] == 3920


def test_one_off_costs_move_the_break_even() -> None:
    before = simulation.simulate(scn.DEFAULTS, PRICES).break_even
    after = simulation.simulate(ONE_OFF, PRICES).break_even
    assert before.months is not None and after.months is not None and after.months > 100 * before.months


def test_one_off_costs_in_the_url() -> None:
    models = scn.Models(base=("gpt-4o-mini",), fine_tunable=("gpt-4o-mini",))
    s, problems = scn.from_query({"prep": "1500", "eval": "500", "eng_h": "24", "eng_rate": "80"}, models)
    assert problems == [] and simulation.one_off(s).total == 3920
    assert {"prep", "eval", "eng_h", "eng_rate"} <= set(scn.to_query(s))


def _view(lang: str = "en", s: scn.Scenario = scn.DEFAULTS) -> view.View:
    return view.View(translator(lang), lang, s)  # type: ignore[arg-type]


def test_the_ranking_lists_every_option_cheapest_first() -> None:
    r = simulation.simulate(scn.DEFAULTS, PRICES)
    text = view.ranking(_view(), r)
    assert text.startswith("Total cost over 12 months, cheapest first: 1. Fine-tuning ($118.77)")
    names = ["Fine-tuning", "Hybrid", "Prompt engineering", "RAG"]
    positions = [text.index(f". {n} (") for n in names]
    assert positions == sorted(positions)


def test_a_break_even_is_not_green_when_another_option_is_cheaper() -> None:
    s = replace(scn.DEFAULTS, rag_tokens=0, instruction_tokens=800)  # RAG without context: cheapest
    r = simulation.simulate(s, PRICES)
    assert r.break_even.within_horizon and r.cheapest(12) == "rag"
    h = view.headline(_view(s=s), r)
    assert h.level == "info" and h.text.endswith("But RAG is cheaper still over the horizon.")
    assert view.headline(_view(), simulation.simulate(scn.DEFAULTS, PRICES)).level == "success"
