"""Latency model and PEFT/LoRA arithmetic."""

from __future__ import annotations

import pytest

from core import latency, peft
from core.latency import Speeds


@pytest.mark.parametrize(
    ("prompt", "output", "speeds", "extra", "ttft", "total"),
    [
        (3000, 60, Speeds(3000, 60, 0.3), 0.0, 1.3, 2.3),
        (0, 0, Speeds(3000, 60, 0.3), 0.0, 0.3, 0.3),
        (1500, 120, Speeds(1500, 40, 0.0), 0.0, 1.0, 4.0),
        (1000, 100, Speeds(2000, 50, 0.2, 0.15), 0.15, 0.85, 2.85),  # RAG: retrieval before the request
    ],
)
def test_latency_estimate(
    prompt: int, output: int, speeds: Speeds, extra: float, ttft: float, total: float
) -> None:
    result = latency.estimate(prompt, output, speeds, extra)
    assert result.ttft == pytest.approx(ttft)
    assert result.total == pytest.approx(total)
    assert result.fixed + result.prefill + result.generation == pytest.approx(total)


def test_shorter_prompt_answers_sooner() -> None:
    s = Speeds()
    assert latency.estimate(200, 100, s).ttft < latency.estimate(2000, 100, s).ttft


@pytest.mark.parametrize(
    "bad",
    [
        lambda: Speeds(prefill_tps=0),
        lambda: Speeds(generation_tps=-1),
        lambda: Speeds(overhead_s=-0.1),
        lambda: latency.estimate(-1, 10, Speeds()),
        lambda: latency.estimate(10, 10, Speeds(), extra_s=-1),
    ],
)
def test_latency_rejects_bad_input(bad: object) -> None:
    with pytest.raises(ValueError):
        bad()  # type: ignore[operator]


# ------------------------------------------------------------------------------------------- PEFT


@pytest.mark.parametrize(
    ("shape_id", "params"),
    [
        # totals of the published checkpoints (from their config.json shapes)
        ("smollm2-135m", 134_515_008),
        ("llama-3.2-1b", 1_235_814_400),
        ("llama-3.1-8b", 8_030_261_248),
        ("llama-3.1-70b", 70_553_706_496),
    ],
)
def test_total_parameters_match_the_published_models(shape_id: str, params: int) -> None:
    assert peft.shape(shape_id).total_params == params


@pytest.mark.parametrize(
    ("shape_id", "rank", "targets", "expected"),
    [
        # Llama-3.1-8B, r=16 on all seven linear layers: the well-known 41,943,040
        ("llama-3.1-8b", 16, peft.TARGETS, 41_943_040),
        # r=8 on q and v only: 32 * 8 * ((4096 + 4096) + (4096 + 1024))
        ("llama-3.1-8b", 8, ("q", "v"), 32 * 8 * (8192 + 5120)),
        # rank doubles -> parameters double
        ("llama-3.1-8b", 32, peft.TARGETS, 2 * 41_943_040),
        # Llama-3.2-1B r=16 all linear: 16 * 16 * (2*4096 + 2*2560 + 3*10240)
        ("llama-3.2-1b", 16, peft.TARGETS, 16 * 16 * (2 * 4096 + 2 * 2560 + 3 * 10240)),
        ("llama-3.1-70b", 1, ("o",), 80 * 1 * (8192 + 8192)),
        ("llama-3.1-8b", 16, (), 0),
    ],
)
def test_lora_params(shape_id: str, rank: int, targets: tuple[peft.Target, ...], expected: int) -> None:
    assert peft.lora_params(peft.shape(shape_id), rank, targets) == expected


def test_lora_share_is_small() -> None:
    model = peft.shape("llama-3.1-8b")
    share = peft.trainable_share(model, peft.lora_params(model, 16, peft.TARGETS))
    assert share == pytest.approx(41_943_040 / 8_030_261_248)
    assert share < 0.01


def test_lora_rejects_rank_zero() -> None:
    with pytest.raises(ValueError):
        peft.lora_params(peft.shape("llama-3.1-8b"), 0, peft.TARGETS)


def test_unknown_shape() -> None:
    with pytest.raises(KeyError):
        peft.shape("gpt-5")


@pytest.mark.parametrize(
    ("seq", "batch", "ckpt", "expected"),
    [
        # no checkpointing: L * 34 sbh + 4 s b V  (SmolLM2: L=30, h=576, V=49,152)
        (1024, 1, False, 30 * 34 * 1024 * 576 + 4 * 1024 * 49_152),
        # checkpointing: L * 2 sbh + 34 sbh + logits
        (1024, 1, True, 30 * 2 * 1024 * 576 + 34 * 1024 * 576 + 4 * 1024 * 49_152),
        (512, 4, False, 30 * 34 * 2048 * 576 + 4 * 2048 * 49_152),
    ],
)
def test_activation_bytes(seq: int, batch: int, ckpt: bool, expected: int) -> None:
    assert peft.activation_bytes(peft.shape("smollm2-135m"), seq, batch, ckpt) == pytest.approx(expected)


def test_memory_formulas() -> None:
    model = peft.shape("llama-3.1-8b")
    p = model.total_params
    lp = peft.lora_params(model, 16, peft.TARGETS)
    acts = peft.activation_bytes(model, 2048, 1, True)
    full = peft.memory(model, "full", lp, 2048, 1, True)
    assert (full.weights, full.gradients, full.optimizer) == (2 * p, 2 * p, 8 * p)
    assert full.total == pytest.approx(12 * p + acts)
    lora = peft.memory(model, "lora", lp, 2048, 1, True)
    assert lora.weights == 2 * p + 2 * lp
    assert (lora.gradients, lora.optimizer) == (2 * lp, 8 * lp)
    qlora = peft.memory(model, "qlora", lp, 2048, 1, True)
    assert qlora.weights == pytest.approx(model.linear_params * 4.127 / 8 + 2 * model.other_params + 2 * lp)
    assert qlora.total < lora.total < full.total
    # the well-known orders of magnitude: full FT of 8B needs ~100 GB, QLoRA fits in ~10 GB
    assert 90e9 < full.total < 110e9
    assert qlora.total < 12e9


@pytest.mark.parametrize(
    ("total", "gpu_gb", "n"),
    [(10e9, 24, 1), (24e9, 24, 1), (24.1e9, 24, 2), (98e9, 80, 2), (0, 80, 1)],
)
def test_gpus_needed(total: float, gpu_gb: float, n: int) -> None:
    assert peft.gpus_needed(total, gpu_gb) == n


@pytest.mark.parametrize(("hours", "price", "cost"), [(8, 2.0, 16.0), (0, 3.0, 0.0), (1.5, 2.5, 3.75)])
def test_self_hosted_cost(hours: float, price: float, cost: float) -> None:
    assert peft.self_hosted_cost(hours, price) == pytest.approx(cost)


@pytest.mark.parametrize(
    "bad",
    [
        lambda: peft.self_hosted_cost(-1, 2),
        lambda: peft.gpus_needed(1e9, 0),
        lambda: peft.activation_bytes(peft.shape("llama-3.1-8b"), 0, 1, False),
        lambda: peft.ModelShape("x", "x", 1, 100, 10, 3, 1, 10, True),  # 100 not divisible by 3 heads
    ],
)
def test_peft_rejects_bad_input(bad: object) -> None:
    with pytest.raises(ValueError):
        bad()  # type: ignore[operator]
