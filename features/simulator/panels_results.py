"""The simulator's result panels: costs, sensitivity, latency and PEFT/LoRA memory (texts and figures
come from the pure ``view`` and ``charts``; this module puts them on the page)."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from datetime import date

import streamlit as st

from core import fmt, lifecycle, mdtext, peft
from core.costs import OPTIONS
from core.errors import UserInputError
from core.handoff import Verdict
from core.i18n import Lang
from features.simulator import advice, catalogue, charts, routes, simulation, view
from features.simulator import scenario as scn
from features.simulator import widgets as w
from features.simulator.view import View
from features.simulator.widgets_inputs import Inputs
from ui import charts as uicharts
from ui import messages
from ui.memo import Memo

# No Plotly toolbar: on a phone it covered the legend above the plot (Streamlit's full-screen button stays).
CHART_CONFIG = {"displayModeBar": False}

# Figures are built once per set of inputs and reused (ui.charts.cached: process-wide; a figure holds only the
# scenario's numbers and our labels, and st.plotly_chart only reads it): building a Plotly figure was the
# biggest single cost of a simulator rerun (bench/page_reruns.py), and Streamlit's own cache then cost a
# tenth of a rerun for hashing the charts' inputs.


@functools.lru_cache(maxsize=256)  # pure in the scenario and the day (prices, model status); refusals raise
def _result_of(s: scn.Scenario, day: date) -> simulation.Result:  # and are not kept
    prices = simulation.apply_overrides(s, catalogue.scenario_prices(s))
    return simulation.simulate(s, prices)


def simulate(s: scn.Scenario) -> simulation.Result | None:
    """The scenario's result, computed once per scenario and day (a rerun with the same inputs, a tab or a
    group opened, reads it again)."""
    try:
        return _result_of(s, lifecycle.today())
    except (UserInputError, ValueError) as exc:
        messages.show_error(exc)
        return None


FORMULAS = (
    r"P_{\mathrm{LoRA}} = L \cdot \sum_{W} r\,(d_{\mathrm{in}} + d_{\mathrm{out}})",
    r"M_{\mathrm{full}} = 2P + 2P + 8P + A \qquad M_{\mathrm{LoRA}} = 2P + 12P_{\mathrm{LoRA}} + A",
    r"M_{\mathrm{QLoRA}} = \tfrac{4.127}{8}P_{\mathrm{lin}} + 2P_{\mathrm{other}} + 12P_{\mathrm{LoRA}} + A",
    r"A \approx 34\,L\,sbh \;(\text{checkpointing: } 2L\,sbh + 34\,sbh) + 4\,sbV",
)


def headline(v: View, r: simulation.Result) -> None:
    """The one-sentence result; the page draws it above inputs and panels (first on a phone, too)."""
    h = view.headline(v, r)
    getattr(st, h.level)(view.ranking(v, r) + "\n\n" + h.text, icon=h.icon)
    verdict = st.session_state.get(advice.VERDICT_KEY)
    if isinstance(verdict, Verdict):
        level, text = advice.note(v.t, v.names, verdict, r, v.s.horizon_months)
        getattr(st, level)(text, icon=":material/compare_arrows:")


@dataclass(frozen=True)
class _CostTexts:
    table: str
    notes: str
    reading: str
    totals: str


# the costs panel's texts per language, scenario and day (its result follows from them): the same on every
# rerun until an input changes, and formatting its few dozen amounts was a tenth of a simulator rerun
_COST_TEXTS: Memo[tuple[Lang, scn.Scenario, date], _CostTexts] = Memo()


def _cost_texts(v: View, r: simulation.Result) -> _CostTexts:
    t, s, names = v.t, v.s, v.names
    h = s.horizon_months
    sh = self_hosted_run(s, r)
    training = t(
        "simulator.training_note",
        epochs=r.epochs,
        billed=fmt.compact(r.billed_tokens, v.lang),
        cost=v.money(r.training_cost, 2),
    )
    selfhost = t(
        "simulator.selfhost_note",
        model=peft.shape(s.peft_model).name,
        method=s.selfhost_method.upper().replace("QLORA", "QLoRA").replace("LORA", "LoRA"),
        hours=fmt.compact(sh.hours, v.lang, 1),
        price=v.money(s.gpu_price, 2),
    )
    facts = "\n".join(f"- {view.fact_text(v, f)}" for f in simulation.reading(s, r))
    totals = ", ".join(f"{names[o]} {v.money(r.cumulative(o, h), 2)}" for o in OPTIONS)
    return _CostTexts(
        # escaped tooltips (view.cost_table)
        table=view.cost_table(v, r, (t("simulator.opt_selfhost"), sh.plan)),
        notes="<br>".join(mdtext.html_text(n) for n in (training, selfhost)),  # escaped, for the table
        # the reading and the chart's heading in one Markdown element: fewer elements, a cheaper rerun
        reading=f"### {t('simulator.reading')}\n{facts}\n\n### {t('simulator.chart_cumulative')}",
        totals=t("simulator.summary_cumulative", horizon=h, totals=totals),
    )


def costs_panel(v: View, r: simulation.Result) -> None:
    t, s, names = v.t, v.s, v.names
    texts = _COST_TEXTS.get((v.lang, s, lifecycle.today()), lambda: _cost_texts(v, r))
    # the table (escaped tooltips, view.cost_table), its notes in small type (escaped), the reading and the
    # chart's heading: one element, not four
    st.markdown(
        f"{texts.table}\n\n<p><small>{texts.notes}</small></p>\n\n{texts.reading}", unsafe_allow_html=True
    )
    curves, marker = view.cumulative_curves(s, r)
    fig = uicharts.cached(
        charts.cumulative,
        curves,
        names,
        marker,
        t("simulator.break_even"),
        v.lang,
        t("simulator.axis_months"),
        t("simulator.axis_money", currency=s.currency),
    )
    st.plotly_chart(
        fig,
        key="sim_chart_cumulative",
        config=CHART_CONFIG,
        width="stretch",
        alt=t("simulator.chart_cumulative"),
    )
    st.caption(texts.totals)


def sensitivity_panel(v: View, r: simulation.Result) -> None:
    t, s = v.t, v.s
    st.caption(t("simulator.sens_intro"))
    labels = {
        "curve": t("simulator.sens_curve"),
        "horizon": t("simulator.sens_horizon"),
        "current": t("simulator.sens_current"),
        "x": t("simulator.axis_rpd"),
        "y": t("simulator.axis_be_months"),
    }
    fig = uicharts.cached(
        charts.sensitivity,
        [x for x, _ in r.sensitivity],
        [b.months for _, b in r.sensitivity],
        (max(s.requests_per_day, 1.0), r.break_even.months),
        s.horizon_months,
        labels,
        v.lang,
    )
    st.plotly_chart(
        fig,
        key="sim_chart_sensitivity",
        config=CHART_CONFIG,
        width="stretch",
        alt=t("simulator.chart_sensitivity"),
    )
    if r.min_rpd is None:
        st.caption(t("simulator.summary_sens_never"))
    else:
        st.caption(
            t(
                "simulator.summary_sens",
                rpd=fmt.compact(math.ceil(r.min_rpd), v.lang),
                horizon=s.horizon_months,
            )
        )


def latency_panel(v: View, r: simulation.Result) -> None:
    t, names, lat = v.t, v.names, r.latency
    parts = [
        (t("simulator.lat_fixed"), [lat[o].fixed for o in OPTIONS]),
        (t("simulator.lat_prefill"), [lat[o].prefill for o in OPTIONS]),
        (t("simulator.lat_generation"), [lat[o].generation for o in OPTIONS]),
    ]
    fig = uicharts.cached(
        charts.stacked_bars, [names[o] for o in OPTIONS], parts, v.lang, t("simulator.axis_seconds")
    )
    st.plotly_chart(
        fig, key="sim_chart_latency", config=CHART_CONFIG, width="stretch", alt=t("simulator.chart_latency")
    )
    items = "; ".join(
        t(
            "simulator.summary_latency_item",
            option=names[o],
            ttft=fmt.number(lat[o].ttft, v.lang, 2),
            total=fmt.number(lat[o].total, v.lang, 2),
        )
        for o in OPTIONS
    )
    st.caption(t("simulator.summary_latency") + " " + items)


def self_hosted_run(s: scn.Scenario, r: simulation.Result) -> routes.SelfHosted:
    """The self-hosted LoRA/QLoRA route for the scenario: the PEFT panel's model, the training tokens."""
    method: routes.SelfHostMethod = "lora" if s.selfhost_method == "lora" else "qlora"
    return routes.self_hosted(
        s.peft_model, method, r.billed_tokens, s.gpu_tflops, s.gpu_price, s.requests_per_day, s.retrain_months
    )


def peft_panel(v: View, r: simulation.Result | None, f: Inputs, targets: list[peft.Target]) -> None:
    t, s, lang = v.t, v.s, v.lang
    model = peft.shape(s.peft_model)
    if not targets:
        st.warning(t("simulator.lora_no_targets"))
    trainable = peft.lora_params(model, s.lora_rank, targets) if targets else 0
    st.markdown(
        t(
            "simulator.peft_shape",
            name=model.name,
            layers=model.layers,
            hidden=fmt.compact(model.hidden, lang),
            inter=fmt.compact(model.intermediate, lang),
            heads=model.heads,
            kv=model.kv_heads,
            total=fmt.compact(model.total_params / 1e9, lang, 2),
        )
    )
    m1, m2 = st.columns(2)
    m1.metric(t("simulator.lora_trainable"), fmt.compact(trainable, lang))
    m2.metric(t("simulator.lora_share"), fmt.percent(peft.trainable_share(model, trainable), lang, 3))
    mems = {
        m: peft.memory(model, m, trainable, s.seq_len, s.micro_batch, s.checkpointing) for m in peft.METHODS
    }
    kinds = (
        ("mem_weights", "weights"),
        ("mem_gradients", "gradients"),
        ("mem_optimizer", "optimizer"),
        ("mem_activations", "activations"),
    )
    parts = [
        (t(f"simulator.{label}"), [getattr(mems[m], attr) / peft.GB for m in peft.METHODS])
        for label, attr in kinds
    ]
    fig = uicharts.cached(
        charts.stacked_bars,
        [t(f"simulator.method_{m}") for m in peft.METHODS],
        parts,
        lang,
        t("simulator.axis_gb"),
        height=260,
    )
    st.plotly_chart(
        fig, key="sim_chart_memory", config=CHART_CONFIG, width="stretch", alt=t("simulator.chart_memory")
    )
    items = "; ".join(
        t(
            "simulator.summary_memory_item",
            method=t(f"simulator.method_{m}"),
            gb=fmt.compact(mems[m].total / peft.GB, lang, 1),
            gpus=peft.gpus_needed(mems[m].total, s.gpu_gb),
            gpu_gb=fmt.compact(s.gpu_gb, lang),
        )
        for m in peft.METHODS
    )
    st.caption(t("simulator.summary_memory") + " " + items)
    with st.expander(t("simulator.formulas")):
        st.markdown(t("simulator.formulas_text"))
        for formula in FORMULAS:
            st.latex(formula)
    st.markdown(f"**{t('simulator.selfhost')}**")
    c3, c4, c5 = st.columns(3)
    with c3:
        f.number("gpu_price", t("simulator.gpu_price"), 0.1, None, "%.2f")
    with c4:
        f.number("gpu_tflops", t("simulator.gpu_tflops"), 5.0, t("simulator.gpu_tflops_help"), "%.0f")
    with c5:
        f.radio("sh_method", t("simulator.sh_method"), list(routes.SELF_HOST_METHODS))
    s = f.scenario
    w.remember(s)
    if r is not None:
        sh = self_hosted_run(s, r)
        st.markdown(
            t(
                "simulator.selfhost_result",
                cost=v.money(sh.training_cost, 2),
                hours=fmt.compact(sh.hours, lang, 1),
                price=v.money(s.gpu_price, 2),
                tokens=fmt.compact(sh.tokens, lang),
                model=model.name,
                tflops=fmt.compact(s.gpu_tflops, lang),
            )
        )
    if r is not None:
        st.caption(
            t(
                "simulator.selfhost_compare",
                cost=v.money(r.training_cost, 2),
                model=mdtext.literal(mdtext.shorten(s.ft_model, 40)),
            )
        )
