"""The lessons page: lesson links, progress in the sidebar, language switch (the quiz: test_page_quiz.py)."""

from __future__ import annotations

import pytest

from core import content
from tests.apptest import open_page, plain


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
    """The bar's text after its heading line: lessons read, then quiz answers."""
    text: str = at.sidebar.get("progress")[0].proto.text  # type: ignore[attr-defined]
    return text.split("\n", 1)[1]


def test_progress_upload_round_trip_in_the_sidebar() -> None:
    from core import progress as prog

    saved = prog.Progress().mark_read("dilemma").mark_read("prompting").record_quiz("dilemma", 2, 3, {})
    at = open_page("pages/home.py", "en")
    assert _sidebar_progress_text(at).startswith("0 of")
    at.session_state["sidebar_exp_save"] = True  # the uploader is drawn while the box is open
    at.run()
    at.sidebar.file_uploader(key="sidebar_upload").set_value(
        ("progress.json", prog.to_json(saved).encode(), "application/json")
    ).run()
    assert not at.exception
    assert _sidebar_progress_text(at).startswith("2 of")
    assert "2 of 3" in _sidebar_progress_text(at)  # the quiz total is part of the bar's text
    assert any(s.value == "Progress restored." for s in at.sidebar.success)
    assert at.session_state["progress"] == saved


@pytest.mark.parametrize("lang", ["de", "en"])
def test_invalid_progress_upload_changes_nothing(lang: str) -> None:
    at = open_page("pages/lessons.py", lang, lesson="dilemma")
    question = content.load_course(lang).quizzes["dilemma"].questions[0]  # type: ignore[arg-type]
    at.radio(key="lessons_quiz_dilemma_q1_radio").set_value(question.options[0].id)
    at.button(key="lessons_quiz_dilemma_q1_check").click().run()
    before = at.session_state["progress"]
    assert before.quiz_scores["dilemma"].answers == {"q1": [question.options[0].id]}
    at.session_state["sidebar_exp_save"] = True  # the uploader is drawn while the box is open
    at.run()
    at.sidebar.file_uploader(key="sidebar_upload").set_value(
        ("progress.json", b'{"format": "something else"}', "application/json")
    ).run()
    assert not at.exception
    assert at.session_state["progress"] == before
    expected = {"de": "keine Fortschrittsdatei", "en": "not a progress file"}[lang]
    assert any(expected in e.value for e in at.sidebar.error)
