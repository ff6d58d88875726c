"""Checking a chat training set: every line's format, token counts, duplicates, over-long examples.

The checks follow the ideas of OpenAI's cookbook notebook "Data preparation and analysis for chat model
fine-tuning": every line is a JSON object with a ``messages`` list; every message has a role and content, only
known keys and known roles; every example has an assistant message; examples without a system or user message
and examples over the token limit are flagged. On top of that: blank lines, exact duplicates, and the
``weight`` key (0 or 1, meaningful on assistant messages only).

Pure. Each ``Finding`` carries an interface-string key (``datalab.f_*``) and parameters, so the page shows it
in the learner's language.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from core.training import MAX_TOKENS_PER_EXAMPLE
from features.datalab import formats
from features.datalab.formats import Finding, Format, Severity

__all__ = ["Finding", "Format", "Severity"]  # re-exported: where findings are defined is formats
from features.datalab.parsing import (
    CHUNK_LINES,
    MAX_FILE_BYTES,
    Dataset,
    ProgressFn,
    Record,
    json_error_key,
    parse_jsonl,
)
from features.datalab.stats import Summary, summarize

# Parsing is quick next to token counting; this share of a combined progress bar goes to parsing.
PARSE_SHARE = 0.25


class TokenCounter(Protocol):
    """Counts tokens the way a model's tokenizer does (see ``ModelCounter`` for the real one)."""

    def chat(self, messages: Sequence[Mapping[str, str]]) -> int: ...

    def text(self, text: str) -> int: ...


@dataclass(frozen=True)
class ModelCounter:
    """Token counts of ``core.tokens`` for one model."""

    model: str

    def chat(self, messages: Sequence[Mapping[str, str]]) -> int:
        from core import tokens

        return tokens.count_chat(messages, self.model).total

    def text(self, text: str) -> int:
        from core import tokens

        return tokens.count_tokens(text, self.model).tokens


# ------------------------------------------------------------------------------------------ checks


def json_kind(value: object) -> str:
    """The JSON name of a parsed value's type."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def check_record(record: Record) -> list[Finding]:
    """Format findings of one line (no token counts, no duplicates): the chat or the preference format."""
    n = record.line
    if record.blank:
        return [Finding("warning", n, "", "datalab.f_blank_line")]
    if record.json_error is not None:
        key = json_error_key(record.json_error)
        params: dict[str, object] = {"column": record.json_column}
        if key == "datalab.f_invalid_json":
            params["detail"] = record.json_error
        return [Finding("error", n, "", key, params)]
    value = record.value
    if not isinstance(value, dict):
        return [Finding("error", n, "", "datalab.f_not_object", {"kind": json_kind(value)})]
    if formats.example_format(value) == "preference":
        return formats.check_preference(n, value)
    return formats.check_chat(n, value)


def with_excerpts(record: Record, findings: list[Finding]) -> list[Finding]:
    """The findings of ``record`` with the offending content each points to."""
    return [
        replace(f, excerpt=formats.excerpt(record.raw, record.value, f.field, record.json_column))
        for f in findings
    ]


def canonical(value: Any) -> str:
    """A text that is equal for two examples exactly when their JSON values are equal."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def counting_messages(messages: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Messages as the token counter sees them: text values (structured values as JSON), no ``weight``."""
    out: list[dict[str, str]] = []
    for msg in messages:
        item: dict[str, str] = {}
        for key, value in msg.items():
            if key == "weight":
                continue
            if value is None:
                item[key] = ""
            else:
                item[key] = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        out.append(item)
    return out


@dataclass(frozen=True)
class ExampleStats:
    """Numbers of one valid example (one without errors)."""

    line: int
    n_messages: int
    tokens: int
    assistant_tokens: int


@dataclass(frozen=True)
class Report:
    """Everything the checks found about one dataset."""

    n_lines: int
    n_blank: int
    findings: tuple[Finding, ...]
    examples: tuple[ExampleStats, ...]  # valid examples only, in file order
    duplicate_lines: tuple[int, ...]  # later copies of an earlier example
    too_long_lines: tuple[int, ...]
    max_tokens: int
    format: Format = "chat"  # the first example's format (a file of the other format is flagged)

    @property
    def n_examples(self) -> int:
        """Non-blank lines: what the file offers as examples."""
        return self.n_lines - self.n_blank

    @property
    def n_valid(self) -> int:
        return len(self.examples)

    @property
    def n_errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def n_warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)

    @property
    def error_lines(self) -> frozenset[int]:
        return frozenset(f.line for f in self.findings if f.severity == "error")

    @property
    def below_minimum(self) -> bool:
        """Fewer valid examples than OpenAI's minimum for a job (a file-wide warning, not a line's)."""
        return 0 < self.n_valid < formats.MIN_EXAMPLES_OPENAI

    @property
    def ok(self) -> bool:
        """True when the file has no errors and at least one example."""
        return self.n_errors == 0 and self.n_valid > 0

    def messages_per_example(self) -> Summary | None:
        return summarize([e.n_messages for e in self.examples])

    def tokens_per_example(self) -> Summary | None:
        return summarize([e.tokens for e in self.examples])

    def assistant_tokens(self) -> Summary | None:
        return summarize([e.assistant_tokens for e in self.examples])

    def keys_found(self) -> frozenset[str]:
        return frozenset(f.key for f in self.findings)


def analyze(
    dataset: Dataset,
    counter: TokenCounter,
    max_tokens: int = MAX_TOKENS_PER_EXAMPLE,
    progress: ProgressFn | None = None,
    chunk_lines: int = CHUNK_LINES,
) -> Report:
    """Check every line, count tokens of the valid examples, find duplicates and over-long examples."""
    findings: list[Finding] = []
    examples: list[ExampleStats] = []
    duplicates: list[int] = []
    too_long: list[int] = []
    first_seen: dict[str, int] = {}
    n_blank = 0
    total = len(dataset.records)
    file_format: Format | None = None
    for index, record in enumerate(dataset.records, start=1):
        own = check_record(record)
        if record.parsed and isinstance(record.value, dict):
            kind = formats.example_format(record.value)
            file_format = file_format or kind
            if kind != file_format:
                own.insert(0, Finding("error", record.line, "", "datalab.f_mixed_formats", {"format": kind}))
        own = with_excerpts(record, own)
        findings.extend(own)
        if record.blank:
            n_blank += 1
        elif record.parsed:
            key = hashlib.sha1(canonical(record.value).encode("utf-8")).hexdigest()
            if key in first_seen:
                duplicates.append(record.line)
                findings.append(
                    Finding("warning", record.line, "", "datalab.f_duplicate", {"first": first_seen[key]})
                )
            else:
                first_seen[key] = record.line
            if not any(f.severity == "error" for f in own):
                messages, answers = example_messages(record.value)
                tokens = counter.chat(counting_messages(messages))
                assistant = sum(
                    counter.text(formats.text_of(m.get("content")))
                    for m in answers
                    if m.get("role") == "assistant"
                )
                examples.append(ExampleStats(record.line, len(messages), tokens, assistant))
                if tokens > max_tokens:
                    too_long.append(record.line)
                    findings.append(
                        Finding(
                            "warning",
                            record.line,
                            "messages",
                            "datalab.f_too_long",
                            {"tokens": tokens, "limit": max_tokens},
                        )
                    )
        if progress is not None and (index % chunk_lines == 0 or index == total):
            progress(index / total)
    findings.sort(key=lambda f: (f.line, f.severity != "error"))
    return Report(
        n_lines=total,
        n_blank=n_blank,
        findings=tuple(findings),
        examples=tuple(examples),
        duplicate_lines=tuple(duplicates),
        too_long_lines=tuple(too_long),
        max_tokens=max_tokens,
        format=file_format or "chat",
    )


def example_messages(value: dict[str, Any]) -> tuple[list[Any], list[Any]]:
    """(the messages whose tokens are billed, those the model learns to write) of a valid example."""
    if formats.example_format(value) == "preference":
        return formats.preference_messages(value)
    messages = list(value["messages"])
    return messages, messages


def load_and_analyze(
    data: bytes,
    counter: TokenCounter,
    progress: ProgressFn | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    max_tokens: int = MAX_TOKENS_PER_EXAMPLE,
) -> tuple[Dataset, Report]:
    """Parse and check a file, with one progress value (0..1) for both steps."""

    def parse_progress(x: float) -> None:
        if progress is not None:
            progress(PARSE_SHARE * x)

    def check_progress(x: float) -> None:
        if progress is not None:
            progress(PARSE_SHARE + (1 - PARSE_SHARE) * x)

    dataset = parse_jsonl(data, parse_progress, max_bytes)
    return dataset, analyze(dataset, counter, max_tokens, check_progress)
