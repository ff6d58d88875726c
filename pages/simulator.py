"""Cost and latency simulator: when does fine-tuning pay off? (and the PEFT/LoRA panel)

The whole scenario lives in the URL. Every run: read the URL if it changed since we last wrote it, draw the
inputs (slider + number pairs), compute with core.simulation, draw the results, write the URL back.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import streamlit as st

from core import costs, fmt, peft, presets, simulation
from core import scenario as scn
from core.costs import OPTIONS, Option
from core.errors import UserInputError
from core.i18n import Lang
from ui import sim_charts, sim_prices, state

t = state.tr()
lang: Lang = state.current_lang()

PANELS = ("costs", "latency", "peft")
_STEPS = (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9)  # per decade, so round numbers sit on the grid


def _grid(low: int, high: int) -> list[int]:
    """0 (if ``low`` is 0), then round values from 1 to ``high``, always ending at ``high``."""
    values = {round(m * 10**e) for e in range(7) for m in _STEPS if 1 <= m * 10**e <= high}
    return sorted(({0} if low == 0 else set()) | {v for v in values if v >= max(low, 1)} | {high})


RPD_GRID = _grid(0, 1_000_000)
TOKEN_GRID = _grid(0, 100_000)
TRAIN_N_GRID = _grid(1, 1_000_000)
TRAIN_TOK_GRID = _grid(1, 16_385)
# slider + number pairs: param -> grid for a select_slider (None: a plain slider over the whole range)
PAIRS: dict[str, list[int] | None] = {
    "rpd": RPD_GRID,
    "instr": TOKEN_GRID,
    "shots": None,
    "shot_tok": _grid(0, 10_000),
    "rag": TOKEN_GRID,
    "inp": TOKEN_GRID,
    "out": TOKEN_GRID,
    "ft_prompt": TOKEN_GRID,
    "hyb": TOKEN_GRID,
    "train_n": TRAIN_N_GRID,
    "train_tok": TRAIN_TOK_GRID,
    "retrain": None,
    "horizon": None,
}
PRICE_PARAMS = {
    "p_in": ("base", "input"),
    "p_out": ("base", "output"),
    "p_cin": ("base", "cached_input"),
    "f_in": ("ft", "input"),
    "f_out": ("ft", "output"),
    "f_cin": ("ft", "cached_input"),
    "t_price": ("ft", "training"),
}


# ------------------------------------------------------------------------------------------ loaders


@st.cache_data(show_spinner=False)
def _presets(lang: Lang) -> tuple[presets.Preset, ...]:
    return presets.load_presets(lang)


@st.cache_data(show_spinner=False)
def _preset_scenario(lang: Lang, preset_id: str, models: scn.Models) -> scn.Scenario:
    preset = presets.find(_presets(lang), preset_id)
    if preset is None:
        raise KeyError(preset_id)
    return presets.scenario_of(preset, models, presets.presets_path(lang))


@st.cache_data(show_spinner=False, max_entries=64)
def _simulate(s: scn.Scenario, prices: simulation.Prices) -> simulation.Result:
    return simulation.simulate(s, prices)


# ------------------------------------------------------------------------------------------ widget state


def _key(param: str) -> str:
    return f"sim_{param}"


def _price_key(param: str, s: scn.Scenario) -> str:
    side, _ = PRICE_PARAMS[param]
    return f"sim_{param}__{s.base_model if side == 'base' else s.ft_model}"


def _catalogue_value(param: str, s: scn.Scenario) -> float | None:
    side, kind = PRICE_PARAMS[param]
    if kind == "training":
        return sim_prices.training(s.ft_model)[0]
    quote = sim_prices.inference(s.base_model if side == "base" else s.ft_model, side == "ft")
    value: float | None = getattr(quote.price, kind)
    return value


def _snap(value: float, grid: Sequence[int]) -> int:
    return min(grid, key=lambda g: abs(g - value))


def _widget_values(s: scn.Scenario) -> dict[str, Any]:
    """Session-state values of every input widget for scenario ``s``."""
    out: dict[str, Any] = {}
    for spec in scn.SPECS:
        value = getattr(s, spec.attr)
        if spec.param in PRICE_PARAMS:
            if value is None:
                value = _catalogue_value(spec.param, s)
            if value is not None:
                out[_price_key(spec.param, s)] = value
        elif spec.kind == "epochs":
            out["sim_epochs_auto"] = value is None
            out[_key("epochs")] = value if value is not None else simulation.epochs(s)
        elif spec.kind == "targets":
            out[_key(spec.param)] = list(value)
        else:
            out[_key(spec.param)] = value
        if spec.param in PAIRS:
            grid = PAIRS[spec.param]
            out[_key(spec.param) + "_sl"] = _snap(value, grid) if grid else value
    return out


def _load(s: scn.Scenario, force: bool) -> None:
    """Put ``s`` into the widgets (``force``: overwrite; else only fill keys Streamlit dropped)."""
    for key, value in _widget_values(s).items():
        if force or key not in st.session_state:
            st.session_state[key] = value


def _read(current: scn.Scenario) -> scn.Scenario:
    """The scenario the widgets show (a widget not drawn this run keeps ``current``'s value)."""
    ss = st.session_state
    changes: dict[str, Any] = {}
    for spec in scn.SPECS:
        if spec.param in PRICE_PARAMS:
            continue
        key = _key(spec.param)
        if key not in ss:
            continue
        value = ss[key]
        if spec.kind == "epochs":
            value = None if ss.get("sim_epochs_auto", True) else int(value)
        elif spec.kind == "targets":
            value = tuple(x for x in peft.TARGETS if x in value)
            if not value:
                continue
        elif spec.kind == "int":
            value = int(value)
        elif spec.kind == "float":
            value = float(value)
        changes[spec.attr] = value
    s = replace(current, **changes)
    prices: dict[str, Any] = {}
    for param in PRICE_PARAMS:
        key = _price_key(param, s)
        attr = scn.SPEC_BY_PARAM[param].attr
        if key not in ss:
            prices[attr] = getattr(current, attr) if _price_key(param, current) == key else None
            continue
        catalogue = _catalogue_value(param, s)
        value = float(ss[key])
        prices[attr] = None if catalogue is not None and math.isclose(value, catalogue) else value
    return replace(s, **prices)


def _on_slider(param: str) -> None:
    st.session_state[_key(param)] = st.session_state[_key(param) + "_sl"]


def _on_number(param: str) -> None:
    grid = PAIRS[param]
    value = st.session_state[_key(param)]
    st.session_state[_key(param) + "_sl"] = _snap(value, grid) if grid else value


def _on_preset() -> None:
    choice = st.session_state["sim_preset"]
    models = sim_prices.models()
    base = scn.DEFAULTS if choice == "" else _preset_scenario(lang, choice, models)
    current: scn.Scenario = st.session_state.get("sim_scenario", scn.DEFAULTS)
    # the PEFT panel and the display settings are not part of a preset
    keep = {a: getattr(current, a) for a in _NOT_IN_PRESETS}
    _load(replace(scn.fit_models(base, models), **keep), force=True)
    st.session_state["sim_preset_base"] = choice


_NOT_IN_PRESETS = (
    "currency",
    "eur_per_usd",
    "peft_model",
    "lora_rank",
    "lora_targets",
    "seq_len",
    "micro_batch",
    "checkpointing",
    "gpu_gb",
    "gpu_price",
    "gpu_hours",
)


def _on_tab() -> None:
    labels = _panel_labels()
    st.session_state["sim_panel"] = next(
        (p for p, lab in labels.items() if lab == st.session_state["sim_tab"]), "costs"
    )


def _panel_labels() -> dict[str, str]:
    return {p: t(f"simulator.tab_{p}") for p in PANELS}


def _pair(param: str, label: str, help_text: str | None = None) -> None:
    spec = scn.SPEC_BY_PARAM[param]
    grid = PAIRS[param]
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    with left:
        if grid:
            st.select_slider(
                label,
                options=grid,
                key=_key(param) + "_sl",
                on_change=_on_slider,
                args=(param,),
                format_func=lambda v: fmt.compact(v, lang),
                help=help_text,
            )
        else:
            st.slider(
                label,
                int(spec.lo),
                int(spec.hi),
                step=1,
                key=_key(param) + "_sl",
                on_change=_on_slider,
                args=(param,),
                help=help_text,
            )
    with right:
        st.number_input(
            label,
            int(spec.lo),
            int(spec.hi),
            step=1,
            key=_key(param),
            on_change=_on_number,
            args=(param,),
            label_visibility="collapsed",
        )


def _number(
    param: str,
    label: str,
    step: float,
    help_text: str | None = None,
    fmt_str: str | None = None,
    disabled: bool = False,
) -> None:
    spec = scn.SPEC_BY_PARAM[param]
    st.number_input(
        label,
        float(spec.lo),
        float(spec.hi),
        step=step,
        key=_key(param),
        help=help_text,
        format=fmt_str,
        disabled=disabled,
    )


def _money(usd: float, s: scn.Scenario, digits: int | None = None) -> str:
    value = costs.convert(usd, "EUR" if s.currency == "EUR" else "USD", s.eur_per_usd)
    return fmt.money(value, lang, s.currency, simulation.money_digits(value) if digits is None else digits)


def _option_names() -> dict[Option, str]:
    return {o: t(f"simulator.option_{o}") for o in OPTIONS}


def _md(text: str) -> str:
    """Learner text shown inside Markdown: no HTML, no Markdown tricks."""
    return html.escape(text).replace("`", "'").replace("[", "(").replace("]", ")")


# ------------------------------------------------------------------------------------------ URL sync

models = sim_prices.models()
preset_list = _presets(lang)
preset_ids = [p.id for p in preset_list]
query = {k: st.query_params[k] for k in st.query_params if k != "lang"}
messages: list[str] = []

current: scn.Scenario = st.session_state.get("sim_scenario", scn.fit_models(scn.DEFAULTS, models))
if query != st.session_state.get("sim_synced"):
    if not query and "sim_scenario" in st.session_state:
        pass  # back on the page without parameters: keep this session's scenario
    else:
        base_id = query.get("preset", "")
        if base_id and base_id not in preset_ids:
            messages.append(t("simulator.bad_preset", value=_md(base_id[:40]), presets=", ".join(preset_ids)))
            base_id = ""
        base = _preset_scenario(lang, base_id, models) if base_id else scn.fit_models(scn.DEFAULTS, models)
        current, problems = scn.from_query(query, models, base)
        for p in problems:
            messages.append(
                t(f"simulator.bad_{p.reason}", param=p.param, value=_md(p.value), default=p.default)
            )
        panel = query.get("panel", "costs")
        if panel not in PANELS:
            messages.append(t("simulator.bad_panel", value=_md(panel[:40]), panels=", ".join(PANELS)))
            panel = "costs"
        st.session_state["sim_panel"] = panel
        st.session_state["sim_preset_base"] = base_id
        _load(current, force=True)
_load(current, force=False)

# ------------------------------------------------------------------------------------------ page

st.title(t("simulator.title"))
st.caption(t("simulator.intro"))
if messages:
    st.warning(t("simulator.bad_intro") + "\n\n" + "\n".join(f"- {m}" for m in messages))

if st.session_state.get("sim_preset") != st.session_state.get("sim_preset_base", ""):
    st.session_state["sim_preset"] = st.session_state.get("sim_preset_base", "")
preset_names = {p.id: p.label for p in preset_list}
st.selectbox(
    t("simulator.preset"),
    options=["", *preset_ids],
    key="sim_preset",
    on_change=_on_preset,
    format_func=lambda i: preset_names.get(i, t("simulator.preset_none")),
)
chosen = presets.find(preset_list, st.session_state.get("sim_preset_base", ""))
if chosen is not None:
    st.caption(_md(chosen.description))

inputs_col, results_col = st.columns([2, 3], gap="large")
with inputs_col:
    with st.expander(t("simulator.group_volume"), expanded=True):
        _pair("rpd", t("simulator.rpd"), t("simulator.rpd_help"))
        _pair("instr", t("simulator.instr"), t("simulator.instr_help"))
        _pair("shots", t("simulator.shots"))
        _pair("shot_tok", t("simulator.shot_tok"))
        _pair("rag", t("simulator.rag"), t("simulator.rag_help"))
        _pair("inp", t("simulator.inp"))
        _pair("out", t("simulator.out"))
    with st.expander(t("simulator.group_finetune"), expanded=True):
        st.selectbox(t("simulator.base"), options=sorted(models.base), key=_key("base"))
        st.selectbox(
            t("simulator.ft"),
            options=sorted(models.fine_tunable),
            key=_key("ft"),
            help=t("simulator.ft_help"),
        )
        _pair("ft_prompt", t("simulator.ft_prompt"), t("simulator.ft_prompt_help"))
        _pair("hyb", t("simulator.hyb"), t("simulator.hyb_help"))
        _pair("train_n", t("simulator.train_n"))
        _pair("train_tok", t("simulator.train_tok"))
        auto = st.checkbox(t("simulator.epochs_auto"), key="sim_epochs_auto", help=t("simulator.epochs_help"))
        if auto:
            draft = _read(current)
            st.session_state[_key("epochs")] = simulation.epochs(draft)
        st.number_input(t("simulator.epochs"), 1, 25, step=1, key=_key("epochs"), disabled=auto)
        _pair("retrain", t("simulator.retrain"), t("simulator.retrain_help"))
        _pair("horizon", t("simulator.horizon"))

s = _read(current)
_load(s, force=False)  # price inputs of a newly chosen model start at the catalogue's prices

with inputs_col:
    with st.expander(t("simulator.group_prices")):
        base_quote = sim_prices.inference(s.base_model, False)
        ft_quote = sim_prices.inference(s.ft_model, True)
        train_quote = sim_prices.training(s.ft_model)
        st.caption(t("simulator.prices_source", source=_md(base_quote.source), as_of=_md(base_quote.as_of)))
        st.markdown(f"**{t('simulator.prices_base', model=_md(s.base_model))}**")
        for param, label in (("p_in", "price_in"), ("p_out", "price_out"), ("p_cin", "price_cached")):
            if param == "p_cin" and base_quote.price.cached_input is None:
                st.caption(t("simulator.no_cached_price"))
                continue
            st.number_input(
                t(f"simulator.{label}"), 0.0, 1000.0, step=0.01, format="%.4f", key=_price_key(param, s)
            )
        st.markdown(f"**{t('simulator.prices_ft', model=_md(s.ft_model))}**")
        for param, label in (("f_in", "price_in"), ("f_out", "price_out"), ("f_cin", "price_cached")):
            if param == "f_cin" and ft_quote.price.cached_input is None:
                st.caption(t("simulator.no_cached_price"))
                continue
            st.number_input(
                t(f"simulator.{label}"), 0.0, 1000.0, step=0.01, format="%.4f", key=_price_key(param, s)
            )
        st.number_input(
            t("simulator.price_training"), 0.0, 1000.0, step=0.5, format="%.2f", key=_price_key("t_price", s)
        )
        st.caption(t("simulator.prices_usd"))
    with st.expander(t("simulator.group_discounts")):
        st.toggle(t("simulator.cache"), key=_key("cache"), help=t("simulator.cache_help"))
        _number("cache_hit", t("simulator.cache_hit"), 5.0, fmt_str="%.0f", disabled=not s.caching)
        _number(
            "cache_disc",
            t("simulator.cache_disc"),
            5.0,
            t("simulator.cache_disc_help"),
            "%.0f",
            disabled=not s.caching,
        )
        st.toggle(t("simulator.batch"), key=_key("batch"), help=t("simulator.batch_help"))
        _number("batch_disc", t("simulator.batch_disc"), 5.0, fmt_str="%.0f", disabled=not s.batch)
        _number("host", t("simulator.host"), 0.5, t("simulator.host_help"), "%.2f")
    with st.expander(t("simulator.group_currency")):
        st.radio(t("simulator.currency"), options=list(costs.CURRENCIES), key=_key("cur"), horizontal=True)
        _number("rate", t("simulator.rate"), 0.01, t("simulator.rate_help"), "%.4f")

s = _read(current)
st.session_state["sim_scenario"] = s

# ------------------------------------------------------------------------------------------ results

result: simulation.Result | None = None
try:
    prices = simulation.apply_overrides(s, sim_prices.catalogue_prices(s.base_model, s.ft_model))
    result = _simulate(s, prices)
except (UserInputError, ValueError) as exc:
    with results_col:
        state.show_user_error(exc)

names = _option_names()


def _fact_text(fact: simulation.Fact) -> str:
    params: dict[str, str] = {k: _money(v, s) for k, v in fact.money.items()}
    for k, v in fact.numbers.items():
        if k == "share":
            params[k] = fmt.percent(v, lang)
        elif k in ("prompt", "ft", "rag") and fact.key == "read_latency":
            params[k] = fmt.number(v, lang, 2)
        elif k in ("months",) and fact.key.startswith("read_break_even"):
            params[k] = fmt.number(v, lang, 1)
        else:
            params[k] = fmt.compact(v, lang, 0 if k in ("requests", "rpd", "days") else 1)
    for k, o in fact.options.items():
        params[k] = names[o]
    return t(f"simulator.{fact.key}", **params)


def _costs_panel(r: simulation.Result) -> None:
    be = r.break_even
    if be.months is not None and be.within_horizon:
        st.success(
            t(
                "simulator.be_headline",
                months=fmt.number(be.months, lang, 1),
                requests=fmt.compact(be.requests or 0, lang, 0),
            ),
            icon=":material/flag:",
        )
    elif be.months is not None:
        st.info(
            t("simulator.be_headline_late", months=fmt.number(be.months, lang, 1), horizon=s.horizon_months),
            icon=":material/schedule:",
        )
    else:
        st.warning(
            t("simulator.be_never", reason=t(f"simulator.reason_{be.reason}")), icon=":material/block:"
        )

    header = "| | " + " | ".join(names[o] for o in OPTIONS) + " |"
    rows = [header, "|---|" + "---:|" * len(OPTIONS)]
    rows.append(
        f"| {t('simulator.row_tokens')} | "
        + " | ".join(fmt.compact(r.parts[o].input, lang) for o in OPTIONS)
        + " |"
    )
    rows.append(
        f"| {t('simulator.row_request')} | "
        + " | ".join(_money(r.plans[o].per_request.total, s) for o in OPTIONS)
        + " |"
    )
    rows.append(
        f"| {t('simulator.row_month')} | "
        + " | ".join(_money(r.plans[o].running_per_month, s, 2) for o in OPTIONS)
        + " |"
    )
    rows.append(
        f"| {t('simulator.row_training')} | "
        + " | ".join(
            _money(r.plans[o].training * r.plans[o].training_runs(s.horizon_months), s, 2) for o in OPTIONS
        )
        + " |"
    )
    rows.append(
        f"| {t('simulator.row_total', horizon=s.horizon_months)} | "
        + " | ".join(f"**{_money(r.cumulative(o, s.horizon_months), s, 2)}**" for o in OPTIONS)
        + " |"
    )
    st.markdown("\n".join(rows))
    st.caption(
        t(
            "simulator.training_note",
            epochs=r.epochs,
            billed=fmt.compact(r.billed_tokens, lang),
            cost=_money(r.training_cost, s, 2),
        )
    )

    st.subheader(t("simulator.reading"))
    st.markdown("\n".join(f"- {_fact_text(f)}" for f in simulation.reading(s, r)))

    st.subheader(t("simulator.chart_cumulative"))
    rate = s.eur_per_usd if s.currency == "EUR" else 1.0
    curves = {}
    for o in OPTIONS:
        xs, ys = costs.curve(r.plans[o], s.horizon_months)
        curves[o] = (xs, [y * rate for y in ys])
    marker = None
    if be.months is not None and be.months <= s.horizon_months:
        marker = (be.months, r.cumulative("finetune", be.months) * rate)
    fig = sim_charts.cumulative(
        curves,
        names,
        marker,
        t("simulator.break_even"),
        lang,
        t("simulator.axis_months"),
        t("simulator.axis_money", currency=s.currency),
    )
    st.plotly_chart(fig, key="sim_chart_cumulative", alt=t("simulator.chart_cumulative"))
    totals = ", ".join(f"{names[o]} {_money(r.cumulative(o, s.horizon_months), s, 2)}" for o in OPTIONS)
    st.caption(t("simulator.summary_cumulative", horizon=s.horizon_months, totals=totals))

    st.subheader(t("simulator.chart_sensitivity"))
    volumes = [v for v, _ in r.sensitivity]
    months = [b.months for _, b in r.sensitivity]
    labels = {
        "curve": t("simulator.sens_curve"),
        "horizon": t("simulator.sens_horizon"),
        "current": t("simulator.sens_current"),
        "x": t("simulator.axis_rpd"),
        "y": t("simulator.axis_be_months"),
    }
    fig2 = sim_charts.sensitivity(
        volumes, months, (max(s.requests_per_day, 1), be.months), s.horizon_months, labels, lang
    )
    st.plotly_chart(fig2, key="sim_chart_sensitivity", alt=t("simulator.chart_sensitivity"))
    if r.min_rpd is None:
        st.caption(t("simulator.summary_sens_never"))
    else:
        st.caption(
            t("simulator.summary_sens", rpd=fmt.compact(math.ceil(r.min_rpd), lang), horizon=s.horizon_months)
        )


def _latency_panel(r: simulation.Result) -> None:
    st.caption(t("simulator.latency_intro"))
    c1, c2 = st.columns(2)
    with c1:
        _number("prefill", t("simulator.prefill"), 100.0, t("simulator.prefill_help"), "%.0f")
        _number("ovh", t("simulator.ovh"), 0.05, None, "%.2f")
    with c2:
        _number("gen", t("simulator.gen"), 5.0, t("simulator.gen_help"), "%.0f")
        _number("ret_s", t("simulator.ret_s"), 0.05, t("simulator.ret_s_help"), "%.2f")
    st.caption(t("simulator.latency_assumptions"))
    lat = r.latency
    cats = [names[o] for o in OPTIONS]
    parts = [
        (t("simulator.lat_fixed"), [lat[o].fixed for o in OPTIONS]),
        (t("simulator.lat_prefill"), [lat[o].prefill for o in OPTIONS]),
        (t("simulator.lat_generation"), [lat[o].generation for o in OPTIONS]),
    ]
    fig = sim_charts.stacked_bars(cats, parts, lang, t("simulator.axis_seconds"))
    st.plotly_chart(fig, key="sim_chart_latency", alt=t("simulator.chart_latency"))
    st.caption(
        t("simulator.summary_latency")
        + " "
        + "; ".join(
            t(
                "simulator.summary_latency_item",
                option=names[o],
                ttft=fmt.number(lat[o].ttft, lang, 2),
                total=fmt.number(lat[o].total, lang, 2),
            )
            for o in OPTIONS
        )
    )


def _peft_panel(s: scn.Scenario, r: simulation.Result | None) -> None:
    st.caption(t("simulator.peft_intro"))
    shapes = {x.id: x for x in peft.SHAPES}
    c1, c2 = st.columns(2)
    with c1:
        st.selectbox(
            t("simulator.peft_model"),
            options=list(peft.SHAPE_IDS),
            key=_key("peft_model"),
            format_func=lambda i: shapes[i].name,
        )
        st.slider(t("simulator.lora_r"), 1, 256, step=1, key=_key("lora_r"), help=t("simulator.lora_r_help"))
        st.multiselect(
            t("simulator.lora_t"),
            options=list(peft.TARGETS),
            key=_key("lora_t"),
            help=t("simulator.lora_t_help"),
        )
    with c2:
        st.number_input(t("simulator.seq"), 16, 131_072, step=256, key=_key("seq"))
        st.number_input(t("simulator.mbs"), 1, 256, step=1, key=_key("mbs"))
        st.checkbox(t("simulator.ckpt"), key=_key("ckpt"), help=t("simulator.ckpt_help"))
    s = _read(s)
    st.session_state["sim_scenario"] = s
    model = peft.shape(s.peft_model)
    chosen_targets = st.session_state.get(_key("lora_t"), list(s.lora_targets))
    targets = [x for x in peft.TARGETS if x in chosen_targets]
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
    cats = [t(f"simulator.method_{m}") for m in peft.METHODS]
    parts = [
        (t("simulator.mem_weights"), [mems[m].weights / peft.GB for m in peft.METHODS]),
        (t("simulator.mem_gradients"), [mems[m].gradients / peft.GB for m in peft.METHODS]),
        (t("simulator.mem_optimizer"), [mems[m].optimizer / peft.GB for m in peft.METHODS]),
        (t("simulator.mem_activations"), [mems[m].activations / peft.GB for m in peft.METHODS]),
    ]
    fig = sim_charts.stacked_bars(cats, parts, lang, t("simulator.axis_gb"), height=260)
    st.plotly_chart(fig, key="sim_chart_memory", alt=t("simulator.chart_memory"))
    _number("gpu_gb", t("simulator.gpu_gb"), 8.0, None, "%.0f")
    st.caption(
        t("simulator.summary_memory")
        + " "
        + "; ".join(
            t(
                "simulator.summary_memory_item",
                method=t(f"simulator.method_{m}"),
                gb=fmt.compact(mems[m].total / peft.GB, lang, 1),
                gpus=peft.gpus_needed(mems[m].total, s.gpu_gb),
                gpu_gb=fmt.compact(s.gpu_gb, lang),
            )
            for m in peft.METHODS
        )
    )
    with st.expander(t("simulator.formulas")):
        st.markdown(t("simulator.formulas_text"))
        st.latex(
            r"P_{\mathrm{LoRA}} = L \cdot \sum_{W \in \mathrm{targets}} "
            r"r\,(d_{\mathrm{in}} + d_{\mathrm{out}})"
        )
        st.latex(
            r"M_{\mathrm{full}} = 2P + 2P + 8P + A \qquad M_{\mathrm{LoRA}} = 2P + 12P_{\mathrm{LoRA}} + A"
        )
        st.latex(
            r"M_{\mathrm{QLoRA}} = \tfrac{4.127}{8}P_{\mathrm{linear}} + 2P_{\mathrm{other}} "
            r"+ 12P_{\mathrm{LoRA}} + A"
        )
        st.latex(
            r"A \approx L \cdot 34\,s\,b\,h \;(\text{or } L \cdot 2sbh + 34sbh"
            r"\text{ with checkpointing}) + 4\,s\,b\,V"
        )
    st.markdown(f"**{t('simulator.selfhost')}**")
    c3, c4 = st.columns(2)
    with c3:
        _number("gpu_price", t("simulator.gpu_price"), 0.1, None, "%.2f")
    with c4:
        _number("gpu_hours", t("simulator.gpu_hours"), 1.0, t("simulator.gpu_hours_help"), "%.1f")
    s = _read(s)
    st.session_state["sim_scenario"] = s
    cost = peft.self_hosted_cost(s.gpu_hours, s.gpu_price)
    st.markdown(
        t(
            "simulator.selfhost_result",
            cost=_money(cost, s, 2),
            hours=fmt.compact(s.gpu_hours, lang, 1),
            price=_money(s.gpu_price, s, 2),
        )
    )
    if r is not None:
        st.caption(t("simulator.selfhost_compare", cost=_money(r.training_cost, s, 2), model=_md(s.ft_model)))


with results_col:
    labels = _panel_labels()
    panel = st.session_state.get("sim_panel", "costs")
    st.session_state["sim_tab"] = labels.get(panel, labels["costs"])
    tabs = st.tabs(list(labels.values()), key="sim_tab", on_change=_on_tab)
    if result is not None:
        with tabs[0]:
            if tabs[0].open:
                _costs_panel(result)
        with tabs[1]:
            if tabs[1].open:
                _latency_panel(result)
    with tabs[2]:
        if tabs[2].open:
            _peft_panel(s, result)

# ------------------------------------------------------------------------------------------ share, export

s = st.session_state["sim_scenario"]
with inputs_col, st.expander(t("simulator.group_share")):
    st.caption(t("simulator.share_help"))
    if result is not None:
        exported = simulation.export_results(s, result)
        st.download_button(
            t("simulator.export_json"),
            data=scn.export_json(s, exported),
            file_name="simulator-scenario.json",
            mime="application/json",
            key="sim_dl_json",
        )
        st.download_button(
            t("simulator.export_csv"),
            data=scn.export_csv(s, exported),
            file_name="simulator-scenario.csv",
            mime="text/csv",
            key="sim_dl_csv",
        )
    upload = st.file_uploader(t("simulator.import"), type=["json", "csv"], key="sim_upload")
    if upload is not None:
        marker = (upload.name, upload.size, getattr(upload, "file_id", ""))
        if st.session_state.get("sim_upload_done") != marker:
            st.session_state["sim_upload_done"] = marker
            try:
                data = upload.getvalue()
                if upload.name.lower().endswith(".csv"):
                    imported = scn.import_csv(data, models)
                else:
                    imported = scn.import_json(data, models)
            except UserInputError as exc:
                st.session_state["sim_import_error"] = t(exc.key, **exc.params)
            else:
                st.session_state["sim_scenario"] = imported
                st.session_state["sim_preset_base"] = ""
                st.session_state.pop("sim_import_error", None)
                st.session_state["sim_import_ok"] = True
                _load(imported, force=True)
                st.rerun()
    if "sim_import_error" in st.session_state:
        st.error(st.session_state["sim_import_error"])
    if st.session_state.pop("sim_import_ok", False):
        st.success(t("simulator.import_ok"))

# write the scenario back to the URL (only what differs from the preset or the defaults)
base_id = st.session_state.get("sim_preset_base", "")
base_scn = _preset_scenario(lang, base_id, models) if base_id else scn.fit_models(scn.DEFAULTS, models)
new_query = {**({"preset": base_id} if base_id else {}), **scn.to_query(s, base_scn)}
panel = st.session_state.get("sim_panel", "costs")
if panel != "costs":
    new_query["panel"] = panel
if new_query != query:
    st.query_params.from_dict({"lang": lang, **new_query})
st.session_state["sim_synced"] = new_query
