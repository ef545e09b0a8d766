"""More goals from the files already here (issue 12, section 3): childhood vaccination (FHI, SDG 3.b), industrial
greenhouse-gas emissions (Miljødirektoratet, SDG 13 / 9.4) and more SSB area-profile variables (SDG 11).

Readers and ETL against facts in the source files; the catalogue entries; and the coverage the offline build
reaches (SDG 3 scored for nine in ten municipalities)."""

from __future__ import annotations

import pandas as pd
import pytest

from core import queries, sources
from core.catalogue import load_catalogue
from core.etl import emissions, indicators, vaccination
from core.etl.code_mapping import load_code_table
from core.scores import compute

NEW_INDICATORS = ["measles_vaccination_age2", "dtp_vaccination_age2", "pneumococcal_vaccination_age2",
                  "hpv_vaccination_girls_age16", "industrial_ghg_emissions", "new_dwellings_outside_settlements",
                  "new_dwellings_centre_distance", "new_dwellings_workplace_distance", "new_shoreline_buildings",
                  "new_cultivated_land", "residential_land_per_resident"]


def _read(key: str):
    if not sources.load_manifest()[key].local_path.is_file():
        pytest.skip(f"{key} is not fetched (python -m core fetch)")
    return sources.read(key)


@pytest.fixture(scope="module")
def table():
    return load_code_table()


@pytest.fixture(scope="module")
def vaccination_rows():
    return _read("childhood_vaccination")


@pytest.fixture(scope="module")
def vaccination_values(vaccination_rows, table):
    values, dropped = vaccination.vaccination(vaccination_rows, table, _read("education_level"))
    return values, dropped


@pytest.fixture(scope="module")
def facilities():
    return _read("industrial_emissions")


# Vaccination (FHI) --------------------------------------------------------------------------------------------------


def test_duplicate_municipality_names_are_resolved_by_county(vaccination_rows, table):
    codes = vaccination.codes_of_2018(vaccination_rows, table)
    assert {key: codes[key] for key in codes if key[0].split(" (")[0] in {"Våler", "Herøy", "Nes", "Os", "Sande", "Bø"}
            } == {
        ("Våler (Østfold)", "Østfold"): "0137", ("Våler (Hedmark)", "Hedmark"): "0426",
        ("Nes (Akershus)", "Akershus"): "0236", ("Nes (Buskerud)", "Buskerud"): "0616",
        ("Os (Hedmark)", "Hedmark"): "0441", ("Os (Hordaland)", "Hordaland"): "1243",
        ("Sande (Vestfold)", "Vestfold"): "0713", ("Sande (Møre og Romsdal)", "Møre og Romsdal"): "1514",
        ("Bø (Telemark)", "Telemark"): "0821", ("Bø (Nordland)", "Nordland"): "1867",
        ("Herøy (Møre og Romsdal)", "Møre og Romsdal"): "1515", ("Herøy (Nordland)", "Nordland"): "1818",
    }
    # Every municipality FHI publishes a value for finds its own 2018 code (Sami forms without a dash included),
    # and Oslo the municipality is told apart from Oslo the county heading above it.
    assert len(codes) == len(set(codes.values())) >= 419
    assert codes[("Fauske Fuosko", "Nordland")] == "1841" and codes[("Oslo", "Oslo")] == "0301"


def test_a_five_year_window_is_shown_in_its_last_year(vaccination_rows, vaccination_values):
    assert (vaccination_rows.last_year - vaccination_rows.first_year == 4).all()
    national = vaccination_rows[(vaccination_rows.level == "country") & (vaccination_rows.age == 2)
                                & (vaccination_rows.vaccine == "Meslinger")].set_index("last_year").value
    assert national[2018] == 95.7 and national[2013] == 93.2  # FHI: 2014-2018 and 2009-2013, 'Hele landet'
    values, _ = vaccination_values
    measles = values[values.indicator_id == "measles_vaccination_age2"]
    assert sorted(measles.year.unique()) == list(range(2006, 2019))  # 2002-2006 ... 2014-2018
    oslo = measles[(measles.code == "0301")].set_index("year")
    assert oslo.value[2018] == 94.8 and oslo.quality[2018] == "official"
    # MMR (to 2008-2012) and Meslinger (from 2009-2013) make one series
    assert {2012, 2013} <= set(oslo.index)


def test_a_merged_municipality_is_the_population_weighted_mean_of_all_its_parts(vaccination_rows, vaccination_values):
    values, dropped = vaccination_values
    measles = values[values.indicator_id == "measles_vaccination_age2"].set_index(["code", "year"]).value
    # 5001 Trondheim (2020) = 5001 Trondheim + 5030 Klæbu of 2018, weighted by the persons SSB's education
    # statistics count in 2019.
    rows = vaccination_rows[(vaccination_rows.age == 2) & (vaccination_rows.vaccine == "Meslinger")
                            & (vaccination_rows.last_year == 2018)].set_index("area").value
    education = _read("education_level").query("year == 2019").set_index("code").total
    expected = ((rows["Trondheim"] * education["5001"] + rows["Klæbu"] * education["5030"])
                / (education["5001"] + education["5030"]))
    assert measles[("5001", 2018)] == pytest.approx(expected)
    assert rows["Klæbu"] != rows["Trondheim"]
    # Parts of a split (Tysfjord, Snillfjord) cannot be divided: their successors get no value at all.
    for successor in ("1806", "1875", "5055", "5056", "5059"):
        assert successor not in measles.index.get_level_values(0)
    assert {"split code", "incomplete predecessors"} <= set(dropped.reason)


# Industrial emissions (Miljødirektoratet) ---------------------------------------------------------------------------


def test_emission_reader_leaves_out_the_incomplete_2022_and_matches_the_national_sums(facilities):
    assert facilities.year.max() == 2021 and facilities.year.min() == 1990
    national = facilities.groupby("year").tonnes.sum() / 1e6
    assert national[2015] == pytest.approx(15.0, abs=0.05)
    assert national[2021] == pytest.approx(13.5, abs=0.05)


def test_emissions_per_municipality_with_zeros_where_the_register_has_no_facility(facilities, table):
    from core.catalogue import load_yaml

    counties = load_yaml("counties_2020.yaml")["counties"]
    codes = emissions.codes_by_name(facilities[facilities.county != "Svalbard"], table, counties)
    assert codes[("Våler i Innlandet", "Innlandet")] == "3419"
    assert codes[("Herøy (Møre og Romsdal)", "Møre og Romsdal")] == "1515"
    assert codes[("Harstad – Hárstták", "Troms og Finnmark")] == "5402"
    municipalities = sorted({code for codes in table.rows.new_codes for code in codes})  # the 2024 codes
    assert len(municipalities) == 357  # published fact: the 2024 structure
    values, dropped = emissions.industrial_emissions(facilities, table, counties, municipalities)
    assert sorted(values.year.unique()) == list(range(2001, 2022))
    by = values.set_index(["code", "year"]).value
    sunndal = facilities[(facilities.municipality == "Sunndal") & (facilities.year == 2021)].tonnes.sum()
    assert by[("1563", 2021)] == pytest.approx(sunndal) and sunndal > 0
    assert by[("0301", 2021)] > 0 and by[("1144", 2021)] == 0  # Oslo has plants, Kvitsøy none
    assert not {"1508", "1580"} & set(values.code)  # 1507 Ålesund (2020-2023) was divided
    assert {"split code", "not a municipality"} == set(dropped.reason)
    assert values[values.year == 2015].value.sum() / 1e6 == pytest.approx(14.83, abs=0.01)  # less Svalbard, Ålesund


# SSB area profiles --------------------------------------------------------------------------------------------------


@pytest.mark.slow  # several seconds (a lock waited out, a whole deck, a full series): not in test-fast
def test_new_dwellings_outside_settlements_carries_its_count_for_ratio_of_sums():
    frame = indicators.new_dwellings_outside_settlements(_read("area_profiles"))
    latest = frame[frame.year == 2024]
    assert len(latest) == 351
    assert (latest.num <= latest.den).all()
    assert 100 * latest.num.sum() / latest.den.sum() == pytest.approx(11.07, abs=0.01)


# The catalogue ------------------------------------------------------------------------------------------------------


def test_the_new_catalogue_entries():
    catalogue = load_catalogue()
    assert set(NEW_INDICATORS) <= set(catalogue)
    measles = catalogue["measles_vaccination_age2"]
    assert (measles.sdg_goal, measles.sdg_targets, measles.direction) == (3, ["3.b"], "higher")
    assert (measles.green.value, measles.green.basis, measles.red.value, measles.red.basis) == (
        95, "absolute", 90, "absolute")
    assert measles.target_2030.value == 95 and measles.optimum.value == 100
    for spec in (catalogue[i] for i in NEW_INDICATORS if "vaccination" in i):
        assert "2382" in spec.goal_source and spec.source_key == "childhood_vaccination"
        assert "5-år" in spec.unit_nb and "5-year" in spec.unit_en and "2014–2018" in spec.description_en
    emitted = catalogue["industrial_ghg_emissions"]
    assert emitted.direction is None and emitted.aggregation == "sum" and emitted.sdg_goal == 13
    assert "2599" in emitted.goal_source and "2504" in emitted.goal_source
    assert "ikke kommunens" in emitted.name_nb and "not the municipality" in emitted.name_en
    assert "ikke kommunens klimagassregnskap" in emitted.description_nb
    assert "not the municipal" in emitted.description_en and "NOT THE MUNICIPAL CLIMATE INVENTORY" in emitted.note
    assert "klimaloven § 3" in emitted.target_2030.source and "55 %" in emitted.target_2030.source
    for count in ("new_shoreline_buildings", "new_cultivated_land", "industrial_ghg_emissions"):
        assert catalogue[count].direction is None  # counts are context, never scored against all sizes


@pytest.mark.slow  # several seconds (a lock waited out, a whole deck, a full series): not in test-fast
def test_distribution_thresholds_are_the_quartiles_they_claim():
    spec = load_catalogue()["new_dwellings_outside_settlements"]
    latest = indicators.new_dwellings_outside_settlements(_read("area_profiles")).query("year == 2024").value
    assert (spec.green.basis, spec.red.basis) == ("distribution", "distribution")
    assert spec.green.value == round(latest.quantile(0.25), 1)
    assert spec.red.value == round(latest.quantile(0.75), 1)


# Coverage of the offline build ---------------------------------------------------------------------------------------


def test_sdg3_is_scored_for_nine_in_ten_municipalities(built_database):
    observations = queries.all_observations()
    book = compute(observations, load_catalogue())
    goals = book.goals[(book.goals.area_level == "municipality")]
    municipalities = len(queries.municipalities())
    scored = goals[goals.goal == 3].area_code.nunique()
    assert scored >= 0.9 * municipalities, f"SDG 3 scored for {scored} of {municipalities}"
    national = observations[(observations.indicator_id == "measles_vaccination_age2")
                            & (observations.area_level == "country") & (observations.year == 2018)].value
    assert national.iloc[0] == pytest.approx(95.7, abs=0.1)  # FHI's own national figure for 2014-2018
    counts = pd.Series({i: observations[(observations.indicator_id == i)
                                        & (observations.area_level == "municipality")].area_code.nunique()
                        for i in NEW_INDICATORS})
    assert counts["industrial_ghg_emissions"] == municipalities - 2  # all but Ålesund and Haram
    assert (counts > 200).all()
