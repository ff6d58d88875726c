"""The pure side of LoRA training: the configuration, training examples, checks of a training set, the data
hash and the estimated time left. Nothing here imports torch (the app imports this module without the extra).

A training example is a chat: the messages the model reads (system and user turns) and the answer it learns
(the assistant turn). The bundled task gives ``task.short_messages(lang, text)`` and ``task.target_json``; a
set from the data lab gives OpenAI chat lines whose last message is the assistant's.
"""

from __future__ import annotations

import hashlib
import json
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from core.errors import UserInputError
from core.i18n import BABEL_LOCALES, Lang

MIN_EXAMPLES = 10
#: Short names of the matrices a LoRA can adapt -> (Hugging Face module name, llama.cpp tensor name).
TARGET_MODULES: Mapping[str, tuple[str, str]] = {
    "q": ("q_proj", "attn_q"),
    "k": ("k_proj", "attn_k"),
    "v": ("v_proj", "attn_v"),
    "o": ("o_proj", "attn_output"),
    "gate": ("gate_proj", "ffn_gate"),
    "up": ("up_proj", "ffn_up"),
    "down": ("down_proj", "ffn_down"),
}
ROLES = ("system", "user", "assistant")


@dataclass(frozen=True)
class TrainConfig:
    """Everything that decides a training run (recorded in the adapter's card). ``max_steps`` 0 = no cap."""

    seed: int = 1234
    rank: int = 8
    alpha: int = 16
    targets: tuple[str, ...] = ("q", "k", "v", "o")
    epochs: int = 1
    lr: float = 2e-3
    max_steps: int = 0
    batch_size: int = 8
    max_tokens: int = 256  # per example, prompt and answer together
    warmup_steps: int = 5
    threads: int = 2

    def check(self) -> None:
        """Raise ``UserInputError('training.err_config', field=...)`` for a value no training can use."""
        bad = [
            name
            for name, ok in (
                ("rank", 1 <= self.rank <= 256),
                ("alpha", self.alpha > 0),
                ("epochs", 1 <= self.epochs <= 50),
                ("lr", 0 < self.lr < 1),
                ("max_steps", self.max_steps >= 0),
                ("batch_size", 1 <= self.batch_size <= 256),
                ("max_tokens", 16 <= self.max_tokens <= 2048),
                ("warmup_steps", self.warmup_steps >= 0),
                ("threads", self.threads >= 1),
                ("targets", bool(self.targets) and all(t in TARGET_MODULES for t in self.targets)),
            )
            if not ok
        ]
        if bad:
            raise UserInputError("training.err_config", field=bad[0])

    def hf_modules(self) -> list[str]:
        return [TARGET_MODULES[t][0] for t in self.targets]

    def total_steps(self, n_examples: int) -> int:
        """Optimizer steps for ``n_examples``: batches per epoch times epochs, capped by ``max_steps``."""
        per_epoch = -(-n_examples // self.batch_size)
        steps = per_epoch * self.epochs
        return min(steps, self.max_steps) if self.max_steps else steps


@dataclass(frozen=True)
class ChatExample:
    """What the model reads (``messages``) and the answer it learns."""

    messages: tuple[tuple[str, str], ...]  # (role, content)
    answer: str
    id: str = ""

    def message_dicts(self) -> list[dict[str, str]]:
        return [{"role": role, "content": content} for role, content in self.messages]

    @staticmethod
    def from_dicts(messages: Sequence[Mapping[str, str]], answer: str, id: str = "") -> ChatExample:
        return ChatExample(tuple((m["role"], m["content"]) for m in messages), answer, id)


def parse_chat_line(line: str) -> ChatExample | None:
    """One OpenAI chat training line -> example, or None when it is not a usable one: a JSON object with a
    ``messages`` list of {role, content} strings, at least one non-assistant turn, the last turn the
    assistant's answer (not empty)."""
    try:
        data = json.loads(line)
    except ValueError:
        return None
    messages = data.get("messages") if isinstance(data, dict) else None
    if not isinstance(messages, list) or len(messages) < 2:
        return None
    turns: list[tuple[str, str]] = []
    for message in messages:
        if not isinstance(message, dict):
            return None
        role, content = message.get("role"), message.get("content")
        if role not in ROLES or not isinstance(content, str):
            return None
        turns.append((role, content))
    if turns[-1][0] != "assistant" or not turns[-1][1].strip():
        return None
    if any(role == "assistant" for role, _ in turns[:-1]):
        return None  # one answer per example: the loss covers the final turn only
    return ChatExample(tuple(turns[:-1]), turns[-1][1])


def parse_training_set(text: str, *, max_invalid_shown: int = 5) -> list[ChatExample]:
    """Parse a JSONL chat set; any line that is not a usable example is an error naming the lines."""
    examples: list[ChatExample] = []
    invalid: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        example = parse_chat_line(line)
        if example is None:
            invalid.append(number)
        else:
            examples.append(ChatExample(example.messages, example.answer, f"line-{number}"))
    if invalid:
        shown = ", ".join(str(n) for n in invalid[:max_invalid_shown])
        more = len(invalid) - min(len(invalid), max_invalid_shown)
        raise UserInputError("training.err_invalid_lines", lines=shown, n=len(invalid), more=more)
    return examples


def check_training_set(
    examples: Sequence[ChatExample], count_tokens: Callable[[ChatExample], int], max_tokens: int
) -> list[int]:
    """Check a set before anything is trained; return each example's token count.

    Raises ``training.err_too_few`` (fewer than ``MIN_EXAMPLES``) or ``training.err_too_long`` (the first
    examples over ``max_tokens``, by position in the set)."""
    if len(examples) < MIN_EXAMPLES:
        raise UserInputError("training.err_too_few", n=len(examples), min=MIN_EXAMPLES)
    counts = [count_tokens(example) for example in examples]
    long = [i for i, n in enumerate(counts) if n > max_tokens]
    if long:
        first = long[0]
        raise UserInputError(
            "training.err_too_long",
            n=len(long),
            example=examples[first].id or str(first + 1),
            tokens=counts[first],
            max=max_tokens,
        )
    return counts


def data_hash(examples: Iterable[ChatExample]) -> str:
    """sha256 over the examples in order (messages and answer as canonical JSON, one per line)."""
    digest = hashlib.sha256()
    for example in examples:
        record = {"messages": example.message_dicts(), "answer": example.answer}
        digest.update(json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        digest.update(b"\n")
    return "sha256:" + digest.hexdigest()


def eta_seconds(step_seconds: Sequence[float], done: int, total: int, window: int = 5) -> float | None:
    """Seconds left: the median of the last ``window`` step durations times the steps still to go.
    None before the first step; 0 when done."""
    if done >= total:
        return 0.0
    if not step_seconds:
        return None
    recent = step_seconds[-window:]
    return statistics.median(recent) * (total - done)


def eta_text(seconds: float, lang: Lang) -> str:
    """Time left in words (\"40 seconds\", \"3 Minuten\"): seconds up to 90 s, then whole minutes."""
    from babel.dates import format_timedelta

    return str(format_timedelta(max(1, round(seconds)), locale=BABEL_LOCALES[lang], threshold=1.5))


@dataclass
class Progress:
    """What a running training reports: steps done, the loss of each step and how long each step took."""

    total: int
    losses: list[float] = field(default_factory=list)
    step_seconds: list[float] = field(default_factory=list)

    @property
    def step(self) -> int:
        return len(self.losses)

    def add(self, loss: float, seconds: float) -> None:
        self.losses.append(loss)
        self.step_seconds.append(seconds)

    def eta(self) -> float | None:
        return eta_seconds(self.step_seconds, self.step, self.total)

    def fraction(self) -> float:
        return min(1.0, self.step / self.total) if self.total else 0.0
