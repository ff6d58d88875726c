"""Metrics, records, the reading and the hand-off of the experiment (table-driven, no model)."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from core.i18n import translator
from features.experiment import charts, metrics, records, view
from features.experiment.metrics import ExampleResult
from features.experiment.records import RunRecord
from features.experiment.variants import Variant

EN = translator("en")


def res(
    correct: bool = True,
    valid: bool = True,
    *,
    cat: str = "billing",
    said: str | None = "billing",
    prompt: int = 100,
    inp: int = 20,
    out: int = 15,
    ttft: float | None = 0.5,
    total: float = 1.0,
    cost: float | None = None,
    cpu: float | None = 0.9,
) -> ExampleResult:
    return ExampleResult(
        example_id="en-eval-0001",
        text="msg",
        expected_category=cat,
        expected_urgency="low",
        answer="{}",
        valid=valid,
        correct=correct,
        category=said,
        urgency="low" if said else None,
        prompt_tokens=prompt,
        input_tokens=inp,
        output_tokens=out,
        ttft_s=ttft,
        total_s=total,
        tokens_per_s=None,
        cost_usd=cost,
        cpu_s=cpu,
    )


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (5, 10, 0.2366, 0.7634),
        (81, 100, 0.7222, 0.8749),
        (1, 30, 0.0059, 0.1667),
        (0, 0, 0.0, 1.0),
    ],
)
def test_wilson(k: int, n: int, low: float, high: float) -> None:
    lo, hi = metrics.wilson(k, n)
    assert lo == pytest.approx(low, abs=1e-4)
    assert hi == pytest.approx(high, abs=1e-4)


@pytest.mark.parametrize(("k", "n"), [(-1, 5), (6, 5), (0, -1)])
def test_wilson_refuses_impossible_counts(k: int, n: int) -> None:
    with pytest.raises(ValueError):
        metrics.wilson(k, n)


def test_summary_figures() -> None:
    rows = [
        res(True, prompt=100, out=11, ttft=0.5, total=1.5, cpu=1.0),
        res(False, True, prompt=200, out=21, ttft=1.0, total=3.0, cpu=2.0),
        res(False, False, said=None, prompt=300, out=1, ttft=None, total=0.25, cpu=3.0),
        res(True, prompt=400, out=1, ttft=0.25, total=0.25, cpu=2.0),
    ]
    s = metrics.summarize(rows)
    assert (s.n, s.valid, s.correct) == (4, 3, 2)
    assert s.valid_rate == 0.75 and s.accuracy == 0.5
    assert (s.ci_low, s.ci_high) == pytest.approx(metrics.wilson(2, 4))
    assert s.prompt_tokens == 250 and s.output_tokens == 8.5 and s.input_tokens == 20
    assert s.ttft_s == 0.5  # median of 0.25, 0.5, 1.0
    assert s.latency_s == pytest.approx(0.875)  # median of 0.25, 0.25, 1.5, 3.0
    # (10 + 20 + 0) tokens after the first over (1.0 + 2.0 + 0.0) s after the first text
    assert s.tokens_per_s == pytest.approx(10.0)
    assert s.cost_per_1k_usd is None  # the local model has no price
    assert s.cpu_s == 2.0


@pytest.mark.parametrize(
    ("costs", "expected"),
    [([0.001, 0.003], 2.0), ([0.0, 0.0], 0.0), ([0.001, None], None)],
)
def test_cost_per_thousand(costs: list[float | None], expected: float | None) -> None:
    s = metrics.summarize([res(cost=c, cpu=None) for c in costs])
    assert s.cost_per_1k_usd == (pytest.approx(expected) if expected is not None else None)
    assert s.cpu_s is None


def test_summary_of_nothing_is_refused() -> None:
    with pytest.raises(ValueError):
        metrics.summarize([])


def test_confusion_and_failures() -> None:
    rows = [
        res(True, cat="billing", said="billing"),
        res(False, cat="billing", said="shipping"),
        res(False, False, cat="shipping", said="Versand"),  # unknown code: counted as invalid
        res(False, False, cat="other", said=None),
    ]
    table = metrics.confusion(rows)
    assert table[0] == [1, 0, 0, 1, 0, 0]  # billing: 1 billing, 1 shipping
    assert table[3] == [0, 0, 0, 0, 0, 1]  # shipping: invalid
    assert table[4] == [0, 0, 0, 0, 0, 1]  # other: invalid
    assert sum(map(sum, table)) == 4
    assert metrics.confusion(rows, "urgency")[0] == [2, 0, 0, 2]
    assert metrics.failures(rows) == rows[1:]
    with pytest.raises(ValueError):
        metrics.confusion(rows, "mood")


@pytest.mark.parametrize(
    ("points", "overhead", "prefill"),
    [
        ([(100, 0.3), (300, 0.5), (500, 0.7)], 0.2, 1000.0),
        ([(100, 0.4), (100, 0.6)], 0.5, None),  # one prompt length: no slope
        ([(100, 0.6), (300, 0.4)], 0.5, None),  # falling: not a prefill speed
        ([(1000, 0.1), (2000, 0.3)], 0.0, 5000.0),  # negative intercept is clipped
    ],
)
def test_fit_latency(points: list[tuple[int, float]], overhead: float, prefill: float | None) -> None:
    fit = metrics.fit_latency(points, 30.0)
    assert fit.overhead_s == pytest.approx(overhead)
    assert fit.prefill_tps == (pytest.approx(prefill) if prefill is not None else None)
    assert fit.generation_tps == 30.0


def rec(number: int, kind: str, results: list[ExampleResult], subset: str = "quick", k: int = 0) -> RunRecord:
    return RunRecord(
        number=number,
        lang="en",
        variant=Variant(kind, k=k, adapter="a" if kind == "finetuned" else ""),  # type: ignore[arg-type]
        model="m",
        backend_kind="local",
        subset=subset,  # type: ignore[arg-type]
        results=tuple(results),
    )


def _results(correct: int, n: int, **kw: object) -> list[ExampleResult]:
    return [res(i < correct, **kw) for i in range(n)]  # type: ignore[arg-type]


def test_best_rows_and_handoff() -> None:
    eng = rec(1, "engineered", _results(3, 10, prompt=220, inp=20, out=30, ttft=0.7))
    few = rec(2, "fewshot", _results(5, 10, prompt=420, inp=20, out=14, ttft=0.9), k=4)
    ft = rec(3, "finetuned", _results(9, 10, prompt=60, inp=20, out=15, ttft=0.3))
    rows = [eng, few, ft]
    assert records.best_prompting(rows, "quick") is few
    assert records.best_prompting(rows, "all") is None
    assert records.best_finetuned(rows) is ft
    h = records.simulator_handoff(few, ft)
    assert (h.instruction_tokens, h.input_tokens, h.output_tokens, h.ft_prompt_tokens) == (400, 20, 15, 40)
    assert (h.shots, h.rag_tokens) == (0, 0)
    # TTFT 0.3 s at 60 tokens, 0.9 s at 420 tokens: 600 prompt tokens/s, 0.2 s overhead
    assert h.prefill_tps == pytest.approx(600.0)
    assert h.overhead_s == pytest.approx(0.2)
    q = h.query()
    assert q["instr"] == "400" and q["ft_prompt"] == "40" and q["shots"] == "0"
    without = records.simulator_handoff(eng, None)
    assert without.ft_prompt_tokens is None and without.output_tokens == 30


def test_reading_says_where_the_fine_tune_does_not_win() -> None:
    naive = rec(1, "naive", _results(0, 30, prompt=50, total=0.2, ttft=0.1))
    few = rec(2, "fewshot", _results(27, 30, prompt=420, total=1.5), k=4)
    ft = rec(3, "finetuned", _results(25, 30, prompt=60, total=0.6))
    text = "\n".join(view.reading([naive, few, ft], EN, "en"))
    assert "#2 Few-shot (k=4)" in text.split("\n")[0]  # the most accurate row
    assert EN("experiment.read_ft_loses_acc", name="#2 Few-shot (k=4)", acc="90%") in text
    assert "does **not** win on prompt tokens: #1 Naive prompt" in text
    assert "does **not** win on latency: #1 Naive prompt" in text
    assert "valid format" not in text  # all rows were valid: a tie is not a loss


def test_reading_when_the_fine_tune_wins_clearly() -> None:
    eng = rec(1, "engineered", _results(0, 60, prompt=220, total=2.0))
    ft = rec(2, "finetuned", _results(57, 60, prompt=60, total=0.5))
    lines = view.reading([eng, ft], EN, "en")
    assert EN("experiment.read_ft_wins_acc", name="#1 Engineered prompt") in lines
    assert not any("does **not**" in line for line in lines)


def test_reading_with_overlapping_intervals_and_without_a_fine_tune() -> None:
    eng = rec(1, "engineered", _results(6, 10))
    ft = rec(2, "finetuned", _results(7, 10))
    assert EN("experiment.read_ft_overlap", name="#1 Engineered prompt") in view.reading([eng, ft], EN, "en")
    assert EN("experiment.read_no_ft") in view.reading([eng], EN, "en")
    assert view.reading([], EN, "en") == []


def test_grid_rows_format_per_language() -> None:
    row = rec(1, "retrieval", _results(1, 3, prompt=1234, cpu=1.5), k=2)
    de = translator("de")
    grid = view.grid_rows([row], de, "de")[0]
    assert grid[de("experiment.col_variant")] == "#1 Few-Shot mit Retrieval (k=2)"
    assert grid[de("experiment.col_prompt")] == "1.234"
    assert grid[de("experiment.col_accuracy")] == "33\xa0%"
    assert grid[de("experiment.col_cpu")] == "1,50"
    assert grid[de("experiment.col_cost")] == de("experiment.cost_local")
    remote = replace(row, backend_kind="openai", results=tuple(res(cost=0.0005, cpu=None) for _ in range(2)))
    assert view.grid_rows([remote], EN, "en")[0][EN("experiment.col_cost")] == "$0.50"


def test_charts_have_one_point_and_bar_per_row() -> None:
    rows = [rec(1, "naive", _results(0, 4)), rec(2, "finetuned", _results(4, 4, prompt=60))]
    fig = charts.accuracy_vs_tokens(rows, EN)
    assert list(fig.data[0].y) == [0.0, 100.0]
    assert list(fig.data[0].text) == ["#1 Naive prompt", "#2 Fine-tuned (LoRA), short prompt"]
    assert fig.data[0].marker.color[1] == charts.FT_COLOR
    bars = charts.latency_bars(rows, EN)
    assert [math.fsum(v) for v in zip(bars.data[0].y, bars.data[1].y, strict=True)] == [1.0, 1.0]
