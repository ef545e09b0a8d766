"""Paths and settings, read from the environment so deployments need no code change."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CATALOGUE_DIR = PROJECT_ROOT / "data"
SOURCES_MANIFEST = CATALOGUE_DIR / "sources.yaml"
INDICATOR_CATALOGUE = CATALOGUE_DIR / "indicators.yaml"
TRANSLATIONS_FILE = CATALOGUE_DIR / "translations.yaml"
# One more file per feature (data/translations/*.yaml), so that features do not all edit one file.
TRANSLATIONS_DIR = CATALOGUE_DIR / "translations"


def data_dir() -> Path:
    """Where fetched, verified upstream files live (never committed)."""
    return Path(os.environ.get("DATA_DIR", PROJECT_ROOT / "var" / "sources"))


def data_mirror() -> Path | None:
    """Local mirror of the upstream files; `../shared/data` when present."""
    configured = os.environ.get("DATA_MIRROR")
    if configured:
        return Path(configured)
    default = PROJECT_ROOT.parent / "shared" / "data"
    return default if default.is_dir() else None


def database_url() -> str:
    """SQLite file by default; DATABASE_URL switches to PostgreSQL (psycopg 3)."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{PROJECT_ROOT / 'var' / 'dashboard.sqlite'}"
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://") :]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url
