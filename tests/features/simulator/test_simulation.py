"""One simulator run: prompt shapes per option, overrides, training, reading, export."""

from __future__ import annotations

import string
from dataclasses import replace

import pytest

from core import costs
from core.costs import DAYS_PER_MONTH, Price
from core.i18n import LANGS, translator
from features.simulator import scenario as scn
from features.simulator import simulation

PRICES = simulation.Prices(Price(0.15, 0.60, 0.075), Price(0.30, 1.20, 0.15), 3.0)
S = replace(
    scn.DEFAULTS,
    requests_per_day=1000,
    instruction_tokens=800,
    shots=5,
    shot_tokens=150,
    rag_tokens=1500,
    input_tokens=200,
    output_tokens=200,
    ft_prompt_tokens=60,
    hybrid_tokens=150,
    train_examples=500,
    train_tokens=600,
)


@pytest.mark.parametrize(
    ("option", "prefix", "variable"),
    [
        ("prompt", 800 + 5 * 150, 200),
        ("finetune", 60, 200),
        ("hybrid", 60 + 150, 200),
        ("rag", 800, 1500 + 200),
    ],
)
def test_prompt_parts(option: costs.Option, prefix: int, variable: int) -> None:
    parts = simulation.prompt_parts(S)[option]
    assert (parts.prefix, parts.variable, parts.output) == (prefix, variable, 200)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, PRICES),
        ({"base_input_price": 1.0}, replace(PRICES, base=Price(1.0, 0.60, 0.075))),
        ({"ft_output_price": 2.0, "ft_cached_price": 0.0}, replace(PRICES, fine_tuned=Price(0.30, 2.0, 0.0))),
        ({"training_price": 25.0}, replace(PRICES, training_per_mtok=25.0)),
    ],
)
def test_apply_overrides(overrides: dict[str, float], expected: simulation.Prices) -> None:
    assert simulation.apply_overrides(replace(S, **overrides), PRICES) == expected


@pytest.mark.parametrize(
    ("n", "tokens", "epochs", "expected_epochs", "billed"),
    [
        (500, 600, None, 3, 500 * 600 * 3),
        (10, 600, None, 10, 10 * 600 * 10),  # small set: more epochs
        (20_000, 100, None, 1, 20_000 * 100),  # large set: fewer epochs
        (500, 600, 2, 2, 500 * 600 * 2),
        (2, 16_385, 1, 1, 2 * 16_385),
    ],
)
def test_training_tokens(n: int, tokens: int, epochs: int | None, expected_epochs: int, billed: int) -> None:
    s = replace(S, train_examples=n, train_tokens=tokens, epochs=epochs)
    assert simulation.epochs(s) == expected_epochs
    assert simulation.billed_training_tokens(s) == billed


def test_simulate_prices_each_option_on_its_model() -> None:
    r = simulation.simulate(S, PRICES)
    assert r.plans["prompt"].per_request.total == pytest.approx((1550 + 200) * 0.15e-6 + 200 * 0.6e-6)
    assert r.plans["finetune"].per_request.total == pytest.approx(260 * 0.30e-6 + 200 * 1.2e-6)
    assert r.plans["rag"].training == 0 and r.plans["prompt"].training == 0
    assert r.plans["finetune"].training == r.plans["hybrid"].training == pytest.approx(900_000 * 3 / 1e6)
    saving = (
        (r.plans["prompt"].per_request.total - r.plans["finetune"].per_request.total) * 1000 * DAYS_PER_MONTH
    )
    assert r.break_even.months == pytest.approx(2.7 / saving)
    assert len(r.sensitivity) == 49


def test_hosting_and_retraining_apply_only_to_fine_tuned_options() -> None:
    r = simulation.simulate(replace(S, hosting_per_hour=1.0, retrain_months=3), PRICES)
    assert r.plans["finetune"].hosting_per_month == pytest.approx(730)
    assert r.plans["hybrid"].retrain_months == 3
    assert r.plans["prompt"].hosting_per_month == 0 and r.plans["rag"].retrain_months == 0


def test_rag_latency_includes_retrieval() -> None:
    r = simulation.simulate(replace(S, retrieval_s=0.5), PRICES)
    assert r.latency["rag"].fixed == pytest.approx(S.overhead_s + 0.5)
    assert r.latency["prompt"].fixed == pytest.approx(S.overhead_s)


def test_zero_volume_never_breaks_even() -> None:
    r = simulation.simulate(replace(S, requests_per_day=0), PRICES)
    assert r.break_even.reason == "no_volume"
    assert r.plans["prompt"].running_per_month == 0


def test_cheapest_option() -> None:
    r = simulation.simulate(replace(S, requests_per_day=0), PRICES)
    assert r.cheapest(12) == "prompt"  # prompt and RAG cost nothing; the first wins a tie
    r = simulation.simulate(replace(S, requests_per_day=100_000), PRICES)
    assert r.cheapest(12) == "finetune"


def test_export_results_has_every_option() -> None:
    out = simulation.export_results(S, simulation.simulate(S, PRICES))
    for o in costs.OPTIONS:
        assert out[f"{o}.cost_per_request"] > 0
    assert out["break_even.reason"] is None and out["break_even.months"] > 0


SCENARIOS = [
    S,
    replace(S, requests_per_day=0),
    replace(S, shots=0, instruction_tokens=0, input_tokens=0),  # prompting cheaper: never
    replace(S, hosting_per_hour=2.0),
    replace(S, retrain_months=1, train_examples=20_000),
    replace(S, requests_per_day=1, horizon_months=1),  # break-even after the horizon
    replace(S, caching=True, batch=True, instruction_tokens=3000, retrain_months=6),
    replace(
        S,
        train_tokens=1,
        train_examples=1,
        ft_input_price=0.15,
        ft_output_price=0.6,
        ft_prompt_tokens=1550,
        training_price=0.0,
    ),  # equal costs
]


@pytest.mark.parametrize("s", SCENARIOS)
def test_reading_keys_and_placeholders_exist_in_both_languages(s: scn.Scenario) -> None:
    r = simulation.simulate(s, simulation.apply_overrides(s, PRICES))
    facts = simulation.reading(s, r)
    assert facts[0].key == "read_cheapest"
    for lang in LANGS:
        t = translator(lang)
        for fact in facts:
            text = t(f"simulator.{fact.key}")
            fields = {f for _, f, _, _ in string.Formatter().parse(text) if f}
            # every placeholder gets a value (extra values are allowed: not every sentence uses all)
            assert fields <= set(fact.money) | set(fact.numbers) | set(fact.options), (lang, fact.key)


@pytest.mark.parametrize(
    ("s", "expected"),
    [
        (S, "read_break_even"),
        (replace(S, requests_per_day=0), "read_never_no_volume"),
        (replace(S, shots=0, instruction_tokens=0), "read_never_not_cheaper_per_request"),
        (replace(S, hosting_per_hour=2.0), "read_never_hosting_eats_savings"),
        (replace(S, retrain_months=1, train_examples=20_000), "read_never_retraining_too_often"),
        (replace(S, requests_per_day=1, horizon_months=1), "read_break_even_late"),
    ],
)
def test_reading_explains_the_break_even(s: scn.Scenario, expected: str) -> None:
    keys = [f.key for f in simulation.reading(s, simulation.simulate(s, PRICES))]
    assert keys[1] == expected
    needs_volume = (
        "read_break_even_late",
        "read_never_retraining_too_often",
        "read_never_hosting_eats_savings",
        "read_never_no_volume",
    )
    assert ("read_min_rpd" in keys) == (expected in needs_volume)
