"""The data lab and OpenAI's formats of 2026: tool calls, the tool role, content parts, the preference (DPO)
format, the minimum example count, the offending content with each finding; and the jobs path after
OpenAI's self-serve fine-tuning closes (403 training_not_available against tests/fake_openai.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from core.errors import UserInputError
from core.i18n import LANGS, translator
from core.llm.client import make_client
from features.datalab import checks, formats, jobs, parsing
from tests import fake_openai
from tests.apptest import open_page, plain, texts

SYS = {"role": "system", "content": "You book rooms."}
USER = {"role": "user", "content": "A room for Friday, please."}
ANSWER = {"role": "assistant", "content": "Booked: room 4 on Friday."}
CALL = {
    "role": "assistant",
    "content": None,
    "tool_calls": [
        {"id": "call_1", "type": "function", "function": {"name": "book", "arguments": '{"day": "fri"}'}}
    ],
}
RESULT = {"role": "tool", "tool_call_id": "call_1", "content": '{"room": 4}'}
TOOLS = [{"type": "function", "function": {"name": "book", "parameters": {"type": "object"}}}]


def findings(value: dict[str, Any]) -> list[tuple[str, str, str]]:
    record = parsing.Record(1, json.dumps(value), value=value)
    return [(f.severity, f.key, f.field) for f in checks.check_record(record)]


def chat(*messages: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"messages": list(messages), **extra}


def pref(inp: list[dict[str, Any]], good: Any, bad: Any) -> dict[str, Any]:
    return {"input": {"messages": inp}, "preferred_output": good, "non_preferred_output": bad}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # accepted as OpenAI accepts them
        (chat(SYS, USER, CALL, RESULT, ANSWER, tools=TOOLS), []),
        (chat(SYS, USER, CALL, RESULT, ANSWER, tools=TOOLS, parallel_tool_calls=False), []),
        (chat({"role": "developer", "content": "Be brief."}, USER, ANSWER), []),
        (chat(SYS, {"role": "user", "content": [{"type": "text", "text": "Hi"}]}, ANSWER), []),
        (
            chat(
                SYS,
                {
                    "role": "user",
                    "content": [
                        {"type": "text", "text": "What is this?"},
                        {"type": "image_url", "image_url": {"url": "https://example.org/a.png"}},
                    ],
                },
                {"role": "assistant", "content": [{"type": "text", "text": "A cat."}]},
            ),
            [],
        ),
        (pref([SYS, USER], [ANSWER], [{"role": "assistant", "content": "No."}]), []),
        # flagged as OpenAI would refuse them
        (
            chat(
                SYS,
                USER,
                {"role": "assistant", "content": [{"type": "image_url", "image_url": {"url": "x"}}]},
            ),
            [("error", "datalab.f_image_not_user", "messages[2].content[0]")],
        ),
        (
            chat(SYS, USER, {"role": "assistant", "content": [{"type": "audio"}]}),
            [("error", "datalab.f_bad_part", "messages[2].content[0]")],
        ),
        (
            chat(SYS, USER, {"role": "assistant", "content": []}),
            [("error", "datalab.f_empty_content", "messages[2].content")],
        ),
        (
            chat(SYS, {**USER, "tool_calls": CALL["tool_calls"]}, ANSWER),
            [("error", "datalab.f_tool_calls_not_assistant", "messages[1].tool_calls")],
        ),
        (
            chat(SYS, USER, {"role": "assistant", "tool_calls": [{"id": "c", "type": "function"}]}),
            [("error", "datalab.f_bad_tool_call", "messages[2].tool_calls[0]")],
        ),
        (
            chat(
                SYS,
                USER,
                {
                    "role": "assistant",
                    "tool_calls": [
                        {"id": "c", "type": "function", "function": {"name": "f", "arguments": "{day"}}
                    ],
                },
            ),
            [("warning", "datalab.f_tool_args_not_json", "messages[2].tool_calls[0].function.arguments")],
        ),
        (
            chat(SYS, USER, {"role": "tool", "tool_call_id": "call_9", "content": "x"}, ANSWER),
            [("warning", "datalab.f_tool_result_unmatched", "messages[2].tool_call_id")],
        ),
        (
            chat(SYS, USER, {"role": "tool", "content": "x"}, ANSWER),
            [("error", "datalab.f_missing_key", "messages[2].tool_call_id")],
        ),
        (
            pref([SYS, USER], [ANSWER], []),
            [("error", "datalab.f_dpo_output", "non_preferred_output")],
        ),
        (
            pref([SYS, USER, ANSWER], [ANSWER], [ANSWER]),
            [("warning", "datalab.f_dpo_input_ends_assistant", "input.messages")],
        ),
        (
            pref([SYS, USER], [{"role": "user", "content": "x"}], [ANSWER]),
            [("error", "datalab.f_no_assistant", "preferred_output.messages")],
        ),
    ],
)
def test_formats_accepted_or_flagged(value: dict[str, Any], expected: list[tuple[str, str, str]]) -> None:
    assert findings(value) == expected


def _file(*values: dict[str, Any]) -> bytes:
    return "".join(json.dumps(v) + "\n" for v in values).encode()


def test_a_preference_file_is_recognised_and_counted() -> None:
    data = _file(
        *[pref([SYS, USER], [ANSWER], [{"role": "assistant", "content": f"No {i}."}]) for i in range(12)]
    )
    _, report = checks.load_and_analyze(data, checks.ModelCounter("gpt-4o-mini"))
    assert report.format == "preference" and report.ok and report.n_valid == 12
    assert not report.below_minimum
    assert all(e.assistant_tokens > 0 for e in report.examples)


def test_mixed_formats_are_an_error() -> None:
    rows = [chat(SYS, USER, ANSWER)] * 10 + [pref([SYS, USER], [ANSWER], [ANSWER])]
    _, report = checks.load_and_analyze(_file(*rows), checks.ModelCounter("gpt-4o-mini"))
    assert report.format == "chat"
    assert [(f.line, f.key) for f in report.findings if f.severity == "error"] == [
        (11, "datalab.f_mixed_formats")
    ]


@pytest.mark.parametrize(("n", "below"), [(1, True), (9, True), (10, False), (25, False)])
def test_minimum_example_count(n: int, below: bool) -> None:
    rows = [chat(SYS, {"role": "user", "content": f"q{i}"}, ANSWER) for i in range(n)]
    _, report = checks.load_and_analyze(_file(*rows), checks.ModelCounter("gpt-4o-mini"))
    assert report.below_minimum is below
    assert formats.MIN_EXAMPLES_OPENAI == 10


def test_each_finding_shows_the_offending_content() -> None:
    bad_role = chat(SYS, {"role": "customer", "content": "hi"}, ANSWER)
    data = _file(bad_role) + b'{"messages": [oops]}\n'
    _, report = checks.load_and_analyze(data, checks.ModelCounter("gpt-4o-mini"))
    by_line = {(f.line, f.key): f.excerpt for f in report.findings}
    assert by_line[(1, "datalab.f_unknown_role")] == "customer"
    assert by_line[(2, "datalab.f_json_value")] == '{"messages": [oops]}'
    long_line = chat(SYS, USER, {"role": "assistant", "content": "x" * 500, "extra": 1})
    _, report = checks.load_and_analyze(_file(long_line), checks.ModelCounter("gpt-4o-mini"))
    excerpt = next(f.excerpt for f in report.findings if f.key == "datalab.f_unknown_key")
    assert excerpt == "1"
    assert all(len(f.excerpt) <= formats.EXCERPT_CHARS for f in report.findings)


# ------------------------------------------------------------------------------------------ jobs


@pytest.mark.parametrize(
    ("model", "day", "key"),
    [
        ("gpt-4o-mini", date(2026, 12, 1), None),
        ("gpt-4o-mini", date(2027, 1, 6), "datalab.err_training_closed"),
        ("gpt-4.1-nano", date(2026, 12, 1), "datalab.err_not_fine_tunable"),
        ("gpt-6-luna", date(2026, 12, 1), "datalab.err_not_fine_tunable"),
        ("llama-3.1-8b", date(2026, 12, 1), "datalab.err_open_weight_model"),
    ],
)
def test_check_fine_tunable(model: str, day: date, key: str | None) -> None:
    if key is None:
        assert jobs.check_fine_tunable(model, day) == "gpt-4o-mini-2024-07-18"
        return
    with pytest.raises(UserInputError) as info:
        jobs.check_fine_tunable(model, day)
    assert info.value.key == key
    for lang in LANGS:
        assert model in translator(lang)(info.value.key, **info.value.params)


@pytest.fixture
def server() -> Iterator[fake_openai.FakeServer]:
    fake = fake_openai.start()
    try:
        yield fake
    finally:
        fake.close()


@pytest.mark.parametrize("lang", LANGS)
def test_training_not_available_explains_the_closure(server: fake_openai.FakeServer, lang: str) -> None:
    server.job_error = (403, "training_not_available")
    client = make_client(api_key="sk-test", base_url=server.url, timeout_s=5, max_retries=0)
    with pytest.raises(UserInputError) as info:
        jobs.start_job(client, "train.jsonl", _file(chat(SYS, USER, ANSWER)), "gpt-4o-mini-2024-07-18")
    assert info.value.key == "datalab.err_api_training_closed"
    assert info.value.key in jobs.CLOSURE_KEYS
    text = translator(lang)(info.value.key, **info.value.params)  # type: ignore[arg-type]
    assert "2027-01-06" in text and "LoRA" in text
    assert [r.path for r in server.requests] == ["/v1/files", "/v1/fine_tuning/jobs"]


@pytest.mark.parametrize(("file_format", "method"), [("chat", "supervised"), ("preference", "dpo")])
def test_a_job_is_created_when_training_is_available(
    server: fake_openai.FakeServer, file_format: formats.Format, method: str
) -> None:
    client = make_client(api_key="sk-test", base_url=server.url, timeout_s=5, max_retries=0)
    data = _file(chat(SYS, USER, ANSWER))
    job = jobs.start_job(client, "train.jsonl", data, "gpt-4o-mini-2024-07-18", 2, "", file_format)
    assert job.id == "ftjob-fake"
    body = server.requests[-1].body
    assert body["model"] == "gpt-4o-mini-2024-07-18"
    assert body["method"] == {"type": method, method: {"hyperparameters": {"n_epochs": 2}}}


@pytest.mark.parametrize(("lang", "words"), [("en", "open-weight model"), ("de", "Open-Weight-Modell")])
def test_page_points_an_open_weight_model_to_its_routes(lang: str, words: str) -> None:
    at = open_page("pages/datalab.py", lang)
    at.button(key="dl_load_sample").click().run()
    assert not at.exception
    assert at.selectbox(key="dl_model").value == "llama-3.1-8b"  # the default: an active model
    assert words in plain(texts(at))
    links = [link.proto.page for link in at.get("page_link")]
    assert "simulator" in links and "lessons" in links
    assert not at.error  # a note, not an error


def test_page_with_a_closed_model_explains_the_closure(monkeypatch: pytest.MonkeyPatch) -> None:
    from core import lifecycle

    monkeypatch.setattr(lifecycle, "today", lambda: date(2027, 1, 6))
    at = open_page("pages/datalab.py", "en")
    at.selectbox(key="dl_model").set_value("gpt-4o").run()
    at.button(key="dl_load_sample").click().run()
    assert not at.exception
    assert "closed for everybody on 2027-01-06" in plain(texts(at))
