"""Process-wide memos for texts a page draws on every rerun until an input changes (Streamlit glue: only
pages use them). A memo holds our own texts and the inputs' numbers, never user data; it is emptied when
it reaches its bound."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(Generic[K, V]):
    """``get(key, build)``: ``build()`` once per key (the key must describe every input of ``build``)."""

    def __init__(self, bound: int = 256) -> None:
        self._bound = bound
        self._values: dict[K, V] = {}

    def get(self, key: K, build: Callable[[], V]) -> V:
        value = self._values.get(key)
        if value is None:
            if len(self._values) >= self._bound:
                self._values.clear()
            value = self._values[key] = build()
        return value

    def clear(self) -> None:
        self._values.clear()

    def __len__(self) -> int:
        return len(self._values)
