"""Text from learners, URLs, files and models made safe to show inside Markdown (``st.markdown``, and every
element that renders Markdown: messages, captions, labels).

Two levels:

- ``literal``: untrusted text shown exactly as typed (a query parameter, a file name, a model name, a server's
  error message). Every ASCII punctuation character is backslash-escaped (CommonMark allows that for all of
  them), so no link, image, emphasis, heading, HTML, formula (``$``) or Streamlit directive (``:red[...]``,
  ``:material/...:``) can form; bare addresses get an invisible word joiner so GFM does not link them; line
  breaks become spaces.
- ``model_output``: a model's answer, where Markdown formatting (lists, bold, code, links) is part of the
  answer and stays. HTML shows literally, ``$`` never starts a formula, line breaks stay, and **images are
  neutralised**: ``![alt](http://...)`` would make the learner's browser fetch that address as soon as the
  answer appears (a model can be talked into writing one by text in its prompt, and the address can carry
  data). Links still render; they need a click, and the browser shows where they lead.
"""

from __future__ import annotations

import html
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass

_PUNCTUATION = frozenset(string.punctuation)


# A formatted number or amount ("2,058", "1.234,56", "12 %", "−3"): nothing in it can form Markdown, so it is
# left readable (only "$" is escaped, which would start a formula).
_NUMBER = re.compile(r"^(?=.*[0-9])[0-9.,%+\-\u2212 \u00a0\u202f$€]*$")


# GFM turns bare addresses into links after parsing, so escapes do not stop it: an invisible word joiner
# (U+2060) breaks "http://", "www." and "name@host" apart without changing what the reader sees.
WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)


def literal(text: str) -> str:
    """``text`` shown literally inside Markdown, on one line, with no link formed from a bare address."""
    if _NUMBER.match(text):
        return text.replace("$", "\\$")
    flat = " ".join(text.splitlines()) if ("\n" in text or "\r" in text) else text
    unlinked = _AUTOLINK.sub(WORD_JOINER, flat)
    return "".join("\\" + ch if ch in _PUNCTUATION else ch for ch in unlinked)


def code_span(text: str) -> str:
    """``text`` for use between backticks in a message: code spans show everything literally (HTML and
    escapes included), so only what could end the span (a backtick) or break the line is replaced."""
    return " ".join(text.replace("`", "'").splitlines())


@dataclass(frozen=True)
class Code:
    """A message parameter that stands between backticks in its template (shown with ``code_span``)."""

    text: str


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: max(0, limit - 1)] + "…"


def literal_params(params: Mapping[str, object]) -> dict[str, object]:
    """Message parameters with every string made literal (numbers and other values stay as they are)."""
    return {name: literal(value) if isinstance(value, str) else value for name, value in params.items()}


def model_output(text: str) -> str:
    """A model's answer for ``st.markdown``: formatting stays, HTML, formulas and images do not."""
    escaped = html.escape(text, quote=False).replace("\\", "\\\\").replace("$", "\\$")
    escaped = escaped.replace("![", "!\\[")
    return escaped.replace("\r\n", "\n").replace("\n", "  \n")


def html_text(text: str) -> str:
    """``text`` inside HTML built by the app: element content or a quoted attribute value."""
    return html.escape(text, quote=True)


def html_inline(text: str) -> str:
    """``html_text`` with line breaks as ``<br>`` (the HTML stays on one line)."""
    return html_text(text).replace("\r\n", "<br>").replace("\r", "<br>").replace("\n", "<br>")
