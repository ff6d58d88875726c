"""Fixes for a training set: each returns a NEW dataset plus the list of changes (line numbers of the original
file), so the learner's original file is never altered. Pure.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as _field
from typing import Any, Literal

from core.training import MAX_TOKENS_PER_EXAMPLE
from features.datalab.checks import (
    Report,
    TokenCounter,
    canonical,
    check_record,
    counting_messages,
    example_messages,
)
from features.datalab.formats import KNOWN_MESSAGE_KEYS
from features.datalab.parsing import Dataset, Record

FixName = Literal["strip_unknown_keys", "drop_invalid", "drop_duplicates", "drop_too_long"]
# Fixes always run in this order: stripping keys can turn an invalid example into a valid one.
FIX_ORDER: tuple[FixName, ...] = ("strip_unknown_keys", "drop_invalid", "drop_duplicates", "drop_too_long")


@dataclass(frozen=True)
class Change:
    line: int  # line in the ORIGINAL file
    key: str  # interface string, "datalab.chg_*"
    params: Mapping[str, object] = _field(default_factory=dict)


@dataclass(frozen=True)
class FixResult:
    dataset: Dataset
    changes: tuple[Change, ...]


def _renumber(records: Iterable[Record]) -> tuple[Record, ...]:
    return tuple(
        Record(i, r.raw, r.value, r.json_error, r.json_column) for i, r in enumerate(records, start=1)
    )


def strip_unknown_keys(dataset: Dataset) -> FixResult:
    """Remove message keys the fine-tuning API does not know. Other lines stay byte for byte."""
    records: list[Record] = []
    changes: list[Change] = []
    for r in dataset.records:
        value = r.value
        messages = value.get("messages") if r.parsed and isinstance(value, dict) else None
        if not isinstance(messages, list):
            records.append(r)
            continue
        removed: list[str] = []
        new_messages: list[Any] = []
        for msg in messages:
            if isinstance(msg, dict):
                unknown = [k for k in msg if k not in KNOWN_MESSAGE_KEYS]
                removed.extend(k for k in unknown if k not in removed)
                new_messages.append({k: v for k, v in msg.items() if k in KNOWN_MESSAGE_KEYS})
            else:
                new_messages.append(msg)
        if removed:
            new_value = {**value, "messages": new_messages}
            records.append(Record(r.line, json.dumps(new_value, ensure_ascii=False), value=new_value))
            changes.append(Change(r.line, "datalab.chg_stripped_keys", {"keys": ", ".join(removed)}))
        else:
            records.append(r)
    return FixResult(Dataset(tuple(records)), tuple(changes))


def drop_invalid(dataset: Dataset) -> FixResult:
    """Drop blank lines and every line with an error."""
    records: list[Record] = []
    changes: list[Change] = []
    for r in dataset.records:
        if r.blank:
            changes.append(Change(r.line, "datalab.chg_dropped_blank"))
        elif any(f.severity == "error" for f in check_record(r)):
            changes.append(Change(r.line, "datalab.chg_dropped_invalid"))
        else:
            records.append(r)
    return FixResult(Dataset(tuple(records)), tuple(changes))


def drop_duplicates(dataset: Dataset) -> FixResult:
    """Keep the first copy of every example; drop exact repeats."""
    records: list[Record] = []
    changes: list[Change] = []
    seen: dict[str, int] = {}
    for r in dataset.records:
        if r.parsed:
            key = canonical(r.value)
            if key in seen:
                changes.append(Change(r.line, "datalab.chg_dropped_duplicate", {"first": seen[key]}))
                continue
            seen[key] = r.line
        records.append(r)
    return FixResult(Dataset(tuple(records)), tuple(changes))


def drop_too_long(
    dataset: Dataset, counter: TokenCounter, max_tokens: int = MAX_TOKENS_PER_EXAMPLE
) -> FixResult:
    """Drop valid examples over the token limit (training would cut them off at the limit)."""
    records: list[Record] = []
    changes: list[Change] = []
    for r in dataset.records:
        if r.parsed and not any(f.severity == "error" for f in check_record(r)):
            tokens = counter.chat(counting_messages(example_messages(r.value)[0]))
            if tokens > max_tokens:
                changes.append(Change(r.line, "datalab.chg_dropped_too_long", {"tokens": tokens}))
                continue
        records.append(r)
    return FixResult(Dataset(tuple(records)), tuple(changes))


def applicable_fixes(report: Report) -> list[FixName]:
    """The fixes that would change something in the dataset this report describes."""
    keys = report.keys_found()
    fixes: list[FixName] = []
    if "datalab.f_unknown_key" in keys:
        fixes.append("strip_unknown_keys")
    if report.n_errors or report.n_blank:
        fixes.append("drop_invalid")
    if report.duplicate_lines:
        fixes.append("drop_duplicates")
    if report.too_long_lines:
        fixes.append("drop_too_long")
    return fixes


def apply_fixes(
    dataset: Dataset,
    fixes: Collection[FixName],
    counter: TokenCounter,
    max_tokens: int = MAX_TOKENS_PER_EXAMPLE,
) -> FixResult:
    """Apply the chosen fixes in ``FIX_ORDER``; return a NEW dataset (lines renumbered) and all changes.

    Change line numbers refer to the original file.
    """
    unknown = set(fixes) - set(FIX_ORDER)
    if unknown:
        raise ValueError(f"unknown fixes: {sorted(unknown)}")
    current = dataset
    changes: list[Change] = []
    for name in FIX_ORDER:
        if name not in fixes:
            continue
        if name == "strip_unknown_keys":
            result = strip_unknown_keys(current)
        elif name == "drop_invalid":
            result = drop_invalid(current)
        elif name == "drop_duplicates":
            result = drop_duplicates(current)
        else:
            result = drop_too_long(current, counter, max_tokens)
        current = result.dataset
        changes.extend(result.changes)
    changes.sort(key=lambda c: c.line)
    return FixResult(Dataset(_renumber(current.records)), tuple(changes))
