"""The token explorer's three views: one text, a chat request, and German vs. English."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from core import fmt, tokens
from core.errors import UserInputError
from core.i18n import Lang, Translator
from features.tokens import figures
from features.tokens import widgets as w
from features.tokens.figures import MAX_CHARS, VISUAL_LIMIT
from ui import messages, samples


@dataclass(frozen=True)
class Choice:
    """What the learner chose above the views."""

    model: str
    fine_tuned: bool
    encoding: str  # the model's encoding
    estimate: bool  # the model's tokenizer is not published: counts are estimates
    whitespace: bool
    ids: bool = False  # token ids written under each token (the ids toggle)


TEXT_KEYS = ("tok_text",)
CHAT_KEYS = ("tok_chat_system", "tok_chat_user", "tok_chat_assistant")
SAMPLE_TEXTS = {  # field -> interface string of its sample
    "tok_text": "tokens.default_text",
    "tok_chat_system": "tokens.chat_default_system",
    "tok_chat_user": "tokens.chat_default_user",
    "tok_chat_assistant": "tokens.chat_default_assistant",
}


def _sample(keys: tuple[str, ...], t: Translator) -> samples.Loader:
    """The loader of a view's sample texts (``tok_text`` -> ``tokens.default_text``, ...)."""

    def load() -> None:
        for key in keys:
            st.session_state[key] = t(SAMPLE_TEXTS[key])

    return load


def _follow(group: str, keys: tuple[str, ...], t: Translator) -> None:
    """The view's samples follow the language; an edited text is kept, with a note (see ui.samples)."""
    load = _sample(keys, t)
    if samples.follow_language(group, keys, load):
        samples.kept_note(group, keys, load, f"{group}_reload")


def text_view(c: Choice, t: Translator, lang: Lang) -> None:
    _follow("tok_sample_text", TEXT_KEYS, t)
    text = st.text_area(
        t("tokens.text_label"),
        height=160,
        max_chars=MAX_CHARS,
        help=t("tokens.text_help", limit=fmt.number(VISUAL_LIMIT, lang)),
        key="tok_text",
    )
    if not text:
        st.info(t("tokens.empty"))
        return
    try:
        figures.check_length(text)
    except UserInputError as exc:
        messages.show_error(exc)
        return
    with st.spinner(t("tokens.counting")):
        counts = {enc: w.analyse(text, enc, VISUAL_LIMIT) for enc in tokens.ENCODINGS}
    cols = st.columns(len(tokens.ENCODINGS) + 1)
    cols[0].metric(t("tokens.chars"), fmt.number(len(text), lang))
    for col, enc in zip(cols[1:], tokens.ENCODINGS, strict=True):
        n = counts[enc][0]
        used = enc == c.encoding
        col.metric(t("tokens.tokens_of", encoding=enc), figures.count(n, lang, c.estimate and used))
        col.caption(
            t("tokens.chars_per_token", encoding=enc)
            + ": "
            + figures.per_token(len(text), n, lang)
            + "  \n"
            + (t("tokens.used_by", model=c.model) if used else t("tokens.not_used_by"))
        )

    st.subheader(t("tokens.cost_heading"))
    price = w.choose_price(c.model, c.fine_tuned, t, lang)
    if price is not None:
        n_model = counts[c.encoding][0]
        c_in, c_out = st.columns(2)
        c_in.metric(t("tokens.cost_input"), figures.cost(n_model, price.input_per_mtok, lang, c.estimate))
        c_out.metric(t("tokens.cost_output"), figures.cost(n_model, price.output_per_mtok, lang, c.estimate))
        if c.estimate:
            st.caption(t("tokens.cost_estimate"))

    viz = st.radio(
        t("tokens.viz_encoding"),
        tokens.ENCODINGS,
        horizontal=True,
        key="tok_viz_enc",
        index=tokens.ENCODINGS.index(c.encoding),
    )
    total, head = counts[viz]
    w.draw(head, total, viz, c.whitespace, t, lang, show_ids=c.ids)


def chat_view(c: Choice, t: Translator, lang: Lang) -> None:
    st.markdown(t("tokens.chat_intro"))
    _follow("tok_sample_chat", CHAT_KEYS, t)
    system = st.text_area(t("tokens.chat_system"), key="tok_chat_system", max_chars=MAX_CHARS)
    user = st.text_area(t("tokens.chat_user"), key="tok_chat_user", max_chars=MAX_CHARS)
    # a one-line field can count while the learner types (st.text_area has no such option in Streamlit 1.67)
    name = st.text_input(t("tokens.chat_name"), key="tok_chat_name", max_chars=64, live=True)
    assistant = st.text_area(t("tokens.chat_assistant"), key="tok_chat_assistant", max_chars=MAX_CHARS)
    chat_messages = figures.chat_messages(system, user, name, assistant)
    try:
        figures.check_length(system, user, assistant)
        chat = tokens.count_chat(chat_messages, c.model)
    except UserInputError as exc:
        messages.show_error(exc)
        return
    c1, c2, c3 = st.columns(3)
    c1.metric(t("tokens.chat_content"), figures.count(chat.content, lang, c.estimate))
    c2.metric(t("tokens.chat_overhead"), figures.count(chat.overhead, lang, c.estimate))
    c3.metric(t("tokens.chat_total"), figures.count(chat.total, lang, c.estimate))
    if not any(m["content"] for m in chat_messages):
        st.info(t("tokens.chat_empty"))
    for message in chat_messages:
        with st.container(border=True):
            role = t(f"tokens.chat_{message['role']}")
            st.caption(t("tokens.chat_framing", role=role, n=figures.framing(message, c.model)))
            if message["content"]:
                total, head = w.analyse(message["content"], chat.encoding, VISUAL_LIMIT)
                w.draw(head, total, chat.encoding, c.whitespace, t, lang, show_ids=c.ids)
    st.caption(t("tokens.chat_priming", n=tokens.TOKENS_REPLY_PRIMING))
    price = w.choose_price(c.model, c.fine_tuned, t, lang)
    if price is not None:
        cost = figures.cost(chat.total, price.input_per_mtok, lang, c.estimate)
        st.markdown(t("tokens.chat_cost", cost=cost, model=price.model))


def compare_view(c: Choice, t: Translator, lang: Lang) -> None:
    st.markdown(t("tokens.compare_intro"))
    by_lang = {code: {p.id: p for p in w.passages(code)} for code in ("de", "en")}
    ids = figures.common_ids(by_lang[lang], by_lang["de"], by_lang["en"])
    if st.session_state.get("tok_passage") not in ids:
        st.session_state["tok_passage"] = ids[0]
    passage_id = st.selectbox(
        t("tokens.compare_passage"), ids, format_func=lambda pid: by_lang[lang][pid].title, key="tok_passage"
    )
    texts = {code: by_lang[code][passage_id].text for code in ("de", "en")}
    measured = {
        (code, enc): w.analyse(texts[code], enc, VISUAL_LIMIT)
        for code in ("de", "en")
        for enc in tokens.ENCODINGS
    }
    for enc in tokens.ENCODINGS:
        key, params = figures.comparison(enc, measured["de", enc][0], measured["en", enc][0], lang)
        st.markdown(t(key, **params))
    for col, code in zip(st.columns(2), ("de", "en"), strict=True):
        with col:
            st.subheader(t(f"tokens.compare_{code}"))
            for enc in tokens.ENCODINGS:
                n = measured[code, enc][0]
                st.caption(
                    t("tokens.tokens_of", encoding=enc)
                    + f": {fmt.number(n, lang)} · "
                    + t("tokens.chars_per_token", encoding=enc)
                    + ": "
                    + figures.per_token(len(texts[code]), n, lang)
                )
            total, head = measured[code, c.encoding]
            w.draw(head, total, c.encoding, c.whitespace, t, lang, show_ids=c.ids)
