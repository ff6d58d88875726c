"""What other pages hand to the simulator (core.handoff) is what the simulator's scenario reads."""

from __future__ import annotations

from dataclasses import fields

import pytest

from core import handoff, prices
from features.simulator import scenario as scn
from features.simulator import specs

MODELS = scn.Models(base=tuple(prices.base_models()), fine_tunable=tuple(prices.finetunable_models()))


@pytest.mark.parametrize(("attr", "param"), sorted(handoff.PARAMS.items()))
def test_each_handoff_parameter_is_the_scenarios_url_parameter(attr: str, param: str) -> None:
    assert attr in specs.SPEC_BY_ATTR, f"the scenario has no input {attr!r}"
    assert specs.SPEC_BY_ATTR[attr].param == param


def test_a_full_handoff_arrives_in_the_scenario() -> None:
    values = {
        "requests_per_day": 4321,
        "instruction_tokens": 1234,
        "shots": 7,
        "shot_tokens": 99,
        "rag_tokens": 2222,
        "input_tokens": 321,
        "output_tokens": 123,
        "ft_model": next(iter(MODELS.fine_tunable)),
        "train_examples": 777,
        "train_tokens": 555,
        "epochs": 4,
        "ft_prompt_tokens": 42,
        "prefill_tps": 812.5,
        "generation_tps": 33.25,
        "overhead_s": 0.125,
    }
    assert set(values) == {f.name for f in fields(handoff.SimulatorHandoff)}
    query = handoff.SimulatorHandoff(**values).query()  # type: ignore[arg-type]
    parsed, problems = scn.from_query(query, MODELS)
    assert problems == []
    assert {name: getattr(parsed, name) for name in values} == values


def test_an_empty_handoff_leaves_the_defaults() -> None:
    parsed, problems = scn.from_query(handoff.SimulatorHandoff().query(), MODELS)
    assert (parsed, problems) == (scn.fit_models(scn.DEFAULTS, MODELS), [])
