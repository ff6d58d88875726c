"""Samples follow the language switch while untouched; an edited field is kept, with a note and a button that
loads the new language's sample (ui.samples): token explorer text and chat, playground pairs and templates."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from core.i18n import translator
from features.playground import prompts as pg
from tests.apptest import open_page

DE, EN = translator("de"), translator("en")


def _switch(at: AppTest, lang: str) -> None:
    at.selectbox(key="sidebar_lang_select").set_value(lang).run()
    assert not at.exception, [e.value for e in at.exception]


def _note_shown(at: AppTest, lang: str) -> bool:
    tr = translator(lang)
    return tr("common.sample_kept", language="Deutsch" if lang == "de" else "English") in [
        i.value for i in at.info
    ]


def test_token_text_follows_the_language_until_edited() -> None:
    at = open_page("pages/tokens.py", "en")
    assert at.text_area(key="tok_text").value == EN("tokens.default_text")
    _switch(at, "de")
    assert at.text_area(key="tok_text").value == DE("tokens.default_text")
    assert not _note_shown(at, "de")
    at.text_area(key="tok_text").input("mein eigener Text").run()
    _switch(at, "en")
    assert at.text_area(key="tok_text").value == "mein eigener Text"
    assert _note_shown(at, "en")
    at.button(key="tok_sample_text_reload").click().run()
    assert at.text_area(key="tok_text").value == EN("tokens.default_text")
    assert not _note_shown(at, "en")


def test_token_chat_samples_follow_and_an_edit_survives_a_mode_change() -> None:
    at = open_page("pages/tokens.py", "en")
    at.radio(key="tok_mode").set_value("chat").run()
    assert at.text_area(key="tok_chat_user").value == EN("tokens.chat_default_user")
    _switch(at, "de")
    assert at.text_area(key="tok_chat_system").value == DE("tokens.chat_default_system")
    at.text_area(key="tok_chat_user").input("Meine Frage").run()
    at.radio(key="tok_mode").set_value("text").run()
    at.radio(key="tok_mode").set_value("chat").run()
    assert at.text_area(key="tok_chat_user").value == "Meine Frage"
    _switch(at, "en")
    assert at.text_area(key="tok_chat_user").value == "Meine Frage"
    assert _note_shown(at, "en")


@pytest.mark.parametrize("edit", [False, True], ids=["untouched", "edited"])
def test_playground_pair_and_template_follow_the_language(edit: bool) -> None:
    pairs = {lang: pg.load_pairs(lang) for lang in ("de", "en")}
    templates = {lang: pg.load_templates(lang) for lang in ("de", "en")}
    at = open_page("pages/playground.py", "en")
    at.radio(key="pg_mode").set_value("compare").run()
    assert at.text_area(key="pg_cmp_user_a").value == pairs["en"][0].naive.user
    if edit:
        at.text_area(key="pg_cmp_user_b").input("my better prompt").run()
    _switch(at, "de")
    expected = "my better prompt" if edit else pairs["de"][0].engineered.user
    assert at.text_area(key="pg_cmp_user_b").value == expected
    assert _note_shown(at, "de") is edit
    if edit:
        at.button(key="pg_sample_pair_reload").click().run()
        assert at.text_area(key="pg_cmp_user_b").value == pairs["de"][0].engineered.user
    at.radio(key="pg_mode").set_value("builder").run()
    assert at.text_area(key="pg_btxt_task").value == str(templates["de"][0].blocks.task)
    if edit:
        at.text_area(key="pg_btxt_task").input("meine Aufgabe").run()
    _switch(at, "en")
    expected = "meine Aufgabe" if edit else str(templates["en"][0].blocks.task)
    assert at.text_area(key="pg_btxt_task").value == expected
    assert _note_shown(at, "en") is edit


def test_a_loaded_data_lab_sample_follows_the_language() -> None:
    at = open_page("pages/datalab.py", "en")
    at.button(key="dl_load_sample").click().run()
    assert at.session_state["dl_loaded"]["name"] == "sample_en.jsonl"
    _switch(at, "de")
    assert at.session_state["dl_loaded"]["name"] == "sample_de.jsonl"
    assert not at.exception
