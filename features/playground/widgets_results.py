"""Showing one answer of the playground: the answer (escaped as model output), its metrics line and the
"Show code" snippet that reproduces the request."""

from __future__ import annotations

import streamlit as st

from core import mdtext
from core.llm import local, snippet
from core.llm.history import HistoryEntry
from core.llm.types import BackendKind, ChatRequest
from features.playground import display
from features.playground.widgets import RESULTS, Ctx


def code_for(ctx: Ctx, request: ChatRequest, kind: BackendKind, model: str, base_url: str | None) -> str:
    t = ctx.t
    if kind == "local":
        # --interrupt_requests False: the server's default cuts off a running answer when a request arrives
        serve = f"python -m llama_cpp.server --model <{local.GGUF_FILE}> --interrupt_requests False"
        comments = (t("playground.code_local"), serve)
        return snippet.python_snippet(request, kind="local", model=model, comments=comments)
    if kind == "server":
        return snippet.python_snippet(request, kind="server", model=model, base_url=base_url)
    return snippet.python_snippet(
        request, kind="openai", model=model, comments=(t("playground.code_openai"),)
    )


def render_entry(ctx: Ctx, entry: HistoryEntry, *, code_kind: BackendKind, base_url: str | None) -> None:
    t = ctx.t
    result = entry.result
    st.markdown(mdtext.model_output(result.text) if result.text else f"_{t('playground.no_text')}_")
    st.caption(display.metrics_line(result, t))
    with st.expander(t("playground.show_code")):
        st.caption(t("playground.show_code_note"))
        st.code(code_for(ctx, entry.request, code_kind, result.model, base_url), language="python")


def show_result(ctx: Ctx, slot: str) -> None:
    stored = st.session_state.get(RESULTS, {}).get(slot)
    if stored is not None:
        entry, kind, base_url = stored
        render_entry(ctx, entry, code_kind=kind, base_url=base_url)
