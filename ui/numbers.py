"""Number fields read strictly (``core.numbers``): typed as text, so what the learner typed reaches the app
and ``1e9`` or ``10.5`` is refused with a message under the field (Streamlit's number field would turn it
into another number in the browser, without a word). Same call shape as ``st.number_input``. A field's text
is written in the learner's language (``2,5`` / ``2.5``); after a language switch a valid text is rewritten
in the new notation, so ``1.000`` typed in German is never read as 1.0 in English."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from core import numbers
from core.errors import UserInputError
from core.i18n import Lang
from ui import messages, state

_LANG = "__lang"  # suffix of the state key that holds the language a field's text was written in


def _follow_language(
    key: str, parse: Callable[[str, Lang], float], show: Callable[[float, Lang], str]
) -> None:
    lang = state.current_lang()
    written = st.session_state.get(key + _LANG)
    st.session_state[key + _LANG] = lang
    text = st.session_state.get(key)
    if written in (None, lang) or not isinstance(text, str):
        return
    try:
        value = parse(text, written)
    except UserInputError:
        return  # a refused text stays as typed, with its message
    st.session_state[key] = show(value, lang)


def whole_value(key: str, lo: int, hi: int, field: str) -> int:
    """The field's number, read strictly; ``UserInputError`` naming ``field`` if it is not one in range."""
    raw = st.session_state.get(key)
    text = str(raw) if isinstance(raw, int | str) and not isinstance(raw, bool) else ""
    return numbers.parse_whole(text, lo, hi, state.current_lang(), field)


def whole_input(
    label: str,
    min_value: int,
    max_value: int,
    *,
    key: str,
    step: int | None = None,
    help: str | None = None,
    disabled: bool = False,
) -> int | None:
    """A text field for a whole number from ``min_value`` to ``max_value``; its number, or None (with the
    message shown under it) when what was typed is not one. ``step`` is accepted for the same call shape
    as ``st.number_input`` and not used."""
    _follow_language(
        key,
        lambda text, lang: numbers.parse_whole(text, min_value, max_value, lang, label),
        lambda value, _lang: str(int(value)),
    )
    current = st.session_state.get(key)
    if isinstance(current, int) and not isinstance(current, bool):
        st.session_state[key] = str(current)  # a default or kept value set as a number
    elif not isinstance(current, str):
        st.session_state[key] = str(min_value)
    st.text_input(label, key=key, help=help, disabled=disabled)
    try:
        return whole_value(key, min_value, max_value, label)
    except UserInputError as exc:
        messages.show_error(exc)
        return None


def decimal_value(key: str, lo: float, hi: float, field: str) -> float:
    """The field's number, read strictly; ``UserInputError`` naming ``field`` if it is not one in range."""
    raw = st.session_state.get(key)
    lang = state.current_lang()
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        raw = numbers.decimal_text(raw, lang)
    return numbers.parse_decimal(raw if isinstance(raw, str) else "", lo, hi, lang, field)


def decimal_input(
    label: str,
    min_value: float,
    max_value: float,
    *,
    key: str,
    value: float | None = None,
    step: float | None = None,
    format: str | None = None,
    help: str | None = None,
    disabled: bool = False,
) -> float | None:
    """A text field for a number from ``min_value`` to ``max_value`` in the learner's notation (``2,5`` in
    German: Streamlit's number field would read it as 25); its number, or None with the message under it.
    ``value`` is the first value; ``step`` and ``format`` only keep ``st.number_input``'s call shape."""
    _follow_language(
        key,
        lambda text, written: numbers.parse_decimal(text, min_value, max_value, written, label),
        numbers.decimal_text,
    )
    lang = state.current_lang()
    current = st.session_state.get(key, value if value is not None else min_value)
    if isinstance(current, int | float) and not isinstance(current, bool):
        st.session_state[key] = numbers.decimal_text(current, lang)
    elif not isinstance(current, str):
        st.session_state[key] = numbers.decimal_text(min_value, lang)
    st.text_input(label, key=key, help=help, disabled=disabled)
    try:
        return decimal_value(key, min_value, max_value, label)
    except UserInputError as exc:
        messages.show_error(exc)
        return None
