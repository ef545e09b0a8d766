"""Kartverket's municipal and county boundaries 2024 (GeoJSON, WGS84, via robhop/fylker-og-kommuner)."""

from __future__ import annotations

import json
from pathlib import Path


def read(path: Path) -> list[dict]:
    """The GeoJSON features: properties (kommunenummer/kommunenavn or fylkesnummer/fylkesnavn, name) and geometry."""
    return json.loads(path.read_text(encoding="utf-8"))["features"]
