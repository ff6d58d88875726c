"""Which database the app uses: the owner's ``[database] url`` secret, else the ``APP_DATABASE_URL``
environment variable, else a SQLite file (``[database] path`` or ``data/app.sqlite3`` below the app).

PostgreSQL is named by URL (``postgresql://user:password@host:5432/db``; the ``psycopg`` driver is filled
in). SQLite needs no setup but lives on the machine's disk: on a hosted service without persistent disk
(Streamlit Community Cloud) or with several replicas, use PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from core.errors import UserInputError
from core.paths import ROOT

ENV_VAR = "APP_DATABASE_URL"
DEFAULT_PATH = ROOT / "data" / "app.sqlite3"
_DRIVERS = {"postgres": "postgresql+psycopg", "postgresql": "postgresql+psycopg", "sqlite": "sqlite"}


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def normalise(url: str) -> URL:
    """A SQLAlchemy URL with our driver (psycopg for PostgreSQL); other databases are refused."""
    try:
        parsed = make_url(url.strip())
    except ArgumentError:
        raise UserInputError("classroom.err_db_config", field="url") from None
    backend = parsed.drivername.split("+")[0]
    if backend not in _DRIVERS:
        raise UserInputError("classroom.err_db_config", field="url")
    return parsed.set(drivername=_DRIVERS[backend])


def database_url(section: Mapping[str, object] | None, env: Mapping[str, str]) -> URL:
    """The database URL from the ``[database]`` secrets section and the environment (see module doc)."""
    section = section or {}
    url = section.get("url")
    if url is not None:
        if not isinstance(url, str) or not url.strip():
            raise UserInputError("classroom.err_db_config", field="url")
        return normalise(url)
    if env.get(ENV_VAR, "").strip():
        return normalise(env[ENV_VAR])
    path = section.get("path")
    if path is not None:
        if not isinstance(path, str) or not path.strip():
            raise UserInputError("classroom.err_db_config", field="path")
        chosen = Path(path).expanduser()
        return normalise(sqlite_url(chosen if chosen.is_absolute() else ROOT / chosen))
    return normalise(sqlite_url(DEFAULT_PATH))
