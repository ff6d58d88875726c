"""The cost and latency simulator page (pages/simulator.py only calls ``render``).

The whole scenario lives in the URL. A full run reads the URL if it changed since we last wrote it, then
draws the page body. The body is a fragment (``st.fragment``): moving a slider reruns only the body, not
app.py's navigation and sidebar or the page header. The body draws the open inputs, computes with
``core.simulation``, draws the open panel and writes the URL back. Input groups and panels that are closed
are not drawn (their values stay in the session's scenario).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from core.errors import UserInputError
from core.i18n import Lang
from features.simulator import catalogue as sim_prices
from features.simulator import panels, simulation
from features.simulator import scenario as scn
from features.simulator import widgets as w
from ui import state


def render() -> None:
    t = state.tr()
    lang = state.current_lang()
    models = sim_prices.models()
    url = w.sync_from_url(t, models, w.url_query())
    st.title(t("simulator.title"))
    st.caption(t("simulator.intro"))
    if url.messages:
        st.warning(t("simulator.bad_intro") + "\n\n" + "\n".join(f"- {m}" for m in url.messages))
    body(t, lang, models)


@st.fragment
def body(t: Callable[..., str], lang: Lang, models: scn.Models) -> None:
    """Everything a slider change redraws (the fragment's arguments are those of the last full run)."""
    presets_here = w.preset_list(lang)
    preset_names = {p.id: p.label for p in presets_here}
    st.session_state["sim_preset"] = st.session_state.get(w.PRESET_KEY, "")
    chosen = st.selectbox(
        t("simulator.preset"),
        options=["", *preset_names],
        key="sim_preset",
        on_change=w.on_preset,
        format_func=lambda i: preset_names.get(i, t("simulator.preset_none")),
    )
    preset = next((p for p in presets_here if p.id == chosen), None)
    if preset is not None:
        st.caption(preset.description)  # our own content (content/<lang>/simulator/presets.yaml)

    f = w.Inputs(w.current(), lang)
    inputs_col, results_col = st.columns([2, 3], gap="large")
    with inputs_col:
        st.toggle(t("simulator.exact"), key=w.EXACT_KEY, help=t("simulator.exact_help"), on_change=w.on_exact)
        with st.expander(t("simulator.group_volume"), expanded=True):
            panels.volume_inputs(t, f)
        with st.expander(t("simulator.group_finetune"), expanded=True):
            panels.training_inputs(t, f, models)
        groups = (
            ("prices", panels.price_inputs),
            ("discounts", panels.discount_inputs),
            ("currency", panels.currency_inputs),
        )
        for name, draw in groups:
            box = st.expander(t(f"simulator.group_{name}"), key=f"sim_exp_{name}", on_change="rerun")
            if box.open:
                with box:
                    draw(t, f)

    with results_col:
        labels = {p: t(f"simulator.tab_{p}") for p in w.PANELS}
        ss = st.session_state
        if ss.pop(w.TAB_RESET_KEY, False) or ss.get("sim_tab") not in labels.values():
            ss["sim_tab"] = labels[ss.get(w.PANEL_KEY, "costs")]  # the URL chose it, or a new language
        bar = st.tabs(list(labels.values()), key="sim_tab", on_change="rerun")
        tabs = dict(zip(w.PANELS, bar, strict=True))
        st.session_state[w.PANEL_KEY] = next((p for p in w.PANELS if tabs[p].open), "costs")
        if tabs["latency"].open:
            with tabs["latency"]:
                panels.latency_inputs(t, f)
        targets: list[str] = []
        if tabs["peft"].open:
            with tabs["peft"]:
                targets = panels.peft_inputs(t, f)
        s = f.scenario
        w.remember(s)
        result = None
        try:
            prices = simulation.apply_overrides(s, sim_prices.catalogue_prices(s.base_model, s.ft_model))
            result = simulation.simulate(s, prices)
        except (UserInputError, ValueError) as exc:
            state.show_user_error(exc)
        view = panels.View(t, lang, s)
        if result is not None:
            for name, draw_panel in (
                ("costs", panels.costs_panel),
                ("sensitivity", panels.sensitivity_panel),
                ("latency", panels.latency_panel),
            ):
                if tabs[name].open:
                    with tabs[name]:
                        draw_panel(view, result)
        if tabs["peft"].open:
            with tabs["peft"]:
                panels.peft_panel(view, result, f, targets)
                s = f.scenario

    with inputs_col:
        box = st.expander(t("simulator.group_share"), key="sim_exp_share", on_change="rerun")
        if box.open:
            with box:
                panels.share_panel(panels.View(t, lang, s), result)
        panels.import_messages(t)

    w.remember(s)
    w.write_url(lang, s, models)
