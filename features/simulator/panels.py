"""The simulator's input groups (volume, fine-tuning, prices, discounts, currency, latency, PEFT/LoRA) and
the share group (export, import)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from core import costs, lifecycle, mdtext, peft
from core.i18n import Lang
from features.simulator import catalogue, inputs, simulation, view
from features.simulator import panels_routes as routes_panel
from features.simulator import scenario as scn
from features.simulator import widgets as w
from features.simulator.view import View
from features.simulator.widgets_inputs import Inputs
from ui import boundary, messages
from ui import models as uimodels
from ui.memo import Memo


def preset_choice(t: Callable[..., str], lang: Lang) -> None:
    """The preset picker above the inputs, with the chosen preset's description."""
    presets_here = inputs.preset_list(lang)
    preset_names = {p.id: p.label for p in presets_here}
    st.session_state["sim_preset"] = st.session_state.get(w.PRESET_KEY, "")
    chosen = st.selectbox(
        t("simulator.preset"),
        options=["", *preset_names],
        key="sim_preset",
        on_change=boundary.callback(w.on_preset),
        format_func=lambda i: preset_names.get(i, t("simulator.preset_none")),
    )
    preset = next((p for p in presets_here if p.id == chosen), None)
    if preset is not None:
        st.caption(preset.description)  # our own content (content/<lang>/simulator/presets.yaml)


def volume_inputs(t: Callable[..., str], f: Inputs) -> None:
    f.count("rpd", t("simulator.rpd"), t("simulator.rpd_help"))
    f.count("instr", t("simulator.instr"), t("simulator.instr_help"))
    f.count("shots", t("simulator.shots"))
    f.count("shot_tok", t("simulator.shot_tok"))
    f.count("rag", t("simulator.rag"), t("simulator.rag_help"))
    f.count("inp", t("simulator.inp"))
    f.count("out", t("simulator.out"), t("simulator.out_help"))


def training_inputs(t: Callable[..., str], f: Inputs, models: scn.Models) -> None:
    base = f.model("base", t("simulator.base"), list(models.base), fmt=lambda m: uimodels.label(t, m))
    uimodels.badge(t, base)
    ft = f.model(
        "ft",
        t("simulator.ft"),
        list(models.fine_tunable),
        t("simulator.ft_help"),
        lambda m: uimodels.label(t, m),
    )
    uimodels.badge(t, ft)
    routes_panel.route_note(t, ft)
    f.count("ft_prompt", t("simulator.ft_prompt"), t("simulator.ft_prompt_help"))
    f.count("hyb", t("simulator.hyb"), t("simulator.hyb_help"))
    f.count("train_n", t("simulator.train_n"))
    f.count("train_tok", t("simulator.train_tok"))
    f.epochs(t("simulator.epochs_auto"), t("simulator.epochs"), t("simulator.epochs_help"))
    f.count("retrain", t("simulator.retrain"), t("simulator.retrain_help"))
    f.count("horizon", t("simulator.horizon"))


# the closed group's line per language, scenario and day (process-wide; our own texts and the scenario's
# numbers only): it is the same on every rerun until an input changes
_SUMMARIES: Memo[tuple[Lang, scn.Scenario, date], str] = Memo()


def training_summary(t: Callable[..., str], f: Inputs) -> None:
    """Under the closed "models and training" group: its settings in one line, a deprecated model's badge
    and the fine-tuning route's note (dates that must not hide behind a closed box)."""
    s = f.scenario

    def build() -> str:
        route = routes_panel.route_text(t, s.ft_model)
        summary = view.training_summary(View(t, f.lang, s))
        return summary if route is None else f"{summary}\n\n{route}"

    st.caption(_SUMMARIES.get((f.lang, s, lifecycle.today()), build))  # settings and route: one element
    uimodels.badge(t, s.base_model)
    uimodels.badge(t, s.ft_model)


def price_inputs(t: Callable[..., str], f: Inputs) -> None:
    s = f.scenario
    base = catalogue.inference(s.base_model, False)
    ft = catalogue.inference(s.ft_model, True)
    train = catalogue.training(s.ft_model)
    st.caption(
        t(
            "simulator.prices_source",
            source=mdtext.literal(mdtext.shorten(base.source, 80)),
            as_of=mdtext.literal(mdtext.shorten(base.as_of or t("prices.not_verified"), 40)),
            train_source=mdtext.literal(mdtext.shorten(train.source, 80)),
            train_as_of=mdtext.literal(mdtext.shorten(train.as_of or t("prices.not_verified"), 40)),
        )
    )
    groups = (
        (
            t("simulator.prices_base", model=mdtext.literal(mdtext.shorten(s.base_model, 40))),
            base,
            ("p_in", "p_out", "p_cin"),
        ),
        (
            t("simulator.prices_ft", model=mdtext.literal(mdtext.shorten(s.ft_model, 40))),
            ft,
            ("f_in", "f_out", "f_cin"),
        ),
    )
    labels = ("price_in", "price_out", "price_cached")
    for title, quote, params in groups:
        st.markdown(f"**{title}**")
        for param, label in zip(params, labels, strict=True):
            if label == "price_cached" and quote.price.cached_input is None:
                st.caption(t("simulator.no_cached_price"))
                continue
            f.price(param, t(f"simulator.{label}"), 0.01, "%.4f")
    f.price("t_price", t("simulator.price_training"), 0.5, "%.2f")
    st.caption(t("simulator.prices_usd"))


def discount_inputs(t: Callable[..., str], f: Inputs) -> None:
    caching = f.flag("cache", t("simulator.cache"), t("simulator.cache_help"))
    f.number("cache_hit", t("simulator.cache_hit"), 5.0, fmt_str="%.0f", disabled=not caching)
    f.number(
        "cache_disc", t("simulator.cache_disc"), 5.0, t("simulator.cache_disc_help"), "%.0f", not caching
    )
    batch = f.flag("batch", t("simulator.batch"), t("simulator.batch_help"))
    s = f.scenario
    exact = batch and catalogue.batch_quotes(s.base_model, s.ft_model) is not None
    f.number("batch_disc", t("simulator.batch_disc"), 5.0, fmt_str="%.0f", disabled=not batch or exact)
    if batch:
        st.caption(t("simulator.batch_exact" if exact else "simulator.batch_flat"))
    flex = f.flag("flex", t("simulator.flex"), t("simulator.flex_help"))
    if flex:
        sides = {
            s.base_model: catalogue.flex_or_standard(s.base_model, False)[1],
            s.ft_model: catalogue.flex_or_standard(s.ft_model, True)[1],
        }
        key = "simulator.flex_off_batch" if batch else "simulator.flex_prices"
        with_flex = ", ".join(m for m, ok in sides.items() if ok) or "—"
        without = ", ".join(m for m, ok in sides.items() if not ok) or "—"
        st.caption(t(key, with_flex=with_flex, without=without))
    f.number("host", t("simulator.host"), 0.5, t("simulator.host_help"), "%.2f")


def currency_inputs(t: Callable[..., str], f: Inputs) -> None:
    f.radio("cur", t("simulator.currency"), list(costs.CURRENCIES))
    f.number("rate", t("simulator.rate"), 0.01, t("simulator.rate_help"), "%.4f")


def share_panel(v: View, r: simulation.Result | None) -> None:
    t = v.t
    st.caption(t("simulator.share_help"))
    if r is not None:
        exported = simulation.export_results(v.s, r)
        st.download_button(
            t("simulator.export_json"),
            data=scn.export_json(v.s, exported),
            file_name="simulator-scenario.json",
            mime="application/json",
            key="sim_dl_json",
        )
        st.download_button(
            t("simulator.export_csv"),
            data=scn.export_csv(v.s, exported),
            file_name="simulator-scenario.csv",
            mime="text/csv",
            key="sim_dl_csv",
        )
    st.file_uploader(
        t("simulator.import"),
        type=["json", "csv"],
        key="sim_upload",
        on_change=boundary.callback(w.on_upload),
    )


def import_messages(t: Callable[..., str]) -> None:
    error = st.session_state.get("sim_import_error")
    if error:
        error_key, params = error
        shown = {
            k: mdtext.Code(mdtext.shorten(v, 80)) if isinstance(v, str) else v for k, v in params.items()
        }
        messages.show(error_key, shown)
    if st.session_state.pop("sim_import_ok", False):
        st.success(t("simulator.import_ok"))


def latency_inputs(t: Callable[..., str], f: Inputs) -> None:
    st.caption(t("simulator.latency_intro"))
    c1, c2 = st.columns(2)
    with c1:
        f.number("prefill", t("simulator.prefill"), 100.0, t("simulator.prefill_help"), "%.0f")
        f.number("ovh", t("simulator.ovh"), 0.05, None, "%.2f")
    with c2:
        f.number("gen", t("simulator.gen"), 5.0, t("simulator.gen_help"), "%.0f")
        f.number("ret_s", t("simulator.ret_s"), 0.05, t("simulator.ret_s_help"), "%.2f")
    st.caption(t("simulator.latency_assumptions"))


def peft_inputs(t: Callable[..., str], f: Inputs) -> list[peft.Target]:
    """The LoRA inputs; returns the chosen target matrices (may be empty)."""
    st.caption(t("simulator.peft_intro"))
    shapes = {x.id: x.name for x in peft.SHAPES}
    c1, c2 = st.columns(2)
    with c1:
        f.choice(
            "peft_model", t("simulator.peft_model"), list(peft.SHAPE_IDS), format_func=shapes.__getitem__
        )
        f.count("lora_r", t("simulator.lora_r"), t("simulator.lora_r_help"))
        targets = f.targets(t("simulator.lora_t"), t("simulator.lora_t_help"))
    with c2:
        f.whole("seq", t("simulator.seq"), 256)
        f.whole("mbs", t("simulator.mbs"), 1)
        f.flag("ckpt", t("simulator.ckpt"), t("simulator.ckpt_help"), toggle=False)
        f.number("gpu_gb", t("simulator.gpu_gb"), 8.0, None, "%.0f")
    return targets
