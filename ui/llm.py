"""Streamlit glue for the playground's backends: the shared built-in model, the owner's settings from
``st.secrets`` and the one place where API keys are looked up.

Keys: a learner's key lives only in that learner's ``st.session_state`` (password fields ``pg_openai_key``,
``pg_server_key``); the owner's key only in ``st.secrets["openai"]["api_key"]``. Keys are read here, handed
straight to a backend that is created for one run and dropped, and never cached, logged, exported, put in
``os.environ`` or the URL.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import streamlit as st

from core import playground as pg
from core.i18n import Lang
from core.llm import caps as capslib
from core.llm import servers
from core.llm.local import LocalModel, load_local_model

KeySource = Literal["learner", "owner"]
LEARNER_OPENAI_KEY = "pg_openai_key"
LEARNER_SERVER_KEY = "pg_server_key"


@st.cache_resource(show_spinner=False)
def local_model() -> LocalModel:
    """The built-in model, loaded once per process and shared by all sessions (it holds no user data)."""
    return load_local_model()


@st.cache_resource(show_spinner=False)
def app_ledger() -> capslib.AppLedger:
    """Dollars spent with the owner's key by all sessions of this process (shared; holds no key)."""
    return capslib.AppLedger()


@st.cache_resource(show_spinner=False)
def playground_content(lang: Lang) -> tuple[tuple[pg.PromptPair, ...], tuple[pg.Template, ...]]:
    """The prompt pairs and builder templates of one language (read-only, shared)."""
    return pg.load_pairs(lang), pg.load_templates(lang)


def secret_section(name: str) -> Mapping[str, Any] | None:
    """A section of ``st.secrets`` as a plain mapping, or None (also when there is no secrets file)."""
    try:
        section = st.secrets.get(name)
    except (FileNotFoundError, KeyError):  # StreamlitSecretNotFoundError is a FileNotFoundError
        return None
    if isinstance(section, Mapping):
        return dict(section)
    return None


def owner_key_configured() -> bool:
    section = secret_section("openai")
    return bool(section and isinstance(section.get("api_key"), str) and section["api_key"].strip())


def openai_key(source: KeySource) -> str | None:
    """The OpenAI key for this run: the learner's own (session only) or the owner's workshop key."""
    if source == "owner":
        section = secret_section("openai") or {}
        key = section.get("api_key")
        return key.strip() if isinstance(key, str) and key.strip() else None
    value = st.session_state.get(LEARNER_OPENAI_KEY)
    return value.strip() if isinstance(value, str) and value.strip() else None


def server_key() -> str | None:
    """The learner's optional key for their own OpenAI-compatible server."""
    value = st.session_state.get(LEARNER_SERVER_KEY)
    return value.strip() if isinstance(value, str) and value.strip() else None


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
