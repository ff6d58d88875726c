"""The hand-off to the cost simulator: numbers per answer, in core.handoff's URL parameters."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from core import i18n
from core.errors import ContentError, UserInputError
from core.handoff import PARAMS
from features.wizard import rules, sim_handoff
from tests.conftest import replace_once
from tests.features.wizard.scenarios import EN, SCENARIOS, WIZ

# ------------------------------------------------------------------------------------------------ hand-off


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (0, {"rpd": "50", "instr": "150", "shots": "0", "shot_tok": "150", "rag": "0", "inp": "150",
             "out": "250"}),
        (1, {"rpd": "5000", "instr": "1200", "shots": "5", "shot_tok": "500", "rag": "0", "inp": "600",
             "out": "800"}),
        (3, {"rpd": "5000", "instr": "900", "shots": "4", "shot_tok": "250", "rag": "1000", "inp": "250",
             "out": "400"}),
        (4, {"rpd": "500", "instr": "400", "shots": "2", "shot_tok": "150", "rag": "1500", "inp": "250",
             "out": "300"}),
        (6, {"rpd": "50000", "instr": "400", "shots": "2", "shot_tok": "150", "rag": "0", "inp": "250",
             "out": "300"}),
    ],
)  # fmt: skip
def test_simulator_params(index: int, expected: dict[str, str]) -> None:
    given_answers = SCENARIOS[index][1]
    params = sim_handoff.simulator_params(EN, given_answers)
    assert dict(params) == expected
    assert list(params) == list(rules.SIM_PARAMS)
    assert sim_handoff.simulator_params(WIZ["de"], given_answers) == params


def test_simulator_params_need_complete_answers() -> None:
    with pytest.raises(UserInputError) as info:
        sim_handoff.simulator_params(EN, {"volume": "high"})
    assert info.value.key == "wizard.incomplete"


def test_simulator_numbers_grow_with_the_buckets() -> None:
    rpd = [a.sim["rpd"] for a in EN.questions["volume"].answers]
    assert rpd == sorted(rpd) and len(set(rpd)) == len(rpd)
    output = {a.id: a.sim for a in EN.questions["output"].answers}
    assert output["flexible"]["instr"] < output["some"]["instr"] < output["strict"]["instr"]
    assert output["flexible"]["shots"] == 0 < output["strict"]["shots"]


@pytest.mark.parametrize(
    ("lang", "params", "formatted"),
    [
        ("en", {"rpd": "50000", "shots": "5"}, {"rpd": "50,000", "shots": "5"}),
        ("de", {"rpd": "50000", "shots": "5"}, {"rpd": "50.000", "shots": "5"}),
    ],
)
def test_format_sim_params(
    lang: i18n.Lang, params: dict[rules.SimParam, str], formatted: dict[str, str]
) -> None:
    assert sim_handoff.format_sim_params(params, lang) == formatted


def test_the_handoff_sets_exactly_the_wizards_fields() -> None:
    handoff = sim_handoff.simulator_handoff(EN, SCENARIOS[1][1])
    set_fields = {f.name for f in fields(handoff) if getattr(handoff, f.name) is not None}
    assert set_fields == set(rules.HANDOFF_FIELDS)
    assert handoff.requests_per_day == 5000 and handoff.output_tokens == 800
    assert tuple(PARAMS[name] for name in rules.HANDOFF_FIELDS) == rules.SIM_PARAMS
    assert handoff.query() == sim_handoff.simulator_params(EN, SCENARIOS[1][1])


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("sim: {rpd: 5000}", "sim: {reqs: 5000}", "steps[2].questions[1].answers[2].sim.reqs.[key]"),
        # a simulator parameter the wizard does not hand over is refused too
        ("sim: {rpd: 5000}", "sim: {epochs: 3}", "steps[2].questions[1].answers[2].sim.epochs.[key]"),
    ],
)
def test_sim_names_are_the_simulators_url_parameters(
    content_copy: Path, old: str, new: str, field: str
) -> None:
    replace_once(content_copy / "en/wizard/questions.yaml", old, new)
    with pytest.raises(ContentError) as info:
        rules.load_wizard("en", content_copy)
    assert info.value.file.endswith("questions.yaml")
    assert info.value.field == field
    assert "core.handoff.PARAMS" in info.value.message
