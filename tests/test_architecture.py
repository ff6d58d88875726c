"""The layout rules (CONTRIBUTING.md): arrows one way, pages -> features -> core/ui -> content.

- core/ never imports streamlit, ui, features or pages; no Streamlit caching there.
- ui/ never imports features or pages.
- a feature imports core/ and ui/, never another feature.
- inside a feature only its Streamlit modules (page.py, widgets*.py, panels*.py, sections*.py) import
  streamlit; every other module is pure and is tested without Streamlit.
- pages/<name>.py is a shim that calls features.<name>.page.render(); the registry lists every page once.
- no file outside tests/ is over 400 lines; a feature's page.py is at most 150.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from core import registry

ROOT = Path(__file__).resolve().parent.parent
CORE_FILES = sorted((ROOT / "core").rglob("*.py"))
UI_FILES = sorted((ROOT / "ui").rglob("*.py"))
FEATURE_FILES = sorted((ROOT / "features").rglob("*.py"))
STREAMLIT_MODULE = re.compile(r"^(page|widgets|panels|sections)(_\w+)?\.py$")
SOURCE_DIRS = ("core", "features", "ui", "pages", "bench")


def _imports(path: Path) -> set[str]:
    """Dotted names imported by ``path`` (``from a.b import c`` gives ``a.b`` and ``a.b.c``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _tops(path: Path) -> set[str]:
    return {name.split(".")[0] for name in _imports(path)}


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", CORE_FILES, ids=_rel)
def test_core_never_imports_streamlit_ui_or_features(path: Path) -> None:
    assert not ({"streamlit", "ui", "pages", "features"} & _tops(path))


@pytest.mark.parametrize("path", CORE_FILES + FEATURE_FILES, ids=_rel)
def test_no_streamlit_caching_outside_the_streamlit_layer(path: Path) -> None:
    if path.parts[-3:-2] == ("features",) and STREAMLIT_MODULE.match(path.name):
        return  # a feature's page and widget modules may cache
    text = path.read_text(encoding="utf-8")
    assert "cache_data" not in text and "cache_resource" not in text


@pytest.mark.parametrize("path", UI_FILES, ids=_rel)
def test_ui_never_imports_features_or_pages(path: Path) -> None:
    assert not ({"pages", "features"} & _tops(path))


@pytest.mark.parametrize("path", FEATURE_FILES, ids=_rel)
def test_a_feature_imports_no_other_feature(path: Path) -> None:
    own = path.relative_to(ROOT / "features").parts[0]
    others = {
        name.split(".")[1]
        for name in _imports(path)
        if name.startswith("features.") and len(name.split(".")) > 1
    }
    assert others <= {own}, f"{_rel(path)} imports features {sorted(others - {own})}"
    assert "pages" not in _tops(path)


@pytest.mark.parametrize("path", FEATURE_FILES, ids=_rel)
def test_only_a_features_streamlit_modules_import_streamlit(path: Path) -> None:
    if "streamlit" in _tops(path):
        assert STREAMLIT_MODULE.match(path.name), (
            f"{_rel(path)} imports streamlit; name it page.py, widgets*.py, panels*.py or sections*.py, "
            "or move the Streamlit part there and keep this module pure"
        )


@pytest.mark.parametrize("spec", registry.PAGES, ids=lambda s: s.name)
def test_each_registered_page_has_a_shim_and_a_feature(spec: registry.PageSpec) -> None:
    shim = ROOT / spec.file
    assert shim.is_file(), spec.file
    lines = shim.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 15, f"{spec.file} is a shim of at most 15 lines"
    assert _imports(shim) <= {f"features.{spec.name}", spec.module, f"{spec.module}.render"}, (
        f"{spec.file} only calls {spec.module}.render()"
    )
    page = ROOT / "features" / spec.name / "page.py"
    assert page.is_file()
    tree = ast.parse(page.read_text(encoding="utf-8"))
    assert any(isinstance(n, ast.FunctionDef) and n.name == "render" for n in tree.body)


def test_every_page_file_is_registered() -> None:
    files = {f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py")}
    assert files == {spec.file for spec in registry.PAGES}
    assert len(set(registry.PAGE_NAMES)) == len(registry.PAGES)
    prefixes = [spec.key_prefix for spec in registry.PAGES]
    assert all(not a.startswith(b) for a in prefixes for b in prefixes if a != b), "prefixes overlap"


def test_the_page_list_is_written_once() -> None:
    """Nothing but the registry lists the page files (app.py, links and tests read it)."""
    for path in (ROOT / "app.py", *UI_FILES, *CORE_FILES, ROOT / "tests" / "apptest.py"):
        if path.name == "registry.py":
            continue
        text = path.read_text(encoding="utf-8")
        listed = [spec.file for spec in registry.PAGES if f'"{spec.file}"' in text]
        assert len(listed) <= 1, f"{_rel(path)} lists pages {listed}; use core.registry"


def _source_files() -> list[Path]:
    return [*sorted(p for d in SOURCE_DIRS for p in (ROOT / d).rglob("*.py")), ROOT / "app.py"]


@pytest.mark.parametrize("path", _source_files(), ids=_rel)
def test_no_source_file_is_over_400_lines(path: Path) -> None:
    n = len(path.read_text(encoding="utf-8").splitlines())
    limit = 150 if path.name == "page.py" and path.parts[-3:-2] == ("features",) else 400
    assert n <= limit, f"{_rel(path)} has {n} lines (at most {limit})"
