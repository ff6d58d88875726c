"""The evaluation loop: one variant on a list of examples against any ``core.llm`` backend, yielding one
graded result per example as soon as it is there (the page draws a progress bar and can stop between
examples). Greedy decoding (temperature 0), the same output limit for every variant."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence

from core.llm.types import Backend, ChatRequest, Message, RunResult, run_to_end
from features.experiment import grading
from features.experiment.metrics import ExampleResult
from features.experiment.task import Example
from features.experiment.variants import Prompter, Variant

MAX_OUTPUT_TOKENS = 32  # the answer is about 15 tokens; a rambling answer is cut here


def request_for(messages: Sequence[dict[str, str]], max_tokens: int = MAX_OUTPUT_TOKENS) -> ChatRequest:
    msgs = tuple(Message(m["role"], m["content"]) for m in messages)  # type: ignore[arg-type]
    return ChatRequest(msgs, temperature=0.0, top_p=1.0, max_tokens=max_tokens)


def result_for(example: Example, run: RunResult, input_tokens: int, cpu_s: float | None) -> ExampleResult:
    grade = grading.grade(run.text, example)
    return ExampleResult(
        example_id=example.id,
        text=example.text,
        expected_category=example.category,
        expected_urgency=example.urgency,
        answer=run.text,
        valid=grade.valid,
        correct=grade.correct,
        category=grade.category,
        urgency=grade.urgency,
        prompt_tokens=run.prompt_tokens,
        input_tokens=input_tokens,
        output_tokens=run.output_tokens,
        ttft_s=run.timing.ttft_s,
        total_s=run.timing.total_s,
        tokens_per_s=run.timing.tokens_per_s,
        cost_usd=run.cost_usd,
        cpu_s=cpu_s,
    )


def evaluate(
    backend: Backend,
    variant: Variant,
    examples: Sequence[Example],
    prompter: Prompter,
    count_input: Callable[[str], int],
    *,
    max_tokens: int = MAX_OUTPUT_TOKENS,
    cpu_clock: Callable[[], float] = time.process_time,
) -> Iterator[ExampleResult]:
    """Answer and grade each example in order. CPU-seconds are measured for the in-process model only
    (``backend.kind == "local"``). A ``UserInputError`` of the backend ends the loop (the caller shows it)."""
    local = backend.kind == "local"
    for example in examples:
        request = request_for(prompter.messages(variant, example.text), max_tokens)
        cpu0 = cpu_clock() if local else 0.0
        run = run_to_end(backend, request)
        cpu = cpu_clock() - cpu0 if local else None
        yield result_for(example, run, count_input(example.text), cpu)
