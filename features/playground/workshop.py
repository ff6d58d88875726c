"""Booking the owner's workshop budget for one playground run (pure; ``widgets.py`` keeps the session's usage
and the booking of the run in progress in ``st.session_state``).

A run with the owner's key is checked against the caps and booked at its worst case (the prompt plus the
full output limit) before the call, for this session and for the whole app (the ledger in the database,
shared by all replicas). After the call the booking is replaced by what the run really used. A run
interrupted by a rerun (a click while streaming) never settles, so its worst case stays counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from core import prices
from core.llm import caps as capslib
from core.llm import metrics
from core.llm.types import BackendKind, RunResult

Source = Literal["learner", "owner"]  # whose OpenAI key a run uses (ui.keys.KeySource)


@dataclass(frozen=True)
class Booking:
    """Tokens and dollars booked for the workshop run now in progress."""

    tokens: int = 0
    usd: float = 0.0


NOTHING = Booking()


def uses_workshop(kind: BackendKind, source: Source) -> bool:
    """True when a run spends the owner's budget: OpenAI with the owner's key."""
    return kind == "openai" and source == "owner"


def book(
    caps: capslib.WorkshopCaps,
    usage: capslib.SessionUsage,
    ledger: capslib.Ledger,
    *,
    now: float,
    model: str,
    prompt_tokens: int,
    max_output_tokens: int,
    price: prices.ModelPrice | None,
    session: str = "",
) -> tuple[capslib.SessionUsage, Booking]:
    """Check the caps and book the run's worst case; raises ``UserInputError`` (nothing booked) if refused.

    ``usage`` is what the ledger holds for ``session`` plus the session's recent request times; the caps are
    checked on it first (for the message), and the ledger books the session's and the app's share in one
    step, checking them again against what every replica booked meanwhile.
    Returns the session's usage with the booking and the booking itself (to settle after the run)."""
    capslib.check_caps(
        caps,
        usage,
        now=now,
        model=model,
        prompt_tokens=prompt_tokens,
        max_output_tokens=max_output_tokens,
        input_per_mtok=price.input_per_mtok if price else None,
        output_per_mtok=price.output_per_mtok if price else None,
    )
    assert price is not None  # check_caps refuses a model without a price
    worst_usd = metrics.request_cost(
        prompt_tokens, max_output_tokens, price.input_per_mtok, price.output_per_mtok
    )
    worst_tokens = prompt_tokens + max_output_tokens
    # this session and every session together: refuses when either budget is used (nothing booked then)
    ledger.reserve(caps, worst_usd, session=session, tokens=worst_tokens)
    booked = capslib.record(usage, now=now, tokens=worst_tokens, usd=worst_usd)
    return booked, Booking(worst_tokens, worst_usd)


def settle(
    usage: capslib.SessionUsage,
    ledger: capslib.Ledger,
    booking: Booking,
    result: RunResult | None,
    session: str = "",
) -> capslib.SessionUsage:
    """Replace the booking by what the run used (nothing when it failed: ``result`` is None)."""
    tokens = (result.prompt_tokens + result.output_tokens) if result else 0
    usd = (result.cost_usd or 0.0) if result else 0.0
    if booking == NOTHING:
        return usage
    ledger.settle(booking.usd, usd, session=session, reserved_tokens=booking.tokens, tokens=tokens)
    return capslib.settle(
        usage, reserved_tokens=booking.tokens, reserved_usd=booking.usd, tokens=tokens, usd=usd
    )
