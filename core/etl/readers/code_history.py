"""Historical municipality codes mapped to 2024 codes with validity years (SSB Klass 131, via oystess/valg_analyser)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def read(path: Path) -> pd.DataFrame:
    """The table as text, empty cells as '': gammelt_nr, navn, start_yr, end_yr, nr_2024."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)
