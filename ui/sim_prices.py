"""Thin adapter between the simulator page and the price catalogue (``core.prices``).

Lookups are memoized with ``functools.cache``: the catalogue is immutable process-wide data (no user data,
no secrets), and Streamlit's caches would hash their arguments on every one of the ~60 calls per rerun.

Until ``core.prices`` is merged, a small fallback table keeps the page working; once it is on main the
adapter only translates its ``ModelPrice`` / ``TrainingPrice`` into the simulator's plain ``Prices``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from core.costs import Price
from core.scenario import Models
from core.simulation import Prices

try:  # pragma: no cover - depends on whether core.prices has landed
    from core import prices as _catalogue  # type: ignore[attr-defined,unused-ignore]
except ImportError:  # pragma: no cover
    _catalogue = None


@dataclass(frozen=True)
class Quote:
    """A catalogue price with where it came from."""

    price: Price
    source: str
    as_of: str


# USD per 1M tokens: (input, cached input, output), fine-tuned (input, cached, output), training.
_FALLBACK: dict[str, tuple[tuple[float, float, float], tuple[float, float, float] | None, float | None]] = {
    "gpt-4o-mini": ((0.15, 0.075, 0.60), (0.30, 0.15, 1.20), 3.00),
    "gpt-4o": ((2.50, 1.25, 10.00), (3.75, 1.875, 15.00), 25.00),
    "gpt-4.1-nano": ((0.10, 0.025, 0.40), (0.20, 0.05, 0.80), 1.50),
    "gpt-4.1-mini": ((0.40, 0.10, 1.60), (0.80, 0.20, 3.20), 5.00),
    "gpt-4.1": ((2.00, 0.50, 8.00), (3.00, 0.75, 12.00), 25.00),
}
_FALLBACK_SOURCE = "openai.com/api/pricing"
_FALLBACK_AS_OF = "2025-06"


@functools.cache
def models() -> Models:
    if _catalogue is not None:
        return Models(
            base=tuple(_catalogue.base_models()), fine_tunable=tuple(_catalogue.finetunable_models())
        )
    return Models(base=tuple(_FALLBACK), fine_tunable=tuple(m for m, v in _FALLBACK.items() if v[1]))


@functools.cache
def inference(model: str, fine_tuned: bool) -> Quote:
    if _catalogue is not None:
        p = _catalogue.inference_price(model, fine_tuned=fine_tuned)
        return Quote(
            Price(p.input_per_mtok, p.output_per_mtok, p.cached_input_per_mtok), p.source, str(p.as_of)
        )
    row = _FALLBACK[model][1 if fine_tuned else 0]
    assert row is not None
    return Quote(Price(row[0], row[2], row[1]), _FALLBACK_SOURCE, _FALLBACK_AS_OF)


@functools.cache
def training(model: str) -> tuple[float, str, str]:
    if _catalogue is not None:
        p = _catalogue.training_price(model)
        return p.per_mtok, p.source, str(p.as_of)
    value = _FALLBACK[model][2]
    assert value is not None
    return value, _FALLBACK_SOURCE, _FALLBACK_AS_OF


def catalogue_prices(base_model: str, ft_model: str) -> Prices:
    return Prices(
        base=inference(base_model, False).price,
        fine_tuned=inference(ft_model, True).price,
        training_per_mtok=training(ft_model)[0],
    )
