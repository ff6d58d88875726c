"""The wizard's answers in the URL (``?a=speed:days,change:weekly,...``), so a link restores them.

``decode`` never raises: a hand-edited or truncated link keeps its valid answers and reports the rest as
``Problem``s (an interface-string key and its parameters, every echoed value made safe by ``shown``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from core.i18n import Lang
from features.wizard.rules import Wizard
from features.wizard.scoring import Answers, shown

#: The URL parameter that carries the answers, and the longest value we parse.
QUERY_KEY = "a"
MAX_QUERY_CHARS = 1000


@dataclass(frozen=True)
class Problem:
    """A message about a bad URL value: an interface-string key and its parameters."""

    key: str
    params: Mapping[str, object]


@dataclass(frozen=True)
class Decoded:
    answers: dict[str, str]
    problems: tuple[Problem, ...]


def encode(wizard: Wizard, answers: Answers) -> str:
    """``speed:days,change:weekly,...`` — valid answers only, in the wizard's question order."""
    parts = []
    for qid, question in wizard.questions.items():
        aid = answers.get(qid)
        if aid is not None and question.answer(aid) is not None:
            parts.append(f"{qid}:{aid}")
    return ",".join(parts)


def decode(wizard: Wizard, text: str) -> Decoded:
    """Parse ``encode``'s format. Bad parts are skipped and reported as problems, never raised."""
    if len(text) > MAX_QUERY_CHARS:
        return Decoded({}, (Problem("wizard.url_too_long", {"limit": MAX_QUERY_CHARS}),))
    answers: dict[str, str] = {}
    problems: list[Problem] = []
    for raw in text.split(","):
        part = raw.strip()
        if not part:
            continue
        qid, sep, aid = (x.strip().lower() for x in part.partition(":"))
        if not sep or not qid or not aid:
            problems.append(Problem("wizard.url_malformed", {"value": shown(part)}))
            continue
        question = wizard.questions.get(qid)
        if question is None:
            problems.append(Problem("wizard.url_unknown_question", {"value": shown(qid)}))
        elif question.answer(aid) is None:
            problems.append(
                Problem("wizard.url_unknown_answer", {"question": question.short, "value": shown(aid)})
            )
        elif qid in answers:
            if answers[qid] != aid:
                problems.append(Problem("wizard.url_duplicate", {"question": question.short}))
        else:
            answers[qid] = aid
    return Decoded(answers, tuple(problems))


def share_url(base: str | None, lang: Lang, encoded: str, page_path: str = "wizard") -> str:
    """The address that reopens the wizard with these answers (relative when the app's URL is unknown).

    ``base`` is the app's address as the browser reports it, with or without the page's own path. The
    browser sends it, so anything but a plain http(s) address (``javascript:…``, a query, odd characters) is
    dropped: the link ends up in the downloadable HTML page as an ``href``.
    """
    query = urlencode({"lang": lang, QUERY_KEY: encoded}, safe=":,")
    if base and not re.fullmatch(r"https?://[A-Za-z0-9.\-\[\]:]+(/[A-Za-z0-9._~\-/]*)?", base):
        base = None
    root = (base or "").rstrip("/").removesuffix("/" + page_path)
    return f"{root}/{page_path}?{query}" if root else f"{page_path}?{query}"
