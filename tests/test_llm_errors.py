"""core.llm.errors: the one classifier of SDK errors, fed by real SDK exceptions from real HTTP answers
(tests/fake_openai.py on 127.0.0.1), and the per-feature message mapping."""

from __future__ import annotations

from collections.abc import Iterator

import openai
import pytest

from core.llm import errors
from core.llm.client import make_client
from tests import fake_openai


@pytest.fixture(scope="module")
def fake() -> Iterator[fake_openai.FakeServer]:
    server = fake_openai.start()
    yield server
    server.close()


def _raise_from(base_url: str, model: str, timeout: float = 10.0) -> openai.OpenAIError:
    client = make_client(api_key="sk-test", base_url=base_url, timeout_s=timeout, max_retries=0)
    with pytest.raises(openai.OpenAIError) as info:
        client.chat.completions.create(model=model, messages=[{"role": "user", "content": "hi"}])
    return info.value


@pytest.mark.parametrize(
    ("model", "kind", "status", "code"),
    [
        ("status-401", "auth", 401, None),
        ("status-403", "permission", 403, None),
        ("status-403-training_not_available", "not_available", 403, "training_not_available"),
        ("status-404", "not_found", 404, None),
        ("quota-429", "quota", 429, "insufficient_quota"),
        ("status-429", "rate_limit", 429, None),
        ("status-400-context_length_exceeded", "context", 400, "context_length_exceeded"),
        ("status-400", "bad_request", 400, None),
        ("status-409", "bad_request", 409, None),
        ("status-422", "bad_request", 422, None),
        ("status-500", "server", 500, None),
        ("status-503", "server", 503, None),
        ("status-418", "status", 418, None),
    ],
)
def test_http_answers_are_classified(
    fake: fake_openai.FakeServer, model: str, kind: str, status: int, code: str | None
) -> None:
    failure = errors.classify(_raise_from(fake.url, model))
    assert (failure.kind, failure.status, failure.code) == (kind, status, code)
    assert failure.detail == f"fake {status}"
    assert "sk-test" not in repr(failure)


def test_a_timeout_and_a_refused_connection(fake: fake_openai.FakeServer) -> None:
    assert errors.classify(_raise_from(fake.url, "slow", timeout=0.3)).kind == "timeout"
    closed = f"http://127.0.0.1:{fake_openai.free_port()}/v1"
    assert errors.classify(_raise_from(closed, "echo")).kind == "unreachable"


def test_an_error_without_status_is_other() -> None:
    failure = errors.classify(openai.OpenAIError("boom"))
    assert (failure.kind, failure.status, failure.exception) == ("other", None, "OpenAIError")


def test_every_kind_is_listed() -> None:
    assert set(errors.FAILURE_KINDS) == {
        "timeout", "unreachable", "auth", "permission", "not_available", "quota", "rate_limit",
        "not_found", "context", "bad_request", "server", "status", "other",
    }  # fmt: skip


def test_user_error_uses_the_features_keys_and_keeps_context(fake: fake_openai.FakeServer) -> None:
    exc = _raise_from(fake.url, "status-404")
    mapped = errors.user_error(exc, {"not_found": "x.gone"}, "x.other", model="m1")
    assert (mapped.key, mapped.params["model"], mapped.params["status"]) == ("x.gone", "m1", 404)
    fallback = errors.user_error(exc, {}, "x.other")
    assert fallback.key == "x.other" and fallback.params["detail"] == "fake 404"


def test_long_server_messages_are_cut_to_one_line() -> None:
    from openai import _base_client

    httpx = getattr(_base_client, "httpx2", None) or _base_client.httpx  # the SDK's HTTP library
    request = httpx.Request("POST", "http://127.0.0.1/v1/chat/completions")
    response = httpx.Response(400, request=request)
    exc = openai.BadRequestError("x", response=response, body={"message": "a\nb " + "c" * 500})
    failure = errors.classify(exc)
    assert failure.detail.startswith("a b c") and len(failure.detail) == errors.MAX_DETAIL
