"""An engine for the app's database, migrated to the newest schema by alembic.

``open_engine(url)`` creates the engine and runs the migrations once. Several app processes (replicas)
may start at the same moment: on PostgreSQL the migration holds an advisory lock, so one process migrates
and the others wait and then find the schema current. SQLite files get WAL mode and a busy timeout, so two
processes on one machine can write one file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_LOCK_ID = 7_160_016  # PostgreSQL advisory lock held while migrating (any number unique to this app)
SQLITE_BUSY_S = 30.0


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_S * 1000)}")
    cursor.close()


def make_engine(url: URL | str) -> Engine:
    """An engine (not migrated). SQLite: the file's folder is created; foreign keys are switched on."""
    engine = create_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        database = engine.url.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine.dispose()
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_S})
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database to ``revision`` (the newest by default); a current database is left alone."""
    config = _config()
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _LOCK_ID})
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)


def open_engine(url: URL | str) -> Engine:
    """An engine whose database has the newest schema."""
    engine = make_engine(url)
    upgrade(engine)
    return engine
