"""Every input of the simulator's scenario: its URL parameter, its ``Scenario`` attribute, its kind and range.

The URL parameter names are the simulator's public interface: other pages link here with them (through
``core.handoff``, whose ``PARAMS`` must agree with this table: tests/features/simulator/test_handoff.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from core import peft

Kind = Literal["int", "float", "bool", "epochs", "price", "choice", "targets", "base_model", "ft_model"]


@dataclass(frozen=True)
class Spec:
    param: str  # query parameter name
    attr: str  # Scenario field
    kind: Kind
    lo: float = 0
    hi: float = 0
    choices: tuple[str, ...] = ()


SPECS: tuple[Spec, ...] = (
    Spec("rpd", "requests_per_day", "int", 0, 1_000_000),
    Spec("instr", "instruction_tokens", "int", 0, 100_000),
    Spec("shots", "shots", "int", 0, 100),
    Spec("shot_tok", "shot_tokens", "int", 0, 10_000),
    Spec("rag", "rag_tokens", "int", 0, 100_000),
    Spec("inp", "input_tokens", "int", 0, 100_000),
    Spec("out", "output_tokens", "int", 0, 100_000),
    Spec("base", "base_model", "base_model"),
    Spec("ft", "ft_model", "ft_model"),
    Spec("ft_prompt", "ft_prompt_tokens", "int", 0, 100_000),
    Spec("hyb", "hybrid_tokens", "int", 0, 100_000),
    Spec("train_n", "train_examples", "int", 1, 1_000_000),
    Spec("train_tok", "train_tokens", "int", 1, 16_385),
    Spec("epochs", "epochs", "epochs", 1, 25),
    Spec("retrain", "retrain_months", "int", 0, 60),
    Spec("horizon", "horizon_months", "int", 1, 60),
    Spec("cache", "caching", "bool"),
    Spec("cache_hit", "cache_hit_pct", "float", 0, 100),
    Spec("cache_disc", "cache_discount_pct", "float", 0, 100),
    Spec("batch", "batch", "bool"),
    Spec("batch_disc", "batch_discount_pct", "float", 0, 100),
    Spec("flex", "flex", "bool"),
    Spec("host", "hosting_per_hour", "float", 0, 1000),
    Spec("prep", "data_prep_cost", "float", 0, 10_000_000),
    Spec("eval", "eval_cost", "float", 0, 10_000_000),
    Spec("eng_h", "eng_hours", "float", 0, 100_000),
    Spec("eng_rate", "eng_rate", "float", 0, 10_000),
    Spec("cur", "currency", "choice", choices=("USD", "EUR")),
    Spec("rate", "eur_per_usd", "float", 0.01, 100),
    Spec("prefill", "prefill_tps", "float", 1, 1_000_000),
    Spec("gen", "generation_tps", "float", 1, 10_000),
    Spec("ovh", "overhead_s", "float", 0, 60),
    Spec("ret_s", "retrieval_s", "float", 0, 60),
    Spec("p_in", "base_input_price", "price", 0, 1000),
    Spec("p_out", "base_output_price", "price", 0, 1000),
    Spec("p_cin", "base_cached_price", "price", 0, 1000),
    Spec("f_in", "ft_input_price", "price", 0, 1000),
    Spec("f_out", "ft_output_price", "price", 0, 1000),
    Spec("f_cin", "ft_cached_price", "price", 0, 1000),
    Spec("t_price", "training_price", "price", 0, 1000),
    Spec("peft_model", "peft_model", "choice", choices=peft.SHAPE_IDS),
    Spec("lora_r", "lora_rank", "int", 1, 1024),
    Spec("lora_t", "lora_targets", "targets", choices=peft.TARGETS),
    Spec("seq", "seq_len", "int", 16, 131_072),
    Spec("mbs", "micro_batch", "int", 1, 256),
    Spec("ckpt", "checkpointing", "bool"),
    Spec("gpu_gb", "gpu_gb", "float", 1, 1000),
    Spec("gpu_price", "gpu_price", "float", 0, 1000),
    Spec("gpu_tflops", "gpu_tflops", "float", 1, 10_000),
    Spec("sh_method", "selfhost_method", "choice", choices=("qlora", "lora")),
)
SPEC_BY_PARAM: Mapping[str, Spec] = {s.param: s for s in SPECS}
SPEC_BY_ATTR: Mapping[str, Spec] = {s.attr: s for s in SPECS}
