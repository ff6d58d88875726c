"""Variants' messages, the quick subset, and the evaluation loop against real backends: the built-in model
(with llama.cpp's prefix reuse for the shared few-shot prompt) and an OpenAI-compatible HTTP server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.errors import UserInputError
from core.llm import local, remote
from core.llm.types import run_to_end
from features.experiment import runner, task, variants
from features.experiment.variants import Prompter, Variant
from tests import fake_openai

TRAIN = task.load_examples("en", "train")
EVAL = task.load_examples("en", "eval")


@pytest.mark.parametrize(
    ("variant", "n_messages", "system_key"),
    [
        (Variant("naive"), 2, "naive"),
        (Variant("engineered"), 2, "engineered"),
        (Variant("fewshot", k=3), 8, "engineered"),
        (Variant("retrieval", k=2), 6, "engineered"),
        (Variant("short"), 2, "short"),
        (Variant("finetuned", adapter="x"), 2, "short"),
    ],
)
def test_messages_per_variant(variant: Variant, n_messages: int, system_key: str) -> None:
    msgs = Prompter("en", TRAIN).messages(variant, "Where is my parcel?")
    assert len(msgs) == n_messages
    assert msgs[0] == {"role": "system", "content": getattr(task.prompts("en"), system_key)}
    assert msgs[-1] == {"role": "user", "content": "Where is my parcel?"}
    for user, assistant in zip(msgs[1:-1:2], msgs[2:-1:2], strict=True):
        assert user["role"] == "user" and assistant["role"] == "assistant"
        assert assistant["content"].startswith('{"category": ')


def test_the_fine_tune_prompt_is_the_training_prompt() -> None:
    text = EVAL[0].text
    assert Prompter("de", TRAIN).messages(Variant("finetuned", adapter="x"), text) == task.short_messages(
        "de", text
    )


def test_fixed_few_shot_prompts_share_their_prefix_and_retrieval_differs() -> None:
    p = Prompter("en", TRAIN)
    a = p.messages(Variant("fewshot", k=4), EVAL[0].text)
    b = p.messages(Variant("fewshot", k=4), EVAL[1].text)
    assert a[:-1] == b[:-1]
    ra = p.messages(Variant("retrieval", k=4), EVAL[0].text)
    rb = p.messages(Variant("retrieval", k=4), EVAL[5].text)
    assert ra[:-1] != rb[:-1]


def test_edited_prompt_replaces_the_system_prompt() -> None:
    msgs = Prompter("en", TRAIN).messages(Variant("fewshot", k=1, system="Mine."), "x")
    assert msgs[0]["content"] == "Mine." and len(msgs) == 4


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "fewshot", "k": 0}, "at least one"),
        ({"kind": "retrieval", "k": 17}, "between 0 and 16"),
        ({"kind": "naive", "k": 2}, "takes no examples"),
        ({"kind": "engineered", "system": "  "}, "must not be empty"),
    ],
)
def test_bad_variants(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Variant(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(("n", "size", "first", "count"), [(132, 30, 0, 30), (10, 5, 0, 5), (4, 30, 0, 4)])
def test_quick_subset(n: int, size: int, first: int, count: int) -> None:
    picked = variants.quick_subset(EVAL[:n], size)
    assert len(picked) == count and picked[0] == EVAL[first]
    assert len({e.id for e in picked}) == count
    assert picked == variants.quick_subset(EVAL[:n], size)


def test_quick_subset_spreads_over_the_split() -> None:
    picked = variants.quick_subset(EVAL, 30)
    assert picked[-1].id > EVAL[120].id
    assert {e.category for e in picked} == set(task.CATEGORIES)


def test_standard_variants() -> None:
    assert [v.kind for v in variants.standard_variants(3)] == [
        "naive",
        "engineered",
        "fewshot",
        "retrieval",
        "short",
    ]
    assert variants.standard_variants(3, adapter="a")[-1] == Variant("finetuned", adapter="a")


@pytest.fixture()
def server() -> Iterator[fake_openai.FakeServer]:
    fake = fake_openai.start()
    yield fake
    fake.close()


def test_runner_against_a_compatible_server(server: fake_openai.FakeServer) -> None:
    backend = remote.compatible_backend(server.url, "echo-usage", None)
    examples = EVAL[:3]
    results = list(
        runner.evaluate(
            backend, Variant("fewshot", k=2), examples, Prompter("en", TRAIN), lambda s: len(s.split())
        )
    )
    assert [r.example_id for r in results] == [e.id for e in examples]
    assert all(not r.valid and not r.correct for r in results)
    assert results[0].answer == "".join(fake_openai.REPLY)
    assert results[0].prompt_tokens == fake_openai.USAGE["prompt_tokens"]
    assert results[0].input_tokens == len(examples[0].text.split())
    assert all(r.cpu_s is None and r.cost_usd is None for r in results)
    body = server.requests[0].body
    assert body["temperature"] == 0.0 and body["max_tokens"] == runner.MAX_OUTPUT_TOKENS
    assert len(body["messages"]) == 6 and body["messages"][-1]["content"] == examples[0].text


def test_runner_stops_with_the_backends_message(server: fake_openai.FakeServer) -> None:
    backend = remote.compatible_backend(server.url, "status-401", None)
    loop = runner.evaluate(backend, Variant("naive"), EVAL[:3], Prompter("en", TRAIN), len)
    with pytest.raises(UserInputError) as info:
        next(loop)
    assert info.value.key == "llm.err_auth"


@pytest.fixture(scope="module")
def model() -> local.LocalModel:
    return local.load_local_model()


@pytest.mark.llm
@pytest.mark.parametrize(
    "variant", [Variant("fewshot", k=4), Variant("retrieval", k=3)], ids=lambda v: v.kind
)
def test_prefix_reuse_gives_the_answers_of_fresh_requests(model: local.LocalModel, variant: Variant) -> None:
    p = Prompter("en", TRAIN)
    requests = [runner.request_for(p.messages(variant, e.text)) for e in EVAL[:4]]
    fresh = [run_to_end(local.LocalBackend(model), r).text for r in requests]
    reuse = local.LocalBackend(model, reuse_prefix=True)
    forward = [run_to_end(reuse, r).text for r in requests]
    backward = [run_to_end(reuse, r).text for r in reversed(requests)][::-1]
    assert forward == fresh and backward == fresh
    if variant.kind == "retrieval":
        return
    first, second = requests[0].as_dicts(), requests[1].as_dicts()
    tokens, other = model.prompt_tokens(first), model.prompt_tokens(second)
    keep, keep2 = reuse.keep_points(first, tokens)[0], reuse.keep_points(second, other)[0]
    assert keep == keep2 and 0 < keep < len(tokens) and tokens[:keep] == other[:keep]  # shared, fixed


@pytest.mark.llm
@pytest.mark.parametrize("variant", [Variant("fewshot", k=2), Variant("engineered")], ids=lambda v: v.kind)
def test_the_kept_prefix_ends_where_the_input_text_begins(model: local.LocalModel, variant: Variant) -> None:
    """Everything before the learner's message (system prompt, examples, the role header) is kept; the
    message itself is always read afresh."""
    messages = Prompter("en", TRAIN).messages(variant, EVAL[0].text)
    tokens = model.prompt_tokens(messages)
    keep = local.LocalBackend(model, reuse_prefix=True).keep_points(messages, tokens)[0]
    rest = model.llama.detokenize(tokens[keep:]).decode("utf-8")
    assert rest.startswith(EVAL[0].text[:12]), rest[:40]


@pytest.mark.llm
def test_runner_on_the_built_in_model(model: local.LocalModel) -> None:
    backend = local.LocalBackend(model, reuse_prefix=True)
    results = list(
        runner.evaluate(backend, Variant("short"), EVAL[:2], Prompter("en", TRAIN), model.count_text)
    )
    assert len(results) == 2
    for r, e in zip(results, EVAL[:2], strict=True):
        assert r.prompt_tokens == model.count_prompt(task.short_messages("en", e.text))
        assert r.input_tokens == model.count_text(e.text)
        assert r.cpu_s is not None and r.cpu_s >= 0
        assert 1 <= r.output_tokens <= runner.MAX_OUTPUT_TOKENS


@pytest.mark.llm
def test_a_missing_adapter_is_named(tmp_path: Path) -> None:
    with pytest.raises(UserInputError) as info:
        local.load_local_model(lora_path=tmp_path / "nope.gguf")
    assert info.value.key == "llm.err_adapter" and info.value.params["name"] == "nope.gguf"
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"not a gguf file")
    with pytest.raises(UserInputError) as info:
        local.load_local_model(lora_path=broken)
    assert info.value.key == "llm.err_adapter"


def test_model_name_names_the_adapter(model: local.LocalModel) -> None:
    assert model.name == local.MODEL_NAME
    assert local.LocalBackend(model).model == local.MODEL_NAME


@pytest.mark.llm
def test_a_gguf_that_is_not_an_adapter_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "fake.gguf"
    fake.write_bytes(b"GGUF" + b"\0" * 64)
    with pytest.raises(UserInputError) as info:
        local.load_local_model(lora_path=fake)
    assert info.value.key == "llm.err_adapter"
