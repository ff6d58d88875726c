"""The numbers shown for every response: timing, speed and cost."""

from __future__ import annotations

from core.llm.types import RunResult, Timing

PER_MTOK = 1_000_000


def timing(start: float, first_text: float | None, end: float, output_tokens: int) -> Timing:
    """Timing from clock readings (seconds).

    ``tokens_per_s`` is the generation speed after the first token: the remaining ``output_tokens - 1``
    tokens over the time between the first text and the end. It is None when it cannot be measured
    (no text, a single token, or no time passed).
    """
    if end < start:
        raise ValueError("end before start")
    total = end - start
    if first_text is None:
        return Timing(ttft_s=None, total_s=total, tokens_per_s=None)
    if not start <= first_text <= end:
        raise ValueError("first text outside [start, end]")
    ttft = first_text - start
    generating = end - first_text
    speed = (output_tokens - 1) / generating if output_tokens >= 2 and generating > 0 else None
    return Timing(ttft_s=ttft, total_s=total, tokens_per_s=speed)


def request_cost(
    prompt_tokens: int, output_tokens: int, input_per_mtok: float, output_per_mtok: float
) -> float:
    """US dollars for one request at per-million-token prices."""
    if prompt_tokens < 0 or output_tokens < 0:
        raise ValueError("token counts cannot be negative")
    return (prompt_tokens * input_per_mtok + output_tokens * output_per_mtok) / PER_MTOK


def speed_ratio(measured: float, reference: float) -> float:
    """``measured / reference`` (e.g. the playground's tokens/s over raw llama-cpp's)."""
    if reference <= 0:
        raise ValueError("reference speed must be positive")
    return measured / reference


def reasoning_cost(result: RunResult, output_per_mtok: float) -> float | None:
    """USD of a result's reasoning tokens (billed as output tokens, already part of its cost); None when the
    server reported none."""
    if result.reasoning_tokens is None:
        return None
    return result.reasoning_tokens * output_per_mtok / PER_MTOK
