"""Benchmark: the experiment page's evaluation loop on the built-in model.

Run from the project root:  python bench/experiment.py  [--n 30] [--k 4] [--rounds 2] [--adapter PATH]
[--no-write]

1. Quick evaluation: ``--n`` evaluation examples (the page's quick subset), one variant (few-shot with
   k training examples, the same for every input), through ``features.experiment.runner.evaluate`` with
   llama.cpp's prompt cache kept for the shared few-shot prefix (``LocalBackend(reuse_prefix=True)``), as
   the page runs it. Wall time (target <= 30 s on a quiet 2-core machine) and, for comparison, the same
   without prefix reuse (every request read from scratch).
2. Loop throughput vs raw llama-cpp on the same prompts: ``Llama.create_chat_completion`` in a plain loop
   (llama-cpp-python reuses the common prefix itself) against our loop (prompt building, exact token
   counts, grading, the lock). Rounds alternate (raw, loop, raw, loop ...); the ratio of requests per
   CPU-second (target >= 0.9) and of wall time.
3. Adapter inference speed vs base (target >= 0.9): the short prompt on the base model and on the base model
   with the LoRA adapter (``--adapter``, default assets/adapters/support-triage.gguf), output tokens per
   CPU-second over the same examples. Without an adapter file, a rank-8 adapter with random weights of the
   same shape is written to a temporary folder (needs the ``gguf`` package of requirements-train.txt).

Results are printed and written to bench/results/experiment.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.llm import local
from core.paths import ADAPTERS_DIR
from features.experiment import grading, runner, task, variants
from features.experiment.variants import Prompter, Variant

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "experiment.md"
QUICK_TARGET_S = 30.0
RATIO_TARGET = 0.9


@dataclass(frozen=True)
class Pass:
    wall_s: float
    cpu_s: float
    output_tokens: int
    answers: tuple[str, ...]


def timed(fn: Callable[[], list[tuple[str, int]]]) -> Pass:
    cpu0, t0 = time.process_time(), time.perf_counter()
    out = fn()
    return Pass(
        time.perf_counter() - t0, time.process_time() - cpu0, sum(n for _, n in out), tuple(a for a, _ in out)
    )


def loop_pass(
    backend: local.LocalBackend, variant: Variant, examples: tuple[task.Example, ...], p: Prompter
) -> Pass:
    model = backend._local
    return timed(
        lambda: [
            (r.answer, r.output_tokens)
            for r in runner.evaluate(backend, variant, examples, p, model.count_text)
        ]
    )


def raw_pass(model: local.LocalModel, prompts: list[list[dict[str, str]]]) -> Pass:
    def go() -> list[tuple[str, int]]:
        out = []
        for messages in prompts:
            reply = model.llama.create_chat_completion(
                messages=messages, temperature=0.0, top_p=1.0, max_tokens=runner.MAX_OUTPUT_TOKENS
            )
            out.append(
                (reply["choices"][0]["message"]["content"] or "", int(reply["usage"]["completion_tokens"]))
            )
        return out

    return timed(go)


def shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def accuracy(answers: tuple[str, ...], examples: tuple[task.Example, ...]) -> float:
    return sum(grading.grade(a, e).correct for a, e in zip(answers, examples, strict=True)) / len(examples)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=variants.QUICK_SIZE)
    parser.add_argument("--k", type=int, default=variants.DEFAULT_K)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--lang", choices=("de", "en"), default="en")
    parser.add_argument("--adapter", type=Path, default=ADAPTERS_DIR / "support-triage.gguf")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    examples = variants.quick_subset(task.load_examples(args.lang, "eval"), args.n)
    p = Prompter(args.lang, task.load_examples(args.lang, "train"))
    few = Variant("fewshot", k=args.k)
    prompts = [p.messages(few, e.text) for e in examples]
    model = local.load_local_model()
    cached = local.LocalBackend(model, reuse_prefix=True)
    fresh = local.LocalBackend(model)
    loop_pass(cached, few, examples[:2], p)  # warm-up: pages the weights in

    quick = loop_pass(cached, few, examples, p)
    no_cache = loop_pass(fresh, few, examples, p)
    raws: list[Pass] = []
    loops: list[Pass] = []
    for _ in range(args.rounds):
        raws.append(raw_pass(model, prompts))
        loops.append(loop_pass(cached, few, examples, p))
    cpu_ratio = statistics.median(r.cpu_s for r in raws) / statistics.median(x.cpu_s for x in loops)
    wall_pairs = [r.wall_s / x.wall_s for r, x in zip(raws, loops, strict=True)]
    same = all(r.answers == quick.answers for r in raws) and all(x.answers == quick.answers for x in loops)

    lines = [
        "## Experiment: evaluation loop (issue 12)",
        "",
        f"Command: `python bench/experiment.py --n {args.n} --k {args.k} --rounds {args.rounds} "
        f"--lang {args.lang}`  ",
        f"Date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M')} UTC  ",
        f"Machine: {cpu_name()}, {os.cpu_count()} CPUs, Python {platform.python_version()} "
        f"(shared with other jobs while measuring); load average before: {load_before}  ",
        f"Model: {local.MODEL_NAME}, {local.default_threads()} thread(s); greedy, max "
        f"{runner.MAX_OUTPUT_TOKENS} output tokens; few-shot k={args.k} ({len(prompts)} requests)",
        "",
        "| measurement | wall (s) | CPU (s) | accuracy |",
        "|---|---:|---:|---:|",
        f"| quick evaluation, prefix reuse (as the page) | {quick.wall_s:.1f} | {quick.cpu_s:.1f} "
        f"| {accuracy(quick.answers, examples):.0%} |",
        f"| the same, every prompt read from scratch | {no_cache.wall_s:.1f} | {no_cache.cpu_s:.1f} "
        f"| {accuracy(no_cache.answers, examples):.0%} |",
    ]
    for i, (r, x) in enumerate(zip(raws, loops, strict=True), start=1):
        lines.append(f"| round {i}: raw llama-cpp loop | {r.wall_s:.1f} | {r.cpu_s:.1f} | |")
        lines.append(f"| round {i}: our evaluation loop | {x.wall_s:.1f} | {x.cpu_s:.1f} | |")
    verdict_quick = "met" if quick.wall_s <= QUICK_TARGET_S else "NOT met on this (loaded) machine"
    verdict_loop = "met" if cpu_ratio >= RATIO_TARGET else "NOT met"
    lines += [
        "",
        f"**Quick evaluation: {quick.wall_s:.1f} s** for {args.n} examples — "
        f"target <= {QUICK_TARGET_S:.0f} s: {verdict_quick}. "
        f"Prefix reuse saves {1 - quick.cpu_s / no_cache.cpu_s:.0%} of the CPU time.  ",
        f"**Loop / raw throughput: {cpu_ratio:.2f}x in requests per CPU-second** — "
        f"target >= {RATIO_TARGET}x: {verdict_loop}. "
        f"Wall-clock, per round: {', '.join(f'{w:.2f}x' for w in wall_pairs)}. "
        f"Same answers in every pass: {'yes' if same else 'no'}.",
        "",
    ]
    lines += adapter_section(args.adapter, model, examples, p)
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(text, encoding="utf-8")
        print(f"written to {RESULTS.relative_to(ROOT)}")


def adapter_section(
    path: Path, base: local.LocalModel, examples: tuple[task.Example, ...], p: Prompter
) -> list[str]:
    note = f"adapter `{shown(path)}`"
    with tempfile.TemporaryDirectory() as tmp:
        if not path.is_file():
            from tests.features.experiment.random_lora import write_random_adapter

            note = (
                f"no trained adapter at `{shown(path)}` yet, so a rank-8 adapter with random weights on "
                "q/k/v/o of every layer (the training part's default shape; applying it costs the same)"
            )
            path = write_random_adapter(Path(tmp) / "random-r8.gguf")
        tuned = local.load_local_model(lora_path=path)
        short, ft = Variant("short"), Variant("finetuned", adapter=path.stem)
        loop_pass(local.LocalBackend(tuned), ft, examples[:2], p)
        b = loop_pass(local.LocalBackend(base), short, examples, p)
        a = loop_pass(local.LocalBackend(tuned), ft, examples, p)
        tuned.llama.close()
    # the two answer differently (lengths differ): compare tokens per CPU-second, prompt reading included
    ratio = (a.output_tokens / a.cpu_s) / (b.output_tokens / b.cpu_s)
    verdict = "met" if ratio >= RATIO_TARGET else "NOT met"
    return [
        f"Adapter vs base, short prompt, same {len(examples)} examples; {note}.",
        "",
        "| short prompt | wall (s) | CPU (s) | output tokens | tokens per CPU-second | accuracy |",
        "|---|---:|---:|---:|---:|---:|",
        f"| base model | {b.wall_s:.1f} | {b.cpu_s:.1f} | {b.output_tokens} "
        f"| {b.output_tokens / b.cpu_s:.1f} | {accuracy(b.answers, examples):.0%} |",
        f"| with the adapter | {a.wall_s:.1f} | {a.cpu_s:.1f} | {a.output_tokens} "
        f"| {a.output_tokens / a.cpu_s:.1f} | {accuracy(a.answers, examples):.0%} |",
        "",
        f"**Adapter / base: {ratio:.2f}x in output tokens per CPU-second** — "
        f"target >= {RATIO_TARGET}x: {verdict}.",
        "",
    ]


if __name__ == "__main__":
    main()
