"""Every number the token explorer shows, ready for its Markdown: counts, characters per token, costs, the
price line of a model, the chat request's parts and the German/English comparison.

Amounts go through ``core.fmt.amount`` and are made Markdown-safe with ``core.mdtext.literal`` (a ``$``
would start a formula); an estimated count (a model whose tokenizer is not published) carries ``APPROX``.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping

from core import fmt, mdtext, prices, tokens
from core.errors import UserInputError
from core.i18n import Lang

# Only this many tokens are drawn as spans; everything is counted.
VISUAL_LIMIT = 2_000
COUNT_LIMIT = 1_000_000  # characters counted in one text; a longer one is refused with its size
# No character limit on the text areas: the browser would cut a longer paste, or drop it, without a word.
MAX_CHARS: int | None = None
LOCAL_MODEL = "smollm2-135m-instruct"
DEFAULT_MODEL = "gpt-5.4-mini"  # active (tests/test_lifecycle.py), with a known tokenizer
MODES = ("text", "chat", "compare")
SAMPLE_PARAM = "sample"
SAMPLE_COMPARE = "de-en"
APPROX = "≈ "
NO_VALUE = "–"

#: Where a price comes from -> the interface string that says so.
SOURCE_KEYS: Mapping[str, str] = {
    prices.SOURCE_GENAI: "prices.source_genai",
    prices.SOURCE_TABLE: "prices.source_table",
    prices.SOURCE_GENAI_AND_TABLE: "prices.source_mixed",
    prices.SOURCE_OVERRIDE: "prices.source_override",
}


def check_length(*texts: str, limit: int = COUNT_LIMIT) -> None:
    """Refuse a text over ``limit`` characters with its size (the text areas take any paste, so a long one
    is answered with this message rather than cut or dropped by the browser)."""
    for text in texts:
        if len(text) > limit:
            raise UserInputError("tokens.err_too_long", n=len(text), limit=limit)


def mark(estimate: bool) -> str:
    """The prefix of a count or cost that is only an estimate."""
    return APPROX if estimate else ""


def count(n: int, lang: Lang, estimate: bool = False) -> str:
    """A token count, ``≈ ``-prefixed when estimated."""
    return mark(estimate) + fmt.number(n, lang)


def per_token(chars: int, n_tokens: int, lang: Lang) -> str:
    """Characters per token (``–`` when there are no tokens)."""
    per = tokens.chars_per_token(chars, n_tokens)
    return fmt.compact(per, lang) if per else NO_VALUE


def money(amount: float, lang: Lang) -> str:
    """An amount for Markdown (``\\$0.0070``)."""
    return mdtext.literal(fmt.amount(amount, lang))


def cost(n_tokens: int, per_mtok: float, lang: Lang, estimate: bool = False) -> str:
    """What ``n_tokens`` cost at ``per_mtok`` dollars per million tokens, for Markdown."""
    return mark(estimate) + money(prices.cost(n_tokens, per_mtok), lang)


def price_line(price: prices.ModelPrice, fine_tuned_label: str, lang: Lang) -> tuple[str, dict[str, str]]:
    """The interface string and parameters of a model's price line (with the cached-input price if any)."""
    params = {
        "model": price.model + (f" ({fine_tuned_label})" if price.fine_tuned else ""),
        "input": money(price.input_per_mtok, lang),
        "output": money(price.output_per_mtok, lang),
    }
    if price.cached_input_per_mtok is None:
        return "prices.price_line", params
    return "prices.price_line_cached", {**params, "cached": money(price.cached_input_per_mtok, lang)}


def source_key(price: prices.ModelPrice) -> str:
    return SOURCE_KEYS[price.source]


def chat_messages(system: str, user: str, name: str, assistant: str) -> list[dict[str, str]]:
    """The chat request of the chat view: system and user always, the user's name and the assistant's
    message only when given (a name is stripped of surrounding spaces)."""
    messages: list[dict[str, str]] = [{"role": "system", "content": system}]
    user_message = {"role": "user", "content": user}
    if name.strip():
        user_message["name"] = name.strip()
    messages.append(user_message)
    if assistant:
        messages.append({"role": "assistant", "content": assistant})
    return messages


def framing(message: Mapping[str, str], model: str) -> int:
    """The format tokens one message adds (its share of the chat overhead, without the reply priming)."""
    return tokens.count_chat([message], model).overhead - tokens.TOKENS_REPLY_PRIMING


def comparison(encoding: str, de_tokens: int, en_tokens: int, lang: Lang) -> tuple[str, dict[str, str]]:
    """The interface string and parameters that compare the German and the English version."""
    share = tokens.extra_share(de_tokens, en_tokens)
    params = {"encoding": encoding, "de": fmt.number(de_tokens, lang), "en": fmt.number(en_tokens, lang)}
    if share is None or share == 0:
        return "tokens.compare_equal", params
    if share > 0:
        return "tokens.compare_more", {"share": fmt.percent(share, lang), **params}
    return "tokens.compare_fewer", {"share": fmt.percent(-share, lang), **params}


def common_ids(ordered: Iterable[str], *others: Container[str]) -> list[str]:
    """The ids of ``ordered`` that every other list has too, in ``ordered``'s order."""
    return [i for i in ordered if all(i in other for other in others)]
