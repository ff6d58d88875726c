"""The page registry, the simulator hand-off, the one rule for amounts and the message parameters."""

from __future__ import annotations

import pytest

from core import fmt, handoff, mdtext, registry
from core.i18n import Lang
from ui import messages


@pytest.mark.parametrize(
    ("name", "file", "url_path", "prefix", "section"),
    [
        ("home", "pages/home.py", "", "home_", "nav.section_start"),
        ("lessons", "pages/lessons.py", "lessons", "lessons_", "nav.section_learn"),
        ("glossary", "pages/glossary.py", "glossary", "glossary_", "nav.section_learn"),
        ("playground", "pages/playground.py", "playground", "pg_", "nav.section_try"),
        ("tokens", "pages/tokens.py", "tokens", "tok_", "nav.section_try"),
        ("simulator", "pages/simulator.py", "simulator", "sim_", "nav.section_try"),
        ("datalab", "pages/datalab.py", "datalab", "dl_", "nav.section_try"),
        ("wizard", "pages/wizard.py", "wizard", "wiz_", "nav.section_decide"),
    ],
)
def test_registry_entries(name: str, file: str, url_path: str, prefix: str, section: str) -> None:
    spec = registry.page(name)
    assert (spec.file, spec.url_path, spec.key_prefix, spec.section) == (file, url_path, prefix, section)
    assert spec.module == f"features.{name}.page"


def test_registry_sections_keep_order_and_cover_every_page() -> None:
    grouped = registry.by_section()
    assert tuple(grouped) == registry.SECTIONS
    assert [p for ps in grouped.values() for p in ps] == list(registry.PAGES)


def test_an_unknown_page_is_named() -> None:
    with pytest.raises(KeyError, match="'nope'"):
        registry.page("nope")


@pytest.mark.parametrize(
    ("handoff_value", "query"),
    [
        (handoff.SimulatorHandoff(), {}),
        (handoff.SimulatorHandoff(requests_per_day=500), {"rpd": "500"}),
        (
            handoff.SimulatorHandoff(train_examples=120, train_tokens=300, epochs=3, ft_model="gpt-x"),
            {"ft": "gpt-x", "train_n": "120", "train_tok": "300", "epochs": "3"},
        ),
        (
            handoff.SimulatorHandoff(instruction_tokens=0, shots=2, shot_tokens=80, output_tokens=40),
            {"instr": "0", "shots": "2", "shot_tok": "80", "out": "40"},
        ),
    ],
)
def test_simulator_handoff_query(handoff_value: handoff.SimulatorHandoff, query: dict[str, str]) -> None:
    assert handoff_value.query() == query


@pytest.mark.parametrize(
    ("value", "lang", "text"),
    [
        (0.0, "en", "$0.00"),
        (1234.5, "en", "$1,234.50"),
        (1234.5, "de", "1.234,50\xa0$"),
        (0.000015, "en", "$0.000015"),
        (0.0123, "en", "$0.012"),
        (0.0123, "de", "0,012\xa0$"),
        (-2.5, "en", "-$2.50"),
    ],
)
def test_amount_shows_as_many_decimals_as_needed(value: float, lang: Lang, text: str) -> None:
    assert fmt.amount(value, lang) == text


@pytest.mark.parametrize(
    ("params", "lang", "expected"),
    [
        ({"n": 12345}, "en", {"n": "12,345"}),
        ({"n": 12345}, "de", {"n": "12.345"}),
        ({"x": 2.5}, "de", {"x": "2,5"}),
        ({"cost": fmt.Money(0.0042)}, "en", {"cost": "\\$0.0042"}),
        ({"name": "*bold* [x](y)"}, "en", {"name": "\\*bold\\* \\[x\\]\\(y\\)"}),
        ({"flag": True}, "en", {"flag": True}),
        ({"field": mdtext.Code("a`b\nc")}, "en", {"field": "a'b c"}),
    ],
)
def test_message_params_are_formatted_and_literal(
    params: dict[str, object], lang: Lang, expected: dict[str, object]
) -> None:
    assert messages.format_params(params, lang) == expected


@pytest.mark.parametrize(
    ("text", "html_text", "html_inline"),
    [
        ("a<b>&\"'", "a&lt;b&gt;&amp;&quot;&#x27;", "a&lt;b&gt;&amp;&quot;&#x27;"),
        ("one\ntwo\r\nthree\rfour", "one\ntwo\r\nthree\rfour", "one<br>two<br>three<br>four"),
        (
            "<script>alert(1)</script>",
            "&lt;script&gt;alert(1)&lt;/script&gt;",
            "&lt;script&gt;alert(1)&lt;/script&gt;",
        ),
    ],
)
def test_html_escaping(text: str, html_text: str, html_inline: str) -> None:
    assert mdtext.html_text(text) == html_text
    assert mdtext.html_inline(text) == html_inline


@pytest.mark.parametrize(
    "query", [{}, {"rpd": 500}, {"rpd": 20, "instr": 0, "shots": 3, "shot_tok": 80, "out": 40, "epochs": 2}]
)
def test_handoff_from_query_round_trips(query: dict[str, int]) -> None:
    made = handoff.SimulatorHandoff.from_query(query)
    assert made.query() == {k: str(v) for k, v in query.items()}


def test_handoff_from_query_names_unknown_parameters() -> None:
    with pytest.raises(ValueError, match="lang"):
        handoff.SimulatorHandoff.from_query({"rpd": 1, "lang": 2})
