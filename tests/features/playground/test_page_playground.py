"""The playground page in AppTest: deep links, builder, errors that keep the input, escaping, the fake
OpenAI-compatible server, owner settings from secrets, and two sessions that never share a key."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from core.i18n import translator
from core.llm import history as runlog
from tests import fake_openai
from tests.apptest import APP, open_page, plain, texts
from ui import state as ui_state

PAGE = "pages/playground.py"
RUNS = ui_state._RUNS  # the session's model runs (ui.state.runs()), formerly "pg_history"


@pytest.fixture(scope="module")
def fake() -> Iterator[fake_openai.FakeServer]:
    server = fake_openai.start()
    yield server
    server.close()


def _protos(at: AppTest) -> str:
    """Every element of the rendered page, as protobuf text (includes widget values and code blocks)."""
    parts: list[str] = []

    def walk(node: object) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(parts)


def _use_server(at: AppTest, url: str, model: str, key: str | None = None) -> None:
    # AppTest has no browser connection, so the page cannot know it runs locally: the owner allows servers,
    # and lists this one (a hosted session reaches a loopback address only through the allow-list).
    section: dict[str, object] = {"allow_custom_servers": True}
    if url.startswith("http"):
        section["allowed_server_urls"] = [url]
    at.secrets["playground"] = section
    at.radio(key="pg_a_kind").set_value("server").run()
    at.text_input(key="pg_server_url").input(url)
    at.text_input(key="pg_a_server_model").input(model)
    if key is not None:
        at.text_input(key="pg_server_key").input(key)
    at.run()


def _send(at: AppTest, user: str, system: str = "") -> None:
    at.text_area(key="pg_system").input(system)
    at.text_area(key="pg_user").input(user)
    at.button(key="pg_run").click().run(timeout=60)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_page_says_honestly_that_the_builtin_model_is_tiny(lang: str) -> None:
    at = open_page(PAGE, lang)
    assert not at.exception
    assert "SmolLM2-135M" in at.info[0].value
    assert at.radio(key="pg_mode").value == "single"
    assert at.radio(key="pg_a_kind").value == "local"


@pytest.mark.parametrize(
    ("lang", "naive"), [("de", "Schreib einen Text über KI."), ("en", "Write a text about AI.")]
)
def test_pair_query_opens_compare_mode_with_the_article_pair(lang: str, naive: str) -> None:
    at = open_page(PAGE, lang, pair="article")
    assert not at.exception
    assert at.radio(key="pg_mode").value == "compare"
    assert at.text_area(key="pg_cmp_user_a").value == naive
    engineered = at.text_area(key="pg_cmp_user_b").value
    assert "300" in engineered and len(engineered) > 3 * len(naive)
    assert at.text_area(key="pg_cmp_sys_b").value
    # a later edit is not overwritten by the query on the next rerun
    at.text_area(key="pg_cmp_user_a").input("my own version").run()
    assert at.text_area(key="pg_cmp_user_a").value == "my own version"


def test_unknown_pair_gets_a_message() -> None:
    at = open_page(PAGE, "en", pair="nope")
    assert not at.exception
    assert any("nope" in w.value for w in at.warning)


def test_builder_query_and_blocks_change_prompt_and_token_count() -> None:
    at = open_page(PAGE, "en", mode="builder")
    assert not at.exception
    assert at.radio(key="pg_mode").value == "builder"
    tokens_all = int(at.metric[0].value.replace(",", ""))
    assert "technology journalist" in at.code[0].value  # the role is the system prompt
    at.checkbox(key="pg_bon_role").uncheck()
    at.checkbox(key="pg_bon_constraints").uncheck().run()
    tokens_fewer = int(at.metric[0].value.replace(",", ""))
    assert 0 < tokens_fewer < tokens_all
    assert at.code[0].value == "—"
    assert "jargon" not in at.code[1].value
    assert at.metric[0].delta == f"-{tokens_all - tokens_fewer}"


def test_builder_template_with_examples_and_use_in_playground() -> None:
    at = open_page(PAGE, "en", mode="builder")
    at.selectbox(key="pg_tpl").set_value("classify").run()
    at.button(key="pg_load_tpl").click().run()
    assert "I love how light this laptop is. -> positive" in at.text_area(key="pg_btxt_examples").value
    user = at.code[1].value
    assert "Examples:" in user and "Output: negative" in user
    at.text_area(key="pg_btxt_examples").input("no arrow here").run()
    assert any("line 1" in e.value for e in at.error)  # bad example line: clear message, text kept
    assert at.text_area(key="pg_btxt_examples").value == "no arrow here"
    at.text_area(key="pg_btxt_examples").input("a -> b").run()
    at.button(key="pg_use_built").click().run()
    assert at.radio(key="pg_mode").value == "single"
    assert "Output: b" in at.text_area(key="pg_user").value
    assert at.text_area(key="pg_system").value == "You sort customer feedback for a product team."


def test_inputs_and_keys_survive_a_visit_to_another_page(fake: fake_openai.FakeServer) -> None:
    """Inputs are kept by ui.state.keep_widgets, the two keys by ui.keys (this session only)."""
    openai_key, server_key = "sk-kept-openai-SECRET-4", "sk-kept-server-SECRET-5"
    at = open_page(PAGE, "en")
    at.radio(key="pg_a_kind").set_value("openai").run()
    at.text_input(key="pg_openai_key").input(openai_key).run()
    _use_server(at, fake.url, "echo", key=server_key)
    at.text_area(key="pg_system").input("Be brief.")
    at.text_area(key="pg_user").input("still here?")
    at.slider(key="pg_temperature").set_value(0.3).run()
    at.switch_page("pages/home.py").run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert (at.text_area(key="pg_system").value, at.text_area(key="pg_user").value) == (
        "Be brief.",
        "still here?",
    )
    assert at.slider(key="pg_temperature").value == 0.3
    assert at.radio(key="pg_a_kind").value == "server"
    assert at.text_input(key="pg_server_key").value == server_key
    assert at.text_input(key="pg_server_url").value == fake.url
    n = len(fake.requests)
    at.button(key="pg_run").click().run(timeout=60)
    assert fake.requests[n].authorization == f"Bearer {server_key}"
    at.radio(key="pg_a_kind").set_value("openai").run()
    assert at.text_input(key="pg_openai_key").value == openai_key


def test_empty_prompt_error_keeps_the_input() -> None:
    at = open_page(PAGE, "en")
    _send(at, user="   ", system="You are a pirate.")
    assert not at.exception
    assert any("prompt is empty" in e.value for e in at.error)
    assert at.text_area(key="pg_system").value == "You are a pirate."


def test_server_output_is_escaped_and_tokens_marked_estimated(fake: fake_openai.FakeServer) -> None:
    at = open_page(PAGE, "en")
    _use_server(at, fake.url, "html")
    _send(at, user="show me html")
    assert not at.exception
    shown = "\n".join(m.value for m in at.markdown)
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in shown
    assert "<script>" not in shown and "<b>" not in shown
    assert any("estimate" in c.value for c in at.caption)
    assert any("Cost: not known" in c.value for c in at.caption)
    history = at.session_state[RUNS]
    assert len(history) == 1 and history[0].result.text == "".join(fake_openai.HTML_REPLY)


@pytest.mark.parametrize(
    ("model", "message"),
    [
        ("status-401", "rejected (HTTP 401)"),
        ("status-429", "HTTP 429"),
        ("status-500", "HTTP 500"),
        ("status-404", "does not know the model"),
    ],
)
def test_server_errors_are_shown_and_the_prompt_stays(
    fake: fake_openai.FakeServer, model: str, message: str
) -> None:
    at = open_page(PAGE, "en")
    _use_server(at, fake.url, model)
    _send(at, user="keep me", system="and me")
    assert not at.exception
    assert any(message in e.value for e in at.error), [e.value for e in at.error]
    assert at.text_area(key="pg_user").value == "keep me"
    assert at.text_area(key="pg_system").value == "and me"


def test_unreachable_server_in_german() -> None:
    at = open_page(PAGE, "de")
    url = f"http://127.0.0.1:{fake_openai.free_port()}/v1"
    _use_server(at, url, "echo")
    _send(at, user="Hallo")
    assert any("nicht erreichbar" in e.value and url in plain(e.value) for e in at.error)


def test_bad_url_scheme_is_refused(fake: fake_openai.FakeServer) -> None:
    at = open_page(PAGE, "en")
    before = len(fake.requests)
    _use_server(at, "file:///etc/passwd", "echo")
    _send(at, user="hi")
    assert any("Only http:// and https://" in e.value for e in at.error)
    assert len(fake.requests) == before


def test_owner_can_switch_custom_servers_off(fake: fake_openai.FakeServer) -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    at.secrets["playground"] = {"allow_custom_servers": False}
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page(PAGE).run()
    at.radio(key="pg_a_kind").set_value("server").run()
    assert at.text_input(key="pg_server_url").disabled
    assert any("switched own servers off" in i.value for i in at.info)
    before = len(fake.requests)
    at.text_area(key="pg_user").input("hi")
    at.button(key="pg_run").click().run()
    assert any("switched off on this deployment" in e.value for e in at.error)
    assert len(fake.requests) == before


def _owner_key_session(key: str) -> AppTest:
    """The playground with the owner's workshop key chosen (50 output tokens, 1,000 per session)."""
    at = AppTest.from_file(APP, default_timeout=30)
    at.secrets["openai"] = {"api_key": key}
    at.secrets["workshop"] = {"max_output_tokens": 50, "session_tokens": 1000}
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page(PAGE).run()
    at.radio(key="pg_a_kind").set_value("openai").run()
    at.radio(key="pg_key_source").set_value("owner").run()
    return at


def test_workshop_caps_refuse_before_any_call() -> None:
    at = _owner_key_session("sk-owner-SECRET-777")
    # no key field (the only text field is the output limit): the owner's key is never shown or sent
    assert [w.key for w in at.main.text_input] == ["pg_max_tokens"]
    assert any("1,000 tokens" in c.value for c in at.caption)
    _send(at, user="hi")  # 256 output tokens requested
    assert any("at most 50" in e.value for e in at.error), [e.value for e in at.error]
    at.text_input(key="pg_max_tokens").input("50").run()
    at.text_area(key="pg_user").input("word " * 2000)
    at.button(key="pg_run").click().run()
    assert any("only 1,000 are left" in plain(e.value) for e in at.error), [e.value for e in at.error]
    assert "sk-owner-SECRET-777" not in _protos(at)
    assert all("SECRET" not in repr(v) for v in at.session_state.to_dict().values())


def _cached_values() -> list[object]:
    """Everything in Streamlit's process-wide caches: st.cache_resource values and st.cache_data entries."""
    from streamlit.runtime.caching.cache_data_api import _data_caches
    from streamlit.runtime.caching.cache_resource_api import _resource_caches

    values: list[object] = []
    for caches in _resource_caches._function_caches.values():
        for cache in caches.values():
            values.extend(result.value for result in list(cache._mem_cache.values()))
    for per_session in list(_data_caches._function_caches.values()):
        for data_cache in list(per_session.values()):
            mem = data_cache.storage._mem_cache
            values.extend(list(mem.values()))  # pickled bytes: a key inside would show up as its text
    return values


def _contains(obj: object, needle: str, depth: int = 0, seen: set[int] | None = None) -> bool:
    seen = set() if seen is None else seen
    if id(obj) in seen or depth > 4:
        return False
    seen.add(id(obj))
    if isinstance(obj, str | bytes):
        return needle in (obj if isinstance(obj, str) else obj.decode(errors="ignore"))
    if isinstance(obj, dict):
        return any(
            _contains(k, needle, depth + 1, seen) or _contains(v, needle, depth + 1, seen)
            for k, v in obj.items()
        )
    if isinstance(obj, list | tuple | set | frozenset):
        return any(_contains(v, needle, depth + 1, seen) for v in obj)
    attrs = getattr(obj, "__dict__", None)
    return attrs is not None and _contains(attrs, needle, depth + 1, seen)


def test_two_sessions_never_share_a_key(
    fake: fake_openai.FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    openai_key, server_key = "sk-alpha-openai-SECRET-1", "sk-alpha-server-SECRET-2"
    monkeypatch.setenv("OPENAI_API_KEY", "sk-host-env-SECRET-3")  # must never be used as a fallback
    first = open_page(PAGE, "en")
    second = open_page(PAGE, "en")

    first.radio(key="pg_a_kind").set_value("openai").run()
    first.text_input(key="pg_openai_key").input(openai_key).run()
    _use_server(first, fake.url, "echo", key=server_key)
    n = len(fake.requests)
    _send(first, user="hello from one")
    assert fake.requests[n].authorization == f"Bearer {server_key}"

    _use_server(second, fake.url, "echo")
    n = len(fake.requests)
    _send(second, user="hello from two")
    assert not second.exception
    assert fake.requests[n].authorization == "Bearer not-needed"  # never the first session's key

    # the second session has no OpenAI key: it gets the message, not the first session's (or the host's) key
    second.radio(key="pg_a_kind").set_value("openai").run()
    assert second.text_input(key="pg_openai_key").value == ""
    n = len(fake.requests)
    _send(second, user="hello again from two")
    assert any(e.value == translator("en")("llm.err_no_key") for e in second.error)
    assert len(fake.requests) == n

    state = second.session_state.to_dict()
    assert all("SECRET" not in repr(v) for v in state.values())
    assert "SECRET" not in _protos(second)
    assert "SECRET" not in str(second.query_params) and "SECRET" not in str(first.query_params)
    # the first session's own exports, code snippets and history carry no key either
    first_history = first.session_state[RUNS]
    assert "SECRET" not in runlog.history_jsonl(first_history)
    assert all("SECRET" not in c.value for c in first.code)
    assert all("SECRET" not in repr(e) for e in first_history)
    assert not any(_contains(v, "SECRET-1") or _contains(v, "SECRET-2") for v in _cached_values())
    assert all("SECRET-1" not in v and "SECRET-2" not in v for v in os.environ.values())


@pytest.mark.llm
def test_local_model_runs_in_the_page_and_is_shared_without_keys() -> None:
    at = open_page(PAGE, "en")
    at.radio(key="pg_a_kind").set_value("openai").run()
    at.text_input(key="pg_openai_key").input("sk-local-SECRET-9").run()
    at.radio(key="pg_a_kind").set_value("local").run()
    at.text_input(key="pg_max_tokens").input("8")
    at.slider(key="pg_temperature").set_value(0.0)
    _send(at, user="Name a colour.")
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert any("model's tokenizer" in c and "Cost: $0 (runs right here)" in c for c in captions)
    history = at.session_state[RUNS]
    assert len(history) == 1 and history[0].result.output_tokens <= 8
    record = json.loads(runlog.history_jsonl(history))
    assert [m["role"] for m in record["messages"]] == ["user", "assistant"]
    assert any("llama_cpp.server" in c.value for c in at.code)  # "Show code" for the built-in model
    cached = _cached_values()
    assert any(type(v).__name__ == "LocalModel" for v in cached)
    assert not any(_contains(v, "SECRET") for v in cached)


@pytest.mark.llm
def test_compare_mode_runs_both_variants_with_the_local_model() -> None:
    at = open_page(PAGE, "de", pair="article")
    at.text_input(key="pg_max_tokens").input("6").run()
    at.button(key="pg_run_both").click().run(timeout=90)
    assert not at.exception
    results = at.session_state["pg_results"]
    assert set(results) == {"A", "B"}
    entry_a, entry_b = results["A"][0], results["B"][0]
    assert entry_a.request.user == "Schreib einen Text über KI."
    assert entry_b.result.prompt_tokens > entry_a.result.prompt_tokens
    assert len(at.session_state[RUNS]) == 2
    assert "Token/s" in texts(at)


def test_without_the_builtin_model_the_page_says_how_to_enable_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from core.llm import local

    monkeypatch.setattr(local, "_package_dir", lambda module: None)
    at = open_page(PAGE, "en")
    assert not at.exception
    assert at.radio(key="pg_a_kind").value == "openai"  # offers a key (or a server) instead
    at.radio(key="pg_a_kind").set_value("local").run()
    assert any("python -m pip install -r requirements-local.txt" in w.value for w in at.warning)
    _send(at, user="hi")
    assert any("not installed" in e.value for e in at.error)
    assert at.text_area(key="pg_user").value == "hi"


def test_the_session_budget_is_the_one_in_the_database() -> None:
    """Tokens another replica booked for this session count here too (AppTest names every session
    "test session id"); a request that no longer fits is refused before any call."""
    from core.llm.caps import WorkshopCaps
    from ui import llm as ui_llm

    caps = WorkshopCaps(session_tokens=1000, max_output_tokens=50)
    ui_llm.app_ledger().reserve(caps, 0.0001, session="test session id", tokens=960)
    at = _owner_key_session("sk-owner-SECRET-778")
    assert any("40 tokens" in c.value for c in at.caption), [c.value for c in at.caption]
    at.text_input(key="pg_max_tokens").input("50").run()
    _send(at, user="hi")
    assert any("only 40 are left" in plain(e.value) for e in at.error), [e.value for e in at.error]
    assert ui_llm.app_ledger().session_usage("test session id")[0] == 960  # nothing more booked
