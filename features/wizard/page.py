"""Decision wizard: questions in steps -> scores, a recommendation and the reasons behind it.

The answers live in session state and in the URL (``?a=speed:days,...``), so a link restores them
(``widgets``); scoring is ``scoring``, the views of a step and of the result are in ``sections``.
"""

from __future__ import annotations

import streamlit as st

from core.i18n import Translator
from features.wizard import scoring, sections
from features.wizard import widgets as w
from features.wizard.rules import Wizard
from ui import boundary, state


def render() -> None:
    t = state.tr()
    lang = state.current_lang()
    wizard = w.load(lang)
    n_steps = len(wizard.steps)  # the result is "step" n_steps
    answers = w.restore_from_url(wizard)
    step = w.current_step(n_steps)
    w.sync_url(wizard, answers)
    _header(wizard, answers, step, t)
    if step < n_steps:
        sections.step(wizard, step, answers, t)
    else:
        sections.result(wizard, answers, t, lang)
        _edit_or_reset(t)


def _header(wizard: Wizard, answers: dict[str, str], step: int, t: Translator) -> None:
    st.title(t("nav.wizard"))
    st.markdown(t("wizard.intro"))
    problems = w.problems()
    if problems:
        # the values were made safe by codec.shown (they appear in code spans, so they are not escaped again)
        lines = "\n".join(f"- {t(p.key, **p.params)}" for p in problems)
        st.warning(f"{t('wizard.url_intro')}\n\n{lines}")
    elif w.restored():
        st.success(t("wizard.url_restored"))
    _progress(wizard, answers, step, t)


def _progress(wizard: Wizard, answers: dict[str, str], step: int, t: Translator) -> None:
    total, n_steps = len(wizard.questions), len(wizard.steps)
    answered = scoring.answered(wizard, answers)
    if step < n_steps:
        where = t("wizard.step_label", current=step + 1, total=n_steps, title=wizard.steps[step].title)
    else:
        where = t("wizard.result_label")
    st.progress(answered / total, text=f"{where} · {t('wizard.progress', answered=answered, total=total)}")


def _edit_or_reset(t: Translator) -> None:
    edit_col, reset_col, _ = st.columns([1, 1, 3])
    with edit_col:
        st.button(
            t("wizard.edit"), key="wiz_edit", on_click=boundary.callback(w.go), args=(0,), width="stretch"
        )
    with reset_col:
        st.button(t("wizard.reset"), key="wiz_reset", on_click=boundary.callback(w.reset), width="stretch")
