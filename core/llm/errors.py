"""One classifier for the ``openai`` SDK's exceptions, used by every feature that calls an API.

``classify`` turns an exception into an ``ApiFailure`` (what went wrong, in a few kinds); each feature
maps the kinds to its own interface strings with ``user_error`` (the playground speaks of models and servers,
the data lab of training jobs). Neither ever carries the API key: only the status, the error code and a
short, single-line excerpt of the server's message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import openai

from core.errors import UserInputError

FailureKind = Literal[
    "timeout",  # no answer in time
    "unreachable",  # connection refused, DNS failure, no route
    "auth",  # key missing or wrong (401)
    "permission",  # the key may not do this (403)
    "not_available",  # the provider no longer offers this to this account (403 training_not_available)
    "quota",  # out of credit (429 insufficient_quota)
    "rate_limit",  # too many requests (429)
    "not_found",  # unknown model, file or job (404)
    "context",  # the prompt is longer than the model's context window (400)
    "bad_request",  # the request was refused as invalid (400, 409, 422)
    "server",  # the provider failed (5xx)
    "status",  # any other HTTP status
    "other",  # an SDK error without a status
]
FAILURE_KINDS: tuple[FailureKind, ...] = FailureKind.__args__  # type: ignore[attr-defined]
MAX_DETAIL = 200
_NOT_AVAILABLE_CODES = frozenset({"training_not_available", "model_not_available"})


@dataclass(frozen=True)
class ApiFailure:
    kind: FailureKind
    status: int | None = None
    code: str | None = None
    detail: str = ""  # the server's message, one line, at most MAX_DETAIL characters
    exception: str = ""  # the SDK exception's class name


def _detail(exc: openai.OpenAIError) -> str:
    body: Any = getattr(exc, "body", None)
    message = body.get("message") if isinstance(body, dict) else None
    if not (isinstance(message, str) and message):
        message = getattr(exc, "message", "") or ""
    return " ".join(str(message).split())[:MAX_DETAIL]


def _code(exc: openai.OpenAIError) -> str | None:
    code = getattr(exc, "code", None)
    if isinstance(code, str) and code:
        return code
    body: Any = getattr(exc, "body", None)
    inner = body.get("code") if isinstance(body, dict) else None
    return inner if isinstance(inner, str) and inner else None


def classify(exc: openai.OpenAIError) -> ApiFailure:
    """What went wrong, from the exception's type, HTTP status and error code."""
    name = type(exc).__name__
    if isinstance(exc, openai.APITimeoutError):  # a subclass of APIConnectionError: test it first
        return ApiFailure("timeout", exception=name)
    if isinstance(exc, openai.APIConnectionError):
        return ApiFailure("unreachable", exception=name)
    if not isinstance(exc, openai.APIStatusError):
        return ApiFailure("other", exception=name)
    status, code, detail = exc.status_code, _code(exc), _detail(exc)
    kind: FailureKind
    if status == 401:
        kind = "auth"
    elif status == 403:
        kind = "not_available" if code in _NOT_AVAILABLE_CODES else "permission"
    elif status == 429:
        kind = "quota" if code == "insufficient_quota" else "rate_limit"
    elif status == 404:
        kind = "not_found"
    elif status == 400 and (code == "context_length_exceeded" or "context" in detail.lower()):
        kind = "context"
    elif status in (400, 409, 422):
        kind = "bad_request"
    elif status >= 500:
        kind = "server"
    else:
        kind = "status"
    return ApiFailure(kind, status=status, code=code, detail=detail, exception=name)


def user_error(
    exc: openai.OpenAIError, keys: Mapping[FailureKind, str], fallback: str, **context: object
) -> UserInputError:
    """The feature's message for ``exc``: ``keys[kind]`` (or ``fallback``), with ``status``, ``detail`` and
    ``exception`` always available to the message and ``context`` (a model, a URL) added."""
    failure = classify(exc)
    return UserInputError(
        keys.get(failure.kind, fallback),
        status=failure.status if failure.status is not None else "",
        detail=failure.detail or failure.exception,
        exception=failure.exception,
        **context,
    )
