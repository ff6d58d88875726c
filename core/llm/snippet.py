""" "Show code": a Python snippet (openai SDK) that reproduces the current request. It never contains a
key: it reads one from an environment variable on the learner's machine (or uses a placeholder)."""

from __future__ import annotations

import json

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
    limit = "max_completion_tokens" if kind == "openai" else "max_tokens"
    lines += [
        "",
        "stream = client.chat.completions.create(",
        f"    model={_literal(model)},",
        "    messages=[",
    ]
    for message in request.messages:
        lines.append(f'        {{"role": {_literal(message.role)}, "content": {_literal(message.content)}}},')
    lines += [
        "    ],",
        f"    temperature={request.temperature!r},",
        f"    top_p={request.top_p!r},",
        f"    {limit}={request.max_tokens!r},",
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
