"""The current API: model-aware parameters (checked in the body the fake server received), reasoning tokens
shown and priced, and "Show code" snippets that run as shown (Responses API for OpenAI, Chat Completions for
compatible servers) against tests/fake_openai.py."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from core import prices
from core.llm import metrics, remote, snippet
from core.llm.types import ChatRequest, run_to_end
from tests import fake_openai

PROMPT = ChatRequest.from_prompts("Be brief.", "Say hi.", temperature=0.3, top_p=0.9, max_tokens=50)


@pytest.fixture
def server() -> Iterator[fake_openai.FakeServer]:
    fake = fake_openai.start()
    try:
        yield fake
    finally:
        fake.close()


def _backend(server: fake_openai.FakeServer, model: str, kind: str = "openai") -> remote.OpenAIBackend:
    return remote.OpenAIBackend(model=model, api_key="sk-test", base_url=server.url, kind=kind, max_retries=0)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("model", "kind", "effort", "sent"),
    [
        # GPT-6: sampling only with reasoning effort "none"
        ("gpt-6-luna", "openai", "none", {"reasoning_effort": "none", "temperature": 0.3, "top_p": 0.9}),
        ("gpt-6-luna", "openai", "high", {"reasoning_effort": "high"}),
        ("gpt-6-sol", "openai", None, {"reasoning_effort": "none", "temperature": 0.3, "top_p": 0.9}),
        ("gpt-6-luna", "openai", "minimal", {"reasoning_effort": "none", "temperature": 0.3, "top_p": 0.9}),
        # GPT-5 and o3: never sampling; their own efforts
        ("gpt-5-mini", "openai", "none", {"reasoning_effort": "low"}),
        ("o3", "openai", "high", {"reasoning_effort": "high"}),
        # no reasoning: the classic parameters
        ("gpt-4o-mini", "openai", "high", {"temperature": 0.3, "top_p": 0.9}),
        # your own server: the classic parameters, never a reasoning effort
        ("gpt-6-luna", "server", "high", {"temperature": 0.3, "top_p": 0.9}),
    ],
)
def test_the_request_body_carries_only_what_the_model_accepts(
    server: fake_openai.FakeServer, model: str, kind: str, effort: str | None, sent: dict[str, Any]
) -> None:
    request = ChatRequest(PROMPT.messages, 0.3, 0.9, 50, reasoning_effort=effort)
    run_to_end(_backend(server, model, kind), request)
    body = server.requests[-1].body
    shown = {k: body[k] for k in ("reasoning_effort", "temperature", "top_p") if k in body}
    assert shown == sent


def test_reasoning_tokens_are_reported_and_priced(server: fake_openai.FakeServer) -> None:
    result = run_to_end(_backend(server, "gpt-6-luna"), ChatRequest(PROMPT.messages, reasoning_effort="high"))
    assert result.reasoning_tokens == fake_openai.REASONING_TOKENS
    assert result.output_tokens == 4 + fake_openai.REASONING_TOKENS  # reasoning is billed as output
    price = prices.inference_price("gpt-6-luna")
    expected = metrics.request_cost(
        11, 4 + fake_openai.REASONING_TOKENS, price.input_per_mtok, price.output_per_mtok
    )
    assert result.cost_usd == pytest.approx(expected)
    reasoning_cost = metrics.reasoning_cost(result, price.output_per_mtok)
    assert reasoning_cost == pytest.approx(fake_openai.REASONING_TOKENS * price.output_per_mtok / 1e6)
    assert result.reasoning_cost_usd == pytest.approx(reasoning_cost)


def test_a_model_without_reasoning_reports_none(server: fake_openai.FakeServer) -> None:
    result = run_to_end(_backend(server, "echo-usage", "server"), PROMPT)
    assert result.reasoning_tokens is None
    assert metrics.reasoning_cost(result, 1.0) is None


# ------------------------------------------------------------------------------------------ snippets


def _create_call(source: str) -> tuple[str, dict[str, Any]]:
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "create":
            owner = ast.unparse(node.func.value)  # type: ignore[attr-defined]
            return owner, {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg}
    raise AssertionError("no create() call")


def test_openai_snippet_uses_the_responses_api() -> None:
    request = ChatRequest(PROMPT.messages, 0.3, 0.9, 50, reasoning_effort="high")
    owner, args = _create_call(snippet.python_snippet(request, kind="openai", model="gpt-6-luna"))
    assert owner == "client.responses"
    assert args["input"] == PROMPT.as_dicts()
    assert args["reasoning"] == {"effort": "high"}
    assert "temperature" not in args and "top_p" not in args  # GPT-6 rejects them unless effort is none
    assert args["max_output_tokens"] == 50


def test_server_snippet_uses_chat_completions() -> None:
    source = snippet.python_snippet(
        PROMPT, kind="server", model="llama3.2", base_url="http://127.0.0.1:11434/v1"
    )
    owner, args = _create_call(source)
    assert owner == "client.chat.completions"
    assert (args["temperature"], args["top_p"], args["max_tokens"]) == (0.3, 0.9, 50)
    assert "reasoning_effort" not in args


def _run(source: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "LLM_"))}
    return subprocess.run(
        [sys.executable, "-c", source], env={**clean, **env}, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("effort", ["none", "high"])
def test_the_responses_snippet_runs_against_a_server_that_speaks_responses(
    server: fake_openai.FakeServer, effort: str
) -> None:
    request = ChatRequest(PROMPT.messages, 0.3, 0.9, 50, reasoning_effort=effort)
    source = snippet.python_snippet(request, kind="openai", model="gpt-6-luna")
    done = _run(source, {"OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": server.url})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("".join(fake_openai.REPLY))
    assert f"reasoning_tokens={fake_openai.REASONING_TOKENS}" in done.stdout
    sent = server.requests[-1]
    assert sent.path == "/v1/responses"
    assert sent.body["reasoning"] == {"effort": effort}
    assert ("temperature" in sent.body) is (effort == "none")


def test_the_chat_completions_snippet_runs_against_a_compatible_server(
    server: fake_openai.FakeServer,
) -> None:
    source = snippet.python_snippet(PROMPT, kind="server", model="echo-usage", base_url=server.url)
    done = _run(source, {})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("".join(fake_openai.REPLY))
    assert server.requests[-1].path == "/v1/chat/completions"


# ------------------------------------------------------------------------------------------ the page


@pytest.mark.parametrize("lang", ["en", "de"])
def test_playground_controls_follow_the_model(lang: str) -> None:
    from tests.apptest import open_page

    at = open_page("pages/playground.py", lang)
    at.radio(key="pg_a_kind").set_value("openai").run()
    assert at.selectbox(key="pg_a_openai_model").value == "gpt-6-luna"  # the first active model
    assert "gpt-3.5-turbo" not in at.selectbox(key="pg_a_openai_model").options  # shut down: not offered
    assert at.selectbox(key="pg_effort").value == "none"
    assert [s.key for s in at.slider] == ["pg_temperature", "pg_top_p"]
    at.selectbox(key="pg_effort").set_value("high").run()
    assert [s.key for s in at.slider] == []  # GPT-6 rejects sampling with this effort: no sliders
    at.selectbox(key="pg_a_openai_model").set_value("gpt-4o-mini").run()
    assert not at.exception
    assert [s.key for s in at.slider] == ["pg_temperature", "pg_top_p"]
    assert not [s for s in at.selectbox if s.key == "pg_effort"]  # no reasoning: no effort select
    assert any("2027-01-14" in m.value and "badge" in m.value for m in at.markdown)  # deprecated: badge
