"""Benchmark: server time of a simulator rerun after a slider change vs a reference page with one chart.

    python bench/simulator.py [--runs 30] [--warmup 3] [--no-server]

Target (issue 4): the simulator's rerun <= 1.5 x the reference page's (bench/reference_page.py: one slider,
one Plotly chart), measured in the same run. Every timed run follows a real slider change (requests per day
goes back and forth between two values, so every run recomputes and redraws), and the pages are measured
interleaved run by run, so load from other processes hits all of them alike. Medians are reported.

Part 1, Streamlit's AppTest (one process; wall time of ``at.run()`` and CPU time of the process):
* reference - bench/reference_page.py;
* (a) simulator page alone - pages/simulator.py without the app shell, a full run;
* (b) simulator in app.py, full run - navigation, sidebar, page header and the page body;
* (c) simulator in app.py, fragment rerun - what a slider change reruns: the page body is an
  ``st.fragment``. AppTest has no API for this, so the benchmark asks its script runner for a fragment run
  (the same request a browser sends; see ``_fragment_runs``);
* reference + 13 sliders - the reference page plus as many bare sliders as the simulator shows by
  default: the floor that the widgets alone set, before anything is computed or shown.

Part 2 (bench/sim_servers.py), a real server (``streamlit run`` on 127.0.0.1; skipped with ``--no-server`` or
without Chromium):
* 2a: Chromium (Playwright) opens the reference page (``streamlit run bench/reference_page.py``) and the
  simulator (``streamlit run app.py``, /simulator), focuses the first slider and presses an arrow key;
  measured: time from the key press until the browser has received the run's ``script_finished`` message
  (the moment Streamlit's status widget goes idle), and the server's CPU time (all threads, from
  /proc/<pid>/task/*/schedstat) for that rerun;
* replay (2b): the rerun requests the browser sent after the key presses are recorded and sent again over
  a plain websocket (no browser, so no rendering competes for the CPU): time from sending the request until
  ``script_finished`` arrives, and the server's CPU time. For the simulator also the same request without
  its fragment id, i.e. the full app run a slider change would cost without the fragment. Each row has its
  own server process, so each server's CPU time belongs to one row;
* replay with ``runner.postScriptGC=false`` (2c): Streamlit runs a full garbage collection after every
  script run, whose cost grows with everything the process holds (app.py's shell, the course, the price
  catalogue), not with the page; 2c shows the ratio without it, for both servers alike.

Server CPU is read from /proc/<pid>/stat (all threads, also the script-run threads that have ended), which
counts in 10 ms clock ticks: the tables give the mean per rerun (total over the timed runs / runs).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from bench.sim_servers import Timings, server_part  # noqa: E402

TARGET = 1.5
SLIDERS = 13  # count inputs drawn in the simulator's default view, one slider each

Change = Callable[[AppTest, int], None]
Runner = Callable[[AppTest], None]


# ------------------------------------------------------------------------------------------ part 1: AppTest


@contextlib.contextmanager
def _fragment_runs(fragment_id: str) -> Iterator[None]:
    """Make AppTest's script runner rerun only ``fragment_id``, as a browser asks after a widget change
    inside a fragment (Streamlit's ``ClientState.fragment_id``). AppTest itself always reruns the page."""
    from streamlit.testing.v1 import local_script_runner as lsr

    original = lsr.RerunData  # type: ignore[attr-defined]

    def rerun_data(**kwargs: Any) -> Any:
        return original(fragment_id_queue=[fragment_id], **kwargs)

    setattr(lsr, "RerunData", rerun_data)  # noqa: B010 - module attribute swapped for the duration
    try:
        yield
    finally:
        setattr(lsr, "RerunData", original)  # noqa: B010


def _change_rpd(at: AppTest, i: int) -> None:
    at.select_slider(key="sim_rpd_sl").set_value(5000 if i % 2 else 1000)


def _change_ref(at: AppTest, i: int) -> None:
    at.slider(key="ref_slider").set_value(5000 if i % 2 else 1000)


def _full(at: AppTest) -> None:
    at.run()


def _reference() -> tuple[AppTest, Change, Runner]:
    at = AppTest.from_file(str(ROOT / "bench" / "reference_page.py"), default_timeout=60)
    at.run()
    return at, _change_ref, _full


def _reference_with_sliders() -> tuple[AppTest, Change, Runner]:
    """The reference page's own script with 13 sliders inserted before its chart."""
    source = (ROOT / "bench" / "reference_page.py").read_text(encoding="utf-8")
    sliders = f'for i in range({SLIDERS}):\n    st.slider(f"Input {{i}}", 0, 1000, 100, key=f"floor_{{i}}")\n'
    anchor = "months = list(range(13))\n"
    if anchor not in source:
        raise RuntimeError("bench/reference_page.py changed: update _reference_with_sliders")
    at = AppTest.from_string(source.replace(anchor, sliders + anchor), default_timeout=60)
    at.run()
    return at, _change_ref, _full


def _simulator_alone() -> tuple[AppTest, Change, Runner]:
    at = AppTest.from_file(str(ROOT / "pages" / "simulator.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    return at, _change_rpd, _full


def _simulator_in_app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/simulator.py").run()
    return at


def _simulator_fragment() -> tuple[AppTest, Change, Runner]:
    at = _simulator_in_app()
    fragments = list(at._fragment_storage._fragments)  # the page body is the app's only fragment
    if len(fragments) != 1:
        raise RuntimeError(f"expected one fragment, found {len(fragments)}")

    def run(at: AppTest) -> None:
        with _fragment_runs(fragments[0]):
            at.run()
        if not at.query_params.get("lang"):
            raise RuntimeError("the fragment rerun lost the URL")

    return at, _change_rpd, run


def _time(at: AppTest, change: Change, run: Runner, i: int) -> tuple[float, float]:
    """Wall time and CPU time (this process, all threads: the script runs in a worker thread)."""
    change(at, i)
    wall, cpu = time.perf_counter(), time.process_time()
    run(at)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if at.exception:
        raise RuntimeError([e.value for e in at.exception])
    return wall, cpu


def apptest_part(runs: int, warmup: int) -> dict[str, tuple[list[float], list[float]]]:
    setups = {
        "reference": _reference(),
        "(a) simulator page alone, full run": _simulator_alone(),
        "(b) simulator in app.py, full run": (_simulator_in_app(), _change_rpd, _full),
        "(c) simulator in app.py, fragment rerun": _simulator_fragment(),
        f"reference + {SLIDERS} sliders (floor)": _reference_with_sliders(),
    }
    out: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in setups}
    for i in range(warmup + runs):
        for name, (at, change, run) in setups.items():  # interleaved, so load changes hit all alike
            wall, cpu = _time(at, change, run, i)
            if i >= warmup:
                out[name][0].append(wall)
                out[name][1].append(cpu)
    return out


def _ratios(data: Timings, name: str, cpu: Callable[[list[float]], float]) -> tuple[float, float]:
    ref_walls, ref_cpus = data["reference"]
    walls, cpus = data[name]
    return statistics.median(walls) / statistics.median(ref_walls), cpu(cpus) / cpu(ref_cpus)


def _table(title: str, data: Timings, cpu_label: str, cpu: Callable[[list[float]], float]) -> None:
    print(f"**{title}**")
    print()
    print(
        f"| page | wall median ms | wall p90 ms | {cpu_label} ms | x reference (wall) | x reference (CPU) |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for name, (walls, cpus) in data.items():
        wall_ratio, cpu_ratio = _ratios(data, name, cpu)
        p90 = statistics.quantiles(walls, n=10)[-1]
        print(
            f"| {name} | {statistics.median(walls) * 1000:.1f} | {p90 * 1000:.1f} | {cpu(cpus) * 1000:.1f} "
            f"| {wall_ratio:.2f} | {cpu_ratio:.2f} |"
        )
    print()


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--no-server", action="store_true", help="skip part 2 (real servers, Chromium)")
    args = parser.parse_args()

    print(
        f"Simulator rerun after a slider change ({args.runs} timed runs, {args.warmup} warm-up, interleaved)"
    )
    print(
        f"Python {platform.python_version()}, {platform.machine()}, {platform.system()}, "
        f"{os.cpu_count()} cores; load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    print()
    median, mean = statistics.median, statistics.mean
    apptest = apptest_part(args.runs, args.warmup)
    _table("Part 1: AppTest, one process (CPU: this process, median)", apptest, "CPU median", median)
    verdicts = [
        f"{name[:3]} {w:.2f} / {c:.2f}"
        for name in list(apptest)[1:4]
        for w, c in [_ratios(apptest, name, median)]
    ]

    if args.no_server or shutil.which("chromium") is None:
        print("Part 2 skipped (--no-server, or Debian's Chromium is not installed)")
    else:
        tables = server_part(args.runs, args.warmup)
        titles = {
            "2a": "Part 2a: real servers, Chromium: key press on a slider -> script_finished in the browser",
            "2b": "Part 2b: real servers, the recorded rerun requests replayed over a websocket",
            "2c": "Part 2c: as 2b, both servers with runner.postScriptGC=false (no full GC after each run)",
        }
        for part, data in tables.items():
            _table(titles[part], data, "server CPU per rerun (mean)", mean)
            for name in list(data)[1:2]:
                w, c = _ratios(data, name, mean)
                verdicts.append(f"{part} fragment rerun {w:.2f} / {c:.2f}")
        print(
            "Server CPU: /proc/<pid>/stat of each server (all threads, ended ones too), in 10 ms clock "
            "ticks, so the mean over all timed runs is given rather than a median."
        )
        print()
    print(f"simulator / reference, wall / CPU (target <= {TARGET}): " + "; ".join(verdicts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
