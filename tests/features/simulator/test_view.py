"""features.simulator.view: amounts in the scenario's currency, the headline, the cost table, the curves."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core import costs
from core.costs import OPTIONS, BreakEven, Price
from core.i18n import Lang, translator
from features.simulator import scenario as scn
from features.simulator import simulation, view

PRICES = simulation.Prices(Price(0.15, 0.60, 0.075), Price(0.30, 1.20, 0.15), 3.0)
RESULT = simulation.simulate(scn.DEFAULTS, PRICES)
NBSP = "\xa0"


def make_view(lang: Lang = "en", currency: str = "USD", rate: float = 0.5) -> view.View:
    return view.View(translator(lang), lang, replace(scn.DEFAULTS, currency=currency, eur_per_usd=rate))


@pytest.mark.parametrize(
    ("lang", "currency", "usd", "digits", "expected"),
    [
        ("en", "USD", 0.0, None, "$0.00"),
        ("en", "USD", 0.000123456, None, "$0.000123"),  # 3 significant digits
        ("en", "USD", 0.0123456, None, "$0.0123"),
        ("en", "USD", 1.23456, None, "$1.23"),
        ("en", "USD", 1234.5678, None, "$1,234.57"),
        ("en", "USD", 0.000123456, 2, "$0.00"),  # fixed decimals
        ("en", "EUR", 0.000123456, None, "€0.0000617"),  # converted at the scenario's rate first
        ("en", "EUR", 1234.5678, 2, "€617.28"),
        ("de", "USD", 1234.5678, None, f"1.234,57{NBSP}$"),
        ("de", "USD", 0.0123456, None, f"0,0123{NBSP}$"),
        ("de", "EUR", 1.23456, None, f"0,617{NBSP}€"),
        ("de", "EUR", 1234.5678, 2, f"617,28{NBSP}€"),
    ],
)
def test_money(lang: Lang, currency: str, usd: float, digits: int | None, expected: str) -> None:
    assert make_view(lang, currency).money(usd, digits) == expected


@pytest.mark.parametrize(
    ("lang", "be", "level", "text", "icon"),
    [
        (
            "en",
            BreakEven(0.5, 15000.0, None, True),
            "success",
            "Fine-tuning pays off within 16 days (after about 15,000 requests).",
            ":material/flag:",
        ),
        (
            "en",
            BreakEven(3.25, 98765.0, None, True),
            "success",
            "Fine-tuning pays off after 3.2 months (about 98,765 requests).",
            ":material/flag:",
        ),
        (
            "en",
            BreakEven(30.0, 1e6, None, False),
            "info",
            "Fine-tuning pays off only after 30.0 months, later than your horizon of 12 months.",
            ":material/schedule:",
        ),
        (
            "en",
            BreakEven(None, None, "no_volume", False),
            "warning",
            "Fine-tuning never pays off here: there are no requests, so there is nothing to save.",
            ":material/block:",
        ),
        (
            "de",
            BreakEven(0.5, 15000.0, None, True),
            "success",
            "Fine-Tuning rechnet sich binnen 16 Tagen (nach etwa 15.000 Anfragen).",
            ":material/flag:",
        ),
        (
            "de",
            BreakEven(3.25, 98765.0, None, True),
            "success",
            "Fine-Tuning rechnet sich nach 3,2 Monaten (nach etwa 98.765 Anfragen).",
            ":material/flag:",
        ),
    ],
)
def test_headline(lang: Lang, be: BreakEven, level: view.Level, text: str, icon: str) -> None:
    assert view.headline(make_view(lang), replace(RESULT, break_even=be)) == view.Headline(level, text, icon)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (0, "|  | Prompt engineering | Fine-tuning | Hybrid | RAG |"),
        (1, "|---|---:|---:|---:|---:|"),
        (
            2,
            '| <abbr class="sim-row" title="Prompt tokens per request">Tokens/request</abbr> '
            "| 1,750 | 260 | 410 | 2,500 |",
        ),
        (
            3,
            '| <abbr class="sim-row" title="Cost per request">Per request</abbr> '
            "| $0.000382 | $0.000318 | $0.000363 | $0.000495 |",
        ),
        (
            4,
            '| <abbr class="sim-row" title="Cost per month (usage + hosting)">Per month</abbr> '
            "| $11.63 | $9.67 | $11.04 | $15.06 |",
        ),
        (
            5,
            '| <abbr class="sim-row" title="Training over the horizon">Training</abbr> '
            "| $0.00 | $2.70 | $2.70 | $0.00 |",
        ),
        (
            6,
            '| <abbr class="sim-row" title="One-off costs (data, evaluation, hours)">One-off</abbr> '
            "| $0.00 | $0.00 | $0.00 | $0.00 |",
        ),
        (
            7,
            '| <abbr class="sim-row" title="Total after 12 months">Total 12 mo.</abbr> '
            "| **$139.61** | **$118.77** | **$135.20** | **$180.68** |",
        ),
    ],
)
def test_cost_table(row: int, expected: str) -> None:
    table = view.cost_table(make_view(), RESULT).split("\n")
    assert len(table) == 10 and table[-1] == view.TABLE_STYLE
    assert table[row] == expected


@pytest.mark.parametrize(
    ("currency", "rate", "months", "marked"),
    [
        ("USD", 0.5, 2.0, True),
        ("EUR", 0.5, 2.0, True),
        ("EUR", 2.0, 12.0, True),  # on the horizon still counts
        ("USD", 1.0, 12.5, False),  # after the horizon: no marker
        ("USD", 1.0, None, False),
    ],
)
def test_cumulative_curves(currency: str, rate: float, months: float | None, marked: bool) -> None:
    s = replace(scn.DEFAULTS, currency=currency, eur_per_usd=rate)
    be = BreakEven(months, None, None if months else "equal_costs", bool(months) and months <= 12)
    r = replace(RESULT, break_even=be)
    curves, marker = view.cumulative_curves(s, r)
    factor = rate if currency == "EUR" else 1.0
    assert set(curves) == set(OPTIONS)
    for o in OPTIONS:
        xs, ys = costs.curve(r.plans[o], s.horizon_months)
        assert curves[o] == (xs, [y * factor for y in ys])
    if marked:
        assert months is not None and marker == (months, r.cumulative("finetune", months) * factor)
    else:
        assert marker is None


F = simulation.Fact


@pytest.mark.parametrize(
    ("lang", "fact", "expected"),
    [
        (  # money with 3 significant digits, an option's name
            "en",
            F(
                "read_cheapest",
                money={"total": 118.7654},
                numbers={"horizon": 12},
                options={"option": "finetune"},
            ),
            "Over 12 months, **Fine-tuning** is the cheapest option, at $118.77 in total.",
        ),
        (  # break-even months with one decimal; days and requests whole
            "en",
            F(
                "read_break_even",
                money={"training": 2.7},
                numbers={"months": 3.04, "days": 92.6, "requests": 92555.5},
            ),
            "The training run ($2.70) has paid for itself after 3.0 months, that is about 93 days or 92,556 "
            "requests.",
        ),
        (  # a share as a percentage, other numbers with up to one decimal
            "de",
            F("read_prefix", numbers={"prefix": 1550, "total": 1750.25, "share": 0.8857, "ft": 60}),
            "1.550 der 1.750,2 Prompt-Tokens (89\xa0%) sind Anweisungen und Beispiele, die bei jeder Anfrage "
            "wiederholt werden; das fine-getunte Modell kommt mit 60 aus.",
        ),
        (  # latency: exactly two decimals
            "en",
            F("read_latency", numbers={"prompt": 0.5, "ft": 0.321, "rag": 1.0}),
            "Estimated time to the first token: 0.50 s with the long prompt, 0.32 s after fine-tuning, "
            "1.00 s with RAG (see the latency tab).",
        ),
        (
            "de",
            F("read_min_rpd", numbers={"horizon": 12, "rpd": 1234.4}),
            "Damit sich Fine-Tuning binnen 12 Monaten rechnet, braucht es mindestens 1.234 Anfragen pro Tag.",
        ),
    ],
)
def test_fact_text(lang: Lang, fact: simulation.Fact, expected: str) -> None:
    assert view.fact_text(make_view(lang), fact) == expected


@pytest.mark.parametrize(
    ("lang", "changes", "expected"),
    [
        (
            "en",
            {"train_examples": 1500, "epochs": 4, "retrain_months": 6, "horizon_months": 24},
            "1,500 training examples of 600 tokens, 4 epochs; retrained every 6 months; over 24 months.",
        ),
        (
            "en",
            {"epochs": 1, "retrain_months": 1, "horizon_months": 1},
            "500 training examples of 600 tokens, 1 epoch; retrained every month; over 1 month.",
        ),
        ("en", {"retrain_months": 0}, "never retrained; over 12 months."),
        (
            "de",
            {"train_examples": 1500, "epochs": 4, "retrain_months": 6},
            "1.500 Trainingsbeispiele zu 600 Tokens, 4 Epochen; alle 6 Monate neu trainiert; über 12 Monate.",
        ),
        ("de", {"epochs": 1, "retrain_months": 1}, "1 Epoche; jeden Monat neu trainiert"),
    ],
)
def test_training_summary(lang: Lang, changes: dict[str, object], expected: str) -> None:
    s = replace(scn.DEFAULTS, **changes)  # type: ignore[arg-type]
    text = view.training_summary(view.View(translator(lang), lang, s))
    assert expected in text
    assert text.startswith(r"gpt\-6\-luna")  # model names are Markdown-escaped
