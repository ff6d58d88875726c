"""The results: the grid of this session's rows, the two charts, a row's confusion table and failures,
the reading of the figures, the hand-off to the simulator and the data card."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from core import mdtext
from core.i18n import Lang, Translator
from core.paths import CONTENT_DIR
from features.experiment import charts, records, view
from features.experiment.records import RunRecord
from ui.links import page_link


def grid(t: Translator, lang: Lang, rows: Sequence[RunRecord]) -> None:
    st.subheader(t("experiment.grid_title"))
    if not rows:
        st.info(t("experiment.grid_empty"))
        return
    st.dataframe(view.grid_rows(rows, t, lang), hide_index=True, key="exp_grid")
    st.caption(t("experiment.grid_caption"))
    if len({r.subset for r in rows}) > 1:
        st.warning(t("experiment.grid_mixed"))


def chart_panel(t: Translator, rows: Sequence[RunRecord]) -> None:
    if not rows:
        return
    left, right = st.columns(2)
    left.plotly_chart(charts.accuracy_vs_tokens(rows, t), key="exp_chart_acc")
    left.caption(t("experiment.chart_acc_caption"))
    right.plotly_chart(charts.latency_bars(rows, t), key="exp_chart_lat")
    right.caption(t("experiment.chart_lat_caption"))


def details(t: Translator, rows: Sequence[RunRecord]) -> None:
    if not rows:
        return
    st.subheader(t("experiment.details_title"))
    by_name = {view.row_name(r, t): r for r in rows}
    chosen = st.selectbox(
        t("experiment.details_row"), list(by_name), index=len(by_name) - 1, key="exp_detail"
    )
    row = by_name[chosen]
    field = st.radio(
        t("experiment.details_field"),
        ("category", "urgency"),
        format_func=lambda f: t(f"experiment.field_{f}"),
        horizontal=True,
        key="exp_detail_field",
    )
    st.markdown(t("experiment.confusion_intro"))
    st.dataframe(view.confusion_rows(row.results, field, t), hide_index=True, key="exp_confusion")
    fails = view.failure_rows(row.results, t)
    st.markdown(t("experiment.failures_intro", n=len(fails), total=len(row.results)))
    if fails:
        st.dataframe(fails, hide_index=True, key="exp_failures")


def reading(t: Translator, lang: Lang, rows: Sequence[RunRecord]) -> None:
    if not rows:
        return
    st.subheader(t("experiment.reading_title"))
    for sentence in view.reading(rows, t, lang):
        st.markdown(f"- {sentence}")


def handoff(t: Translator, rows: Sequence[RunRecord]) -> None:
    """The measured numbers into the simulator: the best prompting row against the fine-tune."""
    if not rows:
        return
    ft = records.best_finetuned(rows)
    subset = ft.subset if ft is not None else rows[-1].subset
    prompting = records.best_prompting(rows, subset)
    if prompting is None:
        return
    st.subheader(t("experiment.handoff_title"))
    ft_name = view.row_name(ft, t) if ft is not None else t("experiment.handoff_no_ft")
    st.markdown(t("experiment.handoff_intro", prompting=view.row_name(prompting, t), finetuned=ft_name))
    query = records.simulator_handoff(prompting, ft).query()
    st.caption(", ".join(f"{k}={mdtext.literal(v)}" for k, v in query.items()))
    page_link("simulator", t("experiment.handoff_link"), query, icon=":material/calculate:")


def card(t: Translator, lang: Lang) -> None:
    with st.expander(t("experiment.card_title")):
        st.markdown((CONTENT_DIR / lang / "experiment" / "card.md").read_text(encoding="utf-8"))
