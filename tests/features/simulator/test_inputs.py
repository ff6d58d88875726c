"""features.simulator.inputs: slider steps, widget keys and values, presets, the scenario in the URL."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from core.i18n import Lang
from features.simulator import catalogue, inputs, simulation
from features.simulator import scenario as scn

MODELS = catalogue.models()
S = scn.fit_models(scn.DEFAULTS, MODELS)


def t(key: str, **params: Any) -> str:
    """A translator that shows the key and its parameters (the texts are tested in test_scenario)."""
    return key + "|" + ",".join(f"{k}={v}" for k, v in sorted(params.items()))


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0, 10, (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)),
        (0, 100, (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60, 70, 80, 100)),
        (1, 25, (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20, 25)),
        (5, 13, (5, 6, 7, 8, 9, 10, 13)),  # always ends at ``high``, off the grid or not
        (
            0,
            2500,
            (
                0,
                1,
                2,
                3,
                4,
                5,
                6,
                7,
                8,
                9,
                10,
                15,
                20,
                25,
                30,
                40,
                50,
                60,
                70,
                80,
                100,
                150,
                200,
                250,
                300,
                400,
                500,
                600,
                700,
                800,
                1000,
                1500,
                2000,
                2500,
            ),
        ),
    ],
)
def test_grid(low: int, high: int, expected: tuple[int, ...]) -> None:
    assert inputs.grid(low, high) == expected


@pytest.mark.parametrize(
    ("param", "value", "added"),
    [("shots", 5, False), ("rpd", 1000, False), ("rpd", 1234, True), ("lora_r", 3, True)],
)
def test_slider_steps_keep_an_off_grid_value(param: str, value: int, added: bool) -> None:
    steps = inputs.slider_steps(param, value)
    assert value in steps and list(steps) == sorted(steps)
    assert set(steps) - set(inputs.COUNTS[param]) == ({value} if added else set())


@pytest.mark.parametrize(
    ("lang", "param", "value", "label"),
    [("en", "rpd", 1_000_000, "1,000,000"), ("de", "rpd", 1_000_000, "1.000.000"), ("de", "shots", 7, "7")],
)
def test_step_labels(lang: Lang, param: str, value: int, label: str) -> None:
    assert inputs.step_labels(lang, param)[value] == label


@pytest.mark.parametrize(
    ("param", "expected"),
    [("rpd", "sim_rpd"), ("lora_t", "sim_lora_t")],
)
def test_keys(param: str, expected: str) -> None:
    assert inputs.key(param) == expected
    assert inputs.slider_key(param) == expected + "_sl"


@pytest.mark.parametrize(
    ("param", "scenario", "expected"),
    [
        ("rpd", S, 1000),
        ("cache_hit", S, 90.0),
        ("lora_t", S, ["q", "k", "v", "o", "gate", "up", "down"]),
        ("epochs", S, simulation.epochs(S)),  # the default: what the rule picks
        ("epochs", replace(S, epochs=7), 7),
        ("p_in", S, catalogue.inference(S.base_model, False).price.input),  # no override: the catalogue
        ("f_out", S, catalogue.inference(S.ft_model, True).price.output),
        ("t_price", S, catalogue.training(S.ft_model).price.input),
        ("p_in", replace(S, base_input_price=1.25), 1.25),
        ("cur", replace(S, currency="EUR"), "EUR"),
    ],
)
def test_widget_value(param: str, scenario: scn.Scenario, expected: object) -> None:
    assert inputs.widget_value(param, scenario) == expected


def test_widget_states_cover_every_input_and_its_slider() -> None:
    states = dict(inputs.widget_states(S))
    assert states["sim_rpd"] == states["sim_rpd_sl"] == 1000
    assert "sim_cur_sl" not in states  # only count inputs have a slider
    assert states[inputs.EPOCHS_AUTO_KEY] is True
    assert dict(inputs.widget_states(replace(S, epochs=3)))[inputs.EPOCHS_AUTO_KEY] is False


@pytest.mark.parametrize("preset_id", ["", *(p.id for p in inputs.preset_list("en"))])
def test_a_preset_in_the_url_is_the_preset_plus_what_differs(preset_id: str) -> None:
    base = inputs.preset_scenario(preset_id, MODELS)
    changed = replace(base, requests_per_day=base.requests_per_day + 1)
    query = inputs.url_params(changed, preset_id, "costs", MODELS)
    assert query == {**({"preset": preset_id} if preset_id else {}), "rpd": str(base.requests_per_day + 1)}
    read = inputs.read_url(t, MODELS, query)
    assert (read.scenario, read.preset, read.panel, read.messages) == (changed, preset_id, "costs", [])


@pytest.mark.parametrize(
    ("query", "panel", "messages"),
    [
        ({"panel": "latency"}, "latency", []),
        (
            {"panel": "nope"},
            "costs",
            ["simulator.bad_panel|panels=costs, sensitivity, latency, peft,value=nope"],
        ),
        (
            {"preset": "x`y"},
            "costs",
            ["simulator.bad_preset|presets=startup, support-bot, legal, classification, realtime,value=x'y"],
        ),
        ({"rpd": "-1"}, "costs", ["simulator.bad_out_of_range|default=1000,param=rpd,value=-1"]),
    ],
)
def test_read_url_reports_what_it_could_not_use(
    query: dict[str, str], panel: str, messages: list[str]
) -> None:
    read = inputs.read_url(t, MODELS, query)
    assert (read.scenario, read.panel, read.messages) == (S, panel, messages)


def test_the_first_panel_is_not_written_to_the_url() -> None:
    assert inputs.url_params(S, "", "costs", MODELS) == {}
    assert inputs.url_params(S, "", "peft", MODELS) == {"panel": "peft"}
