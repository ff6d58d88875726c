"""Model prices in USD per 1M tokens, each with its source and an as-of date.

Inference prices come from `genai-prices` (pinned): this module builds its own snapshot from the bundled
data (never the package's auto-updater), so a lookup is offline and answers from the pinned release. Batch,
flex and tiered prices come from genai-prices' own price context and tiers. Fine-tuning training prices, and
fine-tuned prices genai-prices lacks, come from our dated table ``core/data/finetune_prices.yaml``. Any price
can be replaced by the learner's own (``with_override``). Which models are offered: ``core.lifecycle``.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from core import lifecycle
from core.content import read_yaml, validate
from core.errors import UserInputError
from core.paths import DATA_DIR
from core.tokens import base_model_name

FINETUNE_TABLE: Path = DATA_DIR / "finetune_prices.yaml"

GENAI_PRICES_VERSION = "0.2.3"
# The newest dated entry in genai-prices 0.2.3's bundled data is from 2026-11-04; its prices are as of then.
GENAI_PRICES_AS_OF = "2026-11-04"

SOURCE_GENAI = "genai-prices"
SOURCE_TABLE = "table"
SOURCE_GENAI_AND_TABLE = "genai-prices+table"
SOURCE_OVERRIDE = "override"
SOURCES: tuple[str, ...] = (SOURCE_GENAI, SOURCE_TABLE, SOURCE_GENAI_AND_TABLE, SOURCE_OVERRIDE)

#: How a request is processed: at the standard rate, through the Batch API, or on the flex service tier.
Processing = Literal["standard", "batch", "flex"]
PROCESSING: tuple[Processing, ...] = ("standard", "batch", "flex")
#: genai-prices' price context for each (its price variants are selected by these request values).
PRICE_CONTEXT: Mapping[Processing, Mapping[str, str] | None] = {
    "standard": None,
    "batch": {"processing": "batch"},
    "flex": {"service_tier": "flex"},
}
#: Where a fine-tuned model is trained and served.
Route = Literal["openai", "hosted_lora"]


@dataclass(frozen=True)
class ModelPrice:
    model: str
    provider: str
    input_per_mtok: float
    output_per_mtok: float
    cached_input_per_mtok: float | None
    source: str
    as_of: str
    fine_tuned: bool = False
    source_url: str = ""
    processing: Processing = "standard"


@dataclass(frozen=True)
class TrainingPrice:
    model: str
    per_mtok: float
    source: str
    as_of: str


class FinetuneRow(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str = Field(min_length=1)
    route: Route = "openai"
    snapshot: str = Field(min_length=1)
    training_per_mtok: float = Field(gt=0)
    ft_input_per_mtok: float = Field(gt=0)
    ft_cached_input_per_mtok: float | None = Field(default=None, gt=0)
    ft_output_per_mtok: float = Field(gt=0)
    ft_batch_input_per_mtok: float | None = Field(default=None, gt=0)
    ft_batch_output_per_mtok: float | None = Field(default=None, gt=0)
    source: str = Field(pattern=r"^https://")
    as_of: str | None = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")  # None: not verified here
    checked: str = Field(min_length=1)


class FinetuneTable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rows: list[FinetuneRow] = Field(min_length=1)


def load_finetune_table(path: Path = FINETUNE_TABLE) -> tuple[FinetuneRow, ...]:
    table: FinetuneTable = validate(FinetuneTable, read_yaml(path), path)
    return tuple(table.rows)


@lru_cache(maxsize=1)
def _table() -> tuple[FinetuneRow, ...]:
    return load_finetune_table()


def _table_row(model: str) -> FinetuneRow | None:
    name = base_model_name(model)
    for row in _table():
        if name in (row.model, row.snapshot):
            return row
    return None


@lru_cache(maxsize=1)
def _snapshot() -> Any:
    """genai-prices' bundled data as a snapshot of our own (never the auto-updated one)."""
    from genai_prices.data import providers
    from genai_prices.data_snapshot import DataSnapshot

    return DataSnapshot(providers=providers, from_auto_update=False)


def _as_float(value: Any, input_tokens: int = 0) -> float | None:
    """A genai-prices price (Decimal, tiered price or None) as a float. A tiered price gives the tier a
    request with ``input_tokens`` input tokens pays (genai-prices' rule: the highest tier whose start the
    request's input tokens exceed applies to all its tokens; 0 gives the base tier)."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    base = getattr(value, "base", None)
    tiers = getattr(value, "tiers", None)
    if isinstance(base, Decimal) and isinstance(tiers, list):
        chosen = base
        for tier in sorted(tiers, key=lambda t: t.start):
            if input_tokens > tier.start:
                chosen = tier.price
        return float(chosen)
    raise TypeError(f"unexpected genai-prices price value {value!r}")


def _variant_applies(info: Any, context: Mapping[str, str], at: datetime) -> bool:
    """Does genai-prices have a price variant of this model for ``context`` on ``at``? (Without one,
    ``get_prices`` silently answers with the standard price.)"""
    for variant in info.price_variants or ():
        if variant.constraint is not None and not variant.constraint.active(at):
            continue
        if all(context.get(k) == v for k, v in variant.when.items()) and any(
            p is not None for p in variant.prices.__dict__.values()
        ):
            return True
    return False


def _genai_lookup(
    model_ref: str,
    provider: str,
    at: datetime,
    processing: Processing = "standard",
    input_tokens: int = 0,
) -> tuple[float, float, float | None, str] | None:
    """(input, output, cached input, pricing URL) from genai-prices, or None when it has no token price
    (or no price for this kind of processing)."""
    try:
        found_provider, info = _snapshot().find_provider_model(model_ref, None, provider, None)
    except LookupError:
        return None
    context = PRICE_CONTEXT[processing]
    if context is not None and not _variant_applies(info, context, at):
        return None
    prices = info.get_prices(at, context)
    input_price = _as_float(getattr(prices, "input_mtok", None), input_tokens)
    output_price = _as_float(getattr(prices, "output_mtok", None), input_tokens)
    if input_price is None or output_price is None:
        return None
    cached = _as_float(getattr(prices, "cache_read_mtok", None), input_tokens)
    urls = found_provider.pricing_urls or []
    return input_price, output_price, cached, (urls[0] if urls else "")


def _from_genai(
    name: str,
    provider: str,
    found: tuple[float, float, float | None, str],
    *,
    fine_tuned: bool,
    processing: Processing,
) -> ModelPrice:
    inp, out, cached, url = found
    return ModelPrice(
        model=name,
        provider=provider,
        input_per_mtok=inp,
        output_per_mtok=out,
        cached_input_per_mtok=cached,
        source=SOURCE_GENAI,
        as_of=GENAI_PRICES_AS_OF,
        fine_tuned=fine_tuned,
        source_url=url,
        processing=processing,
    )


def inference_price(
    model: str,
    provider: str = "openai",
    *,
    fine_tuned: bool = False,
    at: datetime | None = None,
    processing: Processing = "standard",
    input_tokens: int = 0,
) -> ModelPrice:
    """Price of using ``model`` (USD per 1M tokens). ``ft:...`` names count as fine-tuned.

    ``processing`` picks genai-prices' batch or flex price (its ``price_context``); ``input_tokens`` picks
    the tier of a tiered price (0: the base tier). Base models: genai-prices. Fine-tuned models:
    genai-prices where it has the fine-tuned entry (a cached-input price missing there is filled from our
    table), else our table. Raises ``UserInputError`` when unknown, or when there is no price for this
    kind of processing (``prices.err_no_processing_price``).
    """
    name = model.strip()
    if not name:
        raise UserInputError("prices.err_not_found", model=model)
    when = at or datetime.now(tz=UTC)
    is_ft = fine_tuned or name.lower().startswith("ft:")
    if not is_ft:
        found = _genai_lookup(name, provider, when, processing, input_tokens)
        if found is None:
            _raise_missing(name, provider, when, processing, model)
        assert found is not None
        return _from_genai(name, provider, found, fine_tuned=False, processing=processing)

    row = _table_row(name)
    ref = name if name.lower().startswith("ft:") else f"ft:{row.snapshot if row else base_model_name(name)}"
    found = _genai_lookup(ref, provider, when, processing, input_tokens)
    if found is not None:
        price = _from_genai(name, provider, found, fine_tuned=True, processing=processing)
        if (
            price.cached_input_per_mtok is None
            and row is not None
            and row.ft_cached_input_per_mtok is not None
            and processing == "standard"
        ):
            return replace(
                price, cached_input_per_mtok=row.ft_cached_input_per_mtok, source=SOURCE_GENAI_AND_TABLE
            )
        return price
    if row is not None:
        return _from_table(row, name, provider, processing, model)
    raise UserInputError("prices.err_not_found", model=model)


def _raise_missing(name: str, provider: str, when: datetime, processing: Processing, model: str) -> None:
    if processing != "standard" and _genai_lookup(name, provider, when) is not None:
        raise UserInputError("prices.err_no_processing_price", model=model, processing=processing)
    raise UserInputError("prices.err_not_found", model=model)


def _from_table(row: FinetuneRow, name: str, provider: str, processing: Processing, model: str) -> ModelPrice:
    if processing == "standard":
        inp, out, cached = row.ft_input_per_mtok, row.ft_output_per_mtok, row.ft_cached_input_per_mtok
    elif (
        processing == "batch"
        and row.ft_batch_input_per_mtok is not None
        and row.ft_batch_output_per_mtok is not None
    ):
        inp, out, cached = row.ft_batch_input_per_mtok, row.ft_batch_output_per_mtok, None
    else:
        raise UserInputError("prices.err_no_processing_price", model=model, processing=processing)
    return ModelPrice(
        model=name,
        provider=provider if row.route == "openai" else row.route,
        input_per_mtok=inp,
        output_per_mtok=out,
        cached_input_per_mtok=cached,
        source=SOURCE_TABLE,
        as_of=row.as_of or "",
        fine_tuned=True,
        source_url=row.source,
        processing=processing,
    )


def training_price(model: str) -> TrainingPrice:
    """Training price per 1M training tokens, from our table (``as_of`` "": not verified here)."""
    row = _table_row(model)
    if row is None:
        raise UserInputError("prices.err_no_training_price", model=model)
    return TrainingPrice(
        model=row.model, per_mtok=row.training_per_mtok, source=row.source, as_of=row.as_of or ""
    )


def route(model: str) -> Route:
    """Where a fine-tune of ``model`` is made: OpenAI, or a hosting platform for open-weight LoRA."""
    row = _table_row(model)
    if row is None:
        raise UserInputError("prices.err_no_training_price", model=model)
    return row.route


def request_cost(
    model: str,
    input_tokens: int,
    output_tokens: int,
    *,
    cached_input_tokens: int = 0,
    provider: str = "openai",
    fine_tuned: bool = False,
    processing: Processing = "standard",
    at: datetime | None = None,
) -> float:
    """USD for one request: the tier its input tokens select, at this kind of processing."""
    if min(input_tokens, output_tokens, cached_input_tokens) < 0 or cached_input_tokens > input_tokens:
        raise ValueError("token counts must not be negative; cached tokens are part of the input")
    p = inference_price(
        model, provider, fine_tuned=fine_tuned, at=at, processing=processing, input_tokens=input_tokens
    )
    cached_rate = p.input_per_mtok if p.cached_input_per_mtok is None else p.cached_input_per_mtok
    uncached = input_tokens - cached_input_tokens
    return (
        uncached * p.input_per_mtok + cached_input_tokens * cached_rate + output_tokens * p.output_per_mtok
    ) / 1_000_000


def with_override(
    price: ModelPrice,
    *,
    input_per_mtok: float | None = None,
    output_per_mtok: float | None = None,
    cached_input_per_mtok: float | None = None,
) -> ModelPrice:
    """``price`` with the given fields set to the learner's own figures; the source becomes "override".

    Fields left at None keep their value. Each figure must be a finite number of zero or more.
    """
    for value in (input_per_mtok, output_per_mtok, cached_input_per_mtok):
        if value is not None and not (0 <= value < math.inf):
            raise UserInputError("prices.err_bad_price", value=value)
    return dataclasses.replace(
        price,
        input_per_mtok=price.input_per_mtok if input_per_mtok is None else float(input_per_mtok),
        output_per_mtok=price.output_per_mtok if output_per_mtok is None else float(output_per_mtok),
        cached_input_per_mtok=(
            price.cached_input_per_mtok if cached_input_per_mtok is None else float(cached_input_per_mtok)
        ),
        source=SOURCE_OVERRIDE,
        as_of=datetime.now(tz=UTC).date().isoformat(),
        source_url="",
    )


def override_price(
    model: str,
    input_per_mtok: float,
    output_per_mtok: float,
    cached_input_per_mtok: float | None = None,
    provider: str = "custom",
) -> ModelPrice:
    """A price entered by the learner for a model no source knows (e.g. a local or self-hosted model)."""
    blank = ModelPrice(
        model=model,
        provider=provider,
        input_per_mtok=0.0,
        output_per_mtok=0.0,
        cached_input_per_mtok=None,
        source=SOURCE_OVERRIDE,
        as_of="",
    )
    return with_override(
        blank,
        input_per_mtok=input_per_mtok,
        output_per_mtok=output_per_mtok,
        cached_input_per_mtok=cached_input_per_mtok,
    )


def base_models(day: date | None = None) -> list[str]:
    """The OpenAI chat models the app offers on ``day`` (default: today): the lifecycle table's models that
    are not shut down, active ones first (every one priced by genai-prices; tested)."""
    return list(lifecycle.provider_models("openai", day or lifecycle.today()))


def finetunable_models(day: date | None = None) -> list[str]:
    """Models in our fine-tuning table that are not shut down on ``day`` (default: today), active ones
    first (short names; their dated snapshots are accepted too)."""
    when = day or lifecycle.today()
    rows = [row.model for row in _table() if lifecycle.is_offered(row.model, when)]
    return sorted(rows, key=lambda m: lifecycle.status(m, when) != "active")


def cost(tokens: int, per_mtok: float) -> float:
    """USD for ``tokens`` tokens at ``per_mtok`` USD per 1M tokens."""
    if tokens < 0 or per_mtok < 0:
        raise ValueError("tokens and price must not be negative")
    return tokens * per_mtok / 1_000_000
