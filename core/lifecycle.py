"""Model lifecycle: which models exist, until when, and what they accept — our dated table
``core/data/model_lifecycle.yaml`` (every row names its source and the day it was checked).

A model's status is computed against a given day: ``active`` (no shutdown announced), ``deprecated``
(a shutdown date is announced and has not come), ``shut_down`` (the date has come), ``unknown`` (not in
the table: a model on your own server, say). The app offers only models that are not shut down and
picks its defaults among the active ones (``tests/test_lifecycle.py`` walks every default and list).

Prices are not in the table: ``catalogue`` joins it with ``core.prices`` (genai-prices, our table).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from core.content import read_yaml, validate
from core.paths import DATA_DIR
from core.tokens import base_model_name

TABLE: Path = DATA_DIR / "model_lifecycle.yaml"

Status = Literal["active", "deprecated", "shut_down", "unknown"]
Sampling = Literal["always", "never", "effort_none"]
Effort = Literal["none", "minimal", "low", "medium", "high", "xhigh", "max"]
NOT_VERIFIED = "not verified here"
_DATE = r"^\d{4}-\d{2}-\d{2}$"
_SNAPSHOT = re.compile(r"-\d{4}-\d{2}-\d{2}$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Defaults(_Strict):
    source: str = Field(pattern=r"^https://")
    checked: str = Field(pattern=_DATE)


class Row(_Strict):
    model: str = Field(min_length=1)
    provider: str = Field(min_length=1)
    shutdown: date | None = None
    replacement: str | None = None
    replacement_by: Literal["openai", "app"] | None = None
    fine_tunable: bool = False
    fine_tuning_ends: date | None = None
    sampling: Sampling = "always"
    efforts: tuple[Effort, ...] = ()
    source: str = Field(default="", pattern=r"^(https://.*)?$")
    checked: str = ""
    note: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> Row:
        if self.replacement is not None and self.replacement_by is None:
            raise ValueError("a replacement needs replacement_by (openai or app)")
        if self.sampling == "effort_none" and "none" not in self.efforts:
            raise ValueError('sampling "effort_none" needs "none" among the efforts')
        if self.checked and self.checked != NOT_VERIFIED and not re.match(_DATE, self.checked):
            raise ValueError(f"checked must be YYYY-MM-DD or {NOT_VERIFIED!r}")
        return self


class Table(_Strict):
    defaults: Defaults
    rows: list[Row] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_and_replaced(self) -> Table:
        names = [r.model for r in self.rows]
        if len(names) != len(set(names)):
            raise ValueError("a model is listed twice")
        for r in self.rows:
            if r.replacement is not None and r.replacement not in names:
                raise ValueError(f"{r.model}: replacement {r.replacement!r} is not in the table")
        return self


@dataclass(frozen=True)
class Entry:
    """One model's lifecycle row with the table's defaults filled in."""

    model: str
    provider: str
    shutdown: date | None
    replacement: str | None
    replacement_by: str | None
    fine_tunable: bool
    fine_tuning_ends: date | None
    sampling: Sampling
    efforts: tuple[Effort, ...]
    source: str
    checked: str
    note: str

    def status(self, today: date) -> Status:
        if self.shutdown is None:
            return "active"
        return "shut_down" if today >= self.shutdown else "deprecated"

    def can_fine_tune(self, today: date) -> bool:
        """Can a new fine-tuning job be created on this model on ``today``?"""
        if not self.fine_tunable or self.status(today) == "shut_down":
            return False
        return self.fine_tuning_ends is None or today < self.fine_tuning_ends


def load_table(path: Path = TABLE) -> tuple[Entry, ...]:
    table: Table = validate(Table, read_yaml(path), path)
    d = table.defaults
    return tuple(
        Entry(
            model=r.model,
            provider=r.provider,
            shutdown=r.shutdown,
            replacement=r.replacement,
            replacement_by=r.replacement_by,
            fine_tunable=r.fine_tunable,
            fine_tuning_ends=r.fine_tuning_ends,
            sampling=r.sampling,
            efforts=r.efforts,
            source=r.source or d.source,
            checked=r.checked or d.checked,
            note=r.note,
        )
        for r in table.rows
    )


@lru_cache(maxsize=1)
def entries() -> tuple[Entry, ...]:
    return load_table()


def today() -> date:
    """The real date (UTC). Tests pass a fixed day to the functions below instead."""
    return datetime.now(tz=UTC).date()


def entry(model: str) -> Entry | None:
    """The row of ``model``; ``ft:<base>:…`` names and dated snapshots find their base model's row."""
    name = base_model_name(model)
    by_name = {e.model: e for e in entries()}
    return by_name.get(name) or by_name.get(_SNAPSHOT.sub("", name))


def status(model: str, day: date) -> Status:
    found = entry(model)
    return "unknown" if found is None else found.status(day)


def is_offered(model: str, day: date) -> bool:
    """Not shut down on ``day`` (a model the table does not know is the learner's own business)."""
    return status(model, day) != "shut_down"


def offered(models: tuple[str, ...] | list[str], day: date) -> tuple[str, ...]:
    return tuple(m for m in models if is_offered(m, day))


def provider_models(provider: str, day: date) -> tuple[str, ...]:
    """The provider's models the app offers on ``day``: active ones first, then deprecated ones by date."""
    rows = [e for e in entries() if e.provider == provider and e.status(day) != "shut_down"]
    active = [e.model for e in rows if e.status(day) == "active"]
    dated = sorted((e for e in rows if e.status(day) == "deprecated"), key=lambda e: e.shutdown or day)
    return (*active, *(e.model for e in dated))


def default_model(provider: str, day: date) -> str:
    """The first active model of ``provider`` in the table's order."""
    for e in entries():
        if e.provider == provider and e.status(day) == "active":
            return e.model
    raise LookupError(f"no active {provider} model in {TABLE.name} on {day.isoformat()}")


@dataclass(frozen=True)
class Notice:
    """What a badge or a message says about a model that is not active."""

    model: str
    status: Status
    shutdown: date
    replacement: str | None


def notice(model: str, day: date) -> Notice | None:
    """None for an active or unknown model; else its status, shutdown date and replacement."""
    found = entry(model)
    if found is None or found.shutdown is None:
        return None
    return Notice(model, found.status(day), found.shutdown, found.replacement)


def replacement(model: str, day: date) -> str | None:
    """The model to use instead of a shut-down or deprecated one: follows replacements to one that is
    offered on ``day``."""
    seen: set[str] = set()
    found = entry(model)
    while found is not None and found.replacement is not None and found.model not in seen:
        seen.add(found.model)
        nxt = entry(found.replacement)
        if nxt is None or nxt.status(day) == "active":
            return found.replacement
        found = nxt
    return None


# ------------------------------------------------------------------------------------------ parameters
def efforts(model: str) -> tuple[Effort, ...]:
    """The reasoning efforts the app offers for ``model`` (first = default); () when not a reasoning model."""
    found = entry(model)
    return () if found is None else found.efforts


def accepts_sampling(model: str, effort: str | None) -> bool:
    """Does ``model`` accept temperature and top_p with this reasoning effort? Unknown models: yes (the
    classic Chat Completions parameters every compatible server knows)."""
    found = entry(model)
    if found is None or found.sampling == "always":
        return True
    if found.sampling == "never":
        return False
    return effort == "none"


# ------------------------------------------------------------------------------------------ joined
@dataclass(frozen=True)
class CatalogueRow:
    """A lifecycle row joined with its price (``core.prices``: genai-prices or our fine-tuning table)."""

    entry: Entry
    status: Status
    input_per_mtok: float | None  # None: no price known (e.g. an open-weight model you host yourself)
    output_per_mtok: float | None
    price_source: str


def catalogue(day: date) -> tuple[CatalogueRow, ...]:
    """Every model of the table with its status on ``day`` and its price (fine-tuned price for open-weight
    models, which are only offered as fine-tuning routes)."""
    from core import prices  # core.prices imports this module: import it only when the join is made
    from core.errors import UserInputError

    rows: list[CatalogueRow] = []
    for e in entries():
        try:
            p = prices.inference_price(e.model, fine_tuned=e.provider != "openai")
        except UserInputError:
            rows.append(CatalogueRow(e, e.status(day), None, None, ""))
            continue
        rows.append(CatalogueRow(e, e.status(day), p.input_per_mtok, p.output_per_mtok, p.source))
    return tuple(rows)
