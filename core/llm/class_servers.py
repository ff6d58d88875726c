"""Class servers: OpenAI-compatible servers the app's owner names for a whole class (vLLM, llama.cpp's
llama-server, Ollama on a GPU machine), offered to every learner by label, without typing a URL.

Read from the ``class_servers`` secrets (an array of tables)::

    [[class_servers]]
    label = "Llama 3.1 8B (room 2)"          # what learners see: "Class model: <label>"
    base_url = "http://10.0.0.5:8080/v1"     # http(s), host, optional port and path
    model = "llama-3.1-8b-instruct"
    api_key = "..."                          # optional; read only by ui.keys.class_server_key

The owner's configuration decides, so a class server is offered on a hosted deployment too, whatever the
policy for URLs a learner types (``core.llm.servers``), which it does not change. This module never sees the
key: it only notes whether one is set.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from core.errors import UserInputError

MAX_SERVERS = 8
LABEL_MAX = 60
PREFIX = "class:"  # how a class server is named among the playground's backend choices


@dataclass(frozen=True)
class ClassServer:
    index: int  # position in the secrets (the key is looked up by it)
    label: str
    base_url: str
    model: str
    has_key: bool

    @property
    def choice(self) -> str:
        return f"{PREFIX}{self.index}"


def _text(entry: Mapping[str, object], name: str, index: int, limit: int = 200) -> str:
    value = entry.get(name)
    if not isinstance(value, str) or not value.strip() or len(value.strip()) > limit:
        raise UserInputError("llm.err_class_server_config", n=index + 1, field=name)
    return value.strip()


def _base_url(raw: str, index: int) -> str:
    try:
        parts = urlsplit(raw)
        port_ok = parts.port is None or 0 < parts.port < 65536
    except ValueError:
        port_ok = False
        parts = urlsplit("")
    plain = (
        parts.scheme in ("http", "https")
        and bool(parts.hostname)
        and port_ok
        and not parts.username
        and not parts.password
        and not parts.query
        and not parts.fragment
    )
    if not plain:
        raise UserInputError("llm.err_class_server_config", n=index + 1, field="base_url")
    return raw.rstrip("/")


def class_servers(entries: Sequence[Mapping[str, object]] | None) -> tuple[ClassServer, ...]:
    """The configured class servers, in order; a malformed entry raises ``llm.err_class_server_config``."""
    if not entries:
        return ()
    if len(entries) > MAX_SERVERS:
        raise UserInputError("llm.err_class_server_config", n=MAX_SERVERS + 1, field="class_servers")
    found = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, Mapping):
            raise UserInputError("llm.err_class_server_config", n=index + 1, field="class_servers")
        key = entry.get("api_key")
        if key is not None and not isinstance(key, str):
            raise UserInputError("llm.err_class_server_config", n=index + 1, field="api_key")
        found.append(
            ClassServer(
                index=index,
                label=_text(entry, "label", index, LABEL_MAX),
                base_url=_base_url(_text(entry, "base_url", index), index),
                model=_text(entry, "model", index),
                has_key=bool(key and key.strip()),
            )
        )
    return tuple(found)


def index_of(choice: str) -> int | None:
    """The class server's index in a backend choice ``class:<n>``, or None for another choice."""
    if not choice.startswith(PREFIX) or not choice[len(PREFIX) :].isdigit():
        return None
    return int(choice[len(PREFIX) :])
