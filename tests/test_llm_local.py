"""The built-in model for real: SmolLM2-135M-Instruct in-process via llama-cpp-python (short outputs)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from core.errors import UserInputError
from core.llm import local
from core.llm.types import ChatRequest, Delta, Done, run_to_end

pytestmark = pytest.mark.llm


@pytest.fixture(scope="module")
def model() -> Iterator[local.LocalModel]:
    """One model for the whole module (loading takes about a second)."""
    yield local.load_local_model(n_ctx=512)


def test_status_finds_the_gguf_inside_the_installed_package() -> None:
    status = local.local_status()
    assert status.available and status.missing == ()
    assert status.gguf is not None and status.gguf.name == local.GGUF_FILE
    assert status.gguf.stat().st_size > 50_000_000  # the real weights, not a pointer file


def test_stream_yields_text_then_one_result(model: local.LocalModel) -> None:
    request = ChatRequest.from_prompts("You are terse.", "Name a fruit.", temperature=0.0, max_tokens=12)
    chunks = list(local.LocalBackend(model).stream(request))
    deltas = [c for c in chunks if isinstance(c, Delta)]
    assert deltas and all(isinstance(c, Delta) for c in chunks[:-1]) and isinstance(chunks[-1], Done)
    result = chunks[-1].result
    assert result.text == "".join(d.text for d in deltas) and result.text.strip()
    assert result.backend == "local" and result.model == local.MODEL_NAME
    assert result.token_source == "model" and result.cost_usd == 0.0
    assert 1 <= result.output_tokens <= 12
    assert result.timing.ttft_s is not None and result.timing.total_s >= result.timing.ttft_s


def test_token_counts_match_llama_cpps_own_usage(model: local.LocalModel) -> None:
    request = ChatRequest.from_prompts("Be brief.", "Grüße & <b>Hallo</b>", temperature=0.0, max_tokens=8)
    streamed = run_to_end(local.LocalBackend(model), request)
    reference = model.llama.create_chat_completion(messages=request.as_dicts(), temperature=0.0, max_tokens=8)
    assert streamed.prompt_tokens == reference["usage"]["prompt_tokens"]
    assert streamed.text == reference["choices"][0]["message"]["content"]  # greedy: same answer
    assert abs(streamed.output_tokens - reference["usage"]["completion_tokens"]) <= 1


def test_max_tokens_cuts_the_answer(model: local.LocalModel) -> None:
    request = ChatRequest.from_prompts(
        "", "Tell me a long story about a dragon.", temperature=0.0, max_tokens=5
    )
    result = run_to_end(local.LocalBackend(model), request)
    assert result.finish_reason == "length"
    assert 3 <= result.output_tokens <= 6


def test_prompt_over_the_context_window_is_refused_before_generating(model: local.LocalModel) -> None:
    backend = local.LocalBackend(model)
    request = ChatRequest.from_prompts("", "word " * 600, max_tokens=16)
    with pytest.raises(UserInputError) as info:
        backend.preflight(request)
    assert info.value.key == "llm.err_context"
    assert info.value.params["window"] == model.n_ctx == 512
    assert info.value.params["prompt"] > 500


def test_empty_prompt_is_refused(model: local.LocalModel) -> None:
    with pytest.raises(UserInputError) as info:
        run_to_end(local.LocalBackend(model), ChatRequest.from_prompts("system only", ""))
    assert info.value.key == "llm.err_empty_prompt"


def test_a_busy_model_gives_a_clear_message(model: local.LocalModel) -> None:
    backend = local.LocalBackend(model, lock_timeout_s=0.05)
    request = ChatRequest.from_prompts("", "Hi", max_tokens=4)
    assert model.lock.acquire(timeout=5)
    try:
        with pytest.raises(UserInputError) as info:
            run_to_end(backend, request)
        assert info.value.key == "llm.err_local_busy"
    finally:
        model.lock.release()
    assert run_to_end(backend, request).output_tokens >= 1  # free again


def test_two_threads_share_one_model_safely(model: local.LocalModel) -> None:
    backend = local.LocalBackend(model)
    request = ChatRequest.from_prompts("", "Say yes.", temperature=0.0, max_tokens=6)
    texts: list[str] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            texts.append(run_to_end(backend, request).text)
        except BaseException as exc:  # a thread's exception would otherwise vanish
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=120)
    assert not any(th.is_alive() for th in threads), "a generation did not finish"
    assert errors == []
    assert len(texts) == 2 and texts[0] == texts[1]


def test_the_same_request_at_temperature_zero_gives_the_same_answer(model: local.LocalModel) -> None:
    """A learner who reruns a request expects the same answer: five runs, one text."""
    backend = local.LocalBackend(model)
    request = ChatRequest.from_prompts("", "Say yes.", temperature=0.0, max_tokens=6)
    answers = [run_to_end(backend, request).text for _ in range(5)]
    assert answers[0].strip()
    assert answers == [answers[0]] * 5


def test_abandoning_a_stream_releases_the_model(model: local.LocalModel) -> None:
    stream = local.LocalBackend(model).stream(ChatRequest.from_prompts("", "Count to ten.", max_tokens=12))
    assert isinstance(next(stream), Delta)
    assert model.lock.locked()
    stream.close()
    assert not model.lock.locked()
