"""OpenAI and any OpenAI-compatible server (Ollama, LM Studio, vLLM, llama.cpp's server) through the
``openai`` SDK's Chat Completions, streamed, with ``stream_options={"include_usage": True}``.

The SDK client is created per request by ``core.llm.client.make_client``: the key and the base URL are
always given explicitly, nothing is taken from environment variables, redirects are not followed, with a
short timeout and few retries. When a server sends no usage in the stream (llama.cpp's does not), the tokens
are counted with ``core.tokens`` and labelled an estimate.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import openai

from core import lifecycle, prices, tokens
from core.errors import UserInputError
from core.llm import metrics
from core.llm.client import make_client
from core.llm.errors import FailureKind, user_error
from core.llm.pinning import Pin
from core.llm.types import (
    BackendKind,
    ChatRequest,
    Chunk,
    Delta,
    Done,
    PromptCount,
    RunResult,
    TokenSource,
    check_context,
    validate_request,
)

OPENAI_BASE_URL = "https://api.openai.com/v1"


def openai_models(day: date | None = None) -> tuple[str, ...]:
    """The OpenAI chat models offered on ``day`` (default: today), from ``core.lifecycle``: none that is
    shut down, active ones first (the first is the default)."""
    return lifecycle.provider_models("openai", day or lifecycle.today())


NO_KEY_PLACEHOLDER = "not-needed"  # compatible servers without authentication still need a non-empty key
DEFAULT_TIMEOUT_S = 30.0  # per read: waiting for the first token, or between two chunks
MAX_TOTAL_S = 300.0  # a whole answer; a server that keeps trickling is cut off
CHARS_PER_TOKEN_CAP = 32  # an answer longer than max_tokens * this many characters ignores the output limit


def effort_for(kind: BackendKind, model: str, wanted: str | None) -> str | None:
    """The reasoning effort sent for ``model``: the wanted one when the model offers it, else its default
    (``core.lifecycle``); None for a model without efforts and for compatible servers."""
    if kind != "openai":
        return None
    efforts = lifecycle.efforts(model)
    if not efforts:
        return None
    return wanted if wanted in efforts else efforts[0]


def model_params(kind: BackendKind, model: str, request: ChatRequest) -> dict[str, Any]:
    """The parameters ``model`` accepts: ``reasoning_effort`` where it applies, and temperature/top_p only
    where the model takes them (GPT-6 and GPT-5.x only with effort "none"; GPT-5 and o-series never).
    Compatible servers get the classic sampling parameters."""
    effort = effort_for(kind, model, request.reasoning_effort)
    out: dict[str, Any] = {}
    if effort is not None:
        out["reasoning_effort"] = effort
    if kind != "openai" or lifecycle.accepts_sampling(model, effort):
        out["temperature"] = request.temperature
        out["top_p"] = request.top_p
    return out


def openai_context_window(model: str) -> int | None:
    """The context window of an OpenAI model from the genai-prices data, or None if unknown."""
    from genai_prices import data_snapshot

    try:
        _, info = data_snapshot.get_snapshot().find_provider_model(model, None, "openai", None)
    except LookupError:
        return None
    window = info.context_window
    return int(window) if window else None


#: The playground's message for each kind of API failure (core.llm.errors classifies them).
MESSAGES: Mapping[FailureKind, str] = {
    "timeout": "llm.err_timeout",
    "unreachable": "llm.err_unreachable",
    "auth": "llm.err_auth",
    "permission": "llm.err_permission",
    "not_available": "llm.err_permission",
    "quota": "llm.err_quota",
    "rate_limit": "llm.err_rate_limit",
    "not_found": "llm.err_unknown_model",
    "context": "llm.err_context_server",
    "bad_request": "llm.err_status",
    "server": "llm.err_server",
    "status": "llm.err_status",
}


def map_api_error(exc: openai.OpenAIError, *, model: str, base_url: str, timeout_s: float) -> UserInputError:
    """Turn an SDK exception into a localized ``UserInputError`` (never carries the key)."""
    seconds = int(timeout_s) if timeout_s >= 1 else timeout_s
    return user_error(exc, MESSAGES, "llm.err_api", model=model, url=base_url, seconds=seconds)


@dataclass
class OpenAIBackend:
    """OpenAI itself (``kind="openai"``) or an OpenAI-compatible server (``kind="server"``)."""

    model: str
    api_key: str = field(repr=False)
    base_url: str = OPENAI_BASE_URL
    kind: BackendKind = "openai"
    window: int | None = None  # context window; None: look it up (OpenAI) or do not check (servers)
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_total_s: float = MAX_TOTAL_S
    max_retries: int = 1
    clock: Callable[[], float] = field(default=time.perf_counter, repr=False)
    pin: Pin | None = None  # a custom server's checked addresses (core.llm.servers.CheckedServer.pin)

    def __post_init__(self) -> None:
        if not self.api_key:
            raise UserInputError("llm.err_no_key")
        if not self.model.strip():
            raise UserInputError("llm.err_no_model")
        if self.window is None and self.kind == "openai":
            self.window = openai_context_window(self.model)

    @property
    def context_window(self) -> int | None:
        return self.window

    def price(self) -> prices.ModelPrice | None:
        """Per-token prices for OpenAI models; None for your own server or an unknown model."""
        if self.kind != "openai":
            return None
        try:
            return prices.inference_price(self.model, "openai")
        except UserInputError:
            return None

    def preflight(self, request: ChatRequest) -> PromptCount:
        validate_request(request)
        count = tokens.count_chat(request.as_dicts(), self.model)
        check_context(count.total, request.max_tokens, self.context_window)
        return PromptCount(count.total, "estimate")

    def _client(self) -> openai.OpenAI:
        return make_client(
            api_key=self.api_key,
            base_url=self.base_url,
            timeout_s=self.timeout_s,
            max_retries=self.max_retries,
            pin=self.pin,
        )

    def _params(self, request: ChatRequest) -> dict[str, Any]:
        params: dict[str, Any] = {
            "model": self.model,
            "messages": request.as_dicts(),
            "stream": True,
            "stream_options": {"include_usage": True},
        }
        params.update(model_params(self.kind, self.model, request))
        # OpenAI's current name for the output limit; compatible servers know the classic one.
        params["max_completion_tokens" if self.kind == "openai" else "max_tokens"] = request.max_tokens
        return params

    def stream(self, request: ChatRequest) -> Iterator[Chunk]:
        self.preflight(request)
        client = self._client()
        # A server (yours, or one that misbehaves) may ignore the output limit or never finish: stop reading
        # then, so one request cannot hold the app's memory and a worker thread without end.
        max_chars = request.max_tokens * CHARS_PER_TOKEN_CAP
        n_chars = 0
        parts: list[str] = []
        usage: Any = None
        finish: str | None = None
        first: float | None = None
        start = self._now()
        try:
            response = client.chat.completions.create(**self._params(request))
            with response:
                for chunk in response:
                    if chunk.usage is not None:
                        usage = chunk.usage
                    for choice in chunk.choices:
                        text = choice.delta.content if choice.delta is not None else None
                        if text:
                            if first is None:
                                first = self._now()
                            n_chars += len(text)
                            parts.append(text)
                            yield Delta(text)
                        if choice.finish_reason:
                            finish = choice.finish_reason
                    if n_chars > max_chars or self._now() - start > self.max_total_s:
                        raise UserInputError(
                            "llm.err_runaway", limit=request.max_tokens, seconds=int(self.max_total_s)
                        )
        except openai.OpenAIError as exc:
            raise map_api_error(
                exc, model=self.model, base_url=self.base_url, timeout_s=self.timeout_s
            ) from None
        finally:
            client.close()
        end = self._now()
        output = "".join(parts)
        prompt_tokens, output_tokens, source = self._usage(request, output, usage)
        details = getattr(usage, "completion_tokens_details", None) if usage is not None else None
        reasoning = getattr(details, "reasoning_tokens", None) if details is not None else None
        n_reasoning = int(reasoning) if isinstance(reasoning, int) else None
        price = self.price()
        cost = (
            metrics.request_cost(prompt_tokens, output_tokens, price.input_per_mtok, price.output_per_mtok)
            if price is not None
            else None
        )
        yield Done(
            RunResult(
                backend=self.kind,
                model=self.model,
                text=output,
                prompt_tokens=prompt_tokens,
                output_tokens=output_tokens,
                token_source=source,
                timing=metrics.timing(start, first, end, output_tokens),
                cost_usd=cost,
                finish_reason=finish,
                reasoning_tokens=n_reasoning,
                reasoning_cost_usd=(
                    n_reasoning * price.output_per_mtok / metrics.PER_MTOK
                    if price is not None and n_reasoning is not None
                    else None
                ),
            )
        )

    def _now(self) -> float:
        return self.clock()

    def _usage(self, request: ChatRequest, output: str, usage: Any) -> tuple[int, int, TokenSource]:
        if usage is not None and usage.prompt_tokens is not None and usage.completion_tokens is not None:
            return int(usage.prompt_tokens), int(usage.completion_tokens), "server"
        prompt = tokens.count_chat(request.as_dicts(), self.model).total
        output_tokens = tokens.count_tokens(output, self.model).tokens if output else 0
        return prompt, output_tokens, "estimate"


def compatible_backend(
    base_url: str,
    model: str,
    api_key: str | None,
    *,
    window: int | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    pin: Pin | None = None,
) -> OpenAIBackend:
    """A backend for your own OpenAI-compatible server. ``base_url`` must be checked by the caller
    (``core.llm.servers.check_server``), which also gives the ``pin``: the addresses it checked, the only
    ones the client then connects to."""
    return OpenAIBackend(
        model=model.strip(),
        api_key=api_key or NO_KEY_PLACEHOLDER,
        base_url=base_url,
        kind="server",
        window=window,
        timeout_s=timeout_s,
        max_retries=0,
        pin=pin,
    )
