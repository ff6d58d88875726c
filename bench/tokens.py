"""Benchmark: token counting throughput (app vs. raw tiktoken) and server time of the token explorer.

Run from the project root:  python bench/tokens.py  [--repeat 7] [--no-write]

1. Counting: ``core.tokens.count_tokens`` against raw tiktoken (``tiktoken.get_encoding(...).encode_ordinary``
   and ``.encode``) on the same ~1 MB German text, runs interleaved, median of ``--repeat`` runs each.
   Raw tiktoken normally downloads its vocabulary; here its cache (TIKTOKEN_CACHE_DIR) is pre-filled with the
   files the project ships, so nothing touches the network. Target: app throughput >= 0.9x raw.
2. Page: server time of the token explorer (``features/tokens/page.py``) under Streamlit's AppTest for a
   10,000-token German text: the first render of a new text (counting and drawing, cache miss) and a rerun
   (cache hit), median of ``--repeat`` runs each. Target: < 300 ms.

CPU time (of this process) is reported next to wall time: the machine is shared, and CPU time is not
inflated by other jobs. Results are printed as a table and written to bench/results/tokens.md.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import hashlib
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.machine import describe, load  # noqa: E402
from core import tokens  # noqa: E402
from core.paths import CONTENT_DIR  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "tokens.md"
TARGET_BYTES = 1_000_000
PAGE_TOKENS = 10_000
MODEL = "gpt-4o-mini"


def german_corpus() -> str:
    """All German teaching text of the project (lessons, quizzes, glossary, passages, interface strings)."""
    parts = [p.read_text(encoding="utf-8") for p in sorted((CONTENT_DIR / "de").rglob("*")) if p.is_file()]
    return "\n\n".join(parts)


def german_text(n_bytes: int) -> str:
    """About ``n_bytes`` of UTF-8 German text: the corpus repeated, cut at a character boundary."""
    corpus = german_corpus()
    text = corpus
    while len(text.encode("utf-8")) < n_bytes:
        text += "\n\n" + corpus
    return text.encode("utf-8")[:n_bytes].decode("utf-8", errors="ignore")


def raw_tiktoken(name: str) -> object:
    """tiktoken's own ``get_encoding`` with its download cache pre-filled from the shipped files (offline)."""
    import tiktoken

    cache = Path(tempfile.mkdtemp(prefix="tiktoken-bench-"))
    url = f"https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"
    raw = gzip.decompress((tokens.TIKTOKEN_DIR / f"{name}.tiktoken.gz").read_bytes())
    (cache / hashlib.sha1(url.encode()).hexdigest()).write_bytes(raw)
    os.environ["TIKTOKEN_CACHE_DIR"] = str(cache)
    return tiktoken.get_encoding(name)


def timed(fn: Callable[[], object]) -> tuple[float, float, object]:
    """(wall seconds, CPU seconds of this process, result) of one call; GC run before, paused during.

    The machine is shared, so wall time also measures other people's jobs; the process's CPU time does not,
    which makes it the fairer basis for a ratio between two runs of the same kind of work.
    """
    gc.collect()
    gc.disable()
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        return time.perf_counter() - wall, time.process_time() - cpu, result
    finally:
        gc.enable()


def bench_counting(repeat: int) -> list[tuple[str, str]]:
    text = german_text(TARGET_BYTES)
    mb = len(text.encode("utf-8")) / 1_000_000
    encoding, _ = tokens.encoding_for_model(MODEL)
    build_wall, _, _ = timed(lambda: tokens.get_encoding(encoding))  # cold build from the shipped file
    raw = raw_tiktoken(encoding)
    expected = tokens.count_tokens(text, MODEL).tokens  # warm-up
    assert len(raw.encode_ordinary(text)) == expected  # type: ignore[attr-defined]

    calls: dict[str, Callable[[], object]] = {
        "app": lambda: tokens.count_tokens(text, MODEL).tokens,
        "raw_ordinary": lambda: len(raw.encode_ordinary(text)),  # type: ignore[attr-defined]
        "raw_encode": lambda: len(raw.encode(text)),  # type: ignore[attr-defined]
    }
    wall: dict[str, list[float]] = {name: [] for name in calls}
    cpu: dict[str, list[float]] = {name: [] for name in calls}
    order = list(calls)
    for _ in range(repeat):  # interleaved and rotated, so machine noise hits all three alike
        for name in order:
            w, c, n = timed(calls[name])
            assert n == expected, name
            wall[name].append(w)
            cpu[name].append(c)
        order = order[1:] + order[:1]

    def med(d: dict[str, list[float]], name: str) -> float:
        return statistics.median(d[name])

    def row(label: str, name: str) -> tuple[str, str]:
        c, w = med(cpu, name), med(wall, name)
        return label, f"{c * 1000:.0f} ms CPU · {mb / c:.2f} MB/s (wall {w * 1000:.0f} ms)"

    return [
        ("text", f"{mb:.2f} MB German ({len(text):,} characters, {expected:,} tokens, {encoding})"),
        (
            "building the encoding from the shipped file (cold, once per process)",
            f"{build_wall * 1000:.0f} ms",
        ),
        row("core.tokens.count_tokens", "app"),
        row("raw tiktoken encode_ordinary", "raw_ordinary"),
        row("raw tiktoken encode (also checks for special tokens)", "raw_encode"),
        (
            "**throughput app / raw encode_ordinary** (target >= 0.9)",
            f"**{med(cpu, 'raw_ordinary') / med(cpu, 'app'):.2f}x** CPU "
            f"({med(wall, 'raw_ordinary') / med(wall, 'app'):.2f}x wall)",
        ),
        (
            "throughput app / raw encode",
            f"{med(cpu, 'raw_encode') / med(cpu, 'app'):.2f}x CPU "
            f"({med(wall, 'raw_encode') / med(wall, 'app'):.2f}x wall)",
        ),
    ]


def text_of_tokens(n: int) -> str:
    enc = tokens.get_encoding("o200k_base")
    ids = enc.encode_ordinary(german_text(200_000))[:n]
    return enc.decode(ids)


def bench_page(repeat: int) -> list[tuple[str, str]]:
    from tests.apptest import open_page

    base = text_of_tokens(PAGE_TOKENS)
    at = open_page("pages/tokens.py", "de", timeout=60)
    first_wall: list[float] = []
    first_cpu: list[float] = []
    rerun_wall: list[float] = []
    rerun_cpu: list[float] = []
    for i in range(repeat + 1):
        at.text_area(key="tok_text").set_value(base + f" {i}")  # a new text each time: the caches miss
        w, c, _ = timed(at.run)
        assert not at.exception, [e.value for e in at.exception]
        w2, c2, _ = timed(at.run)
        if i:  # the first round warms up imports and the encodings
            first_wall.append(w)
            first_cpu.append(c)
            rerun_wall.append(w2)
            rerun_cpu.append(c2)
    shown = tokens.count_with(base + " 1", "o200k_base")

    def ms(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:.0f} ms"

    return [
        ("text", f"{shown:,} tokens (o200k_base), German; 2,000 tokens drawn"),
        (
            "**first render of a new text**, median (target < 300 ms)",
            f"**{ms(first_wall)}** wall · {ms(first_cpu)} CPU",
        ),
        ("rerun with the same text, median", f"{ms(rerun_wall)} wall · {ms(rerun_cpu)} CPU"),
        ("slowest first render", f"{max(first_wall) * 1000:.0f} ms wall"),
    ]


def table(title: str, rows: list[tuple[str, str]]) -> str:
    lines = [f"### {title}", "", "| measure | result |", "|---|---|"]
    lines += [f"| {a} | {b} |" for a, b in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--no-write", action="store_true", help="print only, do not write bench/results")
    args = parser.parse_args()

    import tiktoken

    counting = bench_counting(args.repeat)
    page = bench_page(args.repeat)
    report = "\n".join(
        [
            "## Token explorer (issue 3)",
            "",
            f"Command: `python bench/tokens.py --repeat {args.repeat}`  ",
            f"Date: {datetime.now(tz=UTC).strftime('%Y-%m-%d %H:%M UTC')}  ",
            f"Machine: {describe()}  ",
            f"tiktoken {tiktoken.__version__}; medians of {args.repeat} runs; load average before: {load()}",
            "",
            table("Counting ~1 MB of German text", counting),
            "",
            table("Server time of the token explorer (AppTest)", page),
            "",
        ]
    )
    print(report)
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(report, encoding="utf-8")
        print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
