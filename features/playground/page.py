"""The prompt playground: the built-in model, OpenAI or your own server; single run, compare, builder."""

from __future__ import annotations

import streamlit as st

from features.playground import sections_modes, sections_setup, widgets
from features.playground.widgets import MODES, Ctx
from ui import boundary, state
from ui import llm as uillm


def render() -> None:
    ctx = _context()
    widgets.prepare_inputs(ctx)
    widgets.apply_deep_links(ctx)
    _header(ctx)
    mode = _mode(ctx)
    compare_models = mode == "compare" and st.session_state.get("pg_cmp_kind") == "models"
    spec_a, spec_b = sections_setup.setup(ctx, mode=mode, compare_models=compare_models)
    if mode == "single":
        sections_modes.single(ctx, spec_a)
    elif mode == "compare":
        sections_modes.compare(ctx, spec_a, spec_b, compare_models=compare_models)
    else:
        sections_modes.builder(ctx)
    sections_modes.history(ctx)


def _context() -> Ctx:
    t = state.tr()
    pairs, templates = widgets.playground_content(t.lang)
    return Ctx(t=t, pairs=pairs, templates=templates, local_ready=uillm.local_status().available)


def _header(ctx: Ctx) -> None:
    t = ctx.t
    st.title(t("playground.title"))
    st.markdown(t("playground.intro"))
    st.info(t("playground.tiny_model_note"), icon=":material/info:")


def _mode(ctx: Ctx) -> str:
    t = ctx.t
    mode: str = st.radio(
        t("playground.mode"),
        options=list(MODES),
        format_func=lambda m: t(f"playground.mode_{m}"),
        horizontal=True,
        key="pg_mode",
        on_change=boundary.callback(widgets.on_mode_change),
    )
    return mode
