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

Part 2, a real server (``streamlit run`` on 127.0.0.1; skipped with ``--no-server`` or without Chromium):
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
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from tests.e2e import harness  # noqa: E402

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


# ------------------------------------------------------------------------------------------ part 2: server

# Injected into the browser: timestamps every websocket message and the key press in the page itself, and
# notes which top-level fields each incoming ForwardMsg has (field 6 = script_finished).
_INIT_JS = r"""
(() => {
  const Orig = window.WebSocket;
  window.__log = [];
  function fields(buf) {
    const b = new Uint8Array(buf); const out = []; let i = 0;
    const varint = () => { let r = 0, s = 0, x; do { x = b[i++]; r += (x & 0x7f) * 2 ** s; s += 7; }
                           while (x & 0x80); return r; };
    while (i < b.length) {
      const tag = varint(); const wt = tag & 7; out.push(Math.floor(tag / 8));
      if (wt === 0) varint(); else if (wt === 2) { const n = varint(); i += n; } else if (wt === 1) i += 8;
      else if (wt === 5) i += 4; else break;
    }
    return out;
  }
  class Logged extends Orig {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (ev) => {
        const t = performance.now();
        window.__log.push(['in', t, ev.data instanceof ArrayBuffer ? fields(ev.data) : []]);
      });
    }
    send(data) { window.__log.push(['out', performance.now(), []]); return super.send(data); }
  }
  window.WebSocket = Logged;
  document.addEventListener('keydown', () => window.__log.push(['key', performance.now(), []]), true);
})();
"""
_SCRIPT_FINISHED = 6


def _server_cpu_ns(pid: int) -> int:
    """CPU time of the server process in ns, threads that have ended included (Streamlit runs each script
    run in a new thread). /proc/<pid>/stat counts in clock ticks (10 ms), so per-run values are coarse:
    the tables report the server's total CPU time over all timed runs divided by their number."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of proc(5)
    return (utime + stime) * 1_000_000_000 // os.sysconf("SC_CLK_TCK")


def _rerun_requests(frames: list[bytes]) -> list[bytes]:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    out = []
    for frame in frames:
        msg = BackMsg()
        msg.ParseFromString(frame)
        if msg.WhichOneof("type") == "rerun_script":
            out.append(frame)
    return out


def _browser(
    targets: dict[str, tuple[subprocess.Popen[bytes], str]], runs: int, warmup: int
) -> tuple[dict[str, tuple[list[float], list[float]]], dict[str, dict[str, bytes]]]:
    """Key press -> script_finished in the browser, and server CPU; also records the rerun requests."""
    from playwright.sync_api import sync_playwright

    out: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in targets}
    recorded: dict[str, dict[str, bytes]] = {name: {} for name in targets}
    with sync_playwright() as pw:
        browser = harness.launch_chromium(pw)
        pages = {}
        for name, (proc, url) in targets.items():
            page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
            page.add_init_script(_INIT_JS)
            sent: list[bytes] = []

            def on_ws(ws: Any, sent: list[bytes] = sent) -> None:
                ws.on("framesent", lambda p: sent.append(p) if isinstance(p, bytes) else None)

            page.on("websocket", on_ws)
            page.goto(url)
            page.wait_for_function(
                f"window.__log.some(e => e[2].includes({_SCRIPT_FINISHED}))", timeout=120_000
            )
            page.wait_for_timeout(1500)
            requests = _rerun_requests(sent)
            if not requests:
                raise RuntimeError(f"{name}: no rerun request seen while loading")
            recorded[name]["load"] = requests[0]
            slider = page.locator('[data-testid="stSlider"] input[type="range"]').first
            slider.focus()
            pages[name] = (page, slider, proc, sent)
        for i in range(warmup + runs):
            for name, (page, slider, proc, sent) in pages.items():
                page.evaluate("window.__log = []")
                sent.clear()
                before = _server_cpu_ns(proc.pid)
                arrow = "ArrowRight" if i % 2 == 0 else "ArrowLeft"
                slider.press(arrow)
                page.wait_for_function(
                    f"window.__log.some(e => e[0] === 'in' && e[2].includes({_SCRIPT_FINISHED}))",
                    timeout=60_000,
                    polling=5,
                )
                page.wait_for_timeout(250)  # let the server finish its bookkeeping and the browser render
                cpu = (_server_cpu_ns(proc.pid) - before) / 1e9
                log = page.evaluate("window.__log")
                key = next(t for kind, t, _ in log if kind == "key")
                done = next(t for kind, t, f in log if kind == "in" and _SCRIPT_FINISHED in f)
                if arrow not in recorded[name]:
                    requests = _rerun_requests(sent)
                    if len(requests) != 1:
                        raise RuntimeError(f"{name}: expected one rerun request, saw {len(requests)}")
                    recorded[name][arrow] = requests[0]
                if i >= warmup:
                    out[name][0].append((done - key) / 1000)
                    out[name][1].append(cpu)
        browser.close()
    return out, recorded


def _without_fragment(frame: bytes) -> bytes:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    msg.ParseFromString(frame)
    msg.rerun_script.fragment_id = ""
    return bytes(msg.SerializeToString())


def _replay(
    targets: dict[str, tuple[subprocess.Popen[bytes], int, dict[str, bytes], bool]], runs: int, warmup: int
) -> dict[str, tuple[list[float], list[float]]]:
    """Send the recorded rerun requests over a plain websocket; time until script_finished."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect
    from websockets.typing import Origin, Subprotocol

    def until_finished(ws: Any) -> tuple[int, list[str]]:
        queries = []
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(ws.recv(timeout=60))
            kind = msg.WhichOneof("type")
            if kind == "page_info_changed":
                queries.append(msg.page_info_changed.query_string)
            if kind == "script_finished":
                return int(msg.script_finished), queries

    out: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in targets}
    sockets = {}
    with contextlib.ExitStack() as stack:
        for name, (_, port, frames, _) in targets.items():
            tcp = socket.create_connection(("127.0.0.1", port))
            tcp.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # as browsers do: no Nagle delay
            ws = stack.enter_context(
                connect(
                    f"ws://127.0.0.1:{port}/_stcore/stream",
                    sock=tcp,
                    subprotocols=[Subprotocol("streamlit")],
                    origin=Origin(f"http://127.0.0.1:{port}"),
                    max_size=None,
                )
            )
            sockets[name] = ws
            ws.send(frames["load"])
            until_finished(ws)
        for i in range(warmup + runs):
            for name, (proc, _, frames, fragment) in targets.items():
                ws = sockets[name]
                frame = frames["ArrowRight" if i % 2 == 0 else "ArrowLeft"]
                if not fragment:
                    frame = _without_fragment(frame)
                before = _server_cpu_ns(proc.pid)
                start = time.perf_counter()
                ws.send(frame)
                status, queries = until_finished(ws)
                wall = time.perf_counter() - start
                time.sleep(0.05)  # the server's bookkeeping after the run counts as its CPU time
                cpu = (_server_cpu_ns(proc.pid) - before) / 1e9
                expected = (
                    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
                    if fragment
                    else ForwardMsg.FINISHED_SUCCESSFULLY
                )
                if status != expected:
                    raise RuntimeError(f"{name}: run finished with status {status}, expected {expected}")
                if "simulator" in name and not any(q.startswith("lang=en") for q in queries):
                    raise RuntimeError(f"{name}: the rerun did not update the URL ({queries})")
                if i >= warmup:
                    out[name][0].append(wall)
                    out[name][1].append(cpu)
    return out


Server = tuple[subprocess.Popen[bytes], int]  # process, port
Timings = dict[str, tuple[list[float], list[float]]]  # name -> (wall times, server CPU times) per run


def server_part(runs: int, warmup: int) -> dict[str, Timings]:
    """Part 2: the browser, then the replay, then the replay with the forced garbage collection off."""
    started: list[harness.StreamlitServer] = []

    def start(script: str, *extra: str) -> Server:
        server = harness.StreamlitServer(script, extra=extra).start()
        started.append(server)
        assert server.proc is not None
        return server.proc, server.port

    def stop_all() -> None:
        while started:
            started.pop().stop()

    sim_name = "simulator in app.py (a slider change reruns the fragment)"
    try:
        ref, sim = start("bench/reference_page.py"), start("app.py")
        browser, recorded = _browser(
            {
                "reference": (ref[0], f"http://127.0.0.1:{ref[1]}/"),
                sim_name: (sim[0], f"http://127.0.0.1:{sim[1]}/simulator?lang=en"),
            },
            runs,
            warmup,
        )
        stop_all()
        tables = {"2a": browser}
        for part, extra in (("2b", ()), ("2c", ("--runner.postScriptGC=false",))):
            ref = start("bench/reference_page.py", *extra)
            frag, full = start("app.py", *extra), start("app.py", *extra)
            tables[part] = _replay(
                {
                    "reference": (ref[0], ref[1], recorded["reference"], False),
                    "simulator in app.py, fragment rerun": (frag[0], frag[1], recorded[sim_name], True),
                    "simulator in app.py, full run (the same request without its fragment id)": (
                        full[0],
                        full[1],
                        recorded[sim_name],
                        False,
                    ),
                },
                runs,
                warmup,
            )
            stop_all()
        return tables
    finally:
        stop_all()


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
