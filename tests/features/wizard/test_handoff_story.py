"""The wizard's hand-off: the model choice and the verdict travel to the simulator, whose headline then agrees
with the wizard or explains the difference; "Try it" opens a prompt pair that exists."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from core import content
from core.content import read_yaml
from core.paths import CONTENT_DIR
from features.wizard import codec, scoring, sim_handoff
from tests.apptest import open_page
from tests.features.wizard.scenarios import SCENARIOS, WIZ, T

LEGAL = SCENARIOS[1][1]


def test_legal_profile_carries_model_and_reasons() -> None:
    res = scoring.evaluate(WIZ["en"], LEGAL)
    profile = sim_handoff.profile(WIZ["en"], LEGAL, res)
    assert profile.numbers.base_model == profile.numbers.ft_model == "gpt-4o"  # "a strong, modern model"
    assert profile.verdict is not None and profile.verdict.recommendation == "finetune"
    assert "consistency" in profile.verdict.why


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize(("name", "answers", "expected"), SCENARIOS[:6], ids=[s[0] for s in SCENARIOS[:6]])
def test_the_simulator_opened_from_the_wizard_agrees_or_explains(
    lang: str, name: str, answers: dict[str, str], expected: set[str]
) -> None:
    at = open_page("pages/wizard.py", lang, a=codec.encode(WIZ[lang], answers))
    link = next(x.proto for x in at.get("page_link") if x.proto.page == "simulator")
    query = {k: v[0] for k, v in parse_qs(link.query_string).items()}
    sim = open_page("pages/simulator.py", **query)
    assert not sim.exception
    intro = T[lang]("simulator.bad_intro")
    assert not [w.value for w in sim.warning if intro in w.value]  # every handed-over value is usable
    shown = [e.value for kind in ("success", "info") for e in getattr(sim, kind)]
    notes = [x for x in shown if "decision wizard" in x or "Entscheidungsassistent" in x]
    assert len(notes) == 1, notes
    agrees = {"de": "auch die günstigste", "en": "also the cheapest"}[lang]
    differs = {"de": "Beides kann stimmen", "en": "Both can be right"}[lang]
    assert agrees in notes[0] or differs in notes[0]
    assert sim.query_params["rec"] in (query["rec"], [query["rec"]])  # the verdict stays in the URL


def test_legal_hand_off_explains_why_money_and_recommendation_differ() -> None:
    at = open_page("pages/wizard.py", "en", a=codec.encode(WIZ["en"], LEGAL))
    link = next(x.proto for x in at.get("page_link") if x.proto.page == "simulator")
    query = {k: v[0] for k, v in parse_qs(link.query_string).items()}
    sim = open_page("pages/simulator.py", **query)
    note = next(e.value for e in sim.info if "decision wizard" in e.value)
    assert "recommended Fine-tuning" in note and "consistent output" in note


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_try_it_pair_exists_in_the_playground(lang: str) -> None:
    pairs = {p["id"] for p in read_yaml(CONTENT_DIR / lang / "playground" / "pairs.yaml")["pairs"]}
    for info in WIZ[lang].approaches.values():
        assert info.try_pair in pairs, info.id
    assert content.load_course(lang)  # type: ignore[arg-type]
