"""Entry point: `streamlit run app.py`. Builds the navigation and the shared sidebar; pages do the rest."""

from __future__ import annotations

import streamlit as st

from core.paths import ROOT
from ui import sidebar, state

st.set_page_config(page_title="Prompt Engineering vs. Fine-Tuning", page_icon="🎛️", layout="wide")

state.warm_up_once()
st.logo(str(ROOT / "assets" / "logo.svg"), size="large")
t = state.tr()

# One entry per page file; titles are localized, url paths are stable (they come from the file names).
PAGES: dict[str, list[tuple[str, str, str]]] = {
    "nav.section_start": [("pages/home.py", "nav.home", ":material/home:")],
    "nav.section_learn": [
        ("pages/lessons.py", "nav.lessons", ":material/school:"),
        ("pages/glossary.py", "nav.glossary", ":material/menu_book:"),
    ],
    "nav.section_try": [
        ("pages/playground.py", "nav.playground", ":material/chat:"),
        ("pages/tokens.py", "nav.tokens", ":material/token:"),
        ("pages/simulator.py", "nav.simulator", ":material/calculate:"),
        ("pages/datalab.py", "nav.datalab", ":material/dataset:"),
    ],
    "nav.section_decide": [("pages/wizard.py", "nav.wizard", ":material/alt_route:")],
}

navigation = st.navigation(
    {
        t(section): [
            st.Page(path, title=t(title), icon=icon, default=(path == "pages/home.py"))
            for path, title, icon in entries
        ]
        for section, entries in PAGES.items()
    }
)
sidebar.render_language()
progress_slot = st.sidebar.container()
navigation.run()
sidebar.render_progress(progress_slot)
