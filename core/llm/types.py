"""The shapes every backend shares: a chat request, the chunks of a stream, the final result."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, Protocol

from core import text
from core.errors import UserInputError

Role = Literal["system", "user", "assistant"]
BackendKind = Literal["local", "openai", "server"]
# Who counted the tokens of a result: the API's usage report, the local model's own tokenizer (exact),
# or core.tokens (an estimate, e.g. when a server sends no usage in a stream).
TokenSource = Literal["server", "model", "estimate"]

TEMPERATURE_RANGE = (0.0, 2.0)
TOP_P_RANGE = (0.01, 1.0)
MAX_OUTPUT_TOKENS = 4096


@dataclass(frozen=True)
class Message:
    """One chat message. Its text is scrubbed of lone surrogates (``core.text.scrub``): every backend
    encodes it as UTF-8 (an HTTP body, llama.cpp's tokenizer), which a lone surrogate would break."""

    role: Role
    content: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "content", text.scrub(self.content))

    def as_dict(self) -> dict[str, str]:
        return {"role": self.role, "content": self.content}


@dataclass(frozen=True)
class ChatRequest:
    """One chat completion request; the model is chosen by the backend."""

    messages: tuple[Message, ...]
    temperature: float = 0.7
    top_p: float = 1.0
    max_tokens: int = 256
    reasoning_effort: str | None = None  # None: the model's own default (reasoning models only)

    @classmethod
    def from_prompts(
        cls,
        system: str,
        user: str,
        *,
        temperature: float = 0.7,
        top_p: float = 1.0,
        max_tokens: int = 256,
        reasoning_effort: str | None = None,
    ) -> ChatRequest:
        """A system prompt (left out when blank) and one user prompt."""
        messages: list[Message] = []
        if system.strip():
            messages.append(Message("system", system))
        messages.append(Message("user", user))
        return cls(
            tuple(messages),
            temperature=temperature,
            top_p=top_p,
            max_tokens=max_tokens,
            reasoning_effort=reasoning_effort,
        )

    def as_dicts(self) -> list[dict[str, str]]:
        return [m.as_dict() for m in self.messages]

    @property
    def system(self) -> str:
        return "\n\n".join(m.content for m in self.messages if m.role == "system")

    @property
    def user(self) -> str:
        users = [m.content for m in self.messages if m.role == "user"]
        return users[-1] if users else ""


def validate_request(request: ChatRequest, max_output_tokens: int = MAX_OUTPUT_TOKENS) -> None:
    """Raise a ``UserInputError`` for an empty prompt or a parameter outside its range."""
    if not request.messages or request.messages[-1].role != "user" or not request.user.strip():
        raise UserInputError("llm.err_empty_prompt")
    lo, hi = TEMPERATURE_RANGE
    if not lo <= request.temperature <= hi:
        raise UserInputError("llm.err_temperature", low=lo, high=hi)
    lo, hi = TOP_P_RANGE
    if not lo <= request.top_p <= hi:
        raise UserInputError("llm.err_top_p", low=lo, high=hi)
    if not 1 <= request.max_tokens <= max_output_tokens:
        raise UserInputError("llm.err_max_tokens", high=max_output_tokens)


def check_context(prompt_tokens: int, max_tokens: int, context_window: int | None) -> None:
    """Refuse a request whose prompt plus the requested output does not fit the model's context window."""
    if context_window is not None and prompt_tokens + max_tokens > context_window:
        raise UserInputError(
            "llm.err_context", prompt=prompt_tokens, output=max_tokens, window=context_window
        )


@dataclass(frozen=True)
class PromptCount:
    tokens: int
    source: TokenSource


@dataclass(frozen=True)
class Timing:
    """Seconds from sending to the first text (None when no text came), to the end; output speed."""

    ttft_s: float | None
    total_s: float
    tokens_per_s: float | None


@dataclass(frozen=True)
class RunResult:
    backend: BackendKind
    model: str
    text: str
    prompt_tokens: int
    output_tokens: int
    token_source: TokenSource
    timing: Timing
    cost_usd: float | None  # None: no known price (e.g. your own server)
    finish_reason: str | None
    reasoning_tokens: int | None = None  # part of output_tokens (billed as output); None: not reported
    reasoning_cost_usd: float | None = None  # the reasoning tokens' share of cost_usd


@dataclass(frozen=True)
class Delta:
    """A piece of generated text."""

    text: str


@dataclass(frozen=True)
class Done:
    """The last chunk of every stream."""

    result: RunResult


Chunk = Delta | Done


class Backend(Protocol):
    """Anything that can answer a ``ChatRequest`` as a stream of chunks ending with ``Done``."""

    kind: BackendKind
    model: str

    @property
    def context_window(self) -> int | None: ...

    def preflight(self, request: ChatRequest) -> PromptCount:
        """Validate the request and count its prompt tokens; raises ``UserInputError`` before any call."""
        ...

    def stream(self, request: ChatRequest) -> Iterator[Chunk]: ...


def run_to_end(backend: Backend, request: ChatRequest) -> RunResult:
    """Consume a whole stream and return its result (for scripts, tests and benchmarks)."""
    for chunk in backend.stream(request):
        if isinstance(chunk, Done):
            return chunk.result
    raise RuntimeError("a backend stream ended without a Done chunk")
