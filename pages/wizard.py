"""Decision wizard: a shim for st.navigation (see app.py); the page is features/wizard/page.py."""

from features.wizard import page

page.render()
