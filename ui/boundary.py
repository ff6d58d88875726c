"""The crash boundary around every page (app.py runs each page through ``run``).

An exception no page expected must not put a traceback with the server's file paths on the learner's screen.
``run`` catches it, logs the traceback on the server with a short reference id, keeps the learner's inputs
(widget values the interrupted run did not reach would otherwise be dropped by Streamlit at the end of the
run) and shows one localized sentence with the reference. Streamlit's own control flow (``st.rerun``,
``st.switch_page``, ``st.stop``) derives from ``BaseException`` and passes through untouched.

Widget callbacks run before the script, outside ``run``: every callback is wrapped in ``callback``, which
logs the same way and leaves the reference for the run that follows, whose boundary (``run``, or ``guard``
for a fragment's rerun) shows the message. ``.streamlit/config.toml`` sets ``client.showErrorDetails =
"none"`` for anything that still escapes: Streamlit then shows a generic message without type, message or
traceback.
"""

from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import Callable
from typing import ParamSpec, Protocol

import streamlit as st
from streamlit.errors import StreamlitAPIException

from core import registry
from ui import state

log = logging.getLogger("prompt_or_finetune")


class Runnable(Protocol):
    def run(self) -> None: ...


def new_ref() -> str:
    return uuid.uuid4().hex[:8]


def log_unexpected(exc: BaseException) -> str:
    """Log ``exc`` with its traceback on the server; the reference id the learner may quote."""
    ref = new_ref()
    log.error("unexpected error on a page (ref %s)", ref, exc_info=exc)
    return ref


def keep_inputs() -> None:
    """Turn the page's widget values into plain session values, so the next run puts them back even for
    widgets this run never reached. Widgets already drawn keep theirs anyway; buttons and uploads cannot be
    set (Streamlit refuses), and are skipped."""
    prefixes = tuple(spec.key_prefix for spec in registry.PAGES)
    ss = st.session_state
    for key in list(ss.keys()):
        if isinstance(key, str) and key.startswith(prefixes):
            try:
                ss[key] = ss[key]
            except (StreamlitAPIException, KeyError):
                continue


def _crashed(exc: Exception) -> None:
    ref = log_unexpected(exc)
    keep_inputs()
    st.error(state.tr()("common.page_crashed", ref=ref), icon=":material/error:")


_CALLBACK_CRASH = "shared__callback_crash"  # the reference of a callback that failed before this run


def _callback_crash_notice() -> None:
    ref = st.session_state.pop(_CALLBACK_CRASH, None)
    if isinstance(ref, str):
        st.error(state.tr()("common.page_crashed", ref=ref), icon=":material/error:")


def run(page: Runnable) -> None:
    """Run ``page``; an unexpected exception becomes a localized message with a reference id."""
    try:
        _callback_crash_notice()
        page.run()
    except Exception as exc:  # the boundary: whatever a page did not handle ends here
        _crashed(exc)


P = ParamSpec("P")


def guard(fn: Callable[P, None]) -> Callable[P, None]:
    """The same boundary for a function that Streamlit reruns on its own (an ``st.fragment`` body: its
    reruns do not pass through app.py). Put it under ``@st.fragment``."""

    @functools.wraps(fn)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            _callback_crash_notice()  # a callback of a widget in the fragment failed before this rerun
            fn(*args, **kwargs)
        except Exception as exc:  # the boundary, as in run()
            _crashed(exc)

    return guarded


def callback(fn: Callable[P, object]) -> Callable[P, None]:
    """A widget callback (``on_change``, ``on_click``) inside the boundary: an unexpected exception is logged
    with a reference id, the learner's inputs are kept, and the run the callback started shows the
    localized message with that reference."""

    @functools.wraps(fn)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            fn(*args, **kwargs)
        except Exception as exc:  # the boundary for code that runs before the script
            st.session_state[_CALLBACK_CRASH] = log_unexpected(exc)
            keep_inputs()

    return guarded
