"""Municipality names (Norwegian and Sami forms), administrative centres, areas (aprestmo/norway-geodata, JSON)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd


def read(path: Path) -> pd.DataFrame:
    """One row per municipality with the file's own fields: id, name, name_no, adm_center, language, area, …"""
    return pd.DataFrame(json.loads(path.read_text(encoding="utf-8")))
