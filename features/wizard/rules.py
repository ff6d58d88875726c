"""The decision wizard: questions and rules as data, a pure evaluator, the URL format and the exports.

Content lives in ``content/<lang>/wizard/``:

``questions.yaml``   steps -> questions -> answers (an answer may carry ``sim`` numbers for the simulator)
``approaches.yaml``  the five approaches: name, one-line summary, next steps
``rules.yaml``       criteria (where in the article a rule comes from) and rules: ``when`` (question ->
                     allowed answers, all must match) -> ``deltas`` (score change per approach), a reason,
                     optionally a caveat (``caveat_for``: only when one of these wins) and a next step

Both languages hold the same ids, conditions, deltas and numbers; only the texts differ
(``parity_problems``). ``evaluate`` adds the deltas of every rule that fires; the approach with the highest
score is recommended, ties going to the simpler approach in the order of ``APPROACHES`` (prompt engineering
first, as the article advises to start with prompts). Every reason in a result comes from a rule that fired
for exactly these answers.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args
from urllib.parse import urlencode

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from core import fmt
from core.content import read_yaml, validate
from core.errors import ContentError, UserInputError
from core.i18n import Lang
from core.paths import CONTENT_DIR

Approach = Literal["prompt", "rag", "peft", "finetune", "hybrid"]
#: From simplest to most involved; breaks ties (the article: start with prompts, move on at their limits).
APPROACHES: tuple[Approach, ...] = get_args(Approach)

SimParam = Literal["rpd", "instr", "shots", "shot_tok", "rag", "inp", "out"]
#: The cost simulator's URL contract: requests/day, instruction tokens, few-shot count, tokens per shot,
#: retrieved-context tokens, user input tokens, output tokens.
SIM_PARAMS: tuple[SimParam, ...] = get_args(SimParam)

CriterionGroup = Literal[
    "matrix_prompt", "matrix_finetune", "finetune_process", "hybrid", "rag", "peft", "advice"
]

#: A lead of this many points or fewer counts as a close call.
CLOSE_CALL_MARGIN = 2
MAX_REASONS_FOR = 5
MAX_REASONS_AGAINST = 3
#: The URL parameter that carries the answers, and the longest value we parse.
QUERY_KEY = "a"
MAX_QUERY_CHARS = 1000

_ID = r"^[a-z0-9][a-z0-9_]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Answer(_Strict):
    id: str = Field(pattern=_ID)
    label: str = Field(min_length=1)
    hint: str = ""
    sim: dict[SimParam, int] = Field(default_factory=dict)

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


class RulesFile(_Strict):
    criteria: list[Criterion] = Field(min_length=1)
    rules: list[Rule] = Field(min_length=1)


@dataclass(frozen=True)
class Wizard:
    """All wizard content of one language, validated and cross-checked."""

    lang: Lang
    steps: tuple[Step, ...]
    approaches: Mapping[Approach, ApproachInfo]
    criteria: Mapping[str, Criterion]
    rules: tuple[Rule, ...]
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
    for ri, rule in enumerate(data.rules):
        where = f"rules[{ri}]"
        if rule.criterion not in criterion_ids:
            raise ContentError(path, f"{where}.criterion", f"unknown criterion {rule.criterion!r}")
        for qid, allowed in rule.when.items():
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
    if list(a.approaches) != list(b.approaches):
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
    if len(a.rules) != len(b.rules):
        problems.append(f"number of rules differs: {len(a.rules)} vs {len(b.rules)}")
    return problems


# ------------------------------------------------------------------------------------------------ answers

Answers = Mapping[str, str]


def shown(value: str, limit: int = 40) -> str:
    """A piece of untrusted input made safe to show inside a message (no markup, bounded length)."""
    cleaned = re.sub(r"[^\w\-. ]", "?", value)
    return cleaned if len(cleaned) <= limit else cleaned[:limit] + "…"


def check_answers(wizard: Wizard, answers: Answers) -> None:
    """Raise ``UserInputError`` for an unknown question or an answer the question does not offer."""
    for qid, aid in answers.items():
        question = wizard.questions.get(qid)
        if question is None:
            raise UserInputError("wizard.unknown_question", value=shown(qid))
        if question.answer(aid) is None:
            raise UserInputError("wizard.unknown_answer", question=question.short, value=shown(aid))


def missing(wizard: Wizard, answers: Answers) -> tuple[Question, ...]:
    """The questions not answered yet, in the wizard's order."""
    return tuple(q for q in wizard.questions.values() if q.id not in answers)


def _require_complete(wizard: Wizard, answers: Answers) -> None:
    check_answers(wizard, answers)
    gaps = missing(wizard, answers)
    if gaps:
        raise UserInputError("wizard.incomplete", count=len(gaps), missing=", ".join(q.short for q in gaps))


# ------------------------------------------------------------------------------------------------ evaluation


@dataclass(frozen=True)
class FiredRule:
    """A rule that fired, with the answers that made it fire."""

    rule: Rule
    triggers: tuple[tuple[Question, Answer], ...]

    @property
    def id(self) -> str:
        return self.rule.id

    def delta(self, approach: Approach) -> int:
        return self.rule.deltas.get(approach, 0)


@dataclass(frozen=True)
class Result:
    scores: Mapping[Approach, int]
    ranking: tuple[Approach, ...]
    fired: tuple[FiredRule, ...]
    reasons_for: tuple[FiredRule, ...]
    reasons_against: tuple[FiredRule, ...]
    caveats: tuple[str, ...]
    next_steps: tuple[str, ...]

    @property
    def recommendation(self) -> Approach:
        return self.ranking[0]

    @property
    def runner_up(self) -> Approach:
        return self.ranking[1]

    @property
    def margin(self) -> int:
        return self.scores[self.ranking[0]] - self.scores[self.ranking[1]]

    @property
    def close_call(self) -> bool:
        return self.margin <= CLOSE_CALL_MARGIN


def rank(scores: Mapping[Approach, int]) -> tuple[Approach, ...]:
    """Highest score first; equal scores go to the simpler approach (order of ``APPROACHES``)."""
    return tuple(sorted(APPROACHES, key=lambda a: (-scores.get(a, 0), APPROACHES.index(a))))


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(x for x in items if x))


def evaluate(wizard: Wizard, answers: Answers) -> Result:
    """Scores, recommendation, reasons, caveats and next steps for a complete set of answers."""
    _require_complete(wizard, answers)
    scores: dict[Approach, int] = dict.fromkeys(APPROACHES, 0)
    fired: list[FiredRule] = []
    for rule in wizard.rules:
        if not rule.fires(answers):
            continue
        triggers = []
        for qid in rule.when:
            question = wizard.questions[qid]
            answer = question.answer(answers[qid])
            assert answer is not None  # checked above
            triggers.append((question, answer))
        fired.append(FiredRule(rule, tuple(triggers)))
        for approach, delta in rule.deltas.items():
            scores[approach] += delta
    ranking = rank(scores)
    best, second = ranking[0], ranking[1]
    order = {f.id: i for i, f in enumerate(fired)}
    pro = sorted(
        (f for f in fired if f.delta(best) > 0),
        key=lambda f: (-f.delta(best), -(f.delta(best) - f.delta(second)), order[f.id]),
    )
    con = sorted((f for f in fired if f.delta(best) < 0), key=lambda f: (f.delta(best), order[f.id]))
    return Result(
        scores=scores,
        ranking=ranking,
        fired=tuple(fired),
        reasons_for=tuple(pro[:MAX_REASONS_FOR]),
        reasons_against=tuple(con[:MAX_REASONS_AGAINST]),
        caveats=_unique([f.rule.caveat for f in fired if not f.rule.caveat_for or best in f.rule.caveat_for]),
        next_steps=_unique([*wizard.approaches[best].next_steps, *(f.rule.next_step for f in fired)]),
    )


# ------------------------------------------------------------------------------------------------ URL


@dataclass(frozen=True)
class Problem:
    """A message about a bad URL value: an interface-string key and its parameters."""

    key: str
    params: Mapping[str, object]


@dataclass(frozen=True)
class Decoded:
    answers: dict[str, str]
    problems: tuple[Problem, ...]


def encode(wizard: Wizard, answers: Answers) -> str:
    """``speed:days,change:weekly,...`` — valid answers only, in the wizard's question order."""
    parts = []
    for qid, question in wizard.questions.items():
        aid = answers.get(qid)
        if aid is not None and question.answer(aid) is not None:
            parts.append(f"{qid}:{aid}")
    return ",".join(parts)


def decode(wizard: Wizard, text: str) -> Decoded:
    """Parse ``encode``'s format. Bad parts are skipped and reported as problems, never raised."""
    if len(text) > MAX_QUERY_CHARS:
        return Decoded({}, (Problem("wizard.url_too_long", {"limit": MAX_QUERY_CHARS}),))
    answers: dict[str, str] = {}
    problems: list[Problem] = []
    for raw in text.split(","):
        part = raw.strip()
        if not part:
            continue
        qid, sep, aid = (x.strip().lower() for x in part.partition(":"))
        if not sep or not qid or not aid:
            problems.append(Problem("wizard.url_malformed", {"value": shown(part)}))
            continue
        question = wizard.questions.get(qid)
        if question is None:
            problems.append(Problem("wizard.url_unknown_question", {"value": shown(qid)}))
        elif question.answer(aid) is None:
            problems.append(
                Problem("wizard.url_unknown_answer", {"question": question.short, "value": shown(aid)})
            )
        elif qid in answers:
            if answers[qid] != aid:
                problems.append(Problem("wizard.url_duplicate", {"question": question.short}))
        else:
            answers[qid] = aid
    return Decoded(answers, tuple(problems))


def simulator_params(wizard: Wizard, answers: Answers) -> dict[SimParam, str]:
    """The cost simulator's query parameters for these answers (representative numbers per answer).

    The numbers live in ``questions.yaml`` (``sim`` of each answer); load-time checks guarantee that every
    parameter of ``SIM_PARAMS`` is set by exactly one question.
    """
    _require_complete(wizard, answers)
    params: dict[SimParam, str] = {}
    for qid, aid in answers.items():
        answer = wizard.questions[qid].answer(aid)
        assert answer is not None  # checked above
        for key, value in answer.sim.items():
            params[key] = str(value)
    return {key: params[key] for key in SIM_PARAMS}


def share_url(base: str | None, lang: Lang, encoded: str, page_path: str = "wizard") -> str:
    """The address that reopens the wizard with these answers (relative when the app's URL is unknown).

    ``base`` is the app's address as the browser reports it, with or without the page's own path. The
    browser sends it, so anything but a plain http(s) address (``javascript:…``, a query, odd characters) is
    dropped: the link ends up in the downloadable HTML page as an ``href``.
    """
    query = urlencode({"lang": lang, QUERY_KEY: encoded}, safe=":,")
    if base and not re.fullmatch(r"https?://[A-Za-z0-9.\-\[\]:]+(/[A-Za-z0-9._~\-/]*)?", base):
        base = None
    root = (base or "").rstrip("/").removesuffix("/" + page_path)
    return f"{root}/{page_path}?{query}" if root else f"{page_path}?{query}"


# ------------------------------------------------------------------------------------------------ texts

Translate = Callable[..., str]


def format_delta(delta: int, lang: Lang) -> str:
    sign = "+" if delta > 0 else ("−" if delta < 0 else "±")
    return sign + fmt.number(abs(delta), lang)


def format_sim_params(params: Mapping[SimParam, str], lang: Lang) -> dict[str, str]:
    """The simulator numbers formatted for a sentence (``5,000`` / ``5.000``)."""
    return {key: fmt.number(int(value), lang) for key, value in params.items()}


def describe_deltas(wizard: Wizard, rule: FiredRule, lang: Lang) -> str:
    """``Prompt engineering +3 · Fine-tuning −2`` — biggest push first."""
    items = sorted(rule.rule.deltas.items(), key=lambda kv: (-kv[1], APPROACHES.index(kv[0])))
    return " · ".join(f"{wizard.approaches[a].name} {format_delta(d, lang)}" for a, d in items)


def describe_triggers(rule: FiredRule) -> str:
    """``Time to first results: Within days`` (joined with ``; `` when a rule looks at several answers)."""
    return "; ".join(f"{q.short}: {a.label}" for q, a in rule.triggers)


def score_summary(wizard: Wizard, result: Result, lang: Lang) -> str:
    """The scores as one line of text, best first (the chart's text alternative)."""
    return ", ".join(
        f"{wizard.approaches[a].name} {fmt.number(result.scores[a], lang)}" for a in result.ranking
    )


@dataclass(frozen=True)
class _Section:
    title: str
    items: tuple[str, ...]


def _answer_lines(wizard: Wizard, answers: Answers) -> tuple[str, ...]:
    lines = []
    for qid, question in wizard.questions.items():
        answer = question.answer(answers[qid])
        assert answer is not None
        lines.append(f"{question.short}: {answer.label}")
    return tuple(lines)


def criterion_text(wizard: Wizard, f: FiredRule, t: Translate) -> str:
    """``Budget and know-how for fine-tuning (Article: decision matrix, prompt engineering)``."""
    criterion = wizard.criteria[f.rule.criterion]
    return f"{criterion.label} ({t('wizard.group_' + criterion.group)})"


def _reason_line(wizard: Wizard, f: FiredRule, t: Translate, lang: Lang) -> tuple[str, str, str]:
    """(criterion, reason, 'your answer ... → deltas') for one fired rule."""
    criterion = criterion_text(wizard, f, t)
    detail = t("wizard.reason_detail", answers=describe_triggers(f), deltas=describe_deltas(wizard, f, lang))
    return criterion, f.rule.reason, detail


def to_markdown(wizard: Wizard, answers: Answers, result: Result, t: Translate, share_url: str = "") -> str:
    """The one-page summary as Markdown (everything in it comes from content and the result)."""
    lang = wizard.lang
    best = wizard.approaches[result.recommendation]
    out = [f"# {t('wizard.export_title')}", ""]
    out += [f"## {t('wizard.recommendation')}: {best.name}", "", best.summary, ""]
    if result.close_call:
        runner = wizard.approaches[result.runner_up].name
        out += [f"> {t('wizard.close_call', first=best.name, second=runner)}", ""]
    out += [
        f"## {t('wizard.scores_heading')}",
        "",
        f"| {t('wizard.approach')} | {t('wizard.score')} |",
        "|---|---:|",
    ]
    out += [f"| {wizard.approaches[a].name} | {fmt.number(result.scores[a], lang)} |" for a in result.ranking]
    out.append("")
    for title, rules in (
        (t("wizard.reasons_for"), result.reasons_for),
        (t("wizard.reasons_against"), result.reasons_against),
    ):
        if not rules:
            continue
        out += [f"## {title}", ""]
        for f in rules:
            criterion, reason, detail = _reason_line(wizard, f, t, lang)
            out += [f"- **{criterion}** — {reason}  ", f"  *{detail}*"]
        out.append("")
    for section in (
        _Section(t("wizard.caveats"), result.caveats),
        _Section(t("wizard.next_steps"), result.next_steps),
        _Section(t("wizard.your_answers"), _answer_lines(wizard, answers)),
    ):
        if section.items:
            out += [f"## {section.title}", "", *(f"- {item}" for item in section.items), ""]
    out += [t("wizard.advice"), ""]
    if share_url:
        out += [f"{t('wizard.share_heading')}: <{share_url}>", ""]
    return "\n".join(out)


_PRINT_CSS = """
body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.45; color: #111; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 1.6rem; }
table { border-collapse: collapse; } td, th { border: 1px solid #999; padding: .25rem .6rem; }
td.num { text-align: right; } .detail { color: #444; font-size: .9rem; }
.note { border-left: 4px solid #0072B2; padding-left: .6rem; }
@media print { body { margin: 0; } a { color: #111; } }
"""


def to_html(wizard: Wizard, answers: Answers, result: Result, t: Translate, share_url: str = "") -> str:
    """The one-page summary as a printable HTML page; every inserted text is escaped."""
    e = html.escape
    lang = wizard.lang
    best = wizard.approaches[result.recommendation]
    body = [f"<h1>{e(t('wizard.export_title'))}</h1>"]
    body.append(f"<h2>{e(t('wizard.recommendation'))}: {e(best.name)}</h2><p>{e(best.summary)}</p>")
    if result.close_call:
        runner = wizard.approaches[result.runner_up].name
        body.append(f'<p class="note">{e(t("wizard.close_call", first=best.name, second=runner))}</p>')
    rows = "".join(
        f"<tr><td>{e(wizard.approaches[a].name)}</td>"
        f'<td class="num">{e(fmt.number(result.scores[a], lang))}</td></tr>'
        for a in result.ranking
    )
    body.append(
        f"<h2>{e(t('wizard.scores_heading'))}</h2><table><thead><tr><th>{e(t('wizard.approach'))}</th>"
        f"<th>{e(t('wizard.score'))}</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    for title, rules in (
        (t("wizard.reasons_for"), result.reasons_for),
        (t("wizard.reasons_against"), result.reasons_against),
    ):
        if not rules:
            continue
        items = []
        for f in rules:
            criterion, reason, detail = _reason_line(wizard, f, t, lang)
            items.append(
                f"<li><strong>{e(criterion)}</strong> — {e(reason)}<br>"
                f'<span class="detail">{e(detail)}</span></li>'
            )
        body.append(f"<h2>{e(title)}</h2><ul>{''.join(items)}</ul>")
    for section in (
        _Section(t("wizard.caveats"), result.caveats),
        _Section(t("wizard.next_steps"), result.next_steps),
        _Section(t("wizard.your_answers"), _answer_lines(wizard, answers)),
    ):
        if section.items:
            lis = "".join(f"<li>{e(item)}</li>" for item in section.items)
            body.append(f"<h2>{e(section.title)}</h2><ul>{lis}</ul>")
    body.append(f"<p>{e(t('wizard.advice'))}</p>")
    if share_url:
        body.append(f'<p>{e(t("wizard.share_heading"))}: <a href="{e(share_url)}">{e(share_url)}</a></p>')
    return (
        f'<!DOCTYPE html>\n<html lang="{e(lang)}"><head><meta charset="utf-8">'
        f"<title>{e(t('wizard.export_title'))}</title><style>{_PRINT_CSS}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )
