"""Recorded answers of SSB's APIs (JSON-stat 2.0 and 1.0, table metadata, queries) for the offline tests."""

from __future__ import annotations

import json
from pathlib import Path


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
