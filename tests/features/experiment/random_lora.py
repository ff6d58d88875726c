"""A LoRA adapter with random weights for the built-in model (SmolLM2-135M), written with the training part's
GGUF writer: loads in llama.cpp like a trained one and costs the same to apply, without a training run.
Used by the page test and by bench/experiment.py (adapter speed vs base). Needs the ``gguf`` package."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from features.experiment.train_gguf import LoraPair, write_lora_gguf

LAYERS, HIDDEN, HEADS, KV_HEADS, HEAD_DIM = 30, 576, 9, 3, 64
OUT = {
    "q_proj": HEADS * HEAD_DIM,
    "k_proj": KV_HEADS * HEAD_DIM,
    "v_proj": KV_HEADS * HEAD_DIM,
    "o_proj": HIDDEN,
}


def write_random_adapter(path: Path, *, rank: int = 8, scale: float = 0.05, seed: int = 0) -> Path:
    rng = np.random.default_rng(seed)
    pairs = {
        f"model.layers.{layer}.self_attn.{name}": LoraPair(
            a=(rng.standard_normal((rank, HIDDEN)) * scale).astype(np.float32),
            b=(rng.standard_normal((out, rank)) * scale).astype(np.float32),
        )
        for layer in range(LAYERS)
        for name, out in OUT.items()
    }
    write_lora_gguf(path, pairs, alpha=2.0 * rank, n_heads=HEADS, n_kv_heads=KV_HEADS, name=path.stem)
    return path
