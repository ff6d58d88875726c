"""The experiment's one task: a customer-support message (German or English) -> one line of JSON
``{"category": "<c>", "urgency": "<u>"}``. The codes are the same in both languages; the labels and their
definitions shown to learners are in ``content/<lang>/experiment/prompts.yaml``.

The data (``content/<lang>/experiment/{train,eval}.jsonl``) was written by ``features/experiment/datagen.py``
from hand-written fragments; the committed files are the data. The evaluation split is never used for
training or to pick few-shot examples.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from core.content import read_yaml, validate
from core.errors import ContentError
from core.i18n import LANGS, Lang
from core.paths import CONTENT_DIR

CATEGORIES: tuple[str, ...] = ("billing", "technical", "account", "shipping", "other")
URGENCIES: tuple[str, ...] = ("low", "normal", "high")
Split = Literal["train", "eval"]
SPLITS: tuple[Split, ...] = ("train", "eval")
MAX_TEXT_CHARS = 2000


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    category: str
    urgency: str
    lang: Lang


class _Line(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^(de|en)-(train|eval)-\d{4}$")
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    category: Literal["billing", "technical", "account", "shipping", "other"]
    urgency: Literal["low", "normal", "high"]


class Prompts(BaseModel):
    """``content/<lang>/experiment/prompts.yaml``: the system prompts of the variants and the labels."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    naive: str = Field(min_length=1)
    engineered: str = Field(min_length=1)
    short: str = Field(min_length=1)
    categories: dict[str, str]
    urgencies: dict[str, str]


def data_path(lang: Lang, split: Split, content_dir: Path = CONTENT_DIR) -> Path:
    return content_dir / lang / "experiment" / f"{split}.jsonl"


def parse_examples(text: str, lang: Lang, split: Split, source: Path) -> tuple[Example, ...]:
    """Examples from JSONL text; a bad line raises ``ContentError`` naming the file and the line."""
    out: list[Example] = []
    seen: set[str] = set()
    prefix = f"{lang}-{split}-"
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        where = f"line {number}"
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ContentError(source, where, f"invalid JSON: {exc.msg}") from None
        try:
            line: _Line = validate(_Line, data, source)
        except ContentError as exc:
            raise ContentError(source, f"{where}: {exc.field}", exc.message) from None
        if not line.id.startswith(prefix):
            raise ContentError(source, f"{where}: id", f"expected an id starting with {prefix!r}")
        if line.id in seen:
            raise ContentError(source, f"{where}: id", f"duplicate id {line.id!r}")
        seen.add(line.id)
        out.append(Example(line.id, line.text, line.category, line.urgency, lang))
    if not out:
        raise ContentError(source, "<file>", "no examples")
    return tuple(out)


@lru_cache(maxsize=8)
def load_examples(lang: Lang, split: Split) -> tuple[Example, ...]:
    """The bundled examples of one language and split (validated)."""
    if lang not in LANGS or split not in SPLITS:
        raise ValueError(f"unknown language or split: {lang!r}, {split!r}")
    path = data_path(lang, split)
    return parse_examples(path.read_text(encoding="utf-8"), lang, split, path)


@lru_cache(maxsize=4)
def prompts(lang: Lang) -> Prompts:
    path = CONTENT_DIR / lang / "experiment" / "prompts.yaml"
    loaded: Prompts = validate(Prompts, read_yaml(path), path)
    if set(loaded.categories) != set(CATEGORIES) or set(loaded.urgencies) != set(URGENCIES):
        raise ContentError(path, "categories/urgencies", "must name exactly the task's codes")
    return loaded


def target_json(category: str, urgency: str) -> str:
    """The exact assistant text the fine-tune learns (and the graders accept)."""
    return json.dumps({"category": category, "urgency": urgency}, ensure_ascii=False)


def short_messages(lang: Lang, text: str) -> list[dict[str, str]]:
    """The fine-tuned variant's prompt, identical in training and at inference."""
    return [{"role": "system", "content": prompts(lang).short}, {"role": "user", "content": text}]
