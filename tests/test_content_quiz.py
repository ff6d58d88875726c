"""Quiz banks that measure understanding: the right answer is not given away by its position, its length,
or an absolute word in the wrong options; the worked examples in lessons parse."""

from __future__ import annotations

import math
import re
from collections import Counter

import pytest

from core import content
from core.content import Quiz

GIVEAWAYS = {
    "en": re.compile(r"\b(always|never|in principle|fundamentally|impossible|guaranteed|completely)\b", re.I),
    "de": re.compile(
        r"\b(immer|nie|niemals|grundsätzlich|im prinzip|garantiert|unmöglich|zwingend|stets)\b", re.I
    ),
}
COURSES = {lang: content.load_course(lang) for lang in ("de", "en")}  # type: ignore[arg-type]
BANKS = [(lang, lesson_id) for lang in ("de", "en") for lesson_id in COURSES[lang].lesson_ids]


def _single(quiz: Quiz) -> list[tuple[int, list[int]]]:
    """(position of the right option, lengths of all options) per single-choice question."""
    out = []
    for q in quiz.questions:
        if q.kind == "single":
            pos = next(i for i, o in enumerate(q.options) if o.correct)
            out.append((pos, [len(o.text) for o in q.options]))
    return out


def position_problems(quiz: Quiz) -> list[str]:
    singles = _single(quiz)
    counts = Counter(pos for pos, _ in singles)
    limit = max(1, math.floor(len(singles) / 2))
    problems = [
        f"position {p + 1} holds {n} of {len(singles)} right answers" for p, n in counts.items() if n > limit
    ]
    for q in quiz.questions:
        flags = [o.correct for o in q.options]
        if q.kind == "multiple" and flags == sorted(flags, reverse=True):
            problems.append(f"{q.id}: the right options are exactly the first ones")
    return problems


def length_problems(quiz: Quiz) -> list[str]:
    singles = _single(quiz)
    longest = sum(lens[pos] == max(lens) for pos, lens in singles)
    problems = []
    if longest > len(singles) / 2:
        problems.append(f"the right option is the longest in {longest} of {len(singles)} questions")
    ratios = [lens[pos] / (sum(lens) - lens[pos]) * (len(lens) - 1) for pos, lens in singles]
    if ratios and sum(ratios) / len(ratios) > 1.15:
        problems.append(
            f"right options are {sum(ratios) / len(ratios):.2f}× as long as wrong ones on average"
        )
    return problems


def giveaway_problems(quiz: Quiz, lang: str) -> list[str]:
    return [
        f"{q.id}/{o.id}: wrong option with an absolute word: {o.text}"
        for q in quiz.questions
        for o in q.options
        if not o.correct and GIVEAWAYS[lang].search(o.text)
    ]


@pytest.mark.parametrize(("lang", "lesson_id"), BANKS)
def test_right_answers_do_not_cluster_on_one_position(lang: str, lesson_id: str) -> None:
    assert position_problems(COURSES[lang].quizzes[lesson_id]) == []


@pytest.mark.parametrize(("lang", "lesson_id"), BANKS)
def test_right_answers_are_not_systematically_the_longest(lang: str, lesson_id: str) -> None:
    assert length_problems(COURSES[lang].quizzes[lesson_id]) == []


@pytest.mark.parametrize(("lang", "lesson_id"), BANKS)
def test_no_wrong_option_gives_itself_away_with_an_absolute(lang: str, lesson_id: str) -> None:
    assert giveaway_problems(COURSES[lang].quizzes[lesson_id], lang) == []


@pytest.mark.parametrize("lang", ["de", "en"])
def test_course_wide_positions_are_spread(lang: str) -> None:
    positions = [pos for quiz in COURSES[lang].quizzes.values() for pos, _ in _single(quiz)]
    counts = Counter(positions)
    for p in (0, 1, 2):
        assert 0.2 <= counts[p] / len(positions) <= 0.45, counts


def _bank(*specs: tuple[str, list[tuple[str, bool]]]) -> Quiz:
    questions = [
        {
            "id": f"q{i}",
            "kind": kind,
            "prompt": "?",
            "options": [
                {"id": f"o{j}", "text": text, "correct": ok, "explanation": "."}
                for j, (text, ok) in enumerate(opts)
            ],
        }
        for i, (kind, opts) in enumerate(specs)
    ]
    quiz: Quiz = Quiz.model_validate({"lesson": "x", "questions": questions})
    return quiz


FIRST_AND_LONGEST = _bank(
    *[("single", [("the long right answer", True), ("short", False), ("tiny", False)])] * 3
)
BALANCED = _bank(
    ("single", [("right", True), ("wrong one", False), ("wrong two", False)]),
    ("single", [("wrong one", False), ("right", True), ("wrong two", False)]),
    ("single", [("wrong one", False), ("wrong two", False), ("right", True)]),
)
PREFIX_MULTI = _bank(
    ("multiple", [("a", True), ("b", True), ("c", False)]),
    ("single", [("right", True), ("wrong one", False), ("wrong two", False)]),
    ("single", [("wrong one", False), ("right", True), ("wrong two", False)]),
)
ABSOLUTE = _bank(
    ("single", [("right", True), ("This never works", False), ("wrong", False)]),
    ("single", [("wrong one", False), ("Always", True), ("wrong two", False)]),
    ("single", [("wrong one", False), ("wrong two", False), ("right", True)]),
)


@pytest.mark.parametrize(
    ("quiz", "positions", "lengths", "giveaways"),
    [
        (FIRST_AND_LONGEST, 1, 2, 0),
        (BALANCED, 0, 0, 0),
        (PREFIX_MULTI, 1, 0, 0),
        (ABSOLUTE, 0, 0, 1),  # "Always" in a right option is allowed
    ],
)
def test_the_checks_catch_gameable_banks(quiz: Quiz, positions: int, lengths: int, giveaways: int) -> None:
    assert len(position_problems(quiz)) == positions
    assert len(length_problems(quiz)) == lengths
    assert len(giveaway_problems(quiz, "en")) == giveaways


@pytest.mark.parametrize("lang", ["de", "en"])
def test_worked_examples_parse(lang: str) -> None:
    from features.lessons import worked

    found = [(lesson, s) for lesson in COURSES[lang].lessons for s in lesson.segments if s.kind == "worked"]
    assert [lesson.id for lesson, _ in found] == ["fine-tuning-sweet-spots"]
    for lesson, segment in found:
        spec = worked.parse(segment.name, segment.text, lesson.source)
        assert len(spec.cases) == 2


@pytest.mark.parametrize("lang", ["de", "en"])
def test_english_and_german_section_titles(lang: str) -> None:
    """English lessons name the article's section in English with the German original beside it."""
    for lesson in COURSES[lang].lessons:
        if lesson.meta.beyond_article:
            continue
        if lang == "en":
            assert lesson.meta.article_section_original, lesson.id
        else:
            assert lesson.meta.article_section_original is None, lesson.id


@pytest.mark.parametrize("lang", ["de", "en"])
def test_course_wide_the_right_option_is_rarely_the_longest(lang: str) -> None:
    singles = [s for quiz in COURSES[lang].quizzes.values() for s in _single(quiz)]
    longest = sum(lens[pos] == max(lens) for pos, lens in singles)
    shortest = sum(lens[pos] < min(n for i, n in enumerate(lens) if i != pos) for pos, lens in singles)
    assert longest / len(singles) <= 0.4, (longest, len(singles))
    assert shortest / len(singles) <= 0.5, (shortest, len(singles))  # nor systematically the shortest
