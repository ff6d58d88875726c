"""Shared machinery for the browser tests and the benchmarks: a Streamlit server on a free loopback port,
Debian's Chromium for Playwright, and waiting for Streamlit to finish a run.

Used by tests/e2e/ (pytest) and bench/pages.py (plain script), so it imports no pytest.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"

HOST = "127.0.0.1"

# Chromium flags: no sandbox (we run as root in a container), no GPU, and nothing that phones home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

CHROMIUM_MISSING = (
    "Debian's Chromium was not found on PATH. The browser tests drive the system Chromium "
    "(Playwright cannot download its own browser here). Install it with:\n"
    "    apt-get install -y chromium"
)


def chromium_path() -> str:
    """Path of Debian's Chromium; raises RuntimeError with the install command when it is missing."""
    path = shutil.which("chromium")
    if path is None:
        raise RuntimeError(CHROMIUM_MISSING)
    return path


def launch_chromium(playwright: Any) -> Any:
    """Launch headless Debian Chromium through Playwright's sync API."""
    return playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


class StreamlitServer:
    """``streamlit run <script>`` on 127.0.0.1:<free port> as a subprocess; stopped by ``stop()``."""

    def __init__(
        self, script: str = "app.py", env: dict[str, str] | None = None, extra: tuple[str, ...] = ()
    ) -> None:
        self.script = script
        self.extra = extra  # further `streamlit run` options, e.g. "--runner.postScriptGC=false"
        self.port = int(os.environ.get("E2E_PORT") or 0) or free_port()  # a fixed port when asked
        self.url = f"http://{HOST}:{self.port}"
        self.log_path = ARTIFACTS / "logs" / f"streamlit-{self.port}.log"
        self._env = env
        self.proc: subprocess.Popen[bytes] | None = None
        self.started_at = 0.0

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            self.script,
            "--server.headless",
            "true",
            "--server.port",
            str(self.port),
            "--server.address",
            HOST,
            "--browser.gatherUsageStats",
            "false",
            # No file watcher: nothing edits the sources during a run, and watching costs CPU.
            "--server.fileWatcherType",
            "none",
            "--server.runOnSave",
            "false",
            *self.extra,
        ]

    def start(self, timeout: float = 60.0) -> StreamlitServer:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, **(self._env or {})}
        # Python output straight to the log, so a crash leaves its reason behind.
        env["PYTHONUNBUFFERED"] = "1"
        log = self.log_path.open("wb")
        self.started_at = time.perf_counter()
        self.proc = subprocess.Popen(
            self.command(),
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        # Also stop it if the test process ends without reaching stop() (the server has its own session).
        atexit.register(self.stop)
        self.wait_healthy(timeout)
        return self

    def wait_healthy(self, timeout: float) -> float:
        """Poll /_stcore/health until it answers ``ok`` (bounded); returns seconds since start()."""
        deadline = time.monotonic() + timeout
        last_error = ""
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(
                    f"streamlit exited with code {self.proc.returncode} before it was healthy; "
                    f"log:\n{self.log_tail()}"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200 and resp.read().strip() == b"ok":
                        return time.perf_counter() - self.started_at
            except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
                last_error = str(exc)
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(
            f"streamlit did not become healthy within {timeout:.0f} s ({last_error}); log:\n{self.log_tail()}"
        )

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    @property
    def pid(self) -> int:
        assert self.proc is not None, "server not started"
        return self.proc.pid

    def rss_bytes(self) -> int:
        """Resident set size of the streamlit process (Linux /proc)."""
        return rss_bytes(self.pid)

    def stop(self, timeout: float = 10.0) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        # Only the process group we created (start_new_session=True).
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=timeout)

    def __enter__(self) -> StreamlitServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def rss_bytes(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")
