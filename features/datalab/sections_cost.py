"""The data lab's cost section (epochs, billed tokens, the formula, a link to the simulator) and its fixes
section (chosen fixes applied to a copy, compared side by side with the original)."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from core import fmt, mdtext, prices
from core.errors import UserInputError
from core.i18n import Translator
from core.training import default_epochs
from features.datalab import checks, fixes, parsing, session, stats, view
from features.datalab.sections_sources import load
from ui import messages, numbers, state
from ui.links import page_link

MAX_EPOCHS = 50


@dataclass(frozen=True)
class CostChoice:
    estimate: stats.CostEstimate | None
    epochs: int | None  # None: OpenAI's default rule


def _epochs(t: Translator, n_examples: int) -> int | None:
    default = default_epochs(n_examples)
    mode = st.radio(
        t("datalab.epochs_mode"),
        ("default", "choose"),
        format_func=lambda m: t(f"datalab.epochs_{m}", n=default),
        horizontal=True,
        key="dl_epoch_mode",
    )
    if mode != "choose":
        return None
    st.session_state.setdefault("dl_epochs", default)
    numbers.whole_input(t("datalab.epochs"), 1, MAX_EPOCHS, key="dl_epochs")
    return numbers.whole_value("dl_epochs", 1, MAX_EPOCHS, t("datalab.epochs"))  # refused: message shown


def _explain(t: Translator, estimate: stats.CostEstimate, price: prices.TrainingPrice, n_errors: int) -> None:
    lang = state.current_lang()
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("datalab.m_examples"), fmt.number(estimate.n_examples, lang))
    c2.metric(t("datalab.m_epochs"), fmt.number(estimate.epochs, lang))
    c3.metric(t("datalab.m_billed"), fmt.number(estimate.billed_tokens, lang))
    c4.metric(t("datalab.m_cost"), fmt.amount(estimate.cost, lang))
    formula = {
        "per_epoch": estimate.tokens_per_epoch,
        "epochs": estimate.epochs,
        "billed": estimate.billed_tokens,
        "price": fmt.Money(estimate.per_mtok),
        "cost": fmt.Money(estimate.cost),
    }
    st.markdown(messages.text("datalab.cost_formula", formula))
    rule = {"n": estimate.n_examples, "default": estimate.default_epochs}
    # price.source is the link target of our own price table (an https:// address), not learner text
    source = {
        "model": mdtext.literal(price.model),
        "source": price.source,
        "as_of": mdtext.literal(price.as_of or t("prices.not_verified")),
    }
    st.caption(messages.text("datalab.epochs_rule", rule) + "  \n" + t("datalab.price_source", **source))
    if n_errors:
        st.caption(messages.text("datalab.cost_valid_only", {"n": estimate.n_examples}))


def cost(t: Translator, loaded: view.Loaded, model: str) -> CostChoice:
    """What training on the valid examples would cost; the learner may choose the number of epochs."""
    report = loaded.report
    st.header(t("datalab.cost_heading"))
    try:
        price = prices.training_price(model)
    except UserInputError as exc:
        messages.show_error(exc)
        return CostChoice(None, None)
    if not report.examples:
        st.info(t("datalab.cost_none"))
        return CostChoice(None, None)
    try:
        epochs = _epochs(t, len(report.examples))
    except UserInputError:  # the epochs field says what is wrong with it
        return CostChoice(None, None)
    try:
        estimate = stats.estimate_cost([e.tokens for e in report.examples], price.per_mtok, epochs)
    except UserInputError as exc:
        messages.show_error(exc)
        return CostChoice(None, epochs)
    _explain(t, estimate, price, report.n_errors)
    query = stats.simulator_handoff(estimate, model).query()
    page_link("simulator", t("datalab.open_simulator"), query, icon=":material/calculate:")
    return CostChoice(estimate, epochs)


def _apply(t: Translator, loaded: view.Loaded, model: str) -> None:
    applicable = fixes.applicable_fixes(loaded.report)
    if not applicable:
        st.success(t("datalab.fix_none"))
        return
    st.caption(t("datalab.fix_intro"))
    chosen: list[fixes.FixName] = [
        fix for fix in applicable if st.checkbox(t(f"datalab.fix_{fix}"), value=True, key=f"dl_fix_{fix}")
    ]
    if st.button(t("datalab.fix_apply"), key="dl_fix_apply", disabled=not chosen):
        counter = checks.ModelCounter(model)
        with st.spinner(t("datalab.fix_running")):
            fixed = fixes.apply_fixes(parsing.parse_jsonl(loaded.data), chosen, counter)
            fixed_report = checks.analyze(fixed.dataset, counter)
        st.session_state[session.FIXED] = {
            "sig": loaded.sig,
            "data": fixed.dataset.to_jsonl(),
            "changes": fixed.changes,
            "report": fixed_report,
        }


def _fixed(t: Translator, loaded: view.Loaded, model: str) -> None:
    fixed_entry = st.session_state.get(session.FIXED)
    if not (isinstance(fixed_entry, dict) and fixed_entry.get("sig") == loaded.sig):
        return
    fixed_bytes: bytes = fixed_entry["data"]
    changes: tuple[fixes.Change, ...] = fixed_entry["changes"]
    lang = state.current_lang()
    st.subheader(t("datalab.fix_result"))
    st.dataframe(
        view.compare_rows(t, loaded.report, fixed_entry["report"]), hide_index=True, key="dl_fix_compare"
    )
    st.dataframe(view.change_rows(t, lang, changes), hide_index=True, width="stretch", key="dl_fix_changes")
    if len(changes) > view.MAX_FINDING_ROWS:
        st.caption(
            messages.text("datalab.findings_cut", {"shown": view.MAX_FINDING_ROWS, "total": len(changes)})
        )
    name = view.fixed_name(loaded.name)
    d1, d2 = st.columns(2)
    d1.download_button(
        t("datalab.fix_download"),
        data=fixed_bytes,
        file_name=name,
        mime="application/jsonl",
        key="dl_fix_download",
    )
    if fixed_entry["report"].n_lines and d2.button(t("datalab.fix_use"), key="dl_fix_use"):
        load(name, fixed_bytes, model)
        st.rerun()
    st.caption(t("datalab.fix_original_kept"))


def fix(t: Translator, loaded: view.Loaded, model: str) -> None:
    """The fixes that would change something, applied on request to a copy; the original stays loaded."""
    st.header(t("datalab.fix_heading"))
    _apply(t, loaded, model)
    _fixed(t, loaded, model)
