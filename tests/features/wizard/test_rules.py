"""The wizard's content: both languages alike, the article's matrix covered, malformed files named."""

from __future__ import annotations

import string
from pathlib import Path
from typing import get_args

import pytest

from core import i18n
from core.errors import ContentError
from features.wizard import rules
from tests.conftest import replace_once
from tests.features.wizard.scenarios import EN, WIZ, T

# ------------------------------------------------------------------------------------------------ content


def test_both_languages_have_the_same_structure() -> None:
    assert rules.parity_problems(WIZ["de"], WIZ["en"]) == []


def test_rules_cover_the_articles_decision_matrix() -> None:
    matrix = {c.id for c in EN.criteria.values() if c.group in ("matrix_prompt", "matrix_finetune")}
    assert len(matrix) == 10
    used = {r.criterion for r in EN.rules}
    assert matrix <= used
    assert {c.id for c in EN.criteria.values()} == used, "every criterion is used by a rule"
    assert {q for r in EN.rules for q in r.when} == set(EN.questions), "every question matters"


def test_wizard_ui_strings_exist_with_the_same_placeholders() -> None:
    def fields(text: str) -> set[str]:
        if "plural," in text:  # ICU plural blocks (core.i18n.plural)
            return i18n.placeholders(text)
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    keys = [k for k in T["en"].strings if k.startswith("wizard.")]
    assert keys
    for key in keys:
        assert T["de"].has(key), key
        assert fields(T["de"].strings[key]) == fields(T["en"].strings[key]), key
    assert fields(T["en"].strings["wizard.sim_summary"]) == set(rules.SIM_PARAMS)
    for group in get_args(rules.CriterionGroup):
        assert T["en"].has(f"wizard.group_{group}") and T["de"].has(f"wizard.group_{group}"), group


def test_parity_detects_a_changed_delta(content_copy: Path) -> None:
    replace_once(
        content_copy / "de/wizard/rules.yaml",
        "deltas: {prompt: 3, rag: 1, peft: -1, finetune: -2, hybrid: -2}",
        "deltas: {prompt: 2, rag: 1, peft: -1, finetune: -2, hybrid: -2}",
    )
    de, en = rules.load_wizard("de", content_copy), rules.load_wizard("en", content_copy)
    assert rules.parity_problems(de, en) == [
        "rule speed_days/speed_days: id, criterion, condition, deltas or caveat_for differ"
    ]


def test_parity_detects_changed_sim_numbers(content_copy: Path) -> None:
    replace_once(content_copy / "de/wizard/questions.yaml", "sim: {rpd: 5000}", "sim: {rpd: 4000}")
    de, en = rules.load_wizard("de", content_copy), rules.load_wizard("en", content_copy)
    problems = rules.parity_problems(de, en)
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
        rules.load_wizard("en", content_copy)
    assert info.value.file.endswith(file)
    assert info.value.field == field
