from __future__ import annotations

import pytest

from core import training


@pytest.mark.parametrize(
    ("n_examples", "epochs"),
    [
        (1, 25),  # 100 / 1 = 100, capped at 25
        (4, 25),  # 100 / 4 = 25
        (5, 20),
        (10, 10),
        (33, 4),  # 33 * 3 = 99 < 100 -> ceil(100 / 33) = 4
        (34, 3),  # 34 * 3 = 102 -> the target 3
        (1000, 3),
        (8333, 3),  # 24,999 <= 25,000
        (8334, 2),  # 25,002 > 25,000 -> 25,000 // 8334 = 2
        (12_500, 2),
        (12_501, 1),
        (100_000, 1),  # never below 1
    ],
)
def test_default_epochs(n_examples: int, epochs: int) -> None:
    assert training.default_epochs(n_examples) == epochs


def test_default_epochs_rejects_empty_set() -> None:
    with pytest.raises(ValueError):
        training.default_epochs(0)


@pytest.mark.parametrize(
    ("tokens", "epochs", "cap", "billed"),
    [
        ([100, 200, 300], 3, 16_385, 1800),
        ([20_000, 100], 2, 16_385, (16_385 + 100) * 2),
        ([], 3, 16_385, 0),
        ([50, 50], 1, 40, 80),
    ],
)
def test_billed_tokens(tokens: list[int], epochs: int, cap: int, billed: int) -> None:
    assert training.billed_tokens(tokens, epochs, cap) == billed


@pytest.mark.parametrize("bad", [([1], 0), ([-1], 1)])
def test_billed_tokens_rejects_bad_input(bad: tuple[list[int], int]) -> None:
    with pytest.raises(ValueError):
        training.billed_tokens(*bad)


@pytest.mark.parametrize(
    ("billed", "price", "cost"),
    [(1_000_000, 25.0, 25.0), (300_000, 3.0, 0.9), (0, 25.0, 0.0)],
)
def test_training_cost(billed: int, price: float, cost: float) -> None:
    assert training.training_cost(billed, price) == pytest.approx(cost)
