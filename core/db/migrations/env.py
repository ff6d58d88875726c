"""alembic's environment: migrations run on the connection ``core.db.engine.upgrade`` passes in."""

from __future__ import annotations

from alembic import context

from core.db.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
)
with context.begin_transaction():
    context.run_migrations()
