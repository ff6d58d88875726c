"""The adapter's card (``assets/adapters/<name>.card.json``): how the adapter was made and how it scored.

Pure: the schema (validated load, errors name the file and the field), the Wilson interval of an accuracy,
one language's evaluation summary from per-example grades, and the machine description.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import platform
from collections.abc import Mapping, Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from core.content import validate
from core.paths import ADAPTERS_DIR

SHIPPED_NAME = "support-triage"
Z_95 = 1.959963984540054


def shipped_adapter() -> Path:
    return ADAPTERS_DIR / f"{SHIPPED_NAME}.gguf"


def card_path(adapter: Path) -> Path:
    return adapter.with_name(adapter.stem + ".card.json")


def wilson(correct: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval of ``correct`` successes in ``n`` trials (95 % by default)."""
    if n <= 0:
        raise ValueError("an interval needs at least one trial")
    if not 0 <= correct <= n:
        raise ValueError("correct must be between 0 and n")
    p = correct / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EvalItem(_Strict):
    id: str
    answer: str
    valid: bool
    correct: bool


class LangEval(_Strict):
    """One language's evaluation split, answered by the base model with the adapter at temperature 0."""

    n: int = Field(ge=1)
    valid: int = Field(ge=0)
    correct: int = Field(ge=0)
    accuracy: float = Field(ge=0, le=1)
    ci_low: float = Field(ge=0, le=1)
    ci_high: float = Field(ge=0, le=1)
    items: list[EvalItem]

    @model_validator(mode="after")
    def _consistent(self) -> LangEval:
        if len(self.items) != self.n:
            raise ValueError(f"n is {self.n} but there are {len(self.items)} items")
        if self.correct != sum(i.correct for i in self.items) or self.valid != sum(
            i.valid for i in self.items
        ):
            raise ValueError("valid/correct do not match the items")
        if abs(self.accuracy - self.correct / self.n) > 1e-9:
            raise ValueError("accuracy is not correct / n")
        low, high = wilson(self.correct, self.n)
        if abs(self.ci_low - low) > 1e-6 or abs(self.ci_high - high) > 1e-6:
            raise ValueError("ci_low/ci_high are not the Wilson interval")
        return self


class Card(_Strict):
    name: str
    base_model: str
    base_gguf_sha256: str
    adapter_sha256: str
    command: str
    data_files: list[str]
    data_hash: str = Field(pattern=r"^sha256:[0-9a-f]{64}$")
    n_examples: int = Field(ge=1)
    seed: int
    rank: int = Field(ge=1)
    alpha: float = Field(gt=0)
    targets: list[str] = Field(min_length=1)
    epochs: int = Field(ge=1)
    lr: float = Field(gt=0)
    batch_size: int = Field(ge=1)
    max_tokens: int = Field(ge=1)
    max_steps: int = Field(ge=0)
    warmup_steps: int = Field(ge=0)
    steps: int = Field(ge=1)
    loss_curve: list[float]
    final_loss: float
    trained_tokens: int = Field(ge=1)
    wall_time_s: float = Field(gt=0)
    training_s: float = Field(gt=0)
    machine: dict[str, str]
    eval_settings: dict[str, str]
    evaluation: dict[str, LangEval]
    created: str

    @model_validator(mode="after")
    def _curve(self) -> Card:
        if len(self.loss_curve) != self.steps:
            raise ValueError(f"steps is {self.steps} but the loss curve has {len(self.loss_curve)} points")
        if self.loss_curve[-1] != self.final_loss:
            raise ValueError("final_loss is not the last point of the loss curve")
        return self


def lang_eval(items: Sequence[EvalItem]) -> LangEval:
    """Summary of one language's graded answers (accuracy and its Wilson interval)."""
    n = len(items)
    correct = sum(i.correct for i in items)
    low, high = wilson(correct, n)
    return LangEval(
        n=n,
        valid=sum(i.valid for i in items),
        correct=correct,
        accuracy=correct / n,
        ci_low=low,
        ci_high=high,
        items=list(items),
    )


def load_card(path: Path) -> Card:
    data = json.loads(path.read_text(encoding="utf-8"))
    card: Card = validate(Card, data, path)
    return card


def save_card(card: Card, path: Path) -> None:
    text = json.dumps(card.model_dump(mode="json"), ensure_ascii=False, indent=1)
    path.write_text(text + "\n", encoding="utf-8")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def machine(versions: Mapping[str, str], threads: int) -> dict[str, str]:
    """Where the training ran: CPU model, CPU count, threads used, Python and library versions."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info = {
        "cpu": cpu,
        "cpus": str(os.cpu_count() or 0),
        "threads": str(threads),
        "os": platform.platform(),
        "python": platform.python_version(),
    }
    info.update(versions)
    return info
