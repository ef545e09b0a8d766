"""The built database against known facts from the sources."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from sqlalchemy import func, select

from core import db, models, queries
from core.sources import load_manifest


def count(model, url) -> int:
    with db.session(url) as session:
        return session.scalar(select(func.count()).select_from(model))


def value(indicator, level, code, year, url=None) -> float:
    frame = queries.observations(indicator, level, year, url)
    return float(frame.loc[frame.area_code == code, "value"].iloc[0])


def test_the_2024_structure(built_database):
    """Published facts (SSB, Kartverket): on 1 January 2024 Norway had 357 municipalities in 15 counties."""
    assert count(models.Municipality, built_database) == 357
    assert count(models.County, built_database) == 15
    codes = set(queries.counties().code)
    assert codes == {"03", "11", "15", "18", "31", "32", "33", "34", "39", "40", "42", "46", "50", "55", "56"}


def test_every_boundary_code_is_a_municipality(built_database):
    features = json.loads(load_manifest()["municipality_boundaries"].local_path.read_text(encoding="utf-8"))["features"]
    assert {f["properties"]["kommunenummer"] for f in features} == set(queries.municipalities().code)


def test_population_facts(built_database):
    assert value("population", "municipality", "0301", 2024) == 717_710
    assert value("population", "country", "NO", 2024) == 5_550_203
    assert value("population", "country", "NO", 2025) == 5_594_340
    assert len(queries.years_with_data("population", "municipality")) == 41  # 1986-2026


def test_official_names_keep_sami_and_kven_forms(built_database):
    names = queries.municipalities().set_index("code")
    assert names.name["5610"] == "Kárášjohka - Karasjok"
    assert names.name["5538"] == "Storfjord - Omasvuotna - Omasvuono"
    assert names.name_ssb["0301"] == "Oslo - Oslove"
    assert names.kostra_group_code.notna().all() and names.centrality.between(1, 6).all()


def test_the_counties_that_replaced_viken_have_history(built_database):
    """County values are sums of today's municipalities, so 31, 32 and 33 have values before 2024."""
    for county in ("31", "32", "33"):
        assert value("population", "county", county, 2015) > 200_000
    municipal = queries.observations("population", "municipality", 2015)
    akershus = municipal[municipal.area_code.str.startswith("32")].value.sum()
    assert value("population", "county", "32", 2015) == pytest.approx(akershus)


def test_turnout_is_official_where_codes_did_not_change(built_database):
    turnout = pd.read_csv(load_manifest()["turnout"].local_path, dtype={"kommunenummer": str})
    oslo_2025 = turnout[(turnout.valgaar == 2025) & (turnout.kommunenummer == "0301")].frammote_prosent.iloc[0]
    assert value("turnout_parliament", "municipality", "0301", 2025) == pytest.approx(oslo_2025)
    national = turnout[turnout.valgaar == 2025]
    expected = 100 * national.stemmer_total.sum() / national.antall_stemmeberettigede.sum()
    assert value("turnout_parliament", "country", "NO", 2025) == pytest.approx(expected)


def test_reference_tables(built_database):
    """Published facts: the UN's 17 goals and 169 targets; the U4SSC catalogue's 111 KPIs (90 distinct codes)."""
    assert count(models.SdgGoal, built_database) == 17
    assert count(models.SdgTarget, built_database) == 169
    with db.session(built_database) as session:
        assert session.get(models.SdgGoal, 1).colour == "#E5243B"
        assert session.scalar(select(func.count(func.distinct(models.U4sscKpi.code)))) == 90
    assert count(models.U4sscKpi, built_database) == 111


def test_every_indicator_in_the_database_is_in_the_catalogue(built_database):
    with db.session(built_database) as session:
        observed = set(session.scalars(select(models.Observation.indicator_id).distinct()))
    # The SSB connector's indicators are in the catalogue but get values only from a refresh (core/ssb).
    from core.ssb.tables import load_tables

    waiting = {indicator for table in load_tables().values() for indicator in table.indicator_ids}
    assert observed == set(queries.indicators().id) - waiting


def test_no_value_is_made_up_for_split_successors(built_database):
    """1507 Ålesund (2020-2023) covered today's 1508 and 1580: neither gets 2021 turnout."""
    frame = queries.observations("turnout_parliament", "municipality", 2021)
    assert not {"1508", "1580"} & set(frame.area_code)


def test_population_of_split_municipalities(built_database):
    """SSB gives 1508 the undivided 1507 (with Haram) for 2020-2023: not shown for either, but counted in sums."""
    ålesund = queries.observations("population", "municipality").query("area_code in ['1508', '1580']")
    assert not set(ålesund.year) & {2020, 2021, 2022, 2023}
    assert value("population", "country", "NO", 2020) == 5_367_580  # SSB, 1 January 2020
    assert value("population", "country", "NO", 2023) == 5_488_984
    moere = queries.observations("population", "county", 2021)
    assert moere.set_index("area_code").quality["15"] == "aggregated"


def test_zero_is_no_data_and_sums_say_they_are_partial(built_database):
    """Narvik, Hamarøy, Heim, Hitra and Orkland have 0 before 2020 in SSB's series: no data, not zero people."""
    narvik = queries.observations("population", "municipality", 2019)
    assert "1806" not in set(narvik.area_code)
    national = queries.observations("population", "country", 2019)
    assert national.quality.iloc[0] == "aggregated_partial"
    assert queries.national_observation("population", 2024) == (5_550_203, "aggregated")


# --- section 1 of issue 12: data faults -----------------------------------------------------------------------------

def raw_hydropower() -> pd.DataFrame:
    """NVE's register as published: one row per unit, with its type, 2020-2023 code, MW and GWh."""
    frame = pd.read_csv(load_manifest()["hydropower_plants"].local_path, sep=";", skiprows=2, encoding="latin-1",
                        index_col=False, dtype=str)
    return pd.DataFrame({
        "type": frame.Type, "name": frame.Navn,
        "code": frame["Fylkesnr."].str.zfill(2) + frame["Kommunenr."].str.zfill(2),
        "mw": frame["Maks ytelse [MW]"].str.replace(",", ".").astype(float),
        "gwh": frame["Midl. årsproduksjon (ref. 1981-2010) [GWh]"].str.replace(",", ".").astype(float)})


def test_pump_storage_plants_are_plants_of_their_own_and_pumps_are_left_out():
    """The 9 Pumpekraftverk (Saurdal 640 MW, Aurland III 270 MW, Duge 200 MW, ...) are not rows of a Kraftverk; they
    add 1 344.3 MW and 2 247.2 GWh. The 32 Pumpe rows consume power and count toward neither indicator."""
    from core.etl import indicators
    from core.etl.code_mapping import load_code_table
    from core.sources import read

    raw = raw_hydropower()
    storage = raw[raw.type == "Pumpekraftverk"]
    assert len(storage) == 9 and not set(storage.name) & set(raw.name[raw.type == "Kraftverk"])
    assert storage.mw.sum() == pytest.approx(1_344.3) and storage.gwh.sum() == pytest.approx(2_247.1714)
    assert (raw.type == "Pumpe").sum() == 32 and (raw.mw[raw.type == "Pumpe"] <= 0).all()
    plants = read("hydropower_plants")
    values, dropped = indicators.hydropower(plants, load_code_table(), list(read("population").code.unique()))
    latest = pd.concat([values, dropped])
    latest = latest[latest.year == 2022].groupby("indicator_id").value.sum()
    generating = raw[raw.type != "Pumpe"]
    assert latest["hydropower_capacity"] == pytest.approx(generating.mw.sum()) == pytest.approx(33_648.7586)
    assert latest["hydropower_production"] == pytest.approx(generating.gwh.sum()) == pytest.approx(138_608.3408)
    suldal = values[(values.code == "1134") & (values.year == 2022)].set_index("indicator_id").value
    assert suldal["hydropower_capacity"] == pytest.approx(1_823.21 + 640)  # with Saurdal; without it 26 % less
    assert suldal["hydropower_production"] == pytest.approx(6_832.9783 + 1_335.075)


def test_hydropower_of_a_split_code_counts_toward_its_county(built_database):
    """1507 Ålesund's plants (2022) lie in 1508 Ålesund or 1580 Haram, both in Møre og Romsdal."""
    raw = raw_hydropower()
    generating = raw[raw.type != "Pumpe"]
    municipal = queries.observations("hydropower_capacity", "municipality", 2022)
    more = municipal[municipal.area_code.str.startswith("15")].value.sum()
    assert value("hydropower_capacity", "county", "15", 2022) == pytest.approx(
        more + generating.mw[generating.code == "1507"].sum())
    assert value("hydropower_capacity", "country", "NO", 2022) == pytest.approx(generating.mw.sum())
    assert value("hydropower_production", "country", "NO", 2022) == pytest.approx(generating.gwh.sum())


def test_county_turnout_counts_every_municipality_whose_county_is_known(built_database):
    """Heim, Hitra and Orkland have no turnout of their own before 2020 (each got a piece of Snillfjord), nor Narvik
    and Hamarøy (Tysfjord), but their counties' and the country's do count them: Trøndelag 2009 is the votes over
    the electorate of all its 2009 municipalities in the raw file (16xx, 17xx, 1567 Rindal, 1571 Halsa)."""
    turnout = pd.read_csv(load_manifest()["turnout"].local_path, dtype={"kommunenummer": str})
    turnout["code"] = turnout.kommunenummer.str.zfill(4)
    year = turnout[turnout.valgaar == 2009]
    trondelag = year[year.code.str[:2].isin(["16", "17"]) | year.code.isin(["1567", "1571"])]
    expected = 100 * trondelag.stemmer_total.sum() / trondelag.antall_stemmeberettigede.sum()
    assert value("turnout_parliament", "county", "50", 2009) == pytest.approx(expected)  # 75.36 %, was 75.62 %
    national = 100 * year.stemmer_total.sum() / year.antall_stemmeberettigede.sum()
    assert value("turnout_parliament", "country", "NO", 2009) == pytest.approx(national)
    counties = queries.observations("turnout_parliament", "county", 2009)
    assert set(counties.quality) == {"aggregated"}


def test_klepps_2020_education_row_holds_time(built_database):
    """K1120's 2020 row is Klepp and Time together (data/code_corrections.yaml): no 2020 value for either, but
    Rogaland's 2020 share counts it."""
    klepp = queries.observations("higher_education_share", "municipality").query("area_code in ['1120', '1121']")
    assert 2020 not in set(klepp.year) and value("higher_education_share", "municipality", "1120", 2019) == 29.0
    rogaland = queries.observations("higher_education_share", "county", 2020).set_index("area_code")
    assert rogaland.quality["11"] == "aggregated"


def test_a_split_codes_broadband_share_counts_toward_its_county(built_database):
    """Nkom's 2022 row for 1507 Ålesund goes to neither 1508 Ålesund nor 1580 Haram, but Møre og Romsdal's share is
    the population-weighted mean over all its 2022 households' municipalities, Ålesund weighted by its 2022
    population (SSB gives the undivided 1507 under 1508 for 2020-2023)."""
    from core.sources import read

    municipal = queries.observations("fixed_broadband_100", "municipality", 2022)
    municipal = municipal[municipal.area_code.str.startswith("15")]
    assert not {"1508", "1580"} & set(municipal.area_code)
    people = read("population").query("year == 2022").set_index("code").value
    nkom = read("broadband_fixed")
    alesund = float(nkom[(nkom.name == "ÅLESUND") & (nkom.county_name == "MØRE OG ROMSDAL")][11].iloc[0])
    weights = municipal.area_code.map(people)
    expected = ((municipal.value * weights).sum() + alesund * people["1508"]) / (weights.sum() + people["1508"])
    assert value("fixed_broadband_100", "county", "15", 2022) == pytest.approx(expected)
    assert queries.observations("fixed_broadband_100", "county", 2022).set_index("area_code").quality["15"] == \
        "aggregated"


def test_urban_density_has_county_and_national_values(built_database):
    """The catalogue's rule for urban_density is the ratio of sums (residents in settlements / settlement area), with
    both parts rebuilt from the population, the share living in settlements and the density."""
    def municipal(indicator):
        return queries.observations(indicator, "municipality", 2023).set_index("area_code").value

    density, share, people = municipal("urban_density"), municipal("urban_settlement_share"), municipal("population")
    residents = (people * share / 100)[density.index]
    expected = residents.sum() / (residents / density).sum()
    assert value("urban_density", "country", "NO", 2023) == pytest.approx(expected)
    assert value("urban_density", "county", "03", 2023) == pytest.approx(density["0301"])
