"""Lessons with quizzes: a shim for st.navigation (see app.py); the page is features/lessons/page.py."""

from features.lessons import page

page.render()
