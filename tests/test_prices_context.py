"""Batch, flex and tiered prices: core.prices answers what genai-prices' own calculation answers (its
``calc_price`` with a price context), on several models; the simulator uses them, not a flat discount."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import genai_prices
import pytest
from genai_prices import Usage

from core import prices
from core.errors import UserInputError
from features.simulator import catalogue, simulation
from features.simulator import scenario as scn

AT = datetime(2026, 12, 1, 12, tzinfo=UTC)


def genai_cost(model: str, processing: prices.Processing, inp: int, out: int, cached: int = 0) -> float:
    context = prices.PRICE_CONTEXT[processing]
    calc = genai_prices.calc_price(
        Usage(input_tokens=inp, output_tokens=out, cache_read_tokens=cached or None),
        model,
        provider_id="openai",
        genai_request_timestamp=AT,
        price_context=context,
    )
    return float(calc.total_price)


@pytest.mark.parametrize(
    "model", ["gpt-6-luna", "gpt-6-sol", "gpt-5.4-mini", "gpt-5.4", "gpt-4o-mini", "gpt-4.1", "gpt-5.5"]
)
@pytest.mark.parametrize("processing", ["standard", "batch", "flex"])
@pytest.mark.parametrize(
    ("inp", "out", "cached"), [(1_000, 500, 0), (5_000, 200, 2_048), (300_000, 1_000, 0)]
)
def test_request_cost_equals_genai_prices(
    model: str, processing: prices.Processing, inp: int, out: int, cached: int
) -> None:
    try:
        ours = prices.request_cost(model, inp, out, cached_input_tokens=cached, processing=processing, at=AT)
    except UserInputError as exc:  # no such price: genai-prices has no variant for it either
        assert exc.key == "prices.err_no_processing_price"
        assert processing == "flex" and model in ("gpt-4o-mini", "gpt-4.1")
        return
    assert ours == pytest.approx(genai_cost(model, processing, inp, out, cached), rel=1e-12)


@pytest.mark.parametrize(
    ("model", "processing", "inp", "out"),
    [
        ("gpt-6-luna", "batch", 0.05, 0.25),
        ("gpt-6-luna", "flex", 0.05, 0.25),
        ("gpt-5.4-mini", "batch", 0.375, 2.25),
        ("gpt-4o-mini", "batch", 0.075, 0.30),
    ],
)
def test_batch_and_flex_prices(model: str, processing: prices.Processing, inp: float, out: float) -> None:
    p = prices.inference_price(model, processing=processing, at=AT)
    assert (p.input_per_mtok, p.output_per_mtok, p.processing) == (inp, out, processing)


@pytest.mark.parametrize(("tokens", "inp", "out"), [(0, 0.1, 0.5), (272_000, 0.1, 0.5), (272_001, 0.2, 0.75)])
def test_tiered_price_by_input_tokens(tokens: int, inp: float, out: float) -> None:
    """gpt-6-luna: prompts over 272K input tokens cost 2x input and 1.5x output (genai-prices' tiers)."""
    p = prices.inference_price("gpt-6-luna", at=AT, input_tokens=tokens)
    assert (p.input_per_mtok, p.output_per_mtok) == (inp, out)


def test_tier_matches_genai_prices_own_rule() -> None:
    _, info = genai_prices.data_snapshot.get_snapshot().find_provider_model(
        "gpt-6-luna", None, "openai", None
    )
    tiered = info.get_prices(AT).input_mtok
    assert tiered.tiers[0].start == 272_000 and tiered.tiers[0].price == Decimal("0.2")


@pytest.mark.parametrize(
    ("model", "inp", "out", "source"),
    [
        ("gpt-4o-mini", 0.15, 0.60, prices.SOURCE_GENAI),  # genai-prices' batch variant (verified 2026-10-14)
        ("gpt-3.5-turbo", 1.50, 3.00, prices.SOURCE_GENAI),
        ("gpt-4o", 2.225, 12.50, prices.SOURCE_TABLE),  # not half: the source's figures, from our table
    ],
)
def test_fine_tuned_batch_rates_from_the_source(model: str, inp: float, out: float, source: str) -> None:
    p = prices.inference_price(model, fine_tuned=True, processing="batch", at=AT)
    assert (p.input_per_mtok, p.output_per_mtok, p.source) == (inp, out, source)
    standard = prices.inference_price(model, fine_tuned=True, at=AT)
    assert p.input_per_mtok < standard.input_per_mtok


def test_no_batch_price_is_never_the_standard_price_in_disguise() -> None:
    with pytest.raises(UserInputError) as info:
        prices.inference_price("gpt-4.1", fine_tuned=True, processing="batch", at=AT)
    assert info.value.key == "prices.err_no_processing_price"


def test_simulator_uses_exact_batch_prices_instead_of_a_flat_discount() -> None:
    exact = catalogue.catalogue_prices("gpt-4o-mini", "gpt-4o", batch=True)
    assert exact.batch_exact
    assert exact.fine_tuned.input == 2.225  # not 3.75 / 2
    s = scn.Scenario(base_model="gpt-4o-mini", ft_model="gpt-4o", batch=True, batch_discount_pct=50.0)
    r = simulation.simulate(s, exact)
    parts = r.parts["finetune"]
    expected = (parts.input * 2.225 + parts.output * 12.5) / 1e6
    assert r.plans["finetune"].per_request.total == pytest.approx(expected)
    # a model without a batch price: the flat discount, on both sides
    flat = catalogue.catalogue_prices("gpt-4o-mini", "llama-3.1-8b", batch=True)
    assert not flat.batch_exact
    r = simulation.simulate(replace_ft(s, "llama-3.1-8b"), flat)
    parts = r.parts["finetune"]
    assert r.plans["finetune"].per_request.total == pytest.approx(
        (parts.input + parts.output) * 0.18 / 1e6 * 0.5
    )


def replace_ft(s: scn.Scenario, model: str) -> scn.Scenario:
    from dataclasses import replace

    return replace(s, ft_model=model)


def test_simulator_flex_uses_flex_prices_where_they_exist() -> None:
    p = catalogue.catalogue_prices("gpt-6-luna", "llama-3.1-8b", flex=True)
    assert (p.base.input, p.base.output) == (0.05, 0.25)  # gpt-6-luna's flex price
    assert (p.fine_tuned.input, p.fine_tuned.output) == (0.18, 0.18)  # no flex price: the standard one
    assert not p.batch_exact
    assert catalogue.flex_or_standard("llama-3.1-8b", True)[1] is False


def test_simulator_prices_follow_the_tier_of_the_largest_prompt() -> None:
    small = catalogue.catalogue_prices("gpt-6-luna", "llama-3.1-8b", base_tokens=10_000)
    large = catalogue.catalogue_prices("gpt-6-luna", "llama-3.1-8b", base_tokens=300_000)
    assert (small.base.input, large.base.input) == (0.1, 0.2)
    assert large.base.output == 0.75


def test_simulator_page_with_flex_and_a_huge_prompt() -> None:
    from tests.apptest import open_page

    at = open_page("pages/simulator.py", "en", flex="1", rag="100000", inp="100000", instr="100000")
    assert not at.exception and not at.warning  # flex=1 is a valid link value
    assert at.query_params["flex"] == "1"
