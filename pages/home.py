"""Home: a shim for st.navigation (see app.py); the page is features/home/page.py."""

from features.home import page

page.render()
