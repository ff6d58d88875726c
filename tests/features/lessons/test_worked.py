"""Lesson 5's worked break-even: computed with the simulator's core functions, so it follows a price change
and agrees with the simulator for the same inputs."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core import content
from core.costs import Price
from core.i18n import translator
from features.lessons import worked
from features.simulator import scenario as scn
from features.simulator import simulation

LESSON = "fine-tuning-sweet-spots"


def spec(lang: str = "en") -> worked.BreakEvenSpec:
    lesson = content.load_course(lang).lesson(LESSON)  # type: ignore[arg-type]
    segment = next(s for s in lesson.segments if s.kind == "worked")
    return worked.parse(segment.name, segment.text, lesson.source)


QUOTES = worked.Quotes(Price(0.15, 0.60, 0.075), Price(0.30, 1.20, 0.15), 3.0)


def test_one_case_pays_off_and_one_never_does() -> None:
    w = worked.compute(spec(), QUOTES)
    pays, never = w.cases
    assert pays.break_even.days is not None and pays.saving > 0
    assert never.break_even.days is None and never.break_even.reason == "not_cheaper_per_request"
    # the long answers are what rules it out: the fine-tuned output price, not the prompt
    assert never.case.output_tokens * QUOTES.fine_tuned.output > never.case.output_tokens * QUOTES.base.output


def test_the_lessons_number_follows_a_price_change() -> None:
    t = translator("en")
    before = worked.to_markdown(worked.compute(spec(), QUOTES), t, "en")
    dearer = replace(QUOTES, fine_tuned=Price(0.60, 1.20, 0.15))  # fine-tuned input price doubled
    after = worked.to_markdown(worked.compute(spec(), dearer), t, "en")
    assert before != after
    row = next(line for line in before.splitlines() if line.startswith("| Break-even"))
    row_after = next(line for line in after.splitlines() if line.startswith("| Break-even"))
    assert row != row_after


@pytest.mark.parametrize("case_index", [0, 1])
def test_matches_the_simulator_for_the_same_inputs(case_index: int) -> None:
    sp = spec()
    case = sp.cases[case_index]
    s = replace(
        scn.DEFAULTS,
        requests_per_day=case.requests_per_day,
        instruction_tokens=case.prompt_tokens,
        shots=0,
        input_tokens=case.input_tokens,
        output_tokens=case.output_tokens,
        ft_prompt_tokens=case.ft_prompt_tokens,
        train_examples=sp.train_examples,
        train_tokens=sp.train_tokens,
        data_prep_cost=sp.one_off.data_preparation,
        eval_cost=sp.one_off.evaluation,
        eng_hours=sp.one_off.engineering_hours,
        eng_rate=sp.one_off.hourly_rate,
        horizon_months=worked.HORIZON_MONTHS,
    )
    sim = simulation.simulate(s, simulation.Prices(QUOTES.base, QUOTES.fine_tuned, QUOTES.training_per_mtok))
    mine = worked.compute(sp, QUOTES).cases[case_index]
    assert mine.prompt_cost == pytest.approx(sim.plans["prompt"].per_request.total)
    assert mine.ft_cost == pytest.approx(sim.plans["finetune"].per_request.total)
    assert mine.fixed == pytest.approx(sim.training_cost + sim.one_off.total)
    assert mine.break_even == sim.break_even


def test_catalogue_prices_are_the_simulators() -> None:
    from features.simulator import catalogue

    sp = spec()
    q = worked.catalogue_quotes(sp)
    p = catalogue.catalogue_prices(sp.base_model, sp.ft_model)
    assert (q.base, q.fine_tuned, q.training_per_mtok) == (p.base, p.fine_tuned, p.training_per_mtok)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_both_languages_compute_the_same_numbers(lang: str) -> None:
    assert spec(lang) == spec("en")
    text = worked.to_markdown(worked.compute(spec(lang), QUOTES), translator(lang), lang)  # type: ignore[arg-type]
    assert text.count("\n|") == 9 and ("never" in text or "nie:" in text)


@pytest.mark.parametrize(
    ("name", "body", "field"),
    [
        ("nonsense", "base_model: x", "worked"),
        ("break-even", "base_model: [", "line"),
        ("break-even", "base_model: gpt-4o-mini\n", "ft_model"),
    ],
)
def test_bad_directives_name_the_file_and_field(name: str, body: str, field: str) -> None:
    from pathlib import Path

    from core.errors import ContentError

    with pytest.raises(ContentError) as info:
        worked.parse(name, body, Path("05.md"))
    assert info.value.field.startswith(field)


def test_the_lesson_page_shows_the_worked_table() -> None:
    from tests.apptest import open_page

    at = open_page("pages/lessons.py", "en", lesson=LESSON)
    assert not at.exception
    assert any("| Break-even |" in m.value and "never:" in m.value for m in at.markdown)
