"""The 2024 renumbering: Viken, Vestfold og Telemark, Troms og Finnmark split; Ålesund (via vegard1104, JSON)."""

from __future__ import annotations

import json
from pathlib import Path


def read(path: Path) -> dict[str, dict]:
    """New 2024 code -> {'name': …, 'oldCodes': [{'code': …}, …]}: the file's 'endringer'."""
    return json.loads(path.read_text(encoding="utf-8"))["endringer"]
