"""Prompt playground: a shim for st.navigation (see app.py); the page is features/playground/page.py."""

from features.playground import page

page.render()
