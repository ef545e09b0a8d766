"""Independent re-computation of the exported municipal scores, colours, trends and progress.

The expected values are computed here from the raw source files (var/sources) and the indicator
catalogue (data/indicators.yaml) alone, following DESIGN.md "Methods"; nothing from the project's
scoring code is imported. The export under test comes from the command line
(`python -m core export-scores`), whose main() runs in this process (one process per export cost a minute).

Two layers:
- raw layer: the area-profile indicators and turnout are scored here straight from the raw files;
  the values of the broadband indicators (Nkom) and of the higher-education share (SSB/IMDi) are
  checked against their raw files;
- rule layer: every indicator-level row of the export, for municipalities and counties, is
  re-scored from the project's own exported observations (`python -m core export`), so that the
  bounds, score, colour, trend and progress rules are checked for every scored indicator.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "var" / "sources" / "timeseries"
AREA_PROFILES = SOURCES / "evensrii-telemark" / "Uttrekk_arealprofiler_AlleKommuner_AlleÅr.xlsx"
TURNOUT = SOURCES / "hnygard-valgresultat" / "stortingsvalg_valgdeltakelse_kommuner_2009-2025.csv"
CATALOGUE = ROOT / "data" / "indicators.yaml"
ONLINE_SOURCES = ("ssb_api_", "fhi_api_", "miljodir")  # data/ssb_tables.yaml: fetched by `python -m core ssb-refresh`
REGISTER = ROOT / "var" / "sources" / "register" / "aprestmo-norway-geodata" / "municipalities-2025.json"
FIXED_BROADBAND = SOURCES / "evensrii-telemark" / "Dekning_fbb_kommuner_husstander.csv"
MOBILE_BROADBAND = SOURCES / "evensrii-telemark" / "Dekning_mob_kommuner_husstander.csv"
EDUCATION = SOURCES / "evensrii-telemark" / "utdanningsnivå_alle_fylker_2020.csv"

AREA_VARIABLES = {
    "low_income_eu60": "Andel personer i lavinntekthusholdning (EU60). Prosent",
    "recreation_access": "Andel tettstedsbosatte med trygg tilgang til rekreasjonsareal. Prosent",
    "nearby_nature_access": "Andel tettstedsbosatte med trygg tilgang til nærturterreng. Prosent",
    "shoreline_available": "Andel potensielt tilgjengelig strandsoneareal. Prosent",
    # Counts are scored per 1 000 inhabitants on 1 January of the same year (DESIGN.md, Methods: counts).
    "shoreline_dispensations_per_1000": "Byggesøknader i 100-m beltet innvilget gjennom dispensasjon. Antall",
    "farmland_converted_per_1000": "Omdisponering av dyrket jord siste 4 år. Dekar",
    "buildings_in_hazard_zones_per_1000": "Antall igangsatte bygninger innen naturfareområder siste 4 år",
}
PER_1000 = {"shoreline_dispensations_per_1000", "farmland_converted_per_1000", "buildings_in_hazard_zones_per_1000"}
POPULATION = SOURCES / "oystess-valg_analyser" / "befolkning_2024.csv"
MUNICIPALITIES_2024 = 357  # published fact (SSB): written here, not read from the project, to stay independent
TURNOUT_ID = "turnout_parliament"
ELECTIONS = (2009, 2013, 2017, 2021, 2025)
BASE_YEAR = 2015
TARGET_YEAR = 2030
LEVELS = ("municipality", "county")
OBSERVATION_COLUMNS = ["code", "name", "level", "indicator", "year", "value", "unit", "source"]

# Nkom, 1st half 2022: indicator -> (file, 0-based column, its header, header of the block it sits in).
BROADBAND_COLUMNS = {
    "fixed_broadband_100": (FIXED_BROADBAND, 11, "≥ 100", "Hastighet - alle teknologier"),
    "fixed_broadband_1000": (FIXED_BROADBAND, 12, "≥ 1000", "Hastighet - alle teknologier"),
}
BROADBAND_BLOCK_START = {FIXED_BROADBAND: 10, MOBILE_BROADBAND: 4}
BROADBAND_YEAR = 2022
# Nkom's (2020-2023) county names -> the 2024 county numbers they cover.
NKOM_COUNTIES = {
    "OSLO": {"03"}, "ROGALAND": {"11"}, "MØRE OG ROMSDAL": {"15"}, "NORDLAND": {"18"},
    "VIKEN": {"31", "32", "33"}, "INNLANDET": {"34"}, "VESTFOLD OG TELEMARK": {"39", "40"},
    "AGDER": {"42"}, "VESTLAND": {"46"}, "TRØNDELAG": {"50"}, "TROMS OG FINNMARK": {"55", "56"},
}
# 2022 rows split in 2024: the parts get no 2022 value (a share cannot be divided).
SPLIT_IN_2024 = {("ÅLESUND", "MØRE OG ROMSDAL"): ("1508", "1580")}
EDUCATION_YEARS = tuple(range(2011, 2021))
# 2024 codes that absorbed other municipalities since 2009 and kept their code: {absorbed code: its last year}.
# Such a code is in every file, but its earlier values are not the 2024 municipality's: Finnøy and Rennesøy
# joined Stavanger and Klæbu joined Trondheim on 1 January 2020. (Written out here because the mapping files in
# var/sources/codes/oystess-valg_analyser also list wrong mergers, e.g. 1430 Gaular -> 4646 Fjaler, 1571 Halsa ->
# 1576 Aure, 1419 Leikanger -> 4642 Lærdal.)
KEPT_CODE_MERGERS = {"1103": {"1141": 2019, "1142": 2019}, "5001": {"5030": 2019}}
# Education rows that hold more than their code's municipality, so neither municipality has that year's value: the
# 2020 row of K1120 Klepp is Klepp and Time (18 375 persons against 9 155 + 8 912 in 2019; Time's 2020 cell is empty).
EDUCATION_COMBINED_ROWS = {("1120", 2020)}


# --- independent rules -------------------------------------------------------------------------


def _number(entry):
    """A catalogue number: either a bare value or {value: ..., source: ...}."""
    if isinstance(entry, dict):
        entry = entry.get("value")
    return None if entry is None else float(entry)


def _bounds(spec: dict, latest_values: np.ndarray) -> tuple[float, float]:
    upper = spec["optimum"]
    if spec["lower_bound"] is not None:
        return spec["lower_bound"], upper
    percentile = 2.5 if spec["direction"] == "higher" else 97.5
    return float(np.percentile(latest_values, percentile)), upper


def _score(x: float, lower: float, upper: float) -> float:
    return min(max(100.0 * (x - lower) / (upper - lower), 0.0), 100.0)


def _colour(x: float, spec: dict) -> str:
    green, red = spec["green"], spec["red"]
    middle = (green + red) / 2
    if spec["direction"] == "higher":
        if x >= green:
            return "green"
        if x < red:
            return "red"
        return "yellow" if x >= middle else "orange"
    if x <= green:
        return "green"
    if x > red:
        return "red"
    return "yellow" if x <= middle else "orange"


def _trend(series: dict[int, float], spec: dict, lower: float, upper: float) -> str:
    years = sorted(year for year in series if year >= BASE_YEAR)
    if len(years) < 2:
        return "too_few"
    base, now = years[0], years[-1]
    s_base, s_now = _score(series[base], lower, upper), _score(series[now], lower, upper)
    green_score = _score(spec["green"], lower, upper)
    if s_now >= green_score:
        return "on_track"
    seen = (s_now - s_base) / (now - base)
    if seen < 0:
        return "decreasing"
    needed = (green_score - s_base) / (TARGET_YEAR - base)
    if needed <= 0:
        return "stagnating"
    ratio = seen / needed
    if ratio >= 1:
        return "on_track"
    if ratio > 0.5:
        return "moderate"
    return "stagnating"


def _cagr(a: float, b: float, n: float) -> float | None:
    if n <= 0 or a <= 0 or b < 0:
        return None
    return (b / a) ** (1.0 / n) - 1.0


def _progress(series: dict[int, float], spec: dict) -> str:
    """Eurostat progress as DESIGN.md states it: reached when the latest value meets the target; moving away when
    the base met it and the latest does not; the linear ratio where no growth rate exists (a base of 0)."""
    years = sorted(year for year in series if year >= BASE_YEAR)
    if len(years) < 2:
        return "too_few"
    base, now = years[0], years[-1]
    x_base, x_now = series[base], series[now]
    higher = spec["direction"] == "higher"
    target = spec["target"]
    if target is None:
        growth = _cagr(x_base, x_now, now - base)
        if growth is None:
            mean = sum(abs(series[y]) for y in years) / len(years)
            if mean == 0:
                return "moderate"  # 0 throughout: no change
            growth = (x_now - x_base) / (now - base) / mean
        growth = growth if higher else -growth
        if growth > 0.01:
            return "substantial"
        if growth >= 0:
            return "moderate"
        if growth >= -0.01:
            return "moderately_away"
        return "moving_away"
    meets = (lambda x: x >= target) if higher else (lambda x: x <= target)
    if meets(x_now):
        return "reached"
    if meets(x_base):
        return "moving_away"
    seen, needed = _cagr(x_base, x_now, now - base), _cagr(x_base, target, TARGET_YEAR - base)
    if seen is None or needed is None:
        seen, needed = (x_now - x_base) / (now - base), (target - x_base) / (TARGET_YEAR - base)
    if needed == 0:
        return "too_few"
    ratio = seen / needed
    if ratio >= 0.95:
        return "substantial"
    if ratio >= 0.60:
        return "moderate"
    if ratio >= 0:
        return "limited"
    return "moving_away"


# --- fixtures ----------------------------------------------------------------------------------


def _spec(entry: dict) -> dict:
    return {
        "direction": entry["direction"],
        "optimum": _number(entry["optimum"]),
        "green": _number(entry["green"]),
        "red": _number(entry["red"]),
        "target": _number(entry["target_2030"]),
        "lower_bound": _number(entry.get("lower_bound")),
    }


@pytest.fixture(scope="module")
def scored_catalogue() -> dict[str, dict]:
    """Every scored indicator of the offline build: a non-null direction and a non-null optimum (indicators fed by
    the online connectors are not yet fetched in a build from the files, so nothing of theirs is exported)."""
    entries = [entry for entry in yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))["indicators"]
               if not entry["source_key"].startswith(ONLINE_SOURCES)]
    specs = {entry["id"]: _spec(entry) for entry in entries
             if entry["direction"] is not None and _number(entry["optimum"]) is not None}
    # An online indicator may fix its optimum at its first refresh (a quantile of the municipalities' values).
    fixed_later = {entry["id"] for entry in entries if "quantile" in (entry["optimum"] or {})}
    assert not {entry["id"] for entry in entries if entry["direction"] is not None} - set(specs) - fixed_later, \
        "a directed indicator without an optimum"
    return specs


@pytest.fixture(scope="module")
def catalogue(scored_catalogue) -> dict[str, dict]:
    wanted = set(AREA_VARIABLES) | {TURNOUT_ID}
    assert wanted <= set(scored_catalogue)
    return {indicator: scored_catalogue[indicator] for indicator in wanted}


@pytest.fixture(scope="module")
def raw_series() -> dict[str, dict[str, dict[int, float]]]:
    """indicator -> municipality code -> {year: value}, from the raw files."""
    series: dict[str, dict[str, dict[int, float]]] = {}
    people = pd.read_csv(POPULATION, dtype={"kom2024": str})
    # Ålesund (1508) and Haram (1580) split in 2024: in 2020-2023 SSB's series puts both in Ålesund and gives
    # Haram 0, so neither has a population of its own in those years (README, split municipalities).
    undivided = set(people.aar[people.kom2024.isin(["1508", "1580"]) & (people.befolkning == 0)])
    population = {(code, int(year)): float(value) for code, year, value in
                  zip(people["kom2024"], people["aar"], people["befolkning"], strict=True)
                  if not (code in ("1508", "1580") and year in undivided)}
    frame = pd.read_excel(AREA_PROFILES)
    frame = frame[frame["klasse"].isna() & frame["verdi"].notna()]
    for indicator, variable in AREA_VARIABLES.items():
        rows = frame[frame["statistikkvariabel"] == variable]
        assert not rows.empty, variable
        assert not rows.duplicated(["kommunenr", "år"]).any(), variable
        by_code: dict[str, dict[int, float]] = {}
        for code, year, value in zip(rows["kommunenr"], rows["år"], rows["verdi"], strict=True):
            code, year, value = f"{int(code):04d}", int(year), float(value)
            if indicator in PER_1000:
                inhabitants = population.get((code, year))
                if not inhabitants:
                    continue
                value = value / inhabitants * 1000
            by_code.setdefault(code, {})[year] = value
        series[indicator] = by_code

    turnout = pd.read_csv(TURNOUT, dtype={"kommunenummer": str})
    turnout = turnout[turnout["frammote_prosent"].notna()]
    assert not turnout.duplicated(["valgaar", "kommunenummer"]).any()
    by_code = {}
    for code, year, value in zip(turnout["kommunenummer"], turnout["valgaar"], turnout["frammote_prosent"],
                                 strict=True):
        by_code.setdefault(code.zfill(4), {})[int(year)] = float(value)
    series[TURNOUT_ID] = by_code
    return series


def _core(*args: str) -> str:
    """stdout of `python -m core ARGS` (the project's command line, its main() called here; nothing else of the
    project is used)."""
    from core.__main__ import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(args))
    assert code == 0, (args, code)
    return out.getvalue()


@pytest.fixture(scope="module")
def exported_scores() -> pd.DataFrame:
    """Every indicator-level row of `export-scores` (goal rows, without an indicator, are left out)."""
    frame = pd.read_csv(io.StringIO(_core("export-scores")), dtype={"code": str, "indicator": str, "level": str})
    return frame[frame["indicator"].notna()]


@pytest.fixture(scope="module")
def exported(exported_scores) -> pd.DataFrame:
    return exported_scores[exported_scores["level"] == "municipality"]


@pytest.fixture(scope="module")
def observations(scored_catalogue) -> pd.DataFrame:
    """The project's exported observations of every scored indicator, municipalities and counties, all years."""
    jobs = [(indicator, level) for indicator in sorted(scored_catalogue) for level in LEVELS]
    outputs = [_core("export", "--indicator", indicator, "--level", level) for indicator, level in jobs]
    frames = []
    for (indicator, level), text in zip(jobs, outputs, strict=True):
        frame = pd.read_csv(io.StringIO(text), dtype={"code": str, "indicator": str, "level": str})
        assert list(frame.columns) == OBSERVATION_COLUMNS, (indicator, level)
        assert set(frame["indicator"]) <= {indicator} and set(frame["level"]) <= {level}, (indicator, level)
        assert frame["code"].str.len().eq(4 if level == "municipality" else 2).all(), (indicator, level)
        frames.append(frame)
    frame = pd.concat(frames, ignore_index=True)
    frame = frame[frame["value"].notna()]
    assert not frame.duplicated(["level", "code", "indicator", "year"]).any()
    return frame


@pytest.fixture(scope="module")
def expected_from_observations(scored_catalogue, observations) -> pd.DataFrame:
    """One row per (level, code, indicator) re-scored from the exported observations."""
    rows = []
    for indicator, spec in scored_catalogue.items():
        observed = observations[observations["indicator"] == indicator]
        municipal = observed[observed["level"] == "municipality"]
        assert not municipal.empty, indicator
        latest_year = municipal["year"].max()
        lower, upper = _bounds(spec, municipal.loc[municipal["year"] == latest_year, "value"].to_numpy(dtype=float))
        for (level, code), group in observed.groupby(["level", "code"]):
            series = {int(year): float(value) for year, value in zip(group["year"], group["value"], strict=True)}
            year = max(series)
            rows.append({
                "level": level, "code": code, "indicator": indicator, "year": year, "value": series[year],
                "lower_bound": lower, "upper_bound": upper, "score": _score(series[year], lower, upper),
                "colour": _colour(series[year], spec), "trend": _trend(series, spec, lower, upper),
                "progress": _progress(series, spec),
            })
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def register() -> list[tuple[str, set[str]]]:
    """2024 municipalities: (code, upper-case names), the official and the Norwegian-language name."""
    entries = json.loads(REGISTER.read_text(encoding="utf-8"))
    assert len(entries) == MUNICIPALITIES_2024
    return [(entry["id"], {_name_key(entry["name"]), _name_key(entry["name_no"])}) for entry in entries]


def _name_key(name: str) -> str:
    return name.split(" - ")[0].strip().upper()


def _nkom(path: Path) -> tuple[list[list[str]], list[list[str]]]:
    """(4 header lines, data rows) of an Nkom coverage file (';', UTF-8 with BOM)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle, delimiter=";"))
    return lines[:4], [line for line in lines[4:] if line and line[0].strip()]


def _percent(text: str) -> float | None:
    text = text.strip().removesuffix("%").strip().replace(",", ".")
    return float(text) if text else None


@pytest.fixture(scope="module")
def raw_education() -> dict[str, dict[int, tuple[float, float | None, float | None]]]:
    """Region code (K prefix removed) -> {year: (% with university or college education, persons with it, all
    persons)}, whole population, both sexes, from the raw SSB/IMDi file (SOURCES.md 11.1)."""
    with EDUCATION.open(encoding="latin-1", newline="") as handle:
        lines = list(csv.reader(handle, delimiter=";"))
    header = lines[:5]
    columns: dict[tuple[str, str], dict[int, int]] = {}
    for index in range(2, len(header[0])):
        if header[1][index] == "Bakgrunn: Hele befolkningen" and header[2][index] == "Kjønn: Alle":
            key = (header[0][index].removeprefix("Utdanningsnivå: "), header[3][index].removeprefix("Enhet: "))
            year = int(header[4][index].removeprefix("År: "))
            assert year not in columns.setdefault(key, {})
            columns[key][year] = index
    percent = columns[("Universitet og høgskole", "Prosent")]
    higher, everyone = columns[("Universitet og høgskole", "Personer")], columns[("alle", "Personer")]
    assert tuple(sorted(percent)) == tuple(sorted(higher)) == tuple(sorted(everyone)) == EDUCATION_YEARS

    def number(line: list[str], index: int) -> float | None:
        return float(line[index].replace(",", ".")) if line[index].strip() else None

    series: dict[str, dict[int, tuple[float, float | None, float | None]]] = {}
    for line in lines[5:]:
        assert line[0].startswith("K"), line[:2]
        code = line[0][1:]
        assert code not in series, code
        series[code] = {year: (number(line, index), number(line, higher[year]), number(line, everyone[year]))
                        for year, index in percent.items() if line[index].strip()}
    return series


@pytest.fixture(scope="module")
def expected(catalogue, raw_series) -> pd.DataFrame:
    """One row per (municipality, indicator): latest year, value, bounds, score, colour, trend, progress."""
    rows = []
    for indicator, by_code in raw_series.items():
        spec = catalogue[indicator]
        latest_year = max(year for values in by_code.values() for year in values)
        latest_values = np.array([values[latest_year] for values in by_code.values() if latest_year in values])
        lower, upper = _bounds(spec, latest_values)
        for code, values in by_code.items():
            if indicator == TURNOUT_ID and (not all(year in values for year in ELECTIONS)
                                            or code in KEPT_CODE_MERGERS):
                continue  # changed municipality (new code, or it absorbed another): not checked here
            year = max(values)
            rows.append({
                "code": code, "indicator": indicator, "year": year, "value": values[year],
                "lower_bound": lower, "upper_bound": upper, "score": _score(values[year], lower, upper),
                "colour": _colour(values[year], spec), "trend": _trend(values, spec, lower, upper),
                "progress": _progress(values, spec),
            })
    return pd.DataFrame(rows)


# --- tests -------------------------------------------------------------------------------------


def test_area_profiles_cover_the_357_municipalities(raw_series, exported):
    codes = set().union(*(set(by_code) for key, by_code in raw_series.items() if key != TURNOUT_ID))
    assert len(codes) == MUNICIPALITIES_2024
    assert codes <= set(exported["code"])
    assert len(set(raw_series[TURNOUT_ID]) & codes) >= 300


def _merged(expected, exported) -> pd.DataFrame:
    checked = exported[exported["indicator"].isin(set(AREA_VARIABLES) | {TURNOUT_ID})]
    checked = checked[(checked["indicator"] != TURNOUT_ID) | checked["code"].isin(
        set(expected.loc[expected["indicator"] == TURNOUT_ID, "code"]))]
    return expected.merge(checked, on=["code", "indicator"], how="outer", suffixes=("_expected", ""),
                          indicator="_merge")


def test_same_rows(expected, exported):
    merged = _merged(expected, exported)
    missing = merged[merged["_merge"] == "left_only"][["code", "indicator"]]
    extra = merged[merged["_merge"] == "right_only"][["code", "indicator"]]
    assert missing.empty, f"rows missing from the export:\n{missing.head(20)}"
    assert extra.empty, f"rows in the export not in the raw data:\n{extra.head(20)}"
    assert not merged.duplicated(["code", "indicator"]).any()


@pytest.mark.parametrize("indicator", [*AREA_VARIABLES, TURNOUT_ID])
def test_scores_match_independent_recomputation(indicator, expected, exported):
    merged = _merged(expected, exported)
    merged = merged[(merged["indicator"] == indicator) & (merged["_merge"] == "both")]
    assert not merged.empty
    problems = []
    for row in merged.itertuples(index=False):
        differences = []
        if int(row.year) != int(row.year_expected):
            differences.append(f"year {row.year} != {row.year_expected}")
        if not math.isclose(float(row.value), row.value_expected, abs_tol=1e-9):
            differences.append(f"value {row.value} != {row.value_expected}")
        if not math.isclose(float(row.lower_bound), row.lower_bound_expected, abs_tol=1e-6):
            differences.append(f"lower_bound {row.lower_bound} != {row.lower_bound_expected}")
        if not math.isclose(float(row.upper_bound), row.upper_bound_expected, abs_tol=1e-6):
            differences.append(f"upper_bound {row.upper_bound} != {row.upper_bound_expected}")
        if float(row.score) != pytest.approx(row.score_expected, abs=1e-6):
            differences.append(f"score {row.score} != {row.score_expected}")
        for column in ("colour", "trend", "progress"):
            got, want = getattr(row, column), getattr(row, f"{column}_expected")
            if got != want:
                differences.append(f"{column} {got!r} != {want!r}")
        if differences:
            problems.append(f"{row.code} {indicator}: " + "; ".join(differences))
    assert not problems, f"{len(problems)} of {len(merged)} rows differ:\n" + "\n".join(problems[:25])


# --- every scored row, re-scored from the project's exported observations ------------------------


def _merged_all(expected_from_observations, exported_scores) -> pd.DataFrame:
    return expected_from_observations.merge(exported_scores, on=["level", "code", "indicator"], how="outer",
                                            suffixes=("_expected", ""), indicator="_merge")


def test_scored_rows_are_exactly_the_observed_scored_indicators(scored_catalogue, expected_from_observations,
                                                                exported_scores):
    assert set(exported_scores["level"]) == set(LEVELS)
    assert set(exported_scores["indicator"]) == set(scored_catalogue), "export-scores vs scored catalogue"
    assert not exported_scores.duplicated(["level", "code", "indicator"]).any()
    assert exported_scores.loc[exported_scores["level"] == "municipality", "code"].nunique() == MUNICIPALITIES_2024
    merged = _merged_all(expected_from_observations, exported_scores)
    missing = merged[merged["_merge"] == "left_only"][["level", "code", "indicator"]]
    extra = merged[merged["_merge"] == "right_only"][["level", "code", "indicator"]]
    assert missing.empty, f"{len(missing)} observed (level, code, indicator) not scored:\n{missing.head(20)}"
    assert extra.empty, f"{len(extra)} scored rows without observations:\n{extra.head(20)}"


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("indicator", [
    *AREA_VARIABLES, TURNOUT_ID, "higher_education_share", *BROADBAND_COLUMNS])
def test_every_scored_row_matches_recomputation_from_observations(indicator, level, scored_catalogue,
                                                                  expected_from_observations, exported_scores):
    assert indicator in scored_catalogue
    merged = _merged_all(expected_from_observations, exported_scores)
    merged = merged[(merged["indicator"] == indicator) & (merged["level"] == level) & (merged["_merge"] == "both")]
    assert len(merged) >= (14 if level == "county" else 200), f"too few rows for {indicator} {level}"
    problems = []
    for row in merged.itertuples(index=False):
        differences = []
        if int(row.year) != int(row.year_expected):
            differences.append(f"year {row.year} != {row.year_expected}")
        for column in ("value", "lower_bound", "upper_bound", "score"):
            got, want = float(getattr(row, column)), float(getattr(row, f"{column}_expected"))
            if not math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-6):
                differences.append(f"{column} {got} != {want}")
        for column in ("colour", "trend", "progress"):
            got, want = getattr(row, column), getattr(row, f"{column}_expected")
            if got != want:
                differences.append(f"{column} {got!r} != {want!r}")
        if differences:
            problems.append(f"{level} {row.code} {indicator}: " + "; ".join(differences))
    assert not problems, f"{len(problems)} of {len(merged)} rows differ:\n" + "\n".join(problems[:25])


def test_observations_match_the_raw_area_profiles_and_turnout(raw_series, expected, observations):
    """The exported observations the rule layer starts from are the raw values (area profiles: all 357
    municipalities, all years; turnout: the municipalities with the same code in every election, and for a code
    that absorbed others, the votes / electorate summed over the parts before the merger)."""
    municipal = observations[observations["level"] == "municipality"]
    exported_values = {(row.indicator, row.code, int(row.year)): float(row.value)
                       for row in municipal.itertuples(index=False)}
    turnout_codes = set(expected.loc[expected["indicator"] == TURNOUT_ID, "code"])
    problems, checked = [], 0
    for indicator, by_code in raw_series.items():
        for code, values in by_code.items():
            if indicator == TURNOUT_ID and code not in turnout_codes:
                continue
            for year, raw in values.items():
                checked += 1
                got = exported_values.get((indicator, code, year))
                if got is None or not math.isclose(got, raw, abs_tol=1e-9):
                    problems.append(f"{indicator} {code} {year}: exported {got}, raw {raw}")
    turnout = pd.read_csv(TURNOUT, dtype={"kommunenummer": str})
    turnout["code"] = turnout["kommunenummer"].str.zfill(4)
    for code, absorbed in KEPT_CODE_MERGERS.items():
        for year in ELECTIONS:
            parts = turnout[(turnout["valgaar"] == year)
                            & turnout["code"].isin([code, *(old for old, last in absorbed.items() if last >= year)])]
            if len(parts) < 2:
                continue  # after the merger (checked above) or the code did not exist yet
            checked += 1
            want = 100.0 * parts["stemmer_total"].sum() / parts["antall_stemmeberettigede"].sum()
            got = exported_values.get((TURNOUT_ID, code, year))
            if got is None or not math.isclose(got, want, abs_tol=1e-9):
                problems.append(f"{TURNOUT_ID} {code} {year}: exported {got}, votes/electorate of {list(parts['code'])}"
                                f" {want}")
    assert checked > 5000
    assert not problems, f"{len(problems)} of {checked} values differ:\n" + "\n".join(problems[:25])


# --- raw-file checks of the values of the other scored indicators --------------------------------


@pytest.mark.parametrize("indicator", list(BROADBAND_COLUMNS))
def test_broadband_values_match_the_raw_nkom_files(indicator, observations, register):
    path, column, label, block = BROADBAND_COLUMNS[indicator]
    header, rows = _nkom(path)
    assert header[3][:2] == ["Kommune", "Fylke"]
    assert header[3][column] == label, header[3]
    start = BROADBAND_BLOCK_START[path]
    assert header[2][start].startswith(block) and all(not cell for cell in header[2][start + 1:column + 1])
    assert len(rows) == 356  # published fact: Nkom's 2022 file is on the 2020-2023 structure of 356 municipalities
    exported_values = {
        row.code: float(row.value) for row in observations.itertuples(index=False)
        if row.indicator == indicator and row.level == "municipality" and int(row.year) == BROADBAND_YEAR}
    problems, matched = [], set()
    for row in rows:
        name, county = _name_key(row[0]), row[1].strip().upper()
        assert county in NKOM_COUNTIES, county
        if (name, county) in SPLIT_IN_2024:
            for code in SPLIT_IN_2024[(name, county)]:
                if code in exported_values:
                    problems.append(f"{code} (part of {name} {county}) has a {BROADBAND_YEAR} value "
                                    f"{exported_values[code]}; expected none")
            continue
        codes = [code for code, names in register if code[:2] in NKOM_COUNTIES[county] and name in names]
        if len(codes) != 1:
            continue
        code, raw = codes[0], _percent(row[column])
        assert code not in matched, code
        matched.add(code)
        got = exported_values.get(code)
        if raw is None:
            if got is not None:
                problems.append(f"{code} {name} ({county}): exported {got}, raw empty")
        elif got is None or not math.isclose(got, raw, abs_tol=1e-9):
            problems.append(f"{code} {name} ({county}): exported {got}, raw {raw} ({row[column]!r})")
    assert len(matched) >= 340, f"only {len(matched)} Nkom rows matched a 2024 municipality by name"
    assert not problems, f"{len(problems)} of {len(matched)} values differ:\n" + "\n".join(problems[:25])


def test_higher_education_values_match_the_raw_file(raw_education, observations, register):
    """2024 municipalities whose code is in the file: every year with a raw percent. Where the code had absorbed
    other municipalities by 2024 (e.g. 1103 Stavanger, 5001 Trondheim) and those were still separate in a year,
    the 2024 municipality's value is the ratio of the persons summed over the code and those predecessors."""
    codes = sorted({code for code, _ in register} & set(raw_education))
    assert len(codes) >= 200
    assert "0301" in codes and "1101" in codes
    exported_values = {
        (row.code, int(row.year)): float(row.value) for row in observations.itertuples(index=False)
        if row.indicator == "higher_education_share" and row.level == "municipality"}
    problems, checked, combined = [], 0, 0
    for code in codes:
        for year, (percent, _, _) in raw_education[code].items():
            separate = [old for old, last in KEPT_CODE_MERGERS.get(code, {}).items()
                        if last >= year and year in raw_education.get(old, {})]
            want = percent
            if separate:
                parts = [raw_education[part][year] for part in [code, *separate]]
                assert all(part[1] is not None and part[2] is not None for part in parts), (code, year)
                want = 100.0 * sum(part[1] for part in parts) / sum(part[2] for part in parts)
                combined += 1
            checked += 1
            got = exported_values.get((code, year))
            if (code, year) in EDUCATION_COMBINED_ROWS:
                if got is not None:
                    problems.append(f"{code} {year}: exported {got}, expected none (the row holds two municipalities)")
                continue
            if got is None or not math.isclose(got, want, abs_tol=1e-9):
                problems.append(f"{code} {year}: exported {got}, expected {want} (raw {percent}"
                                + (f", with {separate}" if separate else "") + ")")
    assert checked >= 2000 and combined == 10  # 1103: 2011-2019, 5001: 2019
    assert not problems, f"{len(problems)} of {checked} values differ:\n" + "\n".join(problems[:25])
