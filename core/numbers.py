"""Numbers a learner types, read strictly: a form the field cannot hold (``1e9``, ``10.5``, ``12 tokens``)
or a value outside its range is refused with a message that names the field, what was typed and the range —
never replaced by another number. Streamlit's own number field turns such input into a different number in
the browser, so fields that must not guess are text fields read by this module (``ui.numbers``)."""

from __future__ import annotations

import re

from core.errors import UserInputError
from core.i18n import Lang
from core.mdtext import shorten

#: The thousands separator a learner may type in each language (besides spaces), in groups of three.
GROUP_SEPARATOR: dict[Lang, str] = {"de": ".", "en": ","}
#: The decimal separator of each language (the other one is only ever a thousands separator there).
DECIMAL_SEPARATOR: dict[Lang, str] = {"de": ",", "en": "."}
_SHOWN = 40  # characters of the typed text repeated in a message
_MAX_DIGITS = 18


def parse_whole(text: str, lo: int, hi: int, lang: Lang, field: str) -> int:
    """The whole number ``text`` stands for, if it is one between ``lo`` and ``hi``; else ``UserInputError``
    (``common.err_number_form`` or ``common.err_number_range``)."""
    raw = text.strip()
    compact = raw.replace("\u00a0", " ").replace("\u202f", " ")
    sep = re.escape(GROUP_SEPARATOR[lang])
    params = {"field": field, "text": shorten(raw, _SHOWN), "lo": lo, "hi": hi}
    if not re.fullmatch(rf"[0-9]+|[0-9]{{1,3}}(?:(?:{sep}|[ ])[0-9]{{3}})+", compact):
        raise UserInputError("common.err_number_form", **params)
    digits = re.sub(r"[^0-9]", "", compact)
    if len(digits.lstrip("0")) > _MAX_DIGITS or not lo <= int(digits) <= hi:
        raise UserInputError("common.err_number_range", **params)
    return int(digits)


def parse_decimal(text: str, lo: float, hi: float, lang: Lang, field: str) -> float:
    """The number ``text`` stands for, written with the language's decimal separator (``2,5`` in German,
    ``2.5`` in English; thousands grouped in threes or not at all), if it lies between ``lo`` and ``hi``;
    else ``UserInputError`` (``common.err_decimal_form`` or ``common.err_decimal_range``)."""
    raw = text.strip()
    compact = raw.replace("\u00a0", " ").replace("\u202f", " ")
    group, point = re.escape(GROUP_SEPARATOR[lang]), re.escape(DECIMAL_SEPARATOR[lang])
    params = {"field": field, "text": shorten(raw, _SHOWN), "lo": lo, "hi": hi}
    whole = rf"(?:[0-9]+|[0-9]{{1,3}}(?:(?:{group}|[ ])[0-9]{{3}})+)"
    if not re.fullmatch(rf"{whole}(?:{point}[0-9]+)?", compact) or len(compact) > 40:
        raise UserInputError("common.err_decimal_form", example=f"2{DECIMAL_SEPARATOR[lang]}5", **params)
    int_part, _, frac = compact.partition(DECIMAL_SEPARATOR[lang])
    value = float(re.sub(r"[^0-9]", "", int_part) + "." + (frac or "0"))
    if not lo <= value <= hi:
        raise UserInputError("common.err_decimal_range", **params)
    return value


def decimal_text(value: float, lang: Lang) -> str:
    """A number as ``parse_decimal`` reads it back (no grouping, the language's decimal separator)."""
    text = str(int(value)) if float(value).is_integer() else repr(float(value))
    return text.replace(".", DECIMAL_SEPARATOR[lang])
