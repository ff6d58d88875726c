"""Part 2 of bench/simulator.py: real servers (``streamlit run`` on 127.0.0.1), Chromium, a websocket replay.

* 2a: Chromium (Playwright) presses an arrow key on the first slider; measured: key press -> the browser
  has the run's ``script_finished`` message, and the server's CPU time for that rerun;
* 2b: the rerun requests the browser sent are replayed over a plain websocket (also without the fragment id:
  the full app run a slider change would cost without the fragment);
* 2c: as 2b, with ``runner.postScriptGC=false``.

See bench/simulator.py for the whole method; ``server_part`` is its entry point.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

from tests.e2e import harness

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
