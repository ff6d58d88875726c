"""The lessons page: quiz interaction, progress in the sidebar, language switch, lesson links."""

from __future__ import annotations

import pytest

from core import content
from tests.apptest import open_page, plain, texts


@pytest.mark.parametrize("lang", ["de", "en"])
def test_single_choice_right_and_wrong_answers_give_feedback(lang: str) -> None:
    course = content.load_course(lang)  # type: ignore[arg-type]
    question = next(q for q in course.quizzes["dilemma"].questions if q.kind == "single")
    right = next(o for o in question.options if o.correct)
    wrong = next(o for o in question.options if not o.correct)
    at = open_page("pages/lessons.py", lang, lesson="dilemma")
    radio = at.radio(key=f"lessons_quiz_dilemma_{question.id}_radio")

    radio.set_value(wrong.id).run()
    at.button(key=f"lessons_quiz_dilemma_{question.id}_check").click().run()
    assert not at.exception
    page = texts(at)
    assert wrong.explanation in page and right.explanation in page
    assert any(e.value == at.session_state["lessons_quiz_answers"] and False for e in []) is False
    wrong_msg = {"de": "Nicht ganz", "en": "Not quite"}[lang]
    assert any(wrong_msg in e.value for e in at.error)

    at.radio(key=f"lessons_quiz_dilemma_{question.id}_radio").set_value(right.id).run()
    at.button(key=f"lessons_quiz_dilemma_{question.id}_check").click().run()
    assert any(s.value in ("Richtig!", "Correct!") for s in at.success)
    sidebar_caption = " ".join(c.value for c in at.sidebar.caption)
    assert ("1 von 3" if lang == "de" else "1 of 3") in sidebar_caption


def test_multiple_choice_needs_all_right_options() -> None:
    course = content.load_course("en")
    question = next(q for q in course.quizzes["dilemma"].questions if q.kind == "multiple")
    at = open_page("pages/lessons.py", "en", lesson="dilemma")
    right = [o for o in question.options if o.correct]
    at.checkbox(key=f"lessons_quiz_dilemma_{question.id}_cb_{right[0].id}").check().run()
    at.button(key=f"lessons_quiz_dilemma_{question.id}_check").click().run()
    assert len(right) == 1 or any("Not quite" in e.value for e in at.error)
    for option in right:
        at.checkbox(key=f"lessons_quiz_dilemma_{question.id}_cb_{option.id}").check()
    at.run()
    at.button(key=f"lessons_quiz_dilemma_{question.id}_check").click().run()
    assert any(s.value == "Correct!" for s in at.success)


def test_check_without_answer_asks_for_one() -> None:
    at = open_page("pages/lessons.py", "en", lesson="dilemma")
    at.button(key="lessons_quiz_dilemma_q1_check").click().run()
    assert any("Choose an answer first" in w.value for w in at.warning)
    assert not at.exception


def test_mark_as_read_updates_sidebar() -> None:
    at = open_page("pages/lessons.py", "en", lesson="dilemma")
    before = at.sidebar.get("progress")[0].proto.text
    at.button(key="lessons_mark_read").click().run()
    after = at.sidebar.get("progress")[0].proto.text
    assert before.startswith("0 of") and after.startswith("1 of")


def test_lesson_query_parameter_and_unknown_lesson() -> None:
    course = content.load_course("en")
    last = course.lessons[-1]
    at = open_page("pages/lessons.py", "en", lesson=last.id)
    assert at.title[0].value == last.meta.title
    at = open_page("pages/lessons.py", "en", lesson="does-not-exist")
    assert not at.exception
    assert any("does-not-exist" in plain(w.value) for w in at.warning)
    assert at.title[0].value == course.lessons[0].meta.title


def test_language_switch_in_sidebar_keeps_page_and_updates_url() -> None:
    at = open_page("pages/lessons.py", "en", lesson="dilemma")
    at.sidebar.selectbox(key="sidebar_lang_select").set_value("de").run()
    assert not at.exception
    assert at.title[0].value == content.load_course("de").lesson("dilemma").meta.title
    assert at.query_params["lang"] in ("de", ["de"])


def test_browser_locale_is_the_default_language() -> None:
    from streamlit.testing.v1 import AppTest

    from tests.apptest import APP

    at = AppTest.from_file(APP, default_timeout=30)
    at.context["locale"] = "de-DE"  # type: ignore[index]
    at.run()
    assert at.title[0].value == "Prompt Engineering oder Fine-Tuning?"


def _sidebar_progress_text(at: object) -> str:
    return at.sidebar.get("progress")[0].proto.text  # type: ignore[attr-defined,no-any-return]


def test_progress_upload_round_trip_in_the_sidebar() -> None:
    from core import progress as prog

    saved = prog.Progress().mark_read("dilemma").mark_read("prompting").record_quiz("dilemma", 2, 3, {})
    at = open_page("pages/home.py", "en")
    assert _sidebar_progress_text(at).startswith("0 of")
    at.sidebar.file_uploader(key="sidebar_upload").set_value(
        ("progress.json", prog.to_json(saved).encode(), "application/json")
    ).run()
    assert not at.exception
    assert _sidebar_progress_text(at).startswith("2 of")
    assert any("2 of 3" in c.value for c in at.sidebar.caption)
    assert any(s.value == "Progress restored." for s in at.sidebar.success)
    assert at.session_state["progress"] == saved


@pytest.mark.parametrize("lang", ["de", "en"])
def test_invalid_progress_upload_changes_nothing(lang: str) -> None:
    at = open_page("pages/lessons.py", lang, lesson="dilemma")
    at.button(key="lessons_mark_read").click().run()
    before = at.session_state["progress"]
    at.sidebar.file_uploader(key="sidebar_upload").set_value(
        ("progress.json", b'{"format": "something else"}', "application/json")
    ).run()
    assert not at.exception
    assert at.session_state["progress"] == before
    expected = {"de": "keine Fortschrittsdatei", "en": "not a progress file"}[lang]
    assert any(expected in e.value for e in at.sidebar.error)
