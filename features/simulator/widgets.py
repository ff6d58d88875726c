"""The simulator's inputs: widget keys, one widget per input, and the scenario <-> widget state <-> URL sync.

The scenario in ``st.session_state["sim_scenario"]`` is the single source of truth. Each run draws only the
open inputs through an ``Inputs`` object, which seeds a widget's state from the scenario when Streamlit has
none, takes the value the widget returns, and builds the new scenario from those values. Inputs that are
not drawn (a closed group or tab) simply keep their scenario value.

Widget keys: ``sim_<url parameter>_sl`` for the slider of a count input, ``sim_<url parameter>`` for its
exact number entry (shown instead of the slider while "exact values" is on) and for every other input.

Everything that changes the scenario from outside a widget (a preset, an import, a link, switching between
sliders and number entry, a new model) calls ``push``, which overwrites the state of the widgets Streamlit
still holds, so no widget can show a stale value.

Note: ``key in st.session_state`` scans the whole state in Streamlit, so lookups here use ``.get``; and a
few widgets (number entry, selectbox, radio, a slider without a value) scan it while they are drawn, so the
page keeps as few keys in the state as it can.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import streamlit as st

from core import fmt, mdtext, peft
from core.errors import UserInputError
from core.i18n import Lang
from features.simulator import catalogue as sim_prices
from features.simulator import presets, simulation
from features.simulator import scenario as scn

SCENARIO_KEY = "sim_scenario"
SYNCED_KEY = "sim_synced"  # the URL parameters we last wrote
PRESET_KEY = "sim_preset_base"  # the preset the scenario started from ("" = defaults)
PANEL_KEY = "sim_panel"
TAB_RESET_KEY = "sim_tab_reset"  # set when the URL chooses the panel
EXACT_KEY = "sim_exact"  # True: number entries instead of sliders
EPOCHS_AUTO_KEY = "sim_epochs_auto"
PANELS = ("costs", "sensitivity", "latency", "peft")
_MISSING = object()

_STEPS = (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9)  # per decade, so round numbers sit on the grid


def grid(low: int, high: int) -> tuple[int, ...]:
    """0 (if ``low`` is 0), then round values up to ``high``, always ending at ``high``."""
    values = {round(m * 10**e) for e in range(7) for m in _STEPS if 1 <= m * 10**e <= high}
    return tuple(sorted(({0} if low == 0 else set()) | {v for v in values if v >= max(low, 1)} | {high}))


_TOKENS = grid(0, 100_000)
# count inputs (a slider, or a number entry in "exact values" mode): param -> the slider's steps
COUNTS: Mapping[str, tuple[int, ...]] = {
    "rpd": grid(0, 1_000_000),
    "instr": _TOKENS,
    "shots": tuple(range(0, 101)),
    "shot_tok": grid(0, 10_000),
    "rag": _TOKENS,
    "inp": _TOKENS,
    "out": _TOKENS,
    "ft_prompt": _TOKENS,
    "hyb": _TOKENS,
    "train_n": grid(1, 1_000_000),
    "train_tok": grid(1, 16_385),
    "epochs": tuple(range(1, 26)),
    "retrain": tuple(range(0, 61)),
    "horizon": tuple(range(1, 61)),
    "lora_r": tuple(2**i for i in range(11)),  # LoRA ranks are usually powers of two
}
_COUNT_SETS: Mapping[str, frozenset[int]] = {p: frozenset(v) for p, v in COUNTS.items()}
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
def step_labels(lang: Lang, param: str) -> dict[int, str]:
    """A slider's step labels in the language's number format (formatted once, not on every rerun)."""
    return {v: fmt.compact(v, lang) for v in COUNTS[param]}


@functools.lru_cache(maxsize=512)  # bounded: learners can type any value
def slider_steps(param: str, value: int) -> tuple[int, ...]:
    """The slider's steps, plus ``value`` if it is off the grid (a typed or linked value is shown as is)."""
    steps = COUNTS[param]
    return steps if value in _COUNT_SETS[param] else tuple(sorted((*steps, value)))


# ------------------------------------------------------------------------------------ scenario <-> widgets


def key(param: str) -> str:
    return f"sim_{param}"


def slider_key(param: str) -> str:
    return f"sim_{param}_sl"


def catalogue_value(param: str, s: scn.Scenario) -> float | None:
    side, kind = PRICE_PARAMS[param]
    if kind == "training":
        return sim_prices.training(s.ft_model).price.input
    quote = sim_prices.inference(s.base_model if side == "base" else s.ft_model, side == "ft")
    value: float | None = getattr(quote.price, kind)
    return value


def widget_value(param: str, s: scn.Scenario) -> Any:
    """The widget state that shows input ``param`` of scenario ``s``."""
    return _as_widget(param, getattr(s, scn.SPEC_BY_PARAM[param].attr), s)


def _as_widget(param: str, value: Any, s: scn.Scenario) -> Any:
    kind = scn.SPEC_BY_PARAM[param].kind
    if param in PRICE_PARAMS:
        return float(value) if value is not None else catalogue_value(param, s)
    if kind == "float":
        return float(value)
    if kind == "epochs":
        return value if value is not None else simulation.epochs(s)
    if kind == "targets":
        return list(value)
    return value


def _widget_states(s: scn.Scenario) -> Iterator[tuple[str, Any]]:
    for spec in scn.SPECS:
        value = widget_value(spec.param, s)
        yield key(spec.param), value
        if spec.param in COUNTS:
            yield slider_key(spec.param), value
    yield EPOCHS_AUTO_KEY, s.epochs is None


def push(s: scn.Scenario) -> None:
    """Make ``s`` the scenario and overwrite the state of every input widget Streamlit still holds."""
    ss = st.session_state
    ss[SCENARIO_KEY] = s
    for k, value in _widget_states(s):
        if value is not None and ss.get(k, _MISSING) is not _MISSING:
            ss[k] = value


def _seed(k: str, value: Any) -> None:
    """Give a widget its scenario value when Streamlit holds none for it (first draw, or it was hidden)."""
    ss = st.session_state
    if ss.get(k, _MISSING) is _MISSING:
        ss[k] = value


def current() -> scn.Scenario:
    value = st.session_state.get(SCENARIO_KEY)
    return value if isinstance(value, scn.Scenario) else scn.fit_models(scn.DEFAULTS, sim_prices.models())


def remember(s: scn.Scenario) -> None:
    st.session_state[SCENARIO_KEY] = s


# ------------------------------------------------------------------------------------------ callbacks


def on_preset() -> None:
    choice = st.session_state["sim_preset"]
    base = preset_scenario(choice, sim_prices.models())
    now = current()
    keep = {a: getattr(now, a) for a in NOT_IN_PRESETS}
    push(replace(base, **keep))
    st.session_state[PRESET_KEY] = choice


def on_exact() -> None:
    """Switching between sliders and number entries: the newly shown widgets start at the scenario."""
    push(current())


def on_model(param: str) -> None:
    """A new model: its price inputs start at the catalogue's prices (overrides of that side are dropped)."""
    side = "base" if param == "base" else "ft"
    now = current()
    model = st.session_state[key(param)]
    changes: dict[str, Any] = {scn.SPEC_BY_PARAM[param].attr: model}
    changes |= {scn.SPEC_BY_PARAM[p].attr: None for p, (sd, _) in PRICE_PARAMS.items() if sd == side}
    push(replace(now, **changes))


def on_epochs_auto() -> None:
    """Turning the default off: the epochs input starts at the number the rule picks now."""
    now = current()
    if not st.session_state[EPOCHS_AUTO_KEY]:
        value = simulation.epochs(now)
        st.session_state[slider_key("epochs")] = value
        st.session_state[key("epochs")] = value


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
    st.session_state[PRESET_KEY] = ""
    st.session_state["sim_import_ok"] = True
    push(imported)


# ------------------------------------------------------------------------------------------ URL


@dataclass(frozen=True)
class UrlResult:
    scenario: scn.Scenario
    messages: list[str]


def url_query() -> dict[str, str]:
    """The URL's parameters except the language."""
    qp = st.query_params
    return {k: qp[k] for k in qp if k != "lang"}


def sync_from_url(t: Callable[..., str], models: scn.Models, query: Mapping[str, str]) -> UrlResult:
    """Read the URL if it changed since we last wrote it; bad values -> defaults + messages."""
    now = current()
    if query == st.session_state.get(SYNCED_KEY):
        return UrlResult(now, [])
    if not query and st.session_state.get(SCENARIO_KEY) is not None:
        return UrlResult(now, [])  # back on the page without parameters: keep this session's scenario
    messages: list[str] = []
    ids = [p.id for p in preset_list("en")]
    base_id = query.get("preset", "")
    if base_id and base_id not in ids:
        messages.append(t("simulator.bad_preset", value=code(base_id), presets=", ".join(ids)))
        base_id = ""
    parsed, problems = scn.from_query(query, models, preset_scenario(base_id, models))
    for p in problems:
        messages.append(t(f"simulator.bad_{p.reason}", param=p.param, value=code(p.value), default=p.default))
    panel = query.get("panel", "costs")
    if panel not in PANELS:
        messages.append(t("simulator.bad_panel", value=code(panel), panels=", ".join(PANELS)))
        panel = "costs"
    st.session_state[PANEL_KEY] = panel
    st.session_state[TAB_RESET_KEY] = True
    st.session_state[PRESET_KEY] = base_id
    push(parsed)
    return UrlResult(parsed, messages)


def write_url(lang: Lang, s: scn.Scenario, models: scn.Models) -> None:
    """Write the scenario to the URL: the preset plus what differs from it, and the open panel."""
    base_id = st.session_state.get(PRESET_KEY, "")
    new = {**({"preset": base_id} if base_id else {}), **scn.to_query(s, preset_scenario(base_id, models))}
    panel = st.session_state.get(PANEL_KEY, "costs")
    if panel != "costs":
        new["panel"] = panel
    if new != url_query():
        st.query_params.from_dict({"lang": lang, **new})
    st.session_state[SYNCED_KEY] = new


def safe(text: str, limit: int = 40) -> str:
    """Learner or catalogue text shown inside Markdown: shortened and literal (no HTML, links, formatting)."""
    return mdtext.literal(mdtext.shorten(text, limit))


def code(text: str, limit: int = 40) -> str:
    """Learner text shown between backticks in a message (a code span shows it literally)."""
    return mdtext.code_span(mdtext.shorten(text, limit))


# ------------------------------------------------------------------------------------------ widgets


class Inputs:
    """Draws input widgets for a scenario and collects what they return into the next scenario."""

    def __init__(self, s: scn.Scenario, lang: Lang) -> None:
        self._start = s
        self.lang = lang
        self.exact = bool(st.session_state.get(EXACT_KEY, False))
        self._changes: dict[str, Any] = {}
        self._scenario = s

    @property
    def scenario(self) -> scn.Scenario:
        """The scenario with every value drawn so far (price overrides equal to the catalogue's drop out)."""
        if self._changes:
            self._scenario = replace(self._scenario, **self._changes)
            self._changes = {}
        return self._scenario

    def _set(self, param: str, value: Any) -> None:
        self._changes[scn.SPEC_BY_PARAM[param].attr] = value

    def _raw(self, param: str) -> Any:
        attr = scn.SPEC_BY_PARAM[param].attr
        value = self._changes.get(attr, _MISSING)
        return getattr(self._scenario, attr) if value is _MISSING else value

    def _value(self, param: str) -> Any:
        """The widget state for ``param`` (cheap: no new scenario unless the value depends on others)."""
        if param in PRICE_PARAMS or scn.SPEC_BY_PARAM[param].kind == "epochs":
            return widget_value(param, self.scenario)
        return _as_widget(param, self._raw(param), self._scenario)

    def count(self, param: str, label: str, help_text: str | None = None) -> int:
        """A whole-number input: a slider over round steps, or a number entry in "exact values" mode."""
        spec = scn.SPEC_BY_PARAM[param]
        value = self._value(param)
        if self.exact:
            k = key(param)
            _seed(k, value)
            got = st.number_input(label, int(spec.lo), int(spec.hi), step=1, key=k, help=help_text)
        else:
            k = slider_key(param)
            _seed(k, value)
            labels = step_labels(self.lang, param)
            lang = self.lang
            got = st.select_slider(
                label,
                options=slider_steps(param, int(value)),
                key=k,
                format_func=lambda v: labels.get(v) or fmt.compact(v, lang),
                help=help_text,
            )
        result = int(got if got is not None else value)
        self._set(param, result)
        return result

    def epochs(self, auto_label: str, label: str, help_text: str) -> None:
        _seed(EPOCHS_AUTO_KEY, self._raw("epochs") is None)
        auto = st.checkbox(auto_label, key=EPOCHS_AUTO_KEY, help=help_text, on_change=on_epochs_auto)
        if auto:
            self._set("epochs", None)
        else:
            self.count("epochs", label)

    def number(
        self,
        param: str,
        label: str,
        step: float,
        help_text: str | None = None,
        fmt_str: str | None = None,
        disabled: bool = False,
    ) -> float:
        spec = scn.SPEC_BY_PARAM[param]
        k = key(param)
        _seed(k, self._value(param))
        got = st.number_input(
            label,
            float(spec.lo),
            float(spec.hi),
            step=step,
            key=k,
            help=help_text,
            format=fmt_str,
            disabled=disabled,
        )
        value = float(got) if got is not None else float(self._value(param))
        self._set(param, value)
        return value

    def whole(self, param: str, label: str, step: int, help_text: str | None = None) -> int:
        spec = scn.SPEC_BY_PARAM[param]
        k = key(param)
        _seed(k, self._value(param))
        got = st.number_input(label, int(spec.lo), int(spec.hi), step=step, key=k, help=help_text)
        value = int(got) if got is not None else int(self._value(param))
        self._set(param, value)
        return value

    def flag(self, param: str, label: str, help_text: str | None = None, toggle: bool = True) -> bool:
        k = key(param)
        _seed(k, self._value(param))
        draw = st.toggle if toggle else st.checkbox
        value = bool(draw(label, key=k, help=help_text))
        self._set(param, value)
        return value

    def choice(
        self,
        param: str,
        label: str,
        options: Sequence[str],
        help_text: str | None = None,
        format_func: Callable[[str], str] = str,
        on_change: Callable[..., None] | None = None,
    ) -> str:
        k = key(param)
        _seed(k, self._value(param))
        value = st.selectbox(
            label,
            options=options,
            key=k,
            help=help_text,
            format_func=format_func,
            on_change=on_change,
            args=(param,) if on_change else None,
        )
        self._set(param, value)
        return str(value)

    def model(self, param: str, label: str, options: Sequence[str], help_text: str | None = None) -> str:
        return self.choice(param, label, options, help_text, on_change=on_model)

    def radio(self, param: str, label: str, options: Sequence[str]) -> str:
        k = key(param)
        _seed(k, self._value(param))
        value = str(st.radio(label, options=options, key=k, horizontal=True))
        self._set(param, value)
        return value

    def targets(self, label: str, help_text: str) -> list[str]:
        k = key("lora_t")
        _seed(k, self._value("lora_t"))
        chosen = st.multiselect(label, options=list(peft.TARGETS), key=k, help=help_text)
        picked = [x for x in peft.TARGETS if x in chosen]
        if picked:  # none chosen: the scenario keeps its last targets, the panel says why nothing is counted
            self._set("lora_t", tuple(picked))
        return picked

    def price(self, param: str, label: str, step: float, fmt_str: str) -> None:
        s = self.scenario
        k = key(param)
        _seed(k, widget_value(param, s))
        got = st.number_input(label, 0.0, 1000.0, step=step, format=fmt_str, key=k)
        if got is None:
            return
        catalogue = catalogue_value(param, s)
        same = catalogue is not None and math.isclose(float(got), catalogue)
        self._set(param, None if same else float(got))
