"""Helpers for database tests: a fresh database per test on SQLite or the session's PostgreSQL, and a dump
of every value stored (to check what is never stored)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, MetaData, create_engine, select, text
from sqlalchemy.engine import make_url

_COUNTER = itertools.count()


@contextmanager
def fresh_database_url(kind: str, tmp_path: Path, postgres_url: str | None) -> Iterator[str]:
    """An empty database: a new SQLite file, or a new database on the test PostgreSQL server."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
        return
    assert postgres_url is not None
    name = f"t{next(_COUNTER)}_{tmp_path.name[-20:].lower().replace('-', '_')}"
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def dump_values(engine: Engine) -> list[str]:
    """Every value in every table, as text."""
    meta = MetaData()
    meta.reflect(engine)
    values: list[str] = []
    with engine.connect() as conn:
        for table in meta.sorted_tables:
            for row in conn.execute(select(table)):
                values.extend(str(v) for v in row)
    return values
