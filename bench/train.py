"""Benchmark: LoRA training of the built-in model (needs requirements-train.txt).

Run from the project root:  python bench/train.py  [--steps 6] [--threads 2] [--no-live] [--no-write]

1. **Our loop vs a plain PEFT loop, same batches** (target: ours >= 0.9x). Two LoRA models from the same
   seed train on the same ``--steps`` batches of the bundled training split (page batch size), the steps
   interleaved (ours, plain, ours, plain, ...) so a change in the machine's load hits both alike. "Plain" is
   the textbook loop: ``model(input_ids, attention_mask, labels)`` (logits at every position), backward,
   AdamW. Ours applies the output layer to the answer positions only. Tokens/s = real (not padding) tokens
   per second of process CPU time and of wall time.
2. **A live training with the page's defaults** (target: within 5 minutes on 2 cores), through the real job
   runner (``train_jobs.Runner``, as the page uses it): from submitting until the adapter is written,
   including loading the base weights; and the process's peak memory (max RSS) after it.

Results are printed and written to bench/results/train.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.machine import LoadWindow, describe  # noqa: E402
from features.experiment import sections_train, train, train_jobs, train_loop  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "train.md"


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def live_run(threads: int) -> dict[str, Any]:
    config = dataclasses.replace(sections_train.PAGE_CONFIG, threads=threads)
    examples = sections_train.bundled_examples("en", sections_train.PAGE_EXAMPLES)
    runner = train_jobs.Runner()
    session = train_jobs.SessionDir()
    start, cpu0 = time.perf_counter(), time.process_time()
    job = runner.submit("bench", config, examples, session.path, "bench")
    runner.wait(job)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu0
    out = {
        "examples": len(examples),
        "steps": job.progress.step,
        "state": job.state,
        "wall": wall,
        "cpu": cpu,
        "train_wall": sum(job.progress.step_seconds),
        "first_loss": job.progress.losses[0] if job.progress.losses else float("nan"),
        "last_loss": job.progress.losses[-1] if job.progress.losses else float("nan"),
        "rss": _rss_mb(),
        "threads": threads,
    }
    session.remove()
    return out


def loop_ratio(steps: int, threads: int) -> dict[str, Any]:
    import torch

    config = dataclasses.replace(sections_train.PAGE_CONFIG, threads=threads)
    torch.set_num_threads(threads)
    base = train_loop.load_base()
    examples = train.task_examples(["de", "en"])
    encoded = [train_loop.encode(base.tokenizer, e) for e in examples]
    batches = train_loop.plan_batches([len(e.ids) for e in encoded], config)[:steps]
    pad = int(base.tokenizer.pad_token_id)
    runs: dict[str, dict[str, Any]] = {}
    for name, fn in (("ours", train_loop.answer_loss), ("plain", train_loop.plain_loss)):
        model = train_loop.make_peft(base.copy(), config)
        model.train()
        params = [p for p in model.parameters() if p.requires_grad]
        runs[name] = {"model": model, "fn": fn, "opt": torch.optim.AdamW(params, lr=config.lr), "cpu": 0.0}
        runs[name] |= {"wall": 0.0, "tokens": 0, "loss": []}
    for batch in batches:
        ids, mask, labels = train_loop.collate([encoded[i] for i in batch], pad)
        for run in runs.values():
            w0, c0 = time.perf_counter(), time.process_time()
            loss = run["fn"](run["model"], ids, mask, labels)
            run["opt"].zero_grad(set_to_none=True)
            loss.backward()
            run["opt"].step()
            run["wall"] += time.perf_counter() - w0
            run["cpu"] += time.process_time() - c0
            run["tokens"] += int(mask.sum())
            run["loss"].append(float(loss.detach()))
    result: dict[str, Any] = {"steps": len(batches), "threads": threads, "tokens": runs["ours"]["tokens"]}
    for name, run in runs.items():
        result[name] = {k: run[k] for k in ("wall", "cpu", "tokens", "loss")}
    result["ratio_cpu"] = runs["plain"]["cpu"] / runs["ours"]["cpu"]
    result["ratio_wall"] = runs["plain"]["wall"] / runs["ours"]["wall"]
    result["max_loss_diff"] = max(
        abs(a - b) for a, b in zip(runs["ours"]["loss"], runs["plain"]["loss"], strict=True)
    )
    return result


def report(loop: dict[str, Any] | None, live: dict[str, Any] | None, load: str) -> str:
    lines = [
        "## LoRA training (issue 12)",
        "",
        "Command: `python bench/train.py`  ",
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC  ",
        f"Machine: {describe()}  ",
        f"{load}",
        "",
        "| measure | result |",
        "|---|---|",
    ]
    if loop is not None:
        for name in ("ours", "plain"):
            r = loop[name]
            lines.append(
                f"| {name} loop, {loop['steps']} steps, {r['tokens']:,} tokens, {loop['threads']} threads | "
                f"{r['tokens'] / r['cpu']:.0f} tokens/s CPU · {r['tokens'] / r['wall']:.0f} tokens/s wall |"
            )
        lines.append(
            f"| **ours / plain tokens per second** (target >= 0.9) | **{loop['ratio_cpu']:.2f}x** CPU · "
            f"{loop['ratio_wall']:.2f}x wall (largest loss difference {loop['max_loss_diff']:.1e}) |"
        )
    if live is not None:
        lines += [
            f"| live training, page defaults: {live['examples']} examples, {live['steps']} steps, "
            f"{live['threads']} threads | state {live['state']}; first/last loss {live['first_loss']:.3f} / "
            f"{live['last_loss']:.3f} |",
            f"| **submit → adapter written** (target within 5 min), incl. loading the base weights | "
            f"**{live['wall']:.0f} s** wall · {live['cpu']:.0f} s CPU · steps {live['train_wall']:.0f} s |",
            f"| peak memory of the process (max RSS) after the live run | {live['rss']:.0f} MB |",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=6)
    parser.add_argument("--threads", type=int, default=sections_train.PAGE_CONFIG.threads)
    parser.add_argument("--no-live", action="store_true")
    parser.add_argument("--no-loop", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    window = LoadWindow()
    live = None if args.no_live else live_run(args.threads)
    loop = None if args.no_loop else loop_ratio(args.steps, args.threads)
    text = report(loop, live, window.line())
    print(text)
    if not args.no_write:
        RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
