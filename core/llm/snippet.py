""" "Show code": a Python snippet (openai SDK) that reproduces the current request: the Responses API for
OpenAI (what OpenAI recommends for new projects), Chat Completions for compatible servers and the built-in
model (most of them, llama.cpp's included, speak only that). The parameters are the ones the model accepts
(``remote.model_params``). It never contains a key: it reads one from an environment variable on the
learner's machine (or uses a placeholder)."""

from __future__ import annotations

import json
from typing import Any

from core.llm.remote import model_params
from core.llm.types import BackendKind, ChatRequest

LOCAL_SERVER_URL = "http://127.0.0.1:8000/v1"


def _literal(value: object) -> str:
    # JSON strings, numbers and booleans-as-written are valid Python literals for str/int/float.
    return json.dumps(value, ensure_ascii=False)


def python_snippet(
    request: ChatRequest,
    *,
    kind: BackendKind,
    model: str,
    base_url: str | None = None,
    comments: tuple[str, ...] = (),
) -> str:
    """Source code of a runnable script; ``comments`` become ``#`` lines at the top."""
    lines = [f"# {' '.join(c.split())}" for c in comments]
    if kind == "openai":
        lines += [
            "import os",
            "",
            "from openai import OpenAI",
            "",
            'client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])',
        ]
    elif kind == "server":
        lines += [
            "import os",
            "",
            "from openai import OpenAI",
            "",
            "client = OpenAI(",
            f"    base_url={_literal(base_url or '')},",
            '    api_key=os.environ.get("LLM_API_KEY", "not-needed"),',
            ")",
        ]
    else:  # the built-in model, served by llama-cpp-python's OpenAI-compatible server
        lines += [
            "from openai import OpenAI",
            "",
            f'client = OpenAI(base_url={_literal(base_url or LOCAL_SERVER_URL)}, api_key="not-needed")',
        ]
    sampling = model_params(kind, model, request)
    if kind == "openai":  # OpenAI recommends the Responses API for new projects
        return "\n".join(lines + _responses_call(request, model, sampling))
    lines += [
        "",
        "stream = client.chat.completions.create(",
        f"    model={_literal(model)},",
        "    messages=[",
    ]
    lines += _message_lines(request)
    lines += ["    ],"]
    lines += [f"    {name}={value!r}," for name, value in sampling.items()]
    lines += [
        f"    max_tokens={request.max_tokens!r},",
        "    stream=True,",
        '    stream_options={"include_usage": True},',
        ")",
        "for chunk in stream:",
        "    if chunk.choices and chunk.choices[0].delta.content:",
        '        print(chunk.choices[0].delta.content, end="", flush=True)',
        "    if chunk.usage:",
        "        print()",
        "        print(chunk.usage)",
        "",
    ]
    return "\n".join(lines)


def _message_lines(request: ChatRequest) -> list[str]:
    return [
        f'        {{"role": {_literal(m.role)}, "content": {_literal(m.content)}}},' for m in request.messages
    ]


def _responses_call(request: ChatRequest, model: str, sampling: dict[str, Any]) -> list[str]:
    """A streamed Responses API call: ``input`` holds the messages, ``reasoning`` the effort."""
    lines = ["", "stream = client.responses.create(", f"    model={_literal(model)},", "    input=["]
    lines += _message_lines(request)
    lines += ["    ],"]
    if "reasoning_effort" in sampling:
        lines.append(f'    reasoning={{"effort": {_literal(sampling["reasoning_effort"])}}},')
    lines += [f"    {name}={sampling[name]!r}," for name in ("temperature", "top_p") if name in sampling]
    lines += [
        f"    max_output_tokens={request.max_tokens!r},",
        "    stream=True,",
        ")",
        "for event in stream:",
        '    if event.type == "response.output_text.delta":',
        '        print(event.delta, end="", flush=True)',
        '    elif event.type == "response.completed":',
        "        print()",
        "        print(event.response.usage)",
        "",
    ]
    return lines
