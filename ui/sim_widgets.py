"""The simulator's inputs: widget keys, slider + number pairs, and the scenario <-> widget state <-> URL sync.

Every input's widget key is ``sim_<url parameter>`` (a slider paired with a number entry also has
``sim_<param>_sl``; price inputs are per model: ``sim_p_in__<model>``). The last scenario is kept in
``st.session_state["sim_scenario"]``, so inputs that are not drawn (a closed expander or tab) keep their
values, and Streamlit dropping an undrawn widget's state loses nothing.

Note: ``key in st.session_state`` scans the whole state in Streamlit, so lookups here use ``.get``.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import streamlit as st

from core import fmt, peft, presets, simulation
from core import scenario as scn
from core.errors import UserInputError
from core.i18n import Lang
from ui import sim_prices

SCENARIO_KEY = "sim_scenario"
SYNCED_KEY = "sim_synced"  # the URL parameters we last wrote
PRESET_KEY = "sim_preset_base"  # the preset the scenario started from ("" = defaults)
PANEL_KEY = "sim_panel"
TAB_RESET_KEY = "sim_tab_reset"  # set when the URL chooses the panel
PANELS = ("costs", "sensitivity", "latency", "peft")
_MISSING = object()

_STEPS = (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9)  # per decade, so round numbers sit on the grid


def grid(low: int, high: int) -> tuple[int, ...]:
    """0 (if ``low`` is 0), then round values up to ``high``, always ending at ``high``."""
    values = {round(m * 10**e) for e in range(7) for m in _STEPS if 1 <= m * 10**e <= high}
    return tuple(sorted(({0} if low == 0 else set()) | {v for v in values if v >= max(low, 1)} | {high}))


_TOKENS = grid(0, 100_000)
# slider + number pairs: param -> grid of a select_slider (None: a plain slider over the whole range)
PAIRS: Mapping[str, tuple[int, ...] | None] = {
    "rpd": grid(0, 1_000_000),
    "instr": _TOKENS,
    "shots": None,
    "shot_tok": grid(0, 10_000),
    "rag": _TOKENS,
    "inp": _TOKENS,
    "out": _TOKENS,
    "ft_prompt": _TOKENS,
    "hyb": _TOKENS,
    "train_n": grid(1, 1_000_000),
    "train_tok": grid(1, 16_385),
    "retrain": None,
    "horizon": None,
}
PRICE_PARAMS: Mapping[str, tuple[str, str]] = {
    "p_in": ("base", "input"),
    "p_out": ("base", "output"),
    "p_cin": ("base", "cached_input"),
    "f_in": ("ft", "input"),
    "f_out": ("ft", "output"),
    "f_cin": ("ft", "cached_input"),
    "t_price": ("ft", "training"),
}
# settings a preset does not touch (display, the PEFT panel)
NOT_IN_PRESETS = (
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


# ------------------------------------------------------------------------------------------ cached lookups
# functools.cache, not st.cache_*: immutable process-wide content, and cheap to key (no argument hashing)


@functools.cache
def preset_list(lang: Lang) -> tuple[presets.Preset, ...]:
    return presets.load_presets(lang)


@functools.cache
def preset_scenario(preset_id: str, models: scn.Models) -> scn.Scenario:
    """Defaults + the preset's values ("" = the defaults). Numbers are the same in both languages."""
    if not preset_id:
        return scn.fit_models(scn.DEFAULTS, models)
    preset = presets.find(preset_list("en"), preset_id)
    if preset is None:
        raise KeyError(preset_id)
    return presets.scenario_of(preset, models, presets.presets_path("en"))


@functools.cache
def grid_labels(lang: Lang, param: str) -> dict[int, str]:
    """Slider labels in the language's number format (formatted once, not on every rerun)."""
    return {v: fmt.compact(v, lang) for v in PAIRS[param] or ()}


# ------------------------------------------------------------------------------------ scenario <-> widgets


def key(param: str) -> str:
    return f"sim_{param}"


def price_key(param: str, s: scn.Scenario) -> str:
    side, _ = PRICE_PARAMS[param]
    return f"sim_{param}__{s.base_model if side == 'base' else s.ft_model}"


def catalogue_value(param: str, s: scn.Scenario) -> float | None:
    side, kind = PRICE_PARAMS[param]
    if kind == "training":
        return sim_prices.training(s.ft_model).price.input
    quote = sim_prices.inference(s.base_model if side == "base" else s.ft_model, side == "ft")
    value: float | None = getattr(quote.price, kind)
    return value


def snap(value: float, values: Sequence[int]) -> int:
    return min(values, key=lambda g: abs(g - value))


def widget_values(s: scn.Scenario) -> dict[str, Any]:
    """Session-state values of every input widget for scenario ``s``."""
    out: dict[str, Any] = {}
    for spec in scn.SPECS:
        value = getattr(s, spec.attr)
        if spec.param in PRICE_PARAMS:
            if value is None:
                value = catalogue_value(spec.param, s)
            if value is not None:
                out[price_key(spec.param, s)] = value
            continue
        if spec.kind == "epochs":
            out["sim_epochs_auto"] = value is None
            out[key("epochs")] = value if value is not None else simulation.epochs(s)
        elif spec.kind == "targets":
            out[key(spec.param)] = list(value)
        else:
            out[key(spec.param)] = value
        if spec.param in PAIRS:
            steps = PAIRS[spec.param]
            out[key(spec.param) + "_sl"] = snap(value, steps) if steps else value
    return out


def load(s: scn.Scenario, force: bool) -> None:
    """Put ``s`` into the widgets (``force``: overwrite; else only fill keys Streamlit dropped)."""
    ss = st.session_state
    for k, value in widget_values(s).items():
        if force or ss.get(k, _MISSING) is _MISSING:
            ss[k] = value


def read(current: scn.Scenario) -> scn.Scenario:
    """The scenario the widgets show (an input without widget state keeps ``current``'s value)."""
    ss = st.session_state
    changes: dict[str, Any] = {}
    for spec in scn.SPECS:
        if spec.param in PRICE_PARAMS:
            continue
        value = ss.get(key(spec.param), _MISSING)
        if value is _MISSING:
            continue
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
        attr = scn.SPEC_BY_PARAM[param].attr
        k = price_key(param, s)
        value = ss.get(k, _MISSING)
        if value is _MISSING:
            # not drawn: keep the override if it was for the same model, else the catalogue's price
            prices[attr] = getattr(current, attr) if price_key(param, current) == k else None
            continue
        catalogue = catalogue_value(param, s)
        prices[attr] = (
            None if catalogue is not None and math.isclose(float(value), catalogue) else float(value)
        )
    return replace(s, **prices)


def current() -> scn.Scenario:
    value = st.session_state.get(SCENARIO_KEY)
    return value if isinstance(value, scn.Scenario) else scn.fit_models(scn.DEFAULTS, sim_prices.models())


def remember(s: scn.Scenario) -> None:
    st.session_state[SCENARIO_KEY] = s


# ------------------------------------------------------------------------------------------ callbacks


def on_slider(param: str) -> None:
    st.session_state[key(param)] = st.session_state[key(param) + "_sl"]


def on_number(param: str) -> None:
    steps = PAIRS[param]
    value = st.session_state[key(param)]
    st.session_state[key(param) + "_sl"] = snap(value, steps) if steps else value


def on_preset() -> None:
    choice = st.session_state["sim_preset"]
    base = preset_scenario(choice, sim_prices.models())
    now = current()
    keep = {a: getattr(now, a) for a in NOT_IN_PRESETS}
    load(replace(base, **keep), force=True)
    st.session_state[PRESET_KEY] = choice


def on_upload() -> None:
    """Import a scenario file: all or nothing (a bad file leaves every input as it was)."""
    upload = st.session_state.get("sim_upload")
    st.session_state.pop("sim_import_error", None)
    if upload is None:
        return
    models = sim_prices.models()
    try:
        data = upload.getvalue()
        imported = (
            scn.import_csv(data, models)
            if upload.name.lower().endswith(".csv")
            else scn.import_json(data, models)
        )
    except UserInputError as exc:
        st.session_state["sim_import_error"] = (exc.key, exc.params)  # translated when shown
        return
    remember(imported)
    st.session_state[PRESET_KEY] = ""
    st.session_state["sim_import_ok"] = True
    load(imported, force=True)


# ------------------------------------------------------------------------------------------ URL


@dataclass(frozen=True)
class UrlResult:
    scenario: scn.Scenario
    messages: list[str]


def sync_from_url(t: Callable[..., str], models: scn.Models, query: Mapping[str, str]) -> UrlResult:
    """Read the URL if it changed since we last wrote it; bad values -> defaults + messages."""
    now = current()
    if query == st.session_state.get(SYNCED_KEY):
        load(now, force=False)
        return UrlResult(now, [])
    if not query and st.session_state.get(SCENARIO_KEY) is not None:
        load(now, force=False)  # back on the page without parameters: keep this session's scenario
        return UrlResult(now, [])
    messages: list[str] = []
    ids = [p.id for p in preset_list("en")]
    base_id = query.get("preset", "")
    if base_id and base_id not in ids:
        messages.append(t("simulator.bad_preset", value=safe(base_id), presets=", ".join(ids)))
        base_id = ""
    parsed, problems = scn.from_query(query, models, preset_scenario(base_id, models))
    for p in problems:
        messages.append(t(f"simulator.bad_{p.reason}", param=p.param, value=safe(p.value), default=p.default))
    panel = query.get("panel", "costs")
    if panel not in PANELS:
        messages.append(t("simulator.bad_panel", value=safe(panel), panels=", ".join(PANELS)))
        panel = "costs"
    st.session_state[PANEL_KEY] = panel
    st.session_state[TAB_RESET_KEY] = True
    st.session_state[PRESET_KEY] = base_id
    remember(parsed)
    load(parsed, force=True)
    return UrlResult(parsed, messages)


def write_url(lang: Lang, s: scn.Scenario, models: scn.Models, query: Mapping[str, str]) -> None:
    """Write the scenario to the URL: the preset plus what differs from it, and the open panel."""
    base_id = st.session_state.get(PRESET_KEY, "")
    new = {**({"preset": base_id} if base_id else {}), **scn.to_query(s, preset_scenario(base_id, models))}
    panel = st.session_state.get(PANEL_KEY, "costs")
    if panel != "costs":
        new["panel"] = panel
    if new != dict(query):
        st.query_params.from_dict({"lang": lang, **new})
    st.session_state[SYNCED_KEY] = new


def safe(text: str, limit: int = 40) -> str:
    """Learner text shown inside Markdown: shortened, no HTML, no Markdown links or code fences."""
    short = text if len(text) <= limit else text[: limit - 1] + "…"
    return (
        short.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("`", "'")
        .replace("[", "(")
        .replace("]", ")")
    )


# ------------------------------------------------------------------------------------------ widgets


def pair(lang: Lang, param: str, label: str, help_text: str | None = None) -> None:
    """A slider (coarse, fast) next to a number entry (exact); each follows the other."""
    spec = scn.SPEC_BY_PARAM[param]
    steps = PAIRS[param]
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    with left:
        if steps:
            labels = grid_labels(lang, param)
            st.select_slider(
                label,
                options=steps,
                key=key(param) + "_sl",
                on_change=on_slider,
                args=(param,),
                format_func=labels.__getitem__,
                help=help_text,
            )
        else:
            st.slider(
                label,
                int(spec.lo),
                int(spec.hi),
                step=1,
                key=key(param) + "_sl",
                on_change=on_slider,
                args=(param,),
                help=help_text,
            )
    with right:
        st.number_input(
            label,
            int(spec.lo),
            int(spec.hi),
            step=1,
            key=key(param),
            on_change=on_number,
            args=(param,),
            label_visibility="collapsed",
        )


def number(
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
        key=key(param),
        help=help_text,
        format=fmt_str,
        disabled=disabled,
    )
