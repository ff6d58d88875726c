from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from core.paths import CONTENT_DIR

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(autouse=True)
def _clear_streamlit_caches() -> Iterator[None]:
    """Each test starts with empty Streamlit caches (they are process-wide)."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield


@pytest.fixture(autouse=True)
def _fresh_app_database(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test's app (and the Streamlit servers it starts) uses its own, empty SQLite database (the
    workshop ledger and classes live there; created only when a test touches it)."""
    folder = tmp_path_factory.mktemp("appdb")
    monkeypatch.setenv("APP_DATABASE_URL", f"sqlite:///{folder / 'app.sqlite3'}")


#: Every test runs on this day (core.lifecycle.today), so nothing depends on the real date; the app itself
#: uses the real date.
FIXED_TODAY = date(2026, 12, 1)


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    from core import lifecycle

    monkeypatch.setattr(lifecycle, "today", lambda: FIXED_TODAY)


@pytest.fixture()
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of content/, for tests that break a file on purpose."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


def replace_once(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in ``path``; fail loudly when the fixture text is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server for this test session (tests/pgserver.py), stopped at the end."""
    from tests.pgserver import postgres_server

    with postgres_server() as url:
        yield url
