"""The one list of pages: data only, read by app.py (navigation), ui.links (links between pages), the
content checks (a lesson's "try it" names a page) and the tests (one contract test over every page).

Adding a page: one ``PageSpec`` here, a shim ``pages/<name>.py`` and the feature folder
``features/<name>/`` with ``page.py`` (see CONTRIBUTING.md, "Add a page").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Section = Literal["nav.section_start", "nav.section_learn", "nav.section_try", "nav.section_decide"]
SECTIONS: tuple[Section, ...] = (
    "nav.section_start",
    "nav.section_learn",
    "nav.section_try",
    "nav.section_decide",
)


@dataclass(frozen=True)
class PageSpec:
    """One page. ``name`` is the feature folder (``features/<name>/``) and the name links use."""

    name: str
    title_key: str  # interface string of the navigation title
    icon: str
    section: Section
    key_prefix: str  # every widget key of the page starts with it (unique keys across pages)

    @property
    def file(self) -> str:
        """The shim Streamlit runs; ``st.Page`` and ``st.page_link`` take this path."""
        return f"pages/{self.name}.py"

    @property
    def url_path(self) -> str:
        """The page's address below the app (the default page has none)."""
        return "" if self.name == DEFAULT_PAGE else self.name

    @property
    def module(self) -> str:
        return f"features.{self.name}.page"


DEFAULT_PAGE = "home"

PAGES: tuple[PageSpec, ...] = (
    PageSpec("home", "nav.home", ":material/home:", "nav.section_start", "home_"),
    PageSpec("lessons", "nav.lessons", ":material/school:", "nav.section_learn", "lessons_"),
    PageSpec("glossary", "nav.glossary", ":material/menu_book:", "nav.section_learn", "glossary_"),
    PageSpec("playground", "nav.playground", ":material/chat:", "nav.section_try", "pg_"),
    PageSpec("tokens", "nav.tokens", ":material/token:", "nav.section_try", "tok_"),
    PageSpec("simulator", "nav.simulator", ":material/calculate:", "nav.section_try", "sim_"),
    PageSpec("datalab", "nav.datalab", ":material/dataset:", "nav.section_try", "dl_"),
    PageSpec("experiment", "nav.experiment", ":material/science:", "nav.section_try", "exp_"),
    PageSpec("wizard", "nav.wizard", ":material/alt_route:", "nav.section_decide", "wiz_"),
)

PAGE_NAMES: tuple[str, ...] = tuple(p.name for p in PAGES)
_BY_NAME = {p.name: p for p in PAGES}


def page(name: str) -> PageSpec:
    """The page called ``name``; a ``KeyError`` names the unknown page."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"no page named {name!r}; registered: {', '.join(PAGE_NAMES)}") from None


def by_section() -> dict[Section, tuple[PageSpec, ...]]:
    """The pages grouped by navigation section, in registry order."""
    return {s: tuple(p for p in PAGES if p.section == s) for s in SECTIONS}
