"""Few-shot examples for the prompting variants, always from the training split.

``fixed_shots`` picks the same k examples for every input (round robin over the categories, in file
order), so every request shares one prefix that llama.cpp's prompt cache reads once. ``Retriever`` picks the
k training examples most similar to each input with BM25 (the ``rank_bm25`` library).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rank_bm25 import BM25Okapi

from features.experiment.task import CATEGORIES, Example

MAX_SHOTS = 16
_WORD = re.compile(r"\w+", re.UNICODE)


def _check_training(examples: Sequence[Example]) -> None:
    bad = [e.id for e in examples if "-train-" not in e.id]
    if bad:
        raise ValueError(f"few-shot examples come from the training split only, got {bad[:3]}")


def check_k(k: int) -> None:
    if not 0 <= k <= MAX_SHOTS:
        raise ValueError(f"k must be between 0 and {MAX_SHOTS}, got {k}")


def fixed_shots(train: Sequence[Example], k: int) -> tuple[Example, ...]:
    """k training examples, round robin over the categories (file order within each)."""
    _check_training(train)
    check_k(k)
    by_cat = {c: [e for e in train if e.category == c] for c in CATEGORIES}
    out: list[Example] = []
    depth = 0
    while len(out) < k and depth < len(train):
        for c in CATEGORIES:
            if depth < len(by_cat[c]) and len(out) < k:
                out.append(by_cat[c][depth])
        depth += 1
    return tuple(out)


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


class Retriever:
    """The k most similar training examples for a text (BM25 over lower-cased words)."""

    def __init__(self, train: Sequence[Example]) -> None:
        _check_training(train)
        if not train:
            raise ValueError("no training examples to retrieve from")
        self._train = tuple(train)
        self._bm25 = BM25Okapi([words(e.text) or ["_"] for e in self._train])

    def top(self, text: str, k: int) -> tuple[Example, ...]:
        check_k(k)
        if k == 0:
            return ()
        scores = self._bm25.get_scores(words(text) or ["_"])
        order = sorted(range(len(self._train)), key=lambda i: (-float(scores[i]), i))
        # most similar last, right before the question (recency helps small models)
        return tuple(self._train[i] for i in reversed(order[:k]))
