"""Greenhouse-gas emissions from land-based industry (Miljødirektoratet's register) onto the 2024 municipalities.

Rules:
- A municipality's value is the sum over the facilities placed in it (tonnes CO2-equivalent per year).
- Years 2001-2021. The register reports broadly from 2001: 100 of its 491 facilities first report that year and
  the national sum goes from 5.6 Mt (2000) to 17.0 Mt (2001); before that only a few large plants report (11 in
  1990), so earlier years would measure when reporting began, not emissions. 2022 is incomplete (reader).
- From 2001 the register lists every facility with an emission permit, so a municipality without one has 0 from
  this register (no industrial emissions of this kind), not an unknown value.
- Facilities are placed by name and county on the 2020-2023 structure. Facilities in 1507 Ålesund (2020-2023),
  divided into 1508 Ålesund and 1580 Haram in 2024, cannot be placed by the register's data, so both
  successors get no value (README, "Code changes"), though their facilities still count toward Møre og Romsdal
  and the country (the dropped rows say which municipalities they cover). Svalbard is not a municipality and is
  left out.
"""

from __future__ import annotations

import re

import pandas as pd

from core.etl.code_mapping import CodeTable, codes_by_name_form, targets_in_year

STRUCTURE_YEAR = 2022
FIRST_YEAR = 2001
INDICATOR_ID = "industrial_ghg_emissions"
NOT_MUNICIPALITIES = {"Svalbard"}


def _forms(name: str) -> set[str]:
    """'Harstad - Hárstták' -> {'harstad - hárstták', 'harstad', 'hárstták'}; '(Innlandet)' dropped."""
    base = re.sub(r"\s*\(.*\)$", "", name).strip()
    parts = [part.strip() for part in re.split(r"\s+[-–]\s+", base)]
    return {base.casefold(), *(part.casefold() for part in parts)}


def codes_by_name(facilities: pd.DataFrame, table: CodeTable, county_names: dict[str, str]) -> dict:
    """(municipality name, county name) as the register writes them -> code valid in 2020-2023."""
    numbers = {name.casefold(): number for number, name in county_names.items()}
    lookup = codes_by_name_form(table, STRUCTURE_YEAR, _forms)
    found, unmatched = {}, []
    pairs = facilities[["municipality", "county"]].drop_duplicates()
    for name, county in pairs[~pairs.county.isin(NOT_MUNICIPALITIES)].itertuples(index=False):
        number = numbers.get(county.casefold())
        # 'Våler i Innlandet' is the register's way of writing Våler (Innlandet).
        bare = re.sub(rf"\s+i\s+{re.escape(county)}$", "", name, flags=re.IGNORECASE)
        hits = set().union(*(lookup.get((form, number), set()) for form in _forms(bare)))
        if len(hits) != 1:
            unmatched.append(f"{name} ({county})")
            continue
        found[(name, county)] = next(iter(hits))
    if unmatched:
        raise ValueError(f"emission rows without a municipality code: {', '.join(unmatched)}")
    return found


def industrial_emissions(facilities: pd.DataFrame, table: CodeTable, county_names: dict[str, str],
                         municipality_codes: list[str]):
    """Tonnes CO2-equivalent per 2024 municipality and year (0 where the register has no facility), and the
    rows left out and why."""
    facilities = facilities[facilities.year >= FIRST_YEAR]
    outside = facilities[facilities.county.isin(NOT_MUNICIPALITIES)]
    placed = facilities[~facilities.county.isin(NOT_MUNICIPALITIES)]
    code_of = codes_by_name(placed, table, county_names)
    placed = placed.assign(code=[code_of[key] for key in zip(placed.municipality, placed.county, strict=True)])
    targets = targets_in_year(table, STRUCTURE_YEAR)
    placed = placed.assign(targets=placed.code.map(targets))
    split = placed[placed.targets.map(len) != 1]
    hidden = {code for codes in split.targets for code in codes}
    placed = placed[placed.targets.map(len) == 1].assign(target=lambda p: p.targets.str[0])
    years = range(FIRST_YEAR, int(facilities.year.max()) + 1)
    known = [code for code in municipality_codes if code not in hidden]
    sums = placed.groupby(["target", "year"]).tonnes.sum()
    grid = pd.MultiIndex.from_product([known, years], names=["code", "year"])
    values = sums.rename_axis(["code", "year"]).reindex(grid, fill_value=0.0).rename("value").reset_index()
    renamed = set(placed.loc[placed.code != placed.target, "target"])
    values["quality"] = values.code.map(lambda code: "harmonised" if code in renamed else "official")
    # A split code's facilities are all of its successors' facilities: they count whole toward the county and the
    # country (covers, complete; see core.etl.aggregate), though toward neither municipality.
    pooled = split.groupby(["code", "year"], as_index=False).agg(value=("tonnes", "sum"), covers=("targets", "first"))
    dropped = pd.concat([
        pooled.assign(reason="split code", complete=True),
        outside.assign(code=outside.municipality)[["code", "year"]].assign(reason="not a municipality"),
    ], ignore_index=True).drop_duplicates(["code", "year", "reason"])
    return values.assign(indicator_id=INDICATOR_ID), dropped.assign(indicator_id=INDICATOR_ID)
