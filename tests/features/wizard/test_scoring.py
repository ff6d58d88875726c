"""core.wizard: scenarios from the article, traceable reasons, URL format, parity, hand-off, exports."""

from __future__ import annotations

import html
import re
import string
from pathlib import Path
from typing import get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import i18n
from core import wizard as wz
from core.errors import ContentError, UserInputError
from tests.conftest import replace_once

WIZ = {lang: wz.load_wizard(lang) for lang in i18n.LANGS}
EN = WIZ["en"]
T = {lang: i18n.translator(lang) for lang in i18n.LANGS}


def answers(**chosen: str) -> dict[str, str]:
    assert set(chosen) == set(EN.questions), "a scenario answers every question"
    return chosen


SCENARIOS: list[tuple[str, dict[str, str], set[str]]] = [
    # --- the article's examples
    (
        "startup trying use cases",
        answers(speed="days", change="weekly", usecases="many", budget="none", model="strong",
                infra="api_only", output="flexible", volume="low", latency="interactive", tried="not_yet",
                knowledge="none"),
        {"prompt"},
    ),
    (
        "legal documents, fixed format, at volume",
        answers(speed="months", change="stable", usecases="one", budget="ample", model="strong",
                infra="api_only", output="strict", volume="high", latency="relaxed", tried="limits_format",
                knowledge="none"),
        {"finetune"},
    ),
    (
        "product range changes weekly",
        answers(speed="weeks", change="weekly", usecases="few", budget="some", model="strong",
                infra="api_only", output="some", volume="medium", latency="interactive", tried="not_yet",
                knowledge="changing"),
        {"prompt", "rag"},
    ),
    (
        "company style across many channels",
        answers(speed="months", change="quarterly", usecases="many", budget="ample", model="strong",
                infra="api_only", output="house_style", volume="high", latency="interactive",
                tried="limits_format", knowledge="stable"),
        {"hybrid"},
    ),
    (
        "proprietary facts that change",
        answers(speed="weeks", change="quarterly", usecases="one", budget="some", model="strong",
                infra="api_only", output="some", volume="medium", latency="interactive",
                tried="limits_knowledge", knowledge="changing"),
        {"rag"},
    ),
    (
        "own GPUs, open model, consistent format",
        answers(speed="weeks", change="stable", usecases="one", budget="some", model="small",
                infra="own_gpus", output="strict", volume="high", latency="interactive",
                tried="limits_format", knowledge="none"),
        {"peft"},
    ),
    # --- more situations
    (
        "real-time at huge volume, long prompts",
        answers(speed="weeks", change="stable", usecases="one", budget="ample", model="strong",
                infra="api_only", output="some", volume="very_high", latency="critical", tried="limits_cost",
                knowledge="none"),
        {"finetune"},
    ),
    (
        "prompting already works",
        answers(speed="weeks", change="quarterly", usecases="few", budget="ample", model="strong",
                infra="rented", output="some", volume="medium", latency="interactive", tried="works",
                knowledge="none"),
        {"prompt"},
    ),
    (
        "support over a handbook that changes, no training budget",
        answers(speed="weeks", change="weekly", usecases="one", budget="none", model="strong",
                infra="api_only", output="some", volume="medium", latency="relaxed",
                tried="limits_knowledge", knowledge="changing"),
        {"rag"},
    ),
    (
        "own GPUs but nothing tried yet: start with prompts",
        answers(speed="days", change="quarterly", usecases="few", budget="some", model="unsure",
                infra="own_gpus", output="some", volume="low", latency="relaxed", tried="not_yet",
                knowledge="none"),
        {"prompt"},
    ),
    (
        "medical reports: stable terminology, strict format, very high volume",
        answers(speed="months", change="stable", usecases="one", budget="ample", model="strong",
                infra="api_only", output="strict", volume="very_high", latency="interactive",
                tried="limits_format", knowledge="stable"),
        {"finetune"},
    ),
    (
        "hobby project",
        answers(speed="days", change="quarterly", usecases="few", budget="none", model="strong",
                infra="api_only", output="flexible", volume="low", latency="relaxed", tried="works",
                knowledge="none"),
        {"prompt"},
    ),
]  # fmt: skip

SCENARIO_IDS = [name for name, _, _ in SCENARIOS]


# ------------------------------------------------------------------------------------------------ scenarios


@pytest.mark.parametrize(("name", "given_answers", "expected"), SCENARIOS, ids=SCENARIO_IDS)
def test_scenario_recommendation(name: str, given_answers: dict[str, str], expected: set[str]) -> None:
    results = {lang: wz.evaluate(WIZ[lang], given_answers) for lang in i18n.LANGS}
    assert results["en"].recommendation in expected, (name, results["en"].scores)
    # the languages share the rules, so they agree on everything but the texts
    assert results["de"].scores == results["en"].scores
    assert results["de"].ranking == results["en"].ranking


def test_every_approach_is_recommended_by_some_scenario() -> None:
    winners = {wz.evaluate(EN, a).recommendation for _, a, _ in SCENARIOS}
    assert winners == set(wz.APPROACHES)


@pytest.mark.parametrize(("name", "given_answers", "expected"), SCENARIOS, ids=SCENARIO_IDS)
def test_scores_are_the_sum_of_the_rules_that_fire(
    name: str, given_answers: dict[str, str], expected: set[str]
) -> None:
    # computed independently of evaluate(): straight from the rules' conditions
    manual = dict.fromkeys(wz.APPROACHES, 0)
    for rule in EN.rules:
        if all(given_answers[q] in allowed for q, allowed in rule.when.items()):
            for approach, delta in rule.deltas.items():
                manual[approach] += delta
    result = wz.evaluate(EN, given_answers)
    assert dict(result.scores) == manual
    assert result.scores[result.recommendation] == max(manual.values())


# ------------------------------------------------------------------------------------------------ reasons


@pytest.mark.parametrize("lang", i18n.LANGS)
@pytest.mark.parametrize(("name", "given_answers", "expected"), SCENARIOS, ids=SCENARIO_IDS)
def test_every_reason_shown_comes_from_a_rule_that_fired(
    name: str, given_answers: dict[str, str], expected: set[str], lang: str
) -> None:
    wizard = WIZ[lang]
    result = wz.evaluate(wizard, given_answers)
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
    assert len(result.reasons_for) <= wz.MAX_REASONS_FOR
    assert len(result.reasons_against) <= wz.MAX_REASONS_AGAINST

    # no always-shown text: a rule's reason, caveat or next step is in the summary only if it fired
    summary = wz.to_markdown(wizard, given_answers, result, T[lang])
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
    result = wz.evaluate(EN, startup)
    assert result.recommendation == "prompt"
    infra_api = next(f for f in result.fired if f.id == "infra_api")
    assert infra_api.rule.caveat and "prompt" not in infra_api.rule.caveat_for
    assert infra_api.rule.caveat not in result.caveats


def test_changing_one_answer_changes_the_reasons_that_explain_it() -> None:
    base = dict(SCENARIOS[1][1])  # legal documents: fine-tuning
    before = wz.evaluate(EN, base)
    assert "output_strict" in {f.id for f in before.reasons_for}
    base["output"] = "flexible"
    after = wz.evaluate(EN, base)
    assert "output_strict" not in {f.id for f in after.fired}
    assert "output_flexible" in {f.id for f in after.fired}
    assert after.scores["finetune"] == before.scores["finetune"] - 4 - 1


@pytest.mark.parametrize(
    ("scores", "ranking"),
    [
        ({}, ("prompt", "rag", "peft", "finetune", "hybrid")),
        ({"hybrid": 3, "finetune": 3}, ("finetune", "hybrid", "prompt", "rag", "peft")),
        ({"prompt": 2, "rag": 2, "peft": 2, "finetune": 2, "hybrid": 2}, wz.APPROACHES),
        ({"rag": 5, "prompt": 5, "hybrid": 9}, ("hybrid", "prompt", "rag", "peft", "finetune")),
        ({"peft": -1, "prompt": -1}, ("rag", "finetune", "hybrid", "prompt", "peft")),
    ],
)
def test_ties_go_to_the_simpler_approach(scores: dict[wz.Approach, int], ranking: tuple[str, ...]) -> None:
    assert wz.rank(scores) == ranking


def test_close_call_flag() -> None:
    products = wz.evaluate(EN, SCENARIOS[2][1])
    assert products.margin == products.scores[products.ranking[0]] - products.scores[products.ranking[1]]
    assert products.close_call == (products.margin <= wz.CLOSE_CALL_MARGIN)
    startup = wz.evaluate(EN, SCENARIOS[0][1])
    assert startup.margin > wz.CLOSE_CALL_MARGIN and not startup.close_call


QUESTION_ANSWERS = {q.id: [a.id for a in q.answers] for q in EN.questions.values()}
any_answers = st.fixed_dictionaries({qid: st.sampled_from(ids) for qid, ids in QUESTION_ANSWERS.items()})


@settings(max_examples=200, deadline=None)
@given(any_answers)
def test_any_complete_answers_give_a_consistent_result(given_answers: dict[str, str]) -> None:
    result = wz.evaluate(EN, given_answers)
    assert max(result.scores.values()) == result.scores[result.recommendation]
    assert set(result.ranking) == set(wz.APPROACHES)
    assert {f.id for f in result.reasons_for} <= {f.id for f in result.fired}
    assert result.next_steps[: len(EN.approaches[result.recommendation].next_steps)] == tuple(
        EN.approaches[result.recommendation].next_steps
    )
    assert wz.decode(EN, wz.encode(EN, given_answers)) == wz.Decoded(given_answers, ())


# ------------------------------------------------------------------------------------------------ validation


def test_incomplete_answers_list_what_is_missing() -> None:
    partial = {"speed": "days", "change": "weekly"}
    with pytest.raises(UserInputError) as info:
        wz.evaluate(EN, partial)
    assert info.value.key == "wizard.incomplete"
    assert info.value.params["count"] == len(EN.questions) - 2
    missing = str(info.value.params["missing"])
    assert EN.questions["budget"].short in missing and EN.questions["speed"].short not in missing
    assert [q.id for q in wz.missing(EN, partial)] == [q for q in EN.questions if q not in partial]
    text = T["de"](info.value.key, **info.value.params)
    assert "9 Frage(n) noch offen" in text


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
    for call in (wz.check_answers, wz.evaluate, wz.simulator_params):
        with pytest.raises(UserInputError) as info:
            call(EN, full)
        assert info.value.key == key
        assert info.value.params["value"] == shown
        for lang in i18n.LANGS:
            assert shown in T[lang](info.value.key, **info.value.params)


# ------------------------------------------------------------------------------------------------ URL


@pytest.mark.parametrize(("name", "given_answers", "expected"), SCENARIOS, ids=SCENARIO_IDS)
def test_url_round_trip(name: str, given_answers: dict[str, str], expected: set[str]) -> None:
    encoded = wz.encode(EN, given_answers)
    assert re.fullmatch(r"[a-z_]+:[a-z_]+(,[a-z_]+:[a-z_]+)*", encoded)
    assert encoded.startswith("speed:") and encoded.count(",") == len(EN.questions) - 1
    assert wz.decode(EN, encoded) == wz.Decoded(given_answers, ())
    assert wz.decode(WIZ["de"], encoded) == wz.Decoded(given_answers, ())


def test_encode_keeps_question_order_and_drops_invalid_answers() -> None:
    assert wz.encode(EN, {"knowledge": "none", "speed": "days", "volume": "lots", "x": "y"}) == (
        "speed:days,knowledge:none"
    )
    assert wz.encode(EN, {}) == ""


@pytest.mark.parametrize(
    ("text", "kept", "problems"),
    [
        ("", {}, []),
        ("speed:days", {"speed": "days"}, []),
        (" Speed : DAYS ,, change:weekly ,", {"speed": "days", "change": "weekly"}, []),
        ("speed", {}, [("wizard.url_malformed", {"value": "speed"})]),
        ("speed:", {}, [("wizard.url_malformed", {"value": "speed?"})]),
        (":days", {}, [("wizard.url_malformed", {"value": "?days"})]),
        ("speed:fast,change:weekly", {"change": "weekly"},
         [("wizard.url_unknown_answer", {"question": "Time to first results", "value": "fast"})]),
        ("colour:blue,speed:days", {"speed": "days"}, [("wizard.url_unknown_question", {"value": "colour"})]),
        ("speed:days,speed:weeks", {"speed": "days"},
         [("wizard.url_duplicate", {"question": "Time to first results"})]),
        ("speed:days,speed:days", {"speed": "days"}, []),
        ("<script>:x", {}, [("wizard.url_unknown_question", {"value": "?script?"})]),
        ("speed:days," + "x" * 2000, {}, [("wizard.url_too_long", {"limit": wz.MAX_QUERY_CHARS})]),
        ("a:" + "b" * 100, {}, [("wizard.url_unknown_question", {"value": "a"})]),
        ("volume:" + "z" * 100, {},
         [("wizard.url_unknown_answer", {"question": "Volume", "value": "z" * 40 + "…"})]),
    ],
)  # fmt: skip
def test_decode_reports_bad_values_without_raising(
    text: str, kept: dict[str, str], problems: list[tuple[str, dict[str, object]]]
) -> None:
    decoded = wz.decode(EN, text)
    assert decoded.answers == kept
    assert [(p.key, dict(p.params)) for p in decoded.problems] == problems
    for p in decoded.problems:
        for lang in i18n.LANGS:
            message = T[lang](p.key, **p.params)
            assert "<" not in message and "{" not in message


@pytest.mark.parametrize(
    ("base", "lang", "encoded", "url"),
    [
        (None, "en", "speed:days", "wizard?lang=en&a=speed:days"),
        ("", "de", "", "wizard?lang=de&a="),
        ("http://localhost:8501", "de", "speed:days,change:weekly",
         "http://localhost:8501/wizard?lang=de&a=speed:days,change:weekly"),
        ("https://x.streamlit.app/", "en", "speed:days", "https://x.streamlit.app/wizard?lang=en&a=speed:days"),
        ("http://127.0.0.1:8765/wizard", "en", "speed:days", "http://127.0.0.1:8765/wizard?lang=en&a=speed:days"),
        ("https://h.org/app/wizard/", "de", "x:y", "https://h.org/app/wizard?lang=de&a=x:y"),
        # the browser reports this address, so a faked one must not end up as a link in the HTML export
        ("javascript:alert(1)//", "en", "x:y", "wizard?lang=en&a=x:y"),
        ('https://h.org/"><script>alert(1)</script>', "en", "x:y", "wizard?lang=en&a=x:y"),
        ("https://h.org/?next=evil", "en", "x:y", "wizard?lang=en&a=x:y"),
        ("data:text/html,hi", "en", "x:y", "wizard?lang=en&a=x:y"),
    ],
)  # fmt: skip
def test_share_url(base: str | None, lang: i18n.Lang, encoded: str, url: str) -> None:
    assert wz.share_url(base, lang, encoded) == url


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
    params = wz.simulator_params(EN, given_answers)
    assert dict(params) == expected
    assert list(params) == list(wz.SIM_PARAMS)
    assert wz.simulator_params(WIZ["de"], given_answers) == params


def test_simulator_params_need_complete_answers() -> None:
    with pytest.raises(UserInputError) as info:
        wz.simulator_params(EN, {"volume": "high"})
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
    lang: i18n.Lang, params: dict[wz.SimParam, str], formatted: dict[str, str]
) -> None:
    assert wz.format_sim_params(params, lang) == formatted


@pytest.mark.parametrize(
    ("delta", "lang", "text"), [(3, "en", "+3"), (-2, "de", "−2"), (0, "en", "±0"), (1200, "de", "+1.200")]
)
def test_format_delta(delta: int, lang: i18n.Lang, text: str) -> None:
    assert wz.format_delta(delta, lang) == text


# ------------------------------------------------------------------------------------------------ exports


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_markdown_summary(lang: i18n.Lang) -> None:
    wizard, given_answers = WIZ[lang], SCENARIOS[3][1]
    result = wz.evaluate(wizard, given_answers)
    md = wz.to_markdown(wizard, given_answers, result, T[lang], "https://example.org/wizard?a=x")
    assert md.startswith("# " + T[lang]("wizard.export_title"))
    assert f"{T[lang]('wizard.recommendation')}: {wizard.approaches['hybrid'].name}" in md
    for f in result.reasons_for:
        assert f"**{wz.criterion_text(wizard, f, T[lang])}** — {f.rule.reason}" in md
        assert T[lang]("wizard.group_" + wizard.criteria[f.rule.criterion].group) in md
    for step in result.next_steps:
        assert step in md
    for qid, question in wizard.questions.items():
        assert f"{question.short}: {question.answer(given_answers[qid]).label}" in md  # type: ignore[union-attr]
    assert "https://example.org/wizard?a=x" in md
    table_rows = [line for line in md.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(table_rows) == 1 + len(wz.APPROACHES)


def test_html_export_escapes_everything_inserted() -> None:
    def evil(key: str, **params: object) -> str:
        return "<script>alert(1)</script>" if key == "wizard.export_title" else T["en"](key, **params)

    given_answers = SCENARIOS[1][1]
    result = wz.evaluate(EN, given_answers)
    page = wz.to_html(EN, given_answers, result, evil, 'https://x.org/?a="><img src=x onerror=1>')
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img" not in page and "&quot;&gt;&lt;img" in page
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert html.escape(EN.approaches["finetune"].name) in page
    for f in result.reasons_for:
        assert html.escape(f.rule.reason) in page
    assert "@media print" in page


# ------------------------------------------------------------------------------------------------ content


def test_both_languages_have_the_same_structure() -> None:
    assert wz.parity_problems(WIZ["de"], WIZ["en"]) == []


def test_rules_cover_the_articles_decision_matrix() -> None:
    matrix = {c.id for c in EN.criteria.values() if c.group in ("matrix_prompt", "matrix_finetune")}
    assert len(matrix) == 10
    used = {r.criterion for r in EN.rules}
    assert matrix <= used
    assert {c.id for c in EN.criteria.values()} == used, "every criterion is used by a rule"
    assert {q for r in EN.rules for q in r.when} == set(EN.questions), "every question matters"


def test_wizard_ui_strings_exist_with_the_same_placeholders() -> None:
    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    keys = [k for k in T["en"].strings if k.startswith("wizard.")]
    assert keys
    for key in keys:
        assert T["de"].has(key), key
        assert fields(T["de"].strings[key]) == fields(T["en"].strings[key]), key
    assert fields(T["en"].strings["wizard.sim_summary"]) == set(wz.SIM_PARAMS)
    for group in get_args(wz.CriterionGroup):
        assert T["en"].has(f"wizard.group_{group}") and T["de"].has(f"wizard.group_{group}"), group


def test_parity_detects_a_changed_delta(content_copy: Path) -> None:
    replace_once(
        content_copy / "de/wizard/rules.yaml",
        "deltas: {prompt: 3, rag: 1, peft: -1, finetune: -2, hybrid: -2}",
        "deltas: {prompt: 2, rag: 1, peft: -1, finetune: -2, hybrid: -2}",
    )
    de, en = wz.load_wizard("de", content_copy), wz.load_wizard("en", content_copy)
    assert wz.parity_problems(de, en) == [
        "rule speed_days/speed_days: id, criterion, condition, deltas or caveat_for differ"
    ]


def test_parity_detects_changed_sim_numbers(content_copy: Path) -> None:
    replace_once(content_copy / "de/wizard/questions.yaml", "sim: {rpd: 5000}", "sim: {rpd: 4000}")
    problems = wz.parity_problems(wz.load_wizard("de", content_copy), wz.load_wizard("en", content_copy))
    assert problems == ["steps, questions, answers or sim numbers differ"]


@pytest.mark.parametrize(
    ("file", "old", "new", "field"),
    [
        ("rules.yaml", "when: {speed: [days]}", "when: {sped: [days]}", "rules[0].when.sped"),
        ("rules.yaml", "when: {speed: [days]}", "when: {speed: [today]}", "rules[0].when.speed"),
        ("rules.yaml", "criterion: pe_fast", "criterion: pe_fastest", "rules[0].criterion"),
        (
            "rules.yaml",
            "deltas: {prompt: 1, rag: 1}",
            "deltas: {prompt: 1, rga: 1}",
            "rules[1].deltas.rga.[key]",
        ),
        ("rules.yaml", "deltas: {prompt: 1, rag: 1}", "deltas: {prompt: 0}", "rules[1].deltas"),
        ("rules.yaml", "  - id: speed_weeks", "  - id: speed_days", "rules"),
        ("questions.yaml", "sim: {rpd: 5000}", "sim: {rpd: 5000, out: 3}", "steps[2].questions[1].answers"),
        ("questions.yaml", "sim: {rpd: 50}", "sim: {rpd: -50}", "steps[2].questions[1].answers[0].sim"),
        ("questions.yaml", "          - id: weeks", "          - id: days", "steps[0].questions[0].answers"),
        ("approaches.yaml", "  - id: hybrid", "  - id: prompt", "approaches"),
    ],
)
def test_malformed_wizard_content_names_file_and_field(
    content_copy: Path, file: str, old: str, new: str, field: str
) -> None:
    replace_once(content_copy / "en/wizard" / file, old, new)
    with pytest.raises(ContentError) as info:
        wz.load_wizard("en", content_copy)
    assert info.value.file.endswith(file)
    assert info.value.field == field
