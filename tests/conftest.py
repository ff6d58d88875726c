from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

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
