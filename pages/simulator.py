"""Cost simulator: a shim for st.navigation (see app.py); the page is features/simulator/page.py."""

from features.simulator import page

page.render()
