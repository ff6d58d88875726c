"""Scoring: scenarios from the article, traceable reasons, ranking, checks of the answers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import i18n
from core.errors import UserInputError
from features.wizard import codec, export, rules, scoring, sim_handoff
from tests.features.wizard.scenarios import EN, SCENARIO_IDS, SCENARIOS, WIZ, T

# ------------------------------------------------------------------------------------------------ scenarios


@pytest.mark.parametrize(("name", "given_answers", "expected"), SCENARIOS, ids=SCENARIO_IDS)
def test_scenario_recommendation(name: str, given_answers: dict[str, str], expected: set[str]) -> None:
    results = {lang: scoring.evaluate(WIZ[lang], given_answers) for lang in i18n.LANGS}
    assert results["en"].recommendation in expected, (name, results["en"].scores)
    # the languages share the rules, so they agree on everything but the texts
    assert results["de"].scores == results["en"].scores
    assert results["de"].ranking == results["en"].ranking


def test_every_approach_is_recommended_by_some_scenario() -> None:
    winners = {scoring.evaluate(EN, a).recommendation for _, a, _ in SCENARIOS}
    assert winners == set(rules.APPROACHES)


@pytest.mark.parametrize(("name", "given_answers", "expected"), SCENARIOS, ids=SCENARIO_IDS)
def test_scores_are_the_sum_of_the_rules_that_fire(
    name: str, given_answers: dict[str, str], expected: set[str]
) -> None:
    # computed independently of evaluate(): straight from the rules' conditions
    manual = dict.fromkeys(rules.APPROACHES, 0)
    for rule in EN.rules:
        if all(given_answers[q] in allowed for q, allowed in rule.when.items()):
            for approach, delta in rule.deltas.items():
                manual[approach] += delta
    result = scoring.evaluate(EN, given_answers)
    assert dict(result.scores) == manual
    assert result.scores[result.recommendation] == max(manual.values())


# ------------------------------------------------------------------------------------------------ reasons


@pytest.mark.parametrize("lang", i18n.LANGS)
@pytest.mark.parametrize(("name", "given_answers", "expected"), SCENARIOS, ids=SCENARIO_IDS)
def test_every_reason_shown_comes_from_a_rule_that_fired(
    name: str, given_answers: dict[str, str], expected: set[str], lang: str
) -> None:
    wizard = WIZ[lang]
    result = scoring.evaluate(wizard, given_answers)
    fired_ids = {f.id for f in result.fired}
    assert fired_ids == {r.id for r in wizard.rules if r.fires(given_answers)}
    for f in (*result.reasons_for, *result.reasons_against):
        assert f.id in fired_ids
        # the triggers are exactly the answers given to the rule's questions
        assert {q.id: a.id for q, a in f.triggers} == {q: given_answers[q] for q in f.rule.when}
        assert all(a.id in f.rule.when[q.id] for q, a in f.triggers)
    best = result.recommendation
    assert result.reasons_for, "a recommendation always has at least one reason"
    assert all(f.delta(best) > 0 for f in result.reasons_for)
    assert all(f.delta(best) < 0 for f in result.reasons_against)
    deltas = [f.delta(best) for f in result.reasons_for]
    assert deltas == sorted(deltas, reverse=True)
    assert len(result.reasons_for) <= scoring.MAX_REASONS_FOR
    assert len(result.reasons_against) <= scoring.MAX_REASONS_AGAINST

    # no always-shown text: a rule's reason, caveat or next step is in the summary only if it fired
    summary = export.to_markdown(wizard, given_answers, result, T[lang])
    for rule in wizard.rules:
        for text in (rule.reason, rule.caveat, rule.next_step):
            if text and text in summary:
                owners = {r.id for r in wizard.rules if text in (r.reason, r.caveat, r.next_step)}
                assert owners & fired_ids, f"{rule.id}: text shown although no rule with it fired"
    for caveat in result.caveats:
        owner = [f for f in result.fired if f.rule.caveat == caveat]
        assert owner and all(not f.rule.caveat_for or best in f.rule.caveat_for for f in owner)


def test_a_caveat_limited_to_other_approaches_is_not_shown() -> None:
    startup = SCENARIOS[0][1]
    result = scoring.evaluate(EN, startup)
    assert result.recommendation == "prompt"
    infra_api = next(f for f in result.fired if f.id == "infra_api")
    assert infra_api.rule.caveat and "prompt" not in infra_api.rule.caveat_for
    assert infra_api.rule.caveat not in result.caveats


def test_changing_one_answer_changes_the_reasons_that_explain_it() -> None:
    base = dict(SCENARIOS[1][1])  # legal documents: fine-tuning
    before = scoring.evaluate(EN, base)
    assert "output_strict" in {f.id for f in before.reasons_for}
    base["output"] = "flexible"
    after = scoring.evaluate(EN, base)
    assert "output_strict" not in {f.id for f in after.fired}
    assert "output_flexible" in {f.id for f in after.fired}
    assert after.scores["finetune"] == before.scores["finetune"] - 4 - 1


@pytest.mark.parametrize(
    ("scores", "ranking"),
    [
        ({}, ("prompt", "rag", "peft", "finetune", "hybrid")),
        ({"hybrid": 3, "finetune": 3}, ("finetune", "hybrid", "prompt", "rag", "peft")),
        ({"prompt": 2, "rag": 2, "peft": 2, "finetune": 2, "hybrid": 2}, rules.APPROACHES),
        ({"rag": 5, "prompt": 5, "hybrid": 9}, ("hybrid", "prompt", "rag", "peft", "finetune")),
        ({"peft": -1, "prompt": -1}, ("rag", "finetune", "hybrid", "prompt", "peft")),
    ],
)
def test_ties_go_to_the_simpler_approach(scores: dict[rules.Approach, int], ranking: tuple[str, ...]) -> None:
    assert scoring.rank(scores) == ranking


def test_close_call_flag() -> None:
    products = scoring.evaluate(EN, SCENARIOS[2][1])
    assert products.margin == products.scores[products.ranking[0]] - products.scores[products.ranking[1]]
    assert products.close_call == (products.margin <= scoring.CLOSE_CALL_MARGIN)
    startup = scoring.evaluate(EN, SCENARIOS[0][1])
    assert startup.margin > scoring.CLOSE_CALL_MARGIN and not startup.close_call


QUESTION_ANSWERS = {q.id: [a.id for a in q.answers] for q in EN.questions.values()}
any_answers = st.fixed_dictionaries({qid: st.sampled_from(ids) for qid, ids in QUESTION_ANSWERS.items()})


@settings(max_examples=200, deadline=None)
@given(any_answers)
def test_any_complete_answers_give_a_consistent_result(given_answers: dict[str, str]) -> None:
    result = scoring.evaluate(EN, given_answers)
    held_back = {a for g in result.gates for a in (*g.never, *g.not_first)}
    may_lead = [a for a in rules.APPROACHES if a not in held_back]
    assert max(result.scores[a] for a in may_lead) == result.scores[result.recommendation]
    if given_answers["tried"] == "not_yet" or given_answers["budget"] == "none":
        assert result.recommendation not in rules.TRAINING  # the article: prompt first, no training
    if given_answers["budget"] == "none":
        assert (
            result.then not in rules.TRAINING
            and result.ranking[-3:] != ()
            and all(a not in rules.TRAINING for a in result.ranking[:2])
        )
    assert set(result.ranking) == set(rules.APPROACHES)
    assert {f.id for f in result.reasons_for} <= {f.id for f in result.fired}
    assert result.next_steps[: len(EN.approaches[result.recommendation].next_steps)] == tuple(
        EN.approaches[result.recommendation].next_steps
    )
    assert codec.decode(EN, codec.encode(EN, given_answers)) == codec.Decoded(given_answers, ())


# ------------------------------------------------------------------------------------------------ validation


def test_incomplete_answers_list_what_is_missing() -> None:
    partial = {"speed": "days", "change": "weekly"}
    with pytest.raises(UserInputError) as info:
        scoring.evaluate(EN, partial)
    assert info.value.key == "wizard.incomplete"
    assert info.value.params["count"] == len(EN.questions) - 2
    missing = str(info.value.params["missing"])
    assert EN.questions["budget"].short in missing and EN.questions["speed"].short not in missing
    assert [q.id for q in scoring.missing(EN, partial)] == [q for q in EN.questions if q not in partial]
    text = T["de"](info.value.key, **info.value.params)
    assert "9 Fragen sind noch offen" in text


@pytest.mark.parametrize(
    ("bad", "key", "shown"),
    [
        ({"colour": "blue"}, "wizard.unknown_question", "colour"),
        ({"speed": "yesterday"}, "wizard.unknown_answer", "yesterday"),
        ({"speed": "<img src=x>"}, "wizard.unknown_answer", "?img src?x?"),
    ],
)
def test_unknown_ids_raise_user_input_error(bad: dict[str, str], key: str, shown: str) -> None:
    full = dict(SCENARIOS[0][1]) | bad
    for call in (scoring.check_answers, scoring.evaluate, sim_handoff.simulator_params):
        with pytest.raises(UserInputError) as info:
            call(EN, full)
        assert info.value.key == key
        assert info.value.params["value"] == shown
        for lang in i18n.LANGS:
            assert shown in T[lang](info.value.key, **info.value.params)


# ------------------------------------------------------------------------------------------------ progress


@pytest.mark.parametrize(
    ("given_answers", "count", "step"),
    [
        ({}, 0, 0),
        ({"speed": "days"}, 1, 0),
        ({"speed": "days", "change": "weekly"}, 2, 0),  # the rest of step 1 is still open
        ({"volume": "high"}, 1, 0),  # answered later questions, but step 1 is open
        ({"colour": "blue"}, 0, 0),  # a question the wizard does not ask is not counted
        (SCENARIOS[0][1], 11, 4),  # all answered: the result
        ({q: a for q, a in SCENARIOS[0][1].items() if q != "knowledge"}, 10, 3),
        ({q: a for q, a in SCENARIOS[0][1].items() if q != "budget"}, 10, 1),
    ],
)
def test_progress_and_where_a_link_opens(given_answers: dict[str, str], count: int, step: int) -> None:
    assert len(EN.steps) == 4 and len(EN.questions) == 11
    assert scoring.answered(EN, given_answers) == count
    assert scoring.resume_step(EN, given_answers) == step
