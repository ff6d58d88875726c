"""The wizard's two views: one step of questions, and the result with its reasons, hand-off and exports."""

from __future__ import annotations

import streamlit as st

from core.errors import UserInputError
from core.i18n import Lang, Translator
from features.wizard import codec, export, scoring, sim_handoff
from features.wizard import widgets as w
from features.wizard.chart import score_figure
from features.wizard.rules import Wizard
from features.wizard.scoring import FiredRule, Result
from ui import boundary, classroom, messages
from ui.links import page_link


def step(wizard: Wizard, index: int, answers: dict[str, str], t: Translator) -> None:
    current = wizard.steps[index]
    st.header(current.title)
    if current.intro:
        st.caption(current.intro)
    for question in current.questions:
        key = w.question_key(question.id)
        st.session_state[key] = answers.get(question.id)
        labels = {a.id: a.label for a in question.answers}
        st.radio(
            f"**{question.text}**",
            options=list(labels),
            format_func=labels.__getitem__,
            captions=[a.hint for a in question.answers],
            index=None,
            key=key,
            on_change=boundary.callback(w.on_answer),
            args=(question.id,),
        )
    back_col, next_col, _ = st.columns([1, 1, 3])
    with back_col:
        st.button(
            "← " + t("wizard.back"),
            key="wiz_back",
            disabled=index == 0,
            on_click=boundary.callback(w.go),
            args=(index - 1,),
            width="stretch",
        )
    with next_col:
        label = t("wizard.to_result") if index == len(wizard.steps) - 1 else t("wizard.next") + " →"
        st.button(
            label,
            key="wiz_next",
            type="primary",
            on_click=boundary.callback(w.go),
            args=(index + 1,),
            width="stretch",
        )


def result(wizard: Wizard, answers: dict[str, str], t: Translator, lang: Lang) -> None:
    try:
        res = scoring.evaluate(wizard, answers)
    except UserInputError as exc:
        messages.show_error(exc)
        for index in sorted({wizard.step_of(q.id) for q in scoring.missing(wizard, answers)}):
            st.button(
                t("wizard.go_to_step", n=index + 1, title=wizard.steps[index].title),
                key=f"wiz_goto_{index}",
                on_click=boundary.callback(w.go),
                args=(index,),
            )
        return
    classroom.record_wizard(res.recommendation, res.runner_up)  # only for a learner who joined a class
    _recommendation(wizard, res, t, lang)
    _gates(wizard, res, t)
    _reasons(wizard, res, t, lang)
    _next_steps(res, t)
    _handoff(wizard, answers, res, t, lang)
    _export(wizard, answers, res, t, lang)
    _your_answers(wizard, answers, t)


def _recommendation(wizard: Wizard, res: Result, t: Translator, lang: Lang) -> None:
    best = wizard.approaches[res.recommendation]
    st.header(f"{t('wizard.recommendation')}: {best.name}")
    st.markdown(best.summary)
    if res.close_call:
        st.info(t("wizard.close_call", first=best.name, second=wizard.approaches[res.runner_up].name))
    st.caption(t("wizard.runner_up", name=wizard.approaches[res.runner_up].name))
    st.subheader(t("wizard.scores_heading"))
    fig = score_figure(wizard, res, t("wizard.chart_axis"), lang)
    summary = t("wizard.chart_summary", summary=export.score_summary(wizard, res, lang))
    st.plotly_chart(fig, key="wiz_chart", config={"displayModeBar": False}, alt=summary)
    st.caption(summary)


def _gates(wizard: Wizard, res: Result, t: Translator) -> None:
    if res.then is not None:
        name = wizard.approaches[res.then].name
        st.warning(t("wizard.then", name=name) + "  \n" + t("wizard.then_help", name=name))
    if res.gates:
        st.subheader(t("wizard.gates_heading"))
        st.markdown("\n".join(f"- {g.note}" for g in res.gates))
    if res.before:
        st.subheader(t("wizard.before_heading"))
        st.markdown("\n".join(f"{i}. {s}" for i, s in enumerate(res.before, start=1)))


def _reason(wizard: Wizard, f: FiredRule, t: Translator, lang: Lang) -> None:
    st.markdown(f"**{export.criterion_text(wizard, f, t)}** — {f.rule.reason}")
    st.caption(
        t(
            "wizard.reason_detail",
            answers=export.describe_triggers(f),
            deltas=export.describe_deltas(wizard, f, lang),
        )
    )


def _reasons(wizard: Wizard, res: Result, t: Translator, lang: Lang) -> None:
    st.subheader(t("wizard.reasons_for"))
    for f in res.reasons_for:
        _reason(wizard, f, t, lang)
    if res.reasons_against:
        st.subheader(t("wizard.reasons_against"))
        for f in res.reasons_against:
            _reason(wizard, f, t, lang)
    with st.expander(t("wizard.all_rules", count=len(res.fired))):
        for f in res.fired:
            _reason(wizard, f, t, lang)


def _next_steps(res: Result, t: Translator) -> None:
    if res.caveats:
        st.subheader(t("wizard.caveats"))
        st.markdown("\n".join(f"- {c}" for c in res.caveats))
    st.subheader(t("wizard.next_steps"))
    st.markdown("\n".join(f"{i}. {s}" for i, s in enumerate(res.next_steps, start=1)))
    st.info(t("wizard.advice"), icon=":material/lightbulb:")


def _handoff(wizard: Wizard, answers: dict[str, str], res: Result, t: Translator, lang: Lang) -> None:
    st.subheader(t("wizard.handoff_heading"))
    sim = sim_handoff.simulator_params(wizard, answers)
    profile = sim_handoff.profile(wizard, answers, res)
    page_link("simulator", t("wizard.check_numbers"), profile.simulator_query(), icon=":material/calculate:")
    summary = t("wizard.sim_summary", **sim_handoff.format_sim_params(sim, lang))
    st.caption(t("wizard.check_numbers_help", summary=summary))
    if profile.verdict and profile.verdict.why:
        whys = ", ".join(t(f"wizard.why_{w}") for w in profile.verdict.why)
        st.caption(t("wizard.money_note", name=wizard.approaches[res.recommendation].name, why=whys))
    info = wizard.approaches[res.recommendation]
    params = {"pair": info.try_pair} if info.try_pair else {}
    page_link("playground", t(f"wizard.try_it_{res.recommendation}"), params, icon=":material/chat:")
    page_link("experiment", t("wizard.try_experiment"), icon=":material/science:")


def _export(wizard: Wizard, answers: dict[str, str], res: Result, t: Translator, lang: Lang) -> None:
    st.subheader(t("wizard.export_heading"))
    link = codec.share_url(st.context.url, lang, codec.encode(wizard, answers))
    st.markdown(f"**{t('wizard.share_heading')}**")
    st.code(link, language=None)
    st.caption(t("wizard.share_help"))
    md_col, html_col = st.columns(2)
    with md_col:
        st.download_button(
            t("wizard.download_md"),
            data=export.to_markdown(wizard, answers, res, t, link),
            file_name="wizard-summary.md",
            mime="text/markdown",
            key="wiz_dl_md",
            icon=":material/download:",
        )
    with html_col:
        st.download_button(
            t("wizard.download_html"),
            data=export.to_html(wizard, answers, res, t, link),
            file_name="wizard-summary.html",
            mime="text/html",
            key="wiz_dl_html",
            icon=":material/print:",
        )
    st.caption(t("wizard.print_hint"))


def _your_answers(wizard: Wizard, answers: dict[str, str], t: Translator) -> None:
    with st.expander(t("wizard.your_answers")):
        for qid, question in wizard.questions.items():
            answer = question.answer(answers[qid])
            if answer is not None:
                st.markdown(f"- **{question.short}:** {answer.label}")
