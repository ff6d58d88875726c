"""What the data lab page shows, as plain values: table rows, file names, status messages, summary numbers.

Pure (no Streamlit): the page's section modules draw these. Table cells are plain text (a data frame shows
no Markdown), so they are formatted here rather than with ``ui.messages`` (which makes text literal for
Markdown).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from core import fmt
from core.i18n import Lang, Translator
from features.datalab.checks import Finding, Report
from features.datalab.fixes import Change
from features.datalab.jobs import JobEvent
from features.datalab.stats import Summary

MAX_FINDING_ROWS = 2_000
# Count parameters of findings and changes shown with grouping (line numbers and columns stay as they are).
FORMAT_NUMBER_PARAMS = ("tokens", "limit")
StatusLevel = Literal["error", "warning", "success"]
ChartKind = Literal["messages", "tokens", "assistant"]


@dataclass(frozen=True)
class Loaded:
    """The file the learner loaded and the report of its checks (for the model in ``sig``)."""

    name: str
    data: bytes
    sig: tuple[str, str]  # (sha256 of the data, model)
    report: Report


def signature(data: bytes, model: str) -> tuple[str, str]:
    """What a report depends on: the file's bytes and the model whose tokenizer counted."""
    return hashlib.sha256(data).hexdigest(), model


def table_text(t: Translator, lang: Lang, key: str, params: Mapping[str, object]) -> str:
    """A finding's or change's message as plain text for a table cell."""
    shown = {
        k: (fmt.number(v, lang) if k in FORMAT_NUMBER_PARAMS and isinstance(v, int) else v)
        for k, v in params.items()
    }
    return t(key, **shown)


EXCERPT_CHARS = 160  # of the offending line, in the findings table


def excerpt(line: str, limit: int = EXCERPT_CHARS) -> str:
    """The start of a line for a table cell: ``limit`` characters, then "…" if there is more."""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def lines_at(data: bytes, wanted: Iterable[int]) -> dict[int, str]:
    """The text of the wanted 1-based lines of a JSONL file (undecodable bytes replaced), reading only as
    far as the last wanted line."""
    want = set(wanted)
    out: dict[int, str] = {}
    if not want:
        return out
    last, start, number = max(want), 0, 1
    while number <= last and start <= len(data):
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        if number in want:
            raw = data[start:end].removesuffix(b"\r")
            out[number] = raw.decode("utf-8", errors="replace").removeprefix("\ufeff")
        start, number = end + 1, number + 1
    return out


def finding_rows(
    t: Translator, lang: Lang, findings: Sequence[Finding], lines: Mapping[int, str] | None = None
) -> list[dict[str, object]]:
    """One row per finding: line, severity, field, the message; with ``lines`` (``lines_at``) also the start
    of the offending line. A finding that carries its own excerpt (the offending field) shows that."""
    rows: list[dict[str, object]] = []
    for f in findings[:MAX_FINDING_ROWS]:
        row: dict[str, object] = {
            t("datalab.col_line"): f.line,
            t("datalab.col_severity"): t(f"datalab.sev_{f.severity}"),
            t("datalab.col_field"): f.field or "—",
            t("datalab.col_message"): table_text(t, lang, f.key, f.params),
            t("datalab.col_content"): f.excerpt,
        }
        if lines is not None and not f.excerpt:
            row[t("datalab.col_content")] = excerpt(lines.get(f.line, ""))
        rows.append(row)
    return rows


def change_rows(t: Translator, lang: Lang, changes: Sequence[Change]) -> list[dict[str, object]]:
    return [
        {
            t("datalab.col_original_line"): c.line,
            t("datalab.col_change"): table_text(t, lang, c.key, c.params),
        }
        for c in changes[:MAX_FINDING_ROWS]
    ]


def compare_rows(t: Translator, before: Report, after: Report) -> list[dict[str, object]]:
    """The original and the fixed file side by side: lines, valid examples, errors, warnings."""
    return [
        {
            t("datalab.col_what"): t(f"datalab.cmp_{what}"),
            t("datalab.col_original"): b,
            t("datalab.col_fixed"): a,
        }
        for what, b, a in (
            ("lines", before.n_lines, after.n_lines),
            ("valid", before.n_valid, after.n_valid),
            ("errors", before.n_errors, after.n_errors),
            ("warnings", before.n_warnings, after.n_warnings),
        )
    ]


def when(ts: int | None) -> str:
    """A job's or event's Unix time in UTC (``—`` when unknown)."""
    if ts is None:
        return "—"
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M UTC")


def event_rows(t: Translator, events: Sequence[JobEvent]) -> list[dict[str, object]]:
    return [
        {
            t("datalab.col_time"): when(e.created_at),
            t("datalab.col_level"): e.level,
            t("datalab.col_message"): e.message,
        }
        for e in events
    ]


def download_name(name: str) -> str:
    """The file name offered for downloading the loaded file."""
    return name if name.endswith(".jsonl") else "dataset.jsonl"


def fixed_name(name: str) -> str:
    """The fixed file's name: ``train.jsonl`` -> ``train_fixed.jsonl``."""
    stem = name[: -len(".jsonl")] if name.endswith(".jsonl") else name
    return f"{stem}_fixed.jsonl"


def status(report: Report) -> tuple[StatusLevel, str, dict[str, object]]:
    """The one-line verdict on a file: level, interface string and its parameters."""
    if report.n_errors:
        return "error", "datalab.status_errors", {"errors": report.n_errors, "lines": len(report.error_lines)}
    if report.n_valid == 0:
        return "error", "datalab.err_no_examples", {}
    if report.n_warnings:
        return "warning", "datalab.status_warnings", {"warnings": report.n_warnings}
    return "success", "datalab.status_ok", {"n": report.n_valid}


def metrics(report: Report) -> list[tuple[str, int]]:
    """The check's headline numbers: interface string of the label, value."""
    return [
        ("datalab.m_lines", report.n_examples),
        ("datalab.m_valid", report.n_valid),
        ("datalab.m_errors", report.n_errors),
        ("datalab.m_warnings", report.n_warnings),
        ("datalab.m_duplicates", len(report.duplicate_lines)),
    ]


@dataclass(frozen=True)
class ChartData:
    kind: ChartKind
    values: list[int]
    summary: Summary | None
    key: str  # the chart's widget key


def chart_data(report: Report) -> list[ChartData]:
    """The three distributions of the valid examples: messages, tokens, assistant tokens per example."""
    return [
        ChartData(
            "messages",
            [e.n_messages for e in report.examples],
            report.messages_per_example(),
            "dl_hist_messages",
        ),
        ChartData(
            "tokens", [e.tokens for e in report.examples], report.tokens_per_example(), "dl_hist_tokens"
        ),
        ChartData(
            "assistant",
            [e.assistant_tokens for e in report.examples],
            report.assistant_tokens(),
            "dl_hist_assistant",
        ),
    ]


def summary_params(summary: Summary, lang: Lang) -> dict[str, object]:
    """The parameters of ``datalab.summary``: counts as whole numbers, the rest with one decimal at most."""
    return {
        "n": summary.count,
        "min": summary.minimum,
        "p10": fmt.compact(summary.p10, lang, 1),
        "median": fmt.compact(summary.median, lang, 1),
        "mean": fmt.compact(summary.mean, lang, 1),
        "p90": fmt.compact(summary.p90, lang, 1),
        "max": summary.maximum,
    }
