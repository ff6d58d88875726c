"""features.datalab.view and .charts: what the page shows as plain values (rows, names, verdicts, numbers)."""

from __future__ import annotations

import pytest

from core.i18n import Lang, translator
from features.datalab import charts, view
from features.datalab.checks import ExampleStats, Finding, Report
from features.datalab.fixes import Change
from features.datalab.jobs import JobEvent
from features.datalab.stats import Summary


def report(
    findings: tuple[Finding, ...] = (),
    examples: tuple[ExampleStats, ...] = (),
    n_lines: int = 3,
    n_blank: int = 0,
    duplicates: tuple[int, ...] = (),
) -> Report:
    return Report(n_lines, n_blank, findings, examples, duplicates, (), 16_385)


ERROR = Finding("error", 2, "messages", "datalab.f_no_messages")
WARNING = Finding("warning", 3, "", "datalab.f_blank_line")
EXAMPLE = ExampleStats(1, 3, 40, 10)


@pytest.mark.parametrize(
    ("rep", "expected"),
    [
        (
            report((ERROR, ERROR, WARNING), (EXAMPLE,)),
            ("error", "datalab.status_errors", {"errors": 2, "lines": 1}),
        ),
        (report((), ()), ("error", "datalab.err_no_examples", {})),
        (report((WARNING,), (EXAMPLE,)), ("warning", "datalab.status_warnings", {"warnings": 1})),
        (report((), (EXAMPLE, EXAMPLE)), ("success", "datalab.status_ok", {"n": 2})),
    ],
)
def test_status(rep: Report, expected: tuple[str, str, dict[str, object]]) -> None:
    assert view.status(rep) == expected


def test_metrics() -> None:
    rep = report((ERROR, WARNING, WARNING), (EXAMPLE,), n_lines=5, n_blank=1, duplicates=(4,))
    assert view.metrics(rep) == [
        ("datalab.m_lines", 4),
        ("datalab.m_valid", 1),
        ("datalab.m_errors", 1),
        ("datalab.m_warnings", 2),
        ("datalab.m_duplicates", 1),
    ]


@pytest.mark.parametrize(
    ("lang", "key", "params", "expected_param"),
    [
        (
            "en",
            "datalab.f_too_long",
            {"tokens": 20_000, "limit": 16_385},
            {"tokens": "20,000", "limit": "16,385"},
        ),
        (
            "de",
            "datalab.f_too_long",
            {"tokens": 20_000, "limit": 16_385},
            {"tokens": "20.000", "limit": "16.385"},
        ),
        ("en", "datalab.f_duplicate", {"first": 1234}, {"first": 1234}),  # line numbers stay as they are
        (
            "en",
            "datalab.f_unknown_key",
            {"name": "extra_field"},
            {"name": "extra_field"},
        ),  # no Markdown escapes
    ],
)
def test_table_text(
    lang: Lang, key: str, params: dict[str, object], expected_param: dict[str, object]
) -> None:
    t = translator(lang)
    assert view.table_text(t, lang, key, params) == t(key, **expected_param)


def test_finding_and_change_rows() -> None:
    t = translator("en")
    rows = view.finding_rows(t, "en", [ERROR, WARNING])
    assert rows == [
        {
            t("datalab.col_line"): 2,
            t("datalab.col_severity"): t("datalab.sev_error"),
            t("datalab.col_field"): "messages",
            t("datalab.col_message"): t("datalab.f_no_messages"),
            t("datalab.col_content"): "",
        },
        {
            t("datalab.col_line"): 3,
            t("datalab.col_severity"): t("datalab.sev_warning"),
            t("datalab.col_field"): "—",
            t("datalab.col_message"): t("datalab.f_blank_line"),
            t("datalab.col_content"): "",
        },
    ]
    many = [Finding("warning", i, "", "datalab.f_blank_line") for i in range(view.MAX_FINDING_ROWS + 5)]
    assert len(view.finding_rows(t, "en", many)) == view.MAX_FINDING_ROWS
    changes = [Change(7, "datalab.chg_dropped_too_long", {"tokens": 20_000})]
    assert view.change_rows(t, "en", changes) == [
        {
            t("datalab.col_original_line"): 7,
            t("datalab.col_change"): t("datalab.chg_dropped_too_long", tokens="20,000"),
        }
    ]


def test_compare_rows() -> None:
    t = translator("de")
    before = report((ERROR, WARNING), (EXAMPLE,), n_lines=3)
    after = report((), (EXAMPLE,), n_lines=1)
    assert [list(r.values()) for r in view.compare_rows(t, before, after)] == [
        [t("datalab.cmp_lines"), 3, 1],
        [t("datalab.cmp_valid"), 1, 1],
        [t("datalab.cmp_errors"), 1, 0],
        [t("datalab.cmp_warnings"), 1, 0],
    ]


@pytest.mark.parametrize(
    ("ts", "text"),
    [(None, "—"), (0, "1970-01-01 00:00 UTC"), (1_700_000_000, "2023-11-14 22:13 UTC")],
)
def test_when(ts: int | None, text: str) -> None:
    assert view.when(ts) == text


def test_event_rows() -> None:
    t = translator("en")
    rows = view.event_rows(t, [JobEvent("e1", 1_700_000_050, "info", "Files validated")])
    assert rows == [
        {
            t("datalab.col_time"): "2023-11-14 22:14 UTC",
            t("datalab.col_level"): "info",
            t("datalab.col_message"): "Files validated",
        }
    ]


@pytest.mark.parametrize(
    ("name", "download", "fixed"),
    [
        ("train.jsonl", "train.jsonl", "train_fixed.jsonl"),
        ("notes.txt", "dataset.jsonl", "notes.txt_fixed.jsonl"),
        ("Eingefügter Text", "dataset.jsonl", "Eingefügter Text_fixed.jsonl"),
        ("a.jsonl.jsonl", "a.jsonl.jsonl", "a.jsonl_fixed.jsonl"),
    ],
)
def test_file_names(name: str, download: str, fixed: str) -> None:
    assert view.download_name(name) == download
    assert view.fixed_name(name) == fixed


def test_signature_depends_on_bytes_and_model() -> None:
    a = view.signature(b"x", "m1")
    assert a == view.signature(b"x", "m1")
    assert a != view.signature(b"y", "m1")
    assert a != view.signature(b"x", "m2")


def test_chart_data_holds_the_three_distributions() -> None:
    rep = report(examples=(ExampleStats(1, 2, 30, 1), ExampleStats(3, 3, 45, 2)))
    data = view.chart_data(rep)
    assert [(d.kind, d.key) for d in data] == [
        ("messages", "dl_hist_messages"),
        ("tokens", "dl_hist_tokens"),
        ("assistant", "dl_hist_assistant"),
    ]
    assert data[0].values == [2, 3]
    assert data[1].values == [30, 45]
    assert data[2].values == [1, 2]
    assert [d.summary for d in data] == [
        rep.messages_per_example(),
        rep.tokens_per_example(),
        rep.assistant_tokens(),
    ]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            {"n": 1234, "min": 1, "p10": "1.5", "median": "2", "mean": "1,234.6", "p90": "9", "max": 5000},
        ),
        (
            "de",
            {"n": 1234, "min": 1, "p10": "1,5", "median": "2", "mean": "1.234,6", "p90": "9", "max": 5000},
        ),
    ],
)
def test_summary_params(lang: Lang, expected: dict[str, object]) -> None:
    summary = Summary(
        count=1234, total=0, minimum=1, maximum=5000, mean=1234.56, median=2.0, p10=1.49, p90=9.0
    )
    assert view.summary_params(summary, lang) == expected


@pytest.mark.parametrize(
    ("values", "limit", "dtick", "limit_line"),
    [
        ([1, 2, 3], None, 1, False),  # few values: whole-number steps
        (list(range(11)), None, None, False),
        ([100, 13_200], 16_385, 1, True),  # the longest example is near the limit: the limit is drawn
        ([100, 13_000], 16_385, 1, False),
        ([20_000] * 12, 16_385, None, True),
    ],
)
def test_histogram(values: list[int], limit: int | None, dtick: int | None, limit_line: bool) -> None:
    fig = charts.histogram(values, "x", "y", limit)
    assert list(fig.data[0].x) == values
    assert fig.layout.xaxis.title.text == "x" and fig.layout.yaxis.title.text == "y"
    assert fig.layout.yaxis.dtick == dtick
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert bool(lines) == limit_line
    if limit_line:
        assert lines[0].x0 == limit
