"""Token explorer: a shim for st.navigation (see app.py); the page is features/tokens/page.py."""

from features.tokens import page

page.render()
