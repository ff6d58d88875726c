"""The playground's prompts: its content (the article's prompt pair, builder templates), the prompt builder,
what a built prompt costs to send, and few-shot examples exported in OpenAI's chat fine-tuning format (JSONL).
The run history itself is ``core.llm.history`` (shared with the data lab)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from core import prices, tokens
from core.content import read_yaml, validate
from core.errors import UserInputError
from core.i18n import Lang
from core.llm import metrics
from core.llm.history import finetune_record, to_jsonl
from core.llm.types import ChatRequest, Message
from core.paths import CONTENT_DIR

_ID = r"^[a-z0-9][a-z0-9_-]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PromptSpec(_Strict):
    system: str = ""
    user: str = Field(min_length=1)


class PromptPair(_Strict):
    id: str = Field(pattern=_ID)
    title: str = Field(min_length=1)
    explanation: str = Field(min_length=1)
    naive: PromptSpec
    engineered: PromptSpec


class Example(_Strict):
    input: str = Field(min_length=1)
    output: str = Field(min_length=1)


class TemplateBlocks(_Strict):
    role: str = ""
    task: str = Field(min_length=1)
    audience: str = ""
    length: str = ""
    format: str = ""
    examples: list[Example] = Field(default_factory=list)
    constraints: str = ""


class Template(_Strict):
    id: str = Field(pattern=_ID)
    name: str = Field(min_length=1)
    blocks: TemplateBlocks


class Pairs(_Strict):
    pairs: list[PromptPair] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Pairs:
        ids = [p.id for p in self.pairs]
        if len(ids) != len(set(ids)):
            raise ValueError("pair ids must be unique")
        return self


class Templates(_Strict):
    templates: list[Template] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Templates:
        ids = [t.id for t in self.templates]
        if len(ids) != len(set(ids)):
            raise ValueError("template ids must be unique")
        return self


def load_pairs(lang: Lang, content_dir: Path = CONTENT_DIR) -> tuple[PromptPair, ...]:
    path = content_dir / lang / "playground" / "pairs.yaml"
    data: Pairs = validate(Pairs, read_yaml(path), path)
    return tuple(data.pairs)


def load_templates(lang: Lang, content_dir: Path = CONTENT_DIR) -> tuple[Template, ...]:
    path = content_dir / lang / "playground" / "templates.yaml"
    data: Templates = validate(Templates, read_yaml(path), path)
    return tuple(data.templates)


def find_pair(pairs: Sequence[PromptPair], pair_id: str) -> PromptPair | None:
    return next((p for p in pairs if p.id == pair_id), None)


def parity_problems(a: Lang, b: Lang, content_dir: Path = CONTENT_DIR) -> list[str]:
    """Structural differences between two languages' playground content."""
    problems: list[str] = []
    pa, pb = load_pairs(a, content_dir), load_pairs(b, content_dir)
    if [p.id for p in pa] != [p.id for p in pb]:
        problems.append("pair ids differ")
    ta, tb = load_templates(a, content_dir), load_templates(b, content_dir)
    if [t.id for t in ta] != [t.id for t in tb]:
        problems.append("template ids differ")
    for x, y in zip(ta, tb, strict=False):
        if len(x.blocks.examples) != len(y.blocks.examples):
            problems.append(f"template {x.id}: number of examples differs")
        filled_x = [name for name in TEXT_BLOCKS if getattr(x.blocks, name)]
        filled_y = [name for name in TEXT_BLOCKS if getattr(y.blocks, name)]
        if filled_x != filled_y:
            problems.append(f"template {x.id}: filled blocks differ")
    return problems


# ------------------------------------------------------------------------------------------ prompt builder
BlockName = Literal["role", "task", "audience", "length", "format", "examples", "constraints"]
BLOCKS: tuple[BlockName, ...] = ("role", "task", "audience", "length", "format", "examples", "constraints")
TEXT_BLOCKS: tuple[BlockName, ...] = ("role", "task", "audience", "length", "format", "constraints")
EXAMPLE_SEPARATOR = "->"


@dataclass(frozen=True)
class ExampleLabels:
    """Localized words used when examples are written into the prompt."""

    heading: str
    input: str
    output: str


def parse_examples(text: str) -> tuple[Example, ...]:
    """One example per line, ``input -> output``; blank lines are skipped."""
    examples: list[Example] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        left, sep, right = line.partition(EXAMPLE_SEPARATOR)
        if not sep or not left.strip() or not right.strip():
            raise UserInputError("playground.err_example_line", line=number, sep=EXAMPLE_SEPARATOR)
        examples.append(Example(input=left.strip(), output=right.strip()))
    return tuple(examples)


def examples_text(examples: Iterable[Example]) -> str:
    return "\n".join(f"{e.input} {EXAMPLE_SEPARATOR} {e.output}" for e in examples)


def assemble(
    texts: Mapping[BlockName, str], enabled: Iterable[BlockName], labels: ExampleLabels
) -> tuple[str, str]:
    """The (system, user) prompt built from the enabled, non-empty blocks.

    The role becomes the system prompt; the other blocks go into the user prompt in a fixed order
    (task, audience, length, format, examples, constraints), separated by blank lines.
    """
    on = set(enabled)
    system = texts.get("role", "").strip() if "role" in on else ""
    parts: list[str] = []
    for name in BLOCKS[1:]:
        if name not in on:
            continue
        if name == "examples":
            examples = parse_examples(texts.get("examples", ""))
            if examples:
                lines = [labels.heading]
                for e in examples:
                    lines.append(f"{labels.input}: {e.input}\n{labels.output}: {e.output}")
                parts.append("\n\n".join(lines))
        else:
            text = texts.get(name, "").strip()
            if text:
                parts.append(text)
    return system, "\n\n".join(parts)


@dataclass(frozen=True)
class PromptCost:
    tokens: int
    estimate: bool
    usd_per_request: float | None  # input side only: what the prompt costs to send once
    usd_per_1000: float | None


def prompt_cost(system: str, user: str, model: str) -> PromptCost:
    """Tokens of a prompt for ``model`` and what sending it costs (input price), once and 1,000 times."""
    messages = ChatRequest.from_prompts(system, user).as_dicts()
    count = tokens.count_chat(messages, model)
    try:
        price = prices.inference_price(model, "openai")
    except UserInputError:
        return PromptCost(count.total, count.estimate, None, None)
    once = metrics.request_cost(count.total, 0, price.input_per_mtok, price.output_per_mtok)
    return PromptCost(count.total, count.estimate, once, once * 1000)


# ------------------------------------------------------------------------------------------ export
def examples_jsonl(system: str, examples: Iterable[Example]) -> str:
    """Few-shot examples turned into training data: each becomes its own conversation."""
    records = []
    for e in examples:
        messages = ([Message("system", system)] if system.strip() else []) + [Message("user", e.input)]
        records.append(finetune_record(messages, e.output))
    return to_jsonl(records)
