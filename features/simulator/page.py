"""The cost and latency simulator page (pages/simulator.py only calls ``render``). The whole scenario lives
in the URL. A full run reads the URL if it changed since we last wrote it, then draws the page body, a
fragment (``st.fragment``): moving a slider reruns only the body, not app.py's navigation and sidebar or the
header. The body draws the open inputs, computes with ``simulation``, draws the open panel and writes the
URL back. Closed input groups and panels are not drawn (their values stay in the session's scenario).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from core.i18n import Lang
from core.peft import Target
from features.simulator import catalogue, inputs, panels, panels_oneoff, panels_results, simulation
from features.simulator import scenario as scn
from features.simulator import widgets as w
from features.simulator.view import View
from features.simulator.widgets_inputs import Inputs
from ui import boundary, state


def render() -> None:
    t = state.tr()
    lang = state.current_lang()
    models = catalogue.models()
    _header(t, models)
    body(t, lang, models)


def _header(t: Callable[..., str], models: scn.Models) -> None:
    problems = w.sync_from_url(t, models, w.url_query())
    st.title(t("simulator.title"))
    st.caption(t("simulator.intro"))
    if problems:
        st.warning(t("simulator.bad_intro") + "\n\n" + "\n".join(f"- {m}" for m in problems))


@st.fragment
@boundary.guard  # a slider's rerun of this fragment does not pass app.py's crash boundary
def body(t: Callable[..., str], lang: Lang, models: scn.Models) -> None:
    """Everything a slider change redraws (the fragment's arguments are those of the last full run). The
    headline comes first: on a narrow screen the columns stack, and the inputs would push it far down."""
    panels.preset_choice(t, lang)
    f = Inputs(w.current(), lang)
    headline_slot = st.container()
    inputs_col, results_col = st.columns([2, 3], gap="large")
    with inputs_col:
        _inputs(t, f, models)
    with results_col:
        s, result = _results(t, lang, f)
    if result is not None:
        with headline_slot:
            panels_results.headline(View(t, lang, s), result)
    with inputs_col:
        _share(t, lang, s, result)
    w.remember(s)
    w.write_url(lang, s, models)


def _inputs(t: Callable[..., str], f: Inputs, models: scn.Models) -> None:
    st.toggle(
        t("simulator.exact"),
        key=w.EXACT_KEY,
        help=t("simulator.exact_help"),
        on_change=boundary.callback(w.on_exact),
    )
    with st.expander(t("simulator.group_volume"), expanded=True):
        panels.volume_inputs(t, f)
    # Models and training: drawn only while open (like the groups below); closed, one line says what its
    # inputs are set to. Nine inputs fewer on a rerun, and on a phone the results come sooner.
    box = st.expander(t("simulator.group_finetune"), key="sim_exp_finetune", on_change="rerun")
    if box.open:
        with box:
            panels.training_inputs(t, f, models)
    else:
        panels.training_summary(t, f)
    groups = (
        ("prices", panels.price_inputs),
        ("discounts", panels.discount_inputs),
        ("oneoff", panels_oneoff.one_off_inputs),
        ("currency", panels.currency_inputs),
    )
    # one box for the four groups a learner opens rarely, drawn only while open (one element on a rerun
    # instead of four); each group under its own heading inside
    box = st.expander(t("simulator.group_more"), key="sim_exp_more", on_change="rerun")
    if box.open:
        with box:
            for name, draw in groups:
                st.markdown(f"**{t(f'simulator.group_{name}')}**")
                draw(t, f)


def _tabs(t: Callable[..., str]) -> dict[str, Any]:
    """The result tabs by panel; the one the URL chose is open (or the first, in a new language)."""
    labels = {p: t(f"simulator.tab_{p}") for p in inputs.PANELS}
    ss = st.session_state
    if ss.pop(w.TAB_RESET_KEY, False) or ss.get("sim_tab") not in labels.values():
        ss["sim_tab"] = labels[ss.get(w.PANEL_KEY, "costs")]  # the URL chose it, or a new language
    bar = st.tabs(list(labels.values()), key="sim_tab", on_change="rerun")
    tabs = dict(zip(inputs.PANELS, bar, strict=True))
    st.session_state[w.PANEL_KEY] = next((p for p in inputs.PANELS if tabs[p].open), "costs")
    return tabs


def _results(t: Callable[..., str], lang: Lang, f: Inputs) -> tuple[scn.Scenario, simulation.Result | None]:
    """The open tab's inputs and panel; returns the scenario with its values and the result."""
    tabs = _tabs(t)
    if tabs["latency"].open:
        with tabs["latency"]:
            panels.latency_inputs(t, f)
    targets: list[Target] = []
    if tabs["peft"].open:
        with tabs["peft"]:
            targets = panels.peft_inputs(t, f)
    s = f.scenario
    w.remember(s)
    result = panels_results.simulate(s)
    v = View(t, lang, s)
    if result is not None:
        for name, draw_panel in (
            ("costs", panels_results.costs_panel),
            ("sensitivity", panels_results.sensitivity_panel),
            ("latency", panels_results.latency_panel),
        ):
            if tabs[name].open:
                with tabs[name]:
                    draw_panel(v, result)
    if tabs["peft"].open:
        with tabs["peft"]:
            panels_results.peft_panel(v, result, f, targets)
            s = f.scenario
    return s, result


def _share(t: Callable[..., str], lang: Lang, s: scn.Scenario, result: simulation.Result | None) -> None:
    box = st.expander(t("simulator.group_share"), key="sim_exp_share", on_change="rerun")
    if box.open:
        with box:
            panels.share_panel(View(t, lang, s), result)
    panels.import_messages(t)
