"""Loading and validating the learner-visible content in ``content/<lang>/``.

Layout of one language folder::

    lessons/NN-<id>.md     Markdown with a YAML front matter block (see ``LessonMeta``)
    quizzes/<id>.yaml      the quiz of lesson <id> (see ``Quiz``)
    glossary.yaml          ``terms:`` list (see ``GlossaryTerm``)
    ui/<namespace>.yaml    interface strings (see ``core.i18n``)

Every malformed file raises ``ContentError`` naming the file and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from core.errors import ContentError
from core.i18n import LANGS, Lang
from core.paths import CONTENT_DIR
from core.registry import PAGE_NAMES

_ID = r"^[a-z0-9][a-z0-9_-]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ToolLink(_Strict):
    tool: str
    label: str = Field(min_length=1)
    params: dict[str, str] = Field(default_factory=dict)

    @field_validator("tool")
    @classmethod
    def _registered(cls, value: str) -> str:
        if value not in PAGE_NAMES:
            raise ValueError(f"unknown page {value!r}; registered: {', '.join(PAGE_NAMES)}")
        return value


class LessonMeta(_Strict):
    id: str = Field(pattern=_ID)
    order: int = Field(ge=1)
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    minutes: int = Field(ge=1, le=120)
    article_section: str = Field(min_length=1)
    article_section_original: str | None = None  # the article's German title, shown beside a translation
    beyond_article: bool = False  # the whole lesson goes beyond the article
    try_it: list[ToolLink] = Field(default_factory=list)


@dataclass(frozen=True)
class Segment:
    """A piece of a lesson body: plain Markdown, a box that goes beyond the article, an example box, or a
    ``worked`` directive (``:::worked <name>`` with a YAML body) that the lessons page computes with the
    same core functions the tools use, so a lesson's numbers cannot drift from the tools."""

    kind: Literal["text", "beyond", "example", "worked"]
    text: str
    name: str = ""


@dataclass(frozen=True)
class Lesson:
    meta: LessonMeta
    body: str
    segments: tuple[Segment, ...]
    source: Path

    @property
    def id(self) -> str:
        return self.meta.id


class QuizOption(_Strict):
    id: str = Field(pattern=_ID)
    text: str = Field(min_length=1)
    correct: bool
    explanation: str = Field(min_length=1)


class QuizQuestion(_Strict):
    id: str = Field(pattern=_ID)
    kind: Literal["single", "multiple"]
    prompt: str = Field(min_length=1)
    options: list[QuizOption] = Field(min_length=2)

    @model_validator(mode="after")
    def _check_options(self) -> QuizQuestion:
        ids = [o.id for o in self.options]
        if len(set(ids)) != len(ids):
            raise ValueError("option ids must be unique")
        n_correct = sum(o.correct for o in self.options)
        if self.kind == "single" and n_correct != 1:
            raise ValueError("a single-choice question needs exactly one correct option")
        if self.kind == "multiple" and n_correct < 1:
            raise ValueError("a multiple-choice question needs at least one correct option")
        return self


class Quiz(_Strict):
    lesson: str = Field(pattern=_ID)
    questions: list[QuizQuestion] = Field(min_length=3)

    @field_validator("questions")
    @classmethod
    def _unique_questions(cls, value: list[QuizQuestion]) -> list[QuizQuestion]:
        ids = [q.id for q in value]
        if len(set(ids)) != len(ids):
            raise ValueError("question ids must be unique")
        return value


class GlossaryTerm(_Strict):
    id: str = Field(pattern=_ID)
    term: str = Field(min_length=1)
    definition: str = Field(min_length=1)
    lesson: str = Field(pattern=_ID)
    beyond_article: bool = False


class Glossary(_Strict):
    terms: list[GlossaryTerm] = Field(min_length=1)


@dataclass(frozen=True)
class Course:
    """All content of one language."""

    lang: Lang
    lessons: tuple[Lesson, ...]
    quizzes: dict[str, Quiz]
    glossary: tuple[GlossaryTerm, ...]

    def lesson(self, lesson_id: str) -> Lesson:
        for lesson in self.lessons:
            if lesson.id == lesson_id:
                return lesson
        raise KeyError(lesson_id)

    @property
    def lesson_ids(self) -> list[str]:
        return [lesson.id for lesson in self.lessons]


# ---------------------------------------------------------------------------------------------- parsing

_FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*\n(.*)\Z", re.S)
_BLOCK = re.compile(r"^:::(beyond|example|worked)[ \t]*([a-z0-9-]*)[ \t]*\n(.*?)^:::\s*$", re.S | re.M)


def _field_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "<root>"


def validate(model: type[BaseModel], data: Any, source: Path) -> Any:
    """Validate ``data`` against ``model``; raise ``ContentError`` naming the first bad field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise ContentError(source, _field_path(tuple(err["loc"])), err["msg"]) from None


def read_yaml(path: Path) -> Any:
    return read_yaml_text(path.read_text(encoding="utf-8"), path)


def read_yaml_text(text: str, source: Path) -> Any:
    """YAML text from ``source`` (a file, or a block inside one); errors name ``source`` and the line."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "<yaml>"
        raise ContentError(source, where, f"invalid YAML: {getattr(exc, 'problem', exc)}") from None


def split_segments(body: str) -> tuple[Segment, ...]:
    """Split a lesson body at ``:::beyond`` / ``:::example`` / ``:::worked <name>`` ... ``:::`` blocks."""
    segments: list[Segment] = []
    pos = 0
    for match in _BLOCK.finditer(body):
        before = body[pos : match.start()].strip()
        if before:
            segments.append(Segment("text", before))
        kind = match.group(1)
        box: Literal["beyond", "example", "worked"] = (
            "beyond" if kind == "beyond" else "worked" if kind == "worked" else "example"
        )
        segments.append(Segment(box, match.group(3).strip(), match.group(2)))
        pos = match.end()
    rest = body[pos:].strip()
    if rest:
        segments.append(Segment("text", rest))
    return tuple(segments)


def parse_lesson(path: Path) -> Lesson:
    text = path.read_text(encoding="utf-8")
    match = _FRONT.match(text)
    if match is None:
        raise ContentError(path, "front matter", "a lesson starts with a '---' YAML block closed by '---'")
    try:
        raw = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        raise ContentError(path, "front matter", f"invalid YAML: {exc}") from None
    meta: LessonMeta = validate(LessonMeta, raw, path)
    body = match.group(2)
    if not body.strip():
        raise ContentError(path, "body", "the lesson has no text")
    if body.count(":::") % 2:
        raise ContentError(path, "body", "an ':::' box is not closed")
    return Lesson(meta=meta, body=body, segments=split_segments(body), source=path)


def load_course(lang: Lang, content_dir: Path = CONTENT_DIR) -> Course:
    folder = content_dir / lang
    lessons = sorted(
        (parse_lesson(p) for p in sorted((folder / "lessons").glob("*.md"))),
        key=lambda lesson: lesson.meta.order,
    )
    if not lessons:
        raise ContentError(folder / "lessons", "<files>", "no lessons found")
    seen: dict[str, Path] = {}
    for lesson in lessons:
        if lesson.id in seen:
            raise ContentError(lesson.source, "id", f"duplicate lesson id (also in {seen[lesson.id].name})")
        seen[lesson.id] = lesson.source
    quizzes: dict[str, Quiz] = {}
    for path in sorted((folder / "quizzes").glob("*.yaml")):
        quiz: Quiz = validate(Quiz, read_yaml(path), path)
        if quiz.lesson not in seen:
            raise ContentError(path, "lesson", f"unknown lesson {quiz.lesson!r}")
        quizzes[quiz.lesson] = quiz
    for lesson in lessons:
        if lesson.id not in quizzes:
            raise ContentError(folder / "quizzes", lesson.id, "every lesson needs a quiz file")
    gpath = folder / "glossary.yaml"
    glossary: Glossary = validate(Glossary, read_yaml(gpath), gpath)
    for i, term in enumerate(glossary.terms):
        if term.lesson not in seen:
            raise ContentError(gpath, f"terms[{i}].lesson", f"unknown lesson {term.lesson!r}")
    return Course(lang=lang, lessons=tuple(lessons), quizzes=quizzes, glossary=tuple(glossary.terms))


def parity_problems(a: Course, b: Course) -> list[str]:
    """Differences in structure between two languages (ids, order, correct answers, tool links)."""
    problems: list[str] = []
    if a.lesson_ids != b.lesson_ids:
        problems.append(f"lessons differ: {a.lesson_ids} vs {b.lesson_ids}")
    for la, lb in zip(a.lessons, b.lessons, strict=False):
        if [t.tool for t in la.meta.try_it] != [t.tool for t in lb.meta.try_it]:
            problems.append(f"lesson {la.id}: try_it tools differ")
        if [t.params for t in la.meta.try_it] != [t.params for t in lb.meta.try_it]:
            problems.append(f"lesson {la.id}: try_it params differ")
        if [s.kind for s in la.segments].count("beyond") != [s.kind for s in lb.segments].count("beyond"):
            problems.append(f"lesson {la.id}: number of 'beyond the article' boxes differs")
        if la.meta.beyond_article != lb.meta.beyond_article:
            problems.append(f"lesson {la.id}: beyond_article differs")
        worked_a = [(s.name, s.text) for s in la.segments if s.kind == "worked"]
        worked_b = [(s.name, s.text) for s in lb.segments if s.kind == "worked"]
        if worked_a != worked_b:
            problems.append(f"lesson {la.id}: worked-example directives differ (their numbers must be equal)")
    for lesson_id in sorted(set(a.quizzes) | set(b.quizzes)):
        qa, qb = a.quizzes.get(lesson_id), b.quizzes.get(lesson_id)
        if qa is None or qb is None:
            problems.append(f"quiz {lesson_id}: missing in one language")
            continue
        shape_a = [(q.id, q.kind, [(o.id, o.correct) for o in q.options]) for q in qa.questions]
        shape_b = [(q.id, q.kind, [(o.id, o.correct) for o in q.options]) for q in qb.questions]
        if shape_a != shape_b:
            problems.append(f"quiz {lesson_id}: questions, options or correct answers differ")
    ga = [(t.id, t.lesson) for t in a.glossary]
    gb = [(t.id, t.lesson) for t in b.glossary]
    if ga != gb:
        problems.append("glossary terms differ (ids or lessons)")
    return problems


def load_all(content_dir: Path = CONTENT_DIR) -> dict[Lang, Course]:
    return {lang: load_course(lang, content_dir) for lang in LANGS}


def search_glossary(terms: tuple[GlossaryTerm, ...], query: str) -> list[GlossaryTerm]:
    """Terms whose name or definition contains every word of ``query`` (case-insensitive)."""
    words = query.casefold().split()
    if not words:
        return sorted(terms, key=lambda t: t.term.casefold())
    hits = [t for t in terms if all(w in (t.term + " " + t.definition).casefold() for w in words)]
    # name matches first, then alphabetical
    return sorted(hits, key=lambda t: (not all(w in t.term.casefold() for w in words), t.term.casefold()))
