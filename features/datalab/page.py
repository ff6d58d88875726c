"""Fine-tuning data lab: load a chat training set, check it, see its numbers and cost, fix it, start a job."""

from __future__ import annotations

import streamlit as st

from core.i18n import Translator
from features.datalab import sections_cost, sections_job, sections_report, sections_sources, view
from ui import state


def _header(t: Translator) -> str:
    """Title, introduction and the model whose tokenizer counts and whose price applies."""
    st.title(t("datalab.title"))
    st.markdown(t("datalab.intro"))
    return sections_sources.model_choice(t)


def _sources(t: Translator, model: str) -> view.Loaded | None:
    """1: where the training set comes from; the loaded file and its report, if any."""
    st.header(t("datalab.load_heading"))
    sections_sources.choose_source(t, model)
    loaded = sections_sources.loaded(t, model)
    if loaded is not None:
        sections_report.loaded_file(t, loaded, model)
    return loaded


def _findings(t: Translator, loaded: view.Loaded) -> None:
    """2: every check's findings, with line numbers."""
    sections_report.findings(t, loaded)


def _charts(t: Translator, loaded: view.Loaded) -> None:
    """3: the valid examples' statistics as histograms."""
    sections_report.statistics(t, loaded)


def _cost(t: Translator, loaded: view.Loaded, model: str) -> sections_cost.CostChoice:
    """4: what training would cost, and a link to the simulator."""
    return sections_cost.cost(t, loaded, model)


def _fixes(t: Translator, loaded: view.Loaded, model: str) -> None:
    """5: fixes applied to a copy of the file."""
    sections_cost.fix(t, loaded, model)


def _job(t: Translator, loaded: view.Loaded, model: str, choice: sections_cost.CostChoice) -> None:
    """6: a real fine-tuning job with the learner's own key."""
    sections_job.job(t, loaded, model, choice)


def render() -> None:
    t = state.tr()
    model = _header(t)
    loaded = _sources(t, model)
    if loaded is None:
        return
    _findings(t, loaded)
    _charts(t, loaded)
    choice = _cost(t, loaded, model)
    _fixes(t, loaded, model)
    _job(t, loaded, model, choice)
