"""Exact, offline tokenization with OpenAI's public BPE vocabularies.

The two vocabularies (``o200k_base``, ``cl100k_base``) ship with the project in ``core/data/tiktoken/``
(gzipped, see the README there). They are verified against the sha256 sums tiktoken itself pins, and the
encodings are built with the same split pattern and special tokens as ``tiktoken_ext/openai_public.py``.
Nothing is downloaded and tiktoken's download cache is never touched.

Chat counting follows OpenAI's cookbook notebook "How to count tokens with tiktoken": every message costs
3 tokens of framing plus its role, a ``name`` costs 1 extra token, and 3 more tokens prime the reply.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import tiktoken

from core.errors import UserInputError
from core.paths import DATA_DIR

TIKTOKEN_DIR: Path = DATA_DIR / "tiktoken"
ENCODINGS: tuple[str, ...] = ("o200k_base", "cl100k_base")

# sha256 of the *uncompressed* rank files; the same values tiktoken 0.14 pins as `expected_hash`.
EXPECTED_SHA256: Mapping[str, str] = {
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
}

_ENDOFTEXT = "<|endoftext|>"
_FIM_PREFIX = "<|fim_prefix|>"
_FIM_MIDDLE = "<|fim_middle|>"
_FIM_SUFFIX = "<|fim_suffix|>"
_ENDOFPROMPT = "<|endofprompt|>"

_CL100K_PAT = (
    r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|"""
    r"""\s++$|\s*[\r\n]|\s+(?!\S)|\s"""
)
_O200K_PAT = "|".join(
    [
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""\p{N}{1,3}""",
        r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
        r"""\s*[\r\n]+""",
        r"""\s+(?!\S)""",
        r"""\s+""",
    ]
)

_SPEC: Mapping[str, tuple[str, Mapping[str, int]]] = {
    "o200k_base": (_O200K_PAT, {_ENDOFTEXT: 199999, _ENDOFPROMPT: 200018}),
    "cl100k_base": (
        _CL100K_PAT,
        {
            _ENDOFTEXT: 100257,
            _FIM_PREFIX: 100258,
            _FIM_MIDDLE: 100259,
            _FIM_SUFFIX: 100260,
            _ENDOFPROMPT: 100276,
        },
    ),
}


class VocabularyError(RuntimeError):
    """A shipped vocabulary file is missing or does not match its pinned sha256 (an install problem)."""


def _check_encoding_name(name: str) -> None:
    if name not in ENCODINGS:
        raise UserInputError("tokens.err_unknown_encoding", encoding=name, known=", ".join(ENCODINGS))


def read_vocabulary(name: str, folder: Path = TIKTOKEN_DIR) -> dict[bytes, int]:
    """Read ``<name>.tiktoken.gz`` from ``folder``, check its sha256 and parse ``base64-token rank`` lines."""
    _check_encoding_name(name)
    path = folder / f"{name}.tiktoken.gz"
    try:
        raw = gzip.decompress(path.read_bytes())
    except (OSError, EOFError) as exc:
        raise VocabularyError(f"cannot read the shipped vocabulary {path}: {exc}") from exc
    digest = hashlib.sha256(raw).hexdigest()
    if digest != EXPECTED_SHA256[name]:
        raise VocabularyError(f"{path}: sha256 {digest} does not match the pinned {EXPECTED_SHA256[name]}")
    ranks: dict[bytes, int] = {}
    for line in raw.splitlines():
        if line:
            token, rank = line.split()
            ranks[base64.b64decode(token)] = int(rank)
    return ranks


@cache
def get_encoding(name: str) -> tiktoken.Encoding:
    """The tiktoken encoding ``name`` built from the vocabulary shipped in the project (never downloaded)."""
    _check_encoding_name(name)
    pat_str, special = _SPEC[name]
    return tiktoken.Encoding(
        name, pat_str=pat_str, mergeable_ranks=read_vocabulary(name), special_tokens=dict(special)
    )


# ------------------------------------------------------------------------------------ model -> encoding

# Checked in order; the first match wins. Patterns are applied to the lower-cased model name.
_MODEL_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-oss|codex-mini)"), "o200k_base"),
    (re.compile(r"^o[134](-|$)"), "o200k_base"),
    (
        re.compile(r"^(gpt-4|gpt-3\.5|gpt-35|text-embedding-(3|ada-002)|davinci-002|babbage-002)"),
        "cl100k_base",
    ),
)
FALLBACK_ENCODING = "o200k_base"


def base_model_name(model: str) -> str:
    """``ft:gpt-4o-mini-2024-07-18:org::id`` -> ``gpt-4o-mini-2024-07-18``; any name lower-cased, trimmed."""
    name = model.strip().lower()
    if name.startswith("ft:"):
        name = name[3:].split(":", 1)[0]
    return name


def encoding_for_model(model: str) -> tuple[str, bool]:
    """(encoding name, is_estimate) for ``model``.

    Current OpenAI models (gpt-4o, gpt-4.1, o-series, gpt-5.x and their fine-tunes) use ``o200k_base``,
    gpt-4 and gpt-3.5 use ``cl100k_base``. Any other model (local, other vendors, unknown) gets
    ``o200k_base`` as an approximation and is flagged as an estimate.
    """
    name = base_model_name(model)
    for pattern, encoding in _MODEL_RULES:
        if pattern.search(name):
            return encoding, False
    return FALLBACK_ENCODING, True


# ------------------------------------------------------------------------------------------------ counting


@dataclass(frozen=True)
class TokenCount:
    tokens: int
    encoding: str
    estimate: bool


def encode(text: str, encoding: str) -> list[int]:
    """Token ids of ``text``. Special-token markers such as ``<|endoftext|>`` count as ordinary text."""
    return get_encoding(encoding).encode_ordinary(text)


def count_tokens(text: str, model: str = "gpt-4o-mini") -> TokenCount:
    """How many tokens ``text`` is for ``model`` (an estimate when the model's tokenizer is unknown)."""
    encoding, estimate = encoding_for_model(model)
    return TokenCount(
        tokens=len(get_encoding(encoding).encode_ordinary(text)), encoding=encoding, estimate=estimate
    )


def count_with(text: str, encoding: str) -> int:
    """Tokens of ``text`` in the named encoding."""
    return len(get_encoding(encoding).encode_ordinary(text))


def chars_per_token(chars: int, tokens: int) -> float | None:
    """Average characters per token; None when there are no tokens."""
    if chars < 0 or tokens < 0:
        raise ValueError("counts cannot be negative")
    return chars / tokens if tokens else None


def extra_share(tokens: int, reference: int) -> float | None:
    """How many more tokens ``tokens`` is than ``reference``, as a share (0.25 = 25 % more).

    None when there is no reference (0 tokens)."""
    if tokens < 0 or reference < 0:
        raise ValueError("counts cannot be negative")
    return tokens / reference - 1 if reference else None


# ------------------------------------------------------------------------------------------------- chat

TOKENS_PER_MESSAGE = 3
TOKENS_PER_NAME = 1
TOKENS_REPLY_PRIMING = 3
CHAT_ROLES: tuple[str, ...] = ("system", "user", "assistant")


@dataclass(frozen=True)
class ChatCount:
    """Prompt tokens of a chat request.

    ``content`` counts the message texts (``content`` and ``name`` values); ``overhead`` is everything the
    chat format adds: 3 tokens per message, the role's own tokens, 1 per ``name`` and 3 to prime the reply.
    ``total = content + overhead`` is what the cookbook's ``num_tokens_from_messages`` returns.
    """

    content: int
    overhead: int
    total: int
    encoding: str
    estimate: bool


def count_chat(messages: Sequence[Mapping[str, str]], model: str) -> ChatCount:
    """Prompt tokens of ``messages`` for ``model`` per OpenAI's cookbook, format overhead kept apart."""
    encoding, estimate = encoding_for_model(model)
    enc = get_encoding(encoding)
    content = 0
    overhead = TOKENS_REPLY_PRIMING
    for message in messages:
        overhead += TOKENS_PER_MESSAGE
        for key, value in message.items():
            if not isinstance(value, str):
                raise UserInputError("tokens.err_bad_message", field=key)
            n = len(enc.encode_ordinary(value))
            if key in ("content", "name"):
                content += n
            else:
                overhead += n
            if key == "name":
                overhead += TOKENS_PER_NAME
    return ChatCount(
        content=content, overhead=overhead, total=content + overhead, encoding=encoding, estimate=estimate
    )
