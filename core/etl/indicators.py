"""Each catalogue indicator built as municipal values on 2024 codes from its upstream series (as read by their
readers, core/etl/readers)."""

from __future__ import annotations

import re

import pandas as pd

from core.etl.code_mapping import CodeTable, harmonise, targets_in_year

# The SSB area-profile variable behind each of our indicator ids.
AREA_PROFILE_VARIABLES = {
    "Andel personer i lavinntekthusholdning (EU60). Prosent": "low_income_eu60",
    "Andel tettstedsbosatte med trygg tilgang til rekreasjonsareal. Prosent": "recreation_access",
    "Andel tettstedsbosatte med trygg tilgang til nærturterreng. Prosent": "nearby_nature_access",
    "Andel potensielt tilgjengelig strandsoneareal. Prosent": "shoreline_available",
    "Byggesøknader i 100-m beltet innvilget gjennom dispensasjon. Antall": "shoreline_dispensations",
    "Omdisponering av dyrket jord siste 4 år. Dekar": "farmland_converted",
    "Omdisponering av dyrkbar jord siste 4 år. Dekar": "arable_land_converted",
    "Antall igangsatte bygninger innen naturfareområder siste 4 år": "buildings_in_hazard_zones",
    "Andel bosatte i tettsted. Prosent": "urban_settlement_share",
    "Bosatte per kvadratkilometer tettstedsareal": "urban_density",
    "Andel over 60 år. Prosent": "share_aged_60_plus",
    "Netto innflytting. Antall personer": "net_migration",
    "Boliger, igangs. siste 4 år, gj.avst. sentrumssone. Km": "new_dwellings_centre_distance",
    "Boliger igangs. siste 4 år, gj.avst. til arbeidsplassklynger. Km": "new_dwellings_workplace_distance",
    "Nye bygg i strandsona siste 4 år": "new_shoreline_buildings",
    "Godkjent nydyrket areal. Dekar": "new_cultivated_land",
    "Boligareal per bosatt. Kvadratmeter": "residential_land_per_resident",
}
# A share SSB gives without its count, and the count (new dwellings, last 4 years) that is its denominator, so that
# county and national values are the ratio of sums.
NEW_DWELLINGS_OUTSIDE = "Andel nye boliger siste 4 år utenfor tettsted"
NEW_DWELLINGS = "Nye boliger siste 4 år"
# Column positions in Nkom's tables (after the two name columns).
FIXED_BROADBAND_COLUMNS = {11: "fixed_broadband_100", 12: "fixed_broadband_1000"}
MOBILE_BROADBAND_COLUMNS = {5: "mobile_5g_100"}
HYDROPOWER_FIRST_YEAR = 2000
# NVE's unit types that generate power (a 'Pumpe' consumes it).
GENERATING_TYPES = ("Kraftverk", "Pumpekraftverk")
SNAPSHOT_YEAR = 2022

COLUMNS = ["indicator_id", "code", "year", "value", "quality", "num", "den"]


def population(published: pd.DataFrame, splits: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """SSB's population on 2024 borders, less the years a split municipality was undivided.

    SSB gives 1508 Ålesund the whole of 1507 (with Haram) for 2020-2023 and Haram 0; neither is
    Ålesund or Haram within 2024 borders, so those years are left empty for both. Their sum is
    still right for the county and the country, so those rows are returned apart, for aggregation.
    """
    raw = published[["code", "year", "value"]]
    undivided = pd.Series(False, index=raw.index)
    for split in splits:
        if "valid_from" in split:
            undivided |= raw.code.isin(split["successors"]) & raw.year.between(split["valid_from"], split["valid_to"])
    municipal = raw[raw.value > 0]  # SSB's 0 for an undividable predecessor means no data: nobody lives nowhere
    municipal = municipal[~municipal.index.isin(raw.index[undivided])]
    marks = {"indicator_id": "population", "quality": "official"}
    return municipal.assign(**marks), raw[undivided].assign(**marks)


def area_profiles(profiles: pd.DataFrame) -> pd.DataFrame:
    """The SSB area-profile variables we use, under our indicator ids."""
    ours = profiles[profiles.variable.isin(AREA_PROFILE_VARIABLES)]
    return pd.DataFrame(
        {"indicator_id": ours.variable.map(AREA_PROFILE_VARIABLES), "code": ours.code, "year": ours.year,
         "value": ours.value}
    ).assign(quality="official")


def new_dwellings_outside_settlements(profiles: pd.DataFrame) -> pd.DataFrame:
    """SSB's share of new dwellings (last 4 years) outside urban settlements, with the dwellings outside (num) and
    all new dwellings (den), so that counties and the country are the ratio of sums."""
    wide = profiles[profiles.variable.isin([NEW_DWELLINGS_OUTSIDE, NEW_DWELLINGS])].pivot_table(
        index=["code", "year"], columns="variable", values="value")
    wide = wide.dropna(subset=[NEW_DWELLINGS_OUTSIDE]).reset_index()
    new = wide[NEW_DWELLINGS] if NEW_DWELLINGS in wide else pd.Series(float("nan"), index=wide.index)
    return pd.DataFrame({
        "indicator_id": "new_dwellings_outside_settlements", "code": wide.code, "year": wide.year,
        "value": wide[NEW_DWELLINGS_OUTSIDE], "quality": "official",
        "num": wide[NEW_DWELLINGS_OUTSIDE] / 100 * new, "den": new,
    })


def with_urban_density_parts(municipal: pd.DataFrame) -> pd.DataFrame:
    """urban_density rows with num and den, so that counties and the country get the ratio of sums (the catalogue's
    rule): residents in settlements = population x urban_settlement_share / 100, and settlement area = those
    residents / density. den holds 100 x the area in km², since the ratio rule gives 100 x num / den. A row without
    the population or share of its year keeps no parts (and its county is marked partial)."""
    parts = municipal[municipal.indicator_id.isin(["population", "urban_settlement_share"])].pivot_table(
        index=["code", "year"], columns="indicator_id", values="value", aggfunc="first")
    density = municipal.indicator_id == "urban_density"
    keys = pd.MultiIndex.from_frame(municipal.loc[density, ["code", "year"]])
    residents = (parts.reindex(keys)["population"] * parts.reindex(keys)["urban_settlement_share"] / 100).to_numpy()
    municipal = municipal.copy()
    municipal.loc[density, "num"] = residents
    municipal.loc[density, "den"] = 100 * residents / municipal.loc[density, "value"].to_numpy()
    return municipal


def _ratio_series(frame, table, indicator_id, num, den, share, source) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Shares with a numerator and denominator: the official share where one code maps 1:1, else num/den.

    The dropped rows keep num, den and value (the share), for the county and national ratios."""
    harmonised, dropped = harmonise(frame, table, additive=[num, den, share], source=source)
    single = harmonised.n_codes == 1
    value = harmonised[share].where(single, 100 * harmonised[num] / harmonised[den])
    quality = pd.Series("harmonised", index=harmonised.index).where(harmonised.renamed | ~single, "official")
    out = pd.DataFrame(
        {
            "indicator_id": indicator_id,
            "code": harmonised.code,
            "year": harmonised.year,
            "value": value,
            "quality": quality,
            "num": harmonised[num],
            "den": harmonised[den],
        }
    )
    dropped = dropped.rename(columns={num: "num", den: "den", share: "value"})
    return out, dropped.assign(indicator_id=indicator_id)


def education(levels: pd.DataFrame, table: CodeTable):
    return _ratio_series(levels, table, "higher_education_share", "higher", "total", "share", "education_level")


def turnout(elections: pd.DataFrame, table: CodeTable):
    return _ratio_series(elections, table, "turnout_parliament", "votes", "electorate", "share", "turnout")


def codes_by_name(table: CodeTable, year: int, county_names: dict[str, str]) -> dict[tuple[str, str], str]:
    """(upper-case name form, upper-case county name) -> code valid in that year."""
    rows = table.rows[
        (table.rows.valid_from <= year) & (year <= table.rows.valid_to) & (table.rows.new_codes.map(len) > 0)
    ]
    lookup = {}
    for row in rows.itertuples():
        county = county_names.get(row.old_code[:2], "").upper()
        for form in [row.old_name, *row.old_name.split(" - ")]:
            lookup[(_without_qualifier(form), county)] = row.old_code
    return lookup


def _without_qualifier(name: str) -> str:
    """'Herøy (Nordland)' and 'OS (INNLANDET)' -> the bare upper-case name; the county disambiguates."""
    return re.sub(r"\s*\(.*\)$", "", name).strip().upper()


def broadband(coverage: pd.DataFrame, columns: dict[int, str], table: CodeTable, county_names: dict[str, str]):
    frame = coverage[["name", "county_name", *columns]].rename(columns=columns)
    lookup = codes_by_name(table, SNAPSHOT_YEAR, county_names)
    frame["code"] = [lookup.get((_without_qualifier(n), c)) for n, c in zip(frame.name, frame.county_name, strict=True)]
    unmatched = frame[frame.code.isna()]
    if not unmatched.empty:
        raise ValueError(f"broadband rows without a municipality code: {', '.join(unmatched.name)}")
    outputs, drops = [], []
    for indicator_id in columns.values():
        part = frame[["code"]].assign(year=SNAPSHOT_YEAR, value=frame[indicator_id])
        harmonised, dropped = harmonise(part, table, additive=["value"], single_only=True)
        quality = harmonised.renamed.map({True: "harmonised", False: "official"})
        outputs.append(harmonised[["code", "year", "value"]].assign(indicator_id=indicator_id, quality=quality))
        drops.append(dropped.assign(indicator_id=indicator_id))
    return pd.concat(outputs, ignore_index=True), pd.concat(drops, ignore_index=True)


def hydropower(plants: pd.DataFrame, table: CodeTable, municipality_codes: list[str]):
    """Capacity by year rebuilt from commissioning dates, and the 2022 snapshot of mean production.

    The generating units count: NVE's Kraftverk and Pumpekraftverk rows (a pump-storage plant is a plant of its own,
    e.g. Saurdal 640 MW). Pumpe rows are pumps, which consume power: they are left out of both, so the values are
    gross generating capacity and gross normal-year production (the catalogue notes say why).
    A municipality absent from NVE's register of all plants has none, so it gets 0, except where a split code
    hides which successor a plant is in: those successors get no value, and the plants are returned among the
    dropped rows with the municipalities they lie in (covers), for the county and national sums.
    """
    plants = plants[plants.type.isin(GENERATING_TYPES)].copy()
    targets = targets_in_year(table, SNAPSHOT_YEAR)
    plants["targets"] = plants.code.map(lambda code: targets.get(code, ()))
    unplaced = plants[plants.targets.map(len) != 1]
    hidden = {code for codes in unplaced.targets for code in codes}
    plants = plants[plants.targets.map(len) == 1].assign(target=lambda p: p.targets.str[0])
    known = [code for code in municipality_codes if code not in hidden]
    capacity = _capacity_by_year(plants, "target", known)
    production = plants.groupby("target").production_gwh.sum().reindex(known, fill_value=0.0)
    out = pd.concat(
        [
            capacity.assign(indicator_id="hydropower_capacity", quality="reconstructed"),
            pd.DataFrame(
                {
                    "code": production.index,
                    "year": SNAPSHOT_YEAR,
                    "value": production.values,
                    "indicator_id": "hydropower_production",
                    "quality": "official",
                }
            ),
        ],
        ignore_index=True,
    )
    # The register lists every plant, so the plants of a split code are the whole of its successors (complete).
    covers = unplaced.drop_duplicates("code").set_index("code").targets
    unplaced_production = unplaced.groupby("code").production_gwh.sum()
    dropped = pd.concat(
        [
            _capacity_by_year(unplaced, "code", list(covers.index)).assign(indicator_id="hydropower_capacity"),
            pd.DataFrame({"code": unplaced_production.index, "year": SNAPSHOT_YEAR,
                          "value": unplaced_production.values, "indicator_id": "hydropower_production"}),
        ],
        ignore_index=True,
    )
    dropped["covers"] = dropped.code.map(covers)
    dropped["complete"] = dropped.covers.map(len) > 0
    return out, dropped.assign(reason="split or unknown code")


def _capacity_by_year(plants: pd.DataFrame, key: str, codes: list[str]) -> pd.DataFrame:
    """code, year, value: the capacity of the plants of each code (in column key) commissioned by each year."""
    years = range(HYDROPOWER_FIRST_YEAR, SNAPSHOT_YEAR + 1)
    return pd.DataFrame(
        [
            {"code": code, "year": year,
             "value": float(plants.capacity_mw[(plants[key] == code) & (plants.start_year <= year)].sum())}
            for code in codes
            for year in years
        ],
        columns=["code", "year", "value"],
    )
