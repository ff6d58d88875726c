"""Reading a chat training set (JSONL): limits, decoding, one ``Record`` per line, and what a JSON parser
error means in the learner's words. Pure; a ``Dataset`` is immutable.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from core import text
from core.errors import UserInputError

MAX_FILE_BYTES = 50 * 1024 * 1024
CHUNK_LINES = 1_000

ProgressFn = Callable[[float], None]


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
        return "".join(text.scrub(r.raw) + "\n" for r in self.records).encode("utf-8")

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
SURROGATE_ERROR = "surrogate"


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
        return Record(number, raw, json_error=text.scrub(str(exc)[:120]), json_column=0)
    lone = text.first_surrogate(value)
    if lone is not None:
        # Valid JSON syntax, but "\ud800" without its partner is no character: nothing can encode it, and
        # fine-tuning services refuse the line. Reported like a JSON error, at the escape.
        column = raw.lower().find(text.escape_of(lone)) + 1
        return Record(number, raw, json_error=SURROGATE_ERROR, json_column=column)
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
    (SURROGATE_ERROR, "datalab.f_json_surrogate"),
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
            Record(i, json.dumps(clean, ensure_ascii=False), value=clean)
            for i, clean in enumerate((text.scrub_value(ex) for ex in examples), start=1)
        )
    )
