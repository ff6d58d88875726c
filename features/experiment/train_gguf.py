"""Our writer of llama.cpp LoRA adapters (GGUF), built on the ``gguf`` package (requirements-train.txt).

What llama.cpp expects of a LoRA adapter file (read from its loader, src/llama-adapter.cpp, and its converter
convert_lora_to_gguf.py; this is our own code):

* metadata ``general.type = "adapter"``, ``general.architecture`` equal to the base model's (``llama`` for
  SmolLM2), ``adapter.type = "lora"`` and ``adapter.lora.alpha`` (float32). llama.cpp scales the update by
  ``alpha / rank`` like peft does (not rank-stabilised);
* for every adapted base matrix ``blk.<layer>.<name>.weight`` two tensors, ``….weight.lora_a`` and
  ``….weight.lora_b``. In numpy (row-major) order they have the shapes peft uses: A is (rank, in) and B is
  (out, rank); GGUF stores dimensions reversed, so llama.cpp sees A as ne = (in, rank), B as (rank, out);
* llama.cpp's Llama layout orders the rows of the query and key projections differently from Hugging Face
  (the rotary halves interleaved per head). transformers undoes that permutation when it reads a GGUF, so a
  LoRA trained in transformers has B rows in Hugging Face order: we apply the permutation to B of q and k
  (A is untouched: the permutation acts on output rows only).

Nothing here imports torch; the tensors arrive as numpy arrays.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from features.experiment.train_config import TARGET_MODULES

Array = npt.NDArray[np.float32]
_HF_TO_GGUF = {hf: gg for hf, gg in TARGET_MODULES.values()}
_MODULE = re.compile(r"(?:^|\.)layers\.(\d+)\.(?:self_attn|mlp)\.([a-z_]+)$")


@dataclass(frozen=True)
class LoraPair:
    a: Array  # (rank, in)
    b: Array  # (out, rank)


def gguf_tensor_name(hf_module: str) -> str:
    """``…layers.3.self_attn.q_proj`` (any prefix peft adds) -> ``blk.3.attn_q.weight``."""
    match = _MODULE.search(hf_module)
    if match is None or match.group(2) not in _HF_TO_GGUF:
        raise ValueError(f"not an adaptable Llama matrix: {hf_module!r}")
    return f"blk.{match.group(1)}.{_HF_TO_GGUF[match.group(2)]}.weight"


def rope_permute(rows: Array, n_heads: int) -> Array:
    """Reorder output rows from Hugging Face's rotary layout to llama.cpp's, for ``n_heads`` heads.

    Per head, HF keeps the first half of the rotary pairs, then the second half; llama.cpp interleaves them
    (row 0 of half one, row 0 of half two, …)."""
    out = rows.shape[0]
    if out % (2 * n_heads):
        raise ValueError(f"{out} rows do not split into {n_heads} heads of rotary pairs")
    half = out // n_heads // 2
    return rows.reshape(n_heads, 2, half, *rows.shape[1:]).swapaxes(1, 2).reshape(rows.shape)


def to_gguf_pairs(
    pairs: Mapping[str, LoraPair], *, n_heads: int, n_kv_heads: int
) -> dict[str, tuple[Array, Array]]:
    """peft module name -> LoRA pair, to llama.cpp tensor names with q/k rows permuted, checked shapes."""
    out: dict[str, tuple[Array, Array]] = {}
    for module, pair in sorted(pairs.items()):
        name = gguf_tensor_name(module)
        a = np.ascontiguousarray(pair.a, dtype=np.float32)
        b = np.ascontiguousarray(pair.b, dtype=np.float32)
        if a.ndim != 2 or b.ndim != 2 or a.shape[0] != b.shape[1]:
            raise ValueError(f"{module}: A {a.shape} and B {b.shape} are not a LoRA pair")
        if ".attn_q." in name:
            b = np.ascontiguousarray(rope_permute(b, n_heads))
        elif ".attn_k." in name:
            b = np.ascontiguousarray(rope_permute(b, n_kv_heads))
        if name in out:
            raise ValueError(f"two modules map to {name}")
        out[name] = (a, b)
    return out


def write_lora_gguf(
    path: Path,
    pairs: Mapping[str, LoraPair],
    *,
    alpha: float,
    n_heads: int,
    n_kv_heads: int,
    arch: str = "llama",
    name: str = "",
) -> int:
    """Write the adapter to ``path``; return the number of tensors written (two per adapted matrix)."""
    import gguf  # the training extra; the app never calls this

    tensors = to_gguf_pairs(pairs, n_heads=n_heads, n_kv_heads=n_kv_heads)
    if not tensors:
        raise ValueError("no LoRA tensors to write")
    writer = gguf.GGUFWriter(str(path), arch)
    try:
        writer.add_type(gguf.GGUFType.ADAPTER)
        writer.add_string(gguf.Keys.Adapter.TYPE, "lora")
        writer.add_float32(gguf.Keys.Adapter.LORA_ALPHA, float(alpha))
        if name:
            writer.add_name(name)
        for tensor_name, (a, b) in tensors.items():
            writer.add_tensor(tensor_name + ".lora_a", a)
            writer.add_tensor(tensor_name + ".lora_b", b)
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
    finally:
        writer.close()
    return 2 * len(tensors)


def read_lora_gguf(path: Path) -> tuple[dict[str, object], dict[str, Array]]:
    """The adapter's metadata (general.type, general.architecture, adapter.*) and its tensors, for checks."""
    import gguf

    reader = gguf.GGUFReader(str(path))
    meta: dict[str, object] = {}
    for key in ("general.type", "general.architecture", "adapter.type", "adapter.lora.alpha"):
        item = reader.get_field(key)
        if item is not None:
            meta[key] = item.contents()
    tensors = {t.name: np.asarray(t.data, dtype=np.float32) for t in reader.tensors}
    return meta, tensors
