"""Workshop caps: when learners use the app owner's OpenAI key, every session gets a budget.

Read from the ``[workshop]`` secrets section (all optional; defaults below)::

    session_tokens = 20000        # prompt + output tokens per learner session
    session_usd = 0.05            # US dollars per learner session
    max_output_tokens = 300       # per request
    requests_per_minute = 5       # per learner session
    models = ["gpt-6-luna"]       # models learners may pick with the owner's key (shut-down ones are dropped)
    app_usd = 5.0                 # US dollars for all sessions (and replicas) together

Checks are made before a call with the worst case (the prompt plus the full output limit), so a session
never goes over its budget. A refused request makes no call. Per-session budgets alone do not bound the
owner's bill (a new browser tab is a new session), so the app-wide ``app_usd`` budget is shared by every
session (a ``Ledger``): the worst case is reserved before a call and settled after it. The ledger books a
session's tokens and dollars in the same step as the app's dollars, all or nothing, so two requests of one
session (compare mode runs both columns at once) cannot both pass a cap only one of them fits under. The
app keeps it in its database (``core.db.ledger.DbLedger``), so every replica of a deployment shares one
budget; ``AppLedger`` is the same ledger in memory, for one process. Only the request rate (a sliding
minute) stays in the session's own state.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Protocol

from core import fmt, lifecycle
from core.errors import UserInputError
from core.llm import metrics

WINDOW_S = 60.0


@dataclass(frozen=True)
class WorkshopCaps:
    session_tokens: int = 20_000
    session_usd: float = 0.05
    max_output_tokens: int = 300
    requests_per_minute: int = 5
    models: tuple[str, ...] = ("gpt-6-luna",)  # an active model (tests/test_lifecycle.py)
    app_usd: float = 5.0


@dataclass(frozen=True)
class SessionUsage:
    """What one learner session has used of the owner's key."""

    tokens: int = 0
    usd: float = 0.0
    request_times: tuple[float, ...] = ()  # clock readings (seconds) of recent requests


def caps_from_secrets(section: Mapping[str, object] | None, day: date | None = None) -> WorkshopCaps:
    """Caps from the ``[workshop]`` section; a malformed value raises ``llm.err_workshop_config``.

    Models that are shut down on ``day`` (default: today; ``core.lifecycle``) are dropped; when none is
    left, ``llm.err_workshop_models_shut_down`` names them and their replacement."""
    caps = WorkshopCaps()
    if not section:
        return caps
    values: dict[str, object] = {}
    for name in ("session_tokens", "max_output_tokens", "requests_per_minute"):
        if name in section:
            value = section[name]
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise UserInputError("llm.err_workshop_config", field=name)
            values[name] = value
    for name in ("session_usd", "app_usd"):
        if name in section:
            usd = section[name]
            if isinstance(usd, bool) or not isinstance(usd, int | float) or not 0 < usd < float("inf"):
                raise UserInputError("llm.err_workshop_config", field=name)
            values[name] = float(usd)
    if "models" in section:
        models = section["models"]
        if (
            not isinstance(models, list | tuple)
            or not models
            or not all(isinstance(m, str) and m for m in models)
        ):
            raise UserInputError("llm.err_workshop_config", field="models")
        values["models"] = _offered_models(tuple(models), day or lifecycle.today())
    return replace(caps, **values)  # type: ignore[arg-type]


def _offered_models(models: tuple[str, ...], day: date) -> tuple[str, ...]:
    kept = lifecycle.offered(models, day)
    if not kept:
        replacements = {lifecycle.replacement(m, day) for m in models} - {None}
        raise UserInputError(
            "llm.err_workshop_models_shut_down",
            models=", ".join(models),
            replacement=", ".join(sorted(r for r in replacements if r)) or "-",
        )
    return kept


def recent(usage: SessionUsage, now: float) -> tuple[float, ...]:
    return tuple(t for t in usage.request_times if now - t < WINDOW_S)


def check_caps(
    caps: WorkshopCaps,
    usage: SessionUsage,
    *,
    now: float,
    model: str,
    prompt_tokens: int,
    max_output_tokens: int,
    input_per_mtok: float | None,
    output_per_mtok: float | None,
) -> None:
    """Raise a ``UserInputError`` naming the cap this request would break; return if it may be sent."""
    if model not in caps.models:
        raise UserInputError("llm.cap_model", model=model, allowed=", ".join(caps.models))
    if max_output_tokens > caps.max_output_tokens:
        raise UserInputError("llm.cap_output", limit=caps.max_output_tokens)
    window = recent(usage, now)
    if len(window) >= caps.requests_per_minute:
        wait = max(1, int(WINDOW_S - (now - min(window)) + 0.999))
        raise UserInputError("llm.cap_rpm", limit=caps.requests_per_minute, seconds=wait)
    worst_tokens = prompt_tokens + max_output_tokens
    if usage.tokens + worst_tokens > caps.session_tokens:
        raise UserInputError(
            "llm.cap_tokens", needed=worst_tokens, left=max(0, caps.session_tokens - usage.tokens)
        )
    if input_per_mtok is None or output_per_mtok is None:
        raise UserInputError("llm.cap_no_price", model=model)
    worst_usd = metrics.request_cost(prompt_tokens, max_output_tokens, input_per_mtok, output_per_mtok)
    if usage.usd + worst_usd > caps.session_usd:
        raise UserInputError(
            "llm.cap_money",
            needed=fmt.Money(round(worst_usd, 6)),
            left=fmt.Money(round(max(0.0, caps.session_usd - usage.usd), 6)),
        )


def record(usage: SessionUsage, *, now: float, tokens: int, usd: float) -> SessionUsage:
    """Usage after one request (older request times are dropped)."""
    return SessionUsage(
        tokens=usage.tokens + tokens, usd=usage.usd + usd, request_times=(*recent(usage, now), now)
    )


def settle(
    usage: SessionUsage, *, reserved_tokens: int, reserved_usd: float, tokens: int, usd: float
) -> SessionUsage:
    """Usage after a request whose worst case was ``record``-ed before the call: the booking is replaced by
    what it really used. (A run that is interrupted never settles, so its worst case stays counted.)"""
    return replace(
        usage,
        tokens=max(0, usage.tokens - reserved_tokens + tokens),
        usd=max(0.0, usage.usd - reserved_usd + usd),
    )


def remaining(caps: WorkshopCaps, usage: SessionUsage) -> tuple[int, float]:
    """Tokens and dollars left in this session's budget."""
    return max(0, caps.session_tokens - usage.tokens), max(0.0, caps.session_usd - usage.usd)


class Ledger(Protocol):
    """The workshop budget: ``reserve`` a request's worst case (or raise the cap it would break), then
    ``settle`` it with what the request used. Without ``session`` only the app-wide dollars are booked;
    with it, the session's tokens and dollars too, in the same step (all or nothing)."""

    def reserve(
        self, caps: WorkshopCaps, worst_usd: float, *, session: str = "", tokens: int = 0
    ) -> None: ...

    def settle(
        self,
        reserved_usd: float,
        actual_usd: float,
        *,
        session: str = "",
        reserved_tokens: int = 0,
        tokens: int = 0,
    ) -> None: ...

    def session_usage(self, session: str) -> tuple[int, float]:
        """Tokens and dollars (spent and booked) of one session."""
        ...


def session_refusal(caps: WorkshopCaps, used_tokens: int, used_usd: float, tokens: int, usd: float) -> None:
    """Raise ``llm.cap_tokens`` or ``llm.cap_money`` if a booking of ``tokens`` and ``usd`` does not fit the
    session's budget after ``used_tokens`` and ``used_usd``."""
    if used_tokens + tokens > caps.session_tokens:
        raise UserInputError("llm.cap_tokens", needed=tokens, left=max(0, caps.session_tokens - used_tokens))
    if used_usd + usd > caps.session_usd + 1e-12:
        raise UserInputError(
            "llm.cap_money",
            needed=fmt.Money(round(usd, 6)),
            left=fmt.Money(round(max(0.0, caps.session_usd - used_usd), 6)),
        )


@dataclass
class _SessionAccount:
    tokens: int = 0
    spent_usd: float = 0.0
    reserved_usd: float = 0.0


@dataclass
class AppLedger:
    """The workshop budget in memory, for one process (the app keeps it in its database:
    ``core.db.ledger.DbLedger``). No keys, no learner data; sessions are named by a random id.

    ``reserve`` books a request's worst case before the call, or refuses it; ``settle`` replaces the booking
    by what the request really cost. Thread-safe: Streamlit runs sessions in parallel threads.
    """

    spent_usd: float = 0.0
    reserved_usd: float = 0.0
    _sessions: dict[str, _SessionAccount] = field(default_factory=dict, repr=False, compare=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def reserve(self, caps: WorkshopCaps, worst_usd: float, *, session: str = "", tokens: int = 0) -> None:
        if worst_usd < 0 or tokens < 0:
            raise ValueError("a booking must not be negative")
        with self._lock:
            account = self._sessions.setdefault(session, _SessionAccount()) if session else None
            if account is not None:
                session_refusal(
                    caps, account.tokens, account.spent_usd + account.reserved_usd, tokens, worst_usd
                )
            left = caps.app_usd - self.spent_usd - self.reserved_usd
            if worst_usd > left:
                raise UserInputError(
                    "llm.cap_app_money",
                    needed=fmt.Money(round(worst_usd, 6)),
                    left=fmt.Money(round(max(0.0, left), 6)),
                )
            self.reserved_usd += worst_usd
            if account is not None:
                account.tokens += tokens
                account.reserved_usd += worst_usd

    def settle(
        self,
        reserved_usd: float,
        actual_usd: float,
        *,
        session: str = "",
        reserved_tokens: int = 0,
        tokens: int = 0,
    ) -> None:
        with self._lock:
            self.reserved_usd = max(0.0, self.reserved_usd - reserved_usd)
            self.spent_usd += max(0.0, actual_usd)
            if session:
                account = self._sessions.setdefault(session, _SessionAccount())
                account.reserved_usd = max(0.0, account.reserved_usd - reserved_usd)
                account.spent_usd += max(0.0, actual_usd)
                account.tokens = max(0, account.tokens - reserved_tokens + max(0, tokens))

    def session_usage(self, session: str) -> tuple[int, float]:
        with self._lock:
            account = self._sessions.get(session, _SessionAccount())
            return account.tokens, account.spent_usd + account.reserved_usd
