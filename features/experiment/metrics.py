"""The figures of the experiment's grid, from per-example results: valid-format rate, accuracy with a
Wilson 95 % interval, tokens, time to first token, latency, speed, cost per 1,000 requests, CPU-seconds
(local model), the confusion table and the failures. All pure."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import mean, median

from features.experiment.task import CATEGORIES, URGENCIES

Z95 = 1.959963984540054
INVALID = "invalid"


@dataclass(frozen=True)
class ExampleResult:
    """One evaluation example answered by one variant."""

    example_id: str
    text: str
    expected_category: str
    expected_urgency: str
    answer: str
    valid: bool
    correct: bool
    category: str | None
    urgency: str | None
    prompt_tokens: int
    input_tokens: int  # tokens of the message alone (the part every variant shares)
    output_tokens: int
    ttft_s: float | None
    total_s: float
    tokens_per_s: float | None
    cost_usd: float | None  # None: no known price
    cpu_s: float | None  # CPU-seconds of this process for the request (local model), else None


@dataclass(frozen=True)
class Summary:
    n: int
    valid: int
    correct: int
    valid_rate: float
    accuracy: float
    ci_low: float
    ci_high: float
    prompt_tokens: float  # means per request
    input_tokens: float
    output_tokens: float
    ttft_s: float | None  # median over requests with text
    latency_s: float  # median
    tokens_per_s: float | None  # output tokens after the first over the time after the first text
    cost_per_1k_usd: float | None  # None: some request had no price
    cpu_s: float | None  # mean CPU-seconds per request (local), None otherwise


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for a proportion (95 % by default); (0, 1) when n is 0."""
    if n < 0 or not 0 <= successes <= n:
        raise ValueError(f"need 0 <= successes <= n, got {successes} of {n}")
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def summarize(results: Sequence[ExampleResult]) -> Summary:
    if not results:
        raise ValueError("no results to summarize")
    n = len(results)
    valid = sum(r.valid for r in results)
    correct = sum(r.correct for r in results)
    low, high = wilson(correct, n)
    ttfts = [r.ttft_s for r in results if r.ttft_s is not None]
    gen_tokens = sum(max(0, r.output_tokens - 1) for r in results if r.ttft_s is not None)
    gen_time = sum(r.total_s - r.ttft_s for r in results if r.ttft_s is not None)
    costs = [r.cost_usd for r in results]
    cpus = [r.cpu_s for r in results]
    return Summary(
        n=n,
        valid=valid,
        correct=correct,
        valid_rate=valid / n,
        accuracy=correct / n,
        ci_low=low,
        ci_high=high,
        prompt_tokens=mean(r.prompt_tokens for r in results),
        input_tokens=mean(r.input_tokens for r in results),
        output_tokens=mean(r.output_tokens for r in results),
        ttft_s=median(ttfts) if ttfts else None,
        latency_s=median(r.total_s for r in results),
        tokens_per_s=gen_tokens / gen_time if gen_tokens > 0 and gen_time > 0 else None,
        cost_per_1k_usd=1000 * mean(c for c in costs if c is not None)
        if all(c is not None for c in costs)
        else None,
        cpu_s=mean(c for c in cpus if c is not None) if all(c is not None for c in cpus) else None,
    )


def confusion(results: Sequence[ExampleResult], field: str = "category") -> list[list[int]]:
    """Counts: one row per expected label, one column per answered label plus a last "invalid" column
    (answers that were not valid)."""
    labels = CATEGORIES if field == "category" else URGENCIES
    if field not in ("category", "urgency"):
        raise ValueError(f"unknown field {field!r}")
    counts: Counter[tuple[str, str]] = Counter()
    for r in results:
        expected = r.expected_category if field == "category" else r.expected_urgency
        said = r.category if field == "category" else r.urgency
        counts[(expected, said if r.valid and said is not None else INVALID)] += 1
    return [[counts[(e, a)] for a in (*labels, INVALID)] for e in labels]


def failures(results: Sequence[ExampleResult]) -> list[ExampleResult]:
    """The examples a variant got wrong (invalid or a wrong label), in evaluation order."""
    return [r for r in results if not r.correct]


@dataclass(frozen=True)
class LatencyFit:
    """The simulator's latency model fitted to measured requests: TTFT = overhead + prompt / prefill;
    generation speed separately."""

    overhead_s: float
    prefill_tps: float | None  # None: the prompt length did not measurably change TTFT
    generation_tps: float | None


def fit_latency(points: Sequence[tuple[int, float]], generation_tps: float | None) -> LatencyFit:
    """Least squares of TTFT (seconds) on prompt tokens over ``points``. A slope that is not positive
    (too few or too similar prompts) leaves the prefill speed unknown and the overhead at the mean TTFT."""
    if not points:
        raise ValueError("no measurements")
    xs = [float(p) for p, _ in points]
    ys = [t for _, t in points]
    mx, my = mean(xs), mean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx if sxx > 0 else 0.0
    if slope <= 0:
        return LatencyFit(overhead_s=max(0.0, my), prefill_tps=None, generation_tps=generation_tps)
    intercept = my - slope * mx
    return LatencyFit(overhead_s=max(0.0, intercept), prefill_tps=1 / slope, generation_tps=generation_tps)
