"""Assemble BENCHMARKS.md from the per-benchmark result files in bench/results/.

Each benchmark script writes its own ``bench/results/<name>.md`` (with the command, machine and date);
this script only concatenates them in a fixed order under a short introduction.

    python bench/collect.py
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
ORDER = [
    "pages",
    "page_reruns",
    "tokens",
    "simulator",
    "playground",
    "wizard",
    "datalab",
    "classroom",
    "experiment",
    "train",
    "train_repro",
]

INTRO = """# Benchmarks

Speed and memory targets are checked here, not in timed tests (timed tests are flaky on shared machines).
Each section names the command that produced it, the machine and the date. Ratios compare two things
measured in the same run, so the machine's speed cancels out. Re-run everything with:

```bash
python bench/pages.py && python bench/page_reruns.py && python bench/tokens.py && \\
python bench/simulator.py && python bench/playground.py && python bench/wizard.py && \\
python bench/datalab.py && python bench/classroom.py && python bench/experiment.py && \\
python bench/train.py && python bench/train_repro.py && python bench/collect.py
```
"""


def main() -> None:
    names = [n for n in ORDER if (RESULTS / f"{n}.md").exists()]
    names += sorted(p.stem for p in RESULTS.glob("*.md") if p.stem not in ORDER)
    parts = [INTRO]
    for name in names:
        parts.append((RESULTS / f"{name}.md").read_text(encoding="utf-8").strip() + "\n")
    (ROOT / "BENCHMARKS.md").write_text("\n".join(parts), encoding="utf-8")
    print(f"BENCHMARKS.md: {len(names)} sections ({', '.join(names)})")


if __name__ == "__main__":
    main()
