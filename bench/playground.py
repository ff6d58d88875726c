"""Benchmark: tokens/s through the playground's backend (core.llm.local.LocalBackend) vs raw llama-cpp.

Run from the project root:  python bench/playground.py  [--runs 7] [--max-tokens 128] [--no-write]

Both paths use the same loaded model (SmolLM2-135M-Instruct, the built-in model), the same prompt and greedy
sampling (so the same answer of the same length), and are measured the same way:

- wall: generation speed after the first token = (output tokens - 1) / (end - first text), as the page shows;
- CPU: output tokens per CPU-second of this process over the whole request. The machine is shared; CPU time
  is not inflated by other jobs, wall time is.

Runs alternate (raw, backend, raw, ...) after a warm-up, so background load hits both alike; medians are
reported. Target: backend >= 0.9 x raw. The table is printed and written to bench/results/playground.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.machine import LoadWindow, describe
from core.llm import local, metrics
from core.llm.types import ChatRequest, Timing, run_to_end

ROOT = Path(__file__).resolve().parent.parent
SYSTEM = "You are a helpful assistant."
PROMPT = "Write a short story about a lighthouse keeper who finds a message in a bottle."
TARGET = 0.9
RESULTS = ROOT / "bench" / "results" / "playground.md"


@dataclass(frozen=True)
class Run:
    timing: Timing
    tokens: int
    cpu_s: float
    text: str

    @property
    def cpu_tokens_per_s(self) -> float:
        return self.tokens / self.cpu_s if self.cpu_s > 0 else float("nan")


def raw_run(model: local.LocalModel, request: ChatRequest) -> Run:
    """llama-cpp-python directly: streaming chat completion, nothing else."""
    parts: list[str] = []
    cpu0 = time.process_time()
    start = time.perf_counter()
    first: float | None = None
    for chunk in model.llama.create_chat_completion(
        messages=request.as_dicts(),
        temperature=request.temperature,
        top_p=request.top_p,
        max_tokens=request.max_tokens,
        stream=True,
    ):
        text = chunk["choices"][0]["delta"].get("content")
        if text:
            if first is None:
                first = time.perf_counter()
            parts.append(text)
    end = time.perf_counter()
    cpu = time.process_time() - cpu0
    output = "".join(parts)
    n = model.count_text(output)  # counted like the backend does, outside the timed part's tokens
    return Run(metrics.timing(start, first, end, n), n, cpu, output)


def backend_run(backend: local.LocalBackend, request: ChatRequest) -> Run:
    cpu0 = time.process_time()
    result = run_to_end(backend, request)
    cpu = time.process_time() - cpu0
    return Run(result.timing, result.output_tokens, cpu, result.text)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--max-tokens", type=int, default=128)
    parser.add_argument("--no-write", action="store_true", help="print only, do not write the results file")
    args = parser.parse_args()

    window = LoadWindow()
    model = local.load_local_model()
    backend = local.LocalBackend(model)
    request = ChatRequest.from_prompts(SYSTEM, PROMPT, temperature=0.0, max_tokens=args.max_tokens)
    raw_run(model, request)  # warm-up: the first call pages the weights in
    backend_run(backend, request)

    paths: dict[str, Callable[[], Run]] = {
        "raw llama-cpp (create_chat_completion, stream=True)": lambda: raw_run(model, request),
        "playground backend (LocalBackend.stream)": lambda: backend_run(backend, request),
    }
    runs: dict[str, list[Run]] = {name: [] for name in paths}
    for _ in range(args.runs):
        for name, fn in paths.items():
            runs[name].append(fn())

    wall: dict[str, float] = {}
    cpu: dict[str, float] = {}
    lines = [
        "## Prompt playground (issue 5)",
        "",
        f"Command: `python bench/playground.py --runs {args.runs} --max-tokens {args.max_tokens}`  ",
        f"Date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M')} UTC  ",
        f"Machine: {describe()}; {window.line()}  ",
        f"Model: {local.MODEL_NAME} ({local.GGUF_FILE}), n_ctx {model.n_ctx}, "
        f"{local.default_threads()} thread(s); greedy, same prompt, {args.runs} alternating runs per path, "
        "medians",
        "",
        "| path | output tokens | tokens/s (wall, after 1st token) | min – max | tokens per CPU-second "
        "| first token (s) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, rs in runs.items():
        speeds = [r.timing.tokens_per_s for r in rs if r.timing.tokens_per_s is not None]
        wall[name] = statistics.median(speeds)
        cpu[name] = statistics.median(r.cpu_tokens_per_s for r in rs)
        ttft = statistics.median(r.timing.ttft_s for r in rs if r.timing.ttft_s is not None)
        lines.append(
            f"| {name} | {rs[0].tokens} | {wall[name]:.1f} | {min(speeds):.1f} – {max(speeds):.1f} "
            f"| {cpu[name]:.1f} | {ttft:.3f} |"
        )
    raw_name, backend_name = list(paths)
    ratio_cpu = metrics.speed_ratio(cpu[backend_name], cpu[raw_name])
    # wall time: each backend run against the raw run just before it, so slow phases of the shared
    # machine hit both sides of a pair; the median of the per-pair ratios
    pairs = [
        metrics.speed_ratio(b.timing.tokens_per_s, r.timing.tokens_per_s)
        for r, b in zip(runs[raw_name], runs[backend_name], strict=True)
        if r.timing.tokens_per_s and b.timing.tokens_per_s
    ]
    ratio_wall = statistics.median(pairs)
    same = len({r.text for rs in runs.values() for r in rs}) == 1
    verdict = "met" if ratio_cpu >= TARGET else "NOT met"
    lines += [
        "",
        f"**Backend / raw: {ratio_cpu:.2f}x in tokens per CPU-second** — target >= {TARGET}x: {verdict}. "
        f"Wall-clock tokens/s, median of paired runs: {ratio_wall:.2f}x (per-pair range "
        f"{min(pairs):.2f}–{max(pairs):.2f}x; on a loaded machine the wall figures swing far "
        "more between runs than between the two paths). "
        f"Identical answers on both paths: {'yes' if same else 'no'}.",
        "",
        "The backend adds a prompt count with the model's tokenizer (for the context-window check), a lock "
        "(one generation at a time in a shared process) and a re-count of the answer; all three are small "
        "next to generating the tokens.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(text, encoding="utf-8")
        print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
