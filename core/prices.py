"""Model prices in USD per 1M tokens, each with its source and an as-of date.

Inference prices come from the `genai-prices` package (pinned, see requirements.txt). Its price data is a
Python module bundled in the wheel; the package only fetches fresh data from GitHub when a caller starts its
``UpdatePrices`` background task. This module never does: it builds its own snapshot from the bundled data
(``genai_prices.data.providers``), so a lookup is offline and always answers from the pinned release, even if
some other code in the process started an updater.

Fine-tuning training prices, and fine-tuned inference prices genai-prices lacks, come from our small dated
table ``core/data/finetune_prices.yaml``. Any price can be replaced by the learner's own (``with_override``).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

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

# The OpenAI chat models the app offers, cheapest families first within each generation.
_BASE_MODELS: tuple[str, ...] = (
    "gpt-4o-mini",
    "gpt-4o",
    "gpt-4.1-nano",
    "gpt-4.1-mini",
    "gpt-4.1",
    "o3-mini",
    "o4-mini",
    "o3",
    "gpt-5-nano",
    "gpt-5-mini",
    "gpt-5",
    "gpt-5.4-mini",
    "gpt-5.4",
    "gpt-3.5-turbo",
)


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


@dataclass(frozen=True)
class TrainingPrice:
    model: str
    per_mtok: float
    source: str
    as_of: str


class FinetuneRow(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str = Field(min_length=1)
    snapshot: str = Field(min_length=1)
    training_per_mtok: float = Field(gt=0)
    ft_input_per_mtok: float = Field(gt=0)
    ft_cached_input_per_mtok: float | None = Field(default=None, gt=0)
    ft_output_per_mtok: float = Field(gt=0)
    source: str = Field(pattern=r"^https://")
    as_of: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
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


def _as_float(value: Any) -> float | None:
    """A genai-prices price (Decimal, tiered price or None) as a float; tiered prices give their base tier."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    base = getattr(value, "base", None)
    if isinstance(base, Decimal):
        return float(base)
    raise TypeError(f"unexpected genai-prices price value {value!r}")


def _genai_lookup(
    model_ref: str, provider: str, at: datetime
) -> tuple[float, float, float | None, str] | None:
    """(input, output, cached input, pricing URL) from genai-prices, or None when it has no token price."""
    try:
        found_provider, info = _snapshot().find_provider_model(model_ref, None, provider, None)
    except LookupError:
        return None
    prices = info.get_prices(at)
    input_price = _as_float(getattr(prices, "input_mtok", None))
    output_price = _as_float(getattr(prices, "output_mtok", None))
    if input_price is None or output_price is None:
        return None
    cached = _as_float(getattr(prices, "cache_read_mtok", None))
    urls = found_provider.pricing_urls or []
    return input_price, output_price, cached, (urls[0] if urls else "")


def _from_genai(
    name: str, provider: str, found: tuple[float, float, float | None, str], *, fine_tuned: bool
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
    )


def inference_price(
    model: str, provider: str = "openai", *, fine_tuned: bool = False, at: datetime | None = None
) -> ModelPrice:
    """Price of using ``model`` (USD per 1M tokens). ``ft:...`` names count as fine-tuned.

    Base models: genai-prices. Fine-tuned models: genai-prices where it has the fine-tuned entry (a
    cached-input price missing there is filled from our table), else our table. Raises
    ``UserInputError`` when unknown.
    """
    name = model.strip()
    if not name:
        raise UserInputError("prices.err_not_found", model=model)
    when = at or datetime.now(tz=UTC)
    is_ft = fine_tuned or name.lower().startswith("ft:")
    if not is_ft:
        found = _genai_lookup(name, provider, when)
        if found is None:
            raise UserInputError("prices.err_not_found", model=model)
        return _from_genai(name, provider, found, fine_tuned=False)

    row = _table_row(name)
    ref = name if name.lower().startswith("ft:") else f"ft:{row.snapshot if row else base_model_name(name)}"
    found = _genai_lookup(ref, provider, when)
    if found is not None:
        price = _from_genai(name, provider, found, fine_tuned=True)
        if (
            price.cached_input_per_mtok is None
            and row is not None
            and row.ft_cached_input_per_mtok is not None
        ):
            return replace(
                price, cached_input_per_mtok=row.ft_cached_input_per_mtok, source=SOURCE_GENAI_AND_TABLE
            )
        return price
    if row is not None and provider == "openai":
        return ModelPrice(
            model=name,
            provider=provider,
            input_per_mtok=row.ft_input_per_mtok,
            output_per_mtok=row.ft_output_per_mtok,
            cached_input_per_mtok=row.ft_cached_input_per_mtok,
            source=SOURCE_TABLE,
            as_of=row.as_of,
            fine_tuned=True,
            source_url=row.source,
        )
    raise UserInputError("prices.err_not_found", model=model)


def training_price(model: str) -> TrainingPrice:
    """Fine-tuning training price per 1M training tokens, from our dated table."""
    row = _table_row(model)
    if row is None:
        raise UserInputError("prices.err_no_training_price", model=model)
    return TrainingPrice(model=row.model, per_mtok=row.training_per_mtok, source=row.source, as_of=row.as_of)


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


def base_models() -> list[str]:
    """The OpenAI chat models the app offers (every one priced by genai-prices; tested)."""
    return list(_BASE_MODELS)


def finetunable_models() -> list[str]:
    """Models in our fine-tuning table (short names; their dated snapshots are accepted too)."""
    return [row.model for row in _table()]


def cost(tokens: int, per_mtok: float) -> float:
    """USD for ``tokens`` tokens at ``per_mtok`` USD per 1M tokens."""
    if tokens < 0 or per_mtok < 0:
        raise ValueError("tokens and price must not be negative")
    return tokens * per_mtok / 1_000_000
