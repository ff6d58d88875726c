"""Text that came from outside (pasted, uploaded, typed, from a URL) made safe to encode, and header values.

Python strings may hold *lone surrogates* (``"\\ud800"``): halves of a UTF-16 pair without their partner. JSON
allows them as escapes (``"\\ud800"`` in a file is valid JSON syntax) and some clipboards produce them, but
they are not characters: encoding such a string as UTF-8 raises ``UnicodeEncodeError``. Every place that
encodes outside text (tokenizers, hashes, HTTP bodies, downloads) first passes it through ``clean``, which
replaces each lone surrogate with U+FFFD (the replacement character) and says how many there were, so a page
can tell the learner instead of failing.

API keys travel in an HTTP header, which only carries ASCII. Keys copied from a web page or a chat often bring
invisible characters along (a zero-width space, a non-breaking space, a line break); ``clean_key`` removes
those and refuses any other non-ASCII character with a message naming it and its position.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from core.errors import UserInputError

REPLACEMENT = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")

# Characters that are invisible or only steer layout: removed from keys (and other single-token values).
INVISIBLE = frozenset(
    "\u00ad"  # soft hyphen
    "\u034f"  # combining grapheme joiner
    "\u061c"  # Arabic letter mark
    "\u115f\u1160\u3164\uffa0"  # Hangul fillers
    "\u180e"  # Mongolian vowel separator
    "\u200b\u200c\u200d"  # zero-width space, non-joiner, joiner
    "\u200e\u200f"  # left-to-right / right-to-left marks
    "\u202a\u202b\u202c\u202d\u202e"  # bidi embeddings and overrides
    "\u2060\u2061\u2062\u2063\u2064"  # word joiner, invisible operators
    "\u2066\u2067\u2068\u2069"  # bidi isolates
    "\ufeff"  # byte order mark / zero-width no-break space
)


@dataclass(frozen=True)
class Cleaned:
    """``text`` safe to encode as UTF-8; ``replaced`` lone surrogates were replaced, the first at ``first``
    (0-based character offset, -1 if none)."""

    text: str
    replaced: int = 0
    first: int = -1

    @property
    def changed(self) -> bool:
        return self.replaced > 0


def has_surrogates(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def clean(text: str) -> Cleaned:
    """``text`` with every lone surrogate replaced by U+FFFD, and how many there were."""
    first = _SURROGATE.search(text)
    if first is None:
        return Cleaned(text)
    replaced, n = _SURROGATE.subn(REPLACEMENT, text)
    return Cleaned(replaced, n, first.start())


def scrub(text: str) -> str:
    """``clean(text).text``: for places that only need text that encodes."""
    return text if _SURROGATE.search(text) is None else _SURROGATE.sub(REPLACEMENT, text)


def scrub_value(value: Any) -> Any:
    """A JSON-like value (dicts, lists, strings) with every string scrubbed; other values unchanged."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, Mapping):
        return {scrub(str(k)): scrub_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub_value(v) for v in value]
    return value


def first_surrogate(value: Any) -> str | None:
    """The first lone surrogate anywhere in a JSON-like value (keys and strings), or None."""
    if isinstance(value, str):
        found = _SURROGATE.search(value)
        return found.group() if found else None
    if isinstance(value, Mapping):
        for k, v in value.items():
            hit = first_surrogate(k) or first_surrogate(v)
            if hit:
                return hit
    elif isinstance(value, list | tuple):
        for v in value:
            hit = first_surrogate(v)
            if hit:
                return hit
    return None


def escape_of(char: str) -> str:
    """How a character is written as an escape: ``\\u200b``."""
    return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"


def char_name(char: str) -> str:
    """``U+00E4 (LATIN SMALL LETTER A WITH DIAERESIS)``; surrogates and unnamed characters by code only."""
    name = unicodedata.name(char, "") if not 0xD800 <= ord(char) <= 0xDFFF else ""
    code = f"U+{ord(char):04X}"
    return f"{code} ({name})" if name else code


def strip_invisible(text: str) -> str:
    """``text`` without invisible characters and without any whitespace (for one-token values like keys)."""
    return "".join(c for c in text if c not in INVISIBLE and not c.isspace())


def clean_key(raw: str, message_key: str = "llm.err_key_chars") -> str:
    """An API key ready for an HTTP header: invisible characters and whitespace removed; any other character
    outside printable ASCII raises ``UserInputError(message_key, char=…, position=…)`` (1-based position
    in the cleaned key)."""
    key = strip_invisible(raw)
    for i, c in enumerate(key):
        if not " " < c < "\x7f":
            raise UserInputError(message_key, char=char_name(c), position=i + 1)
    return key


def check_header_value(value: str, message_key: str = "llm.err_header_chars") -> str:
    """A header value as given, or ``UserInputError`` when it holds anything but printable ASCII (and
    spaces): HTTP libraries would fail deep inside a request otherwise."""
    for i, c in enumerate(value):
        if not " " <= c < "\x7f":
            raise UserInputError(message_key, char=char_name(c), position=i + 1)
    return value
