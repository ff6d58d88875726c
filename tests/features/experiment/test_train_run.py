"""A real (short) LoRA training of the built-in model: the adapter converts, loads in llama.cpp and changes
the answer; the converted adapter moves llama.cpp's logits the way the LoRA moves transformers' logits; a
bad training set trains nothing; a cancelled training leaves no adapter and no files.

Needs requirements-train.txt (CI installs it). Nothing here depends on speed: step counts, not seconds.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from core.errors import UserInputError
from features.experiment import task, train, train_eval, train_gguf, train_jobs, train_loop
from features.experiment.train_config import TrainConfig

pytestmark = pytest.mark.llm


@pytest.fixture(scope="module")
def base() -> Iterator[train_loop.Base]:
    yield train_loop.load_base()


@pytest.fixture(scope="module")
def examples() -> list[Any]:
    return train.task_examples(["en"])[:16]


def _prompt() -> list[dict[str, str]]:
    return task.short_messages("en", task.load_examples("en", "eval")[0].text)


def test_short_training_converts_loads_in_llama_cpp_and_changes_the_answer(
    base: train_loop.Base, examples: list[Any], tmp_path: Path
) -> None:
    config = TrainConfig(lr=1e-2, max_steps=3, batch_size=4, warmup_steps=0)
    out = tmp_path / "short.gguf"
    steps: list[int] = []
    result = train_loop.train(
        config, examples, out, base=base.copy(), on_step=lambda s, n, loss, sec: steps.append(s)
    )
    assert steps == [1, 2, 3] and result.steps == 3 and len(result.losses) == 3
    assert not list(tmp_path.glob("*.partial"))
    meta, tensors = train_gguf.read_lora_gguf(out)
    assert meta["general.type"] == "adapter" and meta["adapter.type"] == "lora"
    assert len(tensors) == 30 * 4 * 2  # 30 layers, q/k/v/o, A and B
    plain = train_eval.answer(train_eval.load(base.gguf, None), _prompt())
    tuned = train_eval.answer(train_eval.load(base.gguf, out), _prompt())
    assert tuned != plain


def test_converted_adapter_moves_llama_cpp_like_transformers(
    base: train_loop.Base, examples: list[Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A random LoRA on q and k (the matrices whose rows llama.cpp orders differently): the change of the
    logits in llama.cpp must follow the change in transformers; without our row permutation it does not."""
    import torch

    model = train_loop.make_peft(base.copy(), TrainConfig(targets=("q", "k")))
    torch.manual_seed(0)
    for module in model.modules():
        if hasattr(module, "lora_B") and "default" in module.lora_B:
            module.lora_B["default"].weight.data.normal_(0, 0.05)
    ids = list(train_loop.encode(base.tokenizer, examples[0]).ids)
    with torch.no_grad():
        tuned = model(input_ids=torch.tensor([ids])).logits[0].numpy()
        with model.disable_adapter():
            plain = model(input_ids=torch.tensor([ids])).logits[0].numpy()
    pairs = train_loop.lora_pairs(model)

    def llama_logits(adapter: Path | None) -> Any:
        from llama_cpp import Llama

        llm = Llama(
            model_path=str(base.gguf),
            lora_path=str(adapter) if adapter else None,
            n_ctx=512,
            n_threads=1,
            logits_all=True,
            verbose=False,
        )
        llm.eval(ids)
        return np.array(llm.scores[: len(ids)])

    right, wrong = tmp_path / "right.gguf", tmp_path / "wrong.gguf"
    train_gguf.write_lora_gguf(right, pairs, alpha=16, n_heads=9, n_kv_heads=3)
    monkeypatch.setattr(train_gguf, "rope_permute", lambda rows, n_heads: rows)  # rows left in HF order
    train_gguf.write_lora_gguf(wrong, pairs, alpha=16, n_heads=9, n_kv_heads=3)
    monkeypatch.undo()
    l_plain = llama_logits(None)
    expected = (tuned - plain).ravel()
    corr_right = np.corrcoef(expected, (llama_logits(right) - l_plain).ravel())[0, 1]
    corr_wrong = np.corrcoef(expected, (llama_logits(wrong) - l_plain).ravel())[0, 1]
    assert corr_right > 0.6
    assert corr_wrong < 0.3


@pytest.fixture()
def runner(base: train_loop.Base) -> train_jobs.Runner:
    return train_jobs.Runner(base_loader=lambda: base)


@pytest.mark.parametrize(
    ("n", "config", "key"),
    [
        (5, TrainConfig(max_steps=1), "training.err_too_few"),
        (12, TrainConfig(max_steps=1, max_tokens=32), "training.err_too_long"),
        (12, TrainConfig(rank=0), "training.err_config"),
    ],
)
def test_bad_training_set_gets_a_message_and_trains_nothing(
    runner: train_jobs.Runner, examples: list[Any], tmp_path: Path, n: int, config: TrainConfig, key: str
) -> None:
    with pytest.raises(UserInputError) as info:
        runner.submit("s1", config, examples[:n], tmp_path, "mine")
    assert info.value.key == key
    assert runner.job_for("s1") is None
    assert list(tmp_path.iterdir()) == []


def test_cancelled_training_leaves_no_adapter_and_no_files(
    base: train_loop.Base, examples: list[Any], tmp_path: Path
) -> None:
    holder: dict[str, train_jobs.Runner] = {}

    def cancel_after_first_step(*args: Any, on_step: Any, **kwargs: Any) -> Any:
        def step(done: int, total: int, loss: float, seconds: float) -> None:
            on_step(done, total, loss, seconds)
            job = holder["r"].job_for("s1")
            assert job is not None
            holder["r"].cancel(job)

        return train_loop.train(*args, on_step=step, **kwargs)

    r = train_jobs.Runner(base_loader=lambda: base, trainer=cancel_after_first_step)
    holder["r"] = r
    session = train_jobs.SessionDir(tmp_path)
    job = r.submit("s1", TrainConfig(max_steps=5, batch_size=2), examples[:10], session.path, "mine")
    waiting = r.submit("s2", TrainConfig(max_steps=1, batch_size=2), examples[:10], session.path, "other")
    assert r.place(waiting) >= 1
    r.cancel(waiting)  # taken out of the line before it starts
    assert r.wait(job, timeout=None)
    assert job.state == "cancelled" and job.adapter is None and job.progress.step == 1
    assert waiting.state == "cancelled" and waiting.progress.step == 0
    assert not job.folder.exists() and not waiting.folder.exists()
    assert not list(session.path.rglob("*.gguf*"))
    path = session.path
    del session
    gc.collect()
    assert not path.exists()  # the session's folder goes with the session


def test_finished_job_hands_over_its_adapter(
    runner: train_jobs.Runner, examples: list[Any], tmp_path: Path
) -> None:
    session = train_jobs.SessionDir(tmp_path)
    job = runner.submit("s3", TrainConfig(max_steps=1, batch_size=2), examples[:10], session.path, "mine")
    assert runner.wait(job, timeout=None)
    assert job.state == "done" and job.adapter is not None and job.adapter.is_file()
    assert job.progress.step == 1 and job.progress.eta() == 0.0
    session.remove()
    assert not job.adapter.exists()
