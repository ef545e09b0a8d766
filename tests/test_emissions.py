"""Miljødirektoratet's municipal greenhouse-gas inventory, read from a workbook of its documented layout.

The workbook is generated here and INVENTED (tests/ssb_answers.py, emissions_workbook): sheet "Oversikt - detaljert"
with the columns public code reads (data/ssb_tables.yaml, klimagass-kommuner, evidence). Tonnes per inhabitant and by
sector; progress toward the municipality's own 2030 target where one is set, else the Climate Change Act's 55 % cut.
"""

from __future__ import annotations

import io
import shutil

import pandas as pd
import pytest

from core import queries
from core.catalogue import load_catalogue
from core.gate import SYSTEM
from core.scores import Target, compute, relative_targets
from core.ssb import emissions, tables
from core.ssb import refresh as ssb_refresh
from core.ssb.thresholds import catalogue_in_effect
from tests.ssb_answers import SECTORS, FakeSources, emissions_workbook

TABLE = tables.load_tables()["klimagass-kommuner"]
ONLY = {TABLE.id: TABLE}


@pytest.fixture(scope="module")
def refreshed(public_template, tmp_path_factory):
    """A private database after one refresh of the inventory for a few municipalities; the workbook it read."""
    path = tmp_path_factory.mktemp("emissions") / "emissions.sqlite"
    shutil.copyfile(public_template, path)
    url = f"sqlite:///{path}"
    codes = list(queries.municipalities(url).code)[:15]
    fake = FakeSources(ONLY, codes)
    result = ssb_refresh.refresh(actor=SYSTEM, client=fake, download=fake.download, url=url, tables=ONLY)
    assert not result.failures
    workbook = pd.read_excel(io.BytesIO(emissions_workbook(codes)), sheet_name="Oversikt - detaljert")
    return url, codes, workbook


def values(url: str, indicator_id: str, level: str = "municipality") -> pd.Series:
    frame = queries.observations(indicator_id, level, url=url)
    return frame.set_index(["area_code", "year"]).value


def test_the_documented_layout_is_what_the_workbook_reader_reads():
    assert TABLE.sheet == "Oversikt - detaljert"
    assert TABLE.columns == {"code": "Kommunenummer", "year": "År", "sector": "Sektor", "gas": "Klimagass",
                             "value": "Utslipp (tonn CO2-ekvivalenter)"}
    rows = emissions.read_workbook(emissions_workbook(["0301", "4001"]), TABLE)
    assert set(rows.code) == {"0301", "4001"} and set(rows.sector) == set(SECTORS)
    assert list(rows.columns) == ["code", "year", "sector", "value"]


def test_total_per_inhabitant_and_sectors(refreshed):
    url, codes, workbook = refreshed
    code, year = codes[0], 2022
    mine = workbook[(workbook.Kommunenummer == int(code)) & (workbook["År"] == year)]
    tonnes = mine["Utslipp (tonn CO2-ekvivalenter)"].sum()
    assert values(url, "ghg_emissions_total")[(code, year)] == pytest.approx(tonnes)
    population = values(url, "population")[(code, year)]
    assert values(url, "ghg_emissions_per_inhabitant")[(code, year)] == pytest.approx(tonnes / population)
    road = mine[mine.Sektor == "Veitrafikk"]["Utslipp (tonn CO2-ekvivalenter)"].sum()
    assert values(url, "ghg_emissions_road_traffic")[(code, year)] == pytest.approx(road)
    sector_ids = [o.indicator_id for o in TABLE.outputs if o.sector and not o.per]
    assert sum(values(url, i)[(code, year)] for i in sector_ids) == pytest.approx(tonnes)
    waste = mine[mine.Sektor == "Avfall og avløp"]["Utslipp (tonn CO2-ekvivalenter)"].sum()
    assert values(url, "ghg_emissions_waste_per_inhabitant")[(code, year)] == pytest.approx(waste * 1000 / population)


def test_a_county_is_the_ratio_of_its_sums(refreshed):
    url, codes, _ = refreshed
    county = codes[0][:2]
    in_county = [c for c in codes if c[:2] == county]
    year = 2022
    tonnes = sum(values(url, "ghg_emissions_total")[(c, year)] for c in in_county)
    population = sum(values(url, "population")[(c, year)] for c in in_county)
    per_inhabitant = values(url, "ghg_emissions_per_inhabitant", "county")[(county, year)]
    assert per_inhabitant == pytest.approx(tonnes / population)


def test_progress_toward_the_climate_change_acts_cut_or_the_municipalitys_own_target(refreshed):
    url, codes, _ = refreshed
    observations = queries.all_observations(url)
    catalogue = catalogue_in_effect(url)
    spec = catalogue["ghg_emissions_per_inhabitant"]
    assert spec.target_2030.relative_change == -55 and spec.target_2030.base_year == 2009
    code = codes[0]
    base = values(url, "ghg_emissions_per_inhabitant")[(code, 2009)]
    targets = relative_targets(observations, catalogue)
    assert targets[("municipality", code, spec.id)].value == pytest.approx(0.45 * base)
    own = {("municipality", code, spec.id): Target(1.0, 2030, "local")}
    book = compute(observations, catalogue, own)
    rows = book.indicators.set_index(["area_level", "area_code", "indicator_id"])
    assert rows.loc[("municipality", code, spec.id), "target_origin"] == "local"
    assert rows.loc[("municipality", code, spec.id), "target"] == 1.0
    other = codes[1]
    assert rows.loc[("municipality", other, spec.id), "target_origin"] == "catalogue"
    assert rows.loc[("municipality", other, spec.id), "target"] == pytest.approx(
        0.45 * values(url, "ghg_emissions_per_inhabitant")[(other, 2009)])
    assert rows.loc[("municipality", other, spec.id), "progress"]  # a verdict toward 2030, not left out


@pytest.mark.parametrize("broken, kind, said", [
    (lambda codes: emissions_workbook(codes, sheet="Oversikt"), "partial", "no sheet 'Oversikt - detaljert'"),
    (lambda codes: emissions_workbook(codes, columns={"Utslipp (tonn CO2-ekvivalenter)": "Utslipp"}), "partial",
     "Utslipp (tonn CO2-ekvivalenter)"),
    (lambda codes: b"<html><body>Siden finnes ikke</body></html>", "malformed", "did not answer"),
])
def test_a_workbook_of_another_layout_writes_nothing(public_template, tmp_path, broken, kind, said):
    path = tmp_path / "broken.sqlite"
    shutil.copyfile(public_template, path)
    url = f"sqlite:///{path}"
    codes = list(queries.municipalities(url).code)[:5]
    fake = FakeSources(ONLY, codes, fail={TABLE.id: broken(codes)})
    result = ssb_refresh.refresh(actor=SYSTEM, client=fake, download=fake.download, url=url, tables=ONLY)
    assert [(f.table.id, f.kind) for f in result.failures] == [(TABLE.id, kind)] and said in result.failures[0].message
    assert all(queries.observations(i, "municipality", url=url).empty for i in TABLE.indicator_ids)


def test_the_catalogue_says_where_the_numbers_come_from():
    catalogue = load_catalogue()
    assert catalogue["ghg_emissions_per_inhabitant"].direction == "lower"
    assert catalogue["ghg_emissions_total"].direction is None and catalogue["ghg_emissions_total"].aggregation == "sum"
    assert "klimagassutslipp.py" in TABLE.evidence and TABLE.download_url in TABLE.evidence
