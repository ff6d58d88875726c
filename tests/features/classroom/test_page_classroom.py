"""The classroom page with two AppTest sessions (a trainer and a learner) on one app database: a learner's
quiz answers and wizard result reach the trainer view; the trainer secret is required; a learner without
the code sees nothing of other learners; leaving deletes the learner's data; no key, prompt or model
answer is ever in the database."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from core import content, i18n
from core.db.engine import open_engine
from features.experiment import task
from features.wizard import codec, rules
from tests import fake_openai
from tests.apptest import open_page, texts
from tests.dbutil import dump_values
from tests.features.wizard.scenarios import SCENARIOS

PAGE = "pages/classroom.py"


@pytest.fixture()
def app_db() -> Iterator[Engine]:
    engine = open_engine(os.environ["APP_DATABASE_URL"])  # the test's own app database (conftest.py)
    yield engine
    engine.dispose()


def _trainer() -> tuple[AppTest, str, str]:
    at = open_page(PAGE, "en")
    at.button(key="class_create").click().run()
    assert not at.exception
    created = at.session_state["class__created"]
    codes = [c.value for c in at.code]
    assert created.code in codes and created.secret in codes  # shown once, now
    return at, created.code, created.secret


def _join_in_sidebar(at: AppTest, code: str, nickname: str) -> None:
    assert not any(w.key == "sidebar_class_code" for w in at.sidebar.text_input)  # drawn only when open
    at.session_state["sidebar_exp_class"] = True  # the learner opens the box
    at.run()
    at.sidebar.text_input(key="sidebar_class_code").input(code)
    at.sidebar.text_input(key="sidebar_class_nickname").input(nickname)
    at.sidebar.button(key="sidebar_class_join").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]


def _dataframes(at: AppTest) -> list[list[dict[str, object]]]:
    return [df.value.to_dict("records") for df in at.dataframe]


def test_a_learners_answers_reach_the_trainer_view(app_db: Engine) -> None:
    trainer, code, _secret = _trainer()
    assert any(code in i.value for i in trainer.info)  # nobody joined yet

    course = content.load_course("en")
    question = next(q for q in course.quizzes["dilemma"].questions if q.kind == "single")
    wrong = next(o for o in question.options if not o.correct)
    learner = open_page("pages/lessons.py", "en", lesson="dilemma")
    _join_in_sidebar(learner, code.lower(), "Ana")
    learner.radio(key=f"lessons_quiz_dilemma_{question.id}_radio").set_value(wrong.id).run()
    learner.button(key=f"lessons_quiz_dilemma_{question.id}_check").click().run()
    assert not learner.exception

    wizard = rules.load_wizard("en")
    learner.query_params["a"] = codec.encode(wizard, SCENARIOS[4][1])  # -> RAG
    learner.switch_page("pages/wizard.py").run()
    assert not learner.exception

    trainer.run()
    shown = wrong.text if len(wrong.text) <= 60 else wrong.text[:59].rstrip() + "…"
    tables = _dataframes(trainer)
    quiz_rows, wizard_rows = tables[0], tables[1]
    assert quiz_rows == [
        {
            "Lesson": course.lesson("dilemma").meta.title,
            "Question": quiz_rows[0]["Question"],
            "Answered": "1",
            "Right": "0%",
            "Most chosen wrong option": f"{shown} (1×)",
        }
    ]
    assert question.prompt.split()[0] in str(quiz_rows[0]["Question"])
    assert wizard_rows == [{"Recommendation": "RAG", "Learners": "1", "Share": "100%"}]
    export = [b.proto.label for b in trainer.get("download_button")]
    assert "Download the class's results (CSV)" in export


def test_the_trainer_secret_is_required(app_db: Engine) -> None:
    _, code, secret = _trainer()
    other = open_page(PAGE, "en")
    other.text_input(key="class_t_code").input(code)
    other.text_input(key="class_t_secret").input(secret + "x")
    other.button(key="class_t_open").click().run()
    assert any("not the trainer secret" in e.value for e in other.error)
    assert not other.dataframe and "Class " + code not in texts(other)
    other.text_input(key="class_t_secret").input(secret)
    other.button(key="class_t_open").click().run()
    assert not other.error and f"Class {code}" in [h.value for h in other.header]


def test_a_learner_without_the_code_sees_nothing_of_others(app_db: Engine) -> None:
    _, code, _ = _trainer()
    ana = open_page(PAGE, "en")
    _join_in_sidebar(ana, code, "Ana-Secret-Nick")
    stranger = open_page(PAGE, "en")
    assert "Ana-Secret-Nick" not in texts(stranger) and not stranger.dataframe
    stranger.text_input(key="class_code").input("ABCDEF" if code != "ABCDEF" else "ABCDEG")
    stranger.text_input(key="class_nickname").input("Eve")
    stranger.button(key="class_join").click().run()
    assert stranger.error and "Ana-Secret-Nick" not in texts(stranger)


def test_leaving_deletes_the_learners_data(app_db: Engine) -> None:
    _, code, _ = _trainer()
    learner = open_page("pages/lessons.py", "en", lesson="dilemma")
    _join_in_sidebar(learner, code, "Ben")
    learner.button(key="lessons_quiz_dilemma_q1_check").click().run()  # nothing chosen: nothing stored
    assert "Ben" in " ".join(dump_values(app_db))
    learner.sidebar.button(key="sidebar_class_leave").click().run()
    assert not learner.exception
    assert "Ben" not in " ".join(dump_values(app_db))
    assert "classroom__membership" not in learner.session_state


@pytest.fixture(scope="module")
def fake() -> Iterator[fake_openai.FakeServer]:
    server = fake_openai.start()
    yield server
    server.close()


def test_no_key_prompt_or_answer_is_stored(app_db: Engine, fake: fake_openai.FakeServer) -> None:
    _, code, secret = _trainer()
    at = open_page("pages/playground.py", "en")
    _join_in_sidebar(at, code, "Cleo")
    # a hosted session (AppTest has no browser connection) reaches a loopback server only when listed
    at.secrets["playground"] = {"allow_custom_servers": True, "allowed_server_urls": [fake.url]}
    at.radio(key="pg_a_kind").set_value("server").run()
    at.text_input(key="pg_server_url").input(fake.url)
    at.text_input(key="pg_a_server_model").input("echo")
    at.text_input(key="pg_server_key").input("sk-learner-SECRET-42")
    at.text_area(key="pg_system").input("SYSTEM-SENTINEL")
    at.text_area(key="pg_user").input("PROMPT-SENTINEL")
    at.button(key="pg_run").click().run()
    assert not at.exception and fake.requests
    answer = at.session_state["pg_results"]["single"][0].result.text
    stored = " ".join(dump_values(app_db))
    assert "Cleo" in stored  # the learner is in the class...
    for secret_text in ("sk-learner-SECRET-42", "SYSTEM-SENTINEL", "PROMPT-SENTINEL", answer, secret):
        assert secret_text not in stored  # ...but no key, prompt, answer or trainer secret


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_page_in_both_languages(lang: str) -> None:
    at = open_page(PAGE, lang)
    assert not at.exception and at.title[0].value == i18n.translator(lang)("classroom.title")


@pytest.mark.llm
def test_an_experiment_run_reaches_the_leaderboard(app_db: Engine) -> None:
    """A joined learner's evaluated variant is stored as figures only and shows on the trainer view."""
    trainer, code, _secret = _trainer()
    learner = open_page("pages/experiment.py", "en", timeout=600)
    _join_in_sidebar(learner, code, "Dora")
    learner.text_input(key="exp_std_quick_n").input("1")
    learner.multiselect(key="exp_variants").set_value(["naive"])
    learner.button(key="exp_run").click().run()
    assert not learner.exception and not learner.error, [e.value for e in learner.error]
    trainer.run()
    shown = " ".join(str(row) for table in _dataframes(trainer) for row in table)
    assert "Dora" in shown and "Naive prompt" in shown
    stored = " ".join(dump_values(app_db))
    assert "Dora" in stored
    # no prompt text or example message is stored, only the variant's name and its figures
    first = task.load_examples("en", "eval")[0].text
    assert task.prompts("en").naive not in stored and first not in stored
