"""The card's evaluation: the base GGUF with the adapter, run by llama-cpp at temperature 0 on the task's
short prompt, every answer graded by ``grading.grade``. Used by the training command and by the test that
recomputes a subset of the card (so card and adapter cannot drift apart).

The model's state is reset before every answer (a reused prompt cache can change a greedy answer), and one
thread is used, so the same adapter gives the same answers on any machine speed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from features.experiment import grading, task
from features.experiment.train_card import EvalItem

MAX_ANSWER_TOKENS = 32
EVAL_THREADS = 1
EVAL_CTX = 1024


def eval_settings() -> dict[str, str]:
    return {
        "runtime": "llama-cpp-python",
        "prompt": "task.short_messages",
        "temperature": "0",
        "max_tokens": str(MAX_ANSWER_TOKENS),
        "threads": str(EVAL_THREADS),
        "reset_before_each": "true",
    }


def load(base: Path, adapter: Path | None) -> Any:
    from llama_cpp import Llama

    return Llama(
        model_path=str(base),
        lora_path=str(adapter) if adapter is not None else None,
        n_ctx=EVAL_CTX,
        n_threads=EVAL_THREADS,
        n_threads_batch=EVAL_THREADS,
        verbose=False,
    )


def answer(llama: Any, messages: list[dict[str, str]]) -> str:
    llama.reset()
    out = llama.create_chat_completion(messages=messages, temperature=0.0, max_tokens=MAX_ANSWER_TOKENS)
    text: str = out["choices"][0]["message"]["content"] or ""
    return text


def evaluate(
    llama: Any,
    examples: Sequence[task.Example],
    on_item: Callable[[int, int], None] | None = None,
) -> list[EvalItem]:
    """Grade the answers of the loaded model (with or without adapter) to ``examples``."""
    items: list[EvalItem] = []
    for number, example in enumerate(examples, start=1):
        text = answer(llama, task.short_messages(example.lang, example.text))
        graded = grading.grade(text, example)
        items.append(EvalItem(id=example.id, answer=text, valid=graded.valid, correct=graded.correct))
        if on_item is not None:
            on_item(number, len(examples))
    return items
