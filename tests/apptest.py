"""Helpers for Streamlit AppTest page tests."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from core import registry

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")

PAGES = [spec.file for spec in registry.PAGES]


def open_page(page: str, lang: str = "en", timeout: float = 30, **query: str) -> AppTest:
    """Run app.py once, then switch to ``page`` with ``?lang=`` (and any other query parameters)."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.query_params["lang"] = lang
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page != registry.page(registry.DEFAULT_PAGE).file:
        at.switch_page(page).run()
    return at


def texts(at: AppTest) -> str:
    """All markdown, title, header, caption, info, warning, error and success texts, joined."""
    parts: list[str] = []
    for kind in (
        "markdown",
        "title",
        "header",
        "subheader",
        "caption",
        "info",
        "warning",
        "error",
        "success",
    ):
        parts.extend(str(el.value) for el in getattr(at, kind))
    return "\n".join(parts)


def plain(markdown: str) -> str:
    """What a reader sees of Markdown source that only uses backslash escapes (``2\\,058`` -> ``2,058``).

    Messages escape the text they echo (``core.mdtext.literal``, which also puts invisible word joiners into
    bare addresses), so compare ``plain(element.value)``.
    """
    import re

    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace("\u2060", "")
