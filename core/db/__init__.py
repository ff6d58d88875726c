"""The app's database (pure, no Streamlit): SQLAlchemy models, alembic migrations and typed operations.

- ``config``: which database (``[database] url`` in secrets, ``APP_DATABASE_URL``, else a SQLite file).
- ``engine``: the engine for a URL, migrated to the newest schema (``alembic`` scripts in ``migrations/``).
- ``models``: the tables (classes, members, quiz answers, lessons done, wizard results, experiment runs,
  the workshop ledger).
- ``classes``: create, join, leave and delete a class; record a member's results.
- ``results``: a class's results for the trainer (aggregation, CSV export; pure functions over rows).
- ``ledger``: the workshop budget (app-wide dollars, per-session caps) with atomic updates, so several app
  processes (replicas) share one budget.

Stored are class codes, hashed trainer secrets, nicknames and results (option ids, lesson ids, approach
names, scores). Never an API key, prompt text or an uploaded file: no function here accepts one.
"""
