"""Class servers from secrets: parsing (table-driven), and on the playground page of a session that is not
local (AppTest has no browser connection, like a hosted deployment): the class model is offered and
answers, its key never reaches the page, and a URL the learner types is still refused."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from core.errors import UserInputError
from core.i18n import translator
from core.llm import class_servers as classlib
from tests import fake_openai
from tests.apptest import APP

PAGE = "pages/playground.py"
GOOD = {"label": "Room GPU", "base_url": "http://127.0.0.1:9/v1/", "model": "llama"}


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        (None, ()),
        ([], ()),
        ([GOOD], (classlib.ClassServer(0, "Room GPU", "http://127.0.0.1:9/v1", "llama", False),)),
        (
            [GOOD, {**GOOD, "label": "B", "api_key": "k"}],
            (
                classlib.ClassServer(0, "Room GPU", "http://127.0.0.1:9/v1", "llama", False),
                classlib.ClassServer(1, "B", "http://127.0.0.1:9/v1", "llama", True),
            ),
        ),
    ],
)
def test_class_servers_parse(entries: list[dict[str, object]] | None, expected: tuple[object, ...]) -> None:
    assert classlib.class_servers(entries) == expected


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        ({**GOOD, "label": ""}, "label"),
        ({**GOOD, "label": "x" * 61}, "label"),
        ({k: v for k, v in GOOD.items() if k != "model"}, "model"),
        ({**GOOD, "base_url": "file:///etc/passwd"}, "base_url"),
        ({**GOOD, "base_url": "http://user:pw@host/v1"}, "base_url"),
        ({**GOOD, "base_url": "http://host:99999/v1"}, "base_url"),
        ({**GOOD, "base_url": "http://host/v1?x=1"}, "base_url"),
        ({**GOOD, "api_key": 5}, "api_key"),
    ],
)
def test_malformed_class_servers_name_the_field(entry: dict[str, object], field: str) -> None:
    with pytest.raises(UserInputError) as exc:
        classlib.class_servers([GOOD, entry])
    assert exc.value.key == "llm.err_class_server_config"
    assert exc.value.params == {"n": 2, "field": field}


@pytest.mark.parametrize(
    ("choice", "index"), [("class:0", 0), ("class:12", 12), ("local", None), ("class:", None)]
)
def test_index_of(choice: str, index: int | None) -> None:
    assert classlib.index_of(choice) == index


@pytest.fixture(scope="module")
def fake() -> Iterator[fake_openai.FakeServer]:
    server = fake_openai.start()
    yield server
    server.close()


def _session(fake: fake_openai.FakeServer, **extra: object) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["class_servers"] = [
        {"label": "Room GPU", "base_url": fake.url, "model": "echo", "api_key": "sk-class-SECRET-1"}
    ]
    for name, value in extra.items():
        at.secrets[name] = value
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page(PAGE).run()
    return at


def test_a_class_server_in_secrets_appears_and_answers_on_a_non_local_session(
    fake: fake_openai.FakeServer,
) -> None:
    at = _session(fake)
    assert not at.exception
    picker = at.radio(key="pg_a_kind")
    assert picker.value == "class:0"  # the class model is the default when the owner set one up
    assert "Class model: Room GPU" in picker.options
    assert not any(w.key == "pg_server_url" for w in at.text_input)  # no URL to type
    before = len(fake.requests)
    at.text_area(key="pg_user").input("hi")
    at.button(key="pg_run").click().run()
    assert not at.exception and not at.error
    assert len(fake.requests) == before + 1
    assert fake.requests[-1].authorization == "Bearer sk-class-SECRET-1"
    assert fake.requests[-1].body["model"] == "echo"
    page = "\n".join(str(e.proto) for e in at.main.children.values())
    assert "sk-class-SECRET-1" not in page


def test_a_learner_typed_url_on_a_hosted_session_is_still_refused(fake: fake_openai.FakeServer) -> None:
    at = _session(fake)
    at.radio(key="pg_a_kind").set_value("server").run()
    assert at.text_input(key="pg_server_url").disabled  # no [playground] section, not local: off
    before = len(fake.requests)
    at.text_input(key="pg_a_server_model").input("echo")
    at.text_area(key="pg_user").input("hi")
    at.button(key="pg_run").click().run()
    assert at.error and len(fake.requests) == before


def test_compare_mode_offers_the_class_model_on_both_sides(fake: fake_openai.FakeServer) -> None:
    at = _session(fake)
    at.radio(key="pg_mode").set_value("compare").run()
    at.radio(key="pg_cmp_kind").set_value("models").run()
    assert at.radio(key="pg_a_kind").value == "class:0" and at.radio(key="pg_b_kind").value == "class:0"
    assert not at.exception


def test_the_experiment_offers_the_class_model_and_runs_its_variants_there(
    fake: fake_openai.FakeServer,
) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["class_servers"] = [
        {"label": "Room GPU", "base_url": fake.url, "model": "echo-usage", "api_key": "sk-class-SECRET-2"}
    ]
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/experiment.py").run()
    picker = at.radio(key="exp_backend")
    assert picker.options[:2] == ["Built-in model (SmolLM2-135M, this computer)", "Class model: Room GPU"]
    picker.set_value("class:0").run()
    assert not any(w.key == "exp_server_url" for w in at.text_input)  # no URL to type, not refused
    finetuned = translator("en")("experiment.kind_finetuned")
    assert finetuned not in at.multiselect(key="exp_variants").options  # the adapter runs only locally
    at.text_input(key="exp_std_quick_n").input("2")
    at.multiselect(key="exp_variants").set_value(["naive", "engineered"])
    before = len(fake.requests)
    at.button(key="exp_run").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert len(fake.requests) == before + 4
    assert {r.authorization for r in fake.requests[before:]} == {"Bearer sk-class-SECRET-2"}
    grid = at.dataframe[0].value
    assert list(grid["Model"]) == ["echo-usage", "echo-usage"]
    page = "\n".join(str(e.proto) for e in at.main.children.values())
    assert "sk-class-SECRET-2" not in page
