"""features.playground.display: every number the playground shows, in both languages."""

from __future__ import annotations

import pytest

from core.i18n import Lang, translator
from core.llm import caps as capslib
from core.llm.history import HistoryEntry
from core.llm.types import ChatRequest, RunResult, Timing, TokenSource
from features.playground import display
from features.playground.prompts import PromptCost

NB = "\xa0"  # German amounts: "0,000015 $" with a no-break space


def _result(
    cost: float | None,
    *,
    prompt: int = 1234,
    output: int = 56,
    source: TokenSource = "model",
    timing: Timing | None = None,
    finish: str = "stop",
) -> RunResult:
    timing = timing or Timing(0.25, 1.5, 37.33)
    return RunResult("local", "SmolLM2", "hi", prompt, output, source, timing, cost, finish)


@pytest.mark.parametrize(
    ("lang", "cost", "text"),
    [
        ("en", None, "Cost: not known (own server)"),
        ("en", 0.0, "Cost: $0 (runs right here)"),
        ("en", 0.000015, "Cost: $0.000015"),  # two significant digits (was: 5 decimals, "$0.00002")
        ("en", 0.0123, "Cost: $0.012"),
        ("en", 1.5, "Cost: $1.50"),
        ("de", None, "Kosten: unbekannt (eigener Server)"),
        ("de", 0.0, "Kosten: 0 $ (läuft direkt hier)"),
        ("de", 0.000015, f"Kosten: 0,000015{NB}$"),
        ("de", 0.0123, f"Kosten: 0,012{NB}$"),
    ],
)
def test_cost_text(lang: Lang, cost: float | None, text: str) -> None:
    assert display.cost_text(cost, translator(lang)) == text


@pytest.mark.parametrize(
    ("lang", "result", "line"),
    [
        (
            "en",
            _result(0.0),
            "Prompt: 1,234 tokens (counted by the model's tokenizer)  ·  Output: 56 tokens  ·  "
            "Cost: $0 (runs right here)  ·  First token after 0.25 s  ·  Total 1.50 s  ·  37.3 tokens/s",
        ),
        (
            "en",
            _result(None, source="estimate", timing=Timing(None, 2.0, None), finish="length"),
            "Prompt: 1,234 tokens (estimate: the server sent no count)  ·  Output: 56 tokens  ·  "
            "Cost: not known (own server)  ·  Total 2.00 s  ·  cut off at the output limit",
        ),
        (
            "de",
            _result(0.00004, prompt=12345, source="server"),
            "Prompt: 12.345 Token (vom Server gezählt)  ·  Ausgabe: 56 Token  ·  "
            f"Kosten: 0,000040{NB}$  ·  Erstes Token nach 0,25 s  ·  Gesamt 1,50 s  ·  37,3 Token/s",
        ),
    ],
)
def test_metrics_line(lang: Lang, result: RunResult, line: str) -> None:
    assert display.metrics_line(result, translator(lang)) == line


@pytest.mark.parametrize(
    ("lang", "usage", "text"),
    [
        (
            "en",
            capslib.SessionUsage(),
            "Workshop key: 20,000 tokens and $0.050 left in your session; at most 300 output tokens per "
            "request and 5 requests per minute.",
        ),
        (
            "en",
            capslib.SessionUsage(tokens=19_000, usd=0.04999),
            "Workshop key: 1,000 tokens and $0.000010 left in your session; at most 300 output tokens per "
            "request and 5 requests per minute.",
        ),
        (
            "en",
            capslib.SessionUsage(tokens=30_000, usd=1.0),  # over budget: nothing left, never negative
            "Workshop key: 0 tokens and $0.00 left in your session; at most 300 output tokens per "
            "request and 5 requests per minute.",
        ),
        (
            "de",
            capslib.SessionUsage(tokens=1),
            f"Workshop-Schlüssel: In deiner Sitzung sind noch 19.999 Token und 0,050{NB}$ übrig; höchstens "
            "300 Ausgabe-Token pro Anfrage und 5 Anfragen pro Minute.",
        ),
    ],
)
def test_workshop_left(lang: Lang, usage: capslib.SessionUsage, text: str) -> None:
    assert display.workshop_left(capslib.WorkshopCaps(), usage, translator(lang)) == text


@pytest.mark.parametrize(
    ("label", "model", "title"),
    [
        ("", "SmolLM2-135M", "10:00:07 · SmolLM2\\-135M"),
        ("A", "gpt-4o-mini", "10:00:07 · A · gpt\\-4o\\-mini"),
        ("B", "my*model", "10:00:07 · B · my\\*model"),  # a server's model name is shown literally
    ],
)
def test_history_title(label: str, model: str, title: str) -> None:
    result = RunResult("server", model, "hi", 1, 1, "server", Timing(None, 1.0, None), None, "stop")
    entry = HistoryEntry("2026-01-01T10:00:07", label, ChatRequest.from_prompts("", "q"), result)
    assert display.history_title(entry) == title


@pytest.mark.parametrize(
    ("memo", "tokens", "new_memo", "delta"),
    [
        (None, 120, (120, None), None),  # first count: no change to show
        ((120, None), 120, (120, None), None),
        ((120, None), 100, (100, -20), -20),  # an edit: the change since the last count
        ((100, -20), 100, (100, -20), -20),  # a rerun without a change keeps showing the last change
        ((100, -20), 130, (130, 30), 30),
    ],
)
def test_token_change(
    memo: display.TokenMemo | None, tokens: int, new_memo: display.TokenMemo, delta: int | None
) -> None:
    assert display.token_change(memo, tokens) == (new_memo, delta)


@pytest.mark.parametrize(
    ("lang", "cost", "delta", "shown"),
    [
        (
            "en",
            PromptCost(1234, False, 0.0001851, 0.1851),
            -20,
            # was 6 and 4 fixed decimals ("$0.000185", "$0.1851"): now two significant digits
            display.BuilderNumbers("1,234", False, "-20", "$0.00019", "$0.19"),
        ),
        (
            "en",
            PromptCost(8, True, 0.0000012, 0.0012),
            None,
            display.BuilderNumbers("8", True, None, "$0.0000012", "$0.0012"),
        ),
        ("en", PromptCost(5, True, None, None), 0, display.BuilderNumbers("5", True, None, "—", "—")),
        (
            "de",
            PromptCost(12345, False, 0.0018518, 1.8518),
            1500,
            display.BuilderNumbers("12.345", False, "1.500", f"0,0019{NB}$", f"1,85{NB}$"),
        ),
    ],
)
def test_builder_numbers(
    lang: Lang, cost: PromptCost, delta: int | None, shown: display.BuilderNumbers
) -> None:
    assert display.builder_numbers(cost, delta, translator(lang)) == shown
