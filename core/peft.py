"""Parameter-efficient fine-tuning arithmetic: LoRA parameter counts and training memory (full/LoRA/QLoRA).

Shapes follow the decoder-only Llama layout: per layer the attention matrices q, k, v, o (k and v are
smaller with grouped-query attention) and the SwiGLU MLP matrices gate, up, down.

LoRA adds two small matrices A (r x d_in) and B (d_out x r) beside a frozen matrix W (d_out x d_in), so
one adapted matrix trains ``r * (d_in + d_out)`` parameters.

Memory while training, in bytes (P = all parameters, P_L = LoRA parameters):

* full fine-tuning: weights 2P (16-bit) + gradients 2P + Adam states 8P (two fp32 moments);
* LoRA: frozen weights 2P + adapters 2P_L + gradients 2P_L + Adam 8P_L;
* QLoRA: like LoRA, but the transformer's linear weights are stored in 4-bit NF4 (about 4.127 bits per
  parameter with double quantization, as in the QLoRA paper); embeddings and norms stay 16-bit;
* activations (rough, the same for all three): ``34 * s * b * h`` bytes per layer for sequence length s,
  micro-batch b and hidden size h (Korthikanti et al. 2022, 16-bit, flash attention); with gradient
  checkpointing only each layer's input (``2 * s * b * h``) is kept plus one layer in full; plus the
  output logits in fp32 (``4 * s * b * vocab``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Target = Literal["q", "k", "v", "o", "gate", "up", "down"]
TARGETS: tuple[Target, ...] = ("q", "k", "v", "o", "gate", "up", "down")
Method = Literal["full", "lora", "qlora"]
METHODS: tuple[Method, ...] = ("full", "lora", "qlora")

BYTES_16BIT = 2
ADAM_BYTES = 8  # two fp32 moments per trained parameter
NF4_BITS = 4.127  # 4-bit weights + double-quantized block constants
ACT_BYTES_PER_LAYER = 34  # x s * b * h
CKPT_BYTES_PER_LAYER = 2  # x s * b * h, the kept layer input
LOGIT_BYTES = 4  # fp32 logits x s * b * vocab
GB = 1_000_000_000


@dataclass(frozen=True)
class ModelShape:
    id: str
    name: str
    layers: int
    hidden: int
    intermediate: int
    heads: int
    kv_heads: int
    vocab: int
    tied_embeddings: bool

    def __post_init__(self) -> None:
        if min(self.layers, self.hidden, self.intermediate, self.heads, self.kv_heads, self.vocab) < 1:
            raise ValueError("every dimension must be positive")
        if self.hidden % self.heads or self.heads % self.kv_heads:
            raise ValueError("hidden must divide into heads, heads into kv_heads")

    @property
    def kv_dim(self) -> int:
        return self.hidden // self.heads * self.kv_heads

    def matrix(self, target: Target) -> tuple[int, int]:
        """(d_in, d_out) of one target matrix."""
        h, i, kv = self.hidden, self.intermediate, self.kv_dim
        return {
            "q": (h, h),
            "k": (h, kv),
            "v": (h, kv),
            "o": (h, h),
            "gate": (h, i),
            "up": (h, i),
            "down": (i, h),
        }[target]

    @property
    def linear_params(self) -> int:
        """Parameters in the transformer blocks' linear matrices (what QLoRA stores in 4 bit)."""
        return self.layers * sum(a * b for a, b in (self.matrix(t) for t in TARGETS))

    @property
    def other_params(self) -> int:
        """Embeddings, output head (unless tied) and the RMS norms."""
        embeddings = self.vocab * self.hidden * (1 if self.tied_embeddings else 2)
        norms = self.layers * 2 * self.hidden + self.hidden
        return embeddings + norms

    @property
    def total_params(self) -> int:
        return self.linear_params + self.other_params


# Published configurations (config.json of each model).
SHAPES: tuple[ModelShape, ...] = (
    ModelShape("smollm2-135m", "SmolLM2-135M", 30, 576, 1536, 9, 3, 49_152, True),
    ModelShape("llama-3.2-1b", "Llama-3.2-1B", 16, 2048, 8192, 32, 8, 128_256, True),
    ModelShape("llama-3.1-8b", "Llama-3.1-8B", 32, 4096, 14_336, 32, 8, 128_256, False),
    ModelShape("llama-3.1-70b", "Llama-3.1-70B", 80, 8192, 28_672, 64, 8, 128_256, False),
)
SHAPE_IDS: tuple[str, ...] = tuple(s.id for s in SHAPES)


def shape(shape_id: str) -> ModelShape:
    for s in SHAPES:
        if s.id == shape_id:
            return s
    raise KeyError(shape_id)


def lora_params(model: ModelShape, rank: int, targets: Iterable[Target]) -> int:
    """Trainable LoRA parameters: ``layers * sum(r * (d_in + d_out))`` over the adapted matrices."""
    if rank < 1:
        raise ValueError("the rank must be at least 1")
    chosen = set(targets)
    return model.layers * sum(rank * sum(model.matrix(t)) for t in TARGETS if t in chosen)


def trainable_share(model: ModelShape, trainable: int) -> float:
    return trainable / model.total_params


@dataclass(frozen=True)
class Memory:
    """Bytes needed while training, by kind."""

    weights: float
    gradients: float
    optimizer: float
    activations: float

    @property
    def total(self) -> float:
        return self.weights + self.gradients + self.optimizer + self.activations


def activation_bytes(model: ModelShape, seq_len: int, micro_batch: int, checkpointing: bool) -> float:
    """Rough activation memory (see the module docstring)."""
    if seq_len < 1 or micro_batch < 1:
        raise ValueError("sequence length and micro-batch must be positive")
    sbh = seq_len * micro_batch * model.hidden
    if checkpointing:
        layers = model.layers * CKPT_BYTES_PER_LAYER * sbh + ACT_BYTES_PER_LAYER * sbh
    else:
        layers = model.layers * ACT_BYTES_PER_LAYER * sbh
    return float(layers + LOGIT_BYTES * seq_len * micro_batch * model.vocab)


def memory(
    model: ModelShape,
    method: Method,
    lora_trainable: int,
    seq_len: int,
    micro_batch: int,
    checkpointing: bool,
) -> Memory:
    """Training memory for ``method``; ``lora_trainable`` is ignored for full fine-tuning."""
    p = model.total_params
    acts = activation_bytes(model, seq_len, micro_batch, checkpointing)
    if method == "full":
        return Memory(BYTES_16BIT * p, BYTES_16BIT * p, ADAM_BYTES * p, acts)
    if lora_trainable < 0:
        raise ValueError("the LoRA parameter count must not be negative")
    adapters = BYTES_16BIT * lora_trainable
    if method == "lora":
        base = float(BYTES_16BIT * p)
    else:
        base = model.linear_params * NF4_BITS / 8 + BYTES_16BIT * model.other_params
    return Memory(base + adapters, BYTES_16BIT * lora_trainable, ADAM_BYTES * lora_trainable, acts)


def gpus_needed(total_bytes: float, gpu_gb: float) -> int:
    """GPUs of ``gpu_gb`` GB needed just to hold ``total_bytes`` (ignores parallelism overhead)."""
    if gpu_gb <= 0:
        raise ValueError("GPU memory must be positive")
    return max(1, math.ceil(total_bytes / (gpu_gb * GB)))


def self_hosted_cost(gpu_hours: float, price_per_hour: float) -> float:
    """Training on rented GPUs: GPU hours x price per GPU hour."""
    if gpu_hours < 0 or price_per_hour < 0:
        raise ValueError("hours and price must not be negative")
    return gpu_hours * price_per_hour
