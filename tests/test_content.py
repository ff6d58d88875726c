"""Content schema validation, DE/EN parity, and clear errors for malformed content."""

from __future__ import annotations

from pathlib import Path

import pytest

from core import content, i18n
from core.errors import ContentError
from core.paths import CONTENT_DIR
from tests.conftest import replace_once


@pytest.fixture(scope="module")
def courses() -> dict[str, content.Course]:
    return content.load_all()


def test_both_languages_load(courses: dict[str, content.Course]) -> None:
    for lang in i18n.LANGS:
        course = courses[lang]
        assert course.lessons, lang
        assert set(course.quizzes) == set(course.lesson_ids)
        for quiz in course.quizzes.values():
            assert len(quiz.questions) >= 3


def test_de_en_parity(courses: dict[str, content.Course]) -> None:
    assert content.parity_problems(courses["de"], courses["en"]) == []


def test_lessons_are_ordered_without_gaps(courses: dict[str, content.Course]) -> None:
    orders = [lesson.meta.order for lesson in courses["en"].lessons]
    assert orders == list(range(1, len(orders) + 1))


def test_quizzes_mix_single_and_multiple_choice(courses: dict[str, content.Course]) -> None:
    kinds = {q.kind for quiz in courses["en"].quizzes.values() for q in quiz.questions}
    assert kinds == {"single", "multiple"}


def test_ui_strings_have_the_same_keys_and_placeholders() -> None:
    import string

    de, en = i18n.load_ui_strings("de"), i18n.load_ui_strings("en")
    assert sorted(set(de) ^ set(en)) == []

    def fields(text: str) -> set[str]:
        if "plural," in text:  # ICU plural blocks (core.i18n.plural)
            return i18n.placeholders(text)
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    mismatched = [k for k in de if fields(de[k]) != fields(en[k])]
    assert mismatched == []


def test_content_files_exist_in_both_languages() -> None:
    de = sorted(p.relative_to(CONTENT_DIR / "de") for p in (CONTENT_DIR / "de").rglob("*") if p.is_file())
    en = sorted(p.relative_to(CONTENT_DIR / "en") for p in (CONTENT_DIR / "en").rglob("*") if p.is_file())
    assert de == en


def test_glossary_terms_point_to_lessons(courses: dict[str, content.Course]) -> None:
    ids = set(courses["en"].lesson_ids)
    assert all(term.lesson in ids for term in courses["en"].glossary)


# ------------------------------------------------------------------------------------ malformed content


@pytest.mark.parametrize(
    ("relpath", "old", "new", "field"),
    [
        ("lessons/01-dilemma.md", "order: 1\n", "order: zero\n", "order"),
        ("lessons/01-dilemma.md", "minutes: 5\n", "", "minutes"),
        ("lessons/01-dilemma.md", "  - tool: playground\n", "  - tool: spaceship\n", "try_it[0].tool"),
        ("lessons/01-dilemma.md", "id: dilemma\n", "id: dilemma\ncolour: red\n", "colour"),
        ("quizzes/dilemma.yaml", "    kind: single\n", "    kind: essay\n", "questions[0].kind"),
        ("quizzes/dilemma.yaml", "        correct: true\n", "        correct: false\n", "questions[0]"),
        ("quizzes/dilemma.yaml", "lesson: dilemma", "lesson: nosuchlesson", "lesson"),
        ("glossary.yaml", "    lesson: dilemma\n", "    lesson: nowhere\n", "terms[0].lesson"),
        ("glossary.yaml", "terms:\n", "terms: [\n", "line"),
    ],
)
def test_malformed_content_names_file_and_field(
    content_copy: Path, relpath: str, old: str, new: str, field: str
) -> None:
    path = content_copy / "en" / relpath
    replace_once(path, old, new)
    with pytest.raises(ContentError) as info:
        content.load_course("en", content_copy)
    err = info.value
    assert Path(err.file).name == path.name or Path(err.file) == path.parent
    assert err.field.startswith(field), err
    assert path.name in str(err) and field.split("[")[0] in str(err)


def test_lesson_without_front_matter(content_copy: Path) -> None:
    path = content_copy / "en" / "lessons" / "01-dilemma.md"
    path.write_text("# just a heading\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"01-dilemma\.md.*front matter"):
        content.load_course("en", content_copy)


def test_unclosed_box_is_reported(content_copy: Path) -> None:
    path = content_copy / "en" / "lessons" / "01-dilemma.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n:::beyond\nopen box\n", encoding="utf-8")
    with pytest.raises(ContentError, match="body"):
        content.load_course("en", content_copy)


def test_missing_quiz_is_reported(content_copy: Path) -> None:
    (content_copy / "en" / "quizzes" / "dilemma.yaml").unlink()
    with pytest.raises(ContentError, match="dilemma"):
        content.load_course("en", content_copy)


def test_parity_detects_a_changed_correct_answer(content_copy: Path) -> None:
    quiz = content_copy / "de" / "quizzes" / "dilemma.yaml"
    # swap the first right and the first wrong option of the German quiz
    replace_once(quiz, "correct: true", "correct: SWAP")
    replace_once(quiz, "correct: false", "correct: true")
    replace_once(quiz, "correct: SWAP", "correct: false")
    de = content.load_course("de", content_copy)
    en = content.load_course("en", content_copy)
    assert any("dilemma" in p for p in content.parity_problems(de, en))


def test_bad_ui_string_file_names_file_and_key(content_copy: Path) -> None:
    (content_copy / "en" / "ui" / "broken.yaml").write_text("title: [not, text]\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"broken\.yaml.*title"):
        i18n.load_ui_strings("en", content_copy)


@pytest.mark.parametrize(
    ("body", "kinds"),
    [
        ("plain", ["text"]),
        ("a\n:::beyond\nb\n:::\nc", ["text", "beyond", "text"]),
        (":::example\nx\n:::\n", ["example"]),
        ("a\n:::beyond\nb\n:::\n:::example\nc\n:::", ["text", "beyond", "example"]),
    ],
)
def test_split_segments(body: str, kinds: list[str]) -> None:
    assert [s.kind for s in content.split_segments(body)] == kinds


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [("", None), ("token", "token"), ("TOKEN", "token"), ("xyzzy-nothing", "<none>")],
)
def test_search_glossary(courses: dict[str, content.Course], query: str, expected_first: str | None) -> None:
    hits = content.search_glossary(courses["en"].glossary, query)
    if expected_first is None:
        assert len(hits) == len(courses["en"].glossary)
    elif expected_first == "<none>":
        assert hits == []
    else:
        assert hits[0].id == expected_first
