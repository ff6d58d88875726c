"""The wizard page: walking the steps, restoring from the URL, clear messages for gaps and bad values."""

from __future__ import annotations

import json
from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest

from core import i18n
from features.wizard import codec, export, rules, scoring, sim_handoff
from tests.apptest import open_page, plain, texts
from tests.features.wizard.scenarios import SCENARIOS

PAGE = "pages/wizard.py"
WIZ = {lang: rules.load_wizard(lang) for lang in i18n.LANGS}
T = {lang: i18n.translator(lang) for lang in i18n.LANGS}


def _query(at: AppTest, key: str) -> str | None:
    value = at.query_params.get(key)
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _result_header(at: AppTest, lang: str) -> str:
    prefix = T[lang]("wizard.recommendation") + ": "
    return next(h.value for h in at.header if h.value.startswith(prefix))


def _chart_scores(at: AppTest) -> dict[str, int]:
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    bar = spec["data"][0]
    return dict(zip(bar["y"], bar["x"], strict=True))


@pytest.mark.parametrize(("lang", "scenario"), [("en", 3), ("de", 5), ("en", 0)])
def test_walk_the_wizard_to_a_result(lang: str, scenario: int) -> None:
    wizard = WIZ[lang]
    chosen = SCENARIOS[scenario][1]
    expected = scoring.evaluate(wizard, chosen)
    at = open_page(PAGE, lang)
    assert not at.exception
    for index, step in enumerate(wizard.steps):
        assert at.header[0].value == step.title
        progress = at.get("progress")[0].proto.text
        assert (
            T[lang]("wizard.step_label", current=index + 1, total=len(wizard.steps), title=step.title)
            in progress
        )
        for question in step.questions:
            at.radio(key=f"wiz_q_{question.id}").set_value(chosen[question.id]).run()
            assert not at.exception
        at.button(key="wiz_next").click().run()
        assert not at.exception, [e.value for e in at.exception]

    name = wizard.approaches[expected.recommendation].name
    assert _result_header(at, lang).endswith(name)
    assert _query(at, codec.QUERY_KEY) == codec.encode(wizard, chosen)
    assert _query(at, "lang") == lang
    # the chart shows the evaluator's scores, the recommendation highlighted
    scores = _chart_scores(at)
    assert scores == {wizard.approaches[a].name: expected.scores[a] for a in rules.APPROACHES}
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    colours = dict(zip(spec["data"][0]["y"], spec["data"][0]["marker"]["color"], strict=True))
    assert [n for n, c in colours.items() if c == "#0072B2"] == [name]
    page = texts(at)
    assert export.score_summary(wizard, expected, lang) in page  # the chart's text alternative
    for f in expected.reasons_for:
        assert f.rule.reason in page
    for rule in wizard.rules:
        if rule.id not in {f.id for f in expected.fired}:
            assert rule.reason not in page, f"{rule.id} did not fire but its reason is shown"


def test_result_links_hand_off_to_simulator_and_playground() -> None:
    chosen = SCENARIOS[1][1]  # legal documents
    at = open_page(PAGE, "de", a=codec.encode(WIZ["de"], chosen))
    links = {link.proto.page: link.proto for link in at.get("page_link")}
    sim = parse_qs(links["simulator"].query_string)
    expected = sim_handoff.simulator_params(WIZ["de"], chosen)
    verdict = {"rec": "finetune", "why": "consistency,quality,volume", "base": "gpt-4o", "ft": "gpt-4o"}
    assert {k: v[0] for k, v in sim.items()} == {"lang": "de", **expected, **verdict}
    assert parse_qs(links["playground"].query_string) == {"lang": ["de"], "pair": ["support"]}
    labels = [d.proto.label for d in at.get("download_button")]
    assert T["de"]("wizard.download_md") in labels and T["de"]("wizard.download_html") in labels
    share = at.get("code")[0].proto.code_text
    assert share == codec.share_url(None, "de", codec.encode(WIZ["de"], chosen))


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_url_with_answers_restores_the_result(lang: str) -> None:
    chosen = SCENARIOS[4][1]  # proprietary facts that change -> RAG
    at = open_page(PAGE, lang, a=codec.encode(WIZ[lang], chosen))
    assert not at.exception
    assert any(s.value == T[lang]("wizard.url_restored") for s in at.success)
    assert _result_header(at, lang).endswith(WIZ[lang].approaches["rag"].name)
    total = len(WIZ[lang].questions)
    assert T[lang]("wizard.progress", answered=total, total=total) in at.get("progress")[0].proto.text


def test_changing_an_answer_after_restoring_updates_url_and_result() -> None:
    chosen = SCENARIOS[0][1]  # startup -> prompt engineering
    at = open_page(PAGE, "en", a=codec.encode(WIZ["en"], chosen))
    at.button(key="wiz_edit").click().run()
    assert at.header[0].value == WIZ["en"].steps[0].title
    assert at.radio(key="wiz_q_speed").value == "days"  # the restored answer is selected
    at.radio(key="wiz_q_speed").set_value("months").run()
    assert _query(at, codec.QUERY_KEY).startswith("speed:months,")  # type: ignore[union-attr]
    at.button(key="wiz_next").click().run()
    at.button(key="wiz_back").click().run()
    assert at.radio(key="wiz_q_speed").value == "months"  # kept while moving between steps


def test_language_switch_keeps_the_answers() -> None:
    chosen = SCENARIOS[3][1]  # company style -> hybrid
    at = open_page(PAGE, "en", a=codec.encode(WIZ["en"], chosen))
    at.sidebar.selectbox(key="sidebar_lang_select").set_value("de").run()
    assert not at.exception
    assert _result_header(at, "de").endswith(WIZ["de"].approaches["hybrid"].name)
    assert _query(at, codec.QUERY_KEY) == codec.encode(WIZ["en"], chosen)


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_incomplete_answers_give_a_clear_message(lang: str) -> None:
    at = open_page(PAGE, lang, a="speed:days,change:weekly")
    assert not at.exception
    # the link is incomplete: the wizard opens at the first step with an open question
    assert at.header[0].value == WIZ[lang].steps[0].title
    assert at.radio(key="wiz_q_speed").value == "days"
    assert at.radio(key="wiz_q_usecases").value is None
    for _ in WIZ[lang].steps:
        at.button(key="wiz_next").click().run()
    assert not at.exception
    missing = scoring.missing(WIZ[lang], {"speed": "days", "change": "weekly"})
    message = T[lang]("wizard.incomplete", count=len(missing), missing=", ".join(q.short for q in missing))
    assert [plain(e.value) for e in at.error] == [message]
    assert not at.get("plotly_chart")
    # a button leads to each step with open questions
    at.button(key="wiz_goto_2").click().run()
    assert at.header[0].value == WIZ[lang].steps[2].title


@pytest.mark.parametrize(
    ("value", "kept", "fragments"),
    [
        ("speed:fast,colour:blue,change:weekly", "change:weekly", ["`fast`", "`colour`"]),
        ("garbage", None, ["`garbage`"]),
        ("speed:<script>alert(1)</script>", None, ["`?script?alert?1???script?`"]),
        ("x" * 3000, None, ["1000"]),
    ],
    ids=["unknown-parts", "malformed", "markup", "too-long"],
)
def test_bad_url_values_give_a_clear_message(value: str, kept: str | None, fragments: list[str]) -> None:
    at = open_page(PAGE, "en", a=value)
    assert not at.exception
    warning = " ".join(w.value for w in at.warning)
    assert T["en"]("wizard.url_intro") in warning
    for fragment in fragments:
        assert fragment in warning
    assert "<script>" not in texts(at)
    assert _query(at, codec.QUERY_KEY) == kept  # the URL keeps only the valid answers
    # answering a question clears the message
    at.radio(key="wiz_q_speed").set_value("weeks").run()
    assert not at.warning


def test_reset_clears_answers_and_url() -> None:
    at = open_page(PAGE, "en", a=codec.encode(WIZ["en"], SCENARIOS[0][1]))
    at.button(key="wiz_reset").click().run()
    assert not at.exception
    assert at.header[0].value == WIZ["en"].steps[0].title
    assert _query(at, codec.QUERY_KEY) is None
    assert at.radio(key="wiz_q_speed").value is None
    assert (
        T["en"]("wizard.progress", answered=0, total=len(WIZ["en"].questions))
        in at.get("progress")[0].proto.text
    )
