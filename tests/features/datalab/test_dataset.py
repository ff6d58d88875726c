"""The data lab's pure modules (parsing, checks, stats, fixes, sources): reading limits, every check,
statistics, fixes, the cost formula, the simulator hand-off, samples, the playground's runs."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import pytest

from core import training
from core.errors import UserInputError
from core.handoff import SimulatorHandoff
from core.i18n import LANGS, Lang, translator
from core.llm.history import HistoryEntry
from core.llm.types import ChatRequest, Message, RunResult, Timing
from features.datalab import checks, fixes, formats, jobs, parsing, sources, stats


class WordCounter:
    """A predictable stand-in tokenizer: one token per word, 3 per message, 3 for the reply."""

    def chat(self, messages: Sequence[Mapping[str, str]]) -> int:
        return sum(len(m.get("content", "").split()) + 3 for m in messages) + 3

    def text(self, text: str) -> int:
        return len(text.split())


WORDS = WordCounter()


def line(*messages: Mapping[str, Any], **extra: Any) -> str:
    return json.dumps({"messages": list(messages), **extra}, ensure_ascii=False)


SYS = {"role": "system", "content": "You answer briefly."}
USER = {"role": "user", "content": "What is JSONL?"}
ASSISTANT = {"role": "assistant", "content": "One JSON object per line."}
GOOD = line(SYS, USER, ASSISTANT)


def jsonl(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def findings_of(raw: str) -> list[tuple[str, str, str]]:
    record = parsing.parse_jsonl(jsonl(GOOD, raw)).records[1]
    return [(f.severity, f.key, f.field) for f in checks.check_record(record)]


# ------------------------------------------------------------------------------------------ reading


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"", "datalab.err_empty"),
        (b" \n\n\t", "datalab.err_empty"),
        (b'{"messages": []}\x00\n', "datalab.err_binary"),
        ('{"messages": []}\n'.encode("utf-16"), "datalab.err_binary"),
        (b'{"messages": [{"role": "user", "content": "caf\xe9"}]}\n', "datalab.err_not_utf8"),
    ],
)
def test_unreadable_files_get_a_clear_error(data: bytes, key: str) -> None:
    with pytest.raises(UserInputError) as err:
        parsing.parse_jsonl(data)
    assert err.value.key == key


def test_non_utf8_error_names_line_and_position() -> None:
    data = jsonl(GOOD, GOOD) + b"\xff\xfe\n"
    with pytest.raises(UserInputError) as err:
        parsing.decode(data)
    assert err.value.params == {"line": 3, "position": len(jsonl(GOOD, GOOD))}


def test_file_over_the_limit_names_size_and_limit() -> None:
    data = b"x" * (3 * 1024 * 1024 + 1)
    with pytest.raises(UserInputError) as err:
        parsing.decode(data, max_bytes=2 * 1024 * 1024)
    assert err.value.key == "datalab.err_too_large"
    assert err.value.params == {"size_mb": 4, "limit_mb": 2}


def test_default_limit_is_50_mb() -> None:
    assert parsing.MAX_FILE_BYTES == 50 * 1024 * 1024
    assert parsing.decode(b"x" * 10, max_bytes=10) == "x" * 10
    with pytest.raises(UserInputError):
        parsing.decode(b"x" * 11, max_bytes=10)


def test_byte_order_mark_is_dropped() -> None:
    ds = parsing.parse_jsonl(b"\xef\xbb\xbf" + jsonl(GOOD))
    assert ds.records[0].parsed


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("a\nb\n", ["a", "b"]),
        ("a\nb", ["a", "b"]),
        ("a\r\nb\r\n", ["a", "b"]),
        ("a\n\nb\n", ["a", "", "b"]),
        ("a\u2028b\n", ["a\u2028b"]),  # a JSON string may contain U+2028; it does not end a line
        ("a\n\n", ["a", ""]),
    ],
)
def test_split_lines(text: str, lines: list[str]) -> None:
    assert parsing.split_lines(text) == lines


def test_parse_reports_progress_per_chunk_up_to_one() -> None:
    seen: list[float] = []
    ds = parsing.parse_jsonl(jsonl(*[GOOD] * 25), seen.append, chunk_lines=10)
    assert ds.n_lines == 25
    assert seen == [0.4, 0.8, 1.0]
    assert [r.line for r in ds.records] == list(range(1, 26))


def test_load_and_analyze_progress_is_monotonic_and_complete() -> None:
    seen: list[float] = []
    checks.load_and_analyze(jsonl(*[GOOD] * 5000), WORDS, seen.append)
    assert seen == sorted(seen)
    assert seen[-1] == pytest.approx(1.0)
    assert any(0 < x < checks.PARSE_SHARE + 1e-9 for x in seen)


# ------------------------------------------------------------------------------------------ checks


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", ("warning", "datalab.f_blank_line", "")),
        ('{"messages": [}', ("error", "datalab.f_json_value", "")),
        ('{"messages": [1,]}', ("error", "datalab.f_json_value", "")),
        ('{"messages": [1 2]}', ("error", "datalab.f_json_delimiter", "")),
        ('{"messages" []}', ("error", "datalab.f_json_delimiter", "")),
        ("{'messages': []}", ("error", "datalab.f_json_property", "")),
        ('{"messages": "open', ("error", "datalab.f_json_string", "")),
        ('{"messages": "a\\qb"}', ("error", "datalab.f_json_string", "")),
        ('{"messages": []} {"messages": []}', ("error", "datalab.f_json_extra", "")),
        ('{"messages": NaN}', ("error", "datalab.f_json_constant", "")),
        ('{"messages": -Infinity}', ("error", "datalab.f_json_constant", "")),
        ("[1, 2]", ("error", "datalab.f_not_object", "")),
        ('{"prompt": "a", "completion": "b"}', ("error", "datalab.f_no_messages", "messages")),
        ('{"messages": []}', ("error", "datalab.f_no_messages", "messages")),
        ('{"messages": "hi"}', ("error", "datalab.f_no_messages", "messages")),
        (line(SYS, "hello", ASSISTANT), ("error", "datalab.f_message_not_object", "messages[1]")),
        (line(SYS, {"content": "hi"}, ASSISTANT), ("error", "datalab.f_missing_key", "messages[1].role")),
        (line(SYS, USER, {"role": "assistant"}), ("error", "datalab.f_missing_key", "messages[2].content")),
        (
            line(SYS, {**USER, "timestamp": 1}, ASSISTANT),
            ("error", "datalab.f_unknown_key", "messages[1].timestamp"),
        ),
        (
            line(SYS, {"role": "customer", "content": "hi"}, ASSISTANT),
            ("error", "datalab.f_unknown_role", "messages[1].role"),
        ),
        (
            line(SYS, {"role": 7, "content": "hi"}, ASSISTANT),
            ("error", "datalab.f_unknown_role", "messages[1].role"),
        ),
        (
            line(SYS, {"role": "user", "content": ["a"]}, ASSISTANT),  # a list holds content parts
            ("error", "datalab.f_bad_part", "messages[1].content[0]"),
        ),
        (
            line(SYS, {"role": "user", "content": 3}, ASSISTANT),
            ("error", "datalab.f_content_type", "messages[1].content"),
        ),
        (
            line(SYS, USER, {"role": "assistant", "content": "  "}),
            ("error", "datalab.f_empty_content", "messages[2].content"),
        ),
        (
            line(SYS, USER, {**ASSISTANT, "weight": 2}),
            ("error", "datalab.f_bad_weight", "messages[2].weight"),
        ),
        (
            line(SYS, USER, {**ASSISTANT, "weight": True}),
            ("error", "datalab.f_bad_weight", "messages[2].weight"),
        ),
        (
            line(SYS, {**USER, "weight": 0}, ASSISTANT),
            ("warning", "datalab.f_weight_not_assistant", "messages[1].weight"),
        ),
        (line(SYS, USER), ("error", "datalab.f_no_assistant", "messages")),
        (line(USER, ASSISTANT), ("warning", "datalab.f_no_system", "messages")),
        (line(SYS, ASSISTANT), ("warning", "datalab.f_no_user", "messages")),
    ],
)
def test_each_kind_of_mistake_is_found(raw: str, expected: tuple[str, str, str]) -> None:
    assert expected in findings_of(raw)


@pytest.mark.parametrize(
    ("message", "key"),
    [
        ("Expecting value", "datalab.f_json_value"),
        ("Expecting ',' delimiter", "datalab.f_json_delimiter"),
        ("Expecting property name enclosed in double quotes", "datalab.f_json_property"),
        ("Invalid control character at", "datalab.f_json_string"),
        ("Invalid \\uXXXX escape", "datalab.f_json_string"),
        ("Extra data", "datalab.f_json_extra"),
        ("Something new in a later Python", "datalab.f_invalid_json"),
    ],
)
def test_json_error_key(message: str, key: str) -> None:
    assert parsing.json_error_key(message) == key


def test_unknown_json_problem_keeps_the_parser_detail() -> None:
    record = parsing.Record(4, "x", json_error="Something odd", json_column=3)
    finding = checks.check_record(record)[0]
    assert (finding.key, dict(finding.params)) == (
        "datalab.f_invalid_json",
        {"column": 3, "detail": "Something odd"},
    )


def test_constant_column_points_at_it() -> None:
    record = parsing.parse_jsonl(jsonl('{"messages": NaN}')).records[0]
    assert checks.check_record(record)[0].params == {"column": 14}


@pytest.mark.parametrize(
    "raw",
    [
        GOOD,
        line(SYS, USER, {**ASSISTANT, "weight": 0}, USER, {**ASSISTANT, "weight": 1}),
        line(SYS, {**USER, "name": "ann"}, ASSISTANT),
        line(
            SYS,
            USER,
            {"role": "assistant", "content": None, "function_call": {"name": "f", "arguments": "{}"}},
            {"role": "function", "name": "f", "content": "42"},
            ASSISTANT,
        ),
    ],
)
def test_well_formed_examples_have_no_findings(raw: str) -> None:
    assert findings_of(raw) == []


def test_findings_carry_line_numbers_and_params() -> None:
    data = jsonl(GOOD, '{"messages": [', line(SYS, {"role": "bot", "content": "x"}, ASSISTANT))
    _, report = checks.load_and_analyze(data, WORDS)
    by_key = {f.key: f for f in report.findings}
    assert by_key["datalab.f_json_value"].line == 2
    assert by_key["datalab.f_json_value"].params == {"column": 15}
    assert by_key["datalab.f_unknown_role"].line == 3
    assert by_key["datalab.f_unknown_role"].params == {"role": "bot"}
    assert report.error_lines == frozenset({2, 3})


def test_every_finding_and_change_key_is_an_interface_string_in_both_languages() -> None:
    import re
    from pathlib import Path

    source = "".join(
        Path(module.__file__ or "").read_text(encoding="utf-8")
        for module in (parsing, checks, formats, stats, fixes, sources, jobs)
    )
    keys = set(re.findall(r'"(datalab\.(?:f|chg|err)_[a-z_]+)"', source))
    assert len(keys) >= 25
    for lang in LANGS:
        tr = translator(lang)
        missing = [k for k in keys if not tr.has(k)]
        assert missing == [], (lang, missing)


@pytest.mark.parametrize("lang", LANGS)
def test_every_finding_and_change_formats_in_both_languages(lang: Lang) -> None:
    tr = translator(lang)
    data = (
        sources.sample_bytes(lang, "bad_sample")
        + BAD
        + jsonl("[1]", line(SYS, "x", ASSISTANT), line(SYS, {"role": "user", "content": 3}, ASSISTANT))
    )
    ds, report = checks.load_and_analyze(data, WORDS, max_tokens=40)
    fixed = fixes.apply_fixes(ds, fixes.FIX_ORDER, WORDS, 40)
    assert len(report.keys_found()) >= 15
    for item in (*report.findings, *fixed.changes):
        text = tr(item.key, **item.params)
        assert text and "{" not in text


def test_duplicates_and_over_long_examples() -> None:
    long_reply = {"role": "assistant", "content": "word " * 50}
    long_line = line(SYS, USER, long_reply)
    data = jsonl(GOOD, long_line, GOOD, line(USER, ASSISTANT), GOOD)
    _, report = checks.load_and_analyze(data, WORDS, max_tokens=40)
    assert report.duplicate_lines == (3, 5)
    dup = [f for f in report.findings if f.key == "datalab.f_duplicate"]
    assert [(f.line, f.params["first"]) for f in dup] == [(3, 1), (5, 1)]
    assert report.too_long_lines == (2,)
    too_long = next(f for f in report.findings if f.key == "datalab.f_too_long")
    assert too_long.params == {
        "tokens": WORDS.chat(checks.counting_messages([SYS, USER, long_reply])),
        "limit": 40,
    }
    assert report.n_errors == 0 and report.ok


def test_duplicates_compare_values_not_spacing() -> None:
    spaced = json.dumps({"messages": [SYS, USER, ASSISTANT]}, indent=None, separators=(" ,", " : "))
    _, report = checks.load_and_analyze(jsonl(GOOD, spaced), WORDS)
    assert report.duplicate_lines == (2,)


def test_statistics_count_only_valid_examples() -> None:
    two_turns = line(
        SYS,
        USER,
        ASSISTANT,
        {"role": "user", "content": "And?"},
        {"role": "assistant", "content": "Done now."},
    )
    data = jsonl(GOOD, two_turns, line(SYS, USER), "")
    _, report = checks.load_and_analyze(data, WORDS)
    assert report.n_lines == 4 and report.n_blank == 1 and report.n_examples == 3
    assert [e.line for e in report.examples] == [1, 2]
    assert [e.n_messages for e in report.examples] == [3, 5]
    # assistant tokens: "One JSON object per line." = 5 words; + "Done now." = 2
    assert [e.assistant_tokens for e in report.examples] == [5, 7]
    expected_tokens = [
        WORDS.chat(checks.counting_messages([SYS, USER, ASSISTANT])),
        WORDS.chat(checks.counting_messages(json.loads(two_turns)["messages"])),
    ]
    assert [e.tokens for e in report.examples] == expected_tokens
    summary = report.messages_per_example()
    assert summary is not None and (summary.minimum, summary.maximum, summary.mean) == (3, 5, 4.0)


def test_counting_messages_turns_structured_values_into_text_and_drops_weight() -> None:
    call = {"name": "f", "arguments": "{}"}
    msgs = checks.counting_messages(
        [{"role": "assistant", "content": None, "function_call": call, "weight": 1}]
    )
    assert msgs == [{"role": "assistant", "content": "", "function_call": json.dumps(call)}]


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([5], 0.5, 5.0),
        ([1, 2, 3, 4], 0.5, 2.5),
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.1, 1.9),
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9.1),
        ([10, 20], 0.0, 10.0),
        ([10, 20], 1.0, 20.0),
    ],
)
def test_quantile_interpolates_linearly(values: list[int], q: float, expected: float) -> None:
    assert stats.quantile(values, q) == pytest.approx(expected)


def test_summarize() -> None:
    assert stats.summarize([]) is None
    s = stats.summarize([4, 1, 3, 2])
    assert s is not None
    assert (s.count, s.total, s.minimum, s.maximum, s.mean, s.median) == (4, 10, 1, 4, 2.5, 2.5)
    assert (s.p10, s.p90) == (pytest.approx(1.3), pytest.approx(3.7))


# ------------------------------------------------------------------------------------------ fixes

BAD = jsonl(
    GOOD,  # 1
    "{broken",  # 2
    line(SYS, {"role": "user", "content": "YAML?", "timestamp": "x"}, ASSISTANT),  # 3: valid once stripped
    "",  # 4
    GOOD,  # 5: duplicate of 1
    line(SYS, USER, {"role": "assistant", "content": "word " * 60}),  # 6: too long at 40
    line(SYS, {"role": "user", "content": "Other?"}, ASSISTANT),  # 7
)


def test_each_fix_returns_a_new_dataset_and_leaves_the_original_alone() -> None:
    ds = parsing.parse_jsonl(BAD)
    before_bytes = ds.to_jsonl()
    before_values = [json.dumps(r.value) for r in ds.records]
    for result in (
        fixes.strip_unknown_keys(ds),
        fixes.drop_invalid(ds),
        fixes.drop_duplicates(ds),
        fixes.drop_too_long(ds, WORDS, 40),
        fixes.apply_fixes(ds, fixes.FIX_ORDER, WORDS, 40),
    ):
        assert result.dataset is not ds
        assert result.changes
    assert ds.to_jsonl() == before_bytes == BAD
    assert [json.dumps(r.value) for r in ds.records] == before_values


def test_strip_unknown_keys() -> None:
    result = fixes.strip_unknown_keys(parsing.parse_jsonl(BAD))
    assert [(c.line, c.key, dict(c.params)) for c in result.changes] == [
        (3, "datalab.chg_stripped_keys", {"keys": "timestamp"})
    ]
    assert result.dataset.records[2].value == {
        "messages": [SYS, {"role": "user", "content": "YAML?"}, ASSISTANT]
    }
    assert result.dataset.records[0].raw == GOOD  # untouched lines keep their bytes


def test_drop_invalid_drops_errors_and_blank_lines() -> None:
    result = fixes.drop_invalid(parsing.parse_jsonl(BAD))
    assert [(c.line, c.key) for c in result.changes] == [
        (2, "datalab.chg_dropped_invalid"),
        (3, "datalab.chg_dropped_invalid"),
        (4, "datalab.chg_dropped_blank"),
    ]
    assert [r.line for r in result.dataset.records] == [1, 5, 6, 7]


def test_drop_duplicates_keeps_the_first() -> None:
    result = fixes.drop_duplicates(parsing.parse_jsonl(BAD))
    assert [(c.line, dict(c.params)) for c in result.changes] == [(5, {"first": 1})]


def test_drop_too_long() -> None:
    result = fixes.drop_too_long(parsing.parse_jsonl(BAD), WORDS, 40)
    assert [c.line for c in result.changes] == [6]
    assert result.changes[0].params["tokens"] > 40


def test_apply_fixes_runs_in_order_renumbers_and_reports_original_lines() -> None:
    ds = parsing.parse_jsonl(BAD)
    result = fixes.apply_fixes(
        ds, ["drop_too_long", "drop_invalid", "strip_unknown_keys", "drop_duplicates"], WORDS, 40
    )
    assert [c.line for c in result.changes] == [2, 3, 4, 5, 6]
    assert result.changes[1].key == "datalab.chg_stripped_keys"  # stripped first, so line 3 survives
    assert [r.line for r in result.dataset.records] == [1, 2, 3]
    fixed = checks.analyze(result.dataset, WORDS, 40)
    assert fixed.n_errors == 0 and fixed.n_warnings == 0 and fixed.n_valid == 3
    assert parsing.parse_jsonl(result.dataset.to_jsonl()).to_jsonl() == result.dataset.to_jsonl()


def test_apply_fixes_rejects_unknown_names() -> None:
    with pytest.raises(ValueError):
        fixes.apply_fixes(parsing.parse_jsonl(BAD), ["make_it_good"], WORDS)  # type: ignore[list-item]


def test_applicable_fixes() -> None:
    _, report = checks.load_and_analyze(BAD, WORDS, max_tokens=40)
    assert fixes.applicable_fixes(report) == list(fixes.FIX_ORDER)
    _, clean = checks.load_and_analyze(jsonl(GOOD), WORDS)
    assert fixes.applicable_fixes(clean) == []


# ------------------------------------------------------------------------------------------ cost


@pytest.mark.parametrize(
    ("tokens", "per_mtok", "epochs", "billed", "cost", "used_epochs"),
    [
        ([1_000] * 100, 3.0, None, 300_000, 0.9, 3),  # default rule: 3 epochs for 100 examples
        ([1_000] * 10, 3.0, None, 100_000, 0.3, 10),  # small set: 10 epochs
        ([1_000] * 10, 25.0, 2, 20_000, 0.5, 2),  # chosen epochs
        ([20_000, 100], 3.0, 1, 16_485, 0.049455, 1),  # capped at the 16,385-token limit
        ([500, 1_500], 8.0, 4, 8_000, 0.064, 4),
    ],
)
def test_cost_formula(
    tokens: list[int], per_mtok: float, epochs: int | None, billed: int, cost: float, used_epochs: int
) -> None:
    est = stats.estimate_cost(tokens, per_mtok, epochs)
    assert est.epochs == used_epochs
    assert est.billed_tokens == billed
    assert est.cost == pytest.approx(cost)
    assert est.default_epochs == training.default_epochs(len(tokens))
    assert est.epochs_is_default == (used_epochs == est.default_epochs)
    assert est.billed_tokens == training.billed_tokens(tokens, used_epochs)


def test_cost_needs_examples_and_sane_epochs() -> None:
    with pytest.raises(UserInputError) as err:
        stats.estimate_cost([], 3.0)
    assert err.value.key == "datalab.err_no_examples"
    for bad in (0, 51):
        with pytest.raises(UserInputError) as err:
            stats.estimate_cost([10], 3.0, bad)
        assert err.value.key == "datalab.err_epochs"


def test_simulator_handoff() -> None:
    est = stats.estimate_cost([20_000, 100, 300], 3.0, 2)
    handoff = stats.simulator_handoff(est, "gpt-4o-mini")
    assert handoff == SimulatorHandoff(
        train_examples=3, train_tokens=round((16_385 + 100 + 300) / 3), epochs=2, ft_model="gpt-4o-mini"
    )
    assert handoff.query() == {
        "train_n": "3",
        "train_tok": str(round((16_385 + 100 + 300) / 3)),
        "epochs": "2",
        "ft": "gpt-4o-mini",
    }


@pytest.mark.parametrize(
    ("tokens", "train_tokens"),
    [
        ([1, 1, 1], 1),
        ([0, 1], 1),  # at least one token per example
        ([100, 201], 150),  # rounded (150.5 -> 150, to even)
        ([100, 203], 152),
        ([20_000], 16_385),  # capped at the limit, as billed
    ],
)
def test_simulator_handoff_tokens_per_example(tokens: list[int], train_tokens: int) -> None:
    est = stats.estimate_cost(tokens, 3.0)
    handoff = stats.simulator_handoff(est, "m")
    assert handoff.train_tokens == train_tokens
    assert handoff.train_examples == len(tokens)
    assert handoff.epochs == est.epochs


# ------------------------------------------------------------------------------------------ samples


@pytest.mark.parametrize("lang", LANGS)
def test_bundled_sample_passes_every_check(lang: Lang) -> None:
    _, report = checks.load_and_analyze(
        sources.sample_bytes(lang, "sample"), checks.ModelCounter("gpt-4o-mini")
    )
    assert report.findings == ()
    assert 20 <= report.n_valid <= 40
    assert report.ok


@pytest.mark.parametrize("lang", LANGS)
def test_bad_sample_shows_many_kinds_of_mistakes(lang: Lang) -> None:
    ds, report = checks.load_and_analyze(sources.sample_bytes(lang, "bad_sample"), WORDS)
    assert {
        "datalab.f_json_value",
        "datalab.f_no_messages",
        "datalab.f_unknown_role",
        "datalab.f_unknown_key",
        "datalab.f_missing_key",
        "datalab.f_blank_line",
        "datalab.f_no_assistant",
        "datalab.f_no_system",
        "datalab.f_duplicate",
        "datalab.f_bad_weight",
    } <= report.keys_found()
    fixed = fixes.apply_fixes(ds, fixes.applicable_fixes(report), WORDS)
    after = checks.analyze(fixed.dataset, WORDS)
    assert after.n_errors == 0 and after.n_valid >= 3


def test_both_languages_have_samples_of_the_same_shape() -> None:
    shapes = {}
    for lang in LANGS:
        for name in sources.SAMPLES:
            _, report = checks.load_and_analyze(sources.sample_bytes(lang, name), WORDS)
            shapes[(lang, name)] = sorted((f.line, f.key) for f in report.findings)
    assert shapes[("de", "bad_sample")] == shapes[("en", "bad_sample")]


# ------------------------------------------------------------------------------------------ history


def _run(answer: str, *messages: Message) -> HistoryEntry:
    """A playground run: the request's messages and the model's reply (empty: the run failed)."""
    result = RunResult("local", "smollm2", answer, 10, 5, "model", Timing(0.1, 0.5, 10.0), None, "stop")
    return HistoryEntry("2026-01-01T00:00:00", "", ChatRequest(tuple(messages)), result)


SYS_MSG, USER_MSG = Message("system", SYS["content"]), Message("user", USER["content"])
REPLY = {"role": "assistant", "content": "Hello."}
BYE = {"role": "assistant", "content": "Bye."}
HM = {"role": "assistant", "content": "Hm?"}


@pytest.mark.parametrize(
    ("runs", "expected"),
    [
        ([_run("Hello.", SYS_MSG, USER_MSG)], [[SYS, USER, REPLY]]),
        ([_run("Hello.", USER_MSG)], [[USER, REPLY]]),  # no system prompt
        ([_run("", SYS_MSG, USER_MSG), _run("Hello.", USER_MSG)], [[USER, REPLY]]),  # failed run left out
        ([_run("  \n", USER_MSG)], []),  # a blank reply is a failed run too
        ([_run("Hello.", USER_MSG), _run("Bye.", SYS_MSG, USER_MSG)], [[USER, REPLY], [SYS, USER, BYE]]),
        (  # a longer conversation: the reply comes last
            [_run("Hello.", USER_MSG, Message("assistant", "Hm?"), USER_MSG)],
            [[USER, HM, USER, REPLY]],
        ),
        ([], []),
    ],
)
def test_examples_from_playground_runs(
    runs: list[HistoryEntry], expected: list[list[dict[str, str]]]
) -> None:
    if not expected:
        with pytest.raises(UserInputError) as err:
            sources.examples_from_runs(runs)
        assert err.value.key == "datalab.err_history_empty"
        return
    examples = sources.examples_from_runs(runs)
    assert examples == [{"messages": messages} for messages in expected]
    report = checks.analyze(parsing.from_examples(examples), WORDS)
    assert report.n_errors == 0 and report.n_valid == len(expected)


def test_json_kind() -> None:
    assert [checks.json_kind(v) for v in (None, True, 1, 1.5, "s", [], {})] == [
        "null",
        "boolean",
        "number",
        "number",
        "string",
        "array",
        "object",
    ]
