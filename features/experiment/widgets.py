"""The experiment's session state and backends (Streamlit glue): the session's rows, the adapters this
session can use (the shipped one, live-trained ones), and the backend a run talks to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import streamlit as st

from core import tokens
from core.errors import UserInputError
from core.llm import local, remote, servers
from core.llm.types import Backend
from core.paths import ADAPTERS_DIR
from features.experiment.records import RunRecord
from features.experiment.variants import Variant
from ui import keys
from ui import llm as uillm

RECORDS = "exp__records"  # list[RunRecord], this session's rows
ADAPTERS = "exp__adapters"  # dict[label, path] of adapters trained in this session
PENDING = "exp__pending_adapter"  # an adapter handed over by live training, to evaluate in this run
SELECT_NEXT = "exp__select_adapter"  # choose it in the adapter box on the next run (before the widget)
RUNNING = "exp__running"  # set while a run is under way; still set on the next run = it was cancelled
SHIPPED_ADAPTER = ADAPTERS_DIR / "support-triage.gguf"
SHIPPED_LABEL = "support-triage"
DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
BackendChoice = Literal["local", "class", "openai", "server"]
CLASS_PREFIX = "class:"  # radio option of the owner's class server n: "class:<n>"


@dataclass(frozen=True)
class Setup:
    backend: BackendChoice
    model: str  # the remote model name (unused for the built-in model)
    adapter: str  # label of the adapter for the fine-tuned row ("" = none available)
    class_server: int | None = None  # index into the owner's class servers (backend "class")


def backend_options(room: int) -> list[str]:
    """The radio's options: the built-in model, each of the owner's ``room`` class servers, then the
    learner's own OpenAI key and server."""
    return ["local", *(f"{CLASS_PREFIX}{i}" for i in range(room)), "openai", "server"]


def class_index(option: str) -> int | None:
    """The class server an option names (``class:2`` -> 2), else None."""
    if not option.startswith(CLASS_PREFIX):
        return None
    tail = option[len(CLASS_PREFIX) :]
    return int(tail) if tail.isdigit() else None


def records() -> list[RunRecord]:
    value = st.session_state.get(RECORDS)
    if not isinstance(value, list):
        value = []
        st.session_state[RECORDS] = value
    return value


def add_record(record: RunRecord) -> None:
    records().append(record)


def next_number() -> int:
    return len(records()) + 1


def adapters() -> dict[str, Path]:
    """Adapters this session can apply: the shipped one (if installed) and those trained here."""
    out: dict[str, Path] = {}
    if SHIPPED_ADAPTER.is_file():
        out[SHIPPED_LABEL] = SHIPPED_ADAPTER
    session = st.session_state.get(ADAPTERS)
    if isinstance(session, dict):
        out.update({str(k): Path(v) for k, v in session.items() if Path(v).is_file()})
    return out


def add_adapter(path: Path, label: str) -> None:
    """The callback for live training: a new adapter of this session becomes a choice for the fine-tune."""
    session = st.session_state.get(ADAPTERS)
    if not isinstance(session, dict):
        session = {}
    session[label] = str(path)
    st.session_state[ADAPTERS] = session
    st.session_state[PENDING] = label
    st.session_state[SELECT_NEXT] = label  # the adapter box was drawn already in this run


def local_ready() -> bool:
    return uillm.local_status().available  # looked up once a minute, not on every rerun


def make_backend(setup: Setup, variant: Variant) -> tuple[Backend, local.LocalModel | None]:
    """The backend for one row (and the loaded model, for exact token counts on the built-in model)."""
    if setup.backend == "local":
        if not local_ready():
            raise UserInputError("llm.err_local_missing", command=local.ENABLE_COMMAND)
        if variant.uses_adapter:
            path = adapters().get(variant.adapter)
            if path is None:
                raise UserInputError("experiment.err_no_adapter")
            model = uillm.local_adapter_model(str(path))
        else:
            model = uillm.local_model()
        # takes its turn in the built-in model's queue like the playground does
        return local.LocalBackend(model, reuse_prefix=True, owner=uillm.session_owner()), model
    if variant.uses_adapter:
        raise UserInputError("experiment.err_adapter_local_only")
    if setup.backend == "class":
        room = uillm.class_servers()
        index = setup.class_server
        if index is None or index >= len(room):
            raise UserInputError("llm.err_class_server_config", n=(index or 0) + 1, field="class_servers")
        return uillm.class_backend(room[index]), None
    if setup.backend == "openai":
        key = keys.openai_key("learner")
        if key is None:
            raise UserInputError("llm.err_no_key")
        return remote.OpenAIBackend(model=setup.model, api_key=key), None
    # resolved and checked now; the client connects only to the addresses checked here
    checked = servers.check_server(
        str(st.session_state.get("exp_server_url", "")), uillm.server_policy(), resolve=uillm.resolver()
    )
    backend = remote.compatible_backend(checked.url, setup.model, keys.learner_key("server"), pin=checked.pin)
    return backend, None


def input_counter(model: local.LocalModel | None, remote_model: str) -> Callable[[str], int]:
    """Counts a message's own tokens: exactly with the built-in model, else with core.tokens."""
    if model is not None:
        return model.count_text
    return lambda text: tokens.count_tokens(text, remote_model).tokens
