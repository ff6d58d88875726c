"""Live training in the app: one training at a time per process, the others wait in line.

A background thread takes the jobs in order. Each job reports its progress (step, total, losses, ETA) and can
be cancelled; a cancelled or failed job leaves no adapter (its folder is deleted). A job's files live in its
session's temporary folder (``SessionDir``), removed when the session's state is dropped or the process ends.

torch is imported only by the worker thread (through ``train_loop``), so this module imports without the
training extra; ``available()`` says whether training can run.
"""

from __future__ import annotations

import importlib.util
import itertools
import shutil
import tempfile
import threading
import time
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from core.errors import UserInputError
from features.experiment.train_config import ChatExample, Progress, TrainConfig, check_training_set

INSTALL_COMMAND = "python -m pip install -r requirements-train.txt"
TRAIN_PACKAGES = ("torch", "transformers", "peft", "gguf")
State = Literal["queued", "loading", "running", "writing", "done", "cancelled", "failed"]
FINISHED: tuple[State, ...] = ("done", "cancelled", "failed")


def missing_packages() -> list[str]:
    missing = [name for name in TRAIN_PACKAGES if importlib.util.find_spec(name) is None]
    from core.llm.local import local_status

    return missing + list(local_status().missing)


def available() -> bool:
    """True when the training extra and the built-in model (base weights, llama-cpp) are installed."""
    return not missing_packages()


class SessionDir:
    """A temporary folder owned by one session; deleted when this object is garbage-collected (the
    session's state is dropped), on ``remove()``, or when the process exits."""

    def __init__(self, root: Path | None = None, on_close: Callable[[], None] | None = None) -> None:
        self.path = Path(tempfile.mkdtemp(prefix="lora-session-", dir=root))
        self._finalizer = weakref.finalize(self, _close, self.path, on_close)

    def remove(self) -> None:
        self._finalizer()

    @property
    def alive(self) -> bool:
        return self._finalizer.alive


def _close(path: Path, on_close: Callable[[], None] | None) -> None:
    if on_close is not None:
        on_close()
    shutil.rmtree(path, ignore_errors=True)


@dataclass
class Job:
    id: int
    owner: str
    config: TrainConfig
    examples: tuple[ChatExample, ...]
    folder: Path
    label: str
    progress: Progress
    state: State = "queued"
    adapter: Path | None = None
    error: str | None = None
    seconds: float = 0.0
    cancel_event: threading.Event = field(default_factory=threading.Event)

    @property
    def finished(self) -> bool:
        return self.state in FINISHED


Trainer = Callable[..., Any]  # train_loop.train's signature


class Runner:
    """The process's training line. ``base_loader`` and ``trainer`` are injectable for tests/benchmarks."""

    def __init__(
        self,
        *,
        base_loader: Callable[[], Any] | None = None,
        trainer: Trainer | None = None,
    ) -> None:
        self._lock = threading.Condition()
        self._line: list[Job] = []
        self._jobs: dict[str, Job] = {}  # owner -> latest job
        self._ids = itertools.count(1)
        self._thread: threading.Thread | None = None
        self._base_loader = base_loader
        self._trainer = trainer
        self._base: Any = None
        self._tokenizer: Any = None

    # ------------------------------------------------------------------ what a session calls
    def submit(
        self,
        owner: str,
        config: TrainConfig,
        examples: Sequence[ChatExample],
        workdir: Path,
        label: str,
    ) -> Job:
        """Check the set (raises ``UserInputError``; nothing is queued then) and queue the training."""
        config.check()
        if not available():
            raise UserInputError("training.err_missing", command=INSTALL_COMMAND)
        with self._lock:
            current = self._jobs.get(owner)
            if current is not None and not current.finished:
                raise UserInputError("training.err_running")
        check_training_set(examples, self._count_tokens(), config.max_tokens)
        with self._lock:
            job_id = next(self._ids)
            folder = workdir / f"job-{job_id}"
            folder.mkdir(parents=True)
            job = Job(
                id=job_id,
                owner=owner,
                config=config,
                examples=tuple(examples),
                folder=folder,
                label=f"{label} · #{job_id}",
                progress=Progress(total=config.total_steps(len(examples))),
            )
            self._line.append(job)
            self._jobs[owner] = job
            self._ensure_worker()
            self._lock.notify_all()
        return job

    def job_for(self, owner: str) -> Job | None:
        with self._lock:
            return self._jobs.get(owner)

    def place(self, job: Job) -> int:
        """0 while the job runs (or is finished), else its number in line (1 = next)."""
        with self._lock:
            waiting = [j for j in self._line if j.state == "queued"]
            running = any(j.state in ("loading", "running", "writing") for j in self._line)
            if job not in waiting:
                return 0
            return waiting.index(job) + (1 if running else 0)

    def cancel(self, job: Job) -> None:
        """Stop the job before its next step (or take it out of the line); its files are deleted."""
        job.cancel_event.set()
        with self._lock:
            if job.state == "queued":
                self._line.remove(job)
                self._finish(job, "cancelled")
            self._lock.notify_all()

    def forget(self, owner: str) -> None:
        """The session is gone: cancel its job."""
        job = self.job_for(owner)
        if job is not None and not job.finished:
            self.cancel(job)

    def wait(self, job: Job, timeout: float | None = None) -> bool:
        """Block until the job is finished (for tests and benchmarks); True if it is."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._lock:
            while not job.finished:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._lock.wait(left)
        return True

    # ------------------------------------------------------------------ the worker
    def _count_tokens(self) -> Callable[[ChatExample], int]:
        from features.experiment import train_loop

        if self._tokenizer is None:
            self._tokenizer = self._load_base().tokenizer if self._base_loader else _load_tokenizer()
        return train_loop.token_counter(self._tokenizer)

    def _load_base(self) -> Any:
        from features.experiment import train_loop

        if self._base is None:
            self._base = (self._base_loader or train_loop.load_base)()
        return self._base

    def _ensure_worker(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._work, name="lora-training", daemon=True)
            self._thread.start()

    def _next(self) -> Job:
        with self._lock:
            while not self._line:
                self._lock.wait()
            job = self._line[0]
            job.state = "loading"
            return job

    def _work(self) -> None:
        while True:
            job = self._next()
            try:
                self._run(job)
            except Exception as exc:  # reported to the job's session, never raised into the page
                self._finish(job, "failed", error=f"{type(exc).__name__}: {exc}"[:300])

    def _run(self, job: Job) -> None:
        from features.experiment import train_loop

        started = time.perf_counter()
        base = self._load_base().copy()

        def on_step(step: int, total: int, loss: float, seconds: float) -> None:
            job.state = "running" if step < total else "writing"
            job.progress.add(loss, seconds)

        out = job.folder / f"my-lora-{job.id}.gguf"
        try:
            (self._trainer or train_loop.train)(
                job.config,
                job.examples,
                out,
                base=base,
                on_step=on_step,
                should_stop=job.cancel_event.is_set,
            )
        except train_loop.TrainingCancelled:
            self._finish(job, "cancelled")
            return
        finally:
            del base
        job.seconds = time.perf_counter() - started
        if job.cancel_event.is_set():
            self._finish(job, "cancelled")
        else:
            self._finish(job, "done", adapter=out)

    def _finish(
        self, job: Job, state: State, *, adapter: Path | None = None, error: str | None = None
    ) -> None:
        if state != "done":
            shutil.rmtree(job.folder, ignore_errors=True)
        with self._lock:
            job.adapter = adapter
            job.error = error
            job.state = state
            if job in self._line:
                self._line.remove(job)
            self._lock.notify_all()


def _load_tokenizer() -> Any:
    from transformers import AutoTokenizer

    from features.experiment import train_loop

    path = train_loop.base_gguf()
    return AutoTokenizer.from_pretrained(path.parent, gguf_file=path.name)


_RUNNER: Runner | None = None
_RUNNER_LOCK = threading.Lock()


def runner() -> Runner:
    """The process's one training line."""
    global _RUNNER
    with _RUNNER_LOCK:
        if _RUNNER is None:
            _RUNNER = Runner()
        return _RUNNER
