"""Bundled sample texts in input fields follow the language switch, unless the learner edited them.

A page puts a sample (the token explorer's text, a prompt pair, a builder template) into a group of
session keys with a loader, and ``record``s what it put there and in which language. On every run
``follow_language`` compares: in the same language nothing happens; after a switch, untouched fields are
loaded again in the new language, while edited fields are kept and ``True`` is returned, so the page shows
``kept_note``: one sentence and a button that loads this language's sample.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from core.i18n import LANG_NAMES, Lang
from ui import boundary, state

_SEEN = "shared__samples"  # {group: (lang, {key: value})}: what the app itself put into the fields

Loader = Callable[[], None]


def _seen() -> dict[str, tuple[Lang, dict[str, object]]]:
    value = st.session_state.get(_SEEN)
    if not isinstance(value, dict):
        value = {}
        st.session_state[_SEEN] = value
    return value


def record(group: str, keys: Sequence[str]) -> None:
    """The app just put a sample of the current language into ``keys`` (call it at the end of a loader)."""
    ss = st.session_state
    _seen()[group] = (state.current_lang(), {k: ss.get(k) for k in keys})


def edited(group: str, keys: Sequence[str]) -> bool:
    """True when a field of the group differs from what the app put there last."""
    entry = _seen().get(group)
    if entry is None:
        return False
    _, values = entry
    return any(st.session_state.get(k) != values.get(k) for k in keys)


def follow_language(group: str, keys: Sequence[str], load: Loader) -> bool:
    """Load the sample when the fields are empty or untouched in another language; True when the learner
    edited them in another language (they are kept; show ``kept_note``). Call before the fields are drawn."""
    ss = st.session_state
    entry = _seen().get(group)
    if entry is None or any(k not in ss for k in keys):
        _load(group, keys, load)
        return False
    seen_lang, _ = entry
    if seen_lang == state.current_lang():
        return False
    if not edited(group, keys):
        _load(group, keys, load)
        return False
    return True


def _load(group: str, keys: Sequence[str], load: Loader) -> None:
    load()
    record(group, keys)


def kept_note(group: str, keys: Sequence[str], load: Loader, button_key: str) -> None:
    """Say that the edited fields were kept after the language switch, with a button for this language's
    sample. ``button_key`` carries the page's prefix."""
    t = state.tr()
    lang = state.current_lang()
    st.info(t("common.sample_kept", language=LANG_NAMES[lang]), icon=":material/translate:")
    st.button(
        t("common.sample_load", language=LANG_NAMES[lang]),
        key=button_key,
        on_click=boundary.callback(_load),
        args=(group, tuple(keys), load),
    )
