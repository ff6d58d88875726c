"""Benchmark of the decision wizard's pure core: loading, evaluating, URL format, exports.

Run: ``python bench/wizard.py`` (a sample of answer combinations) or ``python bench/wizard.py --full``
(every combination of answers, which also prints how often each approach is recommended).
"""

from __future__ import annotations

import argparse
import itertools
import platform
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core import i18n
from features.wizard import codec, export, rules, scoring, sim_handoff


def timed(fn: Callable[[], object], repeat: int) -> float:
    """Mean seconds per call over ``repeat`` calls."""
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - start) / repeat


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--full", action="store_true", help="evaluate every combination of answers")
    parser.add_argument("--sample", type=int, default=50_000)
    args = parser.parse_args()

    wizard = rules.load_wizard("en")
    t = i18n.translator("en")
    options = [[a.id for a in q.answers] for q in wizard.questions.values()]
    qids = list(wizard.questions)
    combos = 1
    for o in options:
        combos *= len(o)
    rng = random.Random(6)
    answers = {q: rng.choice(o) for q, o in zip(qids, options, strict=True)}
    result = scoring.evaluate(wizard, answers)
    encoded = codec.encode(wizard, answers)

    rows = [
        ("load_wizard (3 YAML files, validated)", timed(lambda: rules.load_wizard("en"), 20)),
        ("evaluate (all rules, one answer set)", timed(lambda: scoring.evaluate(wizard, answers), 5000)),
        ("encode + decode (URL)", timed(lambda: codec.decode(wizard, codec.encode(wizard, answers)), 5000)),
        ("decode of a bad 1,000-char value", timed(lambda: codec.decode(wizard, "x:y," * 250), 2000)),
        ("simulator_params", timed(lambda: sim_handoff.simulator_params(wizard, answers), 5000)),
        ("to_markdown", timed(lambda: export.to_markdown(wizard, answers, result, t, encoded), 500)),
        ("to_html", timed(lambda: export.to_html(wizard, answers, result, t, encoded), 500)),
    ]

    if args.full:
        space = (dict(zip(qids, c, strict=True)) for c in itertools.product(*options))
        n = combos
    else:
        space = ({q: rng.choice(o) for q, o in zip(qids, options, strict=True)} for _ in range(args.sample))
        n = args.sample
    wins: Counter[str] = Counter()
    close = 0
    start = time.perf_counter()
    for a in space:
        r = scoring.evaluate(wizard, a)
        wins[r.recommendation] += 1
        close += r.close_call
    sweep = time.perf_counter() - start

    print(f"Python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    print(f"{len(wizard.questions)} questions, {len(wizard.rules)} rules, {combos:,} answer combinations\n")
    print(f"| {'operation':<40} | {'per call':>12} |")
    print(f"|{'-' * 42}|{'-' * 13}:|")
    for name, seconds in rows:
        print(f"| {name:<40} | {seconds * 1e6:>9.1f} µs |")
    label = "all" if args.full else "a random sample of"
    print(f"\nEvaluated {label} {n:,} combinations in {sweep:.1f} s ({sweep / n * 1e6:.1f} µs each).")
    print(f"Close calls (lead <= {scoring.CLOSE_CALL_MARGIN} points): {close / n:.1%}\n")
    print(f"| {'recommendation':<14} | {'share':>7} |")
    print(f"|{'-' * 16}|{'-' * 8}:|")
    for approach in rules.APPROACHES:
        print(f"| {approach:<14} | {wins[approach] / n:>7.1%} |")


if __name__ == "__main__":
    main()
