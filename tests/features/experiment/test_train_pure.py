"""Training's pure parts: configuration checks, chat-line parsing, training-set checks (nothing trained on a
bad set), data hash, ETA, the card's Wilson interval and schema, and the GGUF names and row permutation."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from core.errors import ContentError, UserInputError
from core.i18n import LANGS, Lang, translator
from features.experiment import train_card, train_gguf
from features.experiment.train_config import (
    MIN_EXAMPLES,
    ChatExample,
    Progress,
    TrainConfig,
    check_training_set,
    data_hash,
    eta_seconds,
    eta_text,
    parse_chat_line,
    parse_training_set,
)


def _line(user: str = "hi", answer: str = "ok", system: str | None = "sys") -> str:
    messages = ([{"role": "system", "content": system}] if system is not None else []) + [
        {"role": "user", "content": user},
        {"role": "assistant", "content": answer},
    ]
    return json.dumps({"messages": messages})


@pytest.mark.parametrize(
    ("config", "field"),
    [
        (TrainConfig(rank=0), "rank"),
        (TrainConfig(alpha=0), "alpha"),
        (TrainConfig(epochs=0), "epochs"),
        (TrainConfig(lr=0), "lr"),
        (TrainConfig(lr=1.5), "lr"),
        (TrainConfig(max_steps=-1), "max_steps"),
        (TrainConfig(batch_size=0), "batch_size"),
        (TrainConfig(max_tokens=8), "max_tokens"),
        (TrainConfig(targets=()), "targets"),
        (TrainConfig(targets=("q", "lm_head")), "targets"),
        (TrainConfig(threads=0), "threads"),
    ],
)
def test_config_out_of_range_names_the_field(config: TrainConfig, field: str) -> None:
    with pytest.raises(UserInputError) as info:
        config.check()
    assert info.value.key == "training.err_config"
    assert info.value.params == {"field": field}


def test_default_config_is_valid_and_maps_targets() -> None:
    TrainConfig().check()
    assert TrainConfig(targets=("q", "o", "down")).hf_modules() == ["q_proj", "o_proj", "down_proj"]


@pytest.mark.parametrize(
    ("n", "batch", "epochs", "max_steps", "steps"),
    [(880, 8, 1, 0, 110), (881, 8, 1, 0, 111), (10, 8, 2, 0, 4), (880, 8, 2, 50, 50), (16, 4, 1, 100, 4)],
)
def test_total_steps(n: int, batch: int, epochs: int, max_steps: int, steps: int) -> None:
    config = TrainConfig(batch_size=batch, epochs=epochs, max_steps=max_steps)
    assert config.total_steps(n) == steps


@pytest.mark.parametrize(
    ("line", "usable"),
    [
        (_line(), True),
        (_line(system=None), True),
        (_line(answer="  "), False),
        ("not json", False),
        ("[1, 2]", False),
        (json.dumps({"messages": [{"role": "user", "content": "hi"}]}), False),
        (
            json.dumps(
                {"messages": [{"role": "assistant", "content": "a"}, {"role": "user", "content": "b"}]}
            ),
            False,
        ),
        (
            json.dumps({"messages": [{"role": "user", "content": 3}, {"role": "assistant", "content": "b"}]}),
            False,
        ),
        (
            json.dumps(
                {"messages": [{"role": "tool", "content": "x"}, {"role": "assistant", "content": "b"}]}
            ),
            False,
        ),
        (
            json.dumps(
                {
                    "messages": [
                        {"role": "user", "content": "a"},
                        {"role": "assistant", "content": "b"},
                        {"role": "user", "content": "c"},
                        {"role": "assistant", "content": "d"},
                    ]
                }
            ),
            False,
        ),
    ],
)
def test_parse_chat_line(line: str, usable: bool) -> None:
    example = parse_chat_line(line)
    assert (example is not None) is usable
    if example is not None:
        assert example.answer == "ok"
        assert example.messages[-1] == ("user", "hi")


def test_invalid_lines_are_named_and_nothing_is_returned() -> None:
    text = "\n".join([_line()] * 3 + ["{bad", _line(), "[]", "", _line(answer="")])
    with pytest.raises(UserInputError) as info:
        parse_training_set(text)
    assert info.value.key == "training.err_invalid_lines"
    assert info.value.params == {"lines": "4, 6, 8", "n": 3, "more": 0}


def test_many_invalid_lines_are_cut_with_a_count() -> None:
    with pytest.raises(UserInputError) as info:
        parse_training_set("\n".join(["x"] * 9))
    assert info.value.params == {"lines": "1, 2, 3, 4, 5", "n": 9, "more": 4}


def test_valid_set_keeps_line_ids() -> None:
    examples = parse_training_set("\n" + _line(user="a") + "\n" + _line(user="b"))
    assert [e.id for e in examples] == ["line-2", "line-3"]


def _examples(n: int) -> list[ChatExample]:
    return [ChatExample((("user", "x" * (i + 1)),), "y", f"e{i}") for i in range(n)]


@pytest.mark.parametrize(
    ("n", "max_tokens", "key", "params"),
    [
        (MIN_EXAMPLES - 1, 100, "training.err_too_few", {"n": 9, "min": 10}),
        (0, 100, "training.err_too_few", {"n": 0, "min": 10}),
        (12, 10, "training.err_too_long", {"n": 2, "example": "e10", "tokens": 11, "max": 10}),
    ],
)
def test_bad_training_sets(n: int, max_tokens: int, key: str, params: dict[str, object]) -> None:
    with pytest.raises(UserInputError) as info:
        check_training_set(_examples(n), lambda e: len(e.messages[0][1]), max_tokens)
    assert info.value.key == key
    assert info.value.params == params


def test_good_training_set_returns_counts() -> None:
    assert check_training_set(_examples(10), lambda e: len(e.messages[0][1]), 10) == list(range(1, 11))


@pytest.mark.parametrize("lang", LANGS)
def test_every_training_message_key_exists(lang: str) -> None:
    t = translator(lang)  # type: ignore[arg-type]
    for key, params in [
        ("training.err_too_few", {"n": 3, "min": 10}),
        ("training.err_invalid_lines", {"lines": "1", "n": 1, "more": 0}),
        ("training.err_too_long", {"n": 1, "example": "e1", "tokens": 300, "max": 256}),
        ("training.err_config", {"field": "rank"}),
    ]:
        assert all(str(v) in t(key, **params) for v in params.values())


def test_data_hash_depends_on_content_and_order() -> None:
    a, b = _examples(2)
    assert data_hash([a, b]) == data_hash([a, b])
    assert data_hash([a, b]) != data_hash([b, a])
    assert data_hash([a]) != data_hash([ChatExample(a.messages, "z")])
    assert data_hash([a]).startswith("sha256:") and len(data_hash([a])) == 71


@pytest.mark.parametrize(
    ("times", "done", "total", "eta"),
    [
        ([], 0, 10, None),
        ([2.0], 1, 10, 18.0),
        ([1.0, 3.0, 2.0], 3, 5, 4.0),
        ([100.0, 1, 1, 1, 1, 1], 6, 8, 2.0),  # only the last 5 steps count
        ([1.0, 2.0], 10, 10, 0.0),
    ],
)
def test_eta(times: list[float], done: int, total: int, eta: float | None) -> None:
    assert eta_seconds(times, done, total) == eta


@pytest.mark.parametrize(
    ("seconds", "lang", "text"),
    [
        (0.2, "en", "1 second"),
        (42, "en", "42 seconds"),
        (75, "de", "75 Sekunden"),
        (130, "en", "2 minutes"),
        (290, "de", "5 Minuten"),
    ],
)
def test_eta_text(seconds: float, lang: Lang, text: str) -> None:
    assert eta_text(seconds, lang) == text


def test_progress_tracks_steps() -> None:
    p = Progress(total=4)
    assert p.eta() is None and p.fraction() == 0
    p.add(2.5, 3.0)
    p.add(2.0, 1.0)
    assert (p.step, p.fraction(), p.eta()) == (2, 0.5, 4.0)


@pytest.mark.parametrize(
    ("correct", "n", "low", "high"),
    [(0, 10, 0.0, 0.27753), (10, 10, 0.72247, 1.0), (5, 10, 0.23659, 0.76341), (81, 100, 0.72221, 0.87485)],
)
def test_wilson(correct: int, n: int, low: float, high: float) -> None:
    got = train_card.wilson(correct, n)
    assert got == pytest.approx((low, high), abs=1e-5)


@pytest.mark.parametrize(("correct", "n"), [(1, 0), (-1, 5), (6, 5)])
def test_wilson_rejects_impossible_counts(correct: int, n: int) -> None:
    with pytest.raises(ValueError):
        train_card.wilson(correct, n)


def _card_data() -> dict[str, object]:
    items = [
        train_card.EvalItem(id=f"en-eval-000{i}", answer="{}", valid=i > 0, correct=i > 1) for i in range(4)
    ]
    return {
        "name": "x",
        "base_model": "m",
        "base_gguf_sha256": "0" * 64,
        "adapter_sha256": "1" * 64,
        "command": "python -m features.experiment.train",
        "data_files": ["a.jsonl"],
        "data_hash": "sha256:" + "2" * 64,
        "n_examples": 20,
        "seed": 1,
        "rank": 8,
        "alpha": 16.0,
        "targets": ["q"],
        "epochs": 1,
        "lr": 0.001,
        "batch_size": 8,
        "max_tokens": 256,
        "max_steps": 0,
        "warmup_steps": 0,
        "steps": 2,
        "loss_curve": [2.0, 1.0],
        "final_loss": 1.0,
        "trained_tokens": 100,
        "wall_time_s": 3.0,
        "training_s": 2.0,
        "machine": {"cpus": "2"},
        "eval_settings": {},
        "evaluation": {"en": train_card.lang_eval(items).model_dump()},
        "created": "2026-01-01T00:00:00Z",
    }


def test_card_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "a.card.json"
    card = train_card.Card.model_validate(_card_data())
    train_card.save_card(card, path)
    loaded = train_card.load_card(path)
    assert loaded == card
    assert (loaded.evaluation["en"].correct, loaded.evaluation["en"].valid, loaded.evaluation["en"].n) == (
        2,
        3,
        4,
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"loss_curve": [2.0]}, "<root>"),
        ({"final_loss": 2.0}, "<root>"),
        ({"data_hash": "md5:1"}, "data_hash"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_card_errors_name_file_and_field(tmp_path: Path, change: dict[str, object], field: str) -> None:
    path = tmp_path / "bad.card.json"
    path.write_text(json.dumps(_card_data() | change), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        train_card.load_card(path)
    assert info.value.file == str(path)
    assert info.value.field == field


def test_card_rejects_evaluation_that_does_not_add_up(tmp_path: Path) -> None:
    data = _card_data()
    evaluation = dict(data["evaluation"]["en"])  # type: ignore[index]
    evaluation["correct"] = 3
    path = tmp_path / "bad.card.json"
    path.write_text(json.dumps(data | {"evaluation": {"en": evaluation}}), encoding="utf-8")
    with pytest.raises(ContentError, match=r"evaluation\.en"):
        train_card.load_card(path)


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("base_model.model.model.layers.0.self_attn.q_proj", "blk.0.attn_q.weight"),
        ("model.layers.29.self_attn.o_proj", "blk.29.attn_output.weight"),
        ("base_model.model.model.layers.7.mlp.down_proj", "blk.7.ffn_down.weight"),
        ("model.layers.3.mlp.gate_proj", "blk.3.ffn_gate.weight"),
    ],
)
def test_gguf_tensor_names(module: str, name: str) -> None:
    assert train_gguf.gguf_tensor_name(module) == name


@pytest.mark.parametrize("module", ["lm_head", "model.embed_tokens", "model.layers.1.self_attn.rotary"])
def test_gguf_tensor_names_reject_other_modules(module: str) -> None:
    with pytest.raises(ValueError):
        train_gguf.gguf_tensor_name(module)


def test_rope_permute_interleaves_halves_per_head() -> None:
    rows = np.arange(8, dtype=np.float32).reshape(8, 1)  # 2 heads of 4 rows: halves (0,1 | 2,3)
    assert train_gguf.rope_permute(rows, 2)[:, 0].tolist() == [0, 2, 1, 3, 4, 6, 5, 7]
    with pytest.raises(ValueError):
        train_gguf.rope_permute(rows, 3)


def test_only_q_and_k_rows_are_permuted() -> None:
    a = np.ones((2, 6), dtype=np.float32)
    b = np.arange(8 * 2, dtype=np.float32).reshape(8, 2)
    pairs = {f"model.layers.0.self_attn.{m}_proj": train_gguf.LoraPair(a, b) for m in ("q", "k", "v", "o")}
    out = train_gguf.to_gguf_pairs(pairs, n_heads=2, n_kv_heads=1)
    assert np.array_equal(out["blk.0.attn_q.weight"][1], train_gguf.rope_permute(b, 2))
    assert np.array_equal(out["blk.0.attn_k.weight"][1], train_gguf.rope_permute(b, 1))
    assert np.array_equal(out["blk.0.attn_v.weight"][1], b)
    assert np.array_equal(out["blk.0.attn_output.weight"][0], a)


def test_mismatched_pair_is_refused() -> None:
    bad = {"model.layers.0.self_attn.v_proj": train_gguf.LoraPair(np.ones((2, 6)), np.ones((8, 3)))}
    with pytest.raises(ValueError, match="not a LoRA pair"):
        train_gguf.to_gguf_pairs(bad, n_heads=1, n_kv_heads=1)  # type: ignore[arg-type]


def test_written_adapter_has_llama_cpp_metadata(tmp_path: Path) -> None:
    a = np.full((2, 6), 0.5, dtype=np.float32)
    b = np.arange(8 * 2, dtype=np.float32).reshape(8, 2)
    path = tmp_path / "x.gguf"
    pairs = {"model.layers.1.self_attn.q_proj": train_gguf.LoraPair(a, b)}
    assert train_gguf.write_lora_gguf(path, pairs, alpha=16, n_heads=2, n_kv_heads=1) == 2
    meta, tensors = train_gguf.read_lora_gguf(path)
    assert meta == {
        "general.type": "adapter",
        "general.architecture": "llama",
        "adapter.type": "lora",
        "adapter.lora.alpha": 16.0,
    }
    assert set(tensors) == {"blk.1.attn_q.weight.lora_a", "blk.1.attn_q.weight.lora_b"}
    assert np.array_equal(tensors["blk.1.attn_q.weight.lora_a"].reshape(2, 6), a)
    assert np.array_equal(tensors["blk.1.attn_q.weight.lora_b"].reshape(8, 2), train_gguf.rope_permute(b, 2))
