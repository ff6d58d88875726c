"""A distribution in numbers (what a histogram of the training set shows, in words) and the training cost.

Pure. The cost follows ``core.training`` (each example capped at the token limit, times epochs, times the
price per 1M tokens); the simulator link is a ``core.handoff.SimulatorHandoff``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from core.errors import UserInputError
from core.handoff import SimulatorHandoff
from core.training import MAX_TOKENS_PER_EXAMPLE, billed_tokens, default_epochs, training_cost


@dataclass(frozen=True)
class Summary:
    """A distribution in numbers: what a histogram shows, in words."""

    count: int
    total: int
    minimum: int
    maximum: int
    mean: float
    median: float
    p10: float
    p90: float


def quantile(sorted_values: Sequence[int], q: float) -> float:
    """The ``q`` quantile of sorted values, interpolated linearly (as numpy's default does)."""
    if not sorted_values:
        raise ValueError("no values")
    if not 0 <= q <= 1:
        raise ValueError("q must be within 0..1")
    pos = (len(sorted_values) - 1) * q
    lo = math.floor(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def summarize(values: Sequence[int]) -> Summary | None:
    if not values:
        return None
    ordered = sorted(values)
    total = sum(ordered)
    return Summary(
        count=len(ordered),
        total=total,
        minimum=ordered[0],
        maximum=ordered[-1],
        mean=total / len(ordered),
        median=quantile(ordered, 0.5),
        p10=quantile(ordered, 0.1),
        p90=quantile(ordered, 0.9),
    )


@dataclass(frozen=True)
class CostEstimate:
    n_examples: int
    epochs: int
    default_epochs: int
    tokens_per_epoch: int  # every example capped at the limit, summed
    billed_tokens: int
    per_mtok: float
    cost: float

    @property
    def epochs_is_default(self) -> bool:
        return self.epochs == self.default_epochs


def estimate_cost(
    tokens_per_example: Sequence[int],
    per_mtok: float,
    epochs: int | None = None,
    max_tokens: int = MAX_TOKENS_PER_EXAMPLE,
) -> CostEstimate:
    """Billed tokens (each example capped at the limit, times epochs) times the price per 1M tokens.

    ``epochs=None`` uses OpenAI's default rule for the number of examples.
    """
    if not tokens_per_example:
        raise UserInputError("datalab.err_no_examples")
    if epochs is not None and not 1 <= epochs <= 50:
        raise UserInputError("datalab.err_epochs", min=1, max=50)
    default = default_epochs(len(tokens_per_example))
    chosen = default if epochs is None else epochs
    per_epoch = billed_tokens(tokens_per_example, 1, max_tokens)
    billed = per_epoch * chosen
    return CostEstimate(
        n_examples=len(tokens_per_example),
        epochs=chosen,
        default_epochs=default,
        tokens_per_epoch=per_epoch,
        billed_tokens=billed,
        per_mtok=per_mtok,
        cost=training_cost(billed, per_mtok),
    )


def simulator_handoff(estimate: CostEstimate, model: str) -> SimulatorHandoff:
    """What opens the cost simulator with this training set filled in (tokens per example rounded, >= 1)."""
    return SimulatorHandoff(
        train_examples=estimate.n_examples,
        train_tokens=max(1, round(estimate.tokens_per_epoch / estimate.n_examples)),
        epochs=estimate.epochs,
        ft_model=model,
    )
