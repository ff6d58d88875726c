"""Fine-tuning training sets in OpenAI's chat format (JSONL): read, check, describe, fix, price.

The checks follow the ideas of OpenAI's cookbook notebook "Data preparation and analysis for chat model
fine-tuning": every line is a JSON object with a ``messages`` list; every message has a role and content, only
known keys and known roles; every example has an assistant message; examples without a system or user message
and examples over the token limit are flagged. On top of that: blank lines, exact duplicates, and the
``weight`` key (0 or 1, meaningful on assistant messages only).

Everything here is pure. A ``Dataset`` is immutable; every fix returns a new one plus a list of changes, so
the learner's original file is never altered. Each ``Finding`` and ``Change`` carries an interface-string key
(``datalab.*``) and parameters, so pages show it in the learner's language.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as _field
from typing import Any, Literal, Protocol

from core.errors import UserInputError
from core.i18n import Lang
from core.paths import CONTENT_DIR
from core.training import MAX_TOKENS_PER_EXAMPLE, billed_tokens, default_epochs, training_cost

MAX_FILE_BYTES = 50 * 1024 * 1024
KNOWN_MESSAGE_KEYS: tuple[str, ...] = ("role", "content", "name", "function_call", "weight")
KNOWN_ROLES: tuple[str, ...] = ("system", "user", "assistant", "function")
CHUNK_LINES = 1_000
# Parsing is quick next to token counting; this share of a combined progress bar goes to parsing.
PARSE_SHARE = 0.25

Severity = Literal["error", "warning"]
FixName = Literal["strip_unknown_keys", "drop_invalid", "drop_duplicates", "drop_too_long"]
# Fixes always run in this order: stripping keys can turn an invalid example into a valid one.
FIX_ORDER: tuple[FixName, ...] = ("strip_unknown_keys", "drop_invalid", "drop_duplicates", "drop_too_long")
SampleName = Literal["sample", "bad_sample"]
SAMPLES: tuple[SampleName, ...] = ("sample", "bad_sample")

ProgressFn = Callable[[float], None]


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


# ------------------------------------------------------------------------------------------ records


@dataclass(frozen=True)
class Record:
    """One line of the file; ``value`` holds the parsed JSON when the line parsed (``json_error`` None)."""

    line: int
    raw: str
    value: Any = None
    json_error: str | None = None
    json_column: int = 0

    @property
    def blank(self) -> bool:
        return not self.raw.strip()

    @property
    def parsed(self) -> bool:
        return not self.blank and self.json_error is None


@dataclass(frozen=True)
class Dataset:
    records: tuple[Record, ...]

    def to_jsonl(self) -> bytes:
        """The file as bytes: one line per record, each ending in a newline."""
        return "".join(r.raw + "\n" for r in self.records).encode("utf-8")

    @property
    def n_lines(self) -> int:
        return len(self.records)

    def fingerprint(self) -> str:
        return hashlib.sha256(self.to_jsonl()).hexdigest()


class _ConstantError(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _reject_constant(name: str) -> Any:
    raise _ConstantError(name)


CONSTANT_ERROR = "constant"


def _parse_line(number: int, raw: str) -> Record:
    if not raw.strip():
        return Record(number, raw)
    try:
        value = json.loads(raw, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        return Record(number, raw, json_error=exc.msg, json_column=exc.colno)
    except _ConstantError as exc:
        return Record(number, raw, json_error=CONSTANT_ERROR, json_column=raw.find(exc.name) + 1)
    except (ValueError, RecursionError) as exc:
        return Record(number, raw, json_error=str(exc)[:120], json_column=0)
    return Record(number, raw, value=value)


# Python's JSON parser explains an error in English; these are its messages, each with our own explanation.
_JSON_REASONS: tuple[tuple[str, str], ...] = (
    ("Expecting value", "datalab.f_json_value"),
    ("Expecting ',' delimiter", "datalab.f_json_delimiter"),
    ("Expecting ':' delimiter", "datalab.f_json_delimiter"),
    ("Expecting property name", "datalab.f_json_property"),
    ("Unterminated string", "datalab.f_json_string"),
    ("Invalid control character", "datalab.f_json_string"),
    ("Invalid \\", "datalab.f_json_string"),
    ("Extra data", "datalab.f_json_extra"),
    (CONSTANT_ERROR, "datalab.f_json_constant"),
)


def json_error_key(message: str) -> str:
    """The interface string that explains a JSON parser message (``datalab.f_invalid_json`` if unknown)."""
    for prefix, key in _JSON_REASONS:
        if message.startswith(prefix):
            return key
    return "datalab.f_invalid_json"


def decode(data: bytes, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The file's text. Too large, empty, binary and non-UTF-8 files raise ``UserInputError``."""
    if len(data) > max_bytes:
        raise UserInputError(
            "datalab.err_too_large",
            size_mb=math.ceil(len(data) / 1024 / 1024),
            limit_mb=max_bytes // 1024 // 1024,
        )
    if not data.strip():
        raise UserInputError("datalab.err_empty")
    if b"\x00" in data:
        raise UserInputError("datalab.err_binary")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise UserInputError("datalab.err_not_utf8", line=line, position=exc.start) from None


def split_lines(text: str) -> list[str]:
    """Lines of a JSONL text. Only ``\\n`` (and ``\\r\\n``) end a line; a final newline adds no empty line."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def parse_jsonl(
    data: bytes,
    progress: ProgressFn | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    chunk_lines: int = CHUNK_LINES,
) -> Dataset:
    """Decode and parse a JSONL file line by line, in chunks, reporting progress (0..1) after each chunk."""
    lines = split_lines(decode(data, max_bytes))
    total = len(lines)
    records: list[Record] = []
    for start in range(0, total, chunk_lines):
        chunk = lines[start : start + chunk_lines]
        records.extend(_parse_line(start + i + 1, raw) for i, raw in enumerate(chunk))
        if progress is not None:
            progress(min(1.0, (start + len(chunk)) / total))
    return Dataset(tuple(records))


def from_examples(examples: Iterable[Mapping[str, Any]]) -> Dataset:
    """A dataset built from Python objects (one JSON line each)."""
    return Dataset(
        tuple(
            Record(i, json.dumps(ex, ensure_ascii=False), value=ex) for i, ex in enumerate(examples, start=1)
        )
    )


# ------------------------------------------------------------------------------------------ checks


@dataclass(frozen=True)
class Finding:
    severity: Severity
    line: int
    field: str  # "" = the whole line, else e.g. "messages[2].role"
    key: str  # interface string, "datalab.f_*"
    params: Mapping[str, object] = _field(default_factory=dict)


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


def _msg_field(i: int, key: str | None = None) -> str:
    return f"messages[{i}]" + (f".{key}" if key else "")


def _short(value: object, limit: int = 40) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_record(record: Record) -> list[Finding]:
    """Format findings of one line (no token counts, no duplicates)."""
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
    messages = value.get("messages")
    if not isinstance(messages, list) or not messages:
        return [Finding("error", n, "messages", "datalab.f_no_messages")]
    out: list[Finding] = []
    roles: set[str] = set()
    for i, msg in enumerate(messages):
        if not isinstance(msg, dict):
            out.append(Finding("error", n, _msg_field(i), "datalab.f_message_not_object"))
            continue
        for key in ("role", "content"):
            if key not in msg:
                out.append(Finding("error", n, _msg_field(i, key), "datalab.f_missing_key", {"name": key}))
        for key in msg:
            if key not in KNOWN_MESSAGE_KEYS:
                out.append(
                    Finding(
                        "error", n, _msg_field(i, str(key)), "datalab.f_unknown_key", {"name": _short(key)}
                    )
                )
        role = msg.get("role")
        if "role" in msg:
            if isinstance(role, str) and role in KNOWN_ROLES:
                roles.add(role)
            else:
                out.append(
                    Finding(
                        "error", n, _msg_field(i, "role"), "datalab.f_unknown_role", {"role": _short(role)}
                    )
                )
        if "content" in msg:
            content = msg["content"]
            has_call = bool(msg.get("function_call"))
            if content is None and has_call:
                pass
            elif not isinstance(content, str):
                out.append(Finding("error", n, _msg_field(i, "content"), "datalab.f_content_type"))
            elif not content.strip() and not has_call:
                out.append(Finding("error", n, _msg_field(i, "content"), "datalab.f_empty_content"))
        if "weight" in msg:
            weight = msg["weight"]
            if isinstance(weight, bool) or weight not in (0, 1):
                out.append(
                    Finding(
                        "error", n, _msg_field(i, "weight"), "datalab.f_bad_weight", {"value": _short(weight)}
                    )
                )
            elif role != "assistant":
                out.append(Finding("warning", n, _msg_field(i, "weight"), "datalab.f_weight_not_assistant"))
    if "assistant" not in roles:
        out.append(Finding("error", n, "messages", "datalab.f_no_assistant"))
    if "system" not in roles:
        out.append(Finding("warning", n, "messages", "datalab.f_no_system"))
    if "user" not in roles:
        out.append(Finding("warning", n, "messages", "datalab.f_no_user"))
    return out


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
class Summary:
    """A distribution in numbers: what a histogram shows, in words."""

    count: int
    total: int
    minimum: int
    maximum: int
    mean: float
    median: float
    p10: float
    p90: float


def quantile(sorted_values: Sequence[int], q: float) -> float:
    """The ``q`` quantile of sorted values, interpolated linearly (as numpy's default does)."""
    if not sorted_values:
        raise ValueError("no values")
    if not 0 <= q <= 1:
        raise ValueError("q must be within 0..1")
    pos = (len(sorted_values) - 1) * q
    lo = math.floor(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def summarize(values: Sequence[int]) -> Summary | None:
    if not values:
        return None
    ordered = sorted(values)
    total = sum(ordered)
    return Summary(
        count=len(ordered),
        total=total,
        minimum=ordered[0],
        maximum=ordered[-1],
        mean=total / len(ordered),
        median=quantile(ordered, 0.5),
        p10=quantile(ordered, 0.1),
        p90=quantile(ordered, 0.9),
    )


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
    for index, record in enumerate(dataset.records, start=1):
        own = check_record(record)
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
                messages = record.value["messages"]
                tokens = counter.chat(counting_messages(messages))
                assistant = sum(
                    counter.text(m["content"])
                    for m in messages
                    if m.get("role") == "assistant" and isinstance(m.get("content"), str)
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
    )


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


# ------------------------------------------------------------------------------------------ fixes


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
            tokens = counter.chat(counting_messages(r.value["messages"]))
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


# ------------------------------------------------------------------------------------------ cost


@dataclass(frozen=True)
class CostEstimate:
    n_examples: int
    epochs: int
    default_epochs: int
    tokens_per_epoch: int  # every example capped at the limit, summed
    billed_tokens: int
    per_mtok: float
    cost: float

    @property
    def epochs_is_default(self) -> bool:
        return self.epochs == self.default_epochs


def estimate_cost(
    tokens_per_example: Sequence[int],
    per_mtok: float,
    epochs: int | None = None,
    max_tokens: int = MAX_TOKENS_PER_EXAMPLE,
) -> CostEstimate:
    """Billed tokens (each example capped at the limit, times epochs) times the price per 1M tokens.

    ``epochs=None`` uses OpenAI's default rule for the number of examples.
    """
    if not tokens_per_example:
        raise UserInputError("datalab.err_no_examples")
    if epochs is not None and not 1 <= epochs <= 50:
        raise UserInputError("datalab.err_epochs", min=1, max=50)
    default = default_epochs(len(tokens_per_example))
    chosen = default if epochs is None else epochs
    per_epoch = billed_tokens(tokens_per_example, 1, max_tokens)
    billed = per_epoch * chosen
    return CostEstimate(
        n_examples=len(tokens_per_example),
        epochs=chosen,
        default_epochs=default,
        tokens_per_epoch=per_epoch,
        billed_tokens=billed,
        per_mtok=per_mtok,
        cost=training_cost(billed, per_mtok),
    )


def simulator_params(estimate: CostEstimate, model: str) -> dict[str, str]:
    """Query parameters that open the cost simulator with this training set filled in."""
    return {
        "train_n": str(estimate.n_examples),
        "train_tok": str(max(1, round(estimate.tokens_per_epoch / estimate.n_examples))),
        "epochs": str(estimate.epochs),
        "ft": model,
    }


# ------------------------------------------------------------------------------------------ sources


def sample_bytes(lang: Lang, name: SampleName) -> bytes:
    """A bundled sample file of one language."""
    if name not in SAMPLES:
        raise ValueError(f"unknown sample {name!r}")
    return (CONTENT_DIR / lang / "datalab" / f"{name}.jsonl").read_bytes()


_REPLY_KEYS = ("response", "output", "answer", "reply")


def _get(obj: object, name: str) -> Any:
    """``obj[name]`` for a mapping, else ``obj.name`` (None when absent)."""
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


def _is_list(value: object) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, str | bytes)


def _run_messages(run: object) -> list[dict[str, Any]]:
    raw = _get(run, "messages")
    if not _is_list(raw):
        raw = _get(_get(run, "request"), "messages")  # the playground's HistoryEntry.request.messages
    if not _is_list(raw):
        return []
    messages: list[dict[str, Any]] = []
    for msg in raw:
        role, content, name = _get(msg, "role"), _get(msg, "content"), _get(msg, "name")
        if isinstance(role, str):
            item: dict[str, Any] = {"role": role, "content": content if content is not None else ""}
            if isinstance(name, str):
                item["name"] = name
            messages.append(item)
    return messages


def _run_reply(run: object) -> str | None:
    candidates = [_get(run, k) for k in _REPLY_KEYS] + [_get(_get(run, "result"), "text")]
    return next((c for c in candidates if isinstance(c, str) and c.strip()), None)


def examples_from_runs(runs: object) -> list[dict[str, Any]]:
    """Chat examples from the playground's history, one per run that has an assistant reply.

    A run is a mapping or an object with ``messages`` (or ``request.messages``), each message a mapping or an
    object with ``role`` and ``content`` (and optionally ``name``). When the messages do not end with the
    assistant's reply, the run's reply text (``response``/``output``/``answer``/``reply`` or ``result.text``)
    is appended. Runs without any assistant reply (failed runs) are left out.
    Raises ``UserInputError("datalab.err_history_empty")`` when nothing usable is there.
    """
    examples: list[dict[str, Any]] = []
    if _is_list(runs):
        assert isinstance(runs, Sequence)
        for run in runs:
            messages = _run_messages(run)
            if messages and messages[-1]["role"] != "assistant":
                reply = _run_reply(run)
                if reply is not None:
                    messages.append({"role": "assistant", "content": reply})
            if any(m["role"] == "assistant" for m in messages):
                examples.append({"messages": messages})
    if not examples:
        raise UserInputError("datalab.err_history_empty")
    return examples
