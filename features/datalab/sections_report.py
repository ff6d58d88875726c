"""The data lab's report sections: what was loaded, the checks' findings, and the statistics as histograms."""

from __future__ import annotations

import streamlit as st

from core import fmt, registry, tokens
from core.i18n import Translator
from features.datalab import charts, formats, view
from ui import links, messages, state


def loaded_file(t: Translator, loaded: view.Loaded, model: str) -> None:
    """One line about the loaded file, and the file itself to download."""
    report = loaded.report
    encoding = tokens.count_tokens("", model)
    size = fmt.compact(len(loaded.data) / 1024, state.current_lang(), 1)
    params = {"name": loaded.name, "size": size, "lines": report.n_lines, "encoding": encoding.encoding}
    st.caption(
        messages.text("datalab.loaded", params)
        + ("  ·  " + t("datalab.token_estimate") if encoding.estimate else "")
    )
    st.download_button(
        t("datalab.download_loaded"),
        data=loaded.data,
        file_name=view.download_name(loaded.name),
        mime="application/jsonl",
        key="dl_download_loaded",
    )
    _send_to_training(t, loaded)


def _send_to_training(t: Translator, loaded: view.Loaded) -> None:
    """Hand the loaded set to the experiment page's live training (typed hand-off in ui.state)."""
    if st.button(t("training.send_from_datalab"), key="dl_send_training"):
        text = loaded.data.decode("utf-8", errors="replace")
        state.set_training_set(state.TrainingSet(name=loaded.name, jsonl=text))
    sent = state.training_set()
    if sent is not None and sent.name == loaded.name:
        st.caption(messages.text("training.sent", {"name": sent.name}))
        if "experiment" in registry.PAGE_NAMES:
            links.page_link("experiment", t("nav.experiment"))


def findings(t: Translator, loaded: view.Loaded) -> None:
    """Headline numbers, the verdict, and every finding with its line number."""
    report = loaded.report
    st.header(t("datalab.checks_heading"))
    for col, (label, value) in zip(st.columns(5), view.metrics(report), strict=True):
        col.metric(t(label), fmt.number(value, state.current_lang()))
    level, key, params = view.status(report)
    messages.show(key, params, level)
    if report.n_valid:
        st.caption(t("datalab.format_found", format=t(f"datalab.format_{report.format}")))
    if report.below_minimum:
        minimum = {"n": report.n_valid, "min": formats.MIN_EXAMPLES_OPENAI}
        messages.show("datalab.f_too_few_examples", minimum, "warning")
    if report.findings:
        _findings_table(t, loaded)
    with st.expander(t("datalab.rules_heading"), key="dl_rules"):
        st.markdown(t("datalab.rules"))


TABLE_ROWS = 200  # findings drawn as a static table (wrapped, never cut off); the rest in a scrollable grid


def _findings_table(t: Translator, loaded: view.Loaded) -> None:
    """Every finding with severity, line number, message and the start of the offending line. The first
    ``TABLE_ROWS`` as a table that wraps its cells; further ones in a data frame below."""
    lang = state.current_lang()
    found = loaded.report.findings
    head = found[:TABLE_ROWS]
    lines = view.lines_at(loaded.data, (f.line for f in head))
    st.table(view.finding_rows(t, lang, head, lines))
    if len(found) > TABLE_ROWS:
        rest = found[TABLE_ROWS:]
        st.caption(messages.text("datalab.findings_more", {"shown": TABLE_ROWS, "total": len(found)}))
        st.dataframe(view.finding_rows(t, lang, rest), hide_index=True, width="stretch", key="dl_findings")
    if len(found) > TABLE_ROWS + view.MAX_FINDING_ROWS:
        cut = {"shown": TABLE_ROWS + view.MAX_FINDING_ROWS, "total": len(found)}
        st.caption(messages.text("datalab.findings_cut", cut))


def statistics(t: Translator, loaded: view.Loaded) -> None:
    """Three histograms of the valid examples, each with its summary in words."""
    report = loaded.report
    st.header(t("datalab.stats_heading"))
    if not report.examples:
        st.info(t("datalab.stats_none"))
        return
    if report.n_errors:
        st.caption(messages.text("datalab.stats_valid_only", {"n": report.n_valid}))
    lang = state.current_lang()
    for chart in view.chart_data(report):
        st.subheader(t(f"datalab.hist_{chart.kind}"))
        fig = charts.histogram(
            chart.values,
            t(f"datalab.axis_{chart.kind}"),
            t("datalab.axis_examples"),
            limit=report.max_tokens if chart.kind == "tokens" else None,
        )
        st.plotly_chart(fig, key=chart.key, config={"displayModeBar": False})
        if chart.summary is not None:
            st.caption(messages.text("datalab.summary", view.summary_params(chart.summary, lang)))
    if report.too_long_lines:
        params = {"n": len(report.too_long_lines), "limit": report.max_tokens}
        st.warning(messages.text("datalab.too_long_note", params))
