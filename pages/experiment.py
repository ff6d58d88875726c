"""Experiment: a shim for st.navigation (see app.py); the page is features/experiment/page.py."""

from features.experiment import page

page.render()
