"""The one API key field and the one place keys are looked up.

A learner's key lives only in that learner's ``st.session_state``: typed once (in the playground or the data
lab), it is used by every page of the same session, and by no other session. The owner's workshop key lives
only in ``st.secrets["openai"]["api_key"]`` and never reaches a browser. Keys are handed straight to a backend
created for one run and dropped; never cached, logged, exported, put in ``os.environ`` or the URL.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import streamlit as st

from core import text
from core.errors import UserInputError
from ui import boundary, messages

KeyKind = Literal["openai", "server"]  # OpenAI itself; the learner's own OpenAI-compatible server
KeySource = Literal["learner", "owner"]
_STORE = "keys__learner"  # {kind: key}; a plain session-state entry, so it outlives page changes


def _store() -> dict[str, str]:
    store = st.session_state.get(_STORE)
    if not isinstance(store, dict):
        store = {}
        st.session_state[_STORE] = store
    return store


def key_field(
    kind: KeyKind,
    widget_key: str,
    label: str,
    *,
    help: str | None = None,
    placeholder: str | None = None,
    disabled: bool = False,
) -> None:
    """A password field for the learner's ``kind`` key. ``widget_key`` carries the page's prefix; whatever
    page shows the field, it shows and edits the same session-only key."""
    # The field always shows the session's key: typed here or on another page (Streamlit may still hold an
    # older value of this widget from the last time it was drawn). A change is stored by the callback,
    # which runs before the page does.
    st.session_state[widget_key] = _store().get(kind, "")
    st.text_input(
        label,
        type="password",
        key=widget_key,
        help=help,
        placeholder=placeholder,
        disabled=disabled,
        on_change=boundary.callback(_remember),
        args=(kind, widget_key),
    )
    problem = key_problem(kind)
    if problem is not None:
        messages.show_error(problem)


def _remember(kind: KeyKind, widget_key: str) -> None:
    value = st.session_state.get(widget_key)
    _store()[kind] = value if isinstance(value, str) else ""


def key_problem(kind: KeyKind) -> UserInputError | None:
    """Why the learner's key of this kind cannot be sent (a character outside ASCII), or None. A page shows
    it under the field (``ui.messages.show_error``); invisible characters are simply removed."""
    value = _store().get(kind)
    if not isinstance(value, str):
        return None
    try:
        text.clean_key(value)
    except UserInputError as exc:
        return exc
    return None


def learner_key(kind: KeyKind) -> str | None:
    """The learner's own key of this kind (this session only), without invisible characters, or None.
    A key with other non-ASCII characters is returned as typed; ``core.llm.client.make_client`` refuses it
    with ``llm.err_key_chars``."""
    value = _store().get(kind)
    if not isinstance(value, str):
        return None
    cleaned = text.strip_invisible(value)
    return cleaned or None


def secret_section(name: str) -> Mapping[str, Any] | None:
    """A section of ``st.secrets`` as a plain mapping, or None (also when there is no secrets file)."""
    try:
        section = st.secrets.get(name)
    except (FileNotFoundError, KeyError):  # StreamlitSecretNotFoundError is a FileNotFoundError
        return None
    if isinstance(section, Mapping):
        return dict(section)
    return None


def secret_list(name: str) -> list[Mapping[str, Any]]:
    """An array of tables of ``st.secrets`` (``[[name]]``) as plain mappings; empty when absent."""
    try:
        value = st.secrets.get(name)
    except (FileNotFoundError, KeyError):
        return []
    if not isinstance(value, list | tuple):
        return []
    return [dict(item) if isinstance(item, Mapping) else item for item in value]


def class_server_key(index: int) -> str | None:
    """The owner's key for class server ``index`` (``[[class_servers]] api_key``), or None."""
    entries = secret_list("class_servers")
    key = entries[index].get("api_key") if 0 <= index < len(entries) else None
    return key.strip() if isinstance(key, str) and key.strip() else None


def owner_key() -> str | None:
    """The owner's workshop key from the ``[openai]`` secret, or None."""
    key = (secret_section("openai") or {}).get("api_key")
    cleaned = text.strip_invisible(key) if isinstance(key, str) else ""
    return cleaned or None


def owner_key_configured() -> bool:
    return owner_key() is not None


def openai_key(source: KeySource) -> str | None:
    """The OpenAI key for this run: the learner's own (session only) or the owner's workshop key."""
    return owner_key() if source == "owner" else learner_key("openai")
