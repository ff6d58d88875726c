"""Does the README's training command reproduce the shipped adapter? (issue 12's acceptance)

Run from the project root (needs requirements-train.txt):

    python bench/train_repro.py                      # trains into a temporary folder (~15 min, 1 thread)
    python bench/train_repro.py --adapter OUT.gguf   # compares an adapter already trained with the command

It runs ``python -m features.experiment.train --out <tmp>/support-triage.gguf --threads 1`` (the shipped
card's settings are the command's defaults), then compares the new adapter and its card with
``assets/adapters/support-triage.gguf`` and its card: the file's SHA-256, the loss curve, and per language
the evaluation (correct answers, whether the new accuracy lies in the shipped card's Wilson 95 % interval,
and how many of the 132 answers are the same text). Results: bench/results/train_repro.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.machine import LoadWindow, describe  # noqa: E402

SHIPPED = ROOT / "assets" / "adapters" / "support-triage.gguf"
RESULTS = ROOT / "bench" / "results" / "train_repro.md"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def card_of(adapter: Path) -> dict[str, Any]:
    card: dict[str, Any] = json.loads(adapter.with_suffix(".card.json").read_text(encoding="utf-8"))
    return card


def train(out: Path) -> str:
    command = [sys.executable, "-m", "features.experiment.train", "--out", str(out), "--threads", "1"]
    subprocess.run(command, cwd=ROOT, check=True)
    return "python -m features.experiment.train --out <tmp>/support-triage.gguf --threads 1"


def compare(new: Path, command: str, window: LoadWindow) -> str:
    old_card, new_card = card_of(SHIPPED), card_of(new)
    m = new_card["machine"]
    same_file = sha256(new) == sha256(SHIPPED)
    same_loss = old_card["loss_curve"] == new_card["loss_curve"]
    lines = [
        "## Reproducing the shipped adapter (issue 12)",
        "",
        f"Command: `python bench/train_repro.py` (training: `{command}`)  ",
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC  ",
        f"Compared on: {describe()}; {window.line()}  ",
        f"New run (from its card): `{new_card['command']}`, finished {new_card['created']}, "
        f"{m['cpu']} × {m['cpus']}, {m['threads']} thread, torch {m['torch']}; {new_card['steps']} steps, "
        f"training {new_card['training_s']:.0f} s, {new_card['wall_time_s']:.0f} s with the evaluation "
        f"(the shipped card: {old_card['wall_time_s']:.0f} s)",
        "",
        f"- Adapter file: {'byte for byte the same' if same_file else 'different'} "
        f"(SHA-256 {sha256(new)[:16]}… vs {sha256(SHIPPED)[:16]}…).",
        f"- Loss curve: {'the same at every step' if same_loss else 'different'} "
        f"(final {new_card['final_loss']} vs {old_card['final_loss']}).",
        "",
        "| language | shipped: correct (95 % interval) | rerun: correct | in the interval | same answers |",
        "|---|---:|---:|:---:|---:|",
    ]
    within_all = True
    for lang in ("de", "en"):
        old, new_eval = old_card["evaluation"][lang], new_card["evaluation"][lang]
        inside = old["ci_low"] <= new_eval["accuracy"] <= old["ci_high"]
        within_all &= inside
        answers = {i["id"]: i["answer"] for i in old["items"]}
        same = sum(answers.get(i["id"]) == i["answer"] for i in new_eval["items"])
        lines.append(
            f"| {lang} | {old['correct']}/{old['n']} ({old['ci_low']:.0%}–{old['ci_high']:.0%}) "
            f"| {new_eval['correct']}/{new_eval['n']} | {'yes' if inside else 'NO'} | {same}/{len(answers)} |"
        )
    verdict = "reproduced" if within_all else "NOT reproduced"
    lines += [
        "",
        f"**The training command {verdict} the shipped adapter's evaluation within its interval.**",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--adapter", type=Path, help="an adapter already trained with the command")
    parser.add_argument(
        "--command", default="python -m features.experiment.train --out <tmp>/support-triage.gguf --threads 1"
    )
    args = parser.parse_args()
    window = LoadWindow()
    if args.adapter is not None:
        text = compare(args.adapter, args.command, window)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "support-triage.gguf"
            text = compare(out, train(out), window)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
