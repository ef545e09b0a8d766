"""The SDG framework (goals, targets, indicators in bokmål and English) from the Open SDG translation files.

The U4SSC KPI catalogue needs no shaping beyond its reader (core/etl/readers/u4ssc_kpis.py)."""

from __future__ import annotations

import re

import pandas as pd

Texts = dict[str, str]  # one translation file as read (core/etl/readers/sdg_translations.py)


def sdg_frames(goals: dict[str, Texts], targets: dict[str, Texts], indicators: dict[str, Texts],
               colours: dict[int, str]):
    """Return (goals, targets, indicators) frames; each language dict maps 'en'/'nb' to that language's file."""
    g = goals
    goal_frame = pd.DataFrame(
        [
            {
                "number": n,
                "short_nb": g["nb"][f"{n}-short"],
                "short_en": g["en"][f"{n}-short"],
                "title_nb": g["nb"][f"{n}-title"],
                "title_en": g["en"][f"{n}-title"],
                "colour": colours[n],
            }
            for n in range(1, 18)
        ]
    )
    return goal_frame, _titled(targets, "target"), _titled(indicators, "indicator")


def _titled(texts: dict[str, Texts], level: str) -> pd.DataFrame:
    rows = []
    for key, title_en in texts["en"].items():
        match = re.fullmatch(r"(\d+)-([0-9a-z]+)(?:-(\d+))?-title", key)
        if not match:
            continue
        goal, target, number = match.groups()
        code = f"{goal}.{target}" + (f".{number}" if number else "")
        row = {"code": code, "goal": int(goal), "title_en": title_en, "title_nb": texts["nb"].get(key) or title_en}
        if level == "indicator":
            row["target_code"] = f"{goal}.{target}"
        rows.append(row)
    return pd.DataFrame(rows).drop_duplicates("code")
