"""Token pieces for display, and the escaped HTML that shows them as coloured spans.

A token is a sequence of bytes; some tokens hold only part of a character (an emoji or a CJK character is
often split into two or three byte tokens). Such tokens are grouped until the bytes form whole characters,
so every piece shown is readable text; the piece lists all ids it is made of.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from core import mdtext
from core.content import read_yaml, validate
from core.i18n import Lang
from core.paths import CONTENT_DIR
from core.tokens import get_encoding

# Okabe–Ito palette (designed to stay distinguishable with the common colour-vision deficiencies), used as
# translucent backgrounds so text keeps its theme colour; every span also has a solid border in the same hue,
# so neighbouring tokens are told apart by their edges and not by colour alone.
PALETTE: tuple[tuple[int, int, int], ...] = (
    (230, 159, 0),  # orange
    (86, 180, 233),  # sky blue
    (0, 158, 115),  # bluish green
    (240, 228, 66),  # yellow
    (0, 114, 178),  # blue
    (213, 94, 0),  # vermillion
    (204, 121, 167),  # reddish purple
)

VISIBLE_SPACE = "·"
VISIBLE_TAB = "→"
VISIBLE_NEWLINE = "↵"
VISIBLE_CR = "␍"


@dataclass(frozen=True)
class Piece:
    """Readable text covered by one token, or by several tokens that each hold part of a character."""

    ids: tuple[int, ...]
    text: str


def pieces(ids: Sequence[int], encoding: str) -> list[Piece]:
    """Group ``ids`` into readable pieces (see module doc); joined, their texts give the decoded text."""
    enc = get_encoding(encoding)
    out: list[Piece] = []
    pending_ids: list[int] = []
    pending = b""
    for token in ids:
        pending_ids.append(token)
        pending += enc.decode_single_token_bytes(token)
        try:
            text = pending.decode("utf-8")
        except UnicodeDecodeError:
            # a character continues in the next token — unless we already hold more than one character's worth
            if len(pending) < 8:
                continue
            text = pending.decode("utf-8", errors="replace")
        out.append(Piece(ids=tuple(pending_ids), text=text))
        pending_ids, pending = [], b""
    if pending_ids:  # cut off mid-character (e.g. at the display limit)
        out.append(Piece(ids=tuple(pending_ids), text=pending.decode("utf-8", errors="replace")))
    return out


def show_whitespace(text: str) -> str:
    """Make spaces, tabs and line breaks visible (line breaks are kept after their marker)."""
    return (
        text.replace(" ", VISIBLE_SPACE)
        .replace("\t", VISIBLE_TAB)
        .replace("\r", VISIBLE_CR)
        .replace("\n", VISIBLE_NEWLINE + "\n")
    )


def stylesheet() -> str:
    """One ``<style>`` block for the spans: class ``tok<i>`` gets palette colour ``i``.

    Each token is an inline block, so a line can only break *between* tokens: a token with a leading space
    never ends a line as a coloured sliver with its text on the next line. Inside a block, text only wraps
    when one token alone is wider than the column (``break-spaces`` also keeps the width of its spaces).
    """
    rules = [
        ".tok-view{line-height:1.9;font-family:monospace;}",
        ".tok-view .tok-id{display:block;font-size:0.68em;line-height:1.25;text-align:center;opacity:0.85;}",
    ]
    for i, (r, g, b) in enumerate(PALETTE):
        rules.append(
            f".tok-view .tok{i}{{background:rgba({r},{g},{b},0.28);border:1px solid rgb({r},{g},{b});"
            "border-radius:3px;padding:0 1px;margin:0 1px 2px 0;display:inline-block;vertical-align:top;"
            "white-space:break-spaces;max-width:100%;min-width:0.5ch;}"
        )
    return "<style>" + "".join(rules) + "</style>"


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _piece_html(css: str, title: str, text: str, ids: str | None) -> str:
    """One piece: its text in a span per line, the line breaks between the spans (a break inside an inline
    block would not start a new line of the view). The ids, when shown, go under the first line."""
    lines = _LINE_BREAK.split(text)
    out: list[str] = []
    for number, line in enumerate(lines):
        if number:
            out.append("<br>")
        if number == 0 or line:
            id_html = f'<span class="tok-id">{ids}</span>' if ids is not None and number == 0 else ""
            out.append(f'<span class="{css}" title="{title}">{mdtext.html_text(line)}{id_html}</span>')
    return "".join(out)


def spans_html(
    items: Sequence[Piece], *, whitespace: bool = False, id_label: str = "id", show_ids: bool = False
) -> str:
    """HTML of coloured spans, one per piece, with the token id(s) in the ``title`` (shown on hover) and,
    with ``show_ids``, under each piece (readable without a mouse, on touch screens too).

    Every piece of text and the label are escaped (``core.mdtext.html_text``); the output holds no user
    markup and no line break. It starts with the stylesheet, so it renders correctly on its own.
    """
    label = mdtext.html_text(id_label)
    parts: list[str] = []
    for index, piece in enumerate(items):
        text = show_whitespace(piece.text) if whitespace else piece.text
        ids = ", ".join(str(i) for i in piece.ids)
        parts.append(
            _piece_html(f"tok{index % len(PALETTE)}", f"{label} {ids}", text, ids if show_ids else None)
        )
    return stylesheet() + '<div class="tok-view">' + "".join(parts) + "</div>"


# ------------------------------------------------------------------------------------- comparison passages


class Passage(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: str = Field(min_length=1)
    text: str = Field(min_length=1)


class Passages(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    passages: list[Passage] = Field(min_length=1)

    @field_validator("passages")
    @classmethod
    def _unique(cls, value: list[Passage]) -> list[Passage]:
        ids = [p.id for p in value]
        if len(set(ids)) != len(ids):
            raise ValueError("passage ids must be unique")
        return value


def passages_path(lang: Lang, content_dir: Path = CONTENT_DIR) -> Path:
    return content_dir / lang / "tokens" / "passages.yaml"


def load_passages(lang: Lang, content_dir: Path = CONTENT_DIR) -> tuple[Passage, ...]:
    """The comparison passages of one language (``content/<lang>/tokens/passages.yaml``), validated."""
    path = passages_path(lang, content_dir)
    data: Passages = validate(Passages, read_yaml(path), path)
    return tuple(data.passages)
