"""features.playground.workshop: which runs spend the owner's budget, booking the worst case, settling."""

from __future__ import annotations

import pytest

from core import fmt, prices
from core.errors import UserInputError
from core.llm import caps as capslib
from core.llm.types import BackendKind, RunResult, Timing
from features.playground import workshop

CAPS = capslib.WorkshopCaps(
    session_tokens=1000,
    session_usd=0.01,
    max_output_tokens=200,
    requests_per_minute=2,
    models=("gpt-4o-mini",),
    app_usd=1.0,
)
PRICE = prices.ModelPrice("gpt-4o-mini", "openai", 0.15, 0.60, None, "test", "2026-01-01")


def _result(prompt: int, output: int, cost: float | None) -> RunResult:
    return RunResult(
        "openai", "gpt-4o-mini", "hi", prompt, output, "model", Timing(0.1, 0.5, 10.0), cost, "stop"
    )


@pytest.mark.parametrize(
    ("kind", "source", "uses"),
    [
        ("openai", "owner", True),
        ("openai", "learner", False),
        ("local", "owner", False),
        ("server", "owner", False),
        ("local", "learner", False),
    ],
)
def test_only_openai_with_the_owners_key_uses_the_workshop(
    kind: BackendKind, source: workshop.Source, uses: bool
) -> None:
    assert workshop.uses_workshop(kind, source) is uses


@pytest.mark.parametrize(
    ("usage", "prompt", "out", "tokens", "usd", "times"),
    [
        # worst case: prompt + full output limit, at 0.15 / 0.60 dollars per million tokens
        (capslib.SessionUsage(), 100, 200, 300, (100 * 0.15 + 200 * 0.60) / 1e6, (50.0,)),
        (
            capslib.SessionUsage(tokens=500, usd=0.001),
            10,
            50,
            560,
            0.001 + (10 * 0.15 + 50 * 0.60) / 1e6,
            (50.0,),
        ),
        (
            capslib.SessionUsage(request_times=(-20.0, 45.0)),
            1,
            1,
            2,
            0.75e-6,
            (45.0, 50.0),
        ),  # -20.0 left the window
    ],
)
def test_book_records_the_worst_case_for_the_session_and_the_app(
    usage: capslib.SessionUsage, prompt: int, out: int, tokens: int, usd: float, times: tuple[float, ...]
) -> None:
    ledger = capslib.AppLedger()
    booked, booking = workshop.book(
        CAPS,
        usage,
        ledger,
        now=50.0,
        model="gpt-4o-mini",
        prompt_tokens=prompt,
        max_output_tokens=out,
        price=PRICE,
    )
    assert booking == workshop.Booking(prompt + out, pytest.approx(usd - usage.usd))
    assert (booked.tokens, booked.usd, booked.request_times) == (tokens, pytest.approx(usd), times)
    assert ledger.reserved_usd == pytest.approx(booking.usd) and ledger.spent_usd == 0.0


@pytest.mark.parametrize(
    ("usage", "model", "out", "price", "spent", "key", "params"),
    [
        (
            capslib.SessionUsage(),
            "gpt-4o",
            10,
            PRICE,
            0.0,
            "llm.cap_model",
            {"model": "gpt-4o", "allowed": "gpt-4o-mini"},
        ),
        (capslib.SessionUsage(), "gpt-4o-mini", 201, PRICE, 0.0, "llm.cap_output", {"limit": 200}),
        (
            capslib.SessionUsage(request_times=(40.0, 45.0)),
            "gpt-4o-mini",
            10,
            PRICE,
            0.0,
            "llm.cap_rpm",
            {"limit": 2, "seconds": 50},
        ),
        (
            capslib.SessionUsage(tokens=900),
            "gpt-4o-mini",
            200,
            PRICE,
            0.0,
            "llm.cap_tokens",
            {"needed": 300, "left": 100},
        ),
        (capslib.SessionUsage(), "gpt-4o-mini", 10, None, 0.0, "llm.cap_no_price", {"model": "gpt-4o-mini"}),
        (
            capslib.SessionUsage(usd=0.00999),
            "gpt-4o-mini",
            100,
            PRICE,
            0.0,
            "llm.cap_money",
            {"needed": fmt.Money(0.000075), "left": fmt.Money(0.00001)},
        ),
        (
            capslib.SessionUsage(),
            "gpt-4o-mini",
            100,
            PRICE,
            0.99995,
            "llm.cap_app_money",
            {"needed": fmt.Money(0.000075), "left": fmt.Money(0.00005)},
        ),
    ],
)
def test_a_refused_run_books_nothing(
    usage: capslib.SessionUsage,
    model: str,
    out: int,
    price: prices.ModelPrice | None,
    spent: float,
    key: str,
    params: dict[str, object],
) -> None:
    ledger = capslib.AppLedger(spent_usd=spent)
    with pytest.raises(UserInputError) as info:
        workshop.book(
            CAPS, usage, ledger, now=50.0, model=model, prompt_tokens=100, max_output_tokens=out, price=price
        )
    assert (info.value.key, info.value.params) == (key, params)
    assert ledger.reserved_usd == 0.0 and ledger.spent_usd == spent


@pytest.mark.parametrize(
    ("result", "tokens", "usd", "spent"),
    [
        (_result(100, 40, 0.00004), 140, 0.00004, 0.00004),  # the booking is replaced by what the run used
        (_result(100, 40, None), 140, 0.0, 0.0),  # no cost known: nothing spent
        (None, 0, 0.0, 0.0),  # the run failed: the booking is given back
    ],
)
def test_settle_replaces_the_booking(result: RunResult | None, tokens: int, usd: float, spent: float) -> None:
    ledger = capslib.AppLedger()
    booked, booking = workshop.book(
        CAPS,
        capslib.SessionUsage(),
        ledger,
        now=5.0,
        model="gpt-4o-mini",
        prompt_tokens=100,
        max_output_tokens=200,
        price=PRICE,
    )
    settled = workshop.settle(booked, ledger, booking, result)
    assert (settled.tokens, settled.usd, settled.request_times) == (tokens, pytest.approx(usd), (5.0,))
    assert ledger.reserved_usd == pytest.approx(0.0) and ledger.spent_usd == pytest.approx(spent)


def test_settling_nothing_changes_nothing() -> None:
    ledger = capslib.AppLedger(spent_usd=0.5)
    usage = capslib.SessionUsage(tokens=10, usd=0.001, request_times=(1.0,))
    assert workshop.settle(usage, ledger, workshop.NOTHING, None) == usage
    assert (ledger.spent_usd, ledger.reserved_usd) == (0.5, 0.0)
