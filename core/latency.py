"""A rough latency model: time to first token and total response time from token counts.

    TTFT  = fixed overhead + extra steps (e.g. retrieval) + prompt tokens / prefill speed
    total = TTFT + output tokens / generation speed

The default speeds are assumptions (a small hosted model under normal load), not measurements; the page
states them and lets the learner change them. Effects of prompt caching on speed are not modelled.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

DEFAULT_PREFILL_TPS = 3000.0  # prompt tokens read per second
DEFAULT_GENERATION_TPS = 60.0  # output tokens written per second
DEFAULT_OVERHEAD_S = 0.3  # network, queueing, first forward pass
DEFAULT_RETRIEVAL_S = 0.15  # one vector search before a RAG request


@dataclass(frozen=True)
class Speeds:
    prefill_tps: float = DEFAULT_PREFILL_TPS
    generation_tps: float = DEFAULT_GENERATION_TPS
    overhead_s: float = DEFAULT_OVERHEAD_S
    retrieval_s: float = DEFAULT_RETRIEVAL_S

    def __post_init__(self) -> None:
        if not (self.prefill_tps > 0 and self.generation_tps > 0):
            raise ValueError("speeds must be positive")
        if self.overhead_s < 0 or self.retrieval_s < 0:
            raise ValueError("times must not be negative")
        if not all(math.isfinite(v) for v in (self.prefill_tps, self.generation_tps, self.overhead_s)):
            raise ValueError("speeds and times must be finite")


@dataclass(frozen=True)
class Latency:
    """Seconds: fixed part (overhead + extra steps), reading the prompt, writing the output."""

    fixed: float
    prefill: float
    generation: float

    @property
    def ttft(self) -> float:
        return self.fixed + self.prefill

    @property
    def total(self) -> float:
        return self.ttft + self.generation


def estimate(prompt_tokens: int, output_tokens: int, speeds: Speeds, extra_s: float = 0.0) -> Latency:
    """Latency of one request with ``prompt_tokens`` in and ``output_tokens`` out."""
    if prompt_tokens < 0 or output_tokens < 0 or extra_s < 0:
        raise ValueError("token counts and extra time must not be negative")
    return Latency(
        fixed=speeds.overhead_s + extra_s,
        prefill=prompt_tokens / speeds.prefill_tps,
        generation=output_tokens / speeds.generation_tps,
    )
