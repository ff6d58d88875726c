"""Token explorer: how text is split into tokens, what it costs, and German vs. English."""

from __future__ import annotations

import streamlit as st

from core import fmt, mdtext, prices, tokens, tokenviz
from core.errors import UserInputError
from core.i18n import Lang, Translator
from ui import state

# Only this many tokens are drawn as spans; everything is counted.
VISUAL_LIMIT = 2_000
MAX_CHARS = 1_000_000
LOCAL_MODEL = "smollm2-135m-instruct"
MODES = ("text", "chat", "compare")
SAMPLE_PARAM = "sample"
SAMPLE_COMPARE = "de-en"

t = state.tr()
lang = state.current_lang()


# ------------------------------------------------------------------------------------------------ caching


@st.cache_resource(show_spinner=False)
def _passages(passage_lang: Lang) -> tuple[tokenviz.Passage, ...]:
    return tokenviz.load_passages(passage_lang)


@st.cache_data(show_spinner=False, max_entries=64)
def _analyse(text: str, encoding: str, limit: int) -> tuple[int, tuple[int, ...]]:
    """(token count, ids of the first ``limit`` tokens) — encoded once per text and encoding."""
    ids = tokens.encode(text, encoding)
    return len(ids), tuple(ids[:limit])


@st.cache_data(show_spinner=False, max_entries=64)
def _spans(ids: tuple[int, ...], encoding: str, whitespace: bool, id_label: str) -> str:
    return tokenviz.spans_html(tokenviz.pieces(ids, encoding), whitespace=whitespace, id_label=id_label)


# ------------------------------------------------------------------------------------------------ helpers


def _md(text: str) -> str:
    """Escape ``$`` for Markdown, where two dollar signs would start a formula."""
    return text.replace("$", "\\$")


def _money(amount: float) -> str:
    return fmt.money(amount, lang, digits=prices.money_digits(amount))


def _source_text(price: prices.ModelPrice, tr: Translator) -> str:
    key = {
        prices.SOURCE_GENAI: "prices.source_genai",
        prices.SOURCE_TABLE: "prices.source_table",
        prices.SOURCE_GENAI_AND_TABLE: "prices.source_mixed",
        prices.SOURCE_OVERRIDE: "prices.source_override",
    }[price.source]
    source = tr(key, version=prices.GENAI_PRICES_VERSION)
    if price.source_url:
        source = f"[{source}]({price.source_url})"
    return tr("prices.source_line", source=source, as_of=price.as_of)


def _model_label(model: str) -> str:
    return t("tokens.model_local") if model == LOCAL_MODEL else model


def _draw(ids: tuple[int, ...], total: int, encoding: str, whitespace: bool) -> None:
    st.markdown(_spans(ids, encoding, whitespace, t("tokens.id_label")), unsafe_allow_html=True)
    if total > len(ids):
        st.caption(t("tokens.showing_first", shown=fmt.number(len(ids), lang), total=fmt.number(total, lang)))
    else:
        st.caption(t("tokens.showing_all", total=fmt.number(total, lang)))


def _choose_price(model: str, fine_tuned: bool) -> prices.ModelPrice | None:
    """The price for ``model`` (or the learner's own); None when neither is available. Renders the source."""
    found: prices.ModelPrice | None = None
    try:
        found = prices.inference_price(model, fine_tuned=fine_tuned)
    except UserInputError as exc:
        state.show_user_error(exc)
    suffix = f"{model}_{int(fine_tuned)}"
    with st.expander(t("tokens.override_expander"), expanded=found is None):
        st.caption(t("tokens.override_hint"))
        use_own = st.toggle(t("tokens.override_toggle"), value=found is None, key=f"tok_override_{suffix}")
        c1, c2 = st.columns(2)
        own_in = c1.number_input(
            t("tokens.override_in"),
            min_value=0.0,
            step=0.05,
            format="%.4f",
            value=found.input_per_mtok if found else 0.0,
            key=f"tok_price_in_{suffix}",
        )
        own_out = c2.number_input(
            t("tokens.override_out"),
            min_value=0.0,
            step=0.05,
            format="%.4f",
            value=found.output_per_mtok if found else 0.0,
            key=f"tok_price_out_{suffix}",
        )
    price = found
    if use_own:
        try:
            if found is not None:
                price = prices.with_override(found, input_per_mtok=own_in, output_per_mtok=own_out)
            else:
                price = prices.override_price(model, input_per_mtok=own_in, output_per_mtok=own_out)
        except UserInputError as exc:
            state.show_user_error(exc)
            price = found
    if price is None:
        return None
    name = price.model + (f" ({t('prices.fine_tuned')})" if price.fine_tuned else "")
    if price.cached_input_per_mtok is not None:
        line = t(
            "prices.price_line_cached",
            model=name,
            input=_money(price.input_per_mtok),
            cached=_money(price.cached_input_per_mtok),
            output=_money(price.output_per_mtok),
        )
    else:
        line = t(
            "prices.price_line",
            model=name,
            input=_money(price.input_per_mtok),
            output=_money(price.output_per_mtok),
        )
    st.caption(_md(line) + "  \n" + _source_text(price, t))
    return price


# ------------------------------------------------------------------------------------------------ page

st.title(t("tokens.title"))
st.markdown(t("tokens.intro"))

requested = st.query_params.get(SAMPLE_PARAM)
if requested == SAMPLE_COMPARE:
    st.session_state["tok_mode"] = "compare"
elif requested is not None:
    st.warning(t("tokens.unknown_sample", sample=mdtext.literal(requested)))
    del st.query_params[SAMPLE_PARAM]
if st.session_state.get("tok_mode") not in MODES:
    st.session_state["tok_mode"] = "text"


def _on_mode() -> None:
    if st.session_state.get("tok_mode") == "compare":
        st.query_params[SAMPLE_PARAM] = SAMPLE_COMPARE
    elif SAMPLE_PARAM in st.query_params:
        del st.query_params[SAMPLE_PARAM]


mode = st.radio(
    t("tokens.mode_label"),
    MODES,
    format_func=lambda m: t(f"tokens.mode_{m}"),
    horizontal=True,
    key="tok_mode",
    on_change=_on_mode,
)

model_options = [*prices.base_models(), LOCAL_MODEL]
if st.session_state.get("tok_model") not in model_options:
    st.session_state["tok_model"] = "gpt-4o-mini"
col_model, col_ft = st.columns([2, 1])
model = col_model.selectbox(t("tokens.model_label"), model_options, format_func=_model_label, key="tok_model")
can_ft = model in prices.finetunable_models()
fine_tuned = col_ft.checkbox(
    t("tokens.ft_label"), key="tok_ft", disabled=not can_ft, help=t("tokens.ft_help")
)
fine_tuned = fine_tuned and can_ft
model_encoding, estimate = tokens.encoding_for_model(model)
approx = "≈ " if estimate else ""
if estimate:
    st.warning(t("tokens.estimate_note", model=model, encoding=model_encoding))
whitespace = st.toggle(t("tokens.ws_toggle"), key="tok_ws")

# ------------------------------------------------------------------------------------------------ text
if mode == "text":
    text = st.text_area(
        t("tokens.text_label"),
        value=t("tokens.default_text"),
        height=160,
        max_chars=MAX_CHARS,
        help=t("tokens.text_help", limit=fmt.number(VISUAL_LIMIT, lang)),
        key="tok_text",
    )
    if not text:
        st.info(t("tokens.empty"))
    else:
        with st.spinner(t("tokens.counting")):
            counts = {enc: _analyse(text, enc, VISUAL_LIMIT) for enc in tokens.ENCODINGS}
        cols = st.columns(len(tokens.ENCODINGS) + 1)
        cols[0].metric(t("tokens.chars"), fmt.number(len(text), lang))
        for col, enc in zip(cols[1:], tokens.ENCODINGS, strict=True):
            n = counts[enc][0]
            mark = approx if enc == model_encoding else ""
            col.metric(t("tokens.tokens_of", encoding=enc), mark + fmt.number(n, lang))
            per = tokens.chars_per_token(len(text), n)
            col.caption(
                t("tokens.chars_per_token", encoding=enc)
                + ": "
                + (fmt.compact(per, lang) if per else "–")
                + "  \n"
                + (t("tokens.used_by", model=model) if enc == model_encoding else t("tokens.not_used_by"))
            )

        st.subheader(t("tokens.cost_heading"))
        price = _choose_price(model, fine_tuned)
        if price is not None:
            n_model = counts[model_encoding][0]
            c_in, c_out = st.columns(2)
            c_in.metric(
                t("tokens.cost_input"), _md(approx + _money(prices.cost(n_model, price.input_per_mtok)))
            )
            c_out.metric(
                t("tokens.cost_output"), _md(approx + _money(prices.cost(n_model, price.output_per_mtok)))
            )
            if estimate:
                st.caption(t("tokens.cost_estimate"))

        viz = st.radio(
            t("tokens.viz_encoding"),
            tokens.ENCODINGS,
            horizontal=True,
            key="tok_viz_enc",
            index=tokens.ENCODINGS.index(model_encoding),
        )
        total, head = counts[viz]
        _draw(head, total, viz, whitespace)

# ------------------------------------------------------------------------------------------------ chat
elif mode == "chat":
    st.markdown(t("tokens.chat_intro"))
    system = st.text_area(
        t("tokens.chat_system"),
        value=t("tokens.chat_default_system"),
        key="tok_chat_system",
        max_chars=MAX_CHARS,
    )
    user = st.text_area(
        t("tokens.chat_user"), value=t("tokens.chat_default_user"), key="tok_chat_user", max_chars=MAX_CHARS
    )
    name = st.text_input(t("tokens.chat_name"), key="tok_chat_name", max_chars=64)
    assistant = st.text_area(
        t("tokens.chat_assistant"),
        value=t("tokens.chat_default_assistant"),
        key="tok_chat_assistant",
        max_chars=MAX_CHARS,
    )
    messages: list[dict[str, str]] = [{"role": "system", "content": system}]
    user_message = {"role": "user", "content": user}
    if name.strip():
        user_message["name"] = name.strip()
    messages.append(user_message)
    if assistant:
        messages.append({"role": "assistant", "content": assistant})
    try:
        chat = tokens.count_chat(messages, model)
    except UserInputError as exc:
        state.show_user_error(exc)
    else:
        c1, c2, c3 = st.columns(3)
        c1.metric(t("tokens.chat_content"), approx + fmt.number(chat.content, lang))
        c2.metric(t("tokens.chat_overhead"), approx + fmt.number(chat.overhead, lang))
        c3.metric(t("tokens.chat_total"), approx + fmt.number(chat.total, lang))
        if not any(m["content"] for m in messages):
            st.info(t("tokens.chat_empty"))
        role_labels = {
            "system": t("tokens.chat_system"),
            "user": t("tokens.chat_user"),
            "assistant": t("tokens.chat_assistant"),
        }
        for message in messages:
            framing = tokens.count_chat([message], model).overhead - tokens.TOKENS_REPLY_PRIMING
            with st.container(border=True):
                st.caption(t("tokens.chat_framing", role=role_labels[message["role"]], n=framing))
                if message["content"]:
                    total, head = _analyse(message["content"], chat.encoding, VISUAL_LIMIT)
                    _draw(head, total, chat.encoding, whitespace)
        st.caption(t("tokens.chat_priming", n=tokens.TOKENS_REPLY_PRIMING))
        price = _choose_price(model, fine_tuned)
        if price is not None:
            cost = approx + _money(prices.cost(chat.total, price.input_per_mtok))
            st.markdown(_md(t("tokens.chat_cost", cost=cost, model=price.model)))

# ------------------------------------------------------------------------------------------------ compare
else:
    st.markdown(t("tokens.compare_intro"))
    by_lang = {code: {p.id: p for p in _passages(code)} for code in ("de", "en")}
    ids = [pid for pid in by_lang[lang] if pid in by_lang["de"] and pid in by_lang["en"]]
    if st.session_state.get("tok_passage") not in ids:
        st.session_state["tok_passage"] = ids[0]
    passage_id = st.selectbox(
        t("tokens.compare_passage"), ids, format_func=lambda pid: by_lang[lang][pid].title, key="tok_passage"
    )
    de_text = by_lang["de"][passage_id].text
    en_text = by_lang["en"][passage_id].text
    measured = {
        enc: (_analyse(de_text, enc, VISUAL_LIMIT), _analyse(en_text, enc, VISUAL_LIMIT))
        for enc in tokens.ENCODINGS
    }
    for enc in tokens.ENCODINGS:
        (de_n, _), (en_n, _) = measured[enc]
        share = tokens.extra_share(de_n, en_n)
        args = {"encoding": enc, "de": fmt.number(de_n, lang), "en": fmt.number(en_n, lang)}
        if share is None or share == 0:
            st.markdown(t("tokens.compare_equal", **args))
        elif share > 0:
            st.markdown(t("tokens.compare_more", share=fmt.percent(share, lang), **args))
        else:
            st.markdown(t("tokens.compare_fewer", share=fmt.percent(-share, lang), **args))
    col_de, col_en = st.columns(2)
    for col, code, text in ((col_de, "de", de_text), (col_en, "en", en_text)):
        with col:
            st.subheader(t(f"tokens.compare_{code}"))
            for enc in tokens.ENCODINGS:
                n = measured[enc][0 if code == "de" else 1][0]
                per = tokens.chars_per_token(len(text), n)
                st.caption(
                    t("tokens.tokens_of", encoding=enc)
                    + f": {fmt.number(n, lang)} · "
                    + t("tokens.chars_per_token", encoding=enc)
                    + ": "
                    + (fmt.compact(per, lang) if per else "–")
                )
            total, head = measured[model_encoding][0 if code == "de" else 1]
            _draw(head, total, model_encoding, whitespace)
