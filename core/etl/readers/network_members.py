"""The network's founding members of 2020, transcribed from public web pages (CSV, mirror-only)."""

from __future__ import annotations

import csv
from pathlib import Path


def read(path: Path) -> list[dict[str, str]]:
    """One dict per member: type, nummer_2024, navn, grunnlag, kilde_url, … as written."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
