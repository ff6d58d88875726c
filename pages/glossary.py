"""Glossary: a shim for st.navigation (see app.py); the page is features/glossary/page.py."""

from features.glossary import page

page.render()
