"""Streamlit glue for the model backends: the shared built-in model, the app-wide workshop ledger (in the
database) and the owner's settings from ``st.secrets`` (keys themselves are looked up in ``ui.keys`` only)."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

import streamlit as st

from core.db.ledger import DbLedger
from core.llm import caps as capslib
from core.llm import class_servers as classlib
from core.llm import local, remote, servers
from core.llm.local import LocalModel, load_local_model
from core.llm.queue import FairQueue
from ui import db as uidb
from ui.keys import class_server_key, secret_list, secret_section


@st.cache_resource(show_spinner=False)
def local_model() -> LocalModel:
    """The built-in model, loaded once per process and shared by all sessions (it holds no user data)."""
    return load_local_model()


@st.cache_resource(show_spinner=False, ttl=60)
def local_status() -> local.LocalStatus:
    """Whether the built-in model is installed: looked up at most once a minute (it only changes when the
    owner installs it), not on every rerun of the playground (package lookups on disk)."""
    return local.local_status()


SESSION_BUDGET_KEPT = timedelta(days=1)  # a session's ledger row is deleted after a day without a booking


@st.cache_resource(show_spinner=False)
def _ledger(url: str) -> DbLedger:
    ledger = DbLedger(uidb.engine())
    ledger.forget_sessions(datetime.now(UTC).replace(tzinfo=None) - SESSION_BUDGET_KEPT)
    return ledger


def app_ledger() -> DbLedger:
    """Dollars and tokens spent with the owner's key, per session and by all sessions of every app process
    together: the ledger lives in the app's database (``ui.db``), so replicas share one budget. Holds no
    key; a session is named by Streamlit's random session id."""
    return _ledger(uidb.database_url())


def session_owner() -> str:
    """This browser session's name in the built-in model's queue (Streamlit's session id; no user data)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    run = get_script_run_ctx()
    return run.session_id if run is not None else "no-session"


def model_queue() -> FairQueue:
    """The queue in front of the shared built-in model (one per process, like the model)."""
    return local_model().queue


def stop_generation() -> None:
    """The stop button: this session's generations leave the queue, a running one ends at its next token."""
    model_queue().stop_owner(session_owner())


def workshop_caps() -> capslib.WorkshopCaps:
    return capslib.caps_from_secrets(secret_section("workshop"))


@st.cache_resource(show_spinner=False)
def own_addresses() -> frozenset[str]:
    """This host's addresses as far as its own name and the configured listen address tell (no user data);
    a server URL leading to one of them is treated like loopback by ``core.llm.servers``."""
    found: set[str] = set()
    listen = st.get_option("server.address")
    for name in (socket.gethostname(), listen if isinstance(listen, str) and listen else None):
        if name is None:
            continue
        try:
            found.update(servers.system_resolver(name, 0))
        except (OSError, UnicodeError):
            continue
    return frozenset(found)


def server_policy() -> servers.ServerPolicy:
    """The owner's custom-server policy; without a ``[playground]`` section: allowed only on a local run."""
    ip = st.context.ip_address
    url = st.context.url
    headers = {str(name): str(value) for name, value in st.context.headers.items()}
    local = servers.is_local_run(
        url if isinstance(url, str) else None, ip if isinstance(ip, str) else None, headers
    )
    port = st.get_option("server.port")
    return servers.server_policy(
        secret_section("playground"),
        local_run=local,
        app_port=port if isinstance(port, int) else None,
        own_addresses=own_addresses(),
    )


def resolver() -> servers.Resolver:
    """The resolver for custom server names: the system's (tests replace
    ``core.llm.servers.system_resolver`` to give a name the addresses they need)."""
    return servers.system_resolver


def class_servers() -> tuple[classlib.ClassServer, ...]:
    """The owner's class servers (``[[class_servers]]`` in secrets), offered to every learner."""
    return classlib.class_servers(secret_list("class_servers"))


def class_backend(server: classlib.ClassServer, *, window: int | None = None) -> remote.OpenAIBackend:
    """A backend for a class server (the owner configured its URL, so the learner URL policy does not
    apply); its key comes from ``ui.keys``."""
    return remote.compatible_backend(
        server.base_url, server.model, class_server_key(server.index), window=window
    )


@st.cache_resource(show_spinner=False, max_entries=4)
def local_adapter_model(adapter: str) -> LocalModel:
    """The built-in model with a LoRA adapter (GGUF) applied: one instance per adapter file, next to the
    plain model, so a page can run base and fine-tuned side by side (it holds no user data)."""
    return load_local_model(lora_path=Path(adapter))
