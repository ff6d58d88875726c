"""Scoring the wizard's answers: checks, the sum of the rules that fire, the ranking and the reasons.

``evaluate`` adds the deltas of every rule that fires; the approach with the highest score is recommended,
ties going to the simpler approach in the order of ``APPROACHES`` (prompt engineering first, as the article
advises to start with prompts). Every reason in a result comes from a rule that fired for exactly these
answers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from core.errors import UserInputError
from features.wizard.rules import APPROACHES, Answer, Approach, Gate, Question, Rule, Wizard

#: A lead of this many points or fewer counts as a close call.
CLOSE_CALL_MARGIN = 2
MAX_REASONS_FOR = 5
MAX_REASONS_AGAINST = 3

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


def answered(wizard: Wizard, answers: Answers) -> int:
    """How many of the wizard's questions have an answer (the progress bar: ``answered / len(questions)``)."""
    return sum(1 for qid in wizard.questions if qid in answers)


def resume_step(wizard: Wizard, answers: Answers) -> int:
    """Where a link with these answers opens: the first step with an open question, the result
    (``len(wizard.steps)``) when all are answered, the first step when none are."""
    if not answers:
        return 0
    gaps = missing(wizard, answers)
    return wizard.step_of(gaps[0].id) if gaps else len(wizard.steps)


def require_complete(wizard: Wizard, answers: Answers) -> None:
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
    gates: tuple[Gate, ...] = ()
    #: what comes after the recommendation when a gate held back the top scorer ("prompt first, then …")
    then: Approach | None = None

    @property
    def recommendation(self) -> Approach:
        return self.ranking[0]

    @property
    def before(self) -> tuple[str, ...]:
        """What to try before any training, from the gates that fired."""
        return _unique([s for g in self.gates for s in g.before])

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
    require_complete(wizard, answers)
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
    gates = tuple(g for g in wizard.gates if g.fires(answers))
    ranking, then = gated(rank(scores), gates)
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
        gates=gates,
        then=then,
    )


def gated(
    ranking: tuple[Approach, ...], gates: tuple[Gate, ...]
) -> tuple[tuple[Approach, ...], Approach | None]:
    """The ranking with the gates applied: ``never`` approaches move to the end, ``not_first`` ones may not
    lead (the best of them becomes ``then``, unless a gate rules it out entirely)."""
    never = {a for g in gates for a in g.never}
    not_first = {a for g in gates for a in g.not_first} | never
    allowed = [a for a in ranking if a not in never]
    ordered = tuple(allowed + [a for a in ranking if a in never])
    first = next((a for a in ordered if a not in not_first), ordered[0])
    then = ordered[0] if ordered[0] != first and ordered[0] not in never else None
    return (first, *(a for a in ordered if a != first)), then
