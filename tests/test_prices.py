"""core.prices: found (genai-prices, our table), not found, overridden, offline; cost arithmetic."""

from __future__ import annotations

import socket
from datetime import UTC, date, datetime
from pathlib import Path

import genai_prices
import pytest

from core import fmt, prices
from core.errors import ContentError, UserInputError
from core.i18n import translator

TODAY = date(2026, 12, 1)  # a fixed "today" (the app uses the real date)


@pytest.mark.parametrize(
    ("model", "inp", "out", "cached"),
    [
        ("gpt-4o-mini", 0.15, 0.60, 0.075),
        ("gpt-4o", 2.50, 10.00, 1.25),
        ("gpt-4.1", 2.00, 8.00, 0.50),
        ("gpt-4.1-mini", 0.40, 1.60, 0.10),
        ("gpt-4.1-nano", 0.10, 0.40, 0.025),
        ("gpt-3.5-turbo", 0.50, 1.50, None),
        ("gpt-4o-2024-08-06", 2.50, 10.00, 1.25),
        ("GPT-4o-mini", 0.15, 0.60, 0.075),
    ],
)
def test_base_prices_from_genai_prices(model: str, inp: float, out: float, cached: float | None) -> None:
    price = prices.inference_price(model)
    assert (price.input_per_mtok, price.output_per_mtok, price.cached_input_per_mtok) == (inp, out, cached)
    assert price.source == prices.SOURCE_GENAI
    assert price.as_of == prices.GENAI_PRICES_AS_OF
    assert price.fine_tuned is False
    assert price.provider == "openai"
    assert price.source_url.startswith("https://")


def test_every_offered_base_model_has_a_price() -> None:
    models = prices.base_models(TODAY)
    assert 8 <= len(models) <= 25
    assert len(set(models)) == len(models)
    for model in models:
        price = prices.inference_price(model)
        assert price.input_per_mtok > 0 and price.output_per_mtok > 0, model
        assert price.source == prices.SOURCE_GENAI


@pytest.mark.parametrize(
    ("model", "inp", "cached", "out", "source"),
    [
        # genai-prices has fine-tuned input/output; the cached-input price comes from our table
        ("gpt-4o", 3.75, 1.875, 15.00, prices.SOURCE_GENAI_AND_TABLE),
        ("gpt-4o-mini", 0.30, 0.15, 1.20, prices.SOURCE_GENAI_AND_TABLE),
        ("gpt-4o-mini-2024-07-18", 0.30, 0.15, 1.20, prices.SOURCE_GENAI_AND_TABLE),
        ("gpt-3.5-turbo", 3.00, None, 6.00, prices.SOURCE_GENAI),
        # genai-prices 0.2.3 has no fine-tuned GPT-4.1 entries: all from our table
        ("gpt-4.1", 3.00, 0.75, 12.00, prices.SOURCE_TABLE),
        ("gpt-4.1-mini", 0.80, 0.20, 3.20, prices.SOURCE_TABLE),
        ("gpt-4.1-nano", 0.20, 0.05, 0.80, prices.SOURCE_TABLE),
        ("gpt-4.1-nano-2025-04-14", 0.20, 0.05, 0.80, prices.SOURCE_TABLE),
    ],
)
def test_fine_tuned_prices(model: str, inp: float, cached: float | None, out: float, source: str) -> None:
    price = prices.inference_price(model, fine_tuned=True)
    assert (price.input_per_mtok, price.cached_input_per_mtok, price.output_per_mtok) == (inp, cached, out)
    assert price.source == source
    assert price.fine_tuned is True
    assert price.as_of == (prices.GENAI_PRICES_AS_OF if source != prices.SOURCE_TABLE else "")


def test_ft_model_name_is_fine_tuned_even_without_the_flag() -> None:
    price = prices.inference_price("ft:gpt-4o-mini-2024-07-18:acme:support:abc123")
    assert price.fine_tuned is True
    assert (price.input_per_mtok, price.output_per_mtok) == (0.30, 1.20)


@pytest.mark.parametrize(
    ("model", "fine_tuned", "provider"),
    [
        ("smollm2-135m-instruct", False, "openai"),
        ("no-such-model", False, "openai"),
        ("   ", False, "openai"),
        ("gpt-4o", False, "no-such-provider"),
        ("gpt-5", True, "openai"),  # no fine-tuned price anywhere
        ("tts-1", False, "openai"),  # priced per character, not per token
    ],
)
def test_price_not_found_is_a_clear_user_error(model: str, fine_tuned: bool, provider: str) -> None:
    with pytest.raises(UserInputError) as info:
        prices.inference_price(model, provider, fine_tuned=fine_tuned)
    assert info.value.key == "prices.err_not_found"
    assert info.value.params == {"model": model}
    for lang in ("de", "en"):
        message = translator(lang)(info.value.key, **info.value.params)
        assert model in message


@pytest.mark.parametrize(
    ("model", "per_mtok", "canonical"),
    [
        ("gpt-4o", 25.00, "gpt-4o"),
        ("gpt-4o-2024-08-06", 25.00, "gpt-4o"),
        ("gpt-4o-mini", 3.00, "gpt-4o-mini"),
        ("gpt-4.1", 25.00, "gpt-4.1"),
        ("gpt-4.1-mini", 5.00, "gpt-4.1-mini"),
        ("gpt-4.1-nano", 1.50, "gpt-4.1-nano"),
        ("gpt-3.5-turbo", 8.00, "gpt-3.5-turbo"),
        ("ft:gpt-4o-mini-2024-07-18:acme::x", 3.00, "gpt-4o-mini"),
    ],
)
def test_training_prices(model: str, per_mtok: float, canonical: str) -> None:
    price = prices.training_price(model)
    assert price.per_mtok == per_mtok
    assert price.model == canonical
    assert price.source.startswith("https://")
    assert price.as_of == ""  # re-dated 2026-12-01: the training prices were not verified here


def test_training_price_not_found() -> None:
    with pytest.raises(UserInputError) as info:
        prices.training_price("gpt-5")
    assert info.value.key == "prices.err_no_training_price"
    assert "gpt-5" in translator("en")(info.value.key, **info.value.params)


def test_finetunable_models_all_have_both_prices() -> None:
    models = prices.finetunable_models(TODAY)
    # active (open-weight, hosted LoRA) first; the shut-down gpt-4.1-nano and gpt-3.5-turbo are not offered
    assert models == ["llama-3.1-8b", "llama-3.1-70b", "gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini"]
    assert prices.finetunable_models(date(2027, 1, 14)) == ["llama-3.1-8b", "llama-3.1-70b"]
    for model in models:
        assert prices.training_price(model).per_mtok > 0
        assert prices.inference_price(model, fine_tuned=True).fine_tuned


def test_override_replaces_given_fields_and_marks_the_source() -> None:
    base = prices.inference_price("gpt-4o-mini")
    own = prices.with_override(base, input_per_mtok=0.2)
    assert own.input_per_mtok == 0.2
    assert own.output_per_mtok == base.output_per_mtok
    assert own.cached_input_per_mtok == base.cached_input_per_mtok
    assert own.source == prices.SOURCE_OVERRIDE
    assert own.source_url == ""
    assert own.model == base.model
    assert base.source == prices.SOURCE_GENAI  # the original is unchanged (frozen)
    both = prices.with_override(base, output_per_mtok=1, cached_input_per_mtok=0)
    assert (both.input_per_mtok, both.output_per_mtok, both.cached_input_per_mtok) == (0.15, 1.0, 0.0)


@pytest.mark.parametrize("bad", [-0.01, float("nan"), float("inf")])
def test_override_rejects_bad_prices(bad: float) -> None:
    with pytest.raises(UserInputError) as info:
        prices.with_override(prices.inference_price("gpt-4o"), input_per_mtok=bad)
    assert info.value.key == "prices.err_bad_price"


def test_override_price_for_unknown_model() -> None:
    own = prices.override_price("smollm2-135m-instruct", 0.0, 0.5)
    assert (own.input_per_mtok, own.output_per_mtok, own.source) == (0.0, 0.5, prices.SOURCE_OVERRIDE)


@pytest.mark.parametrize(
    ("n", "per_mtok", "expected"),
    [(0, 2.5, 0.0), (1_000_000, 2.5, 2.5), (1_000, 0.15, 0.00015), (250_000, 10.0, 2.5), (7, 0.0, 0.0)],
)
def test_cost(n: int, per_mtok: float, expected: float) -> None:
    assert prices.cost(n, per_mtok) == pytest.approx(expected)


def test_cost_rejects_negative() -> None:
    with pytest.raises(ValueError):
        prices.cost(-1, 1.0)
    with pytest.raises(ValueError):
        prices.cost(1, -1.0)


@pytest.mark.parametrize(
    ("amount", "digits"),
    [(0.0, 2), (12.5, 2), (1.0, 2), (0.5, 2), (0.05, 3), (0.0015, 4), (0.000015, 6), (1e-15, 10)],
)
def test_money_digits(amount: float, digits: int) -> None:
    assert fmt.money_digits(amount) == digits


# ------------------------------------------------------------------------------------------------ offline


def test_genai_prices_version_is_the_pinned_one() -> None:
    """GENAI_PRICES_AS_OF describes the bundled data of exactly this release; update both together."""
    assert genai_prices.__version__ == prices.GENAI_PRICES_VERSION
    requirement = (Path(__file__).resolve().parent.parent / "requirements.txt").read_text()
    assert f"genai-prices=={prices.GENAI_PRICES_VERSION}" in requirement


def test_prices_work_with_the_network_unreachable(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    prices._snapshot.cache_clear()
    try:
        assert prices.inference_price("gpt-4o").input_per_mtok == 2.5
        assert prices.inference_price("gpt-4.1", fine_tuned=True).output_per_mtok == 12.0
        assert prices.training_price("gpt-4o-mini").per_mtok == 3.0
    finally:
        prices._snapshot.cache_clear()


def test_no_price_auto_update_runs() -> None:
    """genai-prices only fetches from GitHub inside its UpdatePrices thread; we must never start it."""
    from genai_prices import update_prices

    prices.inference_price("gpt-4o")
    assert update_prices._shared_updater.thread is None
    assert update_prices._shared_updater.ref_count == 0
    assert prices._snapshot().from_auto_update is False


def test_an_auto_updated_snapshot_elsewhere_does_not_change_our_prices() -> None:
    from genai_prices import data_snapshot

    fake = data_snapshot.DataSnapshot(providers=[], from_auto_update=True)
    data_snapshot.set_custom_snapshot(fake)
    try:
        assert prices.inference_price("gpt-4o-mini").input_per_mtok == 0.15
    finally:
        data_snapshot.set_custom_snapshot(None)


def test_prices_at_a_given_time() -> None:
    price = prices.inference_price("gpt-4o-mini", at=datetime(2026, 1, 1, tzinfo=UTC))
    assert price.input_per_mtok == 0.15


# ------------------------------------------------------------------------------------------- price table


def test_price_table_rows_are_dated_and_sourced() -> None:
    for row in prices.load_finetune_table():
        if row.as_of is None:  # not verified here: the row must say so
            assert "not verified here" in row.checked.lower() or "not re-checked" in row.checked, row.model
        else:
            datetime.strptime(row.as_of, "%Y-%m-%d")
        assert row.source.startswith("https://")
        assert row.checked
        assert row.as_of != "2026-11-24", "nothing was checked against a source on 2026-11-24"


def test_malformed_price_table_names_file_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "finetune_prices.yaml"
    bad.write_text(
        "rows:\n  - model: x\n    snapshot: x-1\n    training_per_mtok: -1\n    ft_input_per_mtok: 1\n"
        "    ft_output_per_mtok: 1\n    source: https://example.org\n    as_of: '2026-01-01'\n"
        "    checked: by hand\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as info:
        prices.load_finetune_table(bad)
    assert info.value.field == "rows[0].training_per_mtok"
    assert info.value.file == str(bad)
