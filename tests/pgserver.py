"""A throwaway PostgreSQL server for tests: ``initdb`` into a temporary folder, started on a loopback port,
stopped and removed afterwards. Uses Debian's postgresql (installed by .ci/run); never a system service.

PostgreSQL refuses to run as root: as root, the server runs as the ``postgres`` user (Debian's package
creates it) through ``runuser``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BIN_DIRS = (
    Path("/usr/lib/postgresql/15/bin"),
    *sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True),
)
PORTS = range(9250, 9260)


def pg_bin(name: str) -> str:
    for folder in BIN_DIRS:
        if (folder / name).is_file():
            return str(folder / name)
    found = shutil.which(name)
    if found is None:
        raise RuntimeError(f"PostgreSQL's {name} not found: apt-get install -y postgresql")
    return found


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


def _as_server_user(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yields a SQLAlchemy URL of a fresh, empty database ``test`` on 127.0.0.1."""
    root = Path(tempfile.mkdtemp(prefix="pgtest-"))
    data = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    run = {"check": True, "capture_output": True, "timeout": 120}
    subprocess.run(
        _as_server_user([pg_bin("initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]),
        **run,  # type: ignore[call-overload]
    )
    port = _free_port()
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off -c max_connections=50"
    subprocess.run(
        _as_server_user(
            [pg_bin("pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"]
        ),
        **run,  # type: ignore[call-overload]
    )
    try:
        subprocess.run(
            _as_server_user(
                [pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "test"]
            ),
            **run,  # type: ignore[call-overload]
        )
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/test"
    finally:
        subprocess.run(
            _as_server_user([pg_bin("pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(root, ignore_errors=True)
