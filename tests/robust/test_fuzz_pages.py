"""Fuzzing every page (Hypothesis through AppTest): arbitrary Unicode in every text field, arbitrary bytes in
every upload and arbitrary query strings never put an exception element on the page, and every text field
keeps what was typed.

Each page is opened in one of its views (the radios that swap the page's inputs: playground modes and
backends, token explorer modes, data lab sources), then every visible text field gets the drawn text in one
run, then every upload gets the drawn bytes. The number of examples is bounded and there is no deadline, so
the test's outcome never depends on the machine's speed; the example database is off (no state between runs).

Lone surrogates: a widget value travels as a protobuf string (UTF-8), which cannot hold one (see
test_no_traceback.test_a_widget_cannot_carry_a_raw_lone_surrogate), so text fields and query values get them
as JSON escapes (``\\ud800``) and uploads as escapes and as their (invalid) UTF-8 byte forms.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as hs
from streamlit.testing.v1 import AppTest

from core import handoff, registry
from features.simulator import specs as sim_specs
from tests.apptest import APP

# ------------------------------------------------------------------------------------------ what is drawn
NASTY = (
    "\u202e\u2066evil\u2069\u200f",  # bidi override, isolate, right-to-left mark
    "\x00\x01\x07\x1b[31m\x7f",  # control characters (NUL, bell, an ANSI escape)
    "\\ud800 \\udfff \\ud83d",  # lone surrogates as JSON escapes
    '{"messages": [{"role": "user", "content": "\\ud800"}]}',
    "\u200b\ufeff\u2060\u00ad",  # invisible characters
    "<script>alert(1)</script><img src=x onerror=alert(2)>",
    "{0} {x} {{ }} %s %(x)s $x ${x}",  # placeholders of every formatting language
    "\r\n\t\v\f\u2028\u2029",  # line and paragraph separators
    "ﷺ𒐫\U0001f469\u200d\U0001f469\u200d\U0001f467 e\u0301\u0301\u0301",  # wide, joined and combined
    "-1e309 NaN 0x10 9" + "9" * 400,
    "[" * 300,
)
_CHARS = hs.characters(exclude_categories=("Cs",))  # every code point a widget can carry
TEXT = hs.one_of(
    hs.text(alphabet=_CHARS, max_size=80),
    hs.lists(hs.sampled_from(NASTY), min_size=1, max_size=4).map("".join),
    hs.tuples(hs.text(alphabet=_CHARS, min_size=1, max_size=4), hs.integers(500, 6000)).map(
        lambda p: p[0] * p[1]
    ),
)
BYTES = hs.one_of(
    hs.binary(max_size=400),
    TEXT.map(lambda s: s.encode("utf-8")),
    hs.sampled_from(
        [
            b'{"messages": [{"role": "user", "content": "\\ud800"}, '
            b'{"role": "assistant", "content": "\\udfff"}]}\n',
            b"\xed\xa0\x80\xed\xbf\xbf",  # the UTF-8-like byte forms of lone surrogates (invalid UTF-8)
            b"\xef\xbb\xbf" + b'{"format": "x"}',  # a byte order mark
            b"[" * 5000,
            b"\xff\xfe{\x00}\x00",  # UTF-16
        ]
    ),
)
QUERY_KEYS = sorted(
    {"lang", "lesson", "a", "sample", "mode", "pair", "x"}
    | {s.param for s in sim_specs.SPECS}
    | set(handoff.PARAMS.values())
)
QUERY = hs.dictionaries(hs.sampled_from(QUERY_KEYS), TEXT.map(lambda s: s[:300]), max_size=4)
LANGS = hs.sampled_from(["de", "en"])


# --------------------------------------------------------------------------------------------- the views
@dataclass(frozen=True)
class View:
    page: str
    radio: str | None = None
    option: int = 0

    def __str__(self) -> str:
        return f"{self.page}:{self.radio}={self.option}" if self.radio else self.page


VIEW_RADIOS = {"pg_mode": 3, "pg_a_kind": 3, "tok_mode": 3, "dl_source": 4}
VIEWS = [View(spec.file) for spec in registry.PAGES] + [
    View("pages/playground.py", "pg_mode", 1),
    View("pages/playground.py", "pg_mode", 2),
    View("pages/playground.py", "pg_a_kind", 1),
    View("pages/playground.py", "pg_a_kind", 2),
    View("pages/tokens.py", "tok_mode", 1),
    View("pages/tokens.py", "tok_mode", 2),
    View("pages/datalab.py", "dl_source", 1),
    View("pages/datalab.py", "dl_source", 2),
]


def _no_exception(at: AppTest, what: str) -> None:
    assert not at.exception, (what, [e.value for e in at.exception])


def _text_fields(at: AppTest) -> list[object]:
    return [*at.text_input, *at.text_area]


def _uploaders(at: AppTest) -> list[str]:
    found: list[str] = []

    def walk(node: object) -> None:
        if type(node).__name__ == "FileUploader":
            found.append(str(getattr(node, "key", "")))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return found


def _open(view: View, lang: str, query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = lang
    for key, raw in query.items():  # a drawn "lang" replaces the chosen one: any text may arrive there
        at.query_params[key] = raw
    at.run()
    if view.page != registry.page(registry.DEFAULT_PAGE).file:
        at.switch_page(view.page).run()
    _no_exception(at, f"open {view} with {query!r}")
    if view.radio is not None:
        radio = at.radio(key=view.radio)
        radio.set_value(radio.options[view.option]).run()
        _no_exception(at, f"choose {view}")
    if view.page == "pages/playground.py":
        at.secrets["playground"] = {"allow_custom_servers": True}  # the own-server fields are drawn
    return at


FUZZ = settings(
    max_examples=3,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize("view", VIEWS, ids=str)
@FUZZ
@given(lang=LANGS, value=TEXT, query=QUERY, data=BYTES)
@example(lang="de", value="".join(NASTY), query={"lang": "\u202e", "a": "\\ud800" * 50}, data=b"\xed\xa0\x80")
def test_any_text_upload_and_query_keeps_the_page_alive(
    view: View, lang: str, value: str, query: dict[str, str], data: bytes
) -> None:
    at = _open(view, lang, query)
    areas = {f.key for f in at.text_area if not f.disabled}
    inputs = {f.key for f in at.text_input if not f.disabled}
    keys = sorted(areas | inputs)
    typed: dict[str, str] = {}
    for key in keys:
        field = at.text_area(key=key) if key in areas else at.text_input(key=key)
        typed[key] = value[: field.max_chars] if field.max_chars else value  # the browser stops at max_chars
        field.input(typed[key])
    at.run()
    _no_exception(at, f"{view}: typed {value[:60]!r} into {keys}")
    for key in keys:
        shown = {f.key: f.value for f in _text_fields(at)}  # type: ignore[attr-defined]
        if key in shown:
            assert shown[key] == typed[key], (view, key)
    for key in _uploaders(at):
        uploader = at.file_uploader(key=key)
        # the browser only offers files of the allowed types (Streamlit checks the name again on the server)
        suffix = (uploader.allowed_type or [".bin"])[0]
        uploader.set_value((f"fuzz{suffix}", data, "application/octet-stream"))
        at.run()
        _no_exception(at, f"{view}: uploaded {data[:40]!r} to {key}")
