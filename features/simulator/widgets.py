"""The simulator's scenario in Streamlit's session state: the scenario <-> widget state <-> URL sync and the
callbacks of the inputs (the widgets themselves: ``widgets_inputs``; keys and values: ``inputs``).

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

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

import streamlit as st

from core.errors import UserInputError
from core.handoff import Verdict
from core.i18n import Lang
from features.simulator import advice, catalogue, inputs, simulation, specs
from features.simulator import scenario as scn
from features.simulator.inputs import EPOCHS_AUTO_KEY, PRICE_PARAMS, key, slider_key

SCENARIO_KEY = "sim_scenario"
SYNCED_KEY = "sim_synced"  # the URL parameters we last wrote
PRESET_KEY = "sim_preset_base"  # the preset the scenario started from ("" = defaults)
PANEL_KEY = "sim_panel"
TAB_RESET_KEY = "sim_tab_reset"  # set when the URL chooses the panel
EXACT_KEY = "sim_exact"  # True: number entries instead of sliders
_MISSING = object()


def push(s: scn.Scenario) -> None:
    """Make ``s`` the scenario and overwrite the state of every input widget Streamlit still holds."""
    ss = st.session_state
    ss[SCENARIO_KEY] = s
    for k, value in inputs.widget_states(s):
        if value is not None and ss.get(k, _MISSING) is not _MISSING:
            ss[k] = value


def seed(k: str, value: Any) -> None:
    """Give a widget its scenario value when Streamlit holds none for it (first draw, or it was hidden)."""
    ss = st.session_state
    if ss.get(k, _MISSING) is _MISSING:
        ss[k] = value


def current() -> scn.Scenario:
    value = st.session_state.get(SCENARIO_KEY)
    return value if isinstance(value, scn.Scenario) else scn.fit_models(scn.DEFAULTS, catalogue.models())


def remember(s: scn.Scenario) -> None:
    st.session_state[SCENARIO_KEY] = s


# ------------------------------------------------------------------------------------------ callbacks


def on_preset() -> None:
    choice = st.session_state["sim_preset"]
    base = inputs.preset_scenario(choice, catalogue.models())
    now = current()
    keep = {a: getattr(now, a) for a in inputs.NOT_IN_PRESETS}
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
    changes: dict[str, Any] = {specs.SPEC_BY_PARAM[param].attr: model}
    changes |= {specs.SPEC_BY_PARAM[p].attr: None for p, (sd, _) in PRICE_PARAMS.items() if sd == side}
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
    models = catalogue.models()
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


def url_query() -> dict[str, str]:
    """The URL's parameters except the language."""
    qp = st.query_params
    return {k: qp[k] for k in qp if k != "lang"}


def sync_from_url(t: Callable[..., str], models: scn.Models, query: Mapping[str, str]) -> list[str]:
    """Read the URL if it changed since we last wrote it; bad values -> defaults + the messages returned."""
    if query == st.session_state.get(SYNCED_KEY):
        return []
    if not query and st.session_state.get(SCENARIO_KEY) is not None:
        return []  # back on the page without parameters: keep this session's scenario
    read = inputs.read_url(t, models, query)
    st.session_state[advice.VERDICT_KEY] = Verdict.from_query(query)
    st.session_state[PANEL_KEY] = read.panel
    st.session_state[TAB_RESET_KEY] = True
    st.session_state[PRESET_KEY] = read.preset
    push(read.scenario)
    return read.messages


def write_url(lang: Lang, s: scn.Scenario, models: scn.Models) -> None:
    """Write the scenario to the URL: the preset plus what differs from it, and the open panel."""
    new = inputs.url_params(
        s, st.session_state.get(PRESET_KEY, ""), st.session_state.get(PANEL_KEY, "costs"), models
    )
    verdict = st.session_state.get(advice.VERDICT_KEY)
    if isinstance(verdict, Verdict):
        new.update(verdict.query())  # the wizard's verdict stays in the URL while the numbers change
    if new != url_query():
        st.query_params.from_dict({"lang": lang, **new})
    st.session_state[SYNCED_KEY] = new
