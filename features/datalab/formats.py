"""What one training example may look like, in OpenAI's fine-tuning formats as of 2026: the chat format
(messages with text or content-part arrays, assistant tool calls and tool results, the legacy function
call, ``weight``) and the preference (DPO) format (``input`` messages, one ``preferred_output`` and one
``non_preferred_output``). Pure; every problem becomes a ``Finding`` with an interface-string key.

Also: the offending content shown with each finding (``excerpt``) and the provider's minimum example count.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as _field
from typing import Any, Literal

Severity = Literal["error", "warning"]
Format = Literal["chat", "preference"]

KNOWN_MESSAGE_KEYS: tuple[str, ...] = (
    "role",
    "content",
    "name",
    "tool_calls",
    "tool_call_id",
    "function_call",
    "weight",
)
KNOWN_ROLES: tuple[str, ...] = ("system", "developer", "user", "assistant", "tool", "function")
PART_TYPES: tuple[str, ...] = ("text", "image_url")
PREFERENCE_KEYS: tuple[str, ...] = ("input", "preferred_output", "non_preferred_output")
#: OpenAI's minimum number of training examples for a fine-tuning job.
MIN_EXAMPLES_OPENAI = 10
EXCERPT_CHARS = 160


@dataclass(frozen=True)
class Finding:
    severity: Severity
    line: int  # 0 = the whole file
    field: str  # "" = the whole line, else e.g. "messages[2].role"
    key: str  # interface string, "datalab.f_*"
    params: Mapping[str, object] = _field(default_factory=dict)
    excerpt: str = ""  # the offending content (the field's JSON, or the line), shortened


def short(value: object, limit: int = 40) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def example_format(value: Mapping[str, Any]) -> Format:
    """``preference`` when the object has a DPO key, else ``chat``."""
    return "preference" if any(k in value for k in PREFERENCE_KEYS) else "chat"


def text_of(content: object) -> str:
    """The text of a message's content: a string, or the text parts of a content-part array."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p["text"] for p in content if isinstance(p, dict) and isinstance(p.get("text"), str))
    return ""


class _Out:
    """Collects the findings of one example; ``prefix`` goes before every field (``input.`` for DPO)."""

    def __init__(self, line: int, prefix: str) -> None:
        self.line = line
        self.prefix = prefix
        self.items: list[Finding] = []

    def add(self, severity: Severity, field: str, key: str, **params: object) -> None:
        self.items.append(Finding(severity, self.line, self.prefix + field, key, params))


def _parts(out: _Out, where: str, role: object, parts: list[Any]) -> None:
    if not parts:
        out.add("error", where, "datalab.f_empty_content")
    for j, part in enumerate(parts):
        at = f"{where}[{j}]"
        kind = part.get("type") if isinstance(part, dict) else None
        if kind not in PART_TYPES:
            out.add("error", at, "datalab.f_bad_part", type=short(kind))
        elif kind == "text" and not (isinstance(part.get("text"), str) and part["text"].strip()):
            out.add("error", at + ".text", "datalab.f_empty_content")
        elif kind == "image_url":
            image = part.get("image_url")
            if not (isinstance(image, dict) and isinstance(image.get("url"), str) and image["url"]):
                out.add("error", at + ".image_url", "datalab.f_bad_image")
            elif role != "user":
                out.add("error", at, "datalab.f_image_not_user")


def _tool_calls(out: _Out, i: int, calls: object, role: object, ids: set[str]) -> None:
    where = f"messages[{i}].tool_calls"
    if role != "assistant":
        out.add("error", where, "datalab.f_tool_calls_not_assistant")
        return
    if not isinstance(calls, list) or not calls:
        out.add("error", where, "datalab.f_bad_tool_call")
        return
    for j, call in enumerate(calls):
        fn = call.get("function") if isinstance(call, dict) else None
        ok = (
            isinstance(call, dict)
            and isinstance(call.get("id"), str)
            and call.get("type") == "function"
            and isinstance(fn, dict)
            and isinstance(fn.get("name"), str)
            and isinstance(fn.get("arguments"), str)
        )
        if not ok:
            out.add("error", f"{where}[{j}]", "datalab.f_bad_tool_call")
            continue
        assert isinstance(call, dict) and isinstance(fn, dict)
        ids.add(call["id"])
        try:
            json.loads(fn["arguments"])
        except ValueError:
            out.add("warning", f"{where}[{j}].function.arguments", "datalab.f_tool_args_not_json")


def check_message(out: _Out, i: int, msg: object, ids: set[str]) -> str | None:
    """Findings of one message (into ``out``); returns its role when it is a known one."""
    where = f"messages[{i}]"
    if not isinstance(msg, dict):
        out.add("error", where, "datalab.f_message_not_object")
        return None
    role = msg.get("role")
    calls = bool(msg.get("tool_calls")) or bool(msg.get("function_call"))
    if "role" not in msg:
        out.add("error", where + ".role", "datalab.f_missing_key", name="role")
    elif not (isinstance(role, str) and role in KNOWN_ROLES):
        out.add("error", where + ".role", "datalab.f_unknown_role", role=short(role))
    for key in msg:
        if key not in KNOWN_MESSAGE_KEYS:
            out.add("error", f"{where}.{key}", "datalab.f_unknown_key", name=short(key))
    content = msg.get("content")
    if "content" not in msg and not calls:
        out.add("error", where + ".content", "datalab.f_missing_key", name="content")
    elif content is None:
        if "content" in msg and not calls:
            out.add("error", where + ".content", "datalab.f_content_type")
    elif isinstance(content, list):
        _parts(out, where + ".content", role, content)
    elif not isinstance(content, str):
        out.add("error", where + ".content", "datalab.f_content_type")
    elif not content.strip() and not calls:
        out.add("error", where + ".content", "datalab.f_empty_content")
    if "tool_calls" in msg:
        _tool_calls(out, i, msg["tool_calls"], role, ids)
    if role == "tool":
        call_id = msg.get("tool_call_id")
        if not isinstance(call_id, str) or not call_id:
            out.add("error", where + ".tool_call_id", "datalab.f_missing_key", name="tool_call_id")
        elif call_id not in ids:
            out.add("warning", where + ".tool_call_id", "datalab.f_tool_result_unmatched", id=short(call_id))
    if "weight" in msg:
        weight = msg["weight"]
        if isinstance(weight, bool) or weight not in (0, 1):
            out.add("error", where + ".weight", "datalab.f_bad_weight", value=short(weight))
        elif role != "assistant":
            out.add("warning", where + ".weight", "datalab.f_weight_not_assistant")
    return role if isinstance(role, str) and role in KNOWN_ROLES else None


def check_messages(out: _Out, messages: Sequence[Any], *, needs_assistant: bool) -> set[str]:
    """Every message, then what the example as a whole lacks; returns the roles found."""
    roles: set[str] = set()
    ids: set[str] = set()
    for i, msg in enumerate(messages):
        role = check_message(out, i, msg, ids)
        if role:
            roles.add(role)
    if needs_assistant and "assistant" not in roles:
        out.add("error", "messages", "datalab.f_no_assistant")
    if not roles & {"system", "developer"}:
        out.add("warning", "messages", "datalab.f_no_system")
    if "user" not in roles:
        out.add("warning", "messages", "datalab.f_no_user")
    return roles


def check_chat(line: int, value: Mapping[str, Any]) -> list[Finding]:
    messages = value.get("messages")
    if not isinstance(messages, list) or not messages:
        return [Finding("error", line, "messages", "datalab.f_no_messages")]
    out = _Out(line, "")
    check_messages(out, messages, needs_assistant=True)
    return out.items


def check_preference(line: int, value: Mapping[str, Any]) -> list[Finding]:
    """A DPO example: ``input.messages`` (ending with the user's turn) and one preferred and one
    non-preferred assistant answer."""
    found: list[Finding] = []
    inp = value.get("input")
    messages = inp.get("messages") if isinstance(inp, dict) else None
    if not isinstance(messages, list) or not messages:
        found.append(Finding("error", line, "input.messages", "datalab.f_no_messages"))
    else:
        out = _Out(line, "input.")
        check_messages(out, messages, needs_assistant=False)
        found += out.items
        last = messages[-1]
        if isinstance(last, dict) and last.get("role") == "assistant":
            found.append(Finding("warning", line, "input.messages", "datalab.f_dpo_input_ends_assistant"))
    for key in ("preferred_output", "non_preferred_output"):
        answer = value.get(key)
        if not isinstance(answer, list) or len(answer) != 1:
            found.append(Finding("error", line, key, "datalab.f_dpo_output", {"name": key}))
            continue
        out = _Out(line, f"{key}.")
        check_messages(out, answer, needs_assistant=True)
        found += [f for f in out.items if f.key not in ("datalab.f_no_system", "datalab.f_no_user")]
    return found


def preference_messages(value: Mapping[str, Any]) -> tuple[list[Any], list[Any]]:
    """(every message of a DPO example, its preferred answer), for the token counts."""
    inp = value["input"]["messages"]
    return [*inp, *value["preferred_output"], *value["non_preferred_output"]], list(value["preferred_output"])


_PATH = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def excerpt(raw: str, value: Any, field: str, column: int = 0) -> str:
    """The offending content: the JSON of ``field`` inside ``value`` when it resolves, else the line (around
    ``column`` for a JSON error), at most ``EXCERPT_CHARS`` characters."""
    target: Any = value
    if field and value is not None:
        for name, index in _PATH.findall(field):
            if index:
                target = target[int(index)] if isinstance(target, list) and int(index) < len(target) else None
            else:
                target = target.get(name) if isinstance(target, dict) else None
            if target is None:
                break
    if field and target is not None:
        text = target if isinstance(target, str) else json.dumps(target, ensure_ascii=False)
    else:
        start = max(0, column - EXCERPT_CHARS // 2) if column else 0
        text = ("…" if start else "") + raw[start:]
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"
