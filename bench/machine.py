"""What every benchmark report says about the machine it ran on: the CPU, core count, Python, and the load
average before and after the run (measured, not claimed: a report never says "quiet" or "shared" on its
own; the load figures say which it was)."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def cpu_name() -> str:
    """The CPU's model name from /proc/cpuinfo, else what the platform module knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def describe() -> str:
    """``AMD EPYC, 2 CPUs, Python 3.11.7, Linux``."""
    return f"{cpu_name()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.system()}"


def load() -> str:
    """The 1, 5 and 15 minute load averages, e.g. ``0.22 0.93 1.32``."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


class LoadWindow:
    """The load average when the benchmark started and, on ``line()``, when it ended."""

    def __init__(self) -> None:
        self.before = load()

    def line(self) -> str:
        return f"load average (1/5/15 min) before: {self.before}; after: {load()}"
