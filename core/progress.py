"""A learner's progress: lessons read and quiz scores. Lives in the session; exported and imported as JSON."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from core.errors import UserInputError

FORMAT = "prompt-or-finetune/progress"
VERSION = 1
MAX_UPLOAD_BYTES = 200_000
MAX_CHECKS = 2  # a question may be checked twice (one retry) before its explanations are shown


class QuizScore(BaseModel):
    """One lesson's quiz. ``answers`` holds the last checked answer per question; ``attempts`` how often each
    question was checked; ``passed`` whether the quiz reached its pass mark. Files written before
    ``attempts`` and ``passed`` existed still load: a question without attempts counts as finished."""

    model_config = ConfigDict(extra="forbid")
    correct: int = Field(ge=0)
    total: int = Field(ge=1)
    answers: dict[str, list[str]] = Field(default_factory=dict)
    attempts: dict[str, int] = Field(default_factory=dict)
    passed: bool = False

    def checks(self, question_id: str) -> int:
        """How often the question was checked (0: never; an answer without a count: finished)."""
        if question_id not in self.answers:
            return 0
        return min(MAX_CHECKS, max(1, self.attempts.get(question_id, MAX_CHECKS)))


class Progress(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: str = FORMAT
    version: int = VERSION
    lessons_read: list[str] = Field(default_factory=list)
    quiz_scores: dict[str, QuizScore] = Field(default_factory=dict)

    def mark_read(self, lesson_id: str) -> Progress:
        if lesson_id in self.lessons_read:
            return self
        return self.model_copy(update={"lessons_read": [*self.lessons_read, lesson_id]})

    def record_quiz(
        self,
        lesson_id: str,
        correct: int,
        total: int,
        answers: dict[str, list[str]],
        attempts: dict[str, int] | None = None,
        passed: bool = False,
    ) -> Progress:
        scores = dict(self.quiz_scores)
        scores[lesson_id] = QuizScore(
            correct=correct, total=total, answers=answers, attempts=dict(attempts or {}), passed=passed
        )
        return self.model_copy(update={"quiz_scores": scores})

    def reset_quiz(self, lesson_id: str) -> Progress:
        """Forget a quiz's answers (to take it again); a lesson already completed stays completed."""
        if lesson_id not in self.quiz_scores:
            return self
        scores = {k: v for k, v in self.quiz_scores.items() if k != lesson_id}
        return self.model_copy(update={"quiz_scores": scores})

    def share_read(self, lesson_ids: Sequence[str]) -> float:
        if not lesson_ids:
            return 0.0
        return len(set(self.lessons_read) & set(lesson_ids)) / len(lesson_ids)

    def quiz_totals(self) -> tuple[int, int]:
        return (
            sum(s.correct for s in self.quiz_scores.values()),
            sum(s.total for s in self.quiz_scores.values()),
        )


def next_lesson(progress: Progress, lesson_ids: Sequence[str]) -> tuple[int, str, bool] | None:
    """The learner's next step: (1-based number, id, whether anything was read yet) of the first lesson not
    read yet, in course order; None when every lesson is read."""
    started = bool(set(progress.lessons_read) & set(lesson_ids))
    for number, lesson_id in enumerate(lesson_ids, start=1):
        if lesson_id not in progress.lessons_read:
            return number, lesson_id, started
    return None


def to_json(progress: Progress) -> str:
    return json.dumps(progress.model_dump(), ensure_ascii=False, indent=2, sort_keys=True)


def _parse_int(text: str) -> int | float:
    """JSON integers; one too long for ``int()`` (over 4300 digits) becomes a float, which validation refuses
    with a message instead of a ``ValueError``."""
    return int(text) if len(text) <= 100 else float(text)


def from_json(raw: bytes | str, known_lessons: Sequence[str]) -> Progress:
    """Parse an uploaded progress file; raise ``UserInputError`` with an interface-string key if bad."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_UPLOAD_BYTES:
            raise UserInputError("progress.err_too_large", limit=MAX_UPLOAD_BYTES // 1000)
        try:
            raw = raw.decode("utf-8-sig")  # a byte order mark, as some editors save, is fine
        except UnicodeDecodeError:
            raise UserInputError("progress.err_not_utf8") from None
    raw = raw.removeprefix("\ufeff")
    try:
        data = json.loads(raw, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        raise UserInputError("progress.err_not_json", line=exc.lineno) from None
    except RecursionError:  # nested too deeply to be a progress file
        raise UserInputError("progress.err_not_progress") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UserInputError("progress.err_not_progress")
    if data.get("version") != VERSION:
        raise UserInputError("progress.err_version", version=str(data.get("version")))
    try:
        progress = Progress.model_validate(data)
    except ValidationError as exc:
        loc = ".".join(str(p) for p in exc.errors()[0]["loc"])
        raise UserInputError("progress.err_field", field=loc) from None
    unknown = [x for x in [*progress.lessons_read, *progress.quiz_scores] if x not in known_lessons]
    if unknown:
        raise UserInputError("progress.err_unknown_lesson", lesson=unknown[0])
    for lesson_id, s in progress.quiz_scores.items():
        if s.correct > s.total:
            raise UserInputError("progress.err_field", field=f"quiz_scores.{lesson_id}.correct")
        for question_id, n in s.attempts.items():
            if not 1 <= n <= MAX_CHECKS:
                raise UserInputError(
                    "progress.err_field", field=f"quiz_scores.{lesson_id}.attempts.{question_id}"
                )
    return progress


def to_markdown(
    progress: Progress,
    lessons: Sequence[tuple[str, str]],
    tr: Callable[..., str],
    now: datetime | None = None,
) -> str:
    """A readable summary. ``lessons`` is ``[(id, title), ...]``; ``tr`` is a ``core.i18n.Translator``."""
    stamp = (now or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    correct, total = progress.quiz_totals()
    lines = [
        f"# {tr('progress.md_title')}",
        "",
        tr("progress.md_created", stamp=stamp),
        "",
        tr(
            "progress.md_overview",
            read=len(set(progress.lessons_read)),
            lessons=len(lessons),
            correct=correct,
            total=total,
        ),
        "",
        f"| {tr('progress.md_col_lesson')} | {tr('progress.md_col_read')} | {tr('progress.md_col_quiz')} |",
        "|---|---|---|",
    ]
    for lesson_id, title in lessons:
        read = "✓" if lesson_id in progress.lessons_read else "–"
        s = progress.quiz_scores.get(lesson_id)
        quiz = (f"{s.correct}/{s.total}" + (" ✓" if s.passed else "")) if s else "–"
        lines.append(f"| {title} | {read} | {quiz} |")
    return "\n".join(lines) + "\n"
