"""Texts and exports: score deltas, the Markdown summary, the escaped HTML page."""

from __future__ import annotations

import html

import pytest

from core import i18n
from features.wizard import export, rules, scoring
from tests.features.wizard.scenarios import EN, SCENARIOS, WIZ, T


@pytest.mark.parametrize(
    ("delta", "lang", "text"), [(3, "en", "+3"), (-2, "de", "−2"), (0, "en", "±0"), (1200, "de", "+1.200")]
)
def test_format_delta(delta: int, lang: i18n.Lang, text: str) -> None:
    assert export.format_delta(delta, lang) == text


# ------------------------------------------------------------------------------------------------ exports


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_markdown_summary(lang: i18n.Lang) -> None:
    wizard, given_answers = WIZ[lang], SCENARIOS[3][1]
    result = scoring.evaluate(wizard, given_answers)
    md = export.to_markdown(wizard, given_answers, result, T[lang], "https://example.org/wizard?a=x")
    assert md.startswith("# " + T[lang]("wizard.export_title"))
    assert f"{T[lang]('wizard.recommendation')}: {wizard.approaches['hybrid'].name}" in md
    for f in result.reasons_for:
        assert f"**{export.criterion_text(wizard, f, T[lang])}** — {f.rule.reason}" in md
        assert T[lang]("wizard.group_" + wizard.criteria[f.rule.criterion].group) in md
    for step in result.next_steps:
        assert step in md
    for qid, question in wizard.questions.items():
        assert f"{question.short}: {question.answer(given_answers[qid]).label}" in md  # type: ignore[union-attr]
    assert "https://example.org/wizard?a=x" in md
    table_rows = [line for line in md.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(table_rows) == 1 + len(rules.APPROACHES)


def test_html_export_escapes_everything_inserted() -> None:
    def evil(key: str, **params: object) -> str:
        return "<script>alert(1)</script>" if key == "wizard.export_title" else T["en"](key, **params)

    given_answers = SCENARIOS[1][1]
    result = scoring.evaluate(EN, given_answers)
    page = export.to_html(EN, given_answers, result, evil, 'https://x.org/?a="><img src=x onerror=1>')
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img" not in page and "&quot;&gt;&lt;img" in page
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert html.escape(EN.approaches["finetune"].name) in page
    for f in result.reasons_for:
        assert html.escape(f.rule.reason) in page
    assert "@media print" in page
