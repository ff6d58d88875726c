"""The one way a page shows a message built from an interface string: errors a learner caused
(``UserInputError``), and the same for warnings and notes. Parameters are formatted for the learner's
language (amounts with ``core.fmt.amount``, numbers with grouping) and every text parameter is shown literally
(``core.mdtext.literal``; ``core.mdtext.Code`` for a parameter that stands between backticks): it often
echoes what the learner typed, uploaded or a server answered.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import streamlit as st

from core import fmt, mdtext
from core.errors import UserInputError
from core.i18n import Lang
from ui import boundary, state

Level = Literal["error", "warning", "info", "success"]


def format_params(params: Mapping[str, object], lang: Lang) -> dict[str, object]:
    """Message parameters ready for a Markdown message in ``lang``."""
    out: dict[str, object] = {}
    for name, value in params.items():
        if isinstance(value, mdtext.Code):
            out[name] = mdtext.code_span(value.text)
        elif isinstance(value, fmt.Money):
            out[name] = mdtext.literal(fmt.amount(value.value, lang, value.currency))
        elif isinstance(value, bool):
            out[name] = value
        elif isinstance(value, int):
            out[name] = fmt.number(value, lang)
        elif isinstance(value, float):
            out[name] = fmt.compact(value, lang)
        elif isinstance(value, str):
            out[name] = mdtext.literal(value)
        else:
            out[name] = value
    return out


def text(key: str, params: Mapping[str, object] | None = None) -> str:
    """The interface string ``key`` with ``params`` formatted and made literal."""
    return state.tr()(key, **format_params(params or {}, state.current_lang()))


def show(key: str, params: Mapping[str, object] | None = None, level: Level = "error") -> None:
    getattr(st, level)(text(key, params))


def show_error(exc: Exception, level: Level = "error") -> None:
    """A learner's ``UserInputError`` as its message; anything else as a short message with a reference
    (the details go to the server log only, never to the page)."""
    t = state.tr()
    if isinstance(exc, UserInputError) and t.has(exc.key):
        show(exc.key, exc.params, level)
        return
    ref = boundary.log_unexpected(exc)
    st.error(t("common.unexpected_error", detail=f"{type(exc).__name__}, ref {ref}"))
