"""The token explorer page (AppTest): both languages, escaping, empty text, chat mode, comparison, prices."""

from __future__ import annotations

import html
import re

import pytest
from streamlit.testing.v1 import AppTest

from core import fmt, prices, tokens
from core.i18n import translator
from features.tokens import figures
from features.tokens.tokenviz import load_passages
from tests.apptest import open_page, plain, texts

PAGE = "pages/tokens.py"


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: str(m.value) for m in at.metric}


def _token_html(at: AppTest) -> list[str]:
    return [str(m.value) for m in at.markdown if 'class="tok-view"' in str(m.value)]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_renders_counts_costs_and_tokens(lang: str) -> None:
    at = open_page(PAGE, lang)
    assert not at.exception, [e.value for e in at.exception]
    t = translator(lang)  # type: ignore[arg-type]
    assert at.title[0].value == t("tokens.title")
    text = t("tokens.default_text")
    metrics = _metrics(at)
    for encoding in tokens.ENCODINGS:
        expected = fmt.number(len(tokens.encode(text, encoding)), lang)  # type: ignore[arg-type]
        assert metrics[t("tokens.tokens_of", encoding=encoding)] == expected
    assert metrics[t("tokens.chars")] == fmt.number(len(text), lang)  # type: ignore[arg-type]
    # cost as input and output for the default model, at genai-prices' price, with source and date shown
    n = tokens.count_tokens(text, figures.DEFAULT_MODEL).tokens
    price = prices.inference_price(figures.DEFAULT_MODEL)
    amount = prices.cost(n, price.input_per_mtok)
    cost_in = fmt.money(amount, lang, digits=fmt.money_digits(amount))  # type: ignore[arg-type]
    assert metrics[t("tokens.cost_input")] == cost_in.replace("$", "\\$")
    page_text = texts(at)
    assert "genai-prices 0.2.3" in page_text
    assert prices.GENAI_PRICES_AS_OF in page_text
    html_out = _token_html(at)
    assert len(html_out) == 1
    first_id = tokens.encode(text, "o200k_base")[0]
    assert f'title="{t("tokens.id_label")} {first_id}"' in html_out[0]


def _visible_text(html_out: str) -> str:
    """What a browser shows for the token view: tags dropped, <br> as line break, entities decoded."""
    body = html_out.split('<div class="tok-view">', 1)[1]
    return html.unescape(re.sub(r"<[^>]+>", "", body.replace("<br>", "\n")))


@pytest.mark.parametrize("lang", ["de", "en"])
def test_user_markup_is_escaped(lang: str) -> None:
    at = open_page(PAGE, lang)
    evil = '<script>alert(1)</script> <img src=x onerror="alert(2)">\n\n# *not markdown*'
    at.text_area(key="tok_text").set_value(evil).run()
    assert not at.exception
    html_out = _token_html(at)
    assert len(html_out) == 1
    # "<script" is a single token, ">alert" the next one: each is escaped inside its own span
    assert '">&lt;script</span>' in html_out[0]
    assert "<script" not in html_out[0]
    assert "<img" not in html_out[0]
    assert "=&quot;" in html_out[0]
    assert "\n" not in html_out[0]  # no blank line that would hand the rest to the Markdown parser
    assert _visible_text(html_out[0]) == evil


def test_empty_text_gets_a_message() -> None:
    at = open_page(PAGE, "en")
    at.text_area(key="tok_text").set_value("").run()
    assert not at.exception
    assert translator("en")("tokens.empty") in [i.value for i in at.info]
    assert _token_html(at) == []
    assert at.text_area(key="tok_text").value == ""


def test_whitespace_toggle_makes_spaces_visible() -> None:
    at = open_page(PAGE, "en")
    at.text_area(key="tok_text").set_value("a  b\tc\nd").run()
    assert "·" not in _token_html(at)[0]
    at.toggle(key="tok_ws").set_value(True).run()
    out = _token_html(at)[0]
    assert "·" in out and "→" in out and "↵</span><br>" in out  # the break: after the marker, outside


def test_chat_mode_counts_overhead_apart() -> None:
    at = open_page(PAGE, "en")
    at.radio(key="tok_mode").set_value("chat").run()
    assert not at.exception
    at.text_area(key="tok_chat_system").set_value("2 + 2 = 4")
    at.text_area(key="tok_chat_user").set_value("2 + 2 = 4")
    at.text_area(key="tok_chat_assistant").set_value("")
    at.run()
    t = translator("en")
    metrics = _metrics(at)
    # 7 + 7 content tokens; (3 + 1 role) x 2 messages + 3 priming = 11 format tokens (cookbook rule)
    assert metrics[t("tokens.chat_content")] == "14"
    assert metrics[t("tokens.chat_overhead")] == "11"
    assert metrics[t("tokens.chat_total")] == "25"
    at.text_input(key="tok_chat_name").set_value("bob").run()
    metrics = _metrics(at)
    assert metrics[t("tokens.chat_content")] == "15"  # the name's token
    assert metrics[t("tokens.chat_overhead")] == "12"  # +1 per name
    assert len(_token_html(at)) == 2


def test_sample_query_param_opens_the_comparison() -> None:
    at = open_page(PAGE, "de", sample="de-en")
    assert not at.exception
    assert at.radio(key="tok_mode").value == "compare"
    t = translator("de")
    first = load_passages("de")[0]
    english = {p.id: p for p in load_passages("en")}[first.id]
    page_text = texts(at)
    for encoding in tokens.ENCODINGS:
        de_n = len(tokens.encode(first.text, encoding))
        en_n = len(tokens.encode(english.text, encoding))
        share = tokens.extra_share(de_n, en_n)
        assert share is not None and share > 0, "German needs more tokens in both encodings"
        expected = t(
            "tokens.compare_more",
            encoding=encoding,
            share=fmt.percent(share, "de"),
            de=fmt.number(de_n, "de"),
            en=fmt.number(en_n, "de"),
        )
        assert expected in page_text
    assert len(_token_html(at)) == 2


def test_switching_mode_keeps_url_in_step() -> None:
    at = open_page(PAGE, "en")
    at.radio(key="tok_mode").set_value("compare").run()
    assert at.query_params["sample"] in ("de-en", ["de-en"])
    at.radio(key="tok_mode").set_value("text").run()
    assert "sample" not in at.query_params


def test_unknown_sample_warns_and_shows_text_view() -> None:
    at = open_page(PAGE, "en", sample="nope")
    assert not at.exception
    assert any("nope" in w.value for w in at.warning)
    assert at.radio(key="tok_mode").value == "text"


def test_local_model_is_labelled_estimate_and_asks_for_a_price() -> None:
    at = open_page(PAGE, "en")
    at.selectbox(key="tok_model").set_value("smollm2-135m-instruct").run()
    assert not at.exception
    t = translator("en")
    warnings = [w.value for w in at.warning]
    assert t("tokens.estimate_note", model="smollm2-135m-instruct", encoding="o200k_base") in warnings
    errors = [plain(e.value) for e in at.error]
    assert t("prices.err_not_found", model="smollm2-135m-instruct") in errors
    metrics = _metrics(at)
    assert metrics[t("tokens.tokens_of", encoding="o200k_base")].startswith("≈ ")
    assert metrics[t("tokens.cost_input")].startswith("≈ ")
    assert t("tokens.cost_estimate") in [c.value for c in at.caption]


def test_price_override_changes_the_cost_and_the_source() -> None:
    at = open_page(PAGE, "en")
    at.text_area(key="tok_text").set_value("2 + 2 = 4").run()  # 7 tokens in o200k_base
    assert not [
        w for w in at.toggle if w.key == f"tok_override_{figures.DEFAULT_MODEL}_0"
    ]  # closed: not drawn
    at.session_state[f"tok_exp_price_{figures.DEFAULT_MODEL}_0"] = True  # the learner opens the box
    at.run()
    at.toggle(key=f"tok_override_{figures.DEFAULT_MODEL}_0").set_value(True)
    at.text_input(key=f"tok_price_in_{figures.DEFAULT_MODEL}_0").input("1000")
    at.text_input(key=f"tok_price_out_{figures.DEFAULT_MODEL}_0").input("2000")
    at.run()
    assert not at.exception
    t = translator("en")
    metrics = _metrics(at)
    assert metrics[t("tokens.cost_input")] == "\\$0.0070"
    assert metrics[t("tokens.cost_output")] == "\\$0.014"
    assert t("prices.source_override") in texts(at)
    at.session_state[f"tok_exp_price_{figures.DEFAULT_MODEL}_0"] = (
        False  # closed again: the own price still applies
    )
    at.run()
    assert _metrics(at)[t("tokens.cost_input")] == "\\$0.0070"


def test_fine_tuned_prices_are_used_when_chosen() -> None:
    at = open_page(PAGE, "en")
    at.selectbox(key="tok_model").set_value("gpt-4.1").run()
    at.checkbox(key="tok_ft").check().run()
    assert not at.exception
    page_text = texts(at)
    assert "gpt-4.1 (fine-tuned)" in page_text
    assert translator("en")("prices.source_table") in page_text


def test_a_million_characters_are_counted_and_only_the_head_is_drawn() -> None:
    at = open_page(PAGE, "en")
    big = ("Größenänderungen über Äpfel, Birnen und Öl. " * 25_000)[:1_000_000]
    at.text_area(key="tok_text").set_value(big).run(timeout=120)
    assert not at.exception
    t = translator("en")
    n = len(tokens.encode(big, "o200k_base"))
    assert _metrics(at)[t("tokens.tokens_of", encoding="o200k_base")] == fmt.number(n, "en")
    shown = t("tokens.showing_first", shown="2,000", total=fmt.number(n, "en"))
    assert shown in [c.value for c in at.caption]
    assert _token_html(at)[0].count("<span ") == 2_000
