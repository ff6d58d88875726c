"""One finished evaluation run (a row of the grid) and the simulator hand-off built from the rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from core.handoff import SimulatorHandoff
from core.i18n import Lang
from core.llm.types import BackendKind
from features.experiment import metrics
from features.experiment.metrics import ExampleResult, Summary
from features.experiment.variants import Variant

Subset = Literal["quick", "all"]
SUBSETS: tuple[Subset, ...] = ("quick", "all")
MAX_TPS = 1_000_000.0  # the simulator's input ranges
MAX_OVERHEAD_S = 60.0


@dataclass(frozen=True)
class RunRecord:
    number: int  # order in the session, from 1
    lang: Lang
    variant: Variant
    model: str  # the backend's model name (with the adapter for the fine-tune)
    backend_kind: BackendKind
    subset: Subset
    results: tuple[ExampleResult, ...]
    session_row: bool = False  # a "beat the fine-tune" attempt

    @property
    def summary(self) -> Summary:
        return metrics.summarize(self.results)


def rows_for(records: Sequence[RunRecord], lang: Lang) -> list[RunRecord]:
    return [r for r in records if r.lang == lang and r.results]


def best_prompting(records: Sequence[RunRecord], subset: Subset) -> RunRecord | None:
    """The most accurate row that is not the fine-tune (ties: fewer prompt tokens), on one subset."""
    pool = [r for r in records if r.subset == subset and not r.variant.uses_adapter]
    if not pool:
        return None
    return max(pool, key=lambda r: (r.summary.accuracy, -r.summary.prompt_tokens, -r.number))


def best_finetuned(records: Sequence[RunRecord], subset: Subset | None = None) -> RunRecord | None:
    pool = [r for r in records if r.variant.uses_adapter and (subset is None or r.subset == subset)]
    if not pool:
        return None
    return max(pool, key=lambda r: (r.summary.accuracy, r.number))


def latency_fit(records: Sequence[RunRecord]) -> metrics.LatencyFit:
    """The latency model fitted to every request of these rows (one backend)."""
    points = [(x.prompt_tokens, x.ttft_s) for r in records for x in r.results if x.ttft_s is not None]
    speeds = [r.summary.tokens_per_s for r in records if r.summary.tokens_per_s is not None]
    gen = sorted(speeds)[len(speeds) // 2] if speeds else None
    return metrics.fit_latency(points or [(0, 0.0)], gen)


def simulator_handoff(prompting: RunRecord, finetuned: RunRecord | None) -> SimulatorHandoff:
    """Measured numbers for the simulator: the prompting row's prompt (the few-shot examples counted as
    instruction), the message, the answer, the fine-tune's prompt, and the latency model fitted to the
    rows' requests. The simulator's own shots and retrieval are set to zero, because they are inside
    the measured prompt."""
    p = prompting.summary
    inp = p.input_tokens
    rows = [prompting] + ([finetuned] if finetuned is not None else [])
    fit = latency_fit([r for r in rows if r.backend_kind == prompting.backend_kind])
    ft_prompt = None
    out = p.output_tokens
    if finetuned is not None:
        f = finetuned.summary
        ft_prompt = max(0, round(f.prompt_tokens - f.input_tokens))
        out = f.output_tokens
    return SimulatorHandoff(
        instruction_tokens=max(0, round(p.prompt_tokens - inp)),
        shots=0,
        rag_tokens=0,
        input_tokens=max(1, round(inp)),
        output_tokens=max(1, round(out)),
        ft_prompt_tokens=ft_prompt,
        prefill_tps=round(min(fit.prefill_tps, MAX_TPS), 1) if fit.prefill_tps is not None else None,
        generation_tps=round(min(fit.generation_tps, MAX_TPS / 100), 1) if fit.generation_tps else None,
        overhead_s=round(min(fit.overhead_s, MAX_OVERHEAD_S), 3),
    )
