"""Fine-tuning data lab: load a chat training set, check it, see its numbers and cost, fix it, start a job."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import openai
import plotly.graph_objects as go
import streamlit as st

from core import dataset as dl
from core import finetune_jobs as jobs
from core import fmt, mdtext, prices, tokens
from core.errors import UserInputError
from ui import state
from ui.links import page_link

LOADED = "dl_loaded"  # {"name": str, "data": bytes}
# {"sig": (sha, model), "report": Report}. The parsed dataset is not kept (a 50 MB file parses into several
# hundred MB of Python objects); fixes parse the file again.
RESULT = "dl_result"
LOAD_ERROR = "dl_load_error"  # UserInputError of the last load attempt
FIXED = "dl_fixed"  # {"sig": ..., "fixes": tuple, "result": FixResult, "report": Report}
JOB = "dl_job"  # JobInfo of the job started in this session
JOB_EVENTS = "dl_job_events"
JOB_ERROR = "dl_job_error"
HISTORY_KEY = "pg_history"  # the playground's list of runs
SOURCES = ("sample", "upload", "paste", "history")
MAX_FINDING_ROWS = 2_000
PASTE_EXAMPLE = (
    '{"messages": [{"role": "system", "content": "…"}, {"role": "user", "content": "…"}, '
    '{"role": "assistant", "content": "…"}]}'
)
FORMAT_NUMBER_PARAMS = ("tokens", "limit")

t = state.tr()
lang = state.current_lang()


# ------------------------------------------------------------------------------------------------ helpers


def _md(text: str) -> str:
    """Escape ``$`` for Markdown, where two dollar signs would start a formula."""
    return text.replace("$", "\\$")


def _md_text(text: str) -> str:
    """A learner's text (e.g. a file name) shown literally inside Markdown."""
    return mdtext.literal(text)


def _money(amount: float) -> str:
    return fmt.money(amount, lang, digits=prices.money_digits(amount))


def _num(value: float) -> str:
    return fmt.number(value, lang)


def _message(key: str, params: Mapping[str, object]) -> str:
    shown = {
        k: (_num(v) if k in FORMAT_NUMBER_PARAMS and isinstance(v, int) else v) for k, v in params.items()
    }
    return t(key, **shown)


def _show_error(exc: Exception) -> None:
    state.show_user_error(exc)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _when(ts: int | None) -> str:
    if ts is None:
        return "—"
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M UTC")


def _analyze(name: str, data: bytes, model: str) -> bool:
    """Parse and check ``data`` with a progress bar; store the result. False (and a message) on bad input."""
    bar = st.progress(0.0, text=t("datalab.reading", name=_md_text(name)))

    def report_progress(share: float) -> None:
        bar.progress(
            min(1.0, share), text=t("datalab.reading_pct", name=_md_text(name), pct=fmt.percent(share, lang))
        )

    try:
        _, report = dl.load_and_analyze(data, dl.ModelCounter(model), report_progress)
    except UserInputError as exc:
        bar.empty()
        st.session_state[LOAD_ERROR] = exc
        return False
    bar.empty()
    st.session_state[RESULT] = {"sig": (_sha(data), model), "report": report}
    st.session_state.pop(FIXED, None)
    return True


def _load(name: str, data: bytes, model: str) -> None:
    """A new file from any source: checked first; it replaces the loaded one only when it can be read."""
    st.session_state.pop(LOAD_ERROR, None)
    if _analyze(name, data, model):
        st.session_state[LOADED] = {"name": name, "data": data}


# ------------------------------------------------------------------------------------------------ page

st.title(t("datalab.title"))
st.markdown(t("datalab.intro"))

models = prices.finetunable_models()
if st.session_state.get("dl_model") not in models:
    st.session_state["dl_model"] = models[0]
model: str = st.selectbox(t("datalab.model"), models, key="dl_model", help=t("datalab.model_help"))

# ------------------------------------------------------------------------------------------------ 1 load
st.header(t("datalab.load_heading"))
source = st.radio(
    t("datalab.source"),
    SOURCES,
    format_func=lambda s: t(f"datalab.source_{s}"),
    horizontal=True,
    key="dl_source",
)

if source == "sample":
    st.caption(t("datalab.sample_caption"))
    good_col, bad_col = st.columns(2)
    if good_col.button(t("datalab.load_good_sample"), key="dl_load_sample"):
        _load(f"sample_{lang}.jsonl", dl.sample_bytes(lang, "sample"), model)
    if bad_col.button(t("datalab.load_bad_sample"), key="dl_load_bad_sample"):
        _load(f"bad_sample_{lang}.jsonl", dl.sample_bytes(lang, "bad_sample"), model)
elif source == "upload":
    limit_mb = dl.MAX_FILE_BYTES // 1024 // 1024
    upload = st.file_uploader(
        t("datalab.upload", limit=limit_mb), type=["jsonl", "json", "txt"], key="dl_upload"
    )
    if upload is not None:
        marker = (upload.name, upload.size, getattr(upload, "file_id", ""))
        if st.session_state.get("dl_upload_done") != marker:
            st.session_state["dl_upload_done"] = marker
            _load(upload.name, upload.getvalue(), model)
elif source == "paste":
    pasted = st.text_area(
        t("datalab.paste"),
        height=200,
        key="dl_paste",
        placeholder=t("datalab.paste_hint", example=PASTE_EXAMPLE),
    )
    if st.button(t("datalab.paste_check"), key="dl_paste_check"):
        _load(t("datalab.pasted_name"), pasted.encode("utf-8"), model)
else:
    history = st.session_state.get(HISTORY_KEY)
    try:
        examples = dl.examples_from_runs(history)
    except UserInputError as exc:
        st.info(t(exc.key, **mdtext.literal_params(exc.params)))
        page_link("playground", t("datalab.open_playground"), icon=":material/arrow_forward:")
    else:
        st.caption(t("datalab.history_found", n=_num(len(examples))))
        if st.button(t("datalab.history_build"), key="dl_history_build"):
            _load(t("datalab.history_name"), dl.from_examples(examples).to_jsonl(), model)

load_error = st.session_state.get(LOAD_ERROR)
if isinstance(load_error, UserInputError):
    _show_error(load_error)

loaded = st.session_state.get(LOADED)
result: Any = None
if not isinstance(loaded, dict):
    st.info(t("datalab.nothing_loaded"))
else:
    name: str = loaded["name"]
    data: bytes = loaded["data"]
    result = st.session_state.get(RESULT)
    if not isinstance(result, dict) or result.get("sig") != (_sha(data), model):
        _analyze(name, data, model)
        result = st.session_state.get(RESULT)

if isinstance(loaded, dict) and isinstance(result, dict) and result.get("sig") == (_sha(data), model):
    report: dl.Report = result["report"]
    encoding = tokens.count_tokens("", model)
    st.caption(
        t(
            "datalab.loaded",
            name=_md_text(name),
            size=fmt.compact(len(data) / 1024, lang, 1),
            lines=_num(report.n_lines),
            encoding=encoding.encoding,
        )
        + ("  ·  " + t("datalab.token_estimate") if encoding.estimate else "")
    )
    st.download_button(
        t("datalab.download_loaded"),
        data=data,
        file_name=name if name.endswith(".jsonl") else "dataset.jsonl",
        mime="application/jsonl",
        key="dl_download_loaded",
    )

    # -------------------------------------------------------------------------------------------- 2 checks
    st.header(t("datalab.checks_heading"))
    cols = st.columns(5)
    cols[0].metric(t("datalab.m_lines"), _num(report.n_examples))
    cols[1].metric(t("datalab.m_valid"), _num(report.n_valid))
    cols[2].metric(t("datalab.m_errors"), _num(report.n_errors))
    cols[3].metric(t("datalab.m_warnings"), _num(report.n_warnings))
    cols[4].metric(t("datalab.m_duplicates"), _num(len(report.duplicate_lines)))
    if report.n_errors:
        st.error(
            t("datalab.status_errors", errors=_num(report.n_errors), lines=_num(len(report.error_lines)))
        )
    elif report.n_valid == 0:
        st.error(t("datalab.err_no_examples"))
    elif report.n_warnings:
        st.warning(t("datalab.status_warnings", warnings=_num(report.n_warnings)))
    else:
        st.success(t("datalab.status_ok", n=_num(report.n_valid)))

    if report.findings:
        rows = [
            {
                t("datalab.col_line"): f.line,
                t("datalab.col_severity"): t(f"datalab.sev_{f.severity}"),
                t("datalab.col_field"): f.field or "—",
                t("datalab.col_message"): _message(f.key, f.params),
            }
            for f in report.findings[:MAX_FINDING_ROWS]
        ]
        st.dataframe(rows, hide_index=True, width="stretch", key="dl_findings")
        if len(report.findings) > MAX_FINDING_ROWS:
            st.caption(
                t("datalab.findings_cut", shown=_num(MAX_FINDING_ROWS), total=_num(len(report.findings)))
            )
    with st.expander(t("datalab.rules_heading")):
        st.markdown(t("datalab.rules"))

    # -------------------------------------------------------------------------------------------- 3 stats
    st.header(t("datalab.stats_heading"))
    if not report.examples:
        st.info(t("datalab.stats_none"))
    else:
        if report.n_errors:
            st.caption(t("datalab.stats_valid_only", n=_num(report.n_valid)))
        charts: list[tuple[str, list[int], dl.Summary | None, str]] = [
            (
                "messages",
                [e.n_messages for e in report.examples],
                report.messages_per_example(),
                "dl_hist_messages",
            ),
            ("tokens", [e.tokens for e in report.examples], report.tokens_per_example(), "dl_hist_tokens"),
            (
                "assistant",
                [e.assistant_tokens for e in report.examples],
                report.assistant_tokens(),
                "dl_hist_assistant",
            ),
        ]
        for kind, values, summary, key in charts:
            st.subheader(t(f"datalab.hist_{kind}"))
            fig = go.Figure(go.Histogram(x=values, marker_color="#4c78a8"))
            fig.update_layout(
                height=260,
                margin={"l": 10, "r": 10, "t": 10, "b": 10},
                xaxis_title=t(f"datalab.axis_{kind}"),
                yaxis_title=t("datalab.axis_examples"),
                bargap=0.05,
            )
            if len(values) <= 10:
                fig.update_yaxes(dtick=1)  # counts are whole numbers
            if kind == "tokens" and max(values) > report.max_tokens * 0.8:
                fig.add_vline(x=report.max_tokens, line_dash="dash", line_color="#d62728")
            st.plotly_chart(fig, key=key, config={"displayModeBar": False})
            if summary is not None:
                st.caption(
                    t(
                        "datalab.summary",
                        n=_num(summary.count),
                        min=_num(summary.minimum),
                        p10=fmt.compact(summary.p10, lang, 1),
                        median=fmt.compact(summary.median, lang, 1),
                        mean=fmt.compact(summary.mean, lang, 1),
                        p90=fmt.compact(summary.p90, lang, 1),
                        max=_num(summary.maximum),
                    )
                )
        if report.too_long_lines:
            st.warning(
                t("datalab.too_long_note", n=_num(len(report.too_long_lines)), limit=_num(report.max_tokens))
            )

    # -------------------------------------------------------------------------------------------- 4 cost
    st.header(t("datalab.cost_heading"))
    estimate: dl.CostEstimate | None = None
    epochs_choice: int | None = None
    try:
        price = prices.training_price(model)
    except UserInputError as exc:
        _show_error(exc)
        price = None
    if price is not None and report.examples:
        default = dl.default_epochs(len(report.examples))
        mode = st.radio(
            t("datalab.epochs_mode"),
            ("default", "choose"),
            format_func=lambda m: t(f"datalab.epochs_{m}", n=default),
            horizontal=True,
            key="dl_epoch_mode",
        )
        if mode == "choose":
            epochs_choice = int(
                st.number_input(
                    t("datalab.epochs"), min_value=1, max_value=50, value=default, step=1, key="dl_epochs"
                )
            )
        try:
            estimate = dl.estimate_cost([e.tokens for e in report.examples], price.per_mtok, epochs_choice)
        except UserInputError as exc:
            _show_error(exc)
    elif price is not None:
        st.info(t("datalab.cost_none"))
    if estimate is not None and price is not None:
        c1, c2, c3, c4 = st.columns(4)
        c1.metric(t("datalab.m_examples"), _num(estimate.n_examples))
        c2.metric(t("datalab.m_epochs"), _num(estimate.epochs))
        c3.metric(t("datalab.m_billed"), _num(estimate.billed_tokens))
        c4.metric(t("datalab.m_cost"), _money(estimate.cost))
        st.markdown(
            _md(
                t(
                    "datalab.cost_formula",
                    per_epoch=_num(estimate.tokens_per_epoch),
                    epochs=_num(estimate.epochs),
                    billed=_num(estimate.billed_tokens),
                    price=_money(estimate.per_mtok),
                    cost=_money(estimate.cost),
                )
            )
        )
        st.caption(
            _md(
                t("datalab.epochs_rule", n=_num(estimate.n_examples), default=estimate.default_epochs)
                + "  \n"
                + t("datalab.price_source", model=price.model, source=price.source, as_of=price.as_of)
            )
        )
        if report.n_errors:
            st.caption(t("datalab.cost_valid_only", n=_num(estimate.n_examples)))
        page_link(
            "simulator",
            t("datalab.open_simulator"),
            dl.simulator_params(estimate, model),
            icon=":material/calculate:",
        )

    # -------------------------------------------------------------------------------------------- 5 fixes
    st.header(t("datalab.fix_heading"))
    fixes = dl.applicable_fixes(report)
    if not fixes:
        st.success(t("datalab.fix_none"))
    else:
        st.caption(t("datalab.fix_intro"))
        chosen: list[dl.FixName] = [
            fix for fix in fixes if st.checkbox(t(f"datalab.fix_{fix}"), value=True, key=f"dl_fix_{fix}")
        ]
        if st.button(t("datalab.fix_apply"), key="dl_fix_apply", disabled=not chosen):
            counter = dl.ModelCounter(model)
            with st.spinner(t("datalab.fix_running")):
                fixed = dl.apply_fixes(dl.parse_jsonl(data), chosen, counter)
                fixed_report = dl.analyze(fixed.dataset, counter)
            st.session_state[FIXED] = {
                "sig": result["sig"],
                "data": fixed.dataset.to_jsonl(),
                "changes": fixed.changes,
                "report": fixed_report,
            }
    fixed_state = st.session_state.get(FIXED)
    if isinstance(fixed_state, dict) and fixed_state.get("sig") == result["sig"]:
        fixed_bytes: bytes = fixed_state["data"]
        changes: tuple[dl.Change, ...] = fixed_state["changes"]
        fixed_report = fixed_state["report"]
        st.subheader(t("datalab.fix_result"))
        compare = [
            {
                t("datalab.col_what"): t(f"datalab.cmp_{what}"),
                t("datalab.col_original"): before,
                t("datalab.col_fixed"): after,
            }
            for what, before, after in (
                ("lines", report.n_lines, fixed_report.n_lines),
                ("valid", report.n_valid, fixed_report.n_valid),
                ("errors", report.n_errors, fixed_report.n_errors),
                ("warnings", report.n_warnings, fixed_report.n_warnings),
            )
        ]
        st.dataframe(compare, hide_index=True, key="dl_fix_compare")
        st.dataframe(
            [
                {t("datalab.col_original_line"): c.line, t("datalab.col_change"): _message(c.key, c.params)}
                for c in changes[:MAX_FINDING_ROWS]
            ],
            hide_index=True,
            width="stretch",
            key="dl_fix_changes",
        )
        if len(changes) > MAX_FINDING_ROWS:
            st.caption(t("datalab.findings_cut", shown=_num(MAX_FINDING_ROWS), total=_num(len(changes))))
        stem = name[: -len(".jsonl")] if name.endswith(".jsonl") else name
        d1, d2 = st.columns(2)
        d1.download_button(
            t("datalab.fix_download"),
            data=fixed_bytes,
            file_name=f"{stem}_fixed.jsonl",
            mime="application/jsonl",
            key="dl_fix_download",
        )
        if fixed_report.n_lines and d2.button(t("datalab.fix_use"), key="dl_fix_use"):
            _load(f"{stem}_fixed.jsonl", fixed_bytes, model)
            st.rerun()
        st.caption(t("datalab.fix_original_kept"))

    # -------------------------------------------------------------------------------------------- 6 job
    st.header(t("datalab.job_heading"))
    with st.expander(t("datalab.job_expander"), icon=":material/payments:"):
        st.warning(t("datalab.job_warning"))
        job: jobs.JobInfo | None = st.session_state.get(JOB)
        key_value: str = st.text_input(
            t("datalab.api_key"), type="password", key="dl_api_key", help=t("datalab.api_key_help")
        )

        def _client() -> openai.OpenAI:
            return jobs.client_for(key_value)

        job_error = st.session_state.pop(JOB_ERROR, None)
        if isinstance(job_error, UserInputError):
            _show_error(job_error)
        if job is None:
            if not report.ok:
                st.info(t("datalab.job_fix_first"))
            elif estimate is None:
                st.info(t("datalab.cost_none"))
            else:
                suffix = st.text_input(
                    t("datalab.job_suffix"), key="dl_job_suffix", max_chars=jobs.MAX_SUFFIX
                )
                snapshots = {row.model: row.snapshot for row in prices.load_finetune_table()}
                base = snapshots.get(model, model)
                confirm = st.checkbox(
                    _md(
                        t(
                            "datalab.job_confirm",
                            model=base,
                            n=_num(estimate.n_examples),
                            epochs=_num(estimate.epochs),
                            cost=_money(estimate.cost),
                        )
                    ),
                    key="dl_job_confirm",
                )
                if st.button(
                    t("datalab.job_start"),
                    key="dl_job_start",
                    type="primary",
                    disabled=not (confirm and key_value.strip()),
                ):
                    try:
                        with _client() as client:
                            started = jobs.start_job(client, name, data, base, epochs_choice, suffix)
                    except UserInputError as exc:
                        st.session_state[JOB_ERROR] = exc
                    else:
                        st.session_state[JOB] = started
                        st.session_state[JOB_EVENTS] = []
                    st.rerun()
        else:
            st.markdown(
                t(
                    "datalab.job_status",
                    id=job.id,
                    status=t(f"datalab.job_state_{job.status}")
                    if t.has(f"datalab.job_state_{job.status}")
                    else _md_text(job.status),
                    model=_md_text(job.model),
                    created=_when(job.created_at),
                )
            )
            if job.fine_tuned_model:
                st.success(t("datalab.job_done", model=_md_text(job.fine_tuned_model)))
            if job.error_message:
                st.error(t("datalab.job_failed", detail=_md_text(job.error_message)))
            b1, b2, b3 = st.columns(3)
            if b1.button(t("datalab.job_refresh"), key="dl_job_refresh", disabled=not key_value.strip()):
                try:
                    with _client() as client:
                        st.session_state[JOB] = jobs.retrieve_job(client, job.id)
                        st.session_state[JOB_EVENTS] = jobs.list_events(client, job.id)
                except UserInputError as exc:
                    st.session_state[JOB_ERROR] = exc
                st.rerun()
            if job.active:
                sure = b2.checkbox(t("datalab.job_cancel_confirm"), key="dl_job_cancel_confirm")
                if b2.button(
                    t("datalab.job_cancel"), key="dl_job_cancel", disabled=not (sure and key_value.strip())
                ):
                    try:
                        with _client() as client:
                            st.session_state[JOB] = jobs.cancel_job(client, job.id)
                    except UserInputError as exc:
                        st.session_state[JOB_ERROR] = exc
                    st.rerun()
            if b3.button(t("datalab.job_forget"), key="dl_job_forget"):
                st.session_state.pop(JOB, None)
                st.session_state.pop(JOB_EVENTS, None)
                st.rerun()
            events: list[jobs.JobEvent] = st.session_state.get(JOB_EVENTS) or []
            if events:
                st.dataframe(
                    [
                        {
                            t("datalab.col_time"): _when(e.created_at),
                            t("datalab.col_level"): e.level,
                            t("datalab.col_message"): e.message,
                        }
                        for e in events
                    ],
                    hide_index=True,
                    width="stretch",
                    key="dl_job_events_table",
                )
            else:
                st.caption(t("datalab.job_no_events"))
