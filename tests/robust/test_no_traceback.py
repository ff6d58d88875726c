"""Regression tests for the failures that put a traceback on the page (issue 15): each now shows a localized
message and keeps the input. Also the crash boundary (a page that raises on purpose, in this test only) and
Streamlit's error-detail setting."""

from __future__ import annotations

import json
import logging
import tomllib
from collections.abc import Iterator

import pytest
import streamlit as st

from core.i18n import LANGS, Lang, translator
from core.paths import ROOT
from features.glossary import page as glossary_page
from tests import fake_openai
from tests.apptest import open_page, plain, texts
from ui import state as ui_state

GOOD = {"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}]}
SURROGATE_LINE = (
    '{"messages": [{"role": "user", "content": "bad \\ud800 here"}, {"role": "assistant", "content": "x"}]}'
)
SURROGATE_JSONL = json.dumps(GOOD) + "\n" + SURROGATE_LINE + "\n" + json.dumps(GOOD) + "\n"


@pytest.fixture(scope="module")
def fake() -> Iterator[fake_openai.FakeServer]:
    server = fake_openai.start()
    yield server
    server.close()


def _no_exception(at: object) -> None:
    assert not at.exception, [e.value for e in at.exception]  # type: ignore[attr-defined]


def _messages(at: object) -> list[str]:
    rows: list[str] = []
    for frame in [*at.table, *at.dataframe]:  # type: ignore[attr-defined]
        for record in frame.value.to_dict("records"):
            rows.extend(str(v) for v in record.values())
    return rows


# ------------------------------------------------------------------------------------- data lab: surrogates
@pytest.mark.parametrize("lang", LANGS)
def test_pasted_jsonl_with_a_lone_surrogate_escape_is_a_finding(lang: Lang) -> None:
    tr = translator(lang)
    at = open_page("pages/datalab.py", lang)
    at.radio(key="dl_source").set_value("paste").run()
    at.text_area(key="dl_paste").input(SURROGATE_JSONL).run()
    at.button(key="dl_paste_check").click().run()
    _no_exception(at)
    column = SURROGATE_LINE.find("\\ud800") + 1
    assert tr("datalab.f_json_surrogate", column=column) in _messages(at)
    assert at.text_area(key="dl_paste").value == SURROGATE_JSONL


@pytest.mark.parametrize("lang", LANGS)
def test_uploaded_jsonl_with_lone_surrogate_escapes_is_a_finding(lang: Lang) -> None:
    tr = translator(lang)
    at = open_page("pages/datalab.py", lang)
    at.radio(key="dl_source").set_value("upload").run()
    data = SURROGATE_JSONL.replace("\\ud800", "\\uDFFF").encode()
    at.file_uploader(key="dl_upload").set_value(("s.jsonl", data, "application/jsonl")).run()
    _no_exception(at)
    column = SURROGATE_LINE.find("\\ud800") + 1
    assert tr("datalab.f_json_surrogate", column=column) in _messages(at)


def test_a_widget_cannot_carry_a_raw_lone_surrogate() -> None:
    """Why the page tests feed surrogates as JSON escapes and bytes: widget values travel as protobuf strings
    (UTF-8), which cannot hold a lone surrogate, neither from a browser nor from AppTest. The paste path still
    cleans its text (``core.text.clean``) in case one arrives by another way."""
    at = open_page("pages/datalab.py", "en")
    at.radio(key="dl_source").set_value("paste").run()
    with pytest.raises(UnicodeEncodeError):
        at.text_area(key="dl_paste").input("a\ud800").run()


# ------------------------------------------------------------------------------------ playground: API keys
def _use_server(at: object, url: str, key: str) -> None:
    # a hosted session (AppTest has no browser connection) reaches a loopback server only when listed
    at.secrets["playground"] = {"allow_custom_servers": True, "allowed_server_urls": [url]}  # type: ignore[attr-defined]
    at.radio(key="pg_a_kind").set_value("server").run()  # type: ignore[attr-defined]
    at.text_input(key="pg_server_url").input(url)  # type: ignore[attr-defined]
    at.text_input(key="pg_a_server_model").input("echo")  # type: ignore[attr-defined]
    at.text_input(key="pg_server_key").input(key).run()  # type: ignore[attr-defined]


def _send(at: object, user: str) -> None:
    at.text_area(key="pg_user").input(user)  # type: ignore[attr-defined]
    at.button(key="pg_run").click().run(timeout=60)  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", LANGS)
def test_a_key_with_a_zero_width_space_is_sent_without_it(lang: Lang, fake: fake_openai.FakeServer) -> None:
    at = open_page("pages/playground.py", lang)
    _use_server(at, fake.url, "\u200bsk-copied\u200b")
    before = len(fake.requests)
    _send(at, "hello")
    _no_exception(at)
    assert not at.error, [e.value for e in at.error]
    assert fake.requests[before].authorization == "Bearer sk-copied"


@pytest.mark.parametrize("lang", LANGS)
def test_a_key_with_an_umlaut_gets_a_message_on_every_backend(
    lang: Lang, fake: fake_openai.FakeServer
) -> None:
    tr = translator(lang)
    expected = tr("llm.err_key_chars", char="U+00E4 (LATIN SMALL LETTER A WITH DIAERESIS)", position=4)
    at = open_page("pages/playground.py", lang)
    _use_server(at, fake.url, "sk-äbc")
    assert plain(expected) in [plain(e.value) for e in at.error]  # shown under the field at once
    before = len(fake.requests)
    _send(at, "keep me")
    _no_exception(at)
    assert plain(expected) in [plain(e.value) for e in at.error]
    assert len(fake.requests) == before  # nothing was sent
    assert at.text_area(key="pg_user").value == "keep me"
    # OpenAI itself: refused while the client is built, before any connection
    at.radio(key="pg_a_kind").set_value("openai").run()
    at.text_input(key="pg_openai_key").input("sk-ö\u200b").run()
    _send(at, "again")
    _no_exception(at)
    assert plain(
        tr("llm.err_key_chars", char="U+00F6 (LATIN SMALL LETTER O WITH DIAERESIS)", position=4)
    ) in [plain(e.value) for e in at.error]


# ------------------------------------------------------------------------------------------ crash boundary
PROBE = "glossary_probe"


def _raising_page() -> None:
    """A page that raises on purpose when its field says so (a stand-in for a page's bug). Like every
    page it starts with ``ui.state.tr()``, which puts it inside app.py's navigation."""
    ui_state.tr()
    st.text_input("probe", key=PROBE)
    if st.session_state.get(PROBE) == "boom":
        raise RuntimeError("/srv/secret/path/app.py exploded")
    st.text_input("after", key="glossary_after")


@pytest.mark.parametrize("lang", LANGS)
def test_the_crash_boundary_shows_a_reference_keeps_inputs_and_logs_the_traceback(
    lang: Lang, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(glossary_page, "render", _raising_page)
    at = open_page("pages/glossary.py", lang)
    at.text_input(key="glossary_after").input("typed below").run()
    with caplog.at_level(logging.ERROR, logger="prompt_or_finetune"):
        at.text_input(key=PROBE).input("boom").run()
    _no_exception(at)
    errors = [e.value for e in at.error]
    assert len(errors) == 1
    record = next(r for r in caplog.records if "unexpected error" in r.getMessage())
    ref = record.args[0] if isinstance(record.args, tuple) else ""
    assert errors[0] == translator(lang)("common.page_crashed", ref=ref)
    assert record.exc_info is not None and "exploded" in str(record.exc_info[1])
    assert "/srv/secret" not in texts(at) and "Traceback" not in texts(at)
    assert at.text_input(key=PROBE).value == "boom"
    # the field below the failure was not drawn in that run; its value comes back once the page works again
    at.text_input(key=PROBE).input("fine").run()
    _no_exception(at)
    assert not at.error
    assert at.text_input(key="glossary_after").value == "typed below"
    assert at.sidebar  # the sidebar (language, progress) is still drawn after the page


def test_streamlit_never_shows_error_details() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"


def test_the_simulator_fragment_has_its_own_boundary(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A slider's rerun runs only the simulator's fragment, not app.py: the fragment is guarded as well."""
    from features.simulator import page as sim_page

    def broken(*_: object) -> None:
        raise ZeroDivisionError("/srv/app/features/simulator/page.py")

    at = open_page("pages/simulator.py", "en")
    monkeypatch.setattr(sim_page, "_inputs", broken)
    with caplog.at_level(logging.ERROR, logger="prompt_or_finetune"):
        at.run()
    _no_exception(at)
    record = next(r for r in caplog.records if "unexpected error" in r.getMessage())
    ref = record.args[0] if isinstance(record.args, tuple) else ""
    assert [e.value for e in at.error] == [translator("en")("common.page_crashed", ref=ref)]
    assert at.title  # the page's header (outside the fragment) is still there


def test_a_failing_widget_callback_shows_the_message_with_its_reference(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Callbacks run before the script, outside the page's boundary: ``ui.boundary.callback`` catches them,
    and the run they start shows the localized message."""
    from features.tokens import page as tokens_page

    def broken() -> None:
        raise KeyError("/srv/app/features/tokens/page.py")

    monkeypatch.setattr(tokens_page, "_on_mode", broken)
    at = open_page("pages/tokens.py", "en")
    assert at.radio(key="tok_mode").value == "text"
    with caplog.at_level(logging.ERROR, logger="prompt_or_finetune"):
        at.radio(key="tok_mode").set_value("chat").run()
    _no_exception(at)
    record = next(r for r in caplog.records if "unexpected error" in r.getMessage())
    ref = record.args[0] if isinstance(record.args, tuple) else ""
    assert translator("en")("common.page_crashed", ref=ref) in [e.value for e in at.error]
    assert "/srv/app" not in texts(at)
    at.run()  # shown once
    assert translator("en")("common.page_crashed", ref=ref) not in [e.value for e in at.error]


def test_every_widget_callback_goes_through_the_boundary() -> None:
    import re

    unguarded = []
    for path in [*(ROOT / "features").rglob("*.py"), *(ROOT / "ui").rglob("*.py")]:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for m in re.finditer(r"\bon_(?:change|click|select)=([^,)\s]+)", line):
                value = m.group(1)
                if (
                    value.startswith(('"', "'", "boundary.callback(", "on_change", "on_click"))
                    or value == "None"
                ):
                    continue
                unguarded.append(f"{path.relative_to(ROOT)}:{n}: {m.group(0)}")
    assert unguarded == []
