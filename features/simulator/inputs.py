"""The simulator's inputs as its widgets see them, pure (no Streamlit): widget keys, slider steps, the widget
value of each scenario input, presets as scenarios, and the scenario read from and written to the URL.

``widgets`` keeps these values in Streamlit's session state; ``widgets_inputs`` draws the widgets.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from core import fmt, mdtext
from core.i18n import Lang
from features.simulator import catalogue, presets, simulation, specs
from features.simulator import scenario as scn

EPOCHS_AUTO_KEY = "sim_epochs_auto"
PANELS = ("costs", "sensitivity", "latency", "peft")

# Per decade from 10 up, so round numbers sit on the grid; below 10 every whole number. Ten steps, not
# more: a slider's steps are sent and formatted on every rerun (seven sliders, ~330 steps in all), and
# "exact values" takes any number.
_STEPS = (1, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8)


def grid(low: int, high: int) -> tuple[int, ...]:
    """0 (if ``low`` is 0), the whole numbers up to 10, then round values up to ``high``, always ending
    at ``high``."""
    values = set(range(1, min(high, 10) + 1))
    values |= {round(m * 10**e) for e in range(1, 7) for m in _STEPS if m * 10**e <= high}
    return tuple(sorted(({0} if low == 0 else set()) | {v for v in values if v >= max(low, 1)} | {high}))


_TOKENS = grid(0, 100_000)
# count inputs (a slider, or a number entry in "exact values" mode): param -> the slider's steps
COUNTS: Mapping[str, tuple[int, ...]] = {
    "rpd": grid(0, 1_000_000),
    "instr": _TOKENS,
    "shots": (*range(0, 21), 25, 30, 40, 50, 75, 100),  # every count up to 20, then round ones
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
    "gpu_tflops",
    "selfhost_method",
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


@functools.cache  # two languages x a fixed set of parameters; callers only read the mapping
def step_labels(lang: Lang, param: str) -> Mapping[int, str]:
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
        return catalogue.training(s.ft_model).price.input
    quote = catalogue.inference(s.base_model if side == "base" else s.ft_model, side == "ft")
    value: float | None = getattr(quote.price, kind)
    return value


def widget_value(param: str, s: scn.Scenario) -> Any:
    """The widget state that shows input ``param`` of scenario ``s``."""
    return as_widget(param, getattr(s, specs.SPEC_BY_PARAM[param].attr), s)


def as_widget(param: str, value: Any, s: scn.Scenario) -> Any:
    """The widget state that shows ``value`` of input ``param`` (``s`` gives catalogue prices and epochs)."""
    kind = specs.SPEC_BY_PARAM[param].kind
    if param in PRICE_PARAMS:
        return float(value) if value is not None else catalogue_value(param, s)
    if kind == "float":
        return float(value)
    if kind == "epochs":
        return value if value is not None else simulation.epochs(s)
    if kind == "targets":
        return list(value)
    return value


def widget_states(s: scn.Scenario) -> Iterator[tuple[str, Any]]:
    """(widget key, state) of every input widget that shows scenario ``s``."""
    for spec in specs.SPECS:
        value = widget_value(spec.param, s)
        yield key(spec.param), value
        if spec.param in COUNTS:
            yield slider_key(spec.param), value
    yield EPOCHS_AUTO_KEY, s.epochs is None


# ------------------------------------------------------------------------------------------ URL


@dataclass(frozen=True)
class UrlRead:
    """A scenario read from the URL: the preset it starts from, the open panel, what was not usable."""

    scenario: scn.Scenario
    preset: str
    panel: str
    messages: list[str]


def read_url(t: Callable[..., str], models: scn.Models, query: Mapping[str, str]) -> UrlRead:
    """The URL's preset, scenario and panel; bad values -> the preset's or default values + messages."""
    messages: list[str] = []
    ids = [p.id for p in preset_list("en")]
    base_id = query.get("preset", "")
    if base_id and base_id not in ids:
        messages.append(
            t(
                "simulator.bad_preset",
                value=mdtext.code_span(mdtext.shorten(base_id, 40)),
                presets=", ".join(ids),
            )
        )
        base_id = ""
    parsed, problems = scn.from_query(query, models, preset_scenario(base_id, models))
    for p in problems:
        extra = {"date": p.shutdown, "replacement": p.replacement} if p.reason == "shut_down_model" else {}
        messages.append(
            t(
                f"simulator.bad_{p.reason}",
                param=p.param,
                value=mdtext.code_span(mdtext.shorten(p.value, 40)),
                default=p.default,
                **extra,
            )
        )
    panel = query.get("panel", "costs")
    if panel not in PANELS:
        messages.append(
            t(
                "simulator.bad_panel",
                value=mdtext.code_span(mdtext.shorten(panel, 40)),
                panels=", ".join(PANELS),
            )
        )
        panel = "costs"
    return UrlRead(parsed, base_id, panel, messages)


def url_params(s: scn.Scenario, preset: str, panel: str, models: scn.Models) -> dict[str, str]:
    """The URL form of a scenario (without the language): the preset plus what differs from it, and the
    open panel unless it is the first."""
    new = {**({"preset": preset} if preset else {}), **scn.to_query(s, preset_scenario(preset, models))}
    if panel != "costs":
        new["panel"] = panel
    return new
