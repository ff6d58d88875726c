"""The simulator's one-off cost inputs: what a fine-tune costs once besides its training run (data
preparation, evaluation, engineering hours at a rate). Computed by ``core.costs.OneOff``."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from features.simulator.widgets_inputs import Inputs


def one_off_inputs(t: Callable[..., str], f: Inputs) -> None:
    st.caption(t("simulator.oneoff_intro"))
    f.number("prep", t("simulator.oneoff_prep"), 100.0, t("simulator.oneoff_prep_help"), "%.0f")
    f.number("eval", t("simulator.oneoff_eval"), 100.0, t("simulator.oneoff_eval_help"), "%.0f")
    c1, c2 = st.columns(2)
    with c1:
        f.number("eng_h", t("simulator.oneoff_hours"), 1.0, None, "%.0f")
    with c2:
        f.number("eng_rate", t("simulator.oneoff_rate"), 5.0, None, "%.0f")
    st.caption(t("simulator.prices_usd"))
