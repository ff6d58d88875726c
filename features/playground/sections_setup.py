"""The playground's setup panel: which backend each side uses, the OpenAI and own-server connection settings
(the key fields are ``ui.keys.key_field``) and the generation parameters."""

from __future__ import annotations

import streamlit as st

from core import lifecycle
from core.errors import UserInputError
from core.llm import caps as capslib
from core.llm import local, remote, servers
from core.llm.class_servers import ClassServer, index_of
from core.llm.types import MAX_OUTPUT_TOKENS
from features.playground import display
from features.playground.widgets import KINDS, MAX_SERVER_CONTEXT, Ctx, Spec, key_source, usage
from ui import keys, messages, models, numbers
from ui import llm as uillm


def setup(ctx: Ctx, *, mode: str, compare_models: bool) -> tuple[Spec, Spec]:
    """The setup expander; returns the backends of side A and side B (the same one unless models are
    compared)."""
    t = ctx.t
    with st.expander(t("playground.setup"), expanded=mode != "builder"):
        if compare_models:
            col_a, col_b = st.columns(2)
            with col_a:
                spec_a = backend_picker(ctx, "a", t("playground.backend_side", side="A"))
            with col_b:
                spec_b = backend_picker(ctx, "b", t("playground.backend_side", side="B"))
        else:
            spec_a = backend_picker(ctx, "a", t("playground.backend"))
            spec_b = spec_a
        kinds_in_use = {spec.kind for spec in (spec_a, spec_b) if spec.class_server is None}
        if "openai" in kinds_in_use:
            openai_settings(ctx)
        if "server" in kinds_in_use:
            server_settings(ctx)
        parameters(ctx, (spec_a, spec_b))
    return spec_a, spec_b


def _class_servers() -> tuple[ClassServer, ...]:
    try:
        return uillm.class_servers()
    except UserInputError as exc:
        messages.show_error(exc)
        return ()


def backend_picker(ctx: Ctx, side: str, heading: str) -> Spec:
    t = ctx.t
    room = _class_servers()
    options = [*(cs.choice for cs in room), *KINDS]
    labels = {cs.choice: t("playground.kind_class", label=cs.label) for cs in room}
    default = room[0].choice if room else "local" if ctx.local_ready else "openai"
    if st.session_state.get(f"pg_{side}_kind") not in options:
        st.session_state[f"pg_{side}_kind"] = default
    choice: str = st.radio(
        heading,
        options=options,
        format_func=lambda k: labels.get(k) or t(f"playground.kind_{k}"),
        key=f"pg_{side}_kind",
        horizontal=True,
    )
    index = index_of(choice)
    if index is not None and index < len(room):
        server = room[index]
        st.caption(t("playground.class_ready", label=server.label, model=server.model))
        return Spec("server", server.model, class_server=index)
    kind = choice
    if kind == "local":
        if ctx.local_ready:
            st.caption(t("playground.local_ready", model=local.MODEL_NAME))
        else:
            st.warning(t("llm.err_local_missing", command=local.ENABLE_COMMAND))
        return Spec("local", local.MODEL_NAME)
    if kind == "openai":
        workshop = key_source() == "owner"
        try:
            allowed = uillm.workshop_caps().models
        except UserInputError:  # the message is shown in the connection settings below
            allowed = capslib.WorkshopCaps().models
        options = list(allowed) if workshop else list(remote.openai_models())
        if st.session_state.get(f"pg_{side}_openai_model") not in options:
            st.session_state[f"pg_{side}_openai_model"] = options[0]
        model = st.selectbox(
            t("playground.openai_model"),
            options=options,
            key=f"pg_{side}_openai_model",
            format_func=lambda m: models.label(t, m),
        )
        models.badge(t, str(model))
        return Spec("openai", str(model))
    st.session_state.setdefault(f"pg_{side}_server_model", "llama3.2")
    model = st.text_input(t("playground.server_model"), key=f"pg_{side}_server_model")
    return Spec("server", model.strip())


def openai_settings(ctx: Ctx) -> None:
    """Whose key (when the owner configured one): the learner's own key field, or the workshop budget left."""
    t = ctx.t
    st.markdown(f"**{t('playground.openai_heading')}**")
    if keys.owner_key_configured():
        st.radio(
            t("playground.key_source"),
            options=["learner", "owner"],
            format_func=lambda s: t(f"playground.key_{s}"),
            key="pg_key_source",
            horizontal=True,
        )
    if key_source() == "owner":
        try:
            caps = uillm.workshop_caps()
        except UserInputError as exc:
            messages.show_error(exc)
        else:
            st.caption(display.workshop_left(caps, usage(), t))
    else:
        keys.key_field(
            "openai",
            "pg_openai_key",
            t("playground.openai_key"),
            help=t("playground.key_help"),
            placeholder="sk-...",
        )


def server_settings(ctx: Ctx) -> None:
    """The learner's own OpenAI-compatible server, as far as the owner's policy allows."""
    t = ctx.t
    st.markdown(f"**{t('playground.server_heading')}**")
    try:
        policy = uillm.server_policy()
    except UserInputError as exc:
        messages.show_error(exc)
        policy = servers.ServerPolicy(False, (), "secrets")
    if not policy.allow_custom:
        st.info(t(f"playground.server_off_{policy.reason}"))
    elif policy.allowed_prefixes:
        st.caption(t("playground.server_allowed", urls=", ".join(policy.allowed_prefixes)))
    elif not policy.local_run:
        st.caption(t("playground.server_public_only"))
    disabled = not policy.allow_custom
    st.text_input(
        t("playground.server_url"),
        key="pg_server_url",
        disabled=disabled,
        help=t("playground.server_url_help"),
    )
    keys.key_field(
        "server",
        "pg_server_key",
        t("playground.server_key"),
        help=t("playground.key_help"),
        disabled=disabled,
    )
    numbers.whole_input(
        t("playground.server_ctx"),
        min_value=0,
        max_value=MAX_SERVER_CONTEXT,
        step=1024,
        key="pg_server_ctx",
        disabled=disabled,
        help=t("playground.server_ctx_help"),
    )


def _effort(ctx: Ctx, specs: tuple[Spec, ...]) -> str | None:
    """The reasoning effort select, when an OpenAI model in use offers efforts (``core.lifecycle``)."""
    t = ctx.t
    efforts: list[str] = []
    for spec in specs:
        if spec.kind == "openai":
            efforts += [e for e in lifecycle.efforts(spec.model) if e not in efforts]
    if not efforts:
        return None
    if st.session_state.get("pg_effort") not in efforts:
        st.session_state["pg_effort"] = efforts[0]
    effort: str = st.selectbox(
        t("playground.effort"),
        options=efforts,
        key="pg_effort",
        format_func=lambda e: t(f"playground.effort_e_{e}"),
        help=t("playground.effort_help"),
    )
    return effort


def parameters(ctx: Ctx, specs: tuple[Spec, ...]) -> None:
    """Only what the models in use accept: a reasoning effort where it applies, the sampling sliders
    unless every model in use rejects them with that effort (GPT-6 takes them only with effort "none")."""
    t = ctx.t
    st.markdown(f"**{t('playground.params')}**")
    effort = _effort(ctx, specs)
    off = sorted(
        {
            s.model
            for s in specs
            if s.kind == "openai"
            and not lifecycle.accepts_sampling(s.model, remote.effort_for("openai", s.model, effort))
        }
    )
    sampling = len(off) < len({s.model for s in specs})
    if off:
        st.caption(t("playground.sampling_off", models=", ".join(off)))
    c1, c2, c3 = st.columns(3)
    if sampling:
        with c1:
            st.slider(
                t("playground.temperature"),
                0.0,
                2.0,
                step=0.1,
                key="pg_temperature",
                help=t("playground.temperature_help"),
            )
        with c2:
            st.slider(
                t("playground.top_p"), 0.05, 1.0, step=0.05, key="pg_top_p", help=t("playground.top_p_help")
            )
    with c3:
        numbers.whole_input(
            t("playground.max_tokens"),
            min_value=1,
            max_value=MAX_OUTPUT_TOKENS,
            step=16,
            key="pg_max_tokens",
            help=t("playground.max_tokens_help"),
        )
