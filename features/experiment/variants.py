"""The variants of the experiment (the rows of the grid) and the messages each sends for one input.

- ``naive``: the naive prompt; ``engineered``: role, label definitions and output format;
- ``fewshot``: the engineered prompt plus the same k training examples for every input;
- ``retrieval``: the engineered prompt plus the k training examples most similar to the input (BM25);
- ``short``: the fine-tune's short prompt on the base model (what the adapter adds, seen by contrast);
- ``finetuned``: the short prompt on the base model with the LoRA adapter applied.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from core.i18n import Lang
from features.experiment import shots, task
from features.experiment.task import Example

Kind = Literal["naive", "engineered", "fewshot", "retrieval", "short", "finetuned"]
KINDS: tuple[Kind, ...] = ("naive", "engineered", "fewshot", "retrieval", "short", "finetuned")
QUICK_SIZE = 30
DEFAULT_K = 4


@dataclass(frozen=True)
class Variant:
    """``system``: an edited system prompt (None: the bundled one); ``k``: examples for few-shot kinds;
    ``adapter``: the adapter's label for ``finetuned``."""

    kind: Kind
    k: int = 0
    system: str | None = None
    adapter: str = ""

    def __post_init__(self) -> None:
        if self.kind in ("fewshot", "retrieval"):
            shots.check_k(self.k)
            if self.k < 1:
                raise ValueError("a few-shot variant needs at least one example")
        elif self.k:
            raise ValueError(f"{self.kind} takes no examples")
        if self.system is not None and not self.system.strip():
            raise ValueError("an edited system prompt must not be empty")

    @property
    def uses_adapter(self) -> bool:
        return self.kind == "finetuned"

    @property
    def edited(self) -> bool:
        return self.system is not None


def system_prompt(variant: Variant, lang: Lang) -> str:
    p = task.prompts(lang)
    if variant.system is not None:
        return variant.system
    if variant.kind == "naive":
        return p.naive
    if variant.kind in ("short", "finetuned"):
        return p.short
    return p.engineered


class Prompter:
    """Builds the messages of every variant for one language from its training split."""

    def __init__(self, lang: Lang, train: Sequence[Example]) -> None:
        self.lang = lang
        self._train = tuple(train)
        self._retriever: shots.Retriever | None = None

    def examples_for(self, variant: Variant, text: str) -> tuple[Example, ...]:
        if variant.kind == "fewshot":
            return shots.fixed_shots(self._train, variant.k)
        if variant.kind == "retrieval":
            if self._retriever is None:
                self._retriever = shots.Retriever(self._train)
            return self._retriever.top(text, variant.k)
        return ()

    def messages(self, variant: Variant, text: str) -> list[dict[str, str]]:
        if variant.kind in ("short", "finetuned") and variant.system is None:
            return task.short_messages(self.lang, text)
        out = [{"role": "system", "content": system_prompt(variant, self.lang)}]
        for shot in self.examples_for(variant, text):
            out.append({"role": "user", "content": shot.text})
            out.append({"role": "assistant", "content": task.target_json(shot.category, shot.urgency)})
        out.append({"role": "user", "content": text})
        return out


def quick_subset(examples: Sequence[Example], size: int = QUICK_SIZE) -> tuple[Example, ...]:
    """``size`` examples spread evenly over the split (every n-th, the same ones every time)."""
    if size <= 0:
        raise ValueError("size must be positive")
    if size >= len(examples):
        return tuple(examples)
    step = len(examples) / size
    return tuple(examples[int(i * step)] for i in range(size))


def standard_variants(k: int = DEFAULT_K, adapter: str = "") -> tuple[Variant, ...]:
    """The grid's default rows; ``finetuned`` only when an adapter is there."""
    rows = [
        Variant("naive"),
        Variant("engineered"),
        Variant("fewshot", k=k),
        Variant("retrieval", k=k),
        Variant("short"),
    ]
    if adapter:
        rows.append(Variant("finetuned", adapter=adapter))
    return tuple(rows)
