"""Streamlit glue for the model backends: the shared built-in model, the app-wide workshop ledger and the
owner's settings from ``st.secrets`` (keys themselves are looked up in ``ui.keys`` only)."""

from __future__ import annotations

import socket

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
