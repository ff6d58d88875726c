"""The quiz on the lessons page (AppTest): every lesson's quiz in both languages passed, a retry before the
explanations, failing and retaking, the learner's shuffled order, and resuming from a progress file."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from core import content
from core import progress as prog
from core.content import QuizQuestion
from tests.apptest import APP, open_page, texts

LANGS = ("de", "en")
COURSES = {lang: content.load_course(lang) for lang in LANGS}  # type: ignore[arg-type]
ALL = [(lang, lesson_id) for lang in LANGS for lesson_id in COURSES[lang].lesson_ids]
PASSED = {"de": "Bestanden mit", "en": "Passed with"}
FAILED = {"de": "Noch nicht bestanden", "en": "Not passed yet"}
RETRY = {"de": "Nicht ganz", "en": "Not quite"}


def key(lesson_id: str, question: QuizQuestion) -> str:
    return f"lessons_quiz_{lesson_id}_{question.id}"


def choose(at: AppTest, lesson_id: str, question: QuizQuestion, ids: list[str]) -> None:
    k = key(lesson_id, question)
    if question.kind == "single":
        at.radio(key=f"{k}_radio").set_value(ids[0])
    else:
        for o in question.options:
            box = at.checkbox(key=f"{k}_cb_{o.id}")
            box.check() if o.id in ids else box.uncheck()


def right(question: QuizQuestion) -> list[str]:
    return [o.id for o in question.options if o.correct]


def wrong(question: QuizQuestion) -> list[str]:
    return [next(o.id for o in question.options if not o.correct)]


def check(at: AppTest, lesson_id: str, question: QuizQuestion) -> None:
    at.button(key=f"{key(lesson_id, question)}_check").click().run()
    assert not at.exception


def sidebar_progress(at: AppTest) -> str:
    """The progress bar's text after its heading line: lessons read, then quiz answers."""
    return str(at.sidebar.get("progress")[0].proto.text).split("\n", 1)[1]


@pytest.mark.parametrize(("lang", "lesson_id"), ALL)
def test_every_quiz_retry_fail_retake_and_pass(lang: str, lesson_id: str) -> None:
    """Every lesson's quiz: all wrong (retry, no answer key), all wrong again (failed, lesson not completed),
    taken again, all right (passed, lesson completed, every explanation shown)."""
    quiz = COURSES[lang].quizzes[lesson_id]
    at = open_page("pages/lessons.py", lang, lesson=lesson_id)
    assert not at.exception
    assert sidebar_progress(at).startswith("0 ")
    for round_ in (1, 2):
        for question in quiz.questions:
            choose(at, lesson_id, question, wrong(question))
        for question in quiz.questions:
            check(at, lesson_id, question)
        page = texts(at)
        if round_ == 1:
            assert sum(RETRY[lang] in w.value for w in at.warning) == len(quiz.questions)
            assert not any(o.explanation in page for q in quiz.questions for o in q.options)
    assert any(FAILED[lang] in e.value for e in at.error)
    assert sidebar_progress(at).startswith("0 ")
    at.button(key=f"lessons_quiz_{lesson_id}_restart").click().run()
    assert lesson_id not in at.session_state["progress"].quiz_scores
    for question in quiz.questions:
        choose(at, lesson_id, question, right(question))
    for question in quiz.questions:
        check(at, lesson_id, question)
    page = texts(at)
    assert PASSED[lang] in page
    for question in quiz.questions:  # every explanation is shown once the quiz is done
        assert all(o.explanation in page for o in question.options)
    assert sidebar_progress(at).startswith("1 ")
    record = at.session_state["progress"].quiz_scores[lesson_id]
    assert record.passed and record.correct == len(quiz.questions)


@pytest.mark.parametrize("lang", LANGS)
def test_one_retry_before_the_explanations(lang: str) -> None:
    question = COURSES[lang].quizzes["dilemma"].questions[0]
    at = open_page("pages/lessons.py", lang, lesson="dilemma")
    choose(at, "dilemma", question, wrong(question))
    check(at, "dilemma", question)
    page = texts(at)
    assert any(RETRY[lang] in w.value for w in at.warning)
    assert not any(o.explanation in page for o in question.options)  # no answer key yet
    assert not at.radio(key=f"{key('dilemma', question)}_radio").disabled
    choose(at, "dilemma", question, right(question))
    check(at, "dilemma", question)
    page = texts(at)
    assert all(o.explanation in page for o in question.options)
    assert at.radio(key=f"{key('dilemma', question)}_radio").disabled  # final: no more changes
    record = at.session_state["progress"].quiz_scores["dilemma"]
    assert record.attempts == {question.id: 2} and record.correct == 1


@pytest.mark.parametrize("lang", LANGS)
def test_failing_twice_reveals_the_key_fails_the_quiz_and_allows_a_retake(lang: str) -> None:
    quiz = COURSES[lang].quizzes["dilemma"]
    at = open_page("pages/lessons.py", lang, lesson="dilemma")
    for _ in range(2):
        for question in quiz.questions:
            choose(at, "dilemma", question, wrong(question))
        for question in quiz.questions:
            check(at, "dilemma", question)
    assert any(FAILED[lang] in e.value for e in at.error)
    assert sidebar_progress(at).startswith("0 ")  # a failed quiz does not complete the lesson
    assert all(o.explanation in texts(at) for o in quiz.questions[0].options)
    at.button(key="lessons_quiz_dilemma_restart").click().run()
    assert not at.exception
    assert "dilemma" not in at.session_state["progress"].quiz_scores
    assert at.radio(key=f"{key('dilemma', quiz.questions[0])}_radio").value is None


def test_the_pass_mark_is_shown() -> None:
    at = open_page("pages/lessons.py", "en", lesson="practice")
    assert any("at least 6 of 8" in c.value for c in at.caption)


def test_check_without_answer_asks_for_one() -> None:
    at = open_page("pages/lessons.py", "en", lesson="dilemma")
    at.button(key="lessons_quiz_dilemma_q1_check").click().run()
    assert any("Choose an answer first" in w.value for w in at.warning)
    assert "dilemma" not in at.session_state["progress"].quiz_scores


def test_the_order_is_stable_in_a_session_and_differs_between_sessions() -> None:
    at = open_page("pages/lessons.py", "en", lesson="practice")
    first = [list(r.options) for r in at.radio]
    seed = at.session_state["lessons_quiz_seed"]
    at.run()
    at.radio(key="lessons_quiz_practice_q2_radio").set_value("a").run()
    assert [list(r.options) for r in at.radio] == first  # reruns keep the order
    assert at.session_state["lessons_quiz_seed"] == seed
    other = open_page("pages/lessons.py", "en", lesson="practice")
    assert other.session_state["lessons_quiz_seed"] != seed  # a new session, a new seed
    orders = set()
    for s in (1, 2, 3):  # and the seed decides the order
        at = AppTest.from_file(APP, default_timeout=30)
        at.session_state["lessons_quiz_seed"] = s
        at.query_params["lang"] = "en"
        at.query_params["lesson"] = "practice"
        at.run()
        at.switch_page("pages/lessons.py").run()
        orders.add(tuple(tuple(r.options) for r in at.radio))
    assert len(orders) == 3


def test_multiple_choice_boxes_are_shuffled_too() -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["lessons_quiz_seed"] = 7
    at.query_params["lang"] = "en"
    at.query_params["lesson"] = "decision-matrix"
    at.run()
    at.switch_page("pages/lessons.py").run()
    shown = [c.key for c in at.checkbox if c.key.startswith("lessons_quiz_decision-matrix_q2_")]
    in_file = [
        f"lessons_quiz_decision-matrix_q2_cb_{o.id}"
        for o in COURSES["en"].quizzes["decision-matrix"].questions[1].options
    ]
    assert sorted(shown) == sorted(in_file) and shown != in_file


@pytest.mark.parametrize("lang", LANGS)
def test_resume_restores_answers_feedback_and_score(lang: str) -> None:
    quiz = COURSES[lang].quizzes["dilemma"]
    q1, q2, q3 = quiz.questions[0], quiz.questions[1], quiz.questions[2]
    saved = prog.Progress().record_quiz(
        "dilemma",
        correct=1,
        total=len(quiz.questions),
        answers={q1.id: right(q1), q2.id: wrong(q2), q3.id: wrong(q3)},
        attempts={q1.id: 1, q2.id: 1, q3.id: 2},
    )
    at = open_page("pages/lessons.py", lang, lesson="dilemma")
    at.session_state["sidebar_exp_save"] = True  # the uploader is drawn while the box is open
    at.run()
    at.sidebar.file_uploader(key="sidebar_upload").set_value(
        ("progress.json", prog.to_json(saved).encode(), "application/json")
    ).run()
    assert not at.exception
    assert at.session_state["progress"] == saved
    assert at.radio(key=f"{key('dilemma', q1)}_radio").value == right(q1)[0]
    assert at.radio(key=f"{key('dilemma', q2)}_radio").value == wrong(q2)[0]
    page = texts(at)
    assert all(o.explanation in page for o in q1.options)  # q1 right: feedback back
    assert not any(o.explanation in page for o in q2.options)  # q2 wrong once: its retry is kept
    assert any(RETRY[lang] in w.value for w in at.warning)
    checked = [at.checkbox(key=f"{key('dilemma', q3)}_cb_{o.id}").value for o in q3.options]
    assert checked == [o.id in wrong(q3) for o in q3.options]
    assert any(m.value == f"1 / {len(quiz.questions)}" for m in at.metric)
    # the retry still works after resuming
    choose(at, "dilemma", q2, right(q2))
    check(at, "dilemma", q2)
    assert at.session_state["progress"].quiz_scores["dilemma"].attempts[q2.id] == 2


def test_an_old_progress_file_without_attempts_still_loads_and_shows_its_answers() -> None:
    quiz = COURSES["en"].quizzes["dilemma"]
    q1 = quiz.questions[0]
    import json

    old = json.dumps(
        {
            "format": "prompt-or-finetune/progress",
            "version": 1,
            "lessons_read": ["dilemma"],
            "quiz_scores": {"dilemma": {"correct": 0, "total": 4, "answers": {q1.id: wrong(q1)}}},
        }
    )
    at = open_page("pages/lessons.py", "en", lesson="dilemma")
    at.session_state["sidebar_exp_save"] = True  # the uploader is drawn while the box is open
    at.run()
    at.sidebar.file_uploader(key="sidebar_upload").set_value(
        ("p.json", old.encode(), "application/json")
    ).run()
    assert not at.exception
    assert at.radio(key=f"{key('dilemma', q1)}_radio").value == wrong(q1)[0]
    assert all(o.explanation in texts(at) for o in q1.options)  # no attempts recorded: counts as final


def test_answers_come_back_after_visiting_another_page() -> None:
    question = COURSES["en"].quizzes["dilemma"].questions[0]
    at = open_page("pages/lessons.py", "en", lesson="dilemma")
    choose(at, "dilemma", question, right(question))
    check(at, "dilemma", question)
    at.switch_page("pages/glossary.py").run()
    at.switch_page("pages/lessons.py").run()
    assert not at.exception
    assert at.radio(key=f"{key('dilemma', question)}_radio").value == right(question)[0]
    assert all(o.explanation in texts(at) for o in question.options)
