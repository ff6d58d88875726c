"""The decision wizard's content: questions, approaches and rules as validated data, and the language parity.

Content lives in ``content/<lang>/wizard/``:

``questions.yaml``   steps -> questions -> answers (an answer may carry ``sim`` numbers for the simulator,
                     named by the simulator's URL parameters, ``core.handoff.PARAMS``)
``approaches.yaml``  the five approaches: name, one-line summary, next steps
``rules.yaml``       criteria (where in the article a rule comes from) and rules: ``when`` (question ->
                     allowed answers, all must match) -> ``deltas`` (score change per approach), a reason,
                     optionally a caveat (``caveat_for``: only when one of these wins) and a next step

Both languages hold the same ids, conditions, deltas and numbers; only the texts differ
(``parity_problems``). Scoring is in ``scoring``, the URL format in ``codec``, the simulator hand-off in
``sim_handoff`` and the exports in ``export``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from core import handoff
from core.content import read_yaml, validate
from core.errors import ContentError
from core.i18n import Lang
from core.paths import CONTENT_DIR

Approach = Literal["prompt", "rag", "peft", "finetune", "hybrid"]
#: From simplest to most involved; breaks ties (the article: start with prompts, move on at their limits).
APPROACHES: tuple[Approach, ...] = get_args(Approach)

#: What the wizard hands to the cost simulator: these ``core.handoff.SimulatorHandoff`` fields (requests/day,
#: instruction tokens, few-shot count, tokens per shot, retrieved-context tokens, user input tokens, output
#: tokens), built in ``sim_handoff``.
HANDOFF_FIELDS: tuple[str, ...] = (
    "requests_per_day",
    "instruction_tokens",
    "shots",
    "shot_tokens",
    "rag_tokens",
    "input_tokens",
    "output_tokens",
)
#: A simulator URL parameter (a value of ``core.handoff.PARAMS``), as the content names the numbers.
SimParam = str
#: The URL parameters of ``HANDOFF_FIELDS``, in that order: the names ``questions.yaml`` may use in ``sim``.
SIM_PARAMS: tuple[SimParam, ...] = tuple(handoff.PARAMS[name] for name in HANDOFF_FIELDS)

CriterionGroup = Literal[
    "matrix_prompt", "matrix_finetune", "finetune_process", "hybrid", "rag", "peft", "advice"
]

_ID = r"^[a-z0-9][a-z0-9_]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _handed_over(name: str) -> str:
    if name not in SIM_PARAMS:
        raise ValueError(
            f"{name!r} is not a simulator number the wizard hands over; use one of {list(SIM_PARAMS)} "
            "(the simulator's URL parameters, core.handoff.PARAMS)"
        )
    return name


class Answer(_Strict):
    id: str = Field(pattern=_ID)
    label: str = Field(min_length=1)
    hint: str = ""
    sim: dict[Annotated[SimParam, AfterValidator(_handed_over)], int] = Field(default_factory=dict)

    @field_validator("sim")
    @classmethod
    def _non_negative(cls, value: dict[SimParam, int]) -> dict[SimParam, int]:
        if any(v < 0 for v in value.values()):
            raise ValueError("simulator numbers must not be negative")
        return value


class Question(_Strict):
    id: str = Field(pattern=_ID)
    short: str = Field(min_length=1)
    text: str = Field(min_length=1)
    answers: list[Answer] = Field(min_length=2)

    def answer(self, answer_id: str) -> Answer | None:
        return next((a for a in self.answers if a.id == answer_id), None)


class Step(_Strict):
    id: str = Field(pattern=_ID)
    title: str = Field(min_length=1)
    intro: str = ""
    questions: list[Question] = Field(min_length=1)


class QuestionsFile(_Strict):
    steps: list[Step] = Field(min_length=1)


class ApproachInfo(_Strict):
    id: Approach
    name: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    next_steps: list[str] = Field(min_length=1)
    try_pair: str = ""  # the playground's prompt pair that "Try it" opens for this approach


class ApproachesFile(_Strict):
    approaches: list[ApproachInfo]


class Criterion(_Strict):
    id: str = Field(pattern=_ID)
    group: CriterionGroup
    label: str = Field(min_length=1)


class Rule(_Strict):
    id: str = Field(pattern=_ID)
    criterion: str = Field(pattern=_ID)
    when: dict[str, list[str]] = Field(min_length=1)
    deltas: dict[Approach, int] = Field(min_length=1)
    reason: str = Field(min_length=1)
    caveat: str = ""
    #: show the caveat only when one of these is recommended (empty: whenever the rule fires)
    caveat_for: list[Approach] = Field(default_factory=list)
    next_step: str = ""

    @field_validator("deltas")
    @classmethod
    def _no_zero(cls, value: dict[Approach, int]) -> dict[Approach, int]:
        if any(v == 0 for v in value.values()):
            raise ValueError("a delta of 0 says nothing; leave the approach out")
        return value

    @field_validator("when")
    @classmethod
    def _non_empty_lists(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        if any(not answers for answers in value.values()):
            raise ValueError("every condition needs at least one answer")
        return value

    @model_validator(mode="after")
    def _caveat_for_needs_caveat(self) -> Rule:
        if self.caveat_for and not self.caveat:
            raise ValueError("caveat_for without a caveat")
        return self

    def fires(self, answers: Mapping[str, str]) -> bool:
        return all(answers.get(qid) in allowed for qid, allowed in self.when.items())


#: The training routes: they need data, budget and know-how.
TRAINING: tuple[Approach, ...] = ("peft", "finetune", "hybrid")


class Gate(_Strict):
    """A rule of the article that scores cannot express: when it fires, ``never`` approaches are not
    recommended at all and ``not_first`` ones only as the step after the recommendation ("prompt first, then
    …"); ``note`` says why, ``before`` lists what to try before any training."""

    id: str = Field(pattern=_ID)
    when: dict[str, list[str]] = Field(min_length=1)
    never: list[Approach] = Field(default_factory=list)
    not_first: list[Approach] = Field(default_factory=list)
    note: str = Field(min_length=1)
    before: list[str] = Field(default_factory=list)

    def fires(self, answers: Mapping[str, str]) -> bool:
        return all(answers.get(qid) in allowed for qid, allowed in self.when.items())


class RulesFile(_Strict):
    criteria: list[Criterion] = Field(min_length=1)
    rules: list[Rule] = Field(min_length=1)
    gates: list[Gate] = Field(default_factory=list)


@dataclass(frozen=True)
class Wizard:
    """All wizard content of one language, validated and cross-checked."""

    lang: Lang
    steps: tuple[Step, ...]
    approaches: Mapping[Approach, ApproachInfo]
    criteria: Mapping[str, Criterion]
    rules: tuple[Rule, ...]
    gates: tuple[Gate, ...] = ()
    questions: Mapping[str, Question] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "questions", {q.id: q for s in self.steps for q in s.questions})

    def step_of(self, question_id: str) -> int:
        for index, step in enumerate(self.steps):
            if any(q.id == question_id for q in step.questions):
                return index
        raise KeyError(question_id)


# ------------------------------------------------------------------------------------------------ loading


def _check_questions(steps: list[Step], path: Path) -> None:
    step_ids = [s.id for s in steps]
    if len(set(step_ids)) != len(step_ids):
        raise ContentError(path, "steps", "step ids must be unique")
    seen: set[str] = set()
    setters: dict[SimParam, str] = {}
    for si, step in enumerate(steps):
        for qi, question in enumerate(step.questions):
            where = f"steps[{si}].questions[{qi}]"
            if question.id in seen:
                raise ContentError(path, f"{where}.id", f"question id {question.id!r} is used twice")
            seen.add(question.id)
            answer_ids = [a.id for a in question.answers]
            if len(set(answer_ids)) != len(answer_ids):
                raise ContentError(path, f"{where}.answers", "answer ids must be unique")
            keys = {frozenset(a.sim) for a in question.answers}
            if len(keys) != 1:
                raise ContentError(path, f"{where}.answers", "every answer must set the same sim numbers")
            for param in next(iter(keys)):
                if param in setters:
                    raise ContentError(
                        path, f"{where}.answers", f"sim number {param!r} is already set by {setters[param]!r}"
                    )
                setters[param] = question.id
    unset = [p for p in SIM_PARAMS if p not in setters]
    if unset:
        raise ContentError(path, "steps", f"no question sets the simulator numbers {unset}")


def _check_rules(data: RulesFile, questions: Mapping[str, Question], path: Path) -> None:
    criterion_ids = [c.id for c in data.criteria]
    if len(set(criterion_ids)) != len(criterion_ids):
        raise ContentError(path, "criteria", "criterion ids must be unique")
    rule_ids = [r.id for r in data.rules]
    if len(set(rule_ids)) != len(rule_ids):
        raise ContentError(path, "rules", "rule ids must be unique")
    conditions = [(f"rules[{i}]", r.when) for i, r in enumerate(data.rules)]
    conditions += [(f"gates[{i}]", g.when) for i, g in enumerate(data.gates)]
    for ri, rule in enumerate(data.rules):
        if rule.criterion not in criterion_ids:
            raise ContentError(path, f"rules[{ri}].criterion", f"unknown criterion {rule.criterion!r}")
    for where, when in conditions:
        for qid, allowed in when.items():
            question = questions.get(qid)
            if question is None:
                raise ContentError(path, f"{where}.when.{qid}", f"unknown question {qid!r}")
            for aid in allowed:
                if question.answer(aid) is None:
                    raise ContentError(path, f"{where}.when.{qid}", f"unknown answer {aid!r}")


def load_wizard(lang: Lang, content_dir: Path = CONTENT_DIR) -> Wizard:
    folder = content_dir / lang / "wizard"
    qpath, apath, rpath = folder / "questions.yaml", folder / "approaches.yaml", folder / "rules.yaml"
    qdata: QuestionsFile = validate(QuestionsFile, read_yaml(qpath), qpath)
    _check_questions(qdata.steps, qpath)
    adata: ApproachesFile = validate(ApproachesFile, read_yaml(apath), apath)
    ids = [a.id for a in adata.approaches]
    if sorted(ids) != sorted(APPROACHES):
        raise ContentError(apath, "approaches", f"need each of {list(APPROACHES)} exactly once, got {ids}")
    rdata: RulesFile = validate(RulesFile, read_yaml(rpath), rpath)
    questions = {q.id: q for s in qdata.steps for q in s.questions}
    _check_rules(rdata, questions, rpath)
    return Wizard(
        lang=lang,
        steps=tuple(qdata.steps),
        approaches={a.id: a for a in adata.approaches},
        criteria={c.id: c for c in rdata.criteria},
        rules=tuple(rdata.rules),
        gates=tuple(rdata.gates),
    )


def parity_problems(a: Wizard, b: Wizard) -> list[str]:
    """Structural differences between two languages: ids, conditions, deltas, simulator numbers."""
    problems: list[str] = []

    def steps(w: Wizard) -> list[object]:
        return [
            (s.id, [(q.id, [(x.id, dict(x.sim)) for x in q.answers]) for q in s.questions]) for s in w.steps
        ]

    if steps(a) != steps(b):
        problems.append("steps, questions, answers or sim numbers differ")
    if [(x.id, x.try_pair) for x in a.approaches.values()] != [
        (x.id, x.try_pair) for x in b.approaches.values()
    ]:
        problems.append("approaches differ")
    if [(c.id, c.group) for c in a.criteria.values()] != [(c.id, c.group) for c in b.criteria.values()]:
        problems.append("criteria differ (ids or groups)")
    for ra, rb in zip(a.rules, b.rules, strict=False):
        if (ra.id, ra.criterion, ra.when, ra.deltas, ra.caveat_for) != (
            rb.id,
            rb.criterion,
            rb.when,
            rb.deltas,
            rb.caveat_for,
        ):
            problems.append(f"rule {ra.id}/{rb.id}: id, criterion, condition, deltas or caveat_for differ")
        if (bool(ra.caveat), bool(ra.next_step)) != (bool(rb.caveat), bool(rb.next_step)):
            problems.append(f"rule {ra.id}: caveat or next step present in only one language")
    gates_a = [(g.id, g.when, g.never, g.not_first, len(g.before)) for g in a.gates]
    if gates_a != [(g.id, g.when, g.never, g.not_first, len(g.before)) for g in b.gates]:
        problems.append("gates differ (ids, conditions, approaches or number of steps)")
    if len(a.rules) != len(b.rules):
        problems.append(f"number of rules differs: {len(a.rules)} vs {len(b.rules)}")
    return problems
