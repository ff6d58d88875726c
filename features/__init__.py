"""One folder per feature (``features/<name>/``, named as in ``core.registry``): its pure modules, its
``page.py`` whose ``render()`` draws the page from named sections, and its Streamlit widget modules
(``widgets*.py``, ``panels*.py``, ``sections*.py``). Features import ``core`` and ``ui``, never each other.

Streamlit runs the shims in ``pages/``; the design keeps that top-level folder (see app.py for why).
"""
