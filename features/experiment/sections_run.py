"""Choosing and running: the backend and subset, the standard rows, "beat the fine-tune" (an edited
prompt or k), with a progress bar and a cancel button. Each finished row joins the session's grid."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from core.errors import UserInputError
from core.i18n import Lang, Translator
from core.llm.class_servers import ClassServer
from features.experiment import runner, task
from features.experiment import widgets as w
from features.experiment.records import RunRecord, Subset
from features.experiment.shots import MAX_SHOTS
from features.experiment.variants import DEFAULT_K, QUICK_SIZE, Kind, Prompter, Variant, quick_subset
from ui import classroom, keys, messages, numbers
from ui import llm as uillm

MAX_QUICK = 132  # the evaluation split's size per language


def _label(t: Translator, option: str, room: Sequence[ClassServer]) -> str:
    index = w.class_index(option)
    if index is None:
        return t(f"experiment.backend_{option}")
    return t("experiment.backend_class", label=room[index].label)


def setup(t: Translator) -> w.Setup:
    st.subheader(t("experiment.setup_title"))
    try:
        room = uillm.class_servers()
    except UserInputError as exc:  # the owner's secrets are malformed: say so, offer the rest
        messages.show_error(exc)
        room = ()
    options = w.backend_options(len(room))
    labels = {o: _label(t, o, room) for o in options}
    if st.session_state.get("exp_backend") not in options:
        st.session_state.pop("exp_backend", None)  # a class server the owner removed
    choice: str = st.radio(
        t("experiment.backend_label"),
        options,
        format_func=labels.__getitem__,
        horizontal=True,
        key="exp_backend",
    )
    index = w.class_index(choice)
    if index is not None:
        server = room[index]
        st.caption(t("experiment.class_ready", label=server.label, model=server.model))
        return w.Setup(backend="class", model=server.model, adapter="", class_server=index)
    backend: w.BackendChoice = "openai" if choice == "openai" else "server" if choice == "server" else "local"
    model = ""
    if backend == "openai":
        keys.key_field("openai", "exp_key", t("experiment.key_label"), help=t("experiment.key_help"))
        model = st.text_input(t("experiment.model_label"), w.DEFAULT_OPENAI_MODEL, key="exp_model").strip()
    elif backend == "server":
        st.text_input(t("experiment.server_label"), "http://127.0.0.1:11434/v1", key="exp_server_url")
        model = st.text_input(t("experiment.server_model_label"), key="exp_server_model").strip()
        keys.key_field("server", "exp_server_key", t("experiment.server_key_label"))
    elif not w.local_ready():
        messages.show("experiment.local_missing", level="warning")
    found = w.adapters()
    adapter = ""
    if backend == "local" and found:
        names = list(found)
        chosen = st.session_state.pop(w.SELECT_NEXT, None)
        if chosen in names:
            st.session_state["exp_adapter"] = chosen
        if st.session_state.get("exp_adapter") not in names:
            st.session_state["exp_adapter"] = names[0]
        adapter = st.selectbox(t("experiment.adapter_label"), names, key="exp_adapter")
    elif backend == "local":
        st.info(t("experiment.no_adapter"))
    return w.Setup(backend=backend, model=model, adapter=adapter)


def _subset_controls(t: Translator, prefix: str) -> tuple[Subset, int | None]:
    """The subset and the quick subset's size (None, with the message under the field, when what was
    typed is not a whole number in range: nothing runs then)."""
    left, right = st.columns(2)
    subset: Subset = left.radio(
        t("experiment.subset_label"),
        ("quick", "all"),
        format_func=lambda s: t(f"experiment.subset_{s}"),
        horizontal=True,
        key=f"{prefix}_subset",
    )
    st.session_state.setdefault(f"{prefix}_quick_n", str(QUICK_SIZE))
    with right:
        size = numbers.whole_input(
            t("experiment.quick_size_label"),
            1,
            MAX_QUICK,
            key=f"{prefix}_quick_n",
            disabled=subset != "quick",
        )
    return subset, size


def standard(t: Translator, lang: Lang, s: w.Setup) -> None:
    st.subheader(t("experiment.run_title"))
    st.markdown(t("experiment.run_intro"))
    k = int(st.slider(t("experiment.k_label"), 1, MAX_SHOTS, DEFAULT_K, key="exp_k"))
    kinds: list[Kind] = ["naive", "engineered", "fewshot", "retrieval", "short"]
    if s.adapter:
        kinds.append("finetuned")
    chosen: list[Kind] = st.multiselect(
        t("experiment.variants_label"),
        kinds,
        default=kinds,
        format_func=lambda kind: t(f"experiment.kind_{kind}"),
        key="exp_variants",
    )
    subset, size = _subset_controls(t, "exp_std")
    run_now = st.button(t("experiment.run_button"), type="primary", key="exp_run", disabled=not chosen)
    if run_now and size is not None:
        variants = [
            Variant(kind, k=k if kind in ("fewshot", "retrieval") else 0, adapter=s.adapter)
            for kind in chosen
        ]
        run(t, lang, s, variants, subset, size, session_row=False)


def beat(t: Translator, lang: Lang, s: w.Setup) -> None:
    st.subheader(t("experiment.beat_title"))
    st.markdown(t("experiment.beat_intro"))
    beat_kinds: tuple[Kind, ...] = ("engineered", "fewshot", "retrieval")
    kind: Kind = st.radio(
        t("experiment.beat_kind_label"),
        beat_kinds,
        format_func=lambda k: t(f"experiment.kind_{k}"),
        horizontal=True,
        key="exp_beat_kind",
    )
    system = st.text_area(
        t("experiment.beat_prompt_label"),
        task.prompts(lang).engineered,
        height=180,
        key=f"exp_beat_prompt_{lang}",
    )
    k = 0
    if kind != "engineered":
        k = int(st.slider(t("experiment.k_label"), 1, MAX_SHOTS, DEFAULT_K, key="exp_beat_k"))
    subset, size = _subset_controls(t, "exp_beat")
    if st.button(t("experiment.beat_button"), key="exp_beat_run") and size is not None:
        if not system.strip():
            messages.show("experiment.err_empty_prompt")
            return
        edited = None if system == task.prompts(lang).engineered else system
        run(t, lang, s, [Variant(kind, k=k, system=edited)], subset, size, session_row=True)


def cancelled_notice(t: Translator) -> None:
    """A run that did not finish (the learner pressed cancel, or left the page) is said once."""
    if st.session_state.pop(w.RUNNING, False):
        st.info(t("experiment.cancelled"))


def run(
    t: Translator,
    lang: Lang,
    s: w.Setup,
    variants: Sequence[Variant],
    subset: Subset,
    size: int,
    *,
    session_row: bool,
) -> None:
    """Evaluate each variant in turn; a finished variant becomes a row. Cancel stops between examples
    (pressing it reruns the page, which ends this loop); the unfinished variant is dropped."""
    ev = task.load_examples(lang, "eval")
    examples = quick_subset(ev, size) if subset == "quick" else ev
    prompter = Prompter(lang, task.load_examples(lang, "train"))
    total = len(examples) * len(variants)
    bar = st.progress(0.0, text=t("experiment.progress", done=0, total=total))
    cancel = st.empty()
    cancel.button(t("experiment.cancel"), key="exp_cancel")
    st.session_state[w.RUNNING] = True
    done = 0
    try:
        for variant in variants:
            with st.spinner(t("experiment.loading_model")):
                backend, model = w.make_backend(s, variant)
            counter = w.input_counter(model, s.model)
            results = []
            for result in runner.evaluate(backend, variant, examples, prompter, counter):
                results.append(result)
                done += 1
                bar.progress(done / total, text=t("experiment.progress", done=done, total=total))
            record = RunRecord(
                number=w.next_number(),
                lang=lang,
                variant=variant,
                model=backend.model,
                backend_kind=backend.kind,
                subset=subset,
                results=tuple(results),
                session_row=session_row,
            )
            w.add_record(record)
            if results:  # the class leaderboard (only when the learner joined a class; figures only)
                summary = record.summary
                classroom.record_experiment_run(
                    variant=t(f"experiment.kind_{variant.kind}"),
                    model=record.model,
                    accuracy=summary.accuracy,
                    examples=summary.n,
                    valid_rate=summary.valid_rate,
                )
    except UserInputError as exc:
        messages.show_error(exc)
    # not in ``finally``: a cancel stops the script inside this loop, and the next run should say so
    st.session_state[w.RUNNING] = False
    bar.empty()
    cancel.empty()
