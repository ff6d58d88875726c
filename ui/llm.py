"""Streamlit glue for the model backends: the shared built-in model, the app-wide workshop ledger and the
owner's settings from ``st.secrets`` (keys themselves are looked up in ``ui.keys`` only)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from core.llm import caps as capslib
from core.llm import servers
from core.llm.local import LocalModel, load_local_model
from ui.keys import secret_section


@st.cache_resource(show_spinner=False)
def local_model() -> LocalModel:
    """The built-in model, loaded once per process and shared by all sessions (it holds no user data)."""
    return load_local_model()


@st.cache_resource(show_spinner=False)
def app_ledger() -> capslib.AppLedger:
    """Dollars spent with the owner's key by all sessions of this process (shared; holds no key)."""
    return capslib.AppLedger()


def workshop_caps() -> capslib.WorkshopCaps:
    return capslib.caps_from_secrets(secret_section("workshop"))


def server_policy() -> servers.ServerPolicy:
    """The owner's custom-server policy; without a ``[playground]`` section: allowed only on a local run."""
    ip = st.context.ip_address
    url = st.context.url
    headers = {str(name): str(value) for name, value in st.context.headers.items()}
    local = servers.is_local_run(
        url if isinstance(url, str) else None, ip if isinstance(ip, str) else None, headers
    )
    return servers.server_policy(secret_section("playground"), local_run=local)


@st.cache_resource(show_spinner=False, max_entries=4)
def local_adapter_model(adapter: str) -> LocalModel:
    """The built-in model with a LoRA adapter (GGUF) applied: one instance per adapter file, next to the
    plain model, so a page can run base and fine-tuned side by side (it holds no user data)."""
    return load_local_model(lora_path=Path(adapter))
