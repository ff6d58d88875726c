"""features.datalab.jobs, offline: the openai SDK talks to an httpx2.MockTransport (its own HTTP client hook).

Every test asserts the requests the SDK sends (method, path, body) and how replies, including errors, are
turned into results or localized ``UserInputError``s.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import openai
import openai._base_client as sdk_base
import pytest

from core.errors import UserInputError
from core.i18n import LANGS, translator
from features.datalab import jobs

# The HTTP library the installed SDK is built on: httpx2 for openai 3.x (installed here), httpx before.
httpx2: Any = getattr(sdk_base, "httpx2", None) or getattr(sdk_base, "httpx")  # noqa: B009

BASE_URL = "http://127.0.0.1:9/v1"  # never contacted: the mock transport answers
KEY = "sk-test-not-a-real-key"
DATA = b'{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}\n'


def job_json(status: str = "validating_files", **extra: Any) -> dict[str, Any]:
    return {
        "id": "ftjob-123",
        "object": "fine_tuning.job",
        "created_at": 1_700_000_000,
        "error": None,
        "fine_tuned_model": None,
        "finished_at": None,
        "hyperparameters": {"n_epochs": "auto"},
        "model": "gpt-4o-mini-2024-07-18",
        "organization_id": "org-1",
        "result_files": [],
        "seed": 1,
        "status": status,
        "trained_tokens": None,
        "training_file": "file-abc",
        "validation_file": None,
        **extra,
    }


Handler = Callable[[httpx2.Request], httpx2.Response]


class Recorder:
    """Answers like the OpenAI API would, and keeps every request."""

    def __init__(self, override: Handler | None = None) -> None:
        self.requests: list[httpx2.Request] = []
        self.override = override

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        request.read()
        self.requests.append(request)
        if self.override is not None:
            return self.override(request)
        path, method = request.url.path, request.method
        if method == "POST" and path == "/v1/files":
            return httpx2.Response(
                200,
                json={
                    "id": "file-abc",
                    "object": "file",
                    "bytes": len(DATA),
                    "created_at": 1_700_000_000,
                    "filename": "train.jsonl",
                    "purpose": "fine-tune",
                    "status": "uploaded",
                },
            )
        if method == "POST" and path == "/v1/fine_tuning/jobs":
            return httpx2.Response(200, json=job_json())
        if method == "GET" and path == "/v1/fine_tuning/jobs/ftjob-123":
            return httpx2.Response(
                200,
                json=job_json("succeeded", fine_tuned_model="ft:gpt-4o-mini:org::abc", trained_tokens=900),
            )
        if method == "GET" and path == "/v1/fine_tuning/jobs/ftjob-123/events":
            return httpx2.Response(
                200,
                json={
                    "object": "list",
                    "has_more": False,
                    "data": [
                        {
                            "id": "ev-2",
                            "object": "fine_tuning.job.event",
                            "created_at": 1_700_000_100,
                            "level": "info",
                            "message": "Job succeeded",
                        },
                        {
                            "id": "ev-1",
                            "object": "fine_tuning.job.event",
                            "created_at": 1_700_000_000,
                            "level": "warn",
                            "message": "Validating training file",
                        },
                    ],
                },
            )
        if method == "POST" and path == "/v1/fine_tuning/jobs/ftjob-123/cancel":
            return httpx2.Response(200, json=job_json("cancelled"))
        return httpx2.Response(404, json={"error": {"message": f"no route {method} {path}", "type": "x"}})


def client_for(recorder: Recorder) -> openai.OpenAI:
    return openai.OpenAI(
        api_key=KEY,
        base_url=BASE_URL,
        max_retries=0,
        http_client=httpx2.Client(transport=httpx2.MockTransport(recorder)),
    )


def body(request: httpx2.Request) -> Any:
    return json.loads(request.content)


def test_start_job_uploads_the_file_then_creates_the_job() -> None:
    rec = Recorder()
    info = jobs.start_job(client_for(rec), "train", DATA, "gpt-4o-mini-2024-07-18", epochs=4, suffix="notely")
    assert [(r.method, r.url.path) for r in rec.requests] == [
        ("POST", "/v1/files"),
        ("POST", "/v1/fine_tuning/jobs"),
    ]
    upload, create = rec.requests
    assert upload.headers["authorization"] == f"Bearer {KEY}"
    assert upload.headers["content-type"].startswith("multipart/form-data")
    assert b'name="purpose"' in upload.content and b"fine-tune" in upload.content
    assert b'filename="train.jsonl"' in upload.content
    assert DATA in upload.content
    assert body(create) == {
        "model": "gpt-4o-mini-2024-07-18",
        "training_file": "file-abc",
        "method": {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 4}}},
        "suffix": "notely",
    }
    assert info == jobs.JobInfo(
        id="ftjob-123",
        model="gpt-4o-mini-2024-07-18",
        status="validating_files",
        training_file="file-abc",
        created_at=1_700_000_000,
        finished_at=None,
        fine_tuned_model=None,
        trained_tokens=None,
        error_message=None,
    )
    assert info.active


def test_default_epochs_are_left_to_openai_and_empty_suffix_is_not_sent() -> None:
    rec = Recorder()
    jobs.create_job(client_for(rec), "file-abc", "gpt-4o-mini-2024-07-18")
    sent = body(rec.requests[0])
    assert sent["method"]["supervised"]["hyperparameters"] == {"n_epochs": "auto"}
    assert "suffix" not in sent


def test_retrieve_events_and_cancel() -> None:
    rec = Recorder()
    client = client_for(rec)
    done = jobs.retrieve_job(client, "ftjob-123")
    assert (done.status, done.fine_tuned_model, done.trained_tokens, done.active) == (
        "succeeded",
        "ft:gpt-4o-mini:org::abc",
        900,
        False,
    )
    events = jobs.list_events(client, "ftjob-123", limit=5)
    assert [(e.id, e.level, e.message) for e in events] == [
        ("ev-2", "info", "Job succeeded"),
        ("ev-1", "warn", "Validating training file"),
    ]
    cancelled = jobs.cancel_job(client, "ftjob-123")
    assert cancelled.status == "cancelled"
    assert [(r.method, r.url.path) for r in rec.requests] == [
        ("GET", "/v1/fine_tuning/jobs/ftjob-123"),
        ("GET", "/v1/fine_tuning/jobs/ftjob-123/events"),
        ("POST", "/v1/fine_tuning/jobs/ftjob-123/cancel"),
    ]
    assert rec.requests[1].url.params["limit"] == "5"


def test_failed_job_carries_the_error_message() -> None:
    failed = job_json(
        "failed", error={"code": "invalid_file", "message": "Line 3 is not valid", "param": None}
    )
    rec = Recorder(lambda _req: httpx2.Response(200, json=failed))
    info = jobs.retrieve_job(client_for(rec), "ftjob-123")
    assert info.error_message == "Line 3 is not valid"
    assert not info.active


def _error(status: int, message: str, code: str | None = None) -> Handler:
    return lambda _req: httpx2.Response(
        status,
        json={"error": {"message": message, "type": "invalid_request_error", "code": code, "param": None}},
    )


def _params(status: int, detail: str, exception: str) -> dict[str, object]:
    """What ``core.llm.errors.user_error`` hands every message: the status, the server's words, the SDK's
    exception name (each message uses what it needs)."""
    return {"status": status, "detail": detail, "exception": exception}


@pytest.mark.parametrize(
    ("handler", "key", "params"),
    [
        (
            _error(401, f"Incorrect API key provided: {KEY[:6]}***"),
            "datalab.err_api_auth",
            _params(401, f"Incorrect API key provided: {KEY[:6]}***", "AuthenticationError"),
        ),
        (
            _error(403, "Project lacks access"),
            "datalab.err_api_permission",
            _params(403, "Project lacks access", "PermissionDeniedError"),
        ),
        (
            _error(429, "You exceeded your current quota", "insufficient_quota"),
            "datalab.err_api_quota",
            _params(429, "You exceeded your current quota", "RateLimitError"),
        ),
        (_error(429, "Slow down"), "datalab.err_api_rate_limit", _params(429, "Slow down", "RateLimitError")),
        (
            _error(404, "No such model"),
            "datalab.err_api_not_found",
            _params(404, "No such model", "NotFoundError"),
        ),
        (
            _error(400, "Model gpt-x is not available for fine-tuning"),
            "datalab.err_api_bad_request",
            _params(400, "Model gpt-x is not available for fine-tuning", "BadRequestError"),
        ),
        (_error(500, "boom"), "datalab.err_api_server", _params(500, "boom", "InternalServerError")),
        (_error(418, "teapot"), "datalab.err_api_status", _params(418, "teapot", "APIStatusError")),
    ],
)
def test_error_replies_become_localized_errors(handler: Handler, key: str, params: dict[str, object]) -> None:
    rec = Recorder(handler)
    with pytest.raises(UserInputError) as err:
        jobs.create_job(client_for(rec), "file-abc", "gpt-x")
    assert err.value.key == key
    assert err.value.params == params
    assert len(rec.requests) == 1
    assert KEY not in str(err.value) and KEY not in json.dumps(err.value.params)
    for lang in LANGS:
        assert translator(lang)(key, **params)  # the message exists and formats in both languages


def test_an_upload_error_stops_before_a_job_is_created() -> None:
    rec = Recorder(_error(400, "Invalid file format"))
    with pytest.raises(UserInputError) as err:
        jobs.start_job(client_for(rec), "train.jsonl", DATA, "gpt-4o-mini-2024-07-18")
    assert err.value.key == "datalab.err_api_bad_request"
    assert [r.url.path for r in rec.requests] == ["/v1/files"]


def test_connection_failure() -> None:
    def refuse(request: httpx2.Request) -> httpx2.Response:
        raise httpx2.ConnectError("refused", request=request)

    rec = Recorder(refuse)
    with pytest.raises(UserInputError) as err:
        jobs.retrieve_job(client_for(rec), "ftjob-123")
    assert err.value.key == "datalab.err_api_connection"


@pytest.mark.parametrize("suffix", ["x" * 65, "has space", "ümlaut", "semi;colon"])
def test_bad_suffix_is_rejected_before_anything_is_sent(suffix: str) -> None:
    rec = Recorder()
    with pytest.raises(UserInputError) as err:
        jobs.start_job(client_for(rec), "train.jsonl", DATA, "gpt-4o-mini-2024-07-18", suffix=suffix)
    assert err.value.key == "datalab.err_suffix"
    assert rec.requests == []


def test_empty_file_is_not_uploaded() -> None:
    rec = Recorder()
    with pytest.raises(UserInputError) as err:
        jobs.upload_training_file(client_for(rec), "train.jsonl", b"")
    assert err.value.key == "datalab.err_empty"
    assert rec.requests == []
