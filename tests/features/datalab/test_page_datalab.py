"""The data lab page (AppTest): good and bad files through every source, findings with line numbers, fixes,
the cost panel and its simulator link, and the job path against a fake OpenAI API on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest
from streamlit.testing.v1 import AppTest

from core import fmt, prices, registry
from core.i18n import LANGS, Lang, translator
from core.llm.history import HistoryEntry, add_history
from core.llm.types import ChatRequest, RunResult, Timing
from features.datalab import checks, jobs, sources, stats
from tests import fake_openai as fake_openai_server
from tests.apptest import open_page, texts
from ui import keys, state

PAGE = "pages/datalab.py"
OPENAI_FT = "gpt-4o-mini"  # deprecated (2027-01-14) but open for jobs on the tests' fixed day

GOOD_LINE = json.dumps(
    {
        "messages": [
            {"role": "system", "content": "Answer briefly."},
            {"role": "user", "content": "What is JSONL?"},
            {"role": "assistant", "content": "One JSON object per line."},
        ]
    }
)
BAD_TEXT = "\n".join(
    [
        GOOD_LINE,
        '{"messages": [',  # 2: invalid JSON
        json.dumps(
            {"messages": [{"role": "bot", "content": "hi"}, {"role": "assistant", "content": "x"}]}
        ),  # 3
        json.dumps({"prompt": "a", "completion": "b"}),  # 4: no messages
    ]
)


def table(at: AppTest, column_key: str, lang: Lang = "en") -> list[dict[str, Any]] | None:
    """Rows of the table that has the column named by the interface string ``column_key`` (None: no table)."""
    column = translator(lang)(column_key)
    rows: list[dict[str, Any]] = []
    found = False
    for frame in [*at.table, *at.dataframe]:  # the findings: a wrapping table, then a grid for the rest
        if column in frame.value.columns:
            found = True
            rows.extend(frame.value.to_dict("records"))
    return rows if found else None


def findings(at: AppTest, lang: Lang = "en") -> list[dict[str, Any]]:
    rows = table(at, "datalab.col_severity", lang)
    assert rows is not None, "no findings table"
    return rows


def line_col(lang: Lang) -> str:
    return translator(lang)("datalab.col_line")


@pytest.mark.parametrize("lang", LANGS)
def test_page_starts_empty_without_exception(lang: Lang) -> None:
    at = open_page(PAGE, lang)
    assert not at.exception, [e.value for e in at.exception]
    tr = translator(lang)
    assert at.title[0].value == tr("datalab.title")
    assert any(i.value == tr("datalab.nothing_loaded") for i in at.info)


@pytest.mark.parametrize("lang", LANGS)
def test_bundled_sample_passes(lang: Lang) -> None:
    tr = translator(lang)
    at = open_page(PAGE, lang)
    at.button(key="dl_load_sample").click().run()
    assert not at.exception, [e.value for e in at.exception]
    model = at.selectbox(key="dl_model").value
    report = checks.load_and_analyze(sources.sample_bytes(lang, "sample"), checks.ModelCounter(model))[1]
    assert any(s.value == tr("datalab.status_ok", n=report.n_valid) for s in at.success)
    assert not at.error
    assert table(at, "datalab.col_severity", lang) is None  # no findings, no table
    # three histograms, each with a summary in words
    assert len(at.get("plotly_chart")) == 3
    captions = [c.value for c in at.caption]
    for summary in (report.messages_per_example(), report.tokens_per_example(), report.assistant_tokens()):
        assert summary is not None
        expected = tr(
            "datalab.summary",
            n=fmt.number(summary.count, lang),
            min=fmt.number(summary.minimum, lang),
            p10=fmt.compact(summary.p10, lang, 1),
            median=fmt.compact(summary.median, lang, 1),
            mean=fmt.compact(summary.mean, lang, 1),
            p90=fmt.compact(summary.p90, lang, 1),
            max=fmt.number(summary.maximum, lang),
        )
        assert expected in captions


@pytest.mark.parametrize("lang", LANGS)
def test_bad_sample_lists_errors_with_line_numbers(lang: Lang) -> None:
    tr = translator(lang)
    at = open_page(PAGE, lang)
    at.button(key="dl_load_bad_sample").click().run()
    assert not at.exception, [e.value for e in at.exception]
    rows = findings(at, lang)
    _, report = checks.load_and_analyze(
        sources.sample_bytes(lang, "bad_sample"), checks.ModelCounter("gpt-4o-mini")
    )
    assert [r[line_col(lang)] for r in rows] == [f.line for f in report.findings]
    errors = [r for r in rows if r[tr("datalab.col_severity")] == tr("datalab.sev_error")]
    assert {r[line_col(lang)] for r in errors} == {2, 3, 4, 5, 6, 8, 11}
    unknown_role = next(r for r in rows if r[tr("datalab.col_field")] == "messages[1].role")
    assert unknown_role[tr("datalab.col_message")] == tr("datalab.f_unknown_role", role="customer")
    assert any(
        e.value == tr("datalab.status_errors", errors=report.n_errors, lines=len(report.error_lines))
        for e in at.error
    )


@pytest.mark.parametrize("lang", LANGS)
def test_pasted_bad_text_is_checked_and_kept(lang: Lang) -> None:
    at = open_page(PAGE, lang)
    at.radio(key="dl_source").set_value("paste").run()
    at.text_area(key="dl_paste").input(BAD_TEXT).run()
    at.button(key="dl_paste_check").click().run()
    assert not at.exception, [e.value for e in at.exception]
    rows = findings(at, lang)
    tr = translator(lang)
    by_line: dict[int, list[str]] = {}
    for r in rows:
        by_line.setdefault(r[line_col(lang)], []).append(r[tr("datalab.col_message")])
    assert sorted(by_line) == [2, 3, 4]
    assert by_line[2] == [tr("datalab.f_json_value", column=15)]
    assert tr("datalab.f_unknown_role", role="bot") in by_line[3]
    assert by_line[4] == [tr("datalab.f_no_messages")]
    assert at.text_area(key="dl_paste").value == BAD_TEXT


@pytest.mark.parametrize("lang", LANGS)
def test_uploaded_good_and_bad_files(lang: Lang) -> None:
    tr = translator(lang)
    at = open_page(PAGE, lang)
    at.radio(key="dl_source").set_value("upload").run()
    at.file_uploader(key="dl_upload").set_value(
        ("good.jsonl", (GOOD_LINE + "\n").encode(), "application/jsonl")
    )
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(s.value == tr("datalab.status_ok", n=1) for s in at.success)
    at.file_uploader(key="dl_upload").set_value(("bad.jsonl", BAD_TEXT.encode(), "application/jsonl"))
    at.run()
    assert not at.exception
    assert {2, 3, 4} <= {r[line_col(lang)] for r in findings(at, lang)}


@pytest.mark.parametrize(
    ("data", "key", "params"),
    [
        (b"", "datalab.err_empty", {}),
        (b"\x00\x01\x02binary", "datalab.err_binary", {}),
        (b'{"a": "\xff"}\n', "datalab.err_not_utf8", {"line": 1, "position": 7}),
    ],
)
def test_unreadable_uploads_get_a_clear_message(data: bytes, key: str, params: dict[str, int]) -> None:
    at = open_page(PAGE, "de")
    at.radio(key="dl_source").set_value("upload").run()
    at.file_uploader(key="dl_upload").set_value(("x.jsonl", data, "application/octet-stream"))
    at.run()
    assert not at.exception
    assert any(e.value == translator("de")(key, **params) for e in at.error)


def test_a_bad_file_does_not_replace_the_loaded_one() -> None:
    at = open_page(PAGE, "en")
    at.button(key="dl_load_sample").click().run()
    at.radio(key="dl_source").set_value("paste").run()
    at.text_area(key="dl_paste").input("   ").run()
    at.button(key="dl_paste_check").click().run()
    assert any(e.value == translator("en")("datalab.err_empty") for e in at.error)
    assert at.session_state["dl_loaded"]["name"] == "sample_en.jsonl"


def test_fixes_on_request_and_side_by_side_counts() -> None:
    tr = translator("en")
    at = open_page(PAGE, "en")
    at.button(key="dl_load_bad_sample").click().run()
    before = at.session_state["dl_loaded"]["data"]
    assert table(at, "datalab.col_fixed") is None  # nothing fixed until asked
    at.button(key="dl_fix_apply").click().run()
    assert not at.exception, [e.value for e in at.exception]
    compare = table(at, "datalab.col_fixed")
    assert compare is not None
    errors_row = next(r for r in compare if r[tr("datalab.col_what")] == tr("datalab.cmp_errors"))
    assert errors_row[tr("datalab.col_original")] == 7 and errors_row[tr("datalab.col_fixed")] == 0
    changes = table(at, "datalab.col_change")
    assert changes is not None
    assert {c[tr("datalab.col_original_line")] for c in changes} >= {2, 3, 7, 10}
    assert at.session_state["dl_loaded"]["data"] == before  # the loaded file is untouched
    assert [b for b in at.get("download_button") if "dl_fix_download" in b.proto.id]
    at.button(key="dl_fix_use").click().run()
    assert not at.exception
    assert at.session_state["dl_loaded"]["name"] == "bad_sample_en_fixed.jsonl"
    assert not at.error


def test_cost_panel_and_simulator_link() -> None:
    tr = translator("en")
    at = open_page(PAGE, "en")
    at.button(key="dl_load_sample").click().run()
    model = at.selectbox(key="dl_model").value
    _, report = checks.load_and_analyze(sources.sample_bytes("en", "sample"), checks.ModelCounter(model))
    est = stats.estimate_cost([e.tokens for e in report.examples], prices.training_price(model).per_mtok)
    billed = next(m for m in at.metric if m.label == tr("datalab.m_billed"))
    assert billed.value == f"{est.billed_tokens:,}"
    links = [p for p in at.get("page_link") if p.proto.label == tr("datalab.open_simulator")]
    assert len(links) == 1
    query = links[0].proto.query_string
    for k, v in stats.simulator_handoff(est, model).query().items():
        assert f"{k}={v}" in query
    # choosing epochs changes the bill
    at.radio(key="dl_epoch_mode").set_value("choose").run()
    at.text_input(key="dl_epochs").input("7").run()
    billed = next(m for m in at.metric if m.label == tr("datalab.m_billed"))
    assert billed.value == f"{est.tokens_per_epoch * 7:,}"


def run_entry(answer: str, user: str, system: str = "Be brief.") -> HistoryEntry:
    """A playground run as the playground records it (``ui.state.add_run``)."""
    result = RunResult("local", "smollm2", answer, 10, 5, "model", Timing(0.1, 0.5, 10.0), None, "stop")
    return HistoryEntry("2026-01-01T00:00:00", "", ChatRequest.from_prompts(system, user), result)


def set_runs(at: AppTest, *entries: HistoryEntry) -> None:
    """What the playground's runs leave in a session (``ui.state.add_run``, read with ``ui.state.runs()``)."""
    history: tuple[HistoryEntry, ...] = ()
    for entry in entries:
        history = add_history(history, entry)
    at.session_state[state._RUNS] = history


def test_playground_history_source() -> None:
    tr = translator("en")
    at = open_page(PAGE, "en")
    at.radio(key="dl_source").set_value("history").run()
    assert any(i.value == tr("datalab.err_history_empty") for i in at.info)
    set_runs(at, run_entry("Hello.", "Hi"), run_entry("See you.", "Bye", system=""))
    at.run()
    at.button(key="dl_history_build").click().run()
    assert not at.exception
    assert at.session_state["dl_loaded"]["name"] == tr("datalab.history_name")
    rows = findings(at)
    assert [(r[tr("datalab.col_line")], r[tr("datalab.col_message")]) for r in rows] == [
        (2, tr("datalab.f_no_system"))
    ]


def test_playground_history_entries_become_examples() -> None:
    """The playground records its runs as HistoryEntry objects; the data lab turns them into examples and
    leaves failed runs (no reply) out."""
    tr = translator("de")
    at = open_page(PAGE, "de")
    set_runs(at, run_entry("Hallo!", "Hallo?"), run_entry("", "Kaputt?"), run_entry("Gut.", "Wie geht's?"))
    at.radio(key="dl_source").set_value("history").run()
    assert any(c.value == tr("datalab.history_found", n=2) for c in at.caption)
    at.button(key="dl_history_build").click().run()
    assert not at.exception
    assert any(s.value == tr("datalab.status_ok", n=2) for s in at.success)


# ------------------------------------------------------------------------------------------ job path


class FakeOpenAI(BaseHTTPRequestHandler):
    requests: ClassVar[list[tuple[str, str, bytes, str]]] = []

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def _reply(self, payload: dict[str, Any], code: int = 200) -> None:
        data = json.dumps(payload).encode()
        self.send_response(code)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _job(self, status: str) -> dict[str, Any]:
        return {
            "id": "ftjob-9", "object": "fine_tuning.job", "created_at": 1_700_000_000, "error": None,
            "fine_tuned_model": None, "finished_at": None, "hyperparameters": {"n_epochs": 3},
            "model": "gpt-4o-mini-2024-07-18", "organization_id": "org", "result_files": [], "seed": 1,
            "status": status, "trained_tokens": None, "training_file": "file-9", "validation_file": None,
        }  # fmt: skip

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length", "0"))
        body = self.rfile.read(length)
        FakeOpenAI.requests.append(("POST", self.path, body, self.headers.get("authorization", "")))
        if self.path == "/v1/files":
            self._reply({"id": "file-9", "object": "file", "bytes": length, "created_at": 1,
                         "filename": "f.jsonl", "purpose": "fine-tune", "status": "uploaded"})  # fmt: skip
        elif self.path == "/v1/fine_tuning/jobs":
            self._reply(self._job("validating_files"))
        elif self.path == "/v1/fine_tuning/jobs/ftjob-9/cancel":
            self._reply(self._job("cancelled"))
        else:
            self._reply({"error": {"message": "nope", "type": "x"}}, 404)

    def do_GET(self) -> None:
        FakeOpenAI.requests.append(("GET", self.path, b"", self.headers.get("authorization", "")))
        if self.path.startswith("/v1/fine_tuning/jobs/ftjob-9/events"):
            self._reply({"object": "list", "has_more": False, "data": [
                {"id": "e1", "object": "fine_tuning.job.event", "created_at": 1_700_000_050, "level": "info",
                 "message": "Files validated"}]})  # fmt: skip
        elif self.path == "/v1/fine_tuning/jobs/ftjob-9":
            self._reply(self._job("running"))
        else:
            self._reply({"error": {"message": "nope", "type": "x"}}, 404)


@pytest.fixture
def fake_openai(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[FakeOpenAI]]:
    FakeOpenAI.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOpenAI)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    # The page always aims at jobs.OPENAI_BASE_URL; point that at the fake. The host's environment points
    # somewhere else on purpose: the SDK must never use it (nor the environment's key).
    monkeypatch.setattr(jobs, "OPENAI_BASE_URL", f"http://127.0.0.1:{server.server_port}/v1")
    trap = fake_openai_server.start()
    monkeypatch.setenv("OPENAI_BASE_URL", trap.url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-host-env-key")
    try:
        yield FakeOpenAI
    finally:
        server.shutdown()
        server.server_close()
        trap.close()
        assert trap.requests == [], "a request went where the environment pointed"


def test_job_needs_key_and_confirmation_then_runs_and_cancels(fake_openai: type[FakeOpenAI]) -> None:
    tr = translator("en")
    at = open_page(PAGE, "en")
    at.selectbox(key="dl_model").set_value(OPENAI_FT).run()  # an OpenAI model that can be fine-tuned
    at.button(key="dl_load_sample").click().run()
    assert at.button(key="dl_job_start").disabled  # no key, no confirmation
    at.text_input(key="dl_api_key").input("sk-local-test").run()
    assert at.button(key="dl_job_start").disabled  # still not confirmed
    assert fake_openai.requests == []
    at.checkbox(key="dl_job_confirm").check().run()
    at.button(key="dl_job_start").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [(m, p) for m, p, _, _ in fake_openai.requests] == [
        ("POST", "/v1/files"),
        ("POST", "/v1/fine_tuning/jobs"),
    ]
    assert all(auth == "Bearer sk-local-test" for *_, auth in fake_openai.requests)
    assert sources.sample_bytes("en", "sample") in fake_openai.requests[0][2]
    created = json.loads(fake_openai.requests[1][2])
    model = at.selectbox(key="dl_model").value
    assert created["model"] == next(r.snapshot for r in prices.load_finetune_table() if r.model == model)
    assert created["training_file"] == "file-9"
    assert "ftjob-9" in texts(at)

    at.button(key="dl_job_refresh").click().run()
    assert tr("datalab.job_state_running") in texts(at)
    events = table(at, "datalab.col_level")
    assert events is not None
    assert events[0][tr("datalab.col_message")] == "Files validated"

    assert at.button(key="dl_job_cancel").disabled
    at.checkbox(key="dl_job_cancel_confirm").check().run()
    at.button(key="dl_job_cancel").click().run()
    assert fake_openai.requests[-1][:2] == ("POST", "/v1/fine_tuning/jobs/ftjob-9/cancel")
    assert tr("datalab.job_state_cancelled") in texts(at)
    # the key is only in this session's widget state, never in the job record
    assert "sk-local-test" not in repr(at.session_state["dl_job"])


def test_job_error_is_shown_localized(fake_openai: type[FakeOpenAI]) -> None:
    at = open_page(PAGE, "de")
    at.selectbox(key="dl_model").set_value(OPENAI_FT).run()  # an OpenAI model that can be fine-tuned
    at.button(key="dl_load_sample").click().run()
    at.text_input(key="dl_api_key").input("sk-local-test").run()
    at.text_input(key="dl_job_suffix").input("bad suffix!").run()
    at.checkbox(key="dl_job_confirm").check().run()
    at.button(key="dl_job_start").click().run()
    assert not at.exception
    assert any(e.value == translator("de")("datalab.err_suffix", max=64) for e in at.error)
    assert fake_openai.requests == []


# ------------------------------------------------------------------------------------------ the session's key
# One key field (ui.keys): a key typed in the playground is the one the data lab uses, in that session only.
PLAYGROUND = registry.page("playground").file


def _key_typed_in_the_playground(key: str) -> AppTest:
    at = open_page(PLAYGROUND, "en")
    at.radio(key="pg_a_kind").set_value("openai").run()
    at.text_input(key="pg_openai_key").input(key).run()
    assert not at.exception
    at.switch_page(PAGE).run()
    return at


def test_a_key_typed_in_the_data_lab_is_the_sessions_openai_key() -> None:
    at = open_page(PAGE, "en")
    at.selectbox(key="dl_model").set_value(OPENAI_FT).run()  # an OpenAI model that can be fine-tuned
    at.button(key="dl_load_sample").click().run()
    at.text_input(key="dl_api_key").input("sk-typed-here").run()
    assert not at.exception
    assert at.session_state[keys._STORE] == {"openai": "sk-typed-here"}
    assert at.button(key="dl_job_start").disabled  # not confirmed yet
    at.checkbox(key="dl_job_confirm").check().run()
    assert not at.button(key="dl_job_start").disabled  # key and confirmation: ready
    # another page and back: the field shows the key again (Streamlit forgot the widget, ui.keys did not)
    at.switch_page(registry.page(registry.DEFAULT_PAGE).file).run()
    at.switch_page(PAGE).run()
    at.button(key="dl_load_sample").click().run()
    assert at.text_input(key="dl_api_key").value == "sk-typed-here"


def test_the_key_typed_in_the_playground_is_the_data_labs_and_no_other_sessions() -> None:
    at = _key_typed_in_the_playground("sk-from-playground")
    at.selectbox(key="dl_model").set_value(OPENAI_FT).run()  # an OpenAI model that can be fine-tuned
    at.button(key="dl_load_sample").click().run()
    assert not at.exception
    assert at.text_input(key="dl_api_key").value == "sk-from-playground"
    at.checkbox(key="dl_job_confirm").check().run()
    assert not at.button(key="dl_job_start").disabled  # the key counts as entered
    at.text_input(key="dl_api_key").input("sk-changed-here").run()  # and back: one key, wherever typed
    at.switch_page(PLAYGROUND).run()
    assert at.text_input(key="pg_openai_key").value == "sk-changed-here"
    other = open_page(PLAYGROUND, "en")  # a second session sees neither field filled
    other.radio(key="pg_a_kind").set_value("openai").run()
    assert other.text_input(key="pg_openai_key").value == ""
    other.switch_page(PAGE).run()
    other.button(key="dl_load_sample").click().run()
    assert other.text_input(key="dl_api_key").value == ""
    assert not other.session_state[keys._STORE].get("openai")


def test_the_job_client_uses_the_sessions_key(fake_openai: type[FakeOpenAI]) -> None:
    at = _key_typed_in_the_playground(" sk-from-playground ")
    at.selectbox(key="dl_model").set_value(OPENAI_FT).run()  # an OpenAI model that can be fine-tuned
    at.button(key="dl_load_sample").click().run()
    at.checkbox(key="dl_job_confirm").check().run()
    at.button(key="dl_job_start").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [auth for *_, auth in fake_openai.requests] == ["Bearer sk-from-playground"] * 2
