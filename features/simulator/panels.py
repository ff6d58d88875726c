"""The simulator's input groups and result panels (costs, sensitivity, latency, PEFT/LoRA, share/export)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from core import costs, fmt, peft, prices
from core.costs import OPTIONS, Option
from core.i18n import Lang
from features.simulator import catalogue as sim_prices
from features.simulator import charts as sim_charts
from features.simulator import scenario as scn
from features.simulator import simulation
from features.simulator import widgets as w

FORMULAS = (
    r"P_{\mathrm{LoRA}} = L \cdot \sum_{W} r\,(d_{\mathrm{in}} + d_{\mathrm{out}})",
    r"M_{\mathrm{full}} = 2P + 2P + 8P + A \qquad M_{\mathrm{LoRA}} = 2P + 12P_{\mathrm{LoRA}} + A",
    r"M_{\mathrm{QLoRA}} = \tfrac{4.127}{8}P_{\mathrm{lin}} + 2P_{\mathrm{other}} + 12P_{\mathrm{LoRA}} + A",
    r"A \approx 34\,L\,sbh \;(\text{checkpointing: } 2L\,sbh + 34\,sbh) + 4\,sbV",
)


@dataclass(frozen=True)
class View:
    """What every panel needs: the translator, the language, the scenario."""

    t: Callable[..., str]
    lang: Lang
    s: scn.Scenario

    @property
    def names(self) -> dict[Option, str]:
        return {o: self.t(f"simulator.option_{o}") for o in OPTIONS}

    def money(self, usd: float, digits: int | None = None) -> str:
        value = costs.convert(usd, "EUR" if self.s.currency == "EUR" else "USD", self.s.eur_per_usd)
        shown = prices.money_digits(abs(value), significant=3) if digits is None else digits
        return fmt.money(value, self.lang, self.s.currency, shown)


# ------------------------------------------------------------------------------------------ inputs


def volume_inputs(t: Callable[..., str], f: w.Inputs) -> None:
    f.count("rpd", t("simulator.rpd"), t("simulator.rpd_help"))
    f.count("instr", t("simulator.instr"), t("simulator.instr_help"))
    f.count("shots", t("simulator.shots"))
    f.count("shot_tok", t("simulator.shot_tok"))
    f.count("rag", t("simulator.rag"), t("simulator.rag_help"))
    f.count("inp", t("simulator.inp"))
    f.count("out", t("simulator.out"), t("simulator.out_help"))


def training_inputs(t: Callable[..., str], f: w.Inputs, models: scn.Models) -> None:
    f.model("base", t("simulator.base"), list(models.base))
    f.model("ft", t("simulator.ft"), list(models.fine_tunable), t("simulator.ft_help"))
    f.count("ft_prompt", t("simulator.ft_prompt"), t("simulator.ft_prompt_help"))
    f.count("hyb", t("simulator.hyb"), t("simulator.hyb_help"))
    f.count("train_n", t("simulator.train_n"))
    f.count("train_tok", t("simulator.train_tok"))
    f.epochs(t("simulator.epochs_auto"), t("simulator.epochs"), t("simulator.epochs_help"))
    f.count("retrain", t("simulator.retrain"), t("simulator.retrain_help"))
    f.count("horizon", t("simulator.horizon"))


def price_inputs(t: Callable[..., str], f: w.Inputs) -> None:
    s = f.scenario
    base = sim_prices.inference(s.base_model, False)
    ft = sim_prices.inference(s.ft_model, True)
    train = sim_prices.training(s.ft_model)
    st.caption(
        t(
            "simulator.prices_source",
            source=w.safe(base.source, 80),
            as_of=w.safe(base.as_of),
            train_source=w.safe(train.source, 80),
            train_as_of=w.safe(train.as_of),
        )
    )
    groups = (
        (t("simulator.prices_base", model=w.safe(s.base_model)), base, ("p_in", "p_out", "p_cin")),
        (t("simulator.prices_ft", model=w.safe(s.ft_model)), ft, ("f_in", "f_out", "f_cin")),
    )
    labels = ("price_in", "price_out", "price_cached")
    for title, quote, params in groups:
        st.markdown(f"**{title}**")
        for param, label in zip(params, labels, strict=True):
            if label == "price_cached" and quote.price.cached_input is None:
                st.caption(t("simulator.no_cached_price"))
                continue
            f.price(param, t(f"simulator.{label}"), 0.01, "%.4f")
    f.price("t_price", t("simulator.price_training"), 0.5, "%.2f")
    st.caption(t("simulator.prices_usd"))


def discount_inputs(t: Callable[..., str], f: w.Inputs) -> None:
    caching = f.flag("cache", t("simulator.cache"), t("simulator.cache_help"))
    f.number("cache_hit", t("simulator.cache_hit"), 5.0, fmt_str="%.0f", disabled=not caching)
    f.number(
        "cache_disc", t("simulator.cache_disc"), 5.0, t("simulator.cache_disc_help"), "%.0f", not caching
    )
    batch = f.flag("batch", t("simulator.batch"), t("simulator.batch_help"))
    f.number("batch_disc", t("simulator.batch_disc"), 5.0, fmt_str="%.0f", disabled=not batch)
    f.number("host", t("simulator.host"), 0.5, t("simulator.host_help"), "%.2f")


def currency_inputs(t: Callable[..., str], f: w.Inputs) -> None:
    f.radio("cur", t("simulator.currency"), list(costs.CURRENCIES))
    f.number("rate", t("simulator.rate"), 0.01, t("simulator.rate_help"), "%.4f")


def share_panel(v: View, r: simulation.Result | None) -> None:
    t = v.t
    st.caption(t("simulator.share_help"))
    if r is not None:
        exported = simulation.export_results(v.s, r)
        st.download_button(
            t("simulator.export_json"),
            data=scn.export_json(v.s, exported),
            file_name="simulator-scenario.json",
            mime="application/json",
            key="sim_dl_json",
        )
        st.download_button(
            t("simulator.export_csv"),
            data=scn.export_csv(v.s, exported),
            file_name="simulator-scenario.csv",
            mime="text/csv",
            key="sim_dl_csv",
        )
    st.file_uploader(t("simulator.import"), type=["json", "csv"], key="sim_upload", on_change=w.on_upload)


def import_messages(t: Callable[..., str]) -> None:
    error = st.session_state.get("sim_import_error")
    if error:
        error_key, params = error
        st.error(t(error_key, **{k: w.code(v, 80) if isinstance(v, str) else v for k, v in params.items()}))
    if st.session_state.pop("sim_import_ok", False):
        st.success(t("simulator.import_ok"))


# ------------------------------------------------------------------------------------------ results


def fact_text(v: View, fact: simulation.Fact) -> str:
    params: dict[str, str] = {k: v.money(x) for k, x in fact.money.items()}
    for k, x in fact.numbers.items():
        if k == "share":
            params[k] = fmt.percent(x, v.lang)
        elif fact.key == "read_latency":
            params[k] = fmt.number(x, v.lang, 2)
        elif k == "months" and fact.key.startswith("read_break_even"):
            params[k] = fmt.number(x, v.lang, 1)
        else:
            params[k] = fmt.compact(x, v.lang, 0 if k in ("requests", "rpd", "days") else 1)
    names = v.names
    for k, o in fact.options.items():
        params[k] = names[o]
    return v.t(f"simulator.{fact.key}", **params)


def headline(v: View, r: simulation.Result) -> None:
    t, be = v.t, r.break_even
    if be.months is not None and be.within_horizon and be.months < 1:
        text = t(
            "simulator.be_headline_days",
            days=fmt.compact(max(1, math.ceil(be.months * costs.DAYS_PER_MONTH)), v.lang),
            requests=fmt.compact(be.requests or 0, v.lang, 0),
        )
        st.success(text, icon=":material/flag:")
    elif be.months is not None and be.within_horizon:
        text = t(
            "simulator.be_headline",
            months=fmt.number(be.months, v.lang, 1),
            requests=fmt.compact(be.requests or 0, v.lang, 0),
        )
        st.success(text, icon=":material/flag:")
    elif be.months is not None:
        text = t(
            "simulator.be_headline_late", months=fmt.number(be.months, v.lang, 1), horizon=v.s.horizon_months
        )
        st.info(text, icon=":material/schedule:")
    else:
        st.warning(
            t("simulator.be_never", reason=t(f"simulator.reason_{be.reason}")), icon=":material/block:"
        )


def costs_panel(v: View, r: simulation.Result) -> None:
    t, s, names = v.t, v.s, v.names
    headline(v, r)
    h = s.horizon_months

    def row(label: str, cells: list[str]) -> str:
        return f"| {label} | " + " | ".join(cells) + " |"

    rows = [
        row("", [names[o] for o in OPTIONS]),
        "|---|" + "---:|" * len(OPTIONS),
        row(t("simulator.row_tokens"), [fmt.compact(r.parts[o].input, v.lang) for o in OPTIONS]),
        row(t("simulator.row_request"), [v.money(r.plans[o].per_request.total) for o in OPTIONS]),
        row(t("simulator.row_month"), [v.money(r.plans[o].running_per_month, 2) for o in OPTIONS]),
        row(
            t("simulator.row_training"),
            [v.money(r.plans[o].training * r.plans[o].training_runs(h), 2) for o in OPTIONS],
        ),
        row(t("simulator.row_total", horizon=h), [f"**{v.money(r.cumulative(o, h), 2)}**" for o in OPTIONS]),
    ]
    st.markdown("\n".join(rows))
    st.caption(
        t(
            "simulator.training_note",
            epochs=r.epochs,
            billed=fmt.compact(r.billed_tokens, v.lang),
            cost=v.money(r.training_cost, 2),
        )
    )

    # the reading and the chart's heading in one Markdown element: fewer elements, a cheaper rerun
    facts = "\n".join(f"- {fact_text(v, f)}" for f in simulation.reading(s, r))
    st.markdown(f"### {t('simulator.reading')}\n{facts}\n\n### {t('simulator.chart_cumulative')}")
    rate = s.eur_per_usd if s.currency == "EUR" else 1.0
    curves = {}
    for o in OPTIONS:
        xs, ys = costs.curve(r.plans[o], h)
        curves[o] = (xs, [y * rate for y in ys])
    be = r.break_even
    marker = None
    if be.months is not None and be.months <= h:
        marker = (be.months, r.cumulative("finetune", be.months) * rate)
    fig = sim_charts.cumulative(
        curves,
        names,
        marker,
        t("simulator.break_even"),
        v.lang,
        t("simulator.axis_months"),
        t("simulator.axis_money", currency=s.currency),
    )
    st.plotly_chart(fig, key="sim_chart_cumulative", alt=t("simulator.chart_cumulative"))
    totals = ", ".join(f"{names[o]} {v.money(r.cumulative(o, h), 2)}" for o in OPTIONS)
    st.caption(t("simulator.summary_cumulative", horizon=h, totals=totals))


def sensitivity_panel(v: View, r: simulation.Result) -> None:
    t, s = v.t, v.s
    headline(v, r)
    st.caption(t("simulator.sens_intro"))
    labels = {
        "curve": t("simulator.sens_curve"),
        "horizon": t("simulator.sens_horizon"),
        "current": t("simulator.sens_current"),
        "x": t("simulator.axis_rpd"),
        "y": t("simulator.axis_be_months"),
    }
    fig = sim_charts.sensitivity(
        [x for x, _ in r.sensitivity],
        [b.months for _, b in r.sensitivity],
        (max(s.requests_per_day, 1.0), r.break_even.months),
        s.horizon_months,
        labels,
        v.lang,
    )
    st.plotly_chart(fig, key="sim_chart_sensitivity", alt=t("simulator.chart_sensitivity"))
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


def latency_inputs(t: Callable[..., str], f: w.Inputs) -> None:
    st.caption(t("simulator.latency_intro"))
    c1, c2 = st.columns(2)
    with c1:
        f.number("prefill", t("simulator.prefill"), 100.0, t("simulator.prefill_help"), "%.0f")
        f.number("ovh", t("simulator.ovh"), 0.05, None, "%.2f")
    with c2:
        f.number("gen", t("simulator.gen"), 5.0, t("simulator.gen_help"), "%.0f")
        f.number("ret_s", t("simulator.ret_s"), 0.05, t("simulator.ret_s_help"), "%.2f")
    st.caption(t("simulator.latency_assumptions"))


def latency_panel(v: View, r: simulation.Result) -> None:
    t, names, lat = v.t, v.names, r.latency
    parts = [
        (t("simulator.lat_fixed"), [lat[o].fixed for o in OPTIONS]),
        (t("simulator.lat_prefill"), [lat[o].prefill for o in OPTIONS]),
        (t("simulator.lat_generation"), [lat[o].generation for o in OPTIONS]),
    ]
    fig = sim_charts.stacked_bars([names[o] for o in OPTIONS], parts, v.lang, t("simulator.axis_seconds"))
    st.plotly_chart(fig, key="sim_chart_latency", alt=t("simulator.chart_latency"))
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


def peft_inputs(t: Callable[..., str], f: w.Inputs) -> list[str]:
    """The LoRA inputs; returns the chosen target matrices (may be empty)."""
    st.caption(t("simulator.peft_intro"))
    shapes = {x.id: x.name for x in peft.SHAPES}
    c1, c2 = st.columns(2)
    with c1:
        f.choice(
            "peft_model", t("simulator.peft_model"), list(peft.SHAPE_IDS), format_func=shapes.__getitem__
        )
        f.count("lora_r", t("simulator.lora_r"), t("simulator.lora_r_help"))
        targets = f.targets(t("simulator.lora_t"), t("simulator.lora_t_help"))
    with c2:
        f.whole("seq", t("simulator.seq"), 256)
        f.whole("mbs", t("simulator.mbs"), 1)
        f.flag("ckpt", t("simulator.ckpt"), t("simulator.ckpt_help"), toggle=False)
        f.number("gpu_gb", t("simulator.gpu_gb"), 8.0, None, "%.0f")
    return targets


def peft_panel(v: View, r: simulation.Result | None, f: w.Inputs, targets: list[str]) -> None:
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
    fig = sim_charts.stacked_bars(
        [t(f"simulator.method_{m}") for m in peft.METHODS], parts, lang, t("simulator.axis_gb"), height=260
    )
    st.plotly_chart(fig, key="sim_chart_memory", alt=t("simulator.chart_memory"))
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
    c3, c4 = st.columns(2)
    with c3:
        f.number("gpu_price", t("simulator.gpu_price"), 0.1, None, "%.2f")
    with c4:
        f.number("gpu_hours", t("simulator.gpu_hours"), 1.0, t("simulator.gpu_hours_help"), "%.1f")
    s = f.scenario
    w.remember(s)
    cost = peft.self_hosted_cost(s.gpu_hours, s.gpu_price)
    st.markdown(
        t(
            "simulator.selfhost_result",
            cost=v.money(cost, 2),
            hours=fmt.compact(s.gpu_hours, lang, 1),
            price=v.money(s.gpu_price, 2),
        )
    )
    if r is not None:
        st.caption(
            t("simulator.selfhost_compare", cost=v.money(r.training_cost, 2), model=w.safe(s.ft_model))
        )
