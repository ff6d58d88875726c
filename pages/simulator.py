"""Cost and latency simulator: when does fine-tuning pay off? (with the PEFT/LoRA panel)

The whole scenario lives in the URL. Every run: read the URL if it changed since we last wrote it, draw the
inputs, compute with core.simulation, draw the open panel, write the URL back. Input groups and panels that
are closed are not drawn (their values stay in the session's scenario).
"""

import streamlit as st

from core import simulation
from core.errors import UserInputError
from ui import sim_panels as panels
from ui import sim_prices, state
from ui import sim_widgets as w

t = state.tr()
lang = state.current_lang()
models = sim_prices.models()
query = {k: st.query_params[k] for k in st.query_params if k != "lang"}
url = w.sync_from_url(t, models, query)

st.title(t("simulator.title"))
st.caption(t("simulator.intro"))
if url.messages:
    st.warning(t("simulator.bad_intro") + "\n\n" + "\n".join(f"- {m}" for m in url.messages))

preset_names = {p.id: p.label for p in w.preset_list(lang)}
st.session_state["sim_preset"] = st.session_state.get(w.PRESET_KEY, "")
st.selectbox(
    t("simulator.preset"),
    options=["", *preset_names],
    key="sim_preset",
    on_change=w.on_preset,
    format_func=lambda i: preset_names.get(i, t("simulator.preset_none")),
)
chosen = next((p for p in w.preset_list(lang) if p.id == st.session_state["sim_preset"]), None)
if chosen is not None:
    st.caption(w.safe(chosen.description, limit=1000))

inputs_col, results_col = st.columns([2, 3], gap="large")
with inputs_col:
    with st.expander(t("simulator.group_volume"), expanded=True):
        panels.volume_inputs(t, lang)
    with st.expander(t("simulator.group_finetune"), expanded=True):
        panels.training_inputs(t, lang, models, url.scenario)
    s = w.read(url.scenario)
    w.load(s, force=False)  # a newly chosen model's price inputs start at the catalogue's prices
    groups = (
        ("prices", lambda: panels.price_inputs(t, s)),
        ("discounts", lambda: panels.discount_inputs(t, s)),
        ("currency", lambda: panels.currency_inputs(t)),
    )
    for name, draw in groups:
        box = st.expander(t(f"simulator.group_{name}"), key=f"sim_exp_{name}", on_change="rerun")
        if box.open:
            with box:
                draw()
    s = w.read(s)

with results_col:
    labels = {p: t(f"simulator.tab_{p}") for p in w.PANELS}
    if st.session_state.pop(w.TAB_RESET_KEY, False) or st.session_state.get("sim_tab") not in labels.values():
        st.session_state["sim_tab"] = labels[st.session_state.get(w.PANEL_KEY, "costs")]  # URL or language
    bar = st.tabs(list(labels.values()), key="sim_tab", on_change="rerun")
    tabs = dict(zip(w.PANELS, bar, strict=True))
    st.session_state[w.PANEL_KEY] = next((p for p in w.PANELS if tabs[p].open), "costs")
    if tabs["latency"].open:
        with tabs["latency"]:
            panels.latency_inputs(t)
    if tabs["peft"].open:
        with tabs["peft"]:
            panels.peft_inputs(t)
    s = w.read(s)
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
            panels.peft_panel(view, result)
            s = w.read(s)

with inputs_col:
    box = st.expander(t("simulator.group_share"), key="sim_exp_share", on_change="rerun")
    if box.open:
        with box:
            panels.share_panel(panels.View(t, lang, s), result)
    panels.import_messages(t)

w.write_url(lang, s, models, query)
