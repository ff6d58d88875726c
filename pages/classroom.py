"""Class and trainer: a shim for st.navigation (see app.py); the page is features/classroom/page.py."""

from features.classroom import page

page.render()
