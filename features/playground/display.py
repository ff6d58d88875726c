"""Every number the playground shows, as text for the learner's language (pure): a run's metrics line and
cost, the workshop budget left, the prompt builder's token count, its change and what sending it costs.
Costs follow the one rule for amounts (``core.fmt.amount``)."""

from __future__ import annotations

from dataclasses import dataclass

from core import fmt, mdtext
from core.i18n import Translator
from core.llm import caps as capslib
from core.llm.history import HistoryEntry
from core.llm.types import RunResult
from features.playground.prompts import PromptCost

NO_VALUE = "—"
SEPARATOR = "  ·  "


def cost_text(cost: float | None, t: Translator) -> str:
    """What a run cost: not known (own server), free (the built-in model) or the amount."""
    if cost is None:
        return t("playground.m_cost_unknown")
    if cost == 0:
        return t("playground.m_cost_free")
    return t("playground.m_cost", value=fmt.amount(cost, t.lang))


def metrics_line(result: RunResult, t: Translator) -> str:
    """Tokens, cost, timing and whether the answer was cut off, in one line."""
    lang = t.lang
    source = t(f"playground.src_{result.token_source}")
    parts = [
        t("playground.m_prompt", n=fmt.number(result.prompt_tokens, lang), source=source),
        t("playground.m_output", n=fmt.number(result.output_tokens, lang)),
        cost_text(result.cost_usd, t),
    ]
    if result.reasoning_tokens is not None:  # part of the output tokens, billed as output
        n = fmt.number(result.reasoning_tokens, lang)
        if result.reasoning_cost_usd is None:
            parts.insert(2, t("playground.m_reasoning", n=n))
        else:
            cost = fmt.amount(result.reasoning_cost_usd, lang)
            parts.insert(2, t("playground.m_reasoning_cost", n=n, value=cost))
    timing = result.timing
    if timing.ttft_s is not None:
        parts.append(t("playground.m_ttft", s=fmt.number(timing.ttft_s, lang, 2)))
    parts.append(t("playground.m_total", s=fmt.number(timing.total_s, lang, 2)))
    if timing.tokens_per_s is not None:
        parts.append(t("playground.m_speed", n=fmt.number(timing.tokens_per_s, lang, 1)))
    if result.finish_reason == "length":
        parts.append(t("playground.m_cut"))
    return SEPARATOR.join(parts)


def workshop_left(caps: capslib.WorkshopCaps, usage: capslib.SessionUsage, t: Translator) -> str:
    """What is left of this session's workshop budget, and the per-request limits."""
    tokens_left, usd_left = capslib.remaining(caps, usage)
    return t(
        "playground.workshop_left",
        tokens=fmt.number(tokens_left, t.lang),
        money=fmt.amount(usd_left, t.lang),
        max_out=fmt.number(caps.max_output_tokens, t.lang),
        rpm=fmt.number(caps.requests_per_minute, t.lang),
    )


def history_title(entry: HistoryEntry) -> str:
    """A history entry's heading: the time of day, the side (compare mode) and the model, shown literally."""
    label = entry.label + " · " if entry.label else ""
    return f"{entry.when[11:]} · {label}{mdtext.literal(entry.result.model)}"


# ------------------------------------------------------------------------------------------ prompt builder
TokenMemo = tuple[int, int | None]  # (the last token count shown, its change from the one before)


def token_change(memo: TokenMemo | None, tokens: int) -> tuple[TokenMemo, int | None]:
    """The change of the builder's token count since the learner's last edit.

    The change stays on screen across reruns that do not change the count (another widget was used), so the
    memo is kept in the session: it returns the new memo and the change to show (None: nothing yet)."""
    if memo is not None and memo[0] == tokens:
        return memo, memo[1]
    delta = None if memo is None else tokens - memo[0]
    return (tokens, delta), delta


@dataclass(frozen=True)
class BuilderNumbers:
    """The builder's three metrics as shown."""

    tokens: str
    estimate: bool  # the count is an estimate (the label gets " ≈")
    delta: str | None
    cost_one: str
    cost_1000: str


def builder_numbers(cost: PromptCost, delta: int | None, t: Translator) -> BuilderNumbers:
    lang = t.lang
    return BuilderNumbers(
        tokens=fmt.number(cost.tokens, lang),
        estimate=cost.estimate,
        delta=fmt.number(delta, lang) if delta else None,
        cost_one=fmt.amount(cost.usd_per_request, lang) if cost.usd_per_request is not None else NO_VALUE,
        cost_1000=fmt.amount(cost.usd_per_1000, lang) if cost.usd_per_1000 is not None else NO_VALUE,
    )
