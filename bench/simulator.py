"""Benchmark: server time of a simulator rerun after a slider change vs a reference page with one chart.

    python bench/simulator.py [--runs 30]

Both pages are driven by Streamlit's AppTest in this one process, alternately, so the ratio does not
depend on the machine. Each timed run follows a slider change (the value alternates between two settings,
so every run recomputes). Target: the simulator's median <= 1.5 x the reference page's median.

Three measurements:
* reference  - bench/reference_page.py (a slider and one Plotly chart), run on its own;
* simulator  - pages/simulator.py run on its own (like the reference: no app shell);
* in the app - app.py with the simulator page selected (adds navigation and the sidebar), for information;
* reference + 13 input pairs - the reference page with as many slider + number pairs as the simulator
  shows by default: how much of the difference the input widgets alone explain.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

TARGET = 1.5
PAIRS = 13  # the simulator's slider + number pairs in its default view


def _reference(pairs: int = 0) -> tuple[AppTest, Callable[[AppTest, int], None]]:
    at = AppTest.from_file(str(ROOT / "bench" / "reference_page.py"), default_timeout=60)
    if pairs:
        at.query_params["pairs"] = str(pairs)
    at.run()

    def change(at: AppTest, i: int) -> None:
        at.slider(key="ref_slider").set_value(5000 if i % 2 else 1000)

    return at, change


def _simulator_alone() -> tuple[AppTest, Callable[[AppTest, int], None]]:
    at = AppTest.from_file(str(ROOT / "pages" / "simulator.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    return at, _change_rpd


def _simulator_in_app() -> tuple[AppTest, Callable[[AppTest, int], None]]:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/simulator.py").run()
    return at, _change_rpd


def _change_rpd(at: AppTest, i: int) -> None:
    at.select_slider(key="sim_rpd_sl").set_value(5000 if i % 2 else 1000)


def _time(at: AppTest, change: Callable[[AppTest, int], None], i: int) -> tuple[float, float]:
    """Wall time and CPU time (this process, all threads: the script runs in a worker thread)."""
    change(at, i)
    wall, cpu = time.perf_counter(), time.process_time()
    at.run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if at.exception:
        raise RuntimeError([e.value for e in at.exception])
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()

    setups = {
        "reference": _reference(),
        "simulator": _simulator_alone(),
        "simulator in app": _simulator_in_app(),
        f"reference + {PAIRS} input pairs": _reference(PAIRS),
    }
    walls: dict[str, list[float]] = {name: [] for name in setups}
    cpus: dict[str, list[float]] = {name: [] for name in setups}
    for i in range(args.warmup + args.runs):
        for name, (at, change) in setups.items():  # interleaved, so load changes hit all alike
            wall, cpu = _time(at, change, i)
            if i >= args.warmup:
                walls[name].append(wall)
                cpus[name].append(cpu)

    ref_wall, ref_cpu = statistics.median(walls["reference"]), statistics.median(cpus["reference"])
    print(f"Simulator rerun after a slider change ({args.runs} runs each, interleaved, AppTest)")
    print(
        f"Python {platform.python_version()}, {platform.machine()}, {platform.system()}, "
        f"{os.cpu_count()} cores"
    )
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print()
    print("| page | wall median ms | wall p90 ms | CPU median ms | x reference (wall) | x reference (CPU) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name in setups:
        med, cpu = statistics.median(walls[name]), statistics.median(cpus[name])
        p90 = statistics.quantiles(walls[name], n=10)[-1]
        print(
            f"| {name} | {med * 1000:.1f} | {p90 * 1000:.1f} | {cpu * 1000:.1f} | {med / ref_wall:.2f} "
            f"| {cpu / ref_cpu:.2f} |"
        )
    ratio = statistics.median(walls["simulator"]) / ref_wall
    ratio_cpu = statistics.median(cpus["simulator"]) / ref_cpu
    print()
    verdict = "meets" if max(ratio, ratio_cpu) <= TARGET else "misses"
    print(
        f"simulator / reference = {ratio:.2f} (wall), {ratio_cpu:.2f} (CPU) "
        f"-> {verdict} the target of <= {TARGET}x"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
