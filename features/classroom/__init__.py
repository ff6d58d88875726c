"""Class and trainer: learners join a class (``ui.classroom.join_form``); trainers create a class, open its
live view with the trainer secret (per question the share of right answers and the most chosen wrong
option, the wizard's recommendations, the experiment leaderboard), export it as CSV and delete it.

``page.py`` (the page), ``sections.py`` (create, open, the trainer view), ``view.py`` (pure: the tables'
rows from ``core.db.results``); the data and its rules are ``core.db``.
"""
