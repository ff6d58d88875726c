"""Fine-tuning routes: self-hosted LoRA/QLoRA GPU-hours derived from tokens, model size and a stated
throughput (table-driven); the route note, and the self-hosted column in the cost table."""

from __future__ import annotations

import pytest

from core import prices
from features.simulator import catalogue, routes, simulation
from features.simulator import scenario as scn
from tests.apptest import open_page, texts

P8B = 8_030_261_248  # Llama-3.1-8B's parameters (core.peft.SHAPES)


@pytest.mark.parametrize(
    ("tokens", "params", "method", "tflops", "hours"),
    [
        # hours = flops per parameter and token x parameters x tokens / (TFLOP/s x 1e12) / 3600
        (1_000_000, P8B, "lora", 125.0, 4 * P8B * 1e6 / 125e12 / 3600),
        (1_000_000, P8B, "qlora", 125.0, 5 * P8B * 1e6 / 125e12 / 3600),
        (3_600_000, 1_000_000_000, "lora", 1.0, 4.0),  # 4e9 x 3.6e6 = 1.44e16 FLOPs at 1e12/s: 4 h
        (0, P8B, "qlora", 125.0, 0.0),
        (2_000_000, P8B, "lora", 250.0, 4 * P8B * 1e6 / 125e12 / 3600),  # twice the tokens, twice the speed
    ],
)
def test_gpu_hours(
    tokens: int, params: int, method: routes.SelfHostMethod, tflops: float, hours: float
) -> None:
    assert routes.gpu_hours(tokens, params, method, tflops) == pytest.approx(hours)


@pytest.mark.parametrize(("tokens", "params", "tflops"), [(-1, P8B, 1.0), (1, 0, 1.0), (1, P8B, 0.0)])
def test_gpu_hours_rejects_nonsense(tokens: int, params: int, tflops: float) -> None:
    with pytest.raises(ValueError):
        routes.gpu_hours(tokens, params, "lora", tflops)


def test_self_hosted_plan_trains_on_the_gpu_and_rents_it_for_serving() -> None:
    sh = routes.self_hosted("llama-3.1-8b", "qlora", 900_000, 125.0, 2.0, 1000, 3)
    assert sh.hours == pytest.approx(5 * P8B * 900_000 / 125e12 / 3600)
    assert sh.training_cost == pytest.approx(sh.hours * 2.0)
    assert sh.plan.per_request.total == 0.0
    assert sh.plan.hosting_per_month == pytest.approx(2.0 * 730)
    assert sh.plan.training_runs(12) == 4


@pytest.mark.parametrize(
    ("model", "route"),
    [("llama-3.1-8b", "hosted_lora"), ("llama-3.1-70b", "hosted_lora"), ("gpt-4o", "openai")],
)
def test_each_fine_tuning_model_has_a_route(model: str, route: str) -> None:
    assert prices.route(model) == route


def test_cost_table_has_the_self_hosted_column() -> None:
    at = open_page("pages/simulator.py", "en")
    assert not at.exception
    table = next(m.value for m in at.markdown if "Cost per request" in m.value)
    assert "LoRA, own GPU" in table.splitlines()[0]
    shown = texts(at)
    assert "not verified here" in shown  # the hosted-LoRA route note of the default model
    s = scn.DEFAULTS
    r = simulation.simulate(s, catalogue.catalogue_prices(s.base_model, s.ft_model))
    hours = routes.gpu_hours(r.billed_tokens, P8B, "qlora", s.gpu_tflops)
    assert hours > 0 and "GPU hours of training per run" in shown


def test_openai_route_note_shows_its_dates() -> None:
    at = open_page("pages/simulator.py", "de", ft="gpt-4o-mini")
    assert not at.exception
    shown = texts(at)
    assert "2027-01-06" in shown and "2027-01-14" in shown
