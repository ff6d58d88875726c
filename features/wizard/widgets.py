"""The wizard's session state and its callbacks: answers, the current step, what the URL said.

The answers live in session state and in the URL (``?a=...``, ``codec``); a link replaces this session's
answers once (``SEEN_KEY`` remembers the last value read or written, so the page's own URL is not re-read).
"""

from __future__ import annotations

import streamlit as st

from core.i18n import Lang
from features.wizard import codec
from features.wizard.rules import Wizard, load_wizard
from features.wizard.scoring import resume_step

ANSWERS_KEY = "wiz_answers"
STEP_KEY = "wiz_step"
SEEN_KEY = "wiz_url_seen"  # the last ?a= value this session read or wrote
PROBLEMS_KEY = "wiz_url_problems"
RESTORED_KEY = "wiz_url_restored"


@st.cache_resource(show_spinner=False)
def load(lang: Lang) -> Wizard:
    return load_wizard(lang)


def question_key(question_id: str) -> str:
    return f"wiz_q_{question_id}"


def answers() -> dict[str, str]:
    """This session's answers (the same dict the callbacks change)."""
    value: dict[str, str] = st.session_state.setdefault(ANSWERS_KEY, {})
    return value


def problems() -> tuple[codec.Problem, ...]:
    value: tuple[codec.Problem, ...] = st.session_state.get(PROBLEMS_KEY, ())
    return value


def restored() -> bool:
    return bool(st.session_state.get(RESTORED_KEY))


def restore_from_url(wizard: Wizard) -> dict[str, str]:
    """A link (or a hand-edited URL) not seen before replaces this session's answers and sets the step."""
    raw = st.query_params.get(codec.QUERY_KEY)
    if raw is None or raw == st.session_state.get(SEEN_KEY):
        return answers()
    decoded = codec.decode(wizard, raw)
    given = dict(decoded.answers)
    st.session_state[ANSWERS_KEY] = given
    st.session_state[PROBLEMS_KEY] = decoded.problems
    st.session_state[RESTORED_KEY] = bool(given)
    st.session_state[STEP_KEY] = resume_step(wizard, given)
    return given


def current_step(n_steps: int) -> int:
    """The step shown (``n_steps`` is the result); anything invalid in the session starts over."""
    step = st.session_state.get(STEP_KEY, 0)
    if not isinstance(step, int) or not 0 <= step <= n_steps:
        step = 0
    st.session_state[STEP_KEY] = step
    return step


def sync_url(wizard: Wizard, given: dict[str, str]) -> None:
    """Write the answers to the URL (and drop ``?a=`` when there are none)."""
    encoded = codec.encode(wizard, given)
    st.session_state[SEEN_KEY] = encoded
    if encoded:
        if st.query_params.get(codec.QUERY_KEY) != encoded:
            st.query_params[codec.QUERY_KEY] = encoded
    elif codec.QUERY_KEY in st.query_params:
        del st.query_params[codec.QUERY_KEY]


def go(target: int) -> None:
    st.session_state[STEP_KEY] = target
    st.session_state[RESTORED_KEY] = False


def on_answer(question_id: str) -> None:
    value = st.session_state.get(question_key(question_id))
    current = answers()
    if value is None:
        current.pop(question_id, None)
    else:
        current[question_id] = value
    st.session_state[PROBLEMS_KEY] = ()
    st.session_state[RESTORED_KEY] = False


def reset() -> None:
    st.session_state[ANSWERS_KEY] = {}
    st.session_state[PROBLEMS_KEY] = ()
    st.session_state[RESTORED_KEY] = False
    st.session_state[STEP_KEY] = 0
