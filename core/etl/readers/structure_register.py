"""SSB's centrality index and KOSTRA group per municipality and year (Excel, via Samarbeidsdesken/p02-ukraina)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def read(path: Path) -> pd.DataFrame:
    """The sheet as text: Kommunenummer, År, sentralitet, kostranr, … (codes keep their leading zeros)."""
    return pd.read_excel(path, dtype=str)
