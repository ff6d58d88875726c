"""The wizard's gates (table-driven): rules of the article that scores alone cannot guarantee."""

from __future__ import annotations

import pytest

from features.wizard import rules, scoring
from tests.features.wizard.scenarios import SCENARIOS, WIZ

ARTICLE = SCENARIOS[:6]  # the article's six examples (scenarios.py)
LEGAL = dict(SCENARIOS[1][1])
GPUS = dict(SCENARIOS[5][1])
REALTIME = dict(SCENARIOS[6][1])


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize(("name", "answers", "expected"), ARTICLE, ids=[s[0] for s in ARTICLE])
def test_the_articles_six_scenarios_give_the_articles_answer(
    lang: str, name: str, answers: dict[str, str], expected: set[str]
) -> None:
    assert scoring.evaluate(WIZ[lang], answers).recommendation in expected


@pytest.mark.parametrize(
    ("changes", "first", "then", "gate_ids"),
    [
        ({}, "finetune", None, {"format_first"}),  # legal, prompting exhausted: fine-tune
        ({"tried": "not_yet"}, "prompt", "finetune", {"prompt_first", "format_first"}),
        ({"budget": "none"}, None, None, {"no_budget", "format_first"}),
        (
            {"budget": "none", "tried": "not_yet"},
            "prompt",
            None,
            {"no_budget", "prompt_first", "format_first"},
        ),
        ({"output": "some"}, "finetune", None, set()),
    ],
)
def test_legal_scenario_variants(
    changes: dict[str, str], first: str | None, then: str | None, gate_ids: set[str]
) -> None:
    result = scoring.evaluate(WIZ["en"], LEGAL | changes)
    if first is not None:
        assert result.recommendation == first
    else:
        assert result.recommendation not in rules.TRAINING
    assert result.then == then
    assert {g.id for g in result.gates} == gate_ids


def test_prompting_never_tried_with_own_gpus_says_prompt_first_then_peft() -> None:
    result = scoring.evaluate(WIZ["en"], GPUS | {"tried": "not_yet"})
    assert (result.recommendation, result.then) == ("prompt", "peft")


@pytest.mark.parametrize("lang", ["de", "en"])
def test_long_expensive_prompts_offer_caching_a_smaller_model_and_distillation_first(lang: str) -> None:
    result = scoring.evaluate(WIZ[lang], REALTIME)
    words = {"de": ("Caching", "kleineres", "Destillation"), "en": ("caching", "smaller", "distillation")}[
        lang
    ]
    assert len(result.before) == 3
    for word, step in zip(words, result.before, strict=True):
        assert word in step


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_strict_format_suggests_structured_outputs_first(lang: str) -> None:
    result = scoring.evaluate(WIZ[lang], LEGAL)
    assert any("JSON" in step for step in result.before)
    assert not scoring.evaluate(WIZ[lang], LEGAL | {"output": "some"}).before


G = rules.Gate
NOT_FIRST = G(id="a", when={"x": ["y"]}, not_first=["peft", "finetune", "hybrid"], note=".")
NEVER = G(id="b", when={"x": ["y"]}, never=["peft", "finetune", "hybrid"], note=".")


FT, PR, RA, PE, HY = "finetune", "prompt", "rag", "peft", "hybrid"


@pytest.mark.parametrize(
    ("ranking", "gates", "expected", "then"),
    [
        ((FT, PR, RA, PE, HY), (), (FT, PR, RA, PE, HY), None),
        ((FT, PR, RA, PE, HY), (NOT_FIRST,), (PR, FT, RA, PE, HY), FT),
        ((FT, PE, RA, PR, HY), (NEVER,), (RA, PR, FT, PE, HY), None),
        ((FT, PR, RA, PE, HY), (NOT_FIRST, NEVER), (PR, RA, FT, PE, HY), None),
        ((PR, FT, RA, PE, HY), (NOT_FIRST,), (PR, FT, RA, PE, HY), None),
    ],
)
def test_gated(
    ranking: tuple[rules.Approach, ...],
    gates: tuple[rules.Gate, ...],
    expected: tuple[rules.Approach, ...],
    then: str | None,
) -> None:
    assert scoring.gated(ranking, gates) == (expected, then)


def test_gates_are_the_same_in_both_languages() -> None:
    assert rules.parity_problems(WIZ["de"], WIZ["en"]) == []
    assert [g.id for g in WIZ["en"].gates] == ["prompt_first", "no_budget", "cost_first", "format_first"]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_exports_carry_the_gates(lang: str) -> None:
    from features.wizard import export
    from tests.features.wizard.scenarios import T

    answers = LEGAL | {"tried": "not_yet"}
    result = scoring.evaluate(WIZ[lang], answers)
    md = export.to_markdown(WIZ[lang], answers, result, T[lang])
    html = export.to_html(WIZ[lang], answers, result, T[lang])
    then = T[lang]("wizard.then", name=WIZ[lang].approaches["finetune"].name)
    assert then in md and T[lang]("wizard.gates_heading") in md and "JSON" in md
    assert T[lang]("wizard.before_heading") in html and "JSON" in html
