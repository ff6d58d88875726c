"""Per-session state: language, progress, the translator; cached, shared, read-only content."""

from __future__ import annotations

import functools
import gc
from collections.abc import Iterable
from dataclasses import dataclass
from types import CodeType
from typing import Any

import streamlit as st

from core import content, i18n, prices
from core.i18n import Lang, Translator
from core.llm.history import HistoryEntry, add_history
from core.progress import Progress

LANG_KEY = "lang"
PROGRESS_KEY = "progress"


@functools.cache  # immutable content, two languages; asked many times per rerun (st.cache_resource hashed
def _translator(lang: Lang) -> Translator:  # the argument on every call)
    return i18n.translator(lang)


@functools.cache  # immutable content, loaded once per process and language (no argument hashing per call)
def _course(lang: Lang) -> content.Course:
    return content.load_course(lang)


def current_lang() -> Lang:
    """URL (?lang=) first, then this session's choice, then the browser's locale. Kept in the URL."""
    url, chosen = st.query_params.get(LANG_KEY), st.session_state.get(LANG_KEY)
    if url is not None and url == chosen and url in i18n.LANGS:
        return url  # settled: a page asks this many times per run
    lang = i18n.resolve_lang(url, chosen, st.context.locale)
    st.session_state[LANG_KEY] = lang
    if url != lang:
        st.query_params[LANG_KEY] = lang
    return lang


def set_lang(lang: Lang) -> None:
    st.session_state[LANG_KEY] = lang
    st.query_params[LANG_KEY] = lang


_WARM = {"done": False}  # process-wide and holds no user data: only "has the warm-up run yet"


def warm_up_once() -> None:
    """Load the shared, read-only content once per process, then freeze the heap.

    Streamlit runs a full garbage collection after every script run; its cost grows with everything the
    process holds (course content, price catalogue, libraries), not with the page. Objects alive after the
    first run are long-lived by design, so ``gc.freeze()`` moves them out of the collector's way: later
    collections only walk what pages create. Measured in BENCHMARKS.md (cost simulator section).
    """
    if _WARM["done"]:
        return
    _WARM["done"] = True
    for lang in i18n.LANGS:
        _translator(lang)
        _course(lang)
    prices.base_models()  # loads genai-prices' bundled catalogue (~8,000 objects) once
    gc.collect()
    gc.freeze()


def _in_script_body() -> bool:
    """True in the script body; False inside a widget callback (which must never run app.py)."""
    try:
        from streamlit.runtime.scriptrunner_utils.script_run_context import RunLocation, ThreadState

        return ThreadState.get().run_location is not RunLocation.CALLBACK
    except (ImportError, AttributeError):  # a Streamlit without these internals: keep the guard on
        return True


def ensure_app_shell() -> None:
    """Make sure a page runs inside app.py's navigation, never on its own.

    Streamlit treats a folder named ``pages/`` as an old-style multipage app until the first
    ``st.navigation`` call of the process. A learner whose first request is a deep link (``/lessons``) would
    get the bare page without our sidebar and titles. When that happens, switch the process to
    ``st.navigation`` mode and run app.py in place (it shows the requested page), then end this run.
    Running in place rather than rerunning keeps the widget event (a click) that started this run.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory and _in_script_body():
        PagesManager.uses_pages_directory = False
        exec(_app_code(), {"__name__": "__main__", "__file__": _app_code().co_filename})
        st.stop()


@functools.cache  # process-wide, holds no user data: app.py compiled once
def _app_code() -> CodeType:
    """app.py's code object, compiled on first use (``runpy.run_path`` compiled it on every call)."""
    from core.paths import ROOT

    path = ROOT / "app.py"
    return compile(path.read_text(encoding="utf-8"), str(path), "exec")


_NAV = "shared__nav_pages"  # (language, the st.Page objects of app.py's navigation) of this session


def navigation_pages(t: Translator) -> dict[str, list[Any]]:
    """app.py's navigation: the registry's pages by section, with localized titles. Built once per session
    and language (each ``st.Page`` resolves its file on disk), not on every rerun. Per session, not per
    process: ``st.navigation`` marks the page object it picks for this run, and sessions run in parallel."""
    cached = st.session_state.get(_NAV)
    if isinstance(cached, tuple) and cached[0] == t.lang:
        pages: dict[str, list[Any]] = cached[1]
        return pages
    from core import registry

    pages = {
        t(section): [
            st.Page(
                spec.file,
                title=t(spec.title_key),
                icon=spec.icon,
                url_path=spec.url_path or None,
                default=spec.name == registry.DEFAULT_PAGE,
            )
            for spec in specs
        ]
        for section, specs in registry.by_section().items()
    }
    st.session_state[_NAV] = (t.lang, pages)
    return pages


def tr() -> Translator:
    """The translator of the current language. Every page starts here, so this also checks the shell."""
    ensure_app_shell()
    return _translator(current_lang())


def course() -> content.Course:
    return _course(current_lang())


def progress() -> Progress:
    value = st.session_state.get(PROGRESS_KEY)
    if not isinstance(value, Progress):
        value = Progress()
        st.session_state[PROGRESS_KEY] = value
    return value


def set_progress(value: Progress) -> None:
    """Keep the learner's progress; a learner who joined a class also records what changed for the
    trainer (``ui.classroom``; nothing happens without a class)."""
    from ui import classroom  # ui.classroom draws with ui.messages, which imports this module

    old = st.session_state.get(PROGRESS_KEY)
    st.session_state[PROGRESS_KEY] = value
    if classroom.membership() is not None:
        classroom.record_progress(old if isinstance(old, Progress) else None, value, course())


# ---------------------------------------------------------------------- what one feature hands to another
# Features never read each other's session-state entries; they use these typed accessors.
_RUNS = "shared__runs"


def runs() -> tuple[HistoryEntry, ...]:
    """This session's model runs, oldest first (written by the playground, read by the data lab)."""
    value = st.session_state.get(_RUNS, ())
    return value if isinstance(value, tuple) else ()


def add_run(entry: HistoryEntry) -> None:
    st.session_state[_RUNS] = add_history(runs(), entry)


def clear_runs() -> None:
    st.session_state[_RUNS] = ()


@dataclass(frozen=True)
class TrainingSet:
    """A chat training set (JSONL text) the data lab sends to the experiment page's live training."""

    name: str
    jsonl: str

    @property
    def n_lines(self) -> int:
        return sum(1 for line in self.jsonl.splitlines() if line.strip())


_TRAINING_SET = "shared__training_set"


def training_set() -> TrainingSet | None:
    """The set the data lab sent for training in this session (read by the experiment page), or None."""
    value = st.session_state.get(_TRAINING_SET)
    return value if isinstance(value, TrainingSet) else None


def set_training_set(value: TrainingSet | None) -> None:
    st.session_state[_TRAINING_SET] = value


_KEPT = "shared__kept_widgets"
_RUN = "shared__run"
_KEPT_AT = "shared__kept_at_run"


def begin_run() -> None:
    """Count this session's full script runs (app.py calls it once per run; fragment reruns do not)."""
    st.session_state[_RUN] = int(st.session_state.get(_RUN, 0)) + 1


def keep_widgets(keys: Iterable[str]) -> None:
    """Keep these widgets' values while the learner is on another page (or in another mode of the page).

    Streamlit forgets a widget's value when a run does not draw it, and may bring back a value that was set
    for its key before the widget was first drawn. Call this at the top of a page, before its widgets: on a
    rerun of the same page the widgets' values are remembered; when the learner comes back from another page,
    the remembered values are put back.
    """
    ss = st.session_state
    kept = ss.get(_KEPT)
    if not isinstance(kept, dict):
        kept = {}
        ss[_KEPT] = kept
    run = int(ss.get(_RUN, 0))
    returning = ss.get(_KEPT_AT) != run - 1  # the previous run drew another page
    for key in keys:
        if key in kept and (returning or key not in ss):
            ss[key] = kept[key]
        elif key in ss:
            kept[key] = ss[key]
            ss[key] = ss[key]
    ss[_KEPT_AT] = run
