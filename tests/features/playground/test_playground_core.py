"""features.playground.prompts (content, prompt builder, cost preview, fine-tuning export), with the run
history it feeds (core.llm.history) and the escaping of model output (core.mdtext)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from core import mdtext
from core.errors import ContentError, UserInputError
from core.llm import history as runlog
from core.llm.types import ChatRequest, Message, RunResult, Timing
from core.paths import CONTENT_DIR
from features.playground import prompts as pg

LABELS = pg.ExampleLabels("Examples:", "Input", "Output")


@pytest.mark.parametrize("lang", ["de", "en"])
def test_content_loads_and_has_the_article_pair(lang: str) -> None:
    pair = pg.find_pair(pg.load_pairs(lang), "article")  # type: ignore[arg-type]
    assert pair is not None
    assert len(pair.engineered.user) > 3 * len(pair.naive.user)
    assert "300" in pair.engineered.user and pair.engineered.system
    assert pg.load_templates(lang)  # type: ignore[arg-type]


def test_languages_have_the_same_structure() -> None:
    assert pg.parity_problems("de", "en") == []


def test_malformed_template_names_file_and_field(tmp_path: Path) -> None:
    shutil.copytree(CONTENT_DIR, tmp_path / "content")
    path = tmp_path / "content" / "en" / "playground" / "templates.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("task:", "tsak:", 1), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        pg.load_templates("en", tmp_path / "content")
    assert info.value.file.endswith("templates.yaml") and "templates" in info.value.field


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        ("", []),
        ("a -> b", [("a", "b")]),
        ("  a->b  \n\n c -> d -> e ", [("a", "b"), ("c", "d -> e")]),
    ],
)
def test_parse_examples(text: str, pairs: list[tuple[str, str]]) -> None:
    assert [(e.input, e.output) for e in pg.parse_examples(text)] == pairs


@pytest.mark.parametrize(("text", "line"), [("a -> b\nno arrow", 2), ("-> b", 1), ("a -> ", 1)])
def test_parse_examples_names_the_bad_line(text: str, line: int) -> None:
    with pytest.raises(UserInputError) as info:
        pg.parse_examples(text)
    assert info.value.key == "playground.err_example_line" and info.value.params["line"] == line


def test_examples_text_round_trips() -> None:
    examples = pg.parse_examples("x -> y\nfoo -> bar")
    assert pg.parse_examples(pg.examples_text(examples)) == examples


TEXTS: dict[pg.BlockName, str] = {
    "role": "You are a journalist.",
    "task": "Write about AI.",
    "audience": "For beginners.",
    "length": "",
    "format": "Three paragraphs.",
    "examples": "q1 -> a1\nq2 -> a2",
    "constraints": "No jargon.",
}


@pytest.mark.parametrize(
    ("enabled", "system", "user"),
    [
        (
            pg.BLOCKS,
            "You are a journalist.",
            "Write about AI.\n\nFor beginners.\n\nThree paragraphs.\n\nExamples:\n\nInput: q1\nOutput: a1\n\n"
            "Input: q2\nOutput: a2\n\nNo jargon.",
        ),
        (("task",), "", "Write about AI."),
        (("role", "length"), "You are a journalist.", ""),  # the length block is empty
        (("constraints", "task"), "", "Write about AI.\n\nNo jargon."),  # fixed order, not click order
        ((), "", ""),
    ],
)
def test_assemble(enabled: tuple[pg.BlockName, ...], system: str, user: str) -> None:
    assert pg.assemble(TEXTS, enabled, LABELS) == (system, user)


def test_more_blocks_cost_more_tokens() -> None:
    only_task = pg.prompt_cost(*pg.assemble(TEXTS, ("task",), LABELS), "gpt-4o-mini")
    everything = pg.prompt_cost(*pg.assemble(TEXTS, pg.BLOCKS, LABELS), "gpt-4o-mini")
    assert everything.tokens > only_task.tokens > 0
    assert everything.usd_per_request is not None and only_task.usd_per_request is not None
    assert everything.usd_per_request > only_task.usd_per_request
    assert everything.usd_per_1000 == pytest.approx(everything.usd_per_request * 1000)
    # gpt-4o-mini input: $0.15 per million tokens
    assert everything.usd_per_request == pytest.approx(everything.tokens * 0.15 / 1_000_000)


def test_prompt_cost_without_a_price() -> None:
    cost = pg.prompt_cost("", "hello", "my-own-model")
    assert cost.tokens > 0 and cost.usd_per_request is None and cost.usd_per_1000 is None


def _entry(user: str, answer: str, label: str = "") -> runlog.HistoryEntry:
    result = RunResult("local", "SmolLM2", answer, 10, 5, "model", Timing(0.1, 0.5, 10.0), 0.0, "stop")
    return runlog.HistoryEntry("2026-01-01T10:00:00", label, ChatRequest.from_prompts("sys", user), result)


def test_history_keeps_the_newest() -> None:
    history: tuple[runlog.HistoryEntry, ...] = ()
    for i in range(5):
        history = runlog.add_history(history, _entry(f"q{i}", "a"), limit=3)
    assert [e.request.user for e in history] == ["q2", "q3", "q4"]


def test_history_jsonl_is_openai_chat_finetuning_format() -> None:
    text = runlog.history_jsonl([_entry("q1", "a1"), _entry("q2", "   "), _entry("q3", 'a "3"\n<b>')])
    lines = text.splitlines()
    assert len(lines) == 2  # the run without text is left out
    first, second = (json.loads(line) for line in lines)
    assert first == {
        "messages": [
            {"role": "system", "content": "sys"},
            {"role": "user", "content": "q1"},
            {"role": "assistant", "content": "a1"},
        ]
    }
    assert second["messages"][-1]["content"] == 'a "3"\n<b>'
    assert text.endswith("\n")


def test_examples_become_one_conversation_each() -> None:
    examples = pg.parse_examples("I love it -> positive\nBroken -> negative")
    lines = [json.loads(line) for line in pg.examples_jsonl("Sort feedback.", examples).splitlines()]
    assert lines[1] == {
        "messages": [
            {"role": "system", "content": "Sort feedback."},
            {"role": "user", "content": "Broken"},
            {"role": "assistant", "content": "negative"},
        ]
    }
    no_system = json.loads(pg.examples_jsonl("", examples[:1]))
    assert [m["role"] for m in no_system["messages"]] == ["user", "assistant"]


def test_finetune_record_needs_an_answer() -> None:
    with pytest.raises(ValueError):
        runlog.finetune_record([Message("user", "q")], " ")


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("costs $5 and $6", "costs \\$5 and \\$6"),
        ("a & b", "a &amp; b"),
        ("line 1\nline 2", "line 1  \nline 2"),
        ("**bold** stays markdown", "**bold** stays markdown"),
    ],
)
def test_escape_output(text: str, escaped: str) -> None:
    assert mdtext.model_output(text) == escaped
