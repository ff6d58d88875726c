"""The simulator's input widgets: ``Inputs`` draws one widget per scenario input and collects what they
return into the next scenario (keys, steps and values: ``inputs``; session state: ``widgets``). Number entries
are text fields read strictly (``ui.numbers``): a value typed in a form the field cannot hold is refused
with a message under it, and the scenario keeps its value."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import streamlit as st

from core import fmt, peft
from core.i18n import Lang
from features.simulator import inputs, specs
from features.simulator import scenario as scn
from features.simulator.inputs import EPOCHS_AUTO_KEY, PRICE_PARAMS, key, slider_key
from features.simulator.widgets import EXACT_KEY, on_epochs_auto, on_model, seed
from ui import boundary, numbers

_MISSING = object()


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
        self._changes[specs.SPEC_BY_PARAM[param].attr] = value

    def _raw(self, param: str) -> Any:
        attr = specs.SPEC_BY_PARAM[param].attr
        value = self._changes.get(attr, _MISSING)
        return getattr(self._scenario, attr) if value is _MISSING else value

    def _value(self, param: str) -> Any:
        """The widget state for ``param`` (cheap: no new scenario unless the value depends on others)."""
        if param in PRICE_PARAMS or specs.SPEC_BY_PARAM[param].kind == "epochs":
            return inputs.widget_value(param, self.scenario)
        return inputs.as_widget(param, self._raw(param), self._scenario)

    def count(self, param: str, label: str, help_text: str | None = None) -> int:
        """A whole-number input: a slider over round steps, or a number entry in "exact values" mode."""
        spec = specs.SPEC_BY_PARAM[param]
        value = self._value(param)
        if self.exact:
            k = key(param)
            seed(k, value)
            got = numbers.whole_input(label, int(spec.lo), int(spec.hi), step=1, key=k, help=help_text)
        else:
            k = slider_key(param)
            seed(k, value)
            labels = inputs.step_labels(self.lang, param)
            lang = self.lang
            got = st.select_slider(
                label,
                options=inputs.slider_steps(param, int(value)),
                key=k,
                format_func=lambda v: labels.get(v) or fmt.compact(v, lang),
                help=help_text,
            )
        result = int(got if got is not None else value)
        self._set(param, result)
        return result

    def epochs(self, auto_label: str, label: str, help_text: str) -> None:
        seed(EPOCHS_AUTO_KEY, self._raw("epochs") is None)
        auto = st.checkbox(
            auto_label, key=EPOCHS_AUTO_KEY, help=help_text, on_change=boundary.callback(on_epochs_auto)
        )
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
        spec = specs.SPEC_BY_PARAM[param]
        k = key(param)
        seed(k, self._value(param))
        got = numbers.decimal_input(
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
        spec = specs.SPEC_BY_PARAM[param]
        k = key(param)
        seed(k, self._value(param))
        got = numbers.whole_input(label, int(spec.lo), int(spec.hi), step=step, key=k, help=help_text)
        value = int(got) if got is not None else int(self._value(param))
        self._set(param, value)
        return value

    def flag(self, param: str, label: str, help_text: str | None = None, toggle: bool = True) -> bool:
        k = key(param)
        seed(k, self._value(param))
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
        seed(k, self._value(param))
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

    def model(
        self,
        param: str,
        label: str,
        options: Sequence[str],
        help_text: str | None = None,
        fmt: Callable[[str], str] = str,
    ) -> str:
        return self.choice(
            param, label, options, help_text, format_func=fmt, on_change=boundary.callback(on_model)
        )

    def radio(self, param: str, label: str, options: Sequence[str]) -> str:
        k = key(param)
        seed(k, self._value(param))
        value = str(st.radio(label, options=options, key=k, horizontal=True))
        self._set(param, value)
        return value

    def targets(self, label: str, help_text: str) -> list[peft.Target]:
        k = key("lora_t")
        seed(k, self._value("lora_t"))
        chosen = st.multiselect(label, options=list(peft.TARGETS), key=k, help=help_text)
        picked = [x for x in peft.TARGETS if x in chosen]
        if picked:  # none chosen: the scenario keeps its last targets, the panel says why nothing is counted
            self._set("lora_t", tuple(picked))
        return picked

    def price(self, param: str, label: str, step: float, fmt_str: str) -> None:
        s = self.scenario
        k = key(param)
        seed(k, inputs.widget_value(param, s))
        got = numbers.decimal_input(label, 0.0, 1000.0, step=step, format=fmt_str, key=k)
        if got is None:
            return
        catalogue = inputs.catalogue_value(param, s)
        same = catalogue is not None and math.isclose(float(got), catalogue)
        self._set(param, None if same else float(got))
