"""The simulator's view of the price catalogue (``core.prices``), as plain ``simulation.Prices``.

Lookups are memoized with ``functools.cache``: the catalogue is immutable process-wide data (no user data,
no secrets), and Streamlit's caches would hash their arguments on every one of the ~60 calls per rerun.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

from core import lifecycle, prices
from core.costs import Price
from core.errors import UserInputError
from features.simulator.scenario import Models, Scenario
from features.simulator.simulation import Prices, prompt_parts


@dataclass(frozen=True)
class Quote:
    """A catalogue price with where it came from and when it was checked."""

    price: Price
    source: str
    as_of: str


def models() -> Models:
    """The models the simulator offers today (none that is shut down; see ``core.lifecycle``)."""
    return models_on(lifecycle.today())


@functools.cache
def models_on(day: date) -> Models:
    return Models(
        base=tuple(prices.base_models(day)), fine_tunable=tuple(prices.finetunable_models(day)), day=day
    )


@functools.lru_cache(maxsize=512)
def inference(
    model: str, fine_tuned: bool, processing: prices.Processing = "standard", input_tokens: int = 0
) -> Quote:
    """The price of ``model``; ``input_tokens`` picks the tier of a tiered price (genai-prices' rule)."""
    p = prices.inference_price(model, fine_tuned=fine_tuned, processing=processing, input_tokens=input_tokens)
    price = Price(p.input_per_mtok, p.output_per_mtok, p.cached_input_per_mtok)
    return Quote(price, p.source_url or p.source, p.as_of)


def batch_quotes(
    base_model: str, ft_model: str, base_tokens: int = 0, ft_tokens: int = 0
) -> tuple[Quote, Quote] | None:
    """The providers' own batch prices of both models (genai-prices' price context, or the fine-tuning
    table's batch rates); None when either has none (the simulator then applies its flat discount)."""
    try:
        return inference(base_model, False, "batch", base_tokens), inference(
            ft_model, True, "batch", ft_tokens
        )
    except UserInputError:
        return None


def flex_or_standard(model: str, fine_tuned: bool, input_tokens: int = 0) -> tuple[Quote, bool]:
    """The flex-tier price when the model has one (True), else the standard price (False)."""
    try:
        return inference(model, fine_tuned, "flex", input_tokens), True
    except UserInputError:
        return inference(model, fine_tuned, "standard", input_tokens), False


@functools.cache
def training(model: str) -> Quote:
    """The training price per 1M training tokens (in ``price.input``)."""
    p = prices.training_price(model)
    return Quote(Price(p.per_mtok, 0.0), p.source, p.as_of)


def catalogue_prices(
    base_model: str,
    ft_model: str,
    batch: bool = False,
    *,
    flex: bool = False,
    base_tokens: int = 0,
    ft_tokens: int = 0,
) -> Prices:
    """The catalogue's prices. ``batch``: the batch prices when both models have one (batch wins over
    flex); ``flex``: each model's flex-tier price where it has one. ``base_tokens`` / ``ft_tokens``: the
    largest prompt of each side, which picks the tier of a tiered price."""
    quotes = batch_quotes(base_model, ft_model, base_tokens, ft_tokens) if batch else None
    if quotes is None and flex and not batch:
        quotes_flex = (
            flex_or_standard(base_model, False, base_tokens)[0],
            flex_or_standard(ft_model, True, ft_tokens)[0],
        )
        base, ft = quotes_flex
    else:
        base, ft = quotes or (
            inference(base_model, False, "standard", base_tokens),
            inference(ft_model, True, "standard", ft_tokens),
        )
    return Prices(
        base=base.price,
        fine_tuned=ft.price,
        training_per_mtok=training(ft_model).price.input,
        batch_exact=quotes is not None,
    )


def scenario_prices(s: Scenario) -> Prices:
    """The catalogue's prices for scenario ``s``: its models, batch or flex, the tier of each side's
    largest prompt (prompt and RAG use the base model, fine-tuning and the hybrid the fine-tuned one)."""
    parts = prompt_parts(s)
    return catalogue_prices(
        s.base_model,
        s.ft_model,
        s.batch,
        flex=s.flex,
        base_tokens=max(parts["prompt"].input, parts["rag"].input),
        ft_tokens=max(parts["finetune"].input, parts["hybrid"].input),
    )
