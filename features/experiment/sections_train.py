"""The experiment page's "Train your own" section: a live LoRA training of the built-in model (or, without
the training extra, how to install it). The page calls ``render(t, on_adapter)``; ``on_adapter(path, label)``
is called once when this session's adapter is ready, and the page adds it to the grid as a variant.

Defaults are sized to finish within 5 minutes on 2 cores (bench/train.py measures it): PAGE_EXAMPLES
examples of the page's language, one epoch, batches of 8.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from core import fmt
from core.errors import UserInputError
from core.i18n import Lang, Translator
from features.experiment import task, train_jobs
from features.experiment.train_config import ChatExample, TrainConfig, eta_text, parse_training_set
from ui import messages, state

PAGE_EXAMPLES = 160
PAGE_CONFIG = TrainConfig(lr=3e-3, warmup_steps=2, epochs=1, batch_size=8)
_OWNER = "exp_train_owner"
_DIR = "exp_train_dir"
_HANDED = "exp_train_handed"


def bundled_examples(lang: Lang, n: int) -> list[ChatExample]:
    """The first ``n`` examples of the bundled training split (never the evaluation split)."""
    out = []
    for ex in task.load_examples(lang, "train")[:n]:
        answer = task.target_json(ex.category, ex.urgency)
        out.append(ChatExample.from_dicts(task.short_messages(lang, ex.text), answer, ex.id))
    return out


def _owner() -> str:
    if _OWNER not in st.session_state:
        st.session_state[_OWNER] = uuid.uuid4().hex
    owner: str = st.session_state[_OWNER]
    return owner


def _session_dir(owner: str) -> Path:
    """This session's temporary folder; deleted (and its training cancelled) when the session ends."""
    folder = st.session_state.get(_DIR)
    if not isinstance(folder, train_jobs.SessionDir) or not folder.alive:
        folder = train_jobs.SessionDir(on_close=lambda: train_jobs.runner().forget(owner))
        st.session_state[_DIR] = folder
    return folder.path


@st.cache_resource(show_spinner=False, ttl=60)
def training_missing() -> tuple[str, ...]:
    """What the training extra lacks: looked up at most once a minute (it changes only when the owner
    installs it), not with package searches on disk on every rerun of the page."""
    return tuple(train_jobs.missing_packages())


def has_job() -> bool:
    """True while this session has a training in line, running, or finished but not yet handed over."""
    owner = st.session_state.get(_OWNER)
    if not isinstance(owner, str) or training_missing():
        return False
    job = train_jobs.runner().job_for(owner)
    return job is not None and not job.finished


def render(t: Translator, on_adapter: Callable[[Path, str], None]) -> None:
    """Below the page's "train your own" heading: the form, then this session's job (place in line, progress,
    loss chart, cancel) and, once, ``on_adapter`` with the finished adapter."""
    if training_missing():
        st.info(t("training.missing_extra", command=train_jobs.INSTALL_COMMAND))
        return
    st.markdown(t("training.intro", rank=PAGE_CONFIG.rank))
    runner = train_jobs.runner()
    owner = _owner()
    job = runner.job_for(owner)
    if job is None or job.finished:
        _form(t, runner, owner)
        job = runner.job_for(owner)
    if job is not None:
        _progress(t, runner, job.id, on_adapter)


def _form(t: Translator, runner: train_jobs.Runner, owner: str) -> None:
    lang = state.current_lang()
    sent = state.training_set()
    split_n = len(task.load_examples(lang, "train"))
    options = ["bundled", "datalab"] if sent is not None else ["bundled"]
    labels = {
        "bundled": t("training.source_bundled", lang=lang, n=split_n),
        "datalab": t("training.source_datalab", name=sent.name, n=sent.n_lines) if sent else "",
    }
    source = st.radio(t("training.source"), options, format_func=labels.__getitem__, key="exp_train_source")
    n = PAGE_EXAMPLES
    if source == "bundled":
        n = int(st.slider(t("training.n_examples"), 20, split_n, PAGE_EXAMPLES, step=10, key="exp_train_n"))
    else:
        n = sent.n_lines if sent else 0
    steps = PAGE_CONFIG.total_steps(n)
    plan = {
        "steps": steps,
        "batch": PAGE_CONFIG.batch_size,
        "lr": fmt.number(PAGE_CONFIG.lr, lang, 3),
        "tokens": fmt.compact(n * 80, lang),
    }
    st.caption(messages.text("training.plan", plan))
    if not st.button(t("training.start"), key="exp_train_start", type="primary"):
        return
    try:
        if source == "datalab" and sent is not None:
            examples = parse_training_set(sent.jsonl)
            label = t("training.label", n=len(examples)) + f" · {sent.name}"
        else:
            examples = bundled_examples(lang, n)
            label = t("training.label", n=n)
        with st.spinner(t("training.loading")):
            runner.submit(owner, PAGE_CONFIG, examples, _session_dir(owner), label)
    except UserInputError as exc:
        messages.show_error(exc)


def _progress(
    t: Translator, runner: train_jobs.Runner, job_id: int, on_adapter: Callable[[Path, str], None]
) -> None:
    """Progress bar, place in line, loss chart and ETA, redrawn every 1.5 s while the job is not finished;
    when it finishes the whole page runs again (the page then adds the adapter to the grid)."""
    job = runner.job_for(_owner())
    if job is None or job.id != job_id:
        return
    if job.finished:
        _chart(t, job)
        _finished(t, job, on_adapter)
        return

    @st.fragment(run_every=1.5)
    def live() -> None:
        if job.finished:
            st.rerun(scope="app")
        lang = state.current_lang()
        p = job.progress
        if job.state == "queued":
            st.info(messages.text("training.queued", {"place": runner.place(job)}))
        elif p.step == 0:
            st.info(t("training.loading"))
        elif job.state == "writing":
            st.info(t("training.writing"))
        else:
            eta = p.eta()
            key = "training.running_first" if eta is None else "training.running"
            params: dict[str, object] = {"step": p.step, "total": p.total}
            if eta is not None:
                params |= {"loss": fmt.number(p.losses[-1], lang, 3), "eta": eta_text(eta, lang)}
            st.progress(p.fraction(), text=messages.text(key, params))
        _chart(t, job)
        if st.button(t("training.cancel"), key="exp_train_cancel"):
            runner.cancel(job)
            st.rerun(scope="app")

    live()


def _chart(t: Translator, job: train_jobs.Job) -> None:
    losses = list(job.progress.losses)
    if not losses:
        return
    st.caption(t("training.chart_title"))
    st.line_chart(
        {t("training.chart_loss"): losses},
        x_label=t("training.chart_step"),
        y_label=t("training.chart_loss"),
        height=220,
    )


def _finished(t: Translator, job: train_jobs.Job, on_adapter: Callable[[Path, str], None]) -> None:
    lang = state.current_lang()
    if job.state == "cancelled":
        st.info(t("training.cancelled"))
    elif job.state == "failed":
        st.error(messages.text("training.failed", {"detail": job.error or ""}))
    elif job.adapter is not None:
        params = {
            "steps": job.progress.step,
            "loss": fmt.number(job.progress.losses[-1], lang, 3),
            "seconds": eta_text(job.seconds, lang),
            "label": job.label,
        }
        st.success(messages.text("training.done", params))
        handed = st.session_state.setdefault(_HANDED, set())
        if job.id not in handed:  # hand the adapter to the page once
            handed.add(job.id)
            on_adapter(job.adapter, job.label)
