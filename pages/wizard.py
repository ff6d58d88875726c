"""Decision wizard: questions in steps -> scores, a recommendation and the reasons behind it (core.wizard).

The answers live in session state and in the URL (``?a=speed:days,...``), so a link restores them.
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from core import fmt
from core import wizard as wz
from core.errors import UserInputError
from core.i18n import Lang
from ui import state
from ui.links import page_link

t = state.tr()
lang = state.current_lang()

ANSWERS_KEY = "wiz_answers"
STEP_KEY = "wiz_step"
SEEN_KEY = "wiz_url_seen"  # the last ?a= value this session read or wrote
PROBLEMS_KEY = "wiz_url_problems"
RESTORED_KEY = "wiz_url_restored"

# Okabe-Ito blue for the recommendation, neutral grey for the rest: distinguishable in every kind of
# colour-vision deficiency (and by lightness alone); the score is also printed on every bar.
REC_COLOUR = "#0072B2"
OTHER_COLOUR = "#9E9E9E"


@st.cache_resource(show_spinner=False)
def _load(lang: Lang) -> wz.Wizard:
    return wz.load_wizard(lang)


W = _load(lang)
N_STEPS = len(W.steps)  # the result is "step" N_STEPS

# ------------------------------------------------------------------------------------------------ state
answers: dict[str, str] = st.session_state.setdefault(ANSWERS_KEY, {})
raw = st.query_params.get(wz.QUERY_KEY)
if raw is not None and raw != st.session_state.get(SEEN_KEY):
    # a link (or a hand-edited URL): it replaces this session's answers
    decoded = wz.decode(W, raw)
    answers = dict(decoded.answers)
    st.session_state[ANSWERS_KEY] = answers
    st.session_state[PROBLEMS_KEY] = decoded.problems
    st.session_state[RESTORED_KEY] = bool(answers)
    gaps = wz.missing(W, answers)
    st.session_state[STEP_KEY] = W.step_of(gaps[0].id) if gaps and answers else (N_STEPS if answers else 0)

step = st.session_state.get(STEP_KEY, 0)
if not isinstance(step, int) or not 0 <= step <= N_STEPS:
    step = 0
st.session_state[STEP_KEY] = step


def _sync_url() -> None:
    encoded = wz.encode(W, answers)
    st.session_state[SEEN_KEY] = encoded
    if encoded:
        if st.query_params.get(wz.QUERY_KEY) != encoded:
            st.query_params[wz.QUERY_KEY] = encoded
    elif wz.QUERY_KEY in st.query_params:
        del st.query_params[wz.QUERY_KEY]


def _go(target: int) -> None:
    st.session_state[STEP_KEY] = target
    st.session_state[RESTORED_KEY] = False


def _on_answer(question_id: str) -> None:
    value = st.session_state.get(f"wiz_q_{question_id}")
    current: dict[str, str] = st.session_state.setdefault(ANSWERS_KEY, {})
    if value is None:
        current.pop(question_id, None)
    else:
        current[question_id] = value
    st.session_state[PROBLEMS_KEY] = ()
    st.session_state[RESTORED_KEY] = False


def _reset() -> None:
    st.session_state[ANSWERS_KEY] = {}
    st.session_state[PROBLEMS_KEY] = ()
    st.session_state[RESTORED_KEY] = False
    st.session_state[STEP_KEY] = 0


_sync_url()

# ------------------------------------------------------------------------------------------------ header
st.title(t("nav.wizard"))
st.markdown(t("wizard.intro"))

problems: tuple[wz.Problem, ...] = st.session_state.get(PROBLEMS_KEY, ())
if problems:
    lines = "\n".join(f"- {t(p.key, **p.params)}" for p in problems)
    st.warning(f"{t('wizard.url_intro')}\n\n{lines}")
elif st.session_state.get(RESTORED_KEY):
    st.success(t("wizard.url_restored"))

total = len(W.questions)
answered = sum(1 for qid in W.questions if qid in answers)
if step < N_STEPS:
    where = t("wizard.step_label", current=step + 1, total=N_STEPS, title=W.steps[step].title)
else:
    where = t("wizard.result_label")
st.progress(
    answered / total,
    text=f"{where} · {t('wizard.progress', answered=answered, total=total)}",
)


# ------------------------------------------------------------------------------------------------ steps
def _render_step(index: int) -> None:
    current = W.steps[index]
    st.header(current.title)
    if current.intro:
        st.caption(current.intro)
    for question in current.questions:
        key = f"wiz_q_{question.id}"
        st.session_state[key] = answers.get(question.id)
        labels = {a.id: a.label for a in question.answers}
        st.radio(
            f"**{question.text}**",
            options=list(labels),
            format_func=labels.__getitem__,
            captions=[a.hint for a in question.answers],
            index=None,
            key=key,
            on_change=_on_answer,
            args=(question.id,),
        )
    back_col, next_col, _ = st.columns([1, 1, 3])
    with back_col:
        st.button(
            "← " + t("wizard.back"),
            key="wiz_back",
            disabled=index == 0,
            on_click=_go,
            args=(index - 1,),
            width="stretch",
        )
    with next_col:
        label = t("wizard.to_result") if index == N_STEPS - 1 else t("wizard.next") + " →"
        st.button(label, key="wiz_next", type="primary", on_click=_go, args=(index + 1,), width="stretch")


# ------------------------------------------------------------------------------------------------ result
def _chart(result: wz.Result) -> None:
    order = list(reversed(result.ranking))  # plotly draws the first bar at the bottom
    fig = go.Figure(
        go.Bar(
            x=[result.scores[a] for a in order],
            y=[W.approaches[a].name for a in order],
            orientation="h",
            marker_color=[REC_COLOUR if a == result.recommendation else OTHER_COLOUR for a in order],
            text=[fmt.number(result.scores[a], lang) for a in order],
            textposition="outside",
            cliponaxis=False,
            hoverinfo="skip",
        )
    )
    fig.update_layout(
        height=80 + 48 * len(order),
        margin={"l": 10, "r": 40, "t": 10, "b": 40},
        xaxis={"title": {"text": t("wizard.chart_axis")}, "zeroline": True, "zerolinecolor": "#555"},
        showlegend=False,
    )
    summary = t("wizard.chart_summary", summary=wz.score_summary(W, result, lang))
    st.plotly_chart(fig, key="wiz_chart", config={"displayModeBar": False}, alt=summary)
    st.caption(summary)


def _reason(f: wz.FiredRule) -> None:
    st.markdown(f"**{wz.criterion_text(W, f, t)}** — {f.rule.reason}")
    st.caption(
        t(
            "wizard.reason_detail",
            answers=wz.describe_triggers(f),
            deltas=wz.describe_deltas(W, f, lang),
        )
    )


def _render_result() -> None:
    try:
        result = wz.evaluate(W, answers)
    except UserInputError as exc:
        st.error(t(exc.key, **exc.params))
        for index in sorted({W.step_of(q.id) for q in wz.missing(W, answers)}):
            st.button(
                t("wizard.go_to_step", n=index + 1, title=W.steps[index].title),
                key=f"wiz_goto_{index}",
                on_click=_go,
                args=(index,),
            )
        return

    best = W.approaches[result.recommendation]
    st.header(f"{t('wizard.recommendation')}: {best.name}")
    st.markdown(best.summary)
    if result.close_call:
        st.info(t("wizard.close_call", first=best.name, second=W.approaches[result.runner_up].name))
    st.caption(t("wizard.runner_up", name=W.approaches[result.runner_up].name))

    st.subheader(t("wizard.scores_heading"))
    _chart(result)

    st.subheader(t("wizard.reasons_for"))
    for f in result.reasons_for:
        _reason(f)
    if result.reasons_against:
        st.subheader(t("wizard.reasons_against"))
        for f in result.reasons_against:
            _reason(f)
    with st.expander(t("wizard.all_rules", count=len(result.fired))):
        for f in result.fired:
            _reason(f)

    if result.caveats:
        st.subheader(t("wizard.caveats"))
        st.markdown("\n".join(f"- {c}" for c in result.caveats))
    st.subheader(t("wizard.next_steps"))
    st.markdown("\n".join(f"{i}. {s}" for i, s in enumerate(result.next_steps, start=1)))
    st.info(t("wizard.advice"), icon=":material/lightbulb:")

    st.subheader(t("wizard.handoff_heading"))
    sim = wz.simulator_params(W, answers)
    page_link("simulator", t("wizard.check_numbers"), dict(sim), icon=":material/calculate:")
    st.caption(
        t("wizard.check_numbers_help", summary=t("wizard.sim_summary", **wz.format_sim_params(sim, lang)))
    )
    page_link("playground", t("wizard.try_it"), icon=":material/chat:")

    st.subheader(t("wizard.export_heading"))
    link = wz.share_url(st.context.url, lang, wz.encode(W, answers))
    st.markdown(f"**{t('wizard.share_heading')}**")
    st.code(link, language=None)
    st.caption(t("wizard.share_help"))
    md_col, html_col = st.columns(2)
    with md_col:
        st.download_button(
            t("wizard.download_md"),
            data=wz.to_markdown(W, answers, result, t, link),
            file_name="wizard-summary.md",
            mime="text/markdown",
            key="wiz_dl_md",
            icon=":material/download:",
        )
    with html_col:
        st.download_button(
            t("wizard.download_html"),
            data=wz.to_html(W, answers, result, t, link),
            file_name="wizard-summary.html",
            mime="text/html",
            key="wiz_dl_html",
            icon=":material/print:",
        )
    st.caption(t("wizard.print_hint"))

    with st.expander(t("wizard.your_answers")):
        for qid, question in W.questions.items():
            answer = question.answer(answers[qid])
            if answer is not None:
                st.markdown(f"- **{question.short}:** {answer.label}")


if step < N_STEPS:
    _render_step(step)
else:
    _render_result()
    edit_col, reset_col, _ = st.columns([1, 1, 3])
    with edit_col:
        st.button(t("wizard.edit"), key="wiz_edit", on_click=_go, args=(0,), width="stretch")
    with reset_col:
        st.button(t("wizard.reset"), key="wiz_reset", on_click=_reset, width="stretch")
