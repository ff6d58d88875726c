"""How a model's lifecycle shows on a page (``core.lifecycle``): a label for model lists that marks a
deprecated model with its shutdown date, and a badge next to a chosen deprecated model."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from core import lifecycle


def label(t: Callable[..., str], model: str, day: date | None = None) -> str:
    """``gpt-4o · shuts down 2027-01-14`` for a deprecated model; the plain name otherwise."""
    notice = lifecycle.notice(model, day or lifecycle.today())
    if notice is None or notice.status != "deprecated":
        return model
    return t("llm.model_deprecated_label", model=model, date=notice.shutdown.isoformat())


def badge(t: Callable[..., str], model: str, day: date | None = None) -> None:
    """A visible badge (shutdown date and replacement) when ``model`` is deprecated; nothing otherwise."""
    notice = lifecycle.notice(model, day or lifecycle.today())
    if notice is None or notice.status != "deprecated":
        return
    when = notice.shutdown.isoformat()
    if notice.replacement:
        text = t("llm.model_deprecated_badge", date=when, replacement=notice.replacement)
    else:
        text = t("llm.model_deprecated_badge_plain", date=when)
    st.badge(text, icon=":material/schedule:", color="orange")
