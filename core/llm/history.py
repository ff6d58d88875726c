"""A session's record of model runs (the playground writes it, the data lab reads it) and its export as chat
fine-tuning JSONL."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from core.llm.types import ChatRequest, Message, RunResult

HISTORY_LIMIT = 30


@dataclass(frozen=True)
class HistoryEntry:
    when: str  # ISO time of the run
    label: str  # e.g. "A" / "B" in compare mode, "" otherwise
    request: ChatRequest
    result: RunResult


def add_history(
    history: Sequence[HistoryEntry], entry: HistoryEntry, limit: int = HISTORY_LIMIT
) -> tuple[HistoryEntry, ...]:
    """The history with ``entry`` appended, keeping the newest ``limit`` entries."""
    return (*history, entry)[-limit:]


def finetune_record(messages: Sequence[Message], answer: str) -> dict[str, list[dict[str, str]]]:
    """One training example in OpenAI's chat fine-tuning format."""
    if not answer.strip():
        raise ValueError("a training example needs an assistant answer")
    return {"messages": [m.as_dict() for m in messages] + [{"role": "assistant", "content": answer}]}


def to_jsonl(records: Iterable[Mapping[str, object]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def training_records(history: Iterable[HistoryEntry]) -> list[dict[str, list[dict[str, str]]]]:
    """Every run that produced text as a training example (failed runs, without a reply, are left out)."""
    return [finetune_record(e.request.messages, e.result.text) for e in history if e.result.text.strip()]


def history_jsonl(history: Iterable[HistoryEntry]) -> str:
    """Every run that produced text, as chat fine-tuning JSONL (one conversation per line)."""
    return to_jsonl(training_records(history))
