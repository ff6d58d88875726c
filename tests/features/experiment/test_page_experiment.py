"""The experiment page (AppTest) in both languages: it draws without a run, a quick evaluation with the
real built-in model fills the grid with one row per variant, the details and the simulator hand-off."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.i18n import translator
from core.llm import local
from features.experiment import widgets as w
from tests import fake_openai
from tests.apptest import open_page, texts
from tests.features.experiment.random_lora import write_random_adapter

PAGE = "pages/experiment.py"


@pytest.mark.parametrize("lang", ["de", "en"])
def test_page_draws_without_results(lang: str) -> None:
    at = open_page(PAGE, lang)
    assert not at.exception, [e.value for e in at.exception]
    t = translator(lang)  # type: ignore[arg-type]
    assert at.title[0].value == t("experiment.title")
    assert t("experiment.grid_empty") in texts(at)
    assert not at.dataframe


@pytest.mark.llm
@pytest.mark.parametrize("lang", ["de", "en"])
def test_quick_evaluation_with_the_built_in_model(lang: str) -> None:
    at = open_page(PAGE, lang, timeout=600)
    t = translator(lang)  # type: ignore[arg-type]
    at.text_input(key="exp_std_quick_n").input("2")
    at.multiselect(key="exp_variants").set_value(["engineered", "fewshot"])
    at.slider(key="exp_k").set_value(2)
    at.button(key="exp_run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    grid = at.dataframe[0].value
    assert len(grid) == 2
    assert list(grid[t("experiment.col_variant")]) == [
        f"#1 {t('experiment.kind_engineered')}",
        f"#2 {t('experiment.kind_fewshot')} (k=2)",
    ]
    assert set(grid[t("experiment.col_n")]) == {"2"}
    assert "exp_cancel" not in [b.key for b in at.button]  # gone once the run is over
    assert set(grid[t("experiment.col_cost")]) == {t("experiment.cost_local")}
    # confusion table: one row per category, counts add up to the examples of the chosen row
    confusion = at.dataframe[1].value
    assert len(confusion) == 5
    assert int(confusion.drop(columns=[t("experiment.col_expected")]).to_numpy().sum()) == 2
    page = texts(at)
    assert t("experiment.handoff_title") in page
    assert "instr=" in page and "inp=" in page and "shots=0" in page
    # a "beat the fine-tune" attempt joins the grid as a session row
    at.text_area(key=f"exp_beat_prompt_{lang}").set_value("Answer with JSON: category, urgency.")
    at.text_input(key="exp_beat_quick_n").input("1")
    at.button(key="exp_beat_run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    grid = at.dataframe[0].value
    assert len(grid) == 3
    assert grid[t("experiment.col_variant")].iloc[2] == f"#3 {t('experiment.kind_engineered')} ✎"
    assert t("experiment.grid_mixed") not in texts(at)


@pytest.fixture(scope="module")
def adapter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_random_adapter(tmp_path_factory.mktemp("lora") / "tiny.gguf")


@pytest.mark.llm
def test_the_fine_tune_row_runs_with_the_adapter_and_is_read(adapter: Path) -> None:
    at = open_page(PAGE, "en", timeout=600)
    at.session_state[w.ADAPTERS] = {"tiny": str(adapter)}
    at.run()
    t = translator("en")
    at.selectbox(key="exp_adapter").set_value("tiny").run()  # next to the shipped adapter, if installed
    assert t("experiment.kind_finetuned") in at.multiselect(key="exp_variants").options
    at.text_input(key="exp_std_quick_n").input("2")
    at.multiselect(key="exp_variants").set_value(["short", "finetuned"])
    at.button(key="exp_run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    grid = at.dataframe[0].value
    assert list(grid[t("experiment.col_variant")]) == [
        f"#1 {t('experiment.kind_short')}",
        f"#2 {t('experiment.kind_finetuned')}",
    ]
    assert list(grid[t("experiment.col_model")]) == [local.MODEL_NAME, f"{local.MODEL_NAME}+tiny"]
    page = texts(at)
    assert t("experiment.read_no_ft") not in page
    assert "ft_prompt=" in page


@pytest.mark.llm
def test_an_adapter_handed_over_by_training_is_evaluated_and_selected(adapter: Path) -> None:
    at = open_page(PAGE, "de", timeout=600)
    at.text_input(key="exp_std_quick_n").input("1").run()
    at.session_state[w.ADAPTERS] = {"tiny": str(adapter)}
    at.session_state[w.PENDING] = "tiny"  # what widgets.add_adapter leaves for the page
    at.session_state[w.SELECT_NEXT] = "tiny"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    t = translator("de")
    grid = at.dataframe[0].value
    assert list(grid[t("experiment.col_variant")]) == [f"#1 {t('experiment.kind_finetuned')}"]
    assert list(grid[t("experiment.col_n")]) == ["1"]
    at.run()  # once only
    assert len(at.dataframe[0].value) == 1
    assert at.selectbox(key="exp_adapter").value == "tiny"


@pytest.fixture(scope="module")
def fake() -> Iterator[fake_openai.FakeServer]:
    server = fake_openai.start()
    yield server
    server.close()


def test_the_variants_run_on_a_compatible_server(fake: fake_openai.FakeServer) -> None:
    at = open_page(PAGE, "en")
    t = translator("en")
    # AppTest cannot show a local run: a hosted session reaches a loopback server only when listed
    at.secrets["playground"] = {"allow_custom_servers": True, "allowed_server_urls": [fake.url]}
    at.radio(key="exp_backend").set_value("server").run()
    at.text_input(key="exp_server_url").input(fake.url)
    at.text_input(key="exp_server_model").input("echo-usage")
    at.text_input(key="exp_std_quick_n").input("2")
    at.multiselect(key="exp_variants").set_value(["naive", "retrieval"])
    at.button(key="exp_run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    grid = at.dataframe[0].value
    assert list(grid[t("experiment.col_model")]) == ["echo-usage", "echo-usage"]
    assert set(grid[t("experiment.col_valid")]) == {"0%"}
    assert set(grid[t("experiment.col_prompt")]) == {str(fake_openai.USAGE["prompt_tokens"])}
    assert set(grid[t("experiment.col_cost")]) == {"–"}  # your own server: no price
    assert set(grid[t("experiment.col_cpu")]) == {"–"}
    assert len(fake.requests) == 4
    assert t("experiment.kind_finetuned") not in at.multiselect(key="exp_variants").options


def test_the_training_box_is_drawn_when_opened_or_when_the_data_lab_sends_a_set() -> None:
    from features.experiment import page as exp_page
    from ui import state

    at = open_page(PAGE, "en")
    assert not any(w.key == "exp_train_n" for w in at.slider)  # closed: the form is not drawn
    at.session_state[exp_page.TRAIN_BOX] = True
    at.run()
    assert not at.exception
    from features.experiment import train_jobs

    form = any(w.key == "exp_train_n" for w in at.slider)
    assert form or train_jobs.INSTALL_COMMAND in texts(at)  # open: the form, or how to install the extra
    fresh = open_page(PAGE, "en")
    fresh.session_state["shared__training_set"] = state.TrainingSet(name="mine.jsonl", jsonl="{}\n")
    fresh.run()
    assert fresh.session_state[exp_page.TRAIN_BOX] is True  # the set the data lab sent is shown
