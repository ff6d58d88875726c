"""The experiment: prompt engineering vs fine-tuning on one task, measured on the same held-out examples.

Sections: the task and its data card; setup (backend, adapter) and the standard rows (``sections_run``);
"beat the fine-tune"; the grid, charts, a row's details, the reading and the simulator hand-off
(``sections_results``); live training (``sections_train``, the training part). The numbers come only from
runs of this session (``widgets.records``).
"""

from __future__ import annotations

import streamlit as st

from core.i18n import Lang, Translator
from features.experiment import records, sections_results, sections_run, sections_train
from features.experiment import widgets as w
from features.experiment.variants import QUICK_SIZE, Variant
from ui import state

TRAIN_BOX = "exp_train_box"  # the "train your own" box is open
_SENT_SEEN = "exp__sent_set_seen"  # the data lab's set that last opened the box


def render() -> None:
    t = state.tr()
    lang = state.current_lang()
    _header(t, lang)
    setup = sections_run.setup(t)
    sections_run.cancelled_notice(t)
    sections_run.standard(t, lang, setup)
    results = st.container()
    sections_run.beat(t, lang, setup)
    _train(t, lang)
    with results:  # drawn last, so rows finished during this run are in it
        rows = records.rows_for(w.records(), lang)
        sections_results.grid(t, lang, rows)
        sections_results.chart_panel(t, rows)
        sections_results.reading(t, lang, rows)
        sections_results.details(t, rows)
        sections_results.handoff(t, rows)


def _header(t: Translator, lang: Lang) -> None:
    st.title(t("experiment.title"))
    st.markdown(t("experiment.intro"))
    st.markdown(t("experiment.task_intro"))
    sections_results.card(t, lang)


def _train(t: Translator, lang: Lang) -> None:
    """Live training ("train your own", the training part's section). A finished adapter is handed over
    once (``widgets.add_adapter``) and evaluated here on the quick subset, so it joins the grid."""
    st.subheader(t("experiment.train_title"))
    sent = state.training_set()
    marker = None if sent is None else (sent.name, len(sent.jsonl))
    if sections_train.has_job() or (marker is not None and st.session_state.get(_SENT_SEEN) != marker):
        st.session_state[TRAIN_BOX] = True  # a training of this session, or a set the data lab just sent
        st.session_state[_SENT_SEEN] = marker
    # drawn only while open: the form's widgets cost on every rerun of the page (bench/page_reruns.py)
    box = st.expander(t("experiment.train_open"), key=TRAIN_BOX, on_change="rerun")
    if box.open:
        with box:
            sections_train.render(t, on_adapter=w.add_adapter)
    label = st.session_state.pop(w.PENDING, None)
    if isinstance(label, str) and label in w.adapters():
        typed = str(st.session_state.get("exp_std_quick_n", ""))
        size = int(typed) if typed.isdigit() and 1 <= int(typed) <= sections_run.MAX_QUICK else QUICK_SIZE
        setup = w.Setup(backend="local", model="", adapter=label)
        variant = Variant("finetuned", adapter=label)
        sections_run.run(t, lang, setup, [variant], "quick", size, session_row=True)
