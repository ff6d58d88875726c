"""Where a training set comes from besides an upload or pasted text: the bundled samples and the playground's
runs. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from core.errors import UserInputError
from core.i18n import Lang
from core.llm.history import HistoryEntry, training_records
from core.paths import CONTENT_DIR

SampleName = Literal["sample", "bad_sample"]
SAMPLES: tuple[SampleName, ...] = ("sample", "bad_sample")
SOURCES = ("sample", "upload", "paste", "history")
PASTE_EXAMPLE = (
    '{"messages": [{"role": "system", "content": "…"}, {"role": "user", "content": "…"}, '
    '{"role": "assistant", "content": "…"}]}'
)


def sample_bytes(lang: Lang, name: SampleName) -> bytes:
    """A bundled sample file of one language."""
    if name not in SAMPLES:
        raise ValueError(f"unknown sample {name!r}")
    return (CONTENT_DIR / lang / "datalab" / f"{name}.jsonl").read_bytes()


def examples_from_runs(runs: Iterable[HistoryEntry]) -> list[dict[str, Any]]:
    """Chat examples from the playground's runs: the request's messages and the reply (``result.text``).

    Runs without a reply (failed runs) are left out. Raises ``UserInputError("datalab.err_history_empty")``
    when nothing usable is there.
    """
    examples: list[dict[str, Any]] = list(training_records(runs))
    if not examples:
        raise UserInputError("datalab.err_history_empty")
    return examples
