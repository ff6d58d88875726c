"""The playground's Streamlit parts shared by its sections: the cached content, the learner's inputs (kept
across pages, defaults, deep links), the backend a side uses (keys come from ``ui.keys`` only), the workshop
booking of a run (the rules are ``workshop.py``), and running and showing one request."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from core import mdtext
from core.errors import UserInputError
from core.i18n import Lang, Translator
from core.llm import caps as capslib
from core.llm import local, remote, servers
from core.llm.class_servers import ClassServer
from core.llm.history import HistoryEntry
from core.llm.queue import Ticket
from core.llm.types import MAX_OUTPUT_TOKENS, Backend, BackendKind, ChatRequest, Delta, RunResult
from features.playground import prompts as pg
from features.playground import workshop
from features.playground.widgets_queue import queue_message
from ui import keys, messages, numbers, samples, state
from ui import llm as uillm

KINDS: tuple[BackendKind, ...] = ("local", "openai", "server")
MODES = ("single", "compare", "builder")
USAGE = "pg_usage"  # this session's use of the owner's workshop key (capslib.SessionUsage)
RESERVED = "pg__workshop_reserved"  # workshop.Booking of the workshop request now running
RESULTS = "pg_results"  # {slot: (entry, backend kind, base URL)}: the last answer of each side
QUERY_SEEN = "pg__query_seen"
STREAM_REFRESH_S = 0.05
MAX_SERVER_CONTEXT = 10_000_000  # the largest context window one can enter for an own server


@st.cache_resource(show_spinner=False)
def playground_content(lang: Lang) -> tuple[tuple[pg.PromptPair, ...], tuple[pg.Template, ...]]:
    """The prompt pairs and builder templates of one language (read-only, shared)."""
    return pg.load_pairs(lang), pg.load_templates(lang)


@dataclass(frozen=True)
class Ctx:
    """What every section of one page run needs."""

    t: Translator
    pairs: tuple[pg.PromptPair, ...]
    templates: tuple[pg.Template, ...]
    local_ready: bool  # the built-in model is installed

    @property
    def lang(self) -> Lang:
        return self.t.lang


@dataclass(frozen=True)
class Spec:
    """Which backend a side uses (never a key: keys are looked up when the backend is made)."""

    kind: BackendKind
    model: str
    class_server: int | None = None  # index of the owner's class server (``kind`` is then "server")


# ------------------------------------------------------------------------------------------------ inputs
# Streamlit forgets a widget's value when the widget is not drawn in a run (another mode, another page):
# these are kept in this session (the two key fields keep theirs through ui.keys).
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
    "pg_server_url",
    "pg_server_ctx",
    "pg_temperature",
    "pg_top_p",
    "pg_max_tokens",
    "pg_effort",
    *(f"pg_btxt_{name}" for name in pg.BLOCKS),
    *(f"pg_bon_{name}" for name in pg.BLOCKS),
)
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
    "pg_bprice": remote.openai_models()[0],
}


PAIR_GROUP, PAIR_KEYS = "pg_sample_pair", ("pg_cmp_sys_a", "pg_cmp_user_a", "pg_cmp_sys_b", "pg_cmp_user_b")
TPL_GROUP = "pg_sample_tpl"
TPL_KEYS = (*(f"pg_btxt_{name}" for name in pg.BLOCKS), *(f"pg_bon_{name}" for name in pg.BLOCKS))


def pair_loader(ctx: Ctx) -> samples.Loader:
    """Loads the chosen prompt pair (the first one at the start) in the page's language."""
    return lambda: load_pair(ctx.pairs, str(st.session_state.get("pg_pair") or ctx.pairs[0].id))


def template_loader(ctx: Ctx) -> samples.Loader:
    """Loads the chosen builder template (the first one at the start) in the page's language."""

    def load() -> None:
        if st.session_state.get("pg_tpl") not in {x.id for x in ctx.templates}:
            st.session_state["pg_tpl"] = ctx.templates[0].id
        load_template(ctx.templates)

    return load


def prepare_inputs(ctx: Ctx) -> None:
    """Put back the learner's kept inputs, fill in defaults and the first pair and template; untouched
    pairs and templates follow the language (``ui.samples``)."""
    state.keep_widgets(KEEP)
    for key, value in DEFAULTS.items():
        st.session_state.setdefault(key, value)
    samples.follow_language(PAIR_GROUP, PAIR_KEYS, pair_loader(ctx))
    samples.follow_language(TPL_GROUP, TPL_KEYS, template_loader(ctx))


def kept_notes(ctx: Ctx, group: str) -> None:
    """Above the pair's or the template's fields: the note when edited fields were kept in another
    language, with a button for this language's sample."""
    keys_, load, button = (
        (PAIR_KEYS, pair_loader(ctx), "pg_sample_pair_reload")
        if group == PAIR_GROUP
        else (TPL_KEYS, template_loader(ctx), "pg_sample_tpl_reload")
    )
    if samples.follow_language(group, keys_, load):
        samples.kept_note(group, keys_, load, button)


def apply_deep_links(ctx: Ctx) -> None:
    """``?mode=single|compare|builder`` opens a mode, ``?pair=<id>`` opens compare mode with that pair.

    Each value is applied once per session, so later edits are not overwritten on every rerun."""
    seen: set[tuple[str, str]] = st.session_state.setdefault(QUERY_SEEN, set())
    mode_q = st.query_params.get("mode")
    if mode_q in MODES and ("mode", mode_q) not in seen:
        st.session_state["pg_mode"] = mode_q
        seen.add(("mode", mode_q))
    pair_q = st.query_params.get("pair")
    if pair_q is not None and ("pair", pair_q) not in seen:
        seen.add(("pair", pair_q))
        if pg.find_pair(ctx.pairs, pair_q) is None:
            messages.show("playground.unknown_pair", {"pair": pair_q}, level="warning")
        else:
            load_pair(ctx.pairs, pair_q)
            st.session_state["pg_mode"] = "compare"


def request_from(system: str, user: str) -> ChatRequest:
    return ChatRequest.from_prompts(
        system,
        user,
        temperature=float(st.session_state.get("pg_temperature", 0.7)),
        top_p=float(st.session_state.get("pg_top_p", 1.0)),
        max_tokens=_output_limit(strict=False),
        reasoning_effort=st.session_state.get("pg_effort"),
    )


def _output_limit(*, strict: bool) -> int:
    """The output-limit field's number. Not strict: a request is built on every rerun (compare mode), and
    one built from a refused field is never sent — ``run_side`` reads the field strictly first."""
    try:
        return numbers.whole_value("pg_max_tokens", 1, MAX_OUTPUT_TOKENS, state.tr()("playground.max_tokens"))
    except UserInputError:
        if strict:
            raise
        return int(str(DEFAULTS["pg_max_tokens"]))


# ------------------------------------------------------------------------------------------------ callbacks
def load_pair(pairs: tuple[pg.PromptPair, ...], pair_id: str) -> None:
    pair = pg.find_pair(pairs, pair_id)
    if pair is None:
        return
    st.session_state["pg_cmp_kind"] = "prompts"
    st.session_state["pg_cmp_sys_a"] = pair.naive.system
    st.session_state["pg_cmp_user_a"] = pair.naive.user
    st.session_state["pg_cmp_sys_b"] = pair.engineered.system
    st.session_state["pg_cmp_user_b"] = pair.engineered.user
    st.session_state["pg_pair"] = pair.id
    samples.record(PAIR_GROUP, PAIR_KEYS)


def load_template(templates: tuple[pg.Template, ...]) -> None:
    chosen = next((x for x in templates if x.id == st.session_state.get("pg_tpl")), templates[0])
    for name in pg.BLOCKS:
        if name == "examples":
            value = pg.examples_text(chosen.blocks.examples)
        else:
            value = str(getattr(chosen.blocks, name))
        st.session_state[f"pg_btxt_{name}"] = value
        st.session_state[f"pg_bon_{name}"] = bool(value.strip())
    samples.record(TPL_GROUP, TPL_KEYS)


def use_built_prompt(system: str, user: str) -> None:
    st.session_state["pg_system"] = system
    st.session_state["pg_user"] = user
    st.session_state["pg_mode"] = "single"
    st.query_params["mode"] = "single"


def on_mode_change() -> None:
    st.query_params["mode"] = st.session_state["pg_mode"]


# ------------------------------------------------------------------------------------------------ backends
def key_source() -> keys.KeySource:
    if keys.owner_key_configured() and st.session_state.get("pg_key_source") == "owner":
        return "owner"
    return "learner"


def usage() -> capslib.SessionUsage:
    """This session's use of the owner's key: tokens and dollars from the ledger in the database (shared
    by every replica), the recent request times (the per-minute rate) from the session's state."""
    value = st.session_state.get(USAGE)
    times = value.request_times if isinstance(value, capslib.SessionUsage) else ()
    tokens, usd = uillm.app_ledger().session_usage(uillm.session_owner())
    return capslib.SessionUsage(tokens=tokens, usd=usd, request_times=times)


def server_url() -> str:
    return servers.check_server_url(str(st.session_state.get("pg_server_url", "")), uillm.server_policy())


def _class_server(spec: Spec) -> ClassServer | None:
    if spec.class_server is None:
        return None
    room = uillm.class_servers()
    return room[spec.class_server] if spec.class_server < len(room) else None


def base_url_for(spec: Spec) -> str | None:
    if spec.kind != "server":
        return None
    if spec.class_server is not None:
        server = _class_server(spec)
        return server.base_url if server else None
    try:
        return server_url()
    except UserInputError:
        return None


def make_backend(
    spec: Spec, ctx: Ctx, *, box: DeltaGenerator | None = None, ticket: Ticket | None = None
) -> Backend:
    if spec.kind == "local":
        if not ctx.local_ready:
            raise UserInputError("llm.err_local_missing", command=local.ENABLE_COMMAND)
        with st.spinner(ctx.t("playground.loading_model")):
            model = uillm.local_model()

        def waiting(place: int, seconds: float) -> None:
            if box is not None:
                box.info(queue_message(ctx.t, place, seconds), icon=":material/hourglass_top:")

        return local.LocalBackend(model, owner=uillm.session_owner(), ticket=ticket, on_wait=waiting)
    if spec.kind == "openai":
        key = keys.openai_key(key_source())
        if key is None:
            raise UserInputError("llm.err_no_key")
        return remote.OpenAIBackend(model=spec.model, api_key=key)
    if spec.class_server is not None:
        server = _class_server(spec)
        if server is None:
            raise UserInputError(
                "llm.err_class_server_config", n=spec.class_server + 1, field="class_servers"
            )
        return uillm.class_backend(server)
    window = (
        numbers.whole_value("pg_server_ctx", 0, MAX_SERVER_CONTEXT, ctx.t("playground.server_ctx")) or None
    )
    # resolved and checked now; the client connects only to the addresses checked here
    checked = servers.check_server(
        str(st.session_state.get("pg_server_url", "")), uillm.server_policy(), resolve=uillm.resolver()
    )
    return remote.compatible_backend(
        checked.url, spec.model, keys.learner_key("server"), window=window, pin=checked.pin
    )


# ------------------------------------------------------------------------------------------------ workshop
def workshop_check(spec: Spec, backend: Backend, request: ChatRequest) -> None:
    """Count the prompt (refuses a bad request); with the owner's key, check the caps and book the worst
    case now: a run interrupted by a rerun (a click while streaming) never reaches ``record_workshop``."""
    prompt = backend.preflight(request)
    if not workshop.uses_workshop(spec.kind, key_source()):
        return
    price = backend.price() if isinstance(backend, remote.OpenAIBackend) else None
    booked, booking = workshop.book(
        uillm.workshop_caps(),
        usage(),
        uillm.app_ledger(),
        now=time.monotonic(),
        model=spec.model,
        prompt_tokens=prompt.tokens,
        max_output_tokens=request.max_tokens,
        price=price,
        session=uillm.session_owner(),
    )
    st.session_state[USAGE] = booked
    st.session_state[RESERVED] = booking


def record_workshop(spec: Spec, result: RunResult | None) -> None:
    if not workshop.uses_workshop(spec.kind, key_source()):
        return
    booking = st.session_state.pop(RESERVED, workshop.NOTHING)
    if not isinstance(booking, workshop.Booking):
        booking = workshop.NOTHING
    st.session_state[USAGE] = workshop.settle(
        usage(), uillm.app_ledger(), booking, result, session=uillm.session_owner()
    )


# ------------------------------------------------------------------------------------------------ runs
def run_side(
    ctx: Ctx,
    slot: str,
    spec: Spec,
    request: ChatRequest,
    label: str = "",
    *,
    box: DeltaGenerator | None = None,
    ticket: Ticket | None = None,
) -> None:
    """Stream one request into ``box`` (a new one in the current container); keep the result in this
    session. With the built-in model it first waits its turn, showing its place in line."""
    st.session_state.setdefault(RESULTS, {}).pop(slot, None)
    box = box or st.empty()
    try:
        _output_limit(strict=True)  # refuses what the field holds if it is not a number in range
        backend = make_backend(spec, ctx, box=box, ticket=ticket)
        workshop_check(spec, backend, request)
    except UserInputError as exc:
        box.empty()
        messages.show_error(exc)
        return
    text = ""
    shown = 0.0
    result: RunResult | None = None
    stream = backend.stream(request)
    try:
        for chunk in stream:
            if isinstance(chunk, Delta):
                text += chunk.text
                now = time.monotonic()
                if now - shown >= STREAM_REFRESH_S:
                    box.markdown(mdtext.model_output(text))
                    shown = now
            else:
                result = chunk.result
    except UserInputError as exc:
        record_workshop(spec, None)
        box.markdown(mdtext.model_output(text))
        messages.show_error(exc)
        return
    finally:
        close = getattr(stream, "close", None)
        if callable(close):
            close()  # a stop (rerun) ends the run here: the built-in model is free at once
    box.empty()
    record_workshop(spec, result)
    if result is None:
        return
    entry = HistoryEntry(
        when=datetime.now().isoformat(timespec="seconds"), label=label, request=request, result=result
    )
    st.session_state[RESULTS][slot] = (entry, spec.kind, base_url_for(spec))
    state.add_run(entry)
