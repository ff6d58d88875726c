"""Languages and translated interface strings, strictly per call (nothing process-wide).

Interface strings live in ``content/<lang>/ui/<namespace>.yaml`` as flat ``key: text`` maps and are
addressed as ``"<namespace>.<key>"``. Both languages must have exactly the same keys (tested).

Plural forms use ICU's message syntax: ``{n, plural, one {# Beispiel} other {# Beispiele}}`` picks the form
by the language's plural rules (Babel's CLDR data; ``=0 {…}`` matches an exact number) and writes the
parameter's value where ``#`` stands. A value a page already formatted (``1.234``, ``1\\,234``) is read back
as a number for the choice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from babel import Locale
from babel.numbers import NumberFormatError, parse_decimal

from core.errors import ContentError
from core.paths import CONTENT_DIR

Lang = Literal["de", "en"]
LANGS: tuple[Lang, ...] = ("de", "en")
DEFAULT_LANG: Lang = "en"
LANG_NAMES: Mapping[Lang, str] = {"de": "Deutsch", "en": "English"}
BABEL_LOCALES: Mapping[Lang, str] = {"de": "de_DE", "en": "en_US"}


def parse_lang(value: object) -> Lang | None:
    """Return a supported language for ``value`` (``"de"``, ``"en-GB"``, ``"de_AT"`` ...) or None."""
    if not isinstance(value, str):
        return None
    head = value.strip().replace("_", "-").split("-")[0].lower()
    if head in LANGS:
        return head
    return None


def resolve_lang(query_value: object, session_value: object, browser_locale: object) -> Lang:
    """Pick the language: an explicit URL value wins, then the session's choice, then the browser."""
    for candidate in (query_value, session_value, browser_locale):
        lang = parse_lang(candidate)
        if lang is not None:
            return lang
    return DEFAULT_LANG


def load_ui_strings(lang: Lang, content_dir: Path = CONTENT_DIR) -> dict[str, str]:
    """Load every ``ui/*.yaml`` of one language into a flat ``namespace.key -> text`` dict."""
    folder = content_dir / lang / "ui"
    strings: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ContentError(path, "<root>", "expected a mapping of key: text")
        for key, text in data.items():
            if not isinstance(key, str) or not isinstance(text, str):
                raise ContentError(path, str(key), "every value must be a text string")
            strings[f"{path.stem}.{key}"] = text
    return strings


# {name, plural, one {...} other {...}}: each form's text may hold {placeholders} (one level of braces).
_FORM = r"\s*(?:=\d+|zero|one|two|few|many|other)\s*\{(?:[^{}]|\{[^{}]*\})*\}"
_PLURAL = re.compile(r"\{(\w+),\s*plural,((?:" + _FORM + r")+)\s*\}")
_FORMS = re.compile(r"\s*(=\d+|zero|one|two|few|many|other)\s*\{((?:[^{}]|\{[^{}]*\})*)\}")


def _as_number(value: object, lang: Lang) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        plain = value.replace("\\", "").replace("\u2060", "").strip()
        try:
            return float(parse_decimal(plain, locale=BABEL_LOCALES[lang]))
        except (NumberFormatError, ValueError):
            return None
    return None


def plural(text: str, lang: Lang, params: Mapping[str, object]) -> str:
    """``text`` with every ICU plural block replaced by the form for its parameter (``#`` -> ``{name}``)."""

    def choose(match: re.Match[str]) -> str:
        name, body = match.group(1), match.group(2)
        forms = dict(_FORMS.findall(body))
        n = _as_number(params.get(name), lang)
        if n is None:
            chosen = forms.get("other", "")
        else:
            exact = f"={int(n)}" if n == int(n) else ""
            category = Locale.parse(BABEL_LOCALES[lang]).plural_form(abs(n))
            chosen = forms.get(exact) or forms.get(category) or forms.get("other", "")
        return str(chosen).replace("#", "{" + name + "}")

    return _PLURAL.sub(choose, text)


def placeholders(text: str) -> set[str]:
    """The parameters an interface string uses (plural blocks included)."""
    names = {m.group(1) for m in _PLURAL.finditer(text)}
    flat = _PLURAL.sub(lambda m: " ".join(f.group(2) for f in _FORMS.finditer(m.group(2))), text)
    names |= set(re.findall(r"\{(\w+)(?:[:!][^{}]*)?\}", flat))
    return names


@dataclass(frozen=True)
class Translator:
    """Looks up interface strings of one language; ``tr("ns.key", n=3)`` formats with ``str.format``."""

    lang: Lang
    strings: Mapping[str, str]

    def __call__(self, key: str, **kwargs: object) -> str:
        try:
            text = self.strings[key]
        except KeyError:
            raise KeyError(f"missing interface string {key!r} for language {self.lang!r}") from None
        if "plural," in text:
            text = plural(text, self.lang, kwargs)
        return text.format(**kwargs) if kwargs else text

    def has(self, key: str) -> bool:
        return key in self.strings


def translator(lang: Lang, content_dir: Path = CONTENT_DIR) -> Translator:
    return Translator(lang=lang, strings=load_ui_strings(lang, content_dir))
