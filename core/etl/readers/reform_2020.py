"""Municipal mergers and renumberings 2002-2024 (SSB Klass 131, via oystess/valg_analyser, CSV)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def read(path: Path) -> pd.DataFrame:
    """The table as text: nytt_nr, aar, and the codes merged into it."""
    return pd.read_csv(path, dtype=str)
