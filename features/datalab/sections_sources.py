"""The data lab's first section: the model whose tokenizer counts, and where the training set comes from
(bundled samples, an upload, pasted text, the playground's runs). A new file is checked before it replaces
the loaded one."""

from __future__ import annotations

from typing import Any

import streamlit as st

from core import fmt, i18n, prices, text
from core.errors import UserInputError
from core.i18n import Translator
from features.datalab import checks, parsing, session, sources, view, wholefile
from ui import messages, state
from ui.links import page_link


def model_choice(t: Translator) -> str:
    models = prices.finetunable_models()
    if st.session_state.get("dl_model") not in models:
        st.session_state["dl_model"] = models[0]
    model: str = st.selectbox(t("datalab.model"), models, key="dl_model", help=t("datalab.model_help"))
    return model


def _analyze(name: str, data: bytes, model: str) -> bool:
    """Parse and check ``data`` with a progress bar; store the result. False (and a message) on bad input."""
    lang = state.current_lang()
    bar = st.progress(0.0, text=messages.text("datalab.reading", {"name": name}))

    def report_progress(share: float) -> None:
        pct = fmt.percent(share, lang)
        bar.progress(min(1.0, share), text=messages.text("datalab.reading_pct", {"name": name, "pct": pct}))

    try:
        wholefile.check_not_whole_json(data)
        _, report = checks.load_and_analyze(data, checks.ModelCounter(model), report_progress)
    except UserInputError as exc:
        bar.empty()
        st.session_state[session.LOAD_ERROR] = exc
        return False
    bar.empty()
    st.session_state[session.RESULT] = {"sig": view.signature(data, model), "report": report}
    st.session_state.pop(session.FIXED, None)
    return True


def load(name: str, data: bytes, model: str) -> None:
    """A new file from any source: checked first; it replaces the loaded one only when it can be read."""
    st.session_state.pop(session.LOAD_ERROR, None)
    if _analyze(name, data, model):
        st.session_state[session.LOADED] = {"name": name, "data": data}


def _samples(t: Translator, model: str) -> None:
    lang = state.current_lang()
    st.caption(t("datalab.sample_caption"))
    good_col, bad_col = st.columns(2)
    if good_col.button(t("datalab.load_good_sample"), key="dl_load_sample"):
        load(f"sample_{lang}.jsonl", sources.sample_bytes(lang, "sample"), model)
    if bad_col.button(t("datalab.load_bad_sample"), key="dl_load_bad_sample"):
        load(f"bad_sample_{lang}.jsonl", sources.sample_bytes(lang, "bad_sample"), model)


def _upload(t: Translator, model: str) -> None:
    limit_mb = parsing.MAX_FILE_BYTES // 1024 // 1024
    upload = st.file_uploader(
        t("datalab.upload", limit=limit_mb),
        type=["jsonl", "json", "txt"],
        key="dl_upload",
        max_upload_size=limit_mb,  # Streamlit's own check: the same number as the app's
    )
    if upload is not None:
        marker = (upload.name, upload.size, getattr(upload, "file_id", ""))
        if st.session_state.get(session.UPLOAD_DONE) != marker:
            st.session_state[session.UPLOAD_DONE] = marker
            load(upload.name, upload.getvalue(), model)


def _paste(t: Translator, model: str) -> None:
    pasted = st.text_area(
        t("datalab.paste"),
        height=200,
        key="dl_paste",
        placeholder=t("datalab.paste_hint", example=sources.PASTE_EXAMPLE),
    )
    if st.button(t("datalab.paste_check"), key="dl_paste_check"):
        cleaned = text.clean(pasted)
        if cleaned.changed:
            messages.show(
                "common.text_replaced", {"count": cleaned.replaced, "position": cleaned.first + 1}, "warning"
            )
        load(t("datalab.pasted_name"), cleaned.text.encode("utf-8"), model)


def _history(t: Translator, model: str) -> None:
    try:
        examples = sources.examples_from_runs(state.runs())
    except UserInputError as exc:
        messages.show_error(exc, level="info")
        page_link("playground", t("datalab.open_playground"), icon=":material/arrow_forward:")
    else:
        st.caption(messages.text("datalab.history_found", {"n": len(examples)}))
        if st.button(t("datalab.history_build"), key="dl_history_build"):
            load(t("datalab.history_name"), parsing.from_examples(examples).to_jsonl(), model)


def choose_source(t: Translator, model: str) -> None:
    """The source picker and its input; a failed load's message below it."""
    source = st.radio(
        t("datalab.source"),
        sources.SOURCES,
        format_func=lambda s: t(f"datalab.source_{s}"),
        horizontal=True,
        key="dl_source",
    )
    {"sample": _samples, "upload": _upload, "paste": _paste, "history": _history}[source](t, model)
    load_error = st.session_state.get(session.LOAD_ERROR)
    if isinstance(load_error, UserInputError):
        messages.show_error(load_error)


def _sample_in_language(entry: dict[str, Any]) -> dict[str, Any]:
    """A bundled sample loaded in the other language is swapped for this language's (it cannot be edited in
    place; a fixed version is a separate download)."""
    lang = state.current_lang()
    for other in i18n.LANGS:
        for sample in sources.SAMPLES:
            named = other != lang and entry.get("name") == f"{sample}_{other}.jsonl"
            if named and entry.get("data") == sources.sample_bytes(other, sample):
                entry = {"name": f"{sample}_{lang}.jsonl", "data": sources.sample_bytes(lang, sample)}
                st.session_state[session.LOADED] = entry
    return entry


def loaded(t: Translator, model: str) -> view.Loaded | None:
    """The loaded file with its report for ``model`` (checked again when the model changed), or None."""
    entry = st.session_state.get(session.LOADED)
    if not isinstance(entry, dict):
        st.info(t("datalab.nothing_loaded"))
        return None
    entry = _sample_in_language(entry)
    name: str = entry["name"]
    data: bytes = entry["data"]
    sig = view.signature(data, model)
    result = st.session_state.get(session.RESULT)
    if not isinstance(result, dict) or result.get("sig") != sig:
        _analyze(name, data, model)
        result = st.session_state.get(session.RESULT)
    if not isinstance(result, dict) or result.get("sig") != sig:
        return None
    return view.Loaded(name, data, sig, result["report"])
