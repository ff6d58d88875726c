"""core.lifecycle: the dated model table, statuses against a fixed "today", and every default and model
list of the app walked against it (no shut-down model offered anywhere, every default active)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from core import lifecycle, prices
from core.errors import ContentError, UserInputError
from core.handoff import SimulatorHandoff
from core.i18n import translator
from core.llm import caps, remote
from features.simulator import catalogue, inputs
from features.simulator import scenario as scn
from features.tokens import figures
from tests.apptest import open_page, plain, texts

TODAY = date(2026, 12, 1)  # fixed; the app itself uses the real date


@pytest.mark.parametrize(
    ("model", "day", "status"),
    [
        ("gpt-6-luna", TODAY, "active"),
        ("gpt-5.4-mini", TODAY, "active"),
        ("gpt-4o-mini", TODAY, "deprecated"),
        ("gpt-4o-mini", date(2027, 1, 13), "deprecated"),
        ("gpt-4o-mini", date(2027, 1, 14), "shut_down"),
        ("gpt-4o-mini-2024-07-18", TODAY, "deprecated"),  # a dated snapshot finds its model
        ("ft:gpt-4o-mini-2024-07-18:acme::x1", date(2027, 1, 14), "shut_down"),  # fine-tunes go with it
        ("gpt-5", date(2026, 12, 10), "deprecated"),
        ("gpt-5", date(2026, 12, 11), "shut_down"),
        ("o3", TODAY, "deprecated"),
        ("gpt-3.5-turbo", TODAY, "shut_down"),
        ("gpt-4.1-nano", TODAY, "shut_down"),
        ("o3-mini", TODAY, "shut_down"),
        ("o4-mini", TODAY, "shut_down"),
        ("gpt-5.4-nano", date(2027, 3, 31), "deprecated"),
        ("gpt-5.4-nano", date(2027, 4, 1), "shut_down"),
        ("llama-3.1-8b", date(2030, 1, 1), "active"),
        ("my-own-model", TODAY, "unknown"),
    ],
)
def test_status_against_a_given_day(model: str, day: date, status: str) -> None:
    assert lifecycle.status(model, day) == status


def test_issue_dates_are_in_the_table() -> None:
    """The dates of OpenAI's deprecations page (checked 2026-12-01) and of the openai 3.57 SDK."""
    expected = {
        "gpt-3.5-turbo": date(2026, 10, 23),
        "gpt-4.1-nano": date(2026, 10, 23),
        "o3-mini": date(2026, 10, 23),
        "o4-mini": date(2026, 10, 23),
        "gpt-5": date(2026, 12, 11),
        "gpt-5-mini": date(2026, 12, 11),
        "gpt-5-nano": date(2026, 12, 11),
        "o3": date(2026, 12, 11),
        "gpt-4o": date(2027, 1, 14),
        "gpt-4o-mini": date(2027, 1, 14),
        "gpt-4.1": date(2027, 1, 14),
        "gpt-4.1-mini": date(2027, 1, 14),
    }
    for model, shutdown in expected.items():
        found = lifecycle.entry(model)
        assert found is not None and found.shutdown == shutdown, model
    luna = lifecycle.entry("gpt-6-luna")
    assert luna is not None and not luna.fine_tunable
    assert lifecycle.entry("gpt-4o") is not None
    assert lifecycle.replacement("gpt-4o", TODAY) == "gpt-6-luna"


def test_sdk_agrees_on_the_shutdown_dates() -> None:
    """The installed openai SDK's model docstring lists the same announced shutdown dates."""
    import openai.types.shared.chat_model as chat_model

    doc = Path(chat_model.__file__).read_text(encoding="utf-8")
    assert '"gpt-4o-mini": Announced shutdown date: 2027-01-14' in " ".join(doc.split()).replace(
        '"gpt-4o-mini", "gpt-4o-mini-2024-07-18": Announced', '"gpt-4o-mini": Announced'
    )
    for date_text in ("2026-10-23", "2026-12-11", "2027-01-14", "2027-04-01"):
        assert f"Announced shutdown date: {date_text}" in " ".join(doc.split())


def test_every_row_names_its_source_and_check() -> None:
    for e in lifecycle.entries():
        assert e.source.startswith("https://"), e.model
        assert e.checked == lifecycle.NOT_VERIFIED or date.fromisoformat(e.checked) <= TODAY, e.model
        if e.provider == "openai":
            assert e.checked == "2026-12-01"
        if e.shutdown is not None:
            assert e.replacement is not None, e.model


@pytest.mark.parametrize(
    ("model", "day", "ok"),
    [
        ("gpt-4o-mini", TODAY, True),
        ("gpt-4o-mini", date(2027, 1, 6), False),  # self-serve fine-tuning closed for everybody
        ("gpt-6-luna", TODAY, False),  # cannot be fine-tuned
        ("gpt-4.1-nano", TODAY, False),  # shut down
        ("llama-3.1-8b", date(2027, 6, 1), True),
    ],
)
def test_can_fine_tune(model: str, day: date, ok: bool) -> None:
    found = lifecycle.entry(model)
    assert found is not None and found.can_fine_tune(day) is ok


@pytest.mark.parametrize(
    ("model", "effort", "ok"),
    [
        ("gpt-6-luna", "none", True),
        ("gpt-6-luna", "low", False),
        ("gpt-6-luna", None, False),
        ("gpt-5", "low", False),
        ("gpt-4o-mini", None, True),
        ("llama3.2", None, True),  # your own server: the classic parameters
    ],
)
def test_sampling_parameters(model: str, effort: str | None, ok: bool) -> None:
    assert lifecycle.accepts_sampling(model, effort) is ok


def test_lifecycle_joined_with_genai_prices() -> None:
    """Every OpenAI model the app offers is priced by genai-prices."""
    for model in lifecycle.provider_models("openai", TODAY):
        assert prices.inference_price(model).source == prices.SOURCE_GENAI, model


# ------------------------------------------------------------------------ every default and model list


def _defaults() -> dict[str, str]:
    handoff_ft = SimulatorHandoff(ft_model=prices.finetunable_models(TODAY)[0]).ft_model
    presets = {
        f"preset {p.id} {side}": str(p.values[side])
        for p in inputs.preset_list("en")
        for side in ("base", "ft")
        if side in p.values
    }
    return {
        "playground OpenAI default": remote.openai_models(TODAY)[0],
        "workshop default": caps.WorkshopCaps().models[0],
        "simulator base default": scn.DEFAULTS.base_model,
        "simulator ft default": scn.DEFAULTS.ft_model,
        "data lab default (= its simulator hand-off)": str(handoff_ft),
        "token explorer default": figures.DEFAULT_MODEL,
        **presets,
    }


@pytest.mark.parametrize(("where", "model"), list(_defaults().items()))
def test_every_default_is_active(where: str, model: str) -> None:
    """Fails as soon as the table announces a shutdown for a default: update the default then."""
    assert lifecycle.status(model, TODAY) == "active", f"{where}: {model}"


def test_no_model_list_offers_a_shut_down_model() -> None:
    for day in (TODAY, date(2026, 12, 11), date(2027, 1, 14), date(2027, 4, 1)):
        lists = {
            "playground": remote.openai_models(day),
            "simulator base": tuple(catalogue.models_on(day).base),
            "simulator ft / data lab": tuple(catalogue.models_on(day).fine_tunable),
            "prices.base_models": tuple(prices.base_models(day)),
        }
        for where, models in lists.items():
            assert models, where
            for model in models:
                assert lifecycle.status(model, day) in ("active", "deprecated"), (where, model, day)
    assert "gpt-4o-mini" in remote.openai_models(TODAY)
    assert "gpt-4o-mini" not in remote.openai_models(date(2027, 1, 14))


def test_wizard_handoff_names_no_model() -> None:
    """The wizard hands numbers only, so the simulator's (active) defaults apply."""
    from features.wizard import rules, sim_handoff

    wizard = rules.load_wizard("en")
    answers = {q.id: q.answers[0].id for q in wizard.questions.values()}
    assert sim_handoff.simulator_handoff(wizard, answers).ft_model is None


def test_workshop_caps_drop_shut_down_models() -> None:
    kept = caps.caps_from_secrets({"models": ["gpt-4.1-nano", "gpt-4o-mini"]}, TODAY)
    assert kept.models == ("gpt-4o-mini",)
    with pytest.raises(UserInputError) as info:
        caps.caps_from_secrets({"models": ["gpt-3.5-turbo", "o4-mini"]}, TODAY)
    assert info.value.key == "llm.err_workshop_models_shut_down"
    assert "gpt-6-luna" in translator("en")(info.value.key, **info.value.params)


def test_malformed_table_names_file_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "model_lifecycle.yaml"
    bad.write_text(
        "defaults: {source: 'https://example.org', checked: '2026-12-01'}\n"
        "rows:\n  - {model: x, provider: openai, shutdown: 'soon'}\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as info:
        lifecycle.load_table(bad)
    assert info.value.field == "rows[0].shutdown"


# ------------------------------------------------------------------------ an old link naming a dead model


def test_link_with_a_shut_down_model_uses_the_replacement() -> None:
    models = catalogue.models_on(TODAY)
    s, problems = scn.from_query({"base": "gpt-3.5-turbo", "ft": "gpt-4.1-nano"}, models)
    assert s.base_model == "gpt-6-luna"  # the replacement, which is offered
    assert s.ft_model == scn.DEFAULTS.ft_model  # gpt-6-luna cannot be fine-tuned: the default
    assert [(p.reason, p.shutdown, p.replacement) for p in problems] == [
        ("shut_down_model", "2026-10-23", "gpt-6-luna"),
        ("shut_down_model", "2026-10-23", "gpt-6-luna"),
    ]


@pytest.mark.parametrize(("lang", "words"), [("en", "shut down"), ("de", "abgeschaltet")])
def test_simulator_link_with_a_shut_down_model_shows_the_message(lang: str, words: str) -> None:
    at = open_page("pages/simulator.py", lang, base="gpt-3.5-turbo")
    assert not at.exception
    shown = plain(texts(at))
    assert words in shown and "2026-10-23" in shown and "gpt-6-luna" in shown
    at.session_state["sim_exp_finetune"] = True  # the models' group is drawn only while open
    at.run()
    assert at.selectbox(key="sim_base").value == "gpt-6-luna"


def test_catalogue_joins_status_and_price() -> None:
    rows = {r.entry.model: r for r in lifecycle.catalogue(TODAY)}
    assert set(rows) == {e.model for e in lifecycle.entries()}
    luna = rows["gpt-6-luna"]
    assert (luna.status, luna.input_per_mtok, luna.output_per_mtok, luna.price_source) == (
        "active",
        0.1,
        0.5,
        prices.SOURCE_GENAI,
    )
    assert rows["gpt-3.5-turbo"].status == "shut_down"
    assert rows["llama-3.1-8b"].input_per_mtok == 0.18  # the hosted-LoRA serving price (not verified here)
    for row in rows.values():
        if row.status != "shut_down" and row.entry.provider == "openai":
            assert row.input_per_mtok is not None, row.entry.model
