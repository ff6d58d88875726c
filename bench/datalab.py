"""Benchmark: reading and checking a 50 MB training file in the fine-tuning data lab.

Run from the project root:  python bench/datalab.py  [--mb 50] [--no-page] [--no-write]

A synthetic chat training set of about ``--mb`` MB is built in memory from the bundled English sample (every
example made unique, so the duplicate check has real work). Measured, each once (the run is long):

1. ``features.datalab.parsing.parse_jsonl``: decode, split, JSON-parse, in chunks with a progress callback;
2. ``features.datalab.checks.analyze`` with the real tokenizer (``core.tokens`` via ``ModelCounter``): every
   check, token counts, duplicates;
3. ``features.datalab.fixes.apply_fixes`` with all fixes, and writing the fixed file;
4. the longest gap between two progress callbacks during 1 and 2 (the page redraws its progress bar at every
   callback, so this is the longest time the learner sees no movement; target < 1 s), in CPU time (the
   work between two updates) and in wall time (which on a shared machine includes waiting for a core);
5. optionally the data lab page under Streamlit's AppTest with that file uploaded (server time of the run).

CPU time of this process is reported next to wall time: the machine is shared. Peak memory is the process's
maximum resident set size. Results are printed and written to bench/results/datalab.md.
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.machine import LoadWindow, describe  # noqa: E402
from features.datalab import checks, fixes, parsing, sources  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "datalab.md"
MODEL = "gpt-4o-mini"


def build_file(target_bytes: int) -> bytes:
    """Unique chat examples built from the bundled sample until ``target_bytes`` is reached."""
    base = [json.loads(x) for x in sources.sample_bytes("en", "sample").decode("utf-8").splitlines()]
    lines: list[bytes] = []
    size = 0
    i = 0
    while size < target_bytes:
        example: dict[str, Any] = json.loads(json.dumps(base[i % len(base)]))
        example["messages"][1]["content"] += f" (ticket {i})"
        raw = (json.dumps(example, ensure_ascii=False) + "\n").encode("utf-8")
        if size + len(raw) > target_bytes:
            break
        lines.append(raw)
        size += len(raw)
        i += 1
    return b"".join(lines)


class Timer:
    def __enter__(self) -> Timer:
        self.wall0, self.cpu0 = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall0
        self.cpu = time.process_time() - self.cpu0


def progress_probe() -> tuple[Callable[[float], None], list[tuple[float, float]]]:
    """A progress callback that records (wall, CPU) time stamps."""
    stamps: list[tuple[float, float]] = []

    def callback(_share: float) -> None:
        stamps.append((time.perf_counter(), time.process_time()))

    return callback, stamps


def longest_gap(timer: Timer, stamps: list[tuple[float, float]]) -> tuple[float, float]:
    """Longest (wall, CPU) time between the start and a callback or between two callbacks."""
    points = [(timer.wall0, timer.cpu0), *stamps]
    pairs = list(itertools.pairwise(points))
    return max(b[0] - a[0] for a, b in pairs), max(b[1] - a[1] for a, b in pairs)


def page_run(data: bytes) -> tuple[float, float, bool]:
    from tests.apptest import open_page

    at = open_page("pages/datalab.py", "en", timeout=600)
    at.radio(key="dl_source").set_value("upload").run()
    at.file_uploader(key="dl_upload").set_value(("big.jsonl", data, "application/jsonl"))
    with Timer() as timer:
        at.run()
    return timer.wall, timer.cpu, bool(at.exception)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=50.0)
    parser.add_argument("--no-page", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    target = int(args.mb * 1024 * 1024)
    window = LoadWindow()

    data = build_file(min(target, parsing.MAX_FILE_BYTES))
    counter = checks.ModelCounter(MODEL)
    counter.chat([{"role": "user", "content": "warm up the tokenizer"}])

    callback, stamps = progress_probe()
    with Timer() as parse:
        dataset = parsing.parse_jsonl(data, callback)
    parse_gap = longest_gap(parse, stamps)
    n_parse_calls = len(stamps)

    callback, stamps = progress_probe()
    with Timer() as check:
        report = checks.analyze(dataset, counter, progress=callback)
    check_gap = longest_gap(check, stamps)
    n_check_calls = len(stamps)

    with Timer() as fix:
        fixed = fixes.apply_fixes(dataset, fixes.FIX_ORDER, counter)
        out = fixed.dataset.to_jsonl()

    tokens_total = sum(e.tokens for e in report.examples)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    page: tuple[float, float, bool] | None = None if args.no_page else page_run(data)

    mb = len(data) / 1024 / 1024
    rows = [
        ("file", f"{mb:.1f} MB, {report.n_lines:,} examples, {tokens_total:,} tokens (o200k_base)"),
        ("**parse** (decode, split, JSON)", f"**{parse.wall:.2f} s** wall · {parse.cpu:.2f} s CPU · "
         f"{mb / parse.wall:.0f} MB/s"),
        ("**check** (all checks, token counts, duplicates)",
         f"**{check.wall:.2f} s** wall · {check.cpu:.2f} s CPU · "
         f"{report.n_lines / check.wall:,.0f} examples/s"),
        ("parse + check", f"{parse.wall + check.wall:.2f} s wall · {parse.cpu + check.cpu:.2f} s CPU"),
        ("all fixes + writing the fixed file", f"{fix.wall:.2f} s wall · {fix.cpu:.2f} s CPU "
         f"({len(fixed.changes):,} changes, {len(out) / 1024 / 1024:.1f} MB out)"),
        ("progress callbacks (parse / check)", f"{n_parse_calls} / {n_check_calls}"),
        ("**longest gap between progress updates**, CPU time (target < 1 s)",
         f"**{max(parse_gap[1], check_gap[1]) * 1000:.0f} ms** (parse {parse_gap[1] * 1000:.0f} ms, "
         f"check {check_gap[1] * 1000:.0f} ms)"),
        ("longest gap between progress updates, wall time (includes waiting for the shared CPU)",
         f"{max(parse_gap[0], check_gap[0]) * 1000:.0f} ms"),
        ("peak memory of the process (max RSS)", f"{peak_mb:,.0f} MB"),
        ("findings", f"{report.n_errors} errors, {report.n_warnings} warnings"),
    ]  # fmt: skip
    if page is not None:
        rows.append(
            (
                "page: upload of the file, one AppTest run (server time)",
                f"{page[0]:.2f} s wall · {page[1]:.2f} s CPU · exception: {page[2]}",
            )
        )
    table = "| measure | result |\n|---|---|\n" + "\n".join(f"| {a} | {b} |" for a, b in rows)
    header = (
        "## Fine-tuning data lab (issue 7)\n\n"
        f"Command: `python bench/datalab.py --mb {args.mb:g}`  \n"
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC  \n"
        f"Machine: {describe()}  \n"
        f"{window.line()}; each step measured once\n\n"
    )
    text = header + table + "\n"
    print(text)
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
