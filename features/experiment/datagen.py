"""How the experiment's data set was made (run once by hand; the app never runs it):

    python -m features.experiment.datagen

composes support messages from the hand-written fragments in ``content/<lang>/experiment/fragments.yaml``
with a seeded random generator and writes ``train.jsonl`` and ``eval.jsonl`` per language. Each message is
one issue sentence (it fixes the category), an urgency sentence (it fixes the urgency; "normal" messages
often have none) and, depending on the tone, a greeting, a closing, an angry remark, a rambling aside,
terse lower-case writing or typos. The evaluation split draws only from the fragments' ``eval`` pools, so
no sentence of it appears in training: the evaluation measures generalisation to new wording.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.content import read_yaml
from core.errors import ContentError
from core.i18n import LANGS, Lang
from core.paths import CONTENT_DIR
from features.experiment.task import CATEGORIES, URGENCIES, Example, Split, data_path

SIZES: dict[Split, int] = {"train": 440, "eval": 132}
SEEDS: dict[Split, int] = {"train": 12, "eval": 1012}
CATEGORY_WEIGHTS = (0.22, 0.24, 0.2, 0.2, 0.14)
URGENCY_WEIGHTS = (0.25, 0.45, 0.3)
TONES = ("plain", "polite", "angry", "terse", "rambling", "typos")
TONE_WEIGHTS = (0.2, 0.22, 0.14, 0.16, 0.14, 0.14)


@dataclass(frozen=True)
class Pools:
    """The fragments of one split."""

    issues: dict[str, tuple[str, ...]]
    urgency: dict[str, tuple[str, ...]]
    openers: tuple[str, ...]
    closers: tuple[str, ...]
    angry: tuple[str, ...]
    rambling: tuple[str, ...]


def _pool(data: Any, path: Path, where: str, split: Split) -> tuple[str, ...]:
    if not isinstance(data, dict) or not isinstance(data.get(split), list) or not data[split]:
        raise ContentError(path, f"{where}.{split}", "expected a non-empty list")
    return tuple(str(s) for s in data[split])


def load_pools(lang: Lang, split: Split, content_dir: Path = CONTENT_DIR) -> Pools:
    path = content_dir / lang / "experiment" / "fragments.yaml"
    data = read_yaml(path)
    return Pools(
        issues={c: _pool(data["issues"].get(c), path, f"issues.{c}", split) for c in CATEGORIES},
        urgency={u: _pool(data["urgency"].get(u), path, f"urgency.{u}", split) for u in URGENCIES},
        openers=_pool(data.get("openers"), path, "openers", split),
        closers=_pool(data.get("closers"), path, "closers", split),
        angry=_pool(data.get("angry"), path, "angry", split),
        rambling=_pool(data.get("rambling"), path, "rambling", split),
    )


def add_typos(text: str, rng: random.Random, count: int) -> str:
    """Swap two neighbouring letters inside ``count`` words of at least five letters (or drop one)."""
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    for i in rng.sample(candidates, min(count, len(candidates))):
        w = words[i]
        j = rng.randrange(1, len(w) - 2)
        words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :] if rng.random() < 0.7 else w[:j] + w[j + 1 :]
    return " ".join(words)


def compose(pools: Pools, category: str, urgency: str, tone: str, rng: random.Random) -> str:
    """One message of the given labels and tone."""
    issue = rng.choice(pools.issues[category])
    cue = "" if urgency == "normal" and rng.random() < 0.5 else rng.choice(pools.urgency[urgency])
    cue_first = urgency == "high" and rng.random() < 0.3
    body = [cue, issue] if cue_first else [issue, cue]
    if tone == "terse":
        short = [p.rstrip(".!?").lower() for p in body if p]
        return " - ".join(short) if rng.random() < 0.5 else ". ".join(short)
    parts: list[str] = []
    if tone in ("polite", "rambling") or (tone == "typos" and rng.random() < 0.5):
        parts.append(rng.choice(pools.openers))
    if tone == "rambling":
        parts.append(rng.choice(pools.rambling))
    if tone == "angry":
        parts.append(rng.choice(pools.angry))
        body = [p.replace(".", "!") if rng.random() < 0.6 else p for p in body]
    parts.extend(p for p in body if p)
    if tone == "rambling" and rng.random() < 0.5:
        parts.append(rng.choice([r for r in pools.rambling if r not in parts] or pools.rambling))
    if tone in ("polite", "rambling") or rng.random() < 0.2:
        parts.append(rng.choice(pools.closers))
    sep = "\n" if tone in ("polite", "rambling") and rng.random() < 0.5 else " "
    text = sep.join(parts)
    if tone == "typos":
        text = add_typos(text, rng, rng.randint(1, 3))
    if tone == "angry" and rng.random() < 0.3:
        text = text.upper()
    return text


def generate(lang: Lang, split: Split, content_dir: Path = CONTENT_DIR) -> list[dict[str, str]]:
    """The rows of one split, reproducible from ``SEEDS``."""
    pools = load_pools(lang, split, content_dir)
    rng = random.Random(f"{lang}-{SEEDS[split]}")
    rows: list[dict[str, str]] = []
    seen: set[str] = set()
    while len(rows) < SIZES[split]:
        category = rng.choices(CATEGORIES, CATEGORY_WEIGHTS)[0]
        urgency = rng.choices(URGENCIES, URGENCY_WEIGHTS)[0]
        tone = rng.choices(TONES, TONE_WEIGHTS)[0]
        text = compose(pools, category, urgency, tone, rng)
        if text in seen:
            continue
        seen.add(text)
        number = len(rows) + 1
        rows.append(
            {"id": f"{lang}-{split}-{number:04d}", "text": text, "category": category, "urgency": urgency}
        )
    return rows


def write_all(content_dir: Path = CONTENT_DIR) -> None:
    for lang in LANGS:
        for split in ("train", "eval"):
            rows = generate(lang, split, content_dir)
            lines = [json.dumps(r, ensure_ascii=False) for r in rows]
            data_path(lang, split, content_dir).write_text("\n".join(lines) + "\n", encoding="utf-8")


def label_table(examples: Sequence[Example]) -> str:
    """The data card's label distribution of one split: a Markdown table, categories x urgencies."""
    counts = Counter((e.category, e.urgency) for e in examples)
    lines = ["| category | " + " | ".join(URGENCIES) + " | total |", "|---" * (len(URGENCIES) + 2) + "|"]
    for c in CATEGORIES:
        row = [counts[(c, u)] for u in URGENCIES]
        lines.append(f"| {c} | " + " | ".join(str(n) for n in row) + f" | {sum(row)} |")
    totals = [sum(counts[(c, u)] for c in CATEGORIES) for u in URGENCIES]
    lines.append("| total | " + " | ".join(str(n) for n in totals) + f" | {sum(totals)} |")
    return "\n".join(lines)


if __name__ == "__main__":
    write_all()
