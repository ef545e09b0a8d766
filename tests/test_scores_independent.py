"""Independent re-computation of the exported municipal scores, colours, trends and progress.

The expected values are computed here from the raw source files (var/sources) and the indicator
catalogue (data/indicators.yaml) alone, following DESIGN.md "Methods"; nothing from the project's
scoring code is imported. The export under test comes from the command line
(`python -m core export-scores`).
"""

from __future__ import annotations

import io
import math
import subprocess
import sys
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

AREA_VARIABLES = {
    "low_income_eu60": "Andel personer i lavinntekthusholdning (EU60). Prosent",
    "recreation_access": "Andel tettstedsbosatte med trygg tilgang til rekreasjonsareal. Prosent",
    "nearby_nature_access": "Andel tettstedsbosatte med trygg tilgang til nærturterreng. Prosent",
    "shoreline_available": "Andel potensielt tilgjengelig strandsoneareal. Prosent",
    "shoreline_dispensations": "Byggesøknader i 100-m beltet innvilget gjennom dispensasjon. Antall",
    "farmland_converted": "Omdisponering av dyrket jord siste 4 år. Dekar",
    "arable_land_converted": "Omdisponering av dyrkbar jord siste 4 år. Dekar",
    "buildings_in_hazard_zones": "Antall igangsatte bygninger innen naturfareområder siste 4 år",
}
TURNOUT_ID = "turnout_parliament"
ELECTIONS = (2009, 2013, 2017, 2021, 2025)
BASE_YEAR = 2015
TARGET_YEAR = 2030


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
    years = sorted(year for year in series if year >= BASE_YEAR)
    if len(years) < 2:
        return "too_few"
    base, now = years[0], years[-1]
    x_base, x_now = series[base], series[now]
    higher = spec["direction"] == "higher"
    target = spec["target"]
    if target is not None and (x_now >= target if higher else x_now <= target):
        return "reached"
    seen = _cagr(x_base, x_now, now - base)
    if seen is None:
        return "too_few"
    if target is None:
        growth = seen if higher else -seen
        if growth > 0.01:
            return "substantial"
        if growth >= 0:
            return "moderate"
        if growth >= -0.01:
            return "moderately_away"
        return "moving_away"
    needed = _cagr(x_base, target, TARGET_YEAR - base)
    if needed is None or needed == 0:
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


@pytest.fixture(scope="module")
def catalogue() -> dict[str, dict]:
    entries = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))["indicators"]
    wanted = set(AREA_VARIABLES) | {TURNOUT_ID}
    specs = {}
    for entry in entries:
        if entry["id"] in wanted:
            specs[entry["id"]] = {
                "direction": entry["direction"],
                "optimum": _number(entry["optimum"]),
                "green": _number(entry["green"]),
                "red": _number(entry["red"]),
                "target": _number(entry["target_2030"]),
                "lower_bound": _number(entry.get("lower_bound")),
            }
    assert set(specs) == wanted
    return specs


@pytest.fixture(scope="module")
def raw_series() -> dict[str, dict[str, dict[int, float]]]:
    """indicator -> municipality code -> {year: value}, from the raw files."""
    series: dict[str, dict[str, dict[int, float]]] = {}
    frame = pd.read_excel(AREA_PROFILES)
    frame = frame[frame["klasse"].isna() & frame["verdi"].notna()]
    for indicator, variable in AREA_VARIABLES.items():
        rows = frame[frame["statistikkvariabel"] == variable]
        assert not rows.empty, variable
        assert not rows.duplicated(["kommunenr", "år"]).any(), variable
        by_code: dict[str, dict[int, float]] = {}
        for code, year, value in zip(rows["kommunenr"], rows["år"], rows["verdi"], strict=True):
            by_code.setdefault(f"{int(code):04d}", {})[int(year)] = float(value)
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


@pytest.fixture(scope="module")
def exported() -> pd.DataFrame:
    result = subprocess.run([sys.executable, "-m", "core", "export-scores"], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    frame = pd.read_csv(io.StringIO(result.stdout), dtype={"code": str, "indicator": str})
    return frame[(frame["level"] == "municipality") & frame["indicator"].notna()]


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
            if indicator == TURNOUT_ID and not all(year in values for year in ELECTIONS):
                continue  # changed municipality (code not present in every election): not checked
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
    assert len(codes) == 357
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
