"""Fine-tuning training arithmetic shared by the simulator and the data lab.

The default-epochs rule is adapted from OpenAI's cookbook notebook "Data preparation and analysis for chat
model fine-tuning": aim for 3 epochs, but raise the number for small sets and lower it for large sets (so at
most ~25,000 examples are seen), within 1..25 epochs. One difference: for small sets the cookbook rounds
``100 / n`` down (30 examples -> 3 epochs, 90 seen); this module rounds up, so at least 100 examples are
seen (30 examples -> 4 epochs). The texts that show this rule say so.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

TARGET_EPOCHS = 3
MIN_TARGET_EXAMPLES = 100
MAX_TARGET_EXAMPLES = 25_000
MIN_DEFAULT_EPOCHS = 1
MAX_DEFAULT_EPOCHS = 25
# Tokens of one example beyond this are not trained on (and not billed); the cookbook's figure.
MAX_TOKENS_PER_EXAMPLE = 16_385


def default_epochs(n_examples: int) -> int:
    """Epochs OpenAI picks by default for a training set of ``n_examples`` examples."""
    if n_examples <= 0:
        raise ValueError("a training set needs at least one example")
    epochs = TARGET_EPOCHS
    if n_examples * TARGET_EPOCHS < MIN_TARGET_EXAMPLES:
        epochs = min(MAX_DEFAULT_EPOCHS, math.ceil(MIN_TARGET_EXAMPLES / n_examples))
    elif n_examples * TARGET_EPOCHS > MAX_TARGET_EXAMPLES:
        epochs = max(MIN_DEFAULT_EPOCHS, MAX_TARGET_EXAMPLES // n_examples)
    return epochs


def billed_tokens(
    tokens_per_example: Iterable[int], epochs: int, max_tokens: int = MAX_TOKENS_PER_EXAMPLE
) -> int:
    """Training tokens billed: every example capped at ``max_tokens``, summed, times ``epochs``."""
    if epochs < 1:
        raise ValueError("epochs must be at least 1")
    total = 0
    for n in tokens_per_example:
        if n < 0:
            raise ValueError("token counts cannot be negative")
        total += min(n, max_tokens)
    return total * epochs


def training_cost(billed: int, price_per_million: float) -> float:
    """Cost of training ``billed`` tokens at ``price_per_million`` (currency per 1M training tokens)."""
    if billed < 0 or price_per_million < 0:
        raise ValueError("tokens and price must not be negative")
    return billed * price_per_million / 1_000_000
