"""Where the project's data lives on disk."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = ROOT / "content"
DATA_DIR = ROOT / "core" / "data"
ASSETS_DIR = ROOT / "assets"
ADAPTERS_DIR = ASSETS_DIR / "adapters"
