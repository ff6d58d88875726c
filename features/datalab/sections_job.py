"""The data lab's last section: start a real (paid) fine-tuning job with the learner's own OpenAI key, watch
it, cancel it. The key is the session's one OpenAI key (``ui.keys``): typed here or in the playground."""

from __future__ import annotations

from collections.abc import Callable

import openai
import streamlit as st

from core import fmt, lifecycle, mdtext, registry
from core.errors import UserInputError
from core.i18n import Translator
from features.datalab import jobs, session, view
from features.datalab.sections_cost import CostChoice
from ui import keys, messages
from ui.links import page_link

OPEN_WEIGHT_MODEL = "llama-3.1-8b"  # the simulator's hosted-LoRA route for the same data
JOB_STATE_PREFIX = "datalab.job_state_"


def _client() -> openai.OpenAI:
    return jobs.client_for(keys.learner_key("openai") or "")


def _call(action: Callable[[openai.OpenAI], None]) -> None:
    """Run ``action`` with a fresh client; a failure is kept for the next run's message. Then rerun."""
    try:
        with _client() as client:
            action(client)
    except UserInputError as exc:
        st.session_state[session.JOB_ERROR] = exc
    st.rerun()


def _start(t: Translator, loaded: view.Loaded, model: str, choice: CostChoice, has_key: bool) -> None:
    if not loaded.report.ok:
        st.info(t("datalab.job_fix_first"))
        return
    estimate = choice.estimate
    if estimate is None:
        st.info(t("datalab.cost_none"))
        return
    try:
        base = jobs.check_fine_tunable(model, lifecycle.today())
    except UserInputError as exc:  # not the learner's mistake: where this model is fine-tuned instead
        messages.show(exc.key, exc.params, level="info" if exc.key == jobs.OPEN_WEIGHT_KEY else "warning")
        closure_routes(t)
        return
    suffix = st.text_input(t("datalab.job_suffix"), key="dl_job_suffix", max_chars=jobs.MAX_SUFFIX)
    params = {
        "model": base,
        "n": estimate.n_examples,
        "epochs": estimate.epochs,
        "cost": fmt.Money(estimate.cost),
    }
    confirm = st.checkbox(messages.text("datalab.job_confirm", params), key="dl_job_confirm")
    if st.button(
        t("datalab.job_start"), key="dl_job_start", type="primary", disabled=not (confirm and has_key)
    ):

        def start(client: openai.OpenAI) -> None:
            started = jobs.start_job(
                client, loaded.name, loaded.data, base, choice.epochs, suffix, loaded.report.format
            )
            st.session_state[session.JOB] = started
            st.session_state[session.JOB_EVENTS] = []

        _call(start)


def closure_routes(t: Translator) -> None:
    """Where fine-tuning still works: the open-weight routes in the simulator, the lesson, the experiment."""
    st.markdown(t("datalab.closure_routes"))
    icon = ":material/calculate:"
    page_link("simulator", t("datalab.route_simulator"), {"ft": OPEN_WEIGHT_MODEL}, icon=icon)
    page_link("lessons", t("datalab.route_lesson"), {"lesson": "fine-tuning"}, icon=":material/school:")
    if "experiment" in registry.PAGE_NAMES:  # the experiment page (added by another branch)
        page_link("experiment", t("datalab.route_experiment"), icon=":material/science:")


def _status(t: Translator, job: jobs.JobInfo) -> None:
    status_key = JOB_STATE_PREFIX + job.status
    status = t(status_key) if t.has(status_key) else mdtext.literal(job.status)
    st.markdown(
        t(
            "datalab.job_status",
            id=mdtext.code_span(job.id),
            status=status,
            model=mdtext.literal(job.model),
            created=view.when(job.created_at),
        )
    )
    if job.fine_tuned_model:
        messages.show("datalab.job_done", {"model": job.fine_tuned_model}, "success")
    if job.error_message:
        messages.show("datalab.job_failed", {"detail": job.error_message}, "error")


def _watch(t: Translator, job: jobs.JobInfo, has_key: bool) -> None:
    _status(t, job)
    b1, b2, b3 = st.columns(3)
    if b1.button(t("datalab.job_refresh"), key="dl_job_refresh", disabled=not has_key):

        def refresh(client: openai.OpenAI) -> None:
            st.session_state[session.JOB] = jobs.retrieve_job(client, job.id)
            st.session_state[session.JOB_EVENTS] = jobs.list_events(client, job.id)

        _call(refresh)
    if job.active:
        sure = b2.checkbox(t("datalab.job_cancel_confirm"), key="dl_job_cancel_confirm")
        if b2.button(t("datalab.job_cancel"), key="dl_job_cancel", disabled=not (sure and has_key)):

            def cancel(client: openai.OpenAI) -> None:
                st.session_state[session.JOB] = jobs.cancel_job(client, job.id)

            _call(cancel)
    if b3.button(t("datalab.job_forget"), key="dl_job_forget"):
        st.session_state.pop(session.JOB, None)
        st.session_state.pop(session.JOB_EVENTS, None)
        st.rerun()
    events: list[jobs.JobEvent] = st.session_state.get(session.JOB_EVENTS) or []
    if events:
        st.dataframe(view.event_rows(t, events), hide_index=True, width="stretch", key="dl_job_events_table")
    else:
        st.caption(t("datalab.job_no_events"))


def job(t: Translator, loaded: view.Loaded, model: str, choice: CostChoice) -> None:
    """Behind an expander and a warning: the key field, then either the start form or the started job."""
    st.header(t("datalab.job_heading"))
    with st.expander(t("datalab.job_expander"), icon=":material/payments:", key="dl_job_expander"):
        st.warning(t("datalab.job_warning"))
        keys.key_field("openai", "dl_api_key", t("datalab.api_key"), help=t("datalab.api_key_help"))
        has_key = keys.learner_key("openai") is not None
        job_error = st.session_state.pop(session.JOB_ERROR, None)
        if isinstance(job_error, UserInputError):
            messages.show_error(job_error)
            if job_error.key in jobs.CLOSURE_KEYS:
                closure_routes(t)
        started: jobs.JobInfo | None = st.session_state.get(session.JOB)
        if started is None:
            _start(t, loaded, model, choice, has_key)
        else:
            _watch(t, started, has_key)
