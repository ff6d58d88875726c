"""The token explorer's Streamlit parts shared by its views: cached counting and drawing, the token view,
and the price choice (the model's price or the learner's own)."""

from __future__ import annotations

import streamlit as st

from core import fmt, prices, tokens
from core.errors import UserInputError
from core.i18n import Lang, Translator
from features.tokens import figures, tokenviz
from ui import messages, numbers

MAX_OWN_PRICE = 10_000.0  # dollars per million tokens: far above any published price


@st.cache_resource(show_spinner=False)
def passages(passage_lang: Lang) -> tuple[tokenviz.Passage, ...]:
    return tokenviz.load_passages(passage_lang)


# cache_resource, not cache_data: the results are immutable (a count and a tuple of ids, an HTML string), so
# a hit needs no unpickled copy; the key is the text itself, shared by sessions typing the same text.
@st.cache_resource(show_spinner=False, max_entries=64)
def analyse(text: str, encoding: str, limit: int) -> tuple[int, tuple[int, ...]]:
    """(token count, ids of the first ``limit`` tokens) — encoded once per text and encoding."""
    ids = tokens.encode(text, encoding)
    return len(ids), tuple(ids[:limit])


@st.cache_resource(show_spinner=False, max_entries=64)
def _spans(ids: tuple[int, ...], encoding: str, whitespace: bool, id_label: str, show_ids: bool) -> str:
    return tokenviz.spans_html(
        tokenviz.pieces(ids, encoding), whitespace=whitespace, id_label=id_label, show_ids=show_ids
    )


def draw(
    ids: tuple[int, ...],
    total: int,
    encoding: str,
    whitespace: bool,
    t: Translator,
    lang: Lang,
    *,
    show_ids: bool = False,
) -> None:
    """The first tokens as coloured spans (escaped HTML, ``tokenviz``) and how many of them are shown."""
    st.markdown(_spans(ids, encoding, whitespace, t("tokens.id_label"), show_ids), unsafe_allow_html=True)
    if total > len(ids):
        st.caption(t("tokens.showing_first", shown=fmt.number(len(ids), lang), total=fmt.number(total, lang)))
    else:
        st.caption(t("tokens.showing_all", total=fmt.number(total, lang)))


def _source_text(price: prices.ModelPrice, t: Translator) -> str:
    source = t(figures.source_key(price), version=prices.GENAI_PRICES_VERSION)
    if price.source_url:
        source = f"[{source}]({price.source_url})"
    return t("prices.source_line", source=source, as_of=price.as_of or t("prices.not_verified"))


def choose_price(model: str, fine_tuned: bool, t: Translator, lang: Lang) -> prices.ModelPrice | None:
    """The price for ``model`` (or the learner's own); None when neither is available. Renders the source."""
    found: prices.ModelPrice | None = None
    try:
        found = prices.inference_price(model, fine_tuned=fine_tuned)
    except UserInputError as exc:
        messages.show_error(exc)
    suffix = f"{model}_{int(fine_tuned)}"
    toggle_key = f"tok_override_{suffix}"
    box = st.expander(
        t("tokens.override_expander"),
        expanded=found is None,
        key=f"tok_exp_price_{suffix}",
        on_change="rerun",
    )
    use_own: bool = False
    own_in: float | None = 0.0
    own_out: float | None = 0.0
    # Drawn while open, and while an own price is in use (its values must keep applying when the box is
    # closed); otherwise skipped, which saves three widgets on every rerun of the page.
    if box.open or found is None or st.session_state.get(toggle_key):
        with box:
            st.caption(t("tokens.override_hint"))
            use_own = st.toggle(t("tokens.override_toggle"), value=found is None, key=toggle_key)
            c1, c2 = st.columns(2)
            with c1:
                own_in = numbers.decimal_input(
                    t("tokens.override_in"),
                    0.0,
                    MAX_OWN_PRICE,
                    value=found.input_per_mtok if found else 0.0,
                    key=f"tok_price_in_{suffix}",
                )
            with c2:
                own_out = numbers.decimal_input(
                    t("tokens.override_out"),
                    0.0,
                    MAX_OWN_PRICE,
                    value=found.output_per_mtok if found else 0.0,
                    key=f"tok_price_out_{suffix}",
                )
    price = found
    if use_own and own_in is not None and own_out is not None:  # a refused field has its message above
        try:
            if found is not None:
                price = prices.with_override(found, input_per_mtok=own_in, output_per_mtok=own_out)
            else:
                price = prices.override_price(model, input_per_mtok=own_in, output_per_mtok=own_out)
        except UserInputError as exc:
            messages.show_error(exc)
            price = found
    if price is None:
        return None
    key, params = figures.price_line(price, t("prices.fine_tuned"), lang)
    st.caption(t(key, **params) + "  \n" + _source_text(price, t))
    return price
