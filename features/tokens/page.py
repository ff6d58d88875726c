"""Token explorer: how text is split into tokens, what it costs, and German vs. English.

The views are in ``sections``, the shared Streamlit parts (cached counting, the token view, the price
choice) in ``widgets``, every number in ``figures``.
"""

from __future__ import annotations

import streamlit as st

from core import prices, tokens
from core.i18n import Translator
from features.tokens import sections
from features.tokens.figures import DEFAULT_MODEL, LOCAL_MODEL, MODES, SAMPLE_COMPARE, SAMPLE_PARAM
from ui import boundary, messages, state


def render() -> None:
    t = state.tr()
    lang = state.current_lang()
    # the texts outlive a visit to another page or view (their samples follow the language: ui.samples)
    state.keep_widgets((*sections.TEXT_KEYS, *sections.CHAT_KEYS, "tok_chat_name"))
    _header(t)
    mode = _mode(t)
    choice = _choice(t)
    if mode == "text":
        sections.text_view(choice, t, lang)
    elif mode == "chat":
        sections.chat_view(choice, t, lang)
    else:
        sections.compare_view(choice, t, lang)


def _header(t: Translator) -> None:
    st.title(t("tokens.title"))
    st.markdown(t("tokens.intro"))


def _on_mode() -> None:
    """Keep ``?sample=de-en`` in the URL while the comparison is open, so the address can be shared."""
    if st.session_state.get("tok_mode") == "compare":
        st.query_params[SAMPLE_PARAM] = SAMPLE_COMPARE
    elif SAMPLE_PARAM in st.query_params:
        del st.query_params[SAMPLE_PARAM]


def _mode(t: Translator) -> str:
    """The view: ``?sample=de-en`` opens the comparison; an unknown sample is named and dropped."""
    requested = st.query_params.get(SAMPLE_PARAM)
    if requested == SAMPLE_COMPARE:
        st.session_state["tok_mode"] = "compare"
    elif requested is not None:
        messages.show("tokens.unknown_sample", {"sample": requested}, level="warning")
        del st.query_params[SAMPLE_PARAM]
    if st.session_state.get("tok_mode") not in MODES:
        st.session_state["tok_mode"] = "text"
    mode: str = st.radio(
        t("tokens.mode_label"),
        MODES,
        format_func=lambda m: t(f"tokens.mode_{m}"),
        horizontal=True,
        key="tok_mode",
        on_change=boundary.callback(_on_mode),
    )
    return mode


def _choice(t: Translator) -> sections.Choice:
    """Model (and whether fine-tuned), its encoding, and whether whitespace is shown."""
    model_options = [*prices.base_models(), LOCAL_MODEL]
    if st.session_state.get("tok_model") not in model_options:
        st.session_state["tok_model"] = DEFAULT_MODEL
    col_model, col_ft = st.columns([2, 1])
    model: str = col_model.selectbox(
        t("tokens.model_label"),
        model_options,
        format_func=lambda m: t("tokens.model_local") if m == LOCAL_MODEL else m,
        key="tok_model",
    )
    can_ft = model in prices.finetunable_models()
    fine_tuned = col_ft.checkbox(
        t("tokens.ft_label"), key="tok_ft", disabled=not can_ft, help=t("tokens.ft_help")
    )
    encoding, estimate = tokens.encoding_for_model(model)
    if estimate:
        st.warning(t("tokens.estimate_note", model=model, encoding=encoding))
    col_ws, col_ids = st.columns(2)
    whitespace = col_ws.toggle(t("tokens.ws_toggle"), key="tok_ws")
    show_ids = col_ids.toggle(t("tokens.ids_toggle"), key="tok_ids", help=t("tokens.ids_toggle_help"))
    return sections.Choice(model, fine_tuned and can_ft, encoding, estimate, whitespace, show_ids)
