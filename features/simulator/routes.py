"""The self-hosted fine-tuning route: LoRA or QLoRA on a rented GPU. Pure.

Training GPU-hours are derived, not typed in: the training tokens (examples × tokens × epochs), the model's
size and a stated GPU throughput. A training step costs about ``FLOPS_PER_PARAM_TOKEN`` floating-point
operations per model parameter and training token: a forward pass is 2 per parameter, the backward pass
through frozen weights another 2 (LoRA computes no gradients for them; full fine-tuning would add 2 more for
the weight gradients: 6). QLoRA de-quantises the 4-bit weights on the fly, which we count as 25 % more work
(an assumption, not verified here). The throughput is what the GPU really sustains in 16-bit matrix work: its
peak times a utilisation. Serving the adapter on the same rented GPU costs the GPU's price per hour,
around the clock; no price per token.

The self-hosted plan is a column of the simulator's cost table next to the four options of ``core.costs``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from core import costs, peft

SelfHostMethod = Literal["lora", "qlora"]
SELF_HOST_METHODS: tuple[SelfHostMethod, ...] = ("qlora", "lora")
FLOPS_PER_PARAM_TOKEN: dict[SelfHostMethod, float] = {"lora": 4.0, "qlora": 5.0}
SECONDS_PER_HOUR = 3600.0
#: The default stated throughput: an A100 80 GB's 312 TFLOP/s 16-bit peak at 40 % utilisation (the
#: datasheet figure and the utilisation are assumptions, not verified here).
DEFAULT_TFLOPS = 125.0


def training_flops(tokens: int, params: int, method: SelfHostMethod) -> float:
    """Floating-point operations of one training run over ``tokens`` training tokens (epochs included)."""
    if tokens < 0 or params <= 0:
        raise ValueError("tokens must not be negative and the model must have parameters")
    return FLOPS_PER_PARAM_TOKEN[method] * params * tokens


def gpu_hours(tokens: int, params: int, method: SelfHostMethod, tflops: float) -> float:
    """GPU-hours of one training run at a sustained ``tflops`` (TFLOP/s per GPU)."""
    if tflops <= 0:
        raise ValueError("the stated throughput must be positive")
    return training_flops(tokens, params, method) / (tflops * 1e12) / SECONDS_PER_HOUR


@dataclass(frozen=True)
class SelfHosted:
    """One self-hosted run and its plan: GPU-hours, training cost, the plan over time."""

    model: str
    method: SelfHostMethod
    tokens: int
    hours: float
    training_cost: float
    plan: costs.Plan


def self_hosted(
    shape_id: str,
    method: SelfHostMethod,
    billed_tokens: int,
    tflops: float,
    gpu_price_per_hour: float,
    requests_per_day: float,
    retrain_months: int,
) -> SelfHosted:
    """Train ``shape_id`` with ``method`` over ``billed_tokens`` on rented GPUs, then serve it on one GPU
    rented around the clock at the same price (the requests themselves cost nothing more)."""
    params = peft.shape(shape_id).total_params
    hours = gpu_hours(billed_tokens, params, method, tflops)
    train = peft.self_hosted_cost(hours, gpu_price_per_hour)
    plan = costs.Plan(
        option="finetune",
        per_request=costs.RequestCost(0.0, 0.0, 0.0),
        requests_per_day=requests_per_day,
        training=train,
        retrain_months=retrain_months,
        hosting_per_hour=gpu_price_per_hour,
    )
    return SelfHosted(shape_id, method, billed_tokens, hours, train, plan)
