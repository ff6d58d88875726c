"""The app's database for the Streamlit layer: one migrated engine per process and database URL (shared by
all sessions; it holds no user data, only connections). Which database: ``core.db.config`` (the owner's
``[database]`` secrets section, then ``APP_DATABASE_URL``, then a SQLite file)."""

from __future__ import annotations

import logging
import os

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from core.db import config
from core.db.engine import open_engine
from core.errors import UserInputError
from ui.keys import secret_section

log = logging.getLogger(__name__)


def _dispose(engine: Engine) -> None:
    engine.dispose()


@st.cache_resource(show_spinner=False, on_release=_dispose)
def _engine(url: str) -> Engine:
    return open_engine(url)


def database_url() -> str:
    return config.database_url(secret_section("database"), os.environ).render_as_string(hide_password=False)


def engine() -> Engine:
    """The migrated engine; an unreachable database is the message ``classroom.err_db_unavailable``."""
    try:
        return _engine(database_url())
    except SQLAlchemyError as exc:
        log.warning("database unavailable: %s", type(exc).__name__)
        raise UserInputError("classroom.err_db_unavailable") from None
