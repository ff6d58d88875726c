"""Entry point: `streamlit run app.py`. Builds the navigation from core.registry and the shared sidebar;
each page's shim in pages/ calls its feature's ``render()``."""

from __future__ import annotations

import streamlit as st

from core.paths import ROOT
from ui import boundary, sidebar, state

st.set_page_config(page_title="Prompt Engineering vs. Fine-Tuning", page_icon="🎛️", layout="wide")

state.warm_up_once()
state.begin_run()
st.logo(str(ROOT / "assets" / "logo.svg"), size="large")
t = state.tr()

# Titles are localized; url paths are stable (core.registry; ui.state.navigation_pages builds the pages once
# per session and language). Each page is a shim pages/<name>.py that calls
# features/<name>/page.py. The folder keeps the name pages/ because the project's layout (README) puts it at
# the top level; Streamlit would treat such a folder as an old-style multipage app until st.navigation runs,
# which ui.state.ensure_app_shell handles for a deep link that arrives first.
navigation = st.navigation(state.navigation_pages(t))
sidebar.render_language()
progress_slot = st.sidebar.container()
boundary.run(navigation)  # an unexpected exception: a short message with a reference, no traceback
sidebar.render_progress(progress_slot)
