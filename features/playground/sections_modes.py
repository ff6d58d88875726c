"""The playground's three modes (single run, compare, prompt builder) and the session's run history."""

from __future__ import annotations

import streamlit as st

from core import fmt, mdtext
from core.errors import UserInputError
from core.llm import history as runlog
from core.llm import remote
from features.playground import display
from features.playground import prompts as pg
from features.playground.widgets import (
    PAIR_GROUP,
    TPL_GROUP,
    Ctx,
    Spec,
    kept_notes,
    load_pair,
    load_template,
    request_from,
    run_side,
    use_built_prompt,
)
from features.playground.widgets_queue import queue_message, release_turns, stop_button, take_turns
from features.playground.widgets_results import show_result
from ui import boundary, messages, state
from ui.llm import model_queue

BUILDER_MEMO = "pg_b_last"  # display.TokenMemo: the builder's last token count and its change


def single(ctx: Ctx, spec: Spec) -> None:
    t = ctx.t
    st.text_area(t("playground.system"), key="pg_system", height=90, help=t("playground.system_help"))
    st.text_area(t("playground.user"), key="pg_user", height=140)
    if st.button(t("playground.run"), type="primary", key="pg_run", icon=":material/play_arrow:"):
        request = request_from(st.session_state["pg_system"], st.session_state["pg_user"])
        holder = st.empty()
        with holder:
            stop_button(t, "single", spec.kind)
        run_side(ctx, "single", spec, request)
        holder.empty()
    show_result(ctx, "single")


def compare(ctx: Ctx, spec_a: Spec, spec_b: Spec, *, compare_models: bool) -> None:
    """Two prompts on one model, or one prompt on two models, side by side."""
    t, pairs = ctx.t, ctx.pairs
    st.radio(
        t("playground.cmp_kind"),
        options=["prompts", "models"],
        format_func=lambda k: t(f"playground.cmp_{k}"),
        key="pg_cmp_kind",
        horizontal=True,
    )
    pc1, pc2 = st.columns([3, 1], vertical_alignment="bottom")
    with pc1:
        st.session_state.setdefault("pg_pair", pairs[0].id)
        pair_id = st.selectbox(
            t("playground.pair"),
            options=[p.id for p in pairs],
            format_func=lambda i: next(p.title for p in pairs if p.id == i),
            key="pg_pair",
        )
    with pc2:
        st.button(
            t("playground.load_pair"),
            key="pg_load_pair",
            on_click=boundary.callback(load_pair),
            args=(pairs, pair_id),
        )
    current_pair = pg.find_pair(pairs, pair_id)
    if current_pair is not None:
        st.caption(current_pair.explanation)
    kept_notes(ctx, PAIR_GROUP)
    col_a, col_b = st.columns(2)
    if compare_models:
        st.text_area(t("playground.system"), key="pg_cmp_sys_a", height=80)
        st.text_area(t("playground.user"), key="pg_cmp_user_a", height=120)
        req_a = request_from(st.session_state["pg_cmp_sys_a"], st.session_state["pg_cmp_user_a"])
        req_b = req_a
    else:
        with col_a:
            st.markdown(f"**{t('playground.variant', side='A')}**")
            st.text_area(t("playground.system"), key="pg_cmp_sys_a", height=80)
            st.text_area(t("playground.user"), key="pg_cmp_user_a", height=120)
        with col_b:
            st.markdown(f"**{t('playground.variant', side='B')}**")
            st.text_area(t("playground.system"), key="pg_cmp_sys_b", height=80)
            st.text_area(t("playground.user"), key="pg_cmp_user_b", height=120)
        req_a = request_from(st.session_state["pg_cmp_sys_a"], st.session_state["pg_cmp_user_a"])
        req_b = request_from(st.session_state["pg_cmp_sys_b"], st.session_state["pg_cmp_user_b"])
    run_both = st.button(
        t("playground.run_both"), type="primary", key="pg_run_both", icon=":material/play_arrow:"
    )
    out_a, out_b = st.columns(2)
    sides = ((out_a, "A", spec_a, req_a), (out_b, "B", spec_b, req_b))
    holder = st.empty()
    boxes = {}
    for column, slot, spec, _request in sides:
        with column:
            st.markdown(f"**{slot}** · {mdtext.literal(spec.model)}")
            boxes[slot] = st.container()
    if not run_both:
        for _column, slot, _spec, _request in sides:
            with boxes[slot]:
                show_result(ctx, slot)
        return
    # One built-in model answers one request at a time: both sides take their place in line now, so B
    # shows that it waits behind A while A streams.
    tickets = take_turns(ctx.local_ready, {"A": spec_a.kind, "B": spec_b.kind})
    with holder:
        stop_button(t, "cmp", "local" if "local" in (spec_a.kind, spec_b.kind) else spec_a.kind)
    try:
        waits = {}
        for _column, slot, _spec, _request in sides:
            with boxes[slot]:
                waits[slot] = st.empty()
                if slot in tickets and slot != "A":
                    seconds = model_queue().estimate(tickets[slot])
                    waits[slot].info(queue_message(t, 1, seconds), icon=":material/hourglass_top:")
        for _column, slot, spec, request in sides:
            with boxes[slot]:
                run_side(ctx, slot, spec, request, label=slot, box=waits[slot], ticket=tickets.get(slot))
                show_result(ctx, slot)
    finally:
        release_turns(tickets)
        holder.empty()


def builder(ctx: Ctx) -> None:
    """Blocks in, the assembled prompt, its tokens and cost out; use it or export its examples."""
    t = ctx.t
    st.markdown(t("playground.builder_intro"))
    tc1, tc2 = st.columns([3, 1], vertical_alignment="bottom")
    with tc1:
        st.selectbox(
            t("playground.template"),
            options=[x.id for x in ctx.templates],
            format_func=lambda i: next(x.name for x in ctx.templates if x.id == i),
            key="pg_tpl",
        )
    with tc2:
        st.button(
            t("playground.load_template"),
            key="pg_load_tpl",
            on_click=boundary.callback(load_template),
            args=(ctx.templates,),
        )
    kept_notes(ctx, TPL_GROUP)
    for name in pg.BLOCKS:
        bc1, bc2 = st.columns([1, 4])
        with bc1:
            st.checkbox(
                t(f"playground.block_{name}"), key=f"pg_bon_{name}", help=t(f"playground.block_{name}_help")
            )
        with bc2:
            st.text_area(
                t(f"playground.block_{name}"),
                key=f"pg_btxt_{name}",
                height=68 if name != "examples" else 110,
                label_visibility="collapsed",
                disabled=not st.session_state.get(f"pg_bon_{name}", False),
                placeholder=t("playground.examples_placeholder") if name == "examples" else None,
            )
    texts = {name: str(st.session_state.get(f"pg_btxt_{name}", "")) for name in pg.BLOCKS}
    enabled = [name for name in pg.BLOCKS if st.session_state.get(f"pg_bon_{name}", False)]
    labels = pg.ExampleLabels(t("playground.ex_heading"), t("playground.ex_input"), t("playground.ex_output"))
    built_system, built_user = "", ""
    examples: tuple[pg.Example, ...] = ()
    try:
        built_system, built_user = pg.assemble(texts, enabled, labels)
        examples = pg.parse_examples(texts["examples"])
    except UserInputError as exc:
        messages.show_error(exc)
    st.subheader(t("playground.assembled"))
    st.caption(t("playground.system"))
    st.code(built_system or "—", language=None, wrap_lines=True)
    st.caption(t("playground.user"))
    st.code(built_user or "—", language=None, wrap_lines=True)
    price_models = list(remote.openai_models())
    if st.session_state.get("pg_bprice") not in price_models:  # kept from a day the model was offered
        st.session_state["pg_bprice"] = price_models[0]
    st.selectbox(t("playground.price_model"), options=price_models, key="pg_bprice")
    _builder_metrics(ctx, pg.prompt_cost(built_system, built_user, str(st.session_state["pg_bprice"])))
    bb1, bb2 = st.columns(2)
    with bb1:
        st.button(
            t("playground.use_prompt"),
            key="pg_use_built",
            on_click=boundary.callback(use_built_prompt),
            args=(built_system, built_user),
            disabled=not built_user.strip(),
            type="primary",
        )
    with bb2:
        st.download_button(
            t("playground.export_examples"),
            data=pg.examples_jsonl(built_system, examples) if examples else "",
            file_name="few-shot-examples.jsonl",
            mime="application/jsonl",
            key="pg_dl_examples",
            disabled=not examples,
            help=t("playground.export_examples_help"),
        )


def _builder_metrics(ctx: Ctx, cost: pg.PromptCost) -> None:
    t = ctx.t
    memo, delta = display.token_change(st.session_state.get(BUILDER_MEMO), cost.tokens)
    st.session_state[BUILDER_MEMO] = memo
    shown = display.builder_numbers(cost, delta, t)
    m1, m2, m3 = st.columns(3)
    m1.metric(
        t("playground.b_tokens") + (" ≈" if shown.estimate else ""),
        shown.tokens,
        delta=shown.delta,
        delta_color="inverse",
    )
    m2.metric(t("playground.b_cost_one"), shown.cost_one)
    m3.metric(t("playground.b_cost_1000"), shown.cost_1000)
    st.caption(t("playground.b_cost_note"))


def history(ctx: Ctx) -> None:
    """This session's runs, newest first, with their export as fine-tuning data."""
    t = ctx.t
    runs = state.runs()
    st.divider()
    st.subheader(t("playground.history", n=fmt.number(len(runs), ctx.lang)))
    if not runs:
        st.caption(t("playground.history_empty"))
        return
    hc1, hc2 = st.columns(2)
    with hc1:
        st.download_button(
            t("playground.export_history"),
            data=runlog.history_jsonl(runs),
            file_name="playground-history.jsonl",
            mime="application/jsonl",
            key="pg_dl_history",
            help=t("playground.export_history_help"),
        )
    with hc2:
        st.button(
            t("playground.clear_history"),
            key="pg_clear_history",
            on_click=boundary.callback(state.clear_runs),
        )
    for entry in reversed(runs):
        with st.expander(display.history_title(entry)):
            st.caption(t("playground.user"))
            st.text(entry.request.user)
            st.caption(t("playground.answer"))
            st.markdown(mdtext.model_output(entry.result.text))
            st.caption(display.metrics_line(entry.result, t))
