"""bench/pages.py, parts 2 to 4: cold start of a real server to first paint in Chromium; one session
against a running server (rerun time, server CPU); memory with many sessions; simulated learners over
Streamlit's websocket protocol. Run through bench/pages.py."""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import time
from dataclasses import dataclass, field

from tests.e2e.harness import StreamlitServer, launch_chromium
from tests.e2e.wsclient import RunResult, WsSession

MB = 1024 * 1024


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


# -------------------------------------------------------------------- 3a. one session, real server
@dataclass
class WireTime:
    page: str
    latency_s: float
    cpu_s: float  # server CPU per run


async def bench_wire(server: StreamlitServer, pages: list[str], runs: int) -> list[WireTime]:
    """One session over the websocket: per page, wall time of a rerun and the server's CPU time per run."""
    rows: list[WireTime] = []
    async with WsSession(server.url) as session:
        await session.run("", "lang=en")
        for page in ["", *pages]:
            await session.run(page, "lang=en")  # the page's first run is not counted
            cpu_before = _cpu_seconds(server.pid)
            latencies = []
            for _ in range(runs):
                run = await session.run(page, "lang=en")
                if not run.ok:
                    raise RuntimeError(f"page {page!r}: {run}")
                latencies.append(run.seconds)
            cpu = (_cpu_seconds(server.pid) - cpu_before) / runs
            rows.append(WireTime(page or "home", _median(latencies), cpu))
            print(f"  {rows[-1].page}: rerun {ms(rows[-1].latency_s)}, server CPU {ms(cpu)}")
    return rows


# ------------------------------------------------------------------------------ 3. + 4. memory, load
@dataclass
class MemoryResult:
    baseline_mb: float  # before the first of these sessions (after the one-session timing)
    idle_mb: float = float("nan")  # right after the server started, before any session
    checkpoints: list[tuple[int, float]] = field(default_factory=list)  # (sessions, RSS MB)


async def bench_memory(server: StreamlitServer, sessions: int, pages: list[str]) -> MemoryResult:
    result = MemoryResult(baseline_mb=server.rss_bytes() / MB)
    marks = sorted({1, min(10, sessions), sessions})
    open_sessions: list[WsSession] = []
    try:
        for n in range(1, sessions + 1):
            session = WsSession(server.url, locale="de-DE" if n % 2 else "en-US")
            await session.connect()
            open_sessions.append(session)
            query = "lang=de" if n % 2 else "lang=en"
            for page in ["", *pages]:
                run = await session.run(page, query)
                if not run.ok:
                    raise RuntimeError(f"session {n} page {page!r}: {run}")
            if n in marks:
                result.checkpoints.append((n, server.rss_bytes() / MB))
                print(f"  {n} sessions: RSS {result.checkpoints[-1][1]:.0f} MB")
    finally:
        for session in open_sessions:
            await session.close()
    return result


@dataclass
class LoadResult:
    learners: int
    duration_s: float
    runs: list[RunResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    memory: list[tuple[float, float]] = field(default_factory=list)  # (seconds, RSS MB)
    cpu_s: float = 0.0

    def latencies(self) -> list[float]:
        return sorted(r.seconds for r in self.runs)

    def pct(self, q: float) -> float:
        lat = self.latencies()
        if not lat:
            return float("nan")
        return lat[min(len(lat) - 1, max(0, round(q * (len(lat) - 1))))]


def _cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _learner(
    n: int,
    server: StreamlitServer,
    pages: list[str],
    deadline: float,
    think: tuple[float, float],
    result: LoadResult,
    rng: random.Random,
) -> None:
    query = "lang=de" if n % 2 else "lang=en"
    order = pages[n % len(pages) :] + pages[: n % len(pages)]  # learners start on different pages
    try:
        async with WsSession(server.url, locale="de-DE" if n % 2 else "en-US") as session:
            await session.run("", query)  # landing on the home page, like a browser
            step = 0
            while time.perf_counter() < deadline:
                page = order[(step // 2) % len(order)]  # open a page, then rerun it once (a widget change)
                step += 1
                try:
                    run = await session.run(page, query, timeout=60)
                except TimeoutError as exc:
                    result.errors.append(f"learner {n}: {exc}")
                    continue
                result.runs.append(run)
                if not run.ok:
                    result.errors.append(f"learner {n} page {page!r}: status {run.status} {run.exceptions}")
                await asyncio.sleep(rng.uniform(*think))
    except Exception as exc:  # a dropped connection is an error of the run, not a crash of the benchmark
        result.errors.append(f"learner {n}: {type(exc).__name__}: {exc}")


async def _sample_memory(server: StreamlitServer, result: LoadResult, start: float, deadline: float) -> None:
    while time.perf_counter() < deadline:
        result.memory.append((time.perf_counter() - start, server.rss_bytes() / MB))
        await asyncio.sleep(5)
    result.memory.append((time.perf_counter() - start, server.rss_bytes() / MB))


async def bench_load(
    server: StreamlitServer, pages: list[str], learners: int, duration: float, think: tuple[float, float]
) -> LoadResult:
    result = LoadResult(learners, duration)
    rng = random.Random(8)
    start = time.perf_counter()
    deadline = start + duration
    cpu_before = _cpu_seconds(server.pid)
    await asyncio.gather(
        _sample_memory(server, result, start, deadline),
        *(
            _learner(n, server, pages, deadline, think, result, random.Random(rng.random()))
            for n in range(learners)
        ),
    )
    result.cpu_s = _cpu_seconds(server.pid) - cpu_before
    result.duration_s = time.perf_counter() - start
    return result


# ------------------------------------------------------------------------------------- 2. cold start
@dataclass
class ColdStart:
    health_s: float
    fcp_s: float
    title_s: float
    run_s: float

    @property
    def total_s(self) -> float:
        return self.health_s + self.title_s


def bench_cold_start(repeats: int) -> list[ColdStart]:
    from playwright.sync_api import sync_playwright

    from tests.e2e.driver import StreamlitPage

    results: list[ColdStart] = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for _ in range(repeats):
                server = StreamlitServer("app.py")
                server.start(timeout=120)
                health_s = time.perf_counter() - server.started_at
                try:
                    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
                    sp = StreamlitPage(ctx.new_page(), server.url, "en", timeout_ms=120_000)
                    start = time.perf_counter()
                    sp.page.goto(sp.url(""))
                    sp.page.locator("h1").first.wait_for()
                    title_s = time.perf_counter() - start
                    sp.wait_until(lambda sp=sp: sp.runs_done > 0, 120_000, "the first run")
                    sp.settle()
                    run_s = time.perf_counter() - start
                    fcp_ms = sp.page.evaluate(
                        "() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime"
                    )
                    ctx.close()
                finally:
                    server.stop()
                results.append(ColdStart(health_s, (fcp_ms or float("nan")) / 1000, title_s, run_s))
                print(f"  cold start: health {health_s:.2f} s, title {title_s:.2f} s")
        finally:
            browser.close()
    return results
