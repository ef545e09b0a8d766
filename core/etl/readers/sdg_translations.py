"""The SDG goals, targets and indicators in bokmål and English (UN text, Open SDG translations, YAML)."""

from __future__ import annotations

from pathlib import Path

import yaml


def read(path: Path) -> dict[str, str]:
    """One translation file: keys such as '3-short', '3-title', '3-4-title', '3-4-1-title' -> text."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))
