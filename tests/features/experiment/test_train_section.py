"""The "Train your own" section (AppTest, both languages): the form with the page's defaults, the install
hint without the extra, the data lab's set as a source (a bad set gets the message and queues nothing), and
the data lab's button that sends its loaded set."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from core.i18n import LANGS, Lang, translator
from features.experiment import sections_train, train_jobs
from tests.apptest import open_page, plain, texts
from ui import state


def _script() -> None:
    from features.experiment import sections_train
    from ui import state

    sections_train.render(state.tr(), on_adapter=lambda path, label: None)


def _open(lang: Lang) -> AppTest:
    at = AppTest.from_function(_script, default_timeout=60)
    at.query_params["lang"] = lang
    return at


@pytest.mark.parametrize("lang", LANGS)
def test_form_shows_the_page_defaults(lang: Lang) -> None:
    at = _open(lang)
    at.run()
    assert not at.exception
    assert at.slider(key="exp_train_n").value == sections_train.PAGE_EXAMPLES
    steps = sections_train.PAGE_CONFIG.total_steps(sections_train.PAGE_EXAMPLES)
    assert f"{steps} " in plain(texts(at))
    assert [b.key for b in at.button] == ["exp_train_start"]
    assert at.radio(key="exp_train_source").options == [
        translator(lang)("training.source_bundled", lang=lang, n=440)
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_without_the_extra_the_section_says_how_to_install(
    lang: Lang, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sections_train, "training_missing", lambda: ("torch",))
    at = _open(lang)
    at.run()
    assert not at.exception
    assert train_jobs.INSTALL_COMMAND in texts(at)
    assert len(at.button) == 0


@pytest.mark.parametrize("lang", LANGS)
def test_bad_set_from_the_data_lab_gets_the_message_and_queues_nothing(lang: Lang) -> None:
    at = _open(lang)
    at.session_state["shared__training_set"] = state.TrainingSet(name="mine.jsonl", jsonl="{oops\n[]\n")
    at.session_state["exp_train_owner"] = owner = f"bad-set-{lang}"
    at.run()
    at.radio(key="exp_train_source").set_value("datalab").run()
    at.button(key="exp_train_start").click().run()
    assert not at.exception
    expected = translator(lang)("training.err_invalid_lines", lines="1, 2", n=2, more=0)
    assert [plain(e.value) for e in at.error] == [expected]
    assert train_jobs.runner().job_for(owner) is None


def test_data_lab_sends_its_loaded_set() -> None:
    at = open_page("pages/datalab.py", "en")
    at.button(key="dl_load_sample").click().run()
    at.button(key="dl_send_training").click().run()
    assert not at.exception
    sent = at.session_state["shared__training_set"]
    assert isinstance(sent, state.TrainingSet)
    assert sent.n_lines > 0 and sent.name in plain(texts(at))
