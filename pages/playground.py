"""Prompt playground: the built-in model, OpenAI or your own server; single run, compare, prompt builder."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

import streamlit as st

from core import fmt, mdtext
from core import playground as pg
from core.errors import UserInputError
from core.llm import caps as capslib
from core.llm import local, metrics, remote, servers, snippet
from core.llm.types import MAX_OUTPUT_TOKENS, Backend, BackendKind, ChatRequest, Delta, RunResult
from ui import llm as uillm
from ui import state

t = state.tr()
lang = state.current_lang()
pairs, templates = uillm.playground_content(lang)
status = local.local_status()
KINDS: tuple[BackendKind, ...] = ("local", "openai", "server")
MODES = ("single", "compare", "builder")
MONEY_PARAMS = {"llm.cap_money": ("needed", "left"), "llm.cap_app_money": ("needed", "left")}
RESERVED = "pg__workshop_reserved"  # (tokens, dollars) booked for the workshop request now running
STREAM_REFRESH_S = 0.05


# ------------------------------------------------------------------------------------------------ helpers
def show_error(exc: UserInputError) -> None:
    """A localized message with its numbers formatted for the current language."""
    money = MONEY_PARAMS.get(exc.key, ())
    params: dict[str, object] = {}
    for name, value in exc.params.items():
        if name in money and isinstance(value, int | float):
            params[name] = fmt.money(float(value), lang, digits=4)
        elif isinstance(value, bool) or not isinstance(value, int | float):
            params[name] = value
        elif isinstance(value, int):
            params[name] = fmt.number(value, lang)
        else:
            params[name] = fmt.compact(value, lang)
    if t.has(exc.key):
        st.error(t(exc.key, **mdtext.literal_params(params)))
    else:
        state.show_user_error(exc)


def cost_text(cost: float | None) -> str:
    if cost is None:
        return t("playground.m_cost_unknown")
    if cost == 0:
        return t("playground.m_cost_free")
    return t("playground.m_cost", value=fmt.money(cost, lang, digits=5))


def metrics_line(result: RunResult) -> str:
    source = t(f"playground.src_{result.token_source}")
    parts = [
        t("playground.m_prompt", n=fmt.number(result.prompt_tokens, lang), source=source),
        t("playground.m_output", n=fmt.number(result.output_tokens, lang)),
        cost_text(result.cost_usd),
    ]
    timing = result.timing
    if timing.ttft_s is not None:
        parts.append(t("playground.m_ttft", s=fmt.number(timing.ttft_s, lang, 2)))
    parts.append(t("playground.m_total", s=fmt.number(timing.total_s, lang, 2)))
    if timing.tokens_per_s is not None:
        parts.append(t("playground.m_speed", n=fmt.number(timing.tokens_per_s, lang, 1)))
    if result.finish_reason == "length":
        parts.append(t("playground.m_cut"))
    return "  ·  ".join(parts)


def render_entry(entry: pg.HistoryEntry, *, code_kind: BackendKind, base_url: str | None) -> None:
    result = entry.result
    st.markdown(pg.escape_output(result.text) if result.text else f"_{t('playground.no_text')}_")
    st.caption(metrics_line(result))
    with st.expander(t("playground.show_code")):
        st.caption(t("playground.show_code_note"))
        st.code(code_for(entry.request, code_kind, result.model, base_url), language="python")


def code_for(request: ChatRequest, kind: BackendKind, model: str, base_url: str | None) -> str:
    if kind == "local":
        comments = (t("playground.code_local"), f"python -m llama_cpp.server --model <{local.GGUF_FILE}>")
        return snippet.python_snippet(request, kind="local", model=model, comments=comments)
    if kind == "server":
        return snippet.python_snippet(request, kind="server", model=model, base_url=base_url)
    return snippet.python_snippet(
        request, kind="openai", model=model, comments=(t("playground.code_openai"),)
    )


@dataclass(frozen=True)
class Spec:
    """Which backend a side uses (never a key: keys are looked up when the backend is made)."""

    kind: BackendKind
    model: str


def key_source() -> uillm.KeySource:
    if uillm.owner_key_configured() and st.session_state.get("pg_key_source") == "owner":
        return "owner"
    return "learner"


def uses_workshop(spec: Spec) -> bool:
    return spec.kind == "openai" and key_source() == "owner"


def server_url() -> str:
    return servers.check_server_url(str(st.session_state.get("pg_server_url", "")), uillm.server_policy())


def make_backend(spec: Spec) -> Backend:
    if spec.kind == "local":
        if not status.available:
            raise UserInputError("llm.err_local_missing", command=local.ENABLE_COMMAND)
        with st.spinner(t("playground.loading_model")):
            model = uillm.local_model()
        return local.LocalBackend(model)
    if spec.kind == "openai":
        key = uillm.openai_key(key_source())
        if key is None:
            raise UserInputError("llm.err_no_key")
        return remote.OpenAIBackend(model=spec.model, api_key=key)
    window = int(st.session_state.get("pg_server_ctx", 0) or 0) or None
    return remote.compatible_backend(server_url(), spec.model, uillm.server_key(), window=window)


def workshop_check(spec: Spec, backend: Backend, request: ChatRequest) -> None:
    prompt = backend.preflight(request)
    if not uses_workshop(spec):
        return
    price = backend.price() if isinstance(backend, remote.OpenAIBackend) else None
    caps = uillm.workshop_caps()
    capslib.check_caps(
        caps,
        st.session_state.get("pg_usage", capslib.SessionUsage()),
        now=time.monotonic(),
        model=spec.model,
        prompt_tokens=prompt.tokens,
        max_output_tokens=request.max_tokens,
        input_per_mtok=price.input_per_mtok if price else None,
        output_per_mtok=price.output_per_mtok if price else None,
    )
    assert price is not None  # check_caps refuses a model without a price
    worst = metrics.request_cost(
        prompt.tokens, request.max_tokens, price.input_per_mtok, price.output_per_mtok
    )
    uillm.app_ledger().reserve(caps, worst)  # every session together: refuses when the app's budget is used
    # Book the worst case now: a run interrupted by a rerun (a click while streaming) never reaches
    # record_workshop, and must not leave its tokens and dollars uncounted.
    usage = st.session_state.get("pg_usage", capslib.SessionUsage())
    worst_tokens = prompt.tokens + request.max_tokens
    st.session_state["pg_usage"] = capslib.record(usage, now=time.monotonic(), tokens=worst_tokens, usd=worst)
    st.session_state[RESERVED] = (worst_tokens, worst)


def record_workshop(spec: Spec, result: RunResult | None) -> None:
    if not uses_workshop(spec):
        return
    reserved_tokens, reserved_usd = st.session_state.pop(RESERVED, (0, 0.0))
    usage = st.session_state.get("pg_usage", capslib.SessionUsage())
    tokens = (result.prompt_tokens + result.output_tokens) if result else 0
    usd = (result.cost_usd or 0.0) if result else 0.0
    st.session_state["pg_usage"] = capslib.settle(
        usage, reserved_tokens=reserved_tokens, reserved_usd=reserved_usd, tokens=tokens, usd=usd
    )
    uillm.app_ledger().settle(reserved_usd, usd)


def run_side(slot: str, spec: Spec, request: ChatRequest, label: str = "") -> None:
    """Stream one request into the current container; keep the result in this session."""
    st.session_state.setdefault("pg_results", {}).pop(slot, None)
    try:
        backend = make_backend(spec)
        workshop_check(spec, backend, request)
    except UserInputError as exc:
        show_error(exc)
        return
    box = st.empty()
    text = ""
    shown = 0.0
    result: RunResult | None = None
    try:
        for chunk in backend.stream(request):
            if isinstance(chunk, Delta):
                text += chunk.text
                now = time.monotonic()
                if now - shown >= STREAM_REFRESH_S:
                    box.markdown(pg.escape_output(text))
                    shown = now
            else:
                result = chunk.result
    except UserInputError as exc:
        record_workshop(spec, None)
        box.markdown(pg.escape_output(text))
        show_error(exc)
        return
    box.empty()
    record_workshop(spec, result)
    if result is None:
        return
    entry = pg.HistoryEntry(
        when=datetime.now().isoformat(timespec="seconds"), label=label, request=request, result=result
    )
    st.session_state["pg_results"][slot] = (entry, spec.kind, base_url_for(spec))
    st.session_state["pg_history"] = pg.add_history(st.session_state.get("pg_history", ()), entry)


def base_url_for(spec: Spec) -> str | None:
    if spec.kind != "server":
        return None
    try:
        return server_url()
    except UserInputError:
        return None


def show_result(slot: str) -> None:
    stored = st.session_state.get("pg_results", {}).get(slot)
    if stored is not None:
        entry, kind, base_url = stored
        render_entry(entry, code_kind=kind, base_url=base_url)


def request_from(system: str, user: str) -> ChatRequest:
    return ChatRequest.from_prompts(
        system,
        user,
        temperature=float(st.session_state.get("pg_temperature", 0.7)),
        top_p=float(st.session_state.get("pg_top_p", 1.0)),
        max_tokens=int(st.session_state.get("pg_max_tokens", 256)),
    )


# ------------------------------------------------------------------------------------------------ callbacks
def load_pair(pair_id: str) -> None:
    pair = pg.find_pair(pairs, pair_id)
    if pair is None:
        return
    st.session_state["pg_cmp_kind"] = "prompts"
    st.session_state["pg_cmp_sys_a"] = pair.naive.system
    st.session_state["pg_cmp_user_a"] = pair.naive.user
    st.session_state["pg_cmp_sys_b"] = pair.engineered.system
    st.session_state["pg_cmp_user_b"] = pair.engineered.user
    st.session_state["pg_pair"] = pair.id


def load_template() -> None:
    chosen = next((x for x in templates if x.id == st.session_state.get("pg_tpl")), templates[0])
    for name in pg.BLOCKS:
        if name == "examples":
            value = pg.examples_text(chosen.blocks.examples)
        else:
            value = str(getattr(chosen.blocks, name))
        st.session_state[f"pg_btxt_{name}"] = value
        st.session_state[f"pg_bon_{name}"] = bool(value.strip())


def use_built_prompt(system: str, user: str) -> None:
    st.session_state["pg_system"] = system
    st.session_state["pg_user"] = user
    st.session_state["pg_mode"] = "single"
    st.query_params["mode"] = "single"


def on_mode_change() -> None:
    st.query_params["mode"] = st.session_state["pg_mode"]


def clear_history() -> None:
    st.session_state["pg_history"] = ()


# ------------------------------------------------------------------------------------------------ state
# Streamlit forgets a widget's value when the widget is not drawn in a run (another mode, another page).
# Keep a copy of the learner's inputs (in this session only) and put it back when the widget returns.
KEEP = (
    "pg_mode",
    "pg_system",
    "pg_user",
    "pg_cmp_kind",
    "pg_pair",
    "pg_tpl",
    "pg_bprice",
    "pg_cmp_sys_a",
    "pg_cmp_user_a",
    "pg_cmp_sys_b",
    "pg_cmp_user_b",
    "pg_a_kind",
    "pg_b_kind",
    "pg_a_openai_model",
    "pg_b_openai_model",
    "pg_a_server_model",
    "pg_b_server_model",
    "pg_key_source",
    uillm.LEARNER_OPENAI_KEY,
    uillm.LEARNER_SERVER_KEY,
    "pg_server_url",
    "pg_server_ctx",
    "pg_temperature",
    "pg_top_p",
    "pg_max_tokens",
    *(f"pg_btxt_{name}" for name in pg.BLOCKS),
    *(f"pg_bon_{name}" for name in pg.BLOCKS),
)
kept: dict[str, object] = st.session_state.setdefault("pg__kept", {})
for _key in KEEP:
    if _key in st.session_state:
        kept[_key] = st.session_state[_key]
        st.session_state[_key] = st.session_state[_key]
    elif _key in kept:
        st.session_state[_key] = kept[_key]

DEFAULTS: dict[str, object] = {
    "pg_mode": "single",
    "pg_system": "",
    "pg_user": "",
    "pg_cmp_kind": "prompts",
    "pg_temperature": 0.7,
    "pg_top_p": 1.0,
    "pg_max_tokens": 256,
    "pg_key_source": "learner",
    "pg_server_url": "http://127.0.0.1:11434/v1",
    "pg_server_ctx": 0,
    "pg_bprice": remote.OPENAI_MODELS[0],
}
for _key, _value in DEFAULTS.items():
    st.session_state.setdefault(_key, _value)
if "pg_cmp_user_a" not in st.session_state:
    load_pair(pairs[0].id)
if "pg_btxt_task" not in st.session_state:
    st.session_state["pg_tpl"] = templates[0].id
    load_template()

# Deep links: ?mode=single|compare|builder opens a mode, ?pair=<id> opens compare mode with that pair.
# Each value is applied once per session, so later edits are not overwritten on every rerun.
seen: set[tuple[str, str]] = st.session_state.setdefault("pg__query_seen", set())
mode_q = st.query_params.get("mode")
if mode_q in MODES and ("mode", mode_q) not in seen:
    st.session_state["pg_mode"] = mode_q
    seen.add(("mode", mode_q))
pair_q = st.query_params.get("pair")
if pair_q is not None and ("pair", pair_q) not in seen:
    seen.add(("pair", pair_q))
    if pg.find_pair(pairs, pair_q) is None:
        st.warning(t("playground.unknown_pair", pair=mdtext.literal(pair_q)))
    else:
        load_pair(pair_q)
        st.session_state["pg_mode"] = "compare"

# ------------------------------------------------------------------------------------------------ page
st.title(t("playground.title"))
st.markdown(t("playground.intro"))
st.info(t("playground.tiny_model_note"), icon=":material/info:")

mode = st.radio(
    t("playground.mode"),
    options=list(MODES),
    format_func=lambda m: t(f"playground.mode_{m}"),
    horizontal=True,
    key="pg_mode",
    on_change=on_mode_change,
)
compare_models = mode == "compare" and st.session_state.get("pg_cmp_kind") == "models"


def backend_picker(side: str, heading: str) -> Spec:
    default = "local" if status.available else "openai"
    st.session_state.setdefault(f"pg_{side}_kind", default)
    kind: BackendKind = st.radio(
        heading,
        options=list(KINDS),
        format_func=lambda k: t(f"playground.kind_{k}"),
        key=f"pg_{side}_kind",
        horizontal=True,
    )
    if kind == "local":
        if status.available:
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
        options = list(allowed) if workshop else list(remote.OPENAI_MODELS)
        if st.session_state.get(f"pg_{side}_openai_model") not in options:
            st.session_state[f"pg_{side}_openai_model"] = options[0]
        model = st.selectbox(t("playground.openai_model"), options=options, key=f"pg_{side}_openai_model")
        return Spec("openai", str(model))
    st.session_state.setdefault(f"pg_{side}_server_model", "llama3.2")
    model = st.text_input(t("playground.server_model"), key=f"pg_{side}_server_model")
    return Spec("server", model.strip())


with st.expander(t("playground.setup"), expanded=mode != "builder"):
    if compare_models:
        col_a, col_b = st.columns(2)
        with col_a:
            spec_a = backend_picker("a", t("playground.backend_side", side="A"))
        with col_b:
            spec_b = backend_picker("b", t("playground.backend_side", side="B"))
        kinds_in_use = {spec_a.kind, spec_b.kind}
    else:
        spec_a = backend_picker("a", t("playground.backend"))
        spec_b = spec_a
        kinds_in_use = {spec_a.kind}

    if "openai" in kinds_in_use:
        st.markdown(f"**{t('playground.openai_heading')}**")
        if uillm.owner_key_configured():
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
                show_error(exc)
            else:
                usage = st.session_state.get("pg_usage", capslib.SessionUsage())
                tokens_left, usd_left = capslib.remaining(caps, usage)
                st.caption(
                    t(
                        "playground.workshop_left",
                        tokens=fmt.number(tokens_left, lang),
                        money=fmt.money(usd_left, lang, digits=4),
                        max_out=fmt.number(caps.max_output_tokens, lang),
                        rpm=fmt.number(caps.requests_per_minute, lang),
                    )
                )
        else:
            st.text_input(
                t("playground.openai_key"),
                type="password",
                key=uillm.LEARNER_OPENAI_KEY,
                help=t("playground.key_help"),
                placeholder="sk-...",
            )
    if "server" in kinds_in_use:
        st.markdown(f"**{t('playground.server_heading')}**")
        try:
            policy = uillm.server_policy()
        except UserInputError as exc:
            show_error(exc)
            policy = servers.ServerPolicy(False, (), "secrets")
        if not policy.allow_custom:
            st.info(t(f"playground.server_off_{policy.reason}"))
        elif policy.allowed_prefixes:
            st.caption(t("playground.server_allowed", urls=", ".join(policy.allowed_prefixes)))
        disabled = not policy.allow_custom
        st.text_input(
            t("playground.server_url"),
            key="pg_server_url",
            disabled=disabled,
            help=t("playground.server_url_help"),
        )
        st.text_input(
            t("playground.server_key"),
            type="password",
            key=uillm.LEARNER_SERVER_KEY,
            disabled=disabled,
            help=t("playground.key_help"),
        )
        st.number_input(
            t("playground.server_ctx"),
            min_value=0,
            max_value=10_000_000,
            step=1024,
            key="pg_server_ctx",
            disabled=disabled,
            help=t("playground.server_ctx_help"),
        )

    st.markdown(f"**{t('playground.params')}**")
    c1, c2, c3 = st.columns(3)
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
        st.number_input(
            t("playground.max_tokens"),
            min_value=1,
            max_value=MAX_OUTPUT_TOKENS,
            step=16,
            key="pg_max_tokens",
            help=t("playground.max_tokens_help"),
        )

# ------------------------------------------------------------------------------------------------ single
if mode == "single":
    st.text_area(t("playground.system"), key="pg_system", height=90, help=t("playground.system_help"))
    st.text_area(t("playground.user"), key="pg_user", height=140)
    if st.button(t("playground.run"), type="primary", key="pg_run", icon=":material/play_arrow:"):
        run_side("single", spec_a, request_from(st.session_state["pg_system"], st.session_state["pg_user"]))
    show_result("single")

# ------------------------------------------------------------------------------------------------ compare
elif mode == "compare":
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
        st.button(t("playground.load_pair"), key="pg_load_pair", on_click=load_pair, args=(pair_id,))
    current_pair = pg.find_pair(pairs, pair_id)
    if current_pair is not None:
        st.caption(current_pair.explanation)
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
    with out_a:
        st.markdown(f"**A** · {mdtext.literal(spec_a.model)}")
        if run_both:
            run_side("A", spec_a, req_a, label="A")
        show_result("A")
    with out_b:
        st.markdown(f"**B** · {mdtext.literal(spec_b.model)}")
        if run_both:
            run_side("B", spec_b, req_b, label="B")
        show_result("B")

# ------------------------------------------------------------------------------------------------ builder
else:
    st.markdown(t("playground.builder_intro"))
    tc1, tc2 = st.columns([3, 1], vertical_alignment="bottom")
    with tc1:
        st.selectbox(
            t("playground.template"),
            options=[x.id for x in templates],
            format_func=lambda i: next(x.name for x in templates if x.id == i),
            key="pg_tpl",
        )
    with tc2:
        st.button(t("playground.load_template"), key="pg_load_tpl", on_click=load_template)
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
        show_error(exc)
    st.subheader(t("playground.assembled"))
    st.caption(t("playground.system"))
    st.code(built_system or "—", language=None, wrap_lines=True)
    st.caption(t("playground.user"))
    st.code(built_user or "—", language=None, wrap_lines=True)
    st.selectbox(t("playground.price_model"), options=list(remote.OPENAI_MODELS), key="pg_bprice")
    cost = pg.prompt_cost(built_system, built_user, str(st.session_state["pg_bprice"]))
    last = st.session_state.get("pg_b_last")
    if last is None or last[0] != cost.tokens:
        delta = None if last is None else cost.tokens - last[0]
        st.session_state["pg_b_last"] = (cost.tokens, delta)
    else:
        delta = last[1]
    m1, m2, m3 = st.columns(3)
    m1.metric(
        t("playground.b_tokens") + (" ≈" if cost.estimate else ""),
        fmt.number(cost.tokens, lang),
        delta=fmt.number(delta, lang) if delta else None,
        delta_color="inverse",
    )
    m2.metric(
        t("playground.b_cost_one"),
        fmt.money(cost.usd_per_request, lang, digits=6) if cost.usd_per_request is not None else "—",
    )
    m3.metric(
        t("playground.b_cost_1000"),
        fmt.money(cost.usd_per_1000, lang, digits=4) if cost.usd_per_1000 is not None else "—",
    )
    st.caption(t("playground.b_cost_note"))
    bb1, bb2 = st.columns(2)
    with bb1:
        st.button(
            t("playground.use_prompt"),
            key="pg_use_built",
            on_click=use_built_prompt,
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

# ------------------------------------------------------------------------------------------------ history
history: tuple[pg.HistoryEntry, ...] = st.session_state.get("pg_history", ())
st.divider()
st.subheader(t("playground.history", n=fmt.number(len(history), lang)))
if not history:
    st.caption(t("playground.history_empty"))
else:
    hc1, hc2 = st.columns(2)
    with hc1:
        st.download_button(
            t("playground.export_history"),
            data=pg.history_jsonl(history),
            file_name="playground-history.jsonl",
            mime="application/jsonl",
            key="pg_dl_history",
            help=t("playground.export_history_help"),
        )
    with hc2:
        st.button(t("playground.clear_history"), key="pg_clear_history", on_click=clear_history)
    for entry in reversed(history):
        label = entry.label + " · " if entry.label else ""
        title = f"{entry.when[11:]} · {label}{mdtext.literal(entry.result.model)}"
        with st.expander(title):
            st.caption(t("playground.user"))
            st.text(entry.request.user)
            st.caption(t("playground.answer"))
            st.markdown(pg.escape_output(entry.result.text))
            st.caption(metrics_line(entry.result))
