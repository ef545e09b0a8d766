"""Childhood vaccination coverage (FHI, 5-year averages) onto the 2024 municipalities.

FHI names its areas on the 2018 structure and restates every window on it, so every value is read as a code
valid in 2018, whatever the window. Rules:
- A 5-year window's value is shown in the window's last year (2014-2018 -> 2018).
- Names are matched to the 2018 codes within their county's section, so Våler, Herøy, Nes, Os, Sande and Bø
  find the right municipality; an unmatched name stops the build.
- Where one 2018 municipality lies in one 2024 municipality, its value is kept as published. Where several
  merged (the 2020 reform), coverage is a share without its denominator (children of the age), so it is the
  mean of the parts weighted by population: the persons counted in SSB's education statistics in 2018 on the
  2018 codes (source education_level), the one population count per pre-2020 municipality in the project's
  files. Every part must have a value, else the window stays empty; a split code (Tysfjord, Snillfjord) is
  attributed to nobody, so Narvik, Hamarøy, Heim, Hitra and Orkland get no value (README, "Code changes").
"""

from __future__ import annotations

import re
from collections import defaultdict

import pandas as pd

from core.etl.code_mapping import CodeTable, codes_by_name_form, targets_in_year

STRUCTURE_YEAR = 2018
WEIGHT_YEAR = 2019
# FHI's county headings -> the county number of 2018 (SSB Klass 104, valid 2018-2019).
COUNTIES_2018 = {
    "Østfold": "01", "Akershus": "02", "Oslo": "03", "Hedmark": "04", "Oppland": "05", "Buskerud": "06",
    "Vestfold": "07", "Telemark": "08", "Aust-Agder": "09", "Vest-Agder": "10", "Rogaland": "11",
    "Hordaland": "12", "Sogn og Fjordane": "14", "Møre og Romsdal": "15", "Trøndelag": "50", "Nordland": "18",
    "Troms Romsa": "19", "Finnmark Finnmárku": "20",
}
# Our indicators: (age, FHI's vaccine labels). The measles vaccine is given as MMR only; FHI labels the series
# "Meslinger, kusma og røde hunder (MMR)" up to the window 2008-2012 and "Meslinger" from 2009-2013 on.
SERIES = {
    "measles_vaccination_age2": (2, ("Meslinger, kusma og røde hunder (MMR)", "Meslinger")),
    "dtp_vaccination_age2": (2, ("Difteri",)),
    "pneumococcal_vaccination_age2": (2, ("Pneumokokk",)),
    "hpv_vaccination_girls_age16": (16, ("HPV-infeksjon (jenter)",)),
}


def _forms(name: str) -> set[str]:
    """'Snåase - Snåsa' -> {'snåase - snåsa', 'snåase snåsa', 'snåase', 'snåsa'}; '(Nordland)' dropped."""
    base = re.sub(r"\s*\(.*\)$", "", name).strip()
    parts = [part.strip() for part in re.split(r"\s+[-–]\s+", base)]
    return {base.casefold(), " ".join(parts).casefold(), *(part.casefold() for part in parts)}


def codes_of_2018(rows: pd.DataFrame, table: CodeTable) -> dict[tuple[str, str], str]:
    """(FHI area label, FHI county label) -> the municipality code valid in 2018, for every municipality row."""
    lookup = codes_by_name_form(table, STRUCTURE_YEAR, _forms)
    found, unmatched = {}, []
    for area, county in rows.loc[rows.level == "municipality", ["area", "county"]].drop_duplicates().itertuples(
            index=False):
        number = COUNTIES_2018[county]
        base = re.sub(r"\s*\(.*\)$", "", area).strip()
        hits = lookup.get((base.casefold(), number), set())
        if not hits:  # Sami and Kven forms written without the dash: 'Fauske Fuosko', 'Storfjord Omasvuotna …'
            token_hits = [lookup.get((token.casefold(), number), set()) for token in base.split()]
            hits = set().union(*token_hits) if sum(bool(h) for h in token_hits) == 1 else set()
        if len(hits) != 1:
            unmatched.append(f"{area} ({county})")
            continue
        found[(area, county)] = next(iter(hits))
    if unmatched:
        raise ValueError(f"vaccination rows without a 2018 municipality code: {', '.join(unmatched)}")
    return found


def predecessors_2018(table: CodeTable) -> tuple[dict[str, list[str]], set[str]]:
    """2024 code -> the 2018 codes that lie in it; and the 2018 codes that were split between several."""
    targets = targets_in_year(table, STRUCTURE_YEAR)
    parts: dict[str, list[str]] = defaultdict(list)
    split = set()
    for old, new_codes in targets.items():
        if len(new_codes) > 1:
            split.add(old)
        for new in new_codes:
            parts[new].append(old)
    return dict(parts), split


def vaccination(rows: pd.DataFrame, table: CodeTable, education: pd.DataFrame):
    """Our vaccination indicators on 2024 codes (year = the window's last year), and what was left out and why.

    rows: as the reader returns them; education: the education_level reader's rows (code, year, total persons),
    whose 2018 totals weigh the parts of a merged municipality.
    """
    code_of = codes_of_2018(rows, table)
    municipal = rows[rows.level == "municipality"]
    municipal = municipal.assign(code=[code_of[key] for key in zip(municipal.area, municipal.county, strict=True)])
    parts, split = predecessors_2018(table)
    weights = education[education.year == WEIGHT_YEAR].set_index("code").total
    outputs, drops = [], []
    for indicator_id, (age, labels) in SERIES.items():
        chosen = municipal[(municipal.age == age) & municipal.vaccine.isin(labels)]
        # One value per code and window (the two measles labels never share a window).
        series = chosen.sort_values("vaccine").drop_duplicates(["code", "last_year"]).set_index(
            ["code", "last_year"]).value
        values, dropped = _onto_2024(series, parts, split, weights)
        outputs.append(values.assign(indicator_id=indicator_id))
        drops.append(dropped.assign(indicator_id=indicator_id))
    return pd.concat(outputs, ignore_index=True), pd.concat(drops, ignore_index=True)


def _onto_2024(series: pd.Series, parts: dict[str, list[str]], split: set[str], weights: pd.Series):
    """(2018 code, year) -> value onto 2024 codes: kept 1:1, weighted mean of complete parts, nothing from splits."""
    years = sorted(series.index.get_level_values(1).unique())
    by_code = series.unstack()
    kept, dropped = [], []
    for new, olds in sorted(parts.items()):
        for year in years:
            have = [old for old in olds if old in by_code.index and pd.notna(by_code.at[old, year])]
            if not have:
                continue
            if set(olds) & split:
                reason = "split code"
            elif len(have) < len(olds):
                reason = "incomplete predecessors"
            elif len(olds) > 1 and not all(old in weights.index for old in olds):
                reason = "several predecessors, no weights"
            else:
                reason = None
            if reason:
                dropped.extend({"code": old, "year": year, "reason": reason} for old in have)
                continue
            if len(olds) == 1:
                value = float(by_code.at[olds[0], year])
            else:
                w = weights[olds]
                value = float((by_code.loc[olds, year] * w).sum() / w.sum())
            kept.append({"code": new, "year": int(year), "value": value,
                         "quality": "official" if olds == [new] else "harmonised"})
    return (pd.DataFrame(kept, columns=["code", "year", "value", "quality"]),
            pd.DataFrame(dropped, columns=["code", "year", "reason"]))
