"""A class's results for the trainer: the rows (``load``), what the trainer page shows (pure functions over
the rows: share of right answers and the most chosen wrong option per question, the distribution of wizard
outcomes, the experiment leaderboard) and the CSV export."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from core.db.models import ClassRoom, ExperimentRun, LessonDone, Member, QuizAnswer, WizardResult


@dataclass(frozen=True)
class AnswerRow:
    nickname: str
    lesson_id: str
    question_id: str
    chosen: tuple[str, ...]
    wrong: tuple[str, ...]
    correct: bool


@dataclass(frozen=True)
class WizardRow:
    nickname: str
    recommendation: str
    runner_up: str | None


@dataclass(frozen=True)
class RunRow:
    nickname: str
    variant: str
    model: str
    accuracy: float
    examples: int
    valid_rate: float | None


@dataclass(frozen=True)
class ClassResults:
    code: str
    members: tuple[str, ...]  # nicknames, in joining order
    answers: tuple[AnswerRow, ...]
    lessons_done: tuple[tuple[str, str], ...]  # (nickname, lesson id)
    wizard: tuple[WizardRow, ...]
    runs: tuple[RunRow, ...]


def _split(value: str) -> tuple[str, ...]:
    return tuple(v for v in value.split(",") if v)


def load(engine: Engine, class_id: int) -> ClassResults:
    """Everything recorded for one class (call only after ``classes.trainer_class_id`` checked the secret)."""
    with Session(engine) as session:
        room = session.get(ClassRoom, class_id)
        if room is None:
            return ClassResults("", (), (), (), (), ())
        members = session.execute(
            select(Member.id, Member.nickname).where(Member.class_id == class_id).order_by(Member.id)
        ).all()
        nick = {m.id: m.nickname for m in members}
        ids = list(nick)
        answers = session.scalars(
            select(QuizAnswer).where(QuizAnswer.member_id.in_(ids)).order_by(QuizAnswer.id)
        ).all()
        lessons = session.scalars(select(LessonDone).where(LessonDone.member_id.in_(ids))).all()
        wizard = session.scalars(select(WizardResult).where(WizardResult.member_id.in_(ids))).all()
        runs = session.scalars(
            select(ExperimentRun).where(ExperimentRun.member_id.in_(ids)).order_by(ExperimentRun.id)
        ).all()
        return ClassResults(
            code=room.code,
            members=tuple(m.nickname for m in members),
            answers=tuple(
                AnswerRow(
                    nick[a.member_id],
                    a.lesson_id,
                    a.question_id,
                    _split(a.chosen),
                    _split(a.wrong),
                    a.correct,
                )
                for a in answers
            ),
            lessons_done=tuple(sorted((nick[d.member_id], d.lesson_id) for d in lessons)),
            wizard=tuple(
                sorted(
                    (WizardRow(nick[w.member_id], w.recommendation, w.runner_up) for w in wizard),
                    key=lambda w: w.nickname,
                )
            ),
            runs=tuple(
                RunRow(nick[r.member_id], r.variant, r.model, r.accuracy, r.examples, r.valid_rate)
                for r in runs
            ),
        )


@dataclass(frozen=True)
class QuestionStat:
    lesson_id: str
    question_id: str
    answered: int
    right: int
    top_wrong: str | None  # the wrong option chosen most often (ties: the first in option-id order)
    top_wrong_count: int

    @property
    def share_right(self) -> float:
        return self.right / self.answered if self.answered else 0.0


def question_stats(answers: tuple[AnswerRow, ...]) -> tuple[QuestionStat, ...]:
    """Per question (in the order questions were first answered): answers, right ones, top wrong option."""
    order: list[tuple[str, str]] = []
    grouped: dict[tuple[str, str], list[AnswerRow]] = {}
    for row in answers:
        key = (row.lesson_id, row.question_id)
        if key not in grouped:
            order.append(key)
            grouped[key] = []
        grouped[key].append(row)
    stats = []
    for key in order:
        rows = grouped[key]
        wrong = Counter(option for row in rows for option in row.wrong)
        top = min(wrong.items(), key=lambda kv: (-kv[1], kv[0])) if wrong else None
        stats.append(
            QuestionStat(
                lesson_id=key[0],
                question_id=key[1],
                answered=len(rows),
                right=sum(row.correct for row in rows),
                top_wrong=top[0] if top else None,
                top_wrong_count=top[1] if top else 0,
            )
        )
    return tuple(stats)


def wizard_distribution(rows: tuple[WizardRow, ...]) -> tuple[tuple[str, int, float], ...]:
    """(approach, learners, share), most chosen first (ties by name)."""
    counts = Counter(row.recommendation for row in rows)
    total = sum(counts.values())
    return tuple((name, n, n / total) for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def leaderboard(runs: tuple[RunRow, ...]) -> tuple[RunRow, ...]:
    """Each learner's best run (accuracy, then more examples, then the earlier run), best first."""
    best: dict[str, RunRow] = {}
    for run in runs:
        held = best.get(run.nickname)
        if held is None or (run.accuracy, run.examples) > (held.accuracy, held.examples):
            best[run.nickname] = run
    return tuple(sorted(best.values(), key=lambda r: (-r.accuracy, -r.examples, r.nickname)))


CSV_COLUMNS = (
    "record",
    "nickname",
    "lesson",
    "question",
    "chosen",
    "wrong",
    "correct",
    "recommendation",
    "runner_up",
    "variant",
    "model",
    "accuracy",
    "examples",
    "valid_rate",
)


def _cell(value: object) -> str:
    """A CSV cell; text that a spreadsheet would run as a formula gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(results: ClassResults) -> str:
    """One row per member, answer, lesson done, wizard result and experiment run."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)

    def row(**values: object) -> None:
        writer.writerow([_cell(values.get(c)) for c in CSV_COLUMNS])

    for nickname in results.members:
        row(record="member", nickname=nickname)
    for a in results.answers:
        row(
            record="quiz",
            nickname=a.nickname,
            lesson=a.lesson_id,
            question=a.question_id,
            chosen=" ".join(a.chosen),
            wrong=" ".join(a.wrong),
            correct=int(a.correct),
        )
    for nickname, lesson in results.lessons_done:
        row(record="lesson_done", nickname=nickname, lesson=lesson)
    for w in results.wizard:
        row(record="wizard", nickname=w.nickname, recommendation=w.recommendation, runner_up=w.runner_up)
    for r in results.runs:
        row(
            record="experiment",
            nickname=r.nickname,
            variant=r.variant,
            model=r.model,
            accuracy=f"{r.accuracy:.4f}",
            examples=r.examples,
            valid_rate="" if r.valid_rate is None else f"{r.valid_rate:.4f}",
        )
    return out.getvalue()
