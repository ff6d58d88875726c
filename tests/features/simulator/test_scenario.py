"""Scenario: URL parameters (forgiving), JSON/CSV import (strict), presets, and one simulation run."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from core.costs import Price
from core.errors import ContentError, UserInputError
from core.i18n import LANGS, translator
from features.simulator import presets, simulation, specs
from features.simulator import scenario as scn

MODELS = scn.Models(
    base=("gpt-6-luna", "gpt-6-sol", "gpt-4o-mini", "gpt-4o"),
    fine_tunable=("llama-3.1-8b", "llama-3.1-70b", "gpt-4o-mini", "gpt-4o"),
)
PRICES = simulation.Prices(Price(0.15, 0.60, 0.075), Price(0.30, 1.20, 0.15), 3.0)


# ------------------------------------------------------------------------------------------- URL


@pytest.mark.parametrize(
    ("query", "attr", "value"),
    [
        ({"rpd": "2500"}, "requests_per_day", 2500),
        ({"rpd": "0"}, "requests_per_day", 0),
        ({"rpd": "1e3"}, "requests_per_day", 1000),
        ({"rpd": " 42 "}, "requests_per_day", 42),
        ({"instr": "1_200"}, "instruction_tokens", 1200),
        ({"epochs": "auto"}, "epochs", None),
        ({"epochs": "4"}, "epochs", 4),
        ({"cache": "1"}, "caching", True),
        ({"cache": "off"}, "caching", False),
        ({"rate": "0.9"}, "eur_per_usd", 0.9),
        ({"cur": "EUR"}, "currency", "EUR"),
        ({"base": "gpt-4o"}, "base_model", "gpt-4o"),
        ({"p_in": "0.2"}, "base_input_price", 0.2),
        ({"p_in": ""}, "base_input_price", None),
        ({"lora_t": "v,q"}, "lora_targets", ("q", "v")),
        ({"peft_model": "llama-3.2-1b"}, "peft_model", "llama-3.2-1b"),
    ],
)
def test_from_query_reads_good_values(query: dict[str, str], attr: str, value: object) -> None:
    s, problems = scn.from_query(query, MODELS)
    assert problems == []
    assert getattr(s, attr) == value


@pytest.mark.parametrize(
    ("param", "raw", "reason"),
    [
        ("rpd", "abc", "not_a_number"),
        ("rpd", "-5", "out_of_range"),
        ("rpd", "1e12", "out_of_range"),
        ("rpd", "nan", "not_a_number"),
        ("rpd", "inf", "not_a_number"),
        ("rpd", "12.5", "not_whole"),
        ("horizon", "0", "out_of_range"),
        ("train_n", "0", "out_of_range"),
        ("epochs", "99", "out_of_range"),
        ("rate", "0", "out_of_range"),
        ("cache", "maybe", "unknown_choice"),
        ("cur", "GBP", "unknown_choice"),
        ("lora_t", "q,zz", "unknown_choice"),
        ("lora_t", "", "unknown_choice"),
        ("base", "gpt-99", "unknown_model"),
        ("ft", "<script>", "unknown_model"),
        ("p_out", "-1", "out_of_range"),
    ],
)
def test_from_query_replaces_bad_values_by_defaults(param: str, raw: str, reason: str) -> None:
    s, problems = scn.from_query({param: raw, "shots": "7"}, MODELS)
    spec = specs.SPEC_BY_PARAM[param]
    assert getattr(s, spec.attr) == getattr(scn.DEFAULTS, spec.attr)
    assert s.shots == 7  # the good value next to it is kept
    assert [(p.param, p.reason) for p in problems] == [(param, reason)]


def test_problem_reports_default_and_shortens_value() -> None:
    _, problems = scn.from_query({"rpd": "x" * 500}, MODELS)
    assert problems[0].default == "1000"
    assert len(problems[0].value) <= 40


def test_from_query_ignores_unknown_parameters() -> None:
    s, problems = scn.from_query({"lang": "de", "lesson": "x", "foo": "bar"}, MODELS)
    assert s == scn.DEFAULTS and problems == []


def test_from_query_builds_on_a_base() -> None:
    base = replace(scn.DEFAULTS, requests_per_day=7, shots=9)
    s, problems = scn.from_query({"shots": "-1"}, MODELS, base)
    assert (s.requests_per_day, s.shots) == (7, 9)
    assert problems[0].default == "9"


def test_unknown_default_model_falls_back_to_the_catalogue() -> None:
    models = scn.Models(base=("b-model",), fine_tunable=("f-model",))
    s, _ = scn.from_query({}, models)
    assert (s.base_model, s.ft_model) == ("b-model", "f-model")


@pytest.mark.parametrize(
    "scenario",
    [
        scn.DEFAULTS,
        replace(scn.DEFAULTS, requests_per_day=3, epochs=5, caching=True, currency="EUR", eur_per_usd=0.912),
        replace(scn.DEFAULTS, base_input_price=0.123, lora_targets=("q", "v"), base_model="gpt-4o"),
        replace(scn.DEFAULTS, epochs=None, ft_cached_price=0.0, hosting_per_hour=1.25),
    ],
)
def test_to_query_round_trip(scenario: scn.Scenario) -> None:
    query = scn.to_query(scenario)
    back, problems = scn.from_query(query, MODELS)
    assert problems == [] and back == scenario


def test_to_query_writes_only_differences() -> None:
    assert scn.to_query(scn.DEFAULTS) == {}
    assert scn.to_query(replace(scn.DEFAULTS, requests_per_day=5)) == {"rpd": "5"}
    base = replace(scn.DEFAULTS, epochs=4)
    assert scn.to_query(scn.DEFAULTS, base) == {"epochs": "auto"}


int_params = [s for s in specs.SPECS if s.kind == "int"]


@settings(max_examples=200, deadline=None)
@given(spec=st.sampled_from(int_params), raw=st.text(max_size=30))
def test_any_url_text_gives_a_valid_scenario_never_an_exception(spec: specs.Spec, raw: str) -> None:
    s, problems = scn.from_query({spec.param: raw}, MODELS)
    value = getattr(s, spec.attr)
    assert spec.lo <= value <= spec.hi
    assert len(problems) <= 1


# ------------------------------------------------------------------------------------------- import / export


def test_json_round_trip_with_results() -> None:
    s = replace(scn.DEFAULTS, requests_per_day=321, epochs=2, lora_targets=("q", "k"), base_output_price=0.7)
    r = simulation.simulate(s, PRICES)
    text = scn.export_json(s, simulation.export_results(s, r))
    payload = json.loads(text)
    assert payload["scenario"]["rpd"] == 321 and payload["results"]["training.epochs"] == 2
    assert scn.import_json(text, MODELS) == s


def test_csv_round_trip_with_results() -> None:
    s = replace(scn.DEFAULTS, requests_per_day=99, caching=True, epochs=None, training_price=4.5)
    r = simulation.simulate(s, PRICES)
    text = scn.export_csv(s, simulation.export_results(s, r))
    assert text.splitlines()[0] == "section,name,value"
    assert "result,break_even.reason," in text or "result,break_even.months," in text
    assert scn.import_csv(text, MODELS) == s


def test_import_accepts_a_bare_mapping() -> None:
    assert scn.import_json('{"rpd": 10, "cache": true}', MODELS) == replace(
        scn.DEFAULTS, requests_per_day=10, caching=True
    )


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ("{not json", "simulator.import_bad_json"),
        ("[1, 2]", "simulator.import_no_scenario"),
        ('{"scenario": 5}', "simulator.import_no_scenario"),
        ('{"rpd": -1}', "simulator.import_bad_value"),
        ('{"rpd": "many"}', "simulator.import_bad_value"),
        ('{"rpd": {"a": 1}}', "simulator.import_bad_value"),
        ('{"base": "gpt-99"}', "simulator.import_bad_value"),
        ('{"hack": 1}', "simulator.import_unknown"),
        (b"\xff\xfe\x00garbage", "simulator.import_not_text"),
        ("x" * (scn.MAX_IMPORT_BYTES + 1), "simulator.import_too_big"),
    ],
)
def test_bad_json_import_raises_a_user_error(data: str | bytes, key: str) -> None:
    with pytest.raises(UserInputError) as info:
        scn.import_json(data, MODELS)
    assert info.value.key == key


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ("", "simulator.import_bad_csv"),
        ("a,b,c\n", "simulator.import_bad_csv"),
        ("section,name,value\nscenario,rpd\n", "simulator.import_bad_csv"),
        ("section,name,value\nresult,x,1\n", "simulator.import_no_scenario"),
        ("section,name,value\nscenario,rpd,-3\n", "simulator.import_bad_value"),
        ("section,name,value\nscenario,nope,3\n", "simulator.import_unknown"),
    ],
)
def test_bad_csv_import_raises_a_user_error(data: str, key: str) -> None:
    with pytest.raises(UserInputError) as info:
        scn.import_csv(data, MODELS)
    assert info.value.key == key


@pytest.mark.parametrize("lang", LANGS)
def test_every_import_and_url_message_exists(lang: str) -> None:
    t = translator(lang)  # type: ignore[arg-type]
    for key in (
        "import_bad_json",
        "import_no_scenario",
        "import_bad_value",
        "import_unknown",
        "import_not_text",
        "import_too_big",
        "import_bad_csv",
    ):
        assert t.has(f"simulator.{key}")
    for reason in ("not_a_number", "not_whole", "out_of_range", "unknown_choice", "unknown_model"):
        assert "{param}" in t(f"simulator.bad_{reason}")


# ------------------------------------------------------------------------------------------- presets


@pytest.mark.parametrize("lang", LANGS)
def test_presets_load_with_the_required_ids(lang: str) -> None:
    loaded = presets.load_presets(lang)  # type: ignore[arg-type]
    assert [p.id for p in loaded] == list(presets.PRESET_IDS)
    for p in loaded:
        presets.scenario_of(p, MODELS)  # every value is valid


def test_presets_have_the_same_numbers_in_both_languages() -> None:
    de, en = presets.load_presets("de"), presets.load_presets("en")
    assert [(p.id, p.values) for p in de] == [(p.id, p.values) for p in en]
    assert all(a.label != b.label for a, b in zip(de, en, strict=True))


def _story(preset_id: str) -> simulation.Result:
    cat = {  # (base price, fine-tuned price, training per 1M) as in the catalogue on 2026-12-01
        "gpt-6-luna": (Price(0.1, 0.5, 0.01), None, None),
        "gpt-6-sol": (Price(2.0, 10.0, 0.2), None, None),
        "llama-3.1-8b": (None, Price(0.18, 0.18), 0.48),
        "llama-3.1-70b": (None, Price(0.88, 0.88), 2.9),
    }
    p = presets.find(presets.load_presets("en"), preset_id)
    assert p is not None
    s = presets.scenario_of(p, MODELS)
    base, ft, train = cat[s.base_model][0], cat[s.ft_model][1], cat[s.ft_model][2]
    assert base is not None and ft is not None and train is not None
    return simulation.simulate(s, simulation.Prices(base, ft, train))


@pytest.mark.parametrize(
    ("preset_id", "reason", "within"),
    [
        ("startup", "not_cheaper_per_request", False),  # low volume, short prompt: never
        # a fine-tuned open model big enough for open questions costs more per request than the prompt
        ("support-bot", "not_cheaper_per_request", False),
        ("legal", None, False),  # pays off only after years: the case for it is format and tone, not money
        ("classification", None, True),
        ("realtime", None, False),  # its case is latency; the one-off costs take years to earn back
    ],
)
def test_presets_tell_the_articles_story(preset_id: str, reason: str | None, within: bool) -> None:
    r = _story(preset_id)
    assert r.break_even.reason == reason
    assert r.break_even.within_horizon is within


def test_realtime_preset_shows_a_latency_gain() -> None:
    r = _story("realtime")
    assert r.latency["finetune"].ttft < r.latency["prompt"].ttft / 2


def _write(tmp_path: Path, lang: str, data: object) -> Path:
    folder = tmp_path / lang / "simulator"
    folder.mkdir(parents=True)
    (folder / "presets.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    return tmp_path


def _valid() -> dict[str, object]:
    return {
        "presets": [
            {"id": i, "label": i, "description": "d", "values": {"rpd": 1}} for i in presets.PRESET_IDS
        ]
    }


def test_malformed_preset_file_names_file_and_field(tmp_path: Path) -> None:
    data = _valid()
    data["presets"][0]["values"] = {"rpm": 5}  # type: ignore[index]
    root = _write(tmp_path, "en", data)
    with pytest.raises(ContentError) as info:
        presets.load_presets("en", root)
    assert "presets.yaml" in info.value.file and "values" in info.value.field


def test_preset_file_must_hold_every_id(tmp_path: Path) -> None:
    data = _valid()
    data["presets"] = data["presets"][:4]  # type: ignore[index]
    with pytest.raises(ContentError):
        presets.load_presets("en", _write(tmp_path, "en", data))


def test_bad_preset_value_is_a_content_error() -> None:
    p = presets.Preset(id="legal", label="x", description="y", values={"rpd": -4})
    with pytest.raises(ContentError) as info:
        presets.scenario_of(p, MODELS)
    assert "rpd" in info.value.field
