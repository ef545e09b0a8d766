"""The SSB connector offline: recorded JSON-stat responses, code mapping, rate limit, one transaction per table,
the CLI.

Recorded responses come from the manifest (data/sources.yaml, `python -m core fetch`); the HTTP layer is faked,
and every test that writes uses a private copy of the built database.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
import requests

from core import queries
from core.__main__ import main
from core.catalogue import IndicatorSpec, load_catalogue
from core.etl.aggregate import county_and_national
from core.etl.code_mapping import harmonise, load_code_table
from core.gate import SYSTEM
from core.scores import compute
from core.sources import load_manifest, read
from core.ssb import client as ssb_client
from core.ssb import jsonstat, tables
from core.ssb import refresh as ssb_refresh
from tests.ssb_answers import FakeSources, offline

TABLE = tables.load_tables()["06944"]


def recorded(key: str) -> dict:
    source = load_manifest()[key]
    if not source.local_path.is_file():
        pytest.skip(f"{source.path} is absent (mirror-only; run `python -m core fetch`)")
    return read(key)


def dataset(values: dict[tuple[str, int], float | None]) -> dict:
    """A JSON-stat 2.0 answer to TABLE's query, shaped like PxWeb v2's (Region x HusholdType x ContentsCode x Tid)."""
    codes = sorted({code for code, _ in values})
    years = sorted({year for _, year in values})
    cells = [values.get((code, year)) for code in codes for year in years]
    def dimension(ids):
        return {"label": "x", "category": {"index": {c: i for i, c in enumerate(ids)}, "label": {c: c for c in ids}}}
    return {
        "version": "2.0", "class": "dataset", "label": TABLE.title, "source": "Statistisk sentralbyrå",
        "id": ["Region", "HusholdType", "ContentsCode", "Tid"], "size": [len(codes), 1, 1, len(years)],
        "role": {"geo": ["Region"], "time": ["Tid"], "metric": ["ContentsCode"]},
        "dimension": {"Region": dimension(codes), "HusholdType": dimension(["0000"]),
                      "ContentsCode": dimension(["InntSkatt"]), "Tid": dimension([str(y) for y in years])},
        "value": cells, "status": {str(i): ".." for i, v in enumerate(cells) if v is None},
    }


class FakeSsb:
    """Answers every table query with one recorded dataset, counting the calls; or fails like a cut cable."""

    def __init__(self, answer: dict | None = None):
        self.answer, self.calls = answer, []

    def table_data(self, table_id, selection):
        self.calls.append((table_id, selection))
        if self.answer is None:
            raise ssb_client.SsbUnavailable("ssb.offline", detail="ConnectionError")
        return self.answer


@pytest.fixture(scope="module")
def template(public_template) -> str:
    return str(public_template)


@pytest.fixture
def private_url(template, tmp_path, monkeypatch) -> str:
    path = tmp_path / "ssb.sqlite"
    shutil.copyfile(template, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture(scope="module")
def answer(template) -> dict:
    """Two years for every municipality, plus codes the mapping must handle: an old one, a split one, an unknown one."""
    codes = list(queries.municipalities(f"sqlite:///{template}").code)
    values = {(code, year): 400.0 + int(code) % 97 for code in codes for year in (2022, 2023)}
    values[("0101", 2019)] = 500.0  # Halden before 2020 -> 3101
    values[("3001", 2021)] = 510.0  # Halden 2020-2023 -> 3101
    values[("1507", 2021)] = 520.0  # Ålesund 2020-2023, split in 2024: attributed to nobody
    values[("0199", 2021)] = 1.0  # "Uoppgitt kommune Østfold": no municipality
    values[("0301", 2023)] = None  # a cell SSB leaves empty
    return dataset(values)


# Parsing every recorded response -----------------------------------------------------------------------------------


def test_jsonstat2_dataset_05300_with_status_symbols():
    frame = jsonstat.tidy(recorded("ssb_fixture_dataset_05300"))
    assert list(frame.columns) == ["Avstand1", "Kulturtilbud", "ContentsCode", "Tid", "value", "status"]
    assert len(frame) == 6 * 8 * 1 * 9 == 432
    assert frame.value.isna().sum() == frame.status.notna().sum() == 28  # every empty cell has SSB's symbol
    first = frame.iloc[0]
    assert (first.Avstand1, first.Kulturtilbud, first.Tid, first.value) == ("01", "01", "1991", 16.0)


def test_jsonstat1_bundle_29843():
    frame = jsonstat.tidy(recorded("ssb_fixture_dataset_29843"))
    assert len(frame) == 20 * 6 * 312
    assert {"PKoder", "ContentsCode", "Tid"} <= set(frame.columns)
    assert set(frame.status.dropna()) == {"."} and frame.value.notna().any()


def test_v2_table_description_05300():
    summary = jsonstat.table_summary(recorded("ssb_fixture_table_v2_05300"))
    assert summary["id"] == "05300" and summary["first_period"] == "1991" and summary["last_period"] == "2025"
    assert summary["label"].startswith("05300: Avstand")


def test_v2_metadata_14216_lists_historical_municipality_codes():
    labels = jsonstat.region_labels(recorded("ssb_fixture_metadata_14216"))
    assert labels["3101"] == "Halden" and labels["3001"] == "Halden (2020-2023)" and labels["0101"] == "Halden (-2019)"
    assert all(len(code) == 4 for code in labels)


def test_v0_query_07459_becomes_a_v2_selection():
    selection = tables.selection_from_v0(recorded("ssb_fixture_query_07459"))
    assert [s["variableCode"] for s in selection] == ["Region", "Kjonn", "Alder", "ContentsCode", "Tid"]
    assert selection[0]["valueCodes"] == ["3101"] and len(selection[2]["valueCodes"]) == 106
    assert tables.selection_from_v0({"query": [{"code": "Region", "selection": {"filter": "agg:KommSummer",
                                                                                "values": ["0301"]}}]}) == \
        [{"variableCode": "Region", "valueCodes": ["0301"], "codelist": "agg_KommSummer"}]


def test_catalogue_tables_feed_catalogue_indicators():
    """Every output feeds a catalogue indicator registered under the table's source, with an aggregation rule its
    value can be aggregated by (a ratio needs counts; a published share or level is never summed)."""
    catalogue = load_catalogue()
    for table in tables.load_tables().values():
        for output in table.outputs:
            spec = catalogue[output.indicator_id]
            assert spec.source_key == table.source_key, output.indicator_id
            made_of_counts = output.kind in ("ratio", "share") or output.per is not None
            assert (spec.aggregation == "ratio") == made_of_counts, output.indicator_id
        if table.api == "ssb":
            assert table.source_url == f"https://www.ssb.no/statbank/table/{table.id}"
            assert {s.variableCode for s in table.selection} >= {table.region_variable, table.time_variable}


# Every catalogue entry is a valid v2 query ------------------------------------------------------------------------

CATALOGUE = tables.load_tables()
SSB_TABLES = sorted(i for i, table in CATALOGUE.items() if table.api == "ssb")


@pytest.mark.parametrize("table_id", SSB_TABLES)
def test_catalogue_entry_builds_a_valid_v2_query(table_id):
    table = CATALOGUE[table_id]
    selection = table.query_selection()
    codes = [item["variableCode"] for item in selection]
    assert len(codes) == len(set(codes)), "a variable is selected twice"
    assert codes[-1] == table.time_variable and table.region_variable in codes and "ContentsCode" in codes
    for item in selection:
        assert set(item) <= {"variableCode", "valueCodes", "codelist"} and item["valueCodes"]
        assert all(isinstance(code, str) and code.strip() == code and code for code in item["valueCodes"])
        name = item["variableCode"]
        if name not in (table.region_variable, table.time_variable):
            assert "*" not in item["valueCodes"][0], f"{name}: the catalogue names the codes it asks for"
            if len(item["valueCodes"]) > 1:  # each output's cells must say which of the codes they take
                for output in table.outputs:
                    assert all(name in cell for cell in output.filters()), f"{output.indicator_id}: pin {name}"
    time = next(item for item in selection if item["variableCode"] == table.time_variable)
    assert time["valueCodes"] == ["*"] or time["valueCodes"][0].startswith(("from(", "top("))
    # The POST body the client sends, and its source row
    sent = []

    class Session:
        def request(self, method, url, params, json, timeout):
            sent.append((url, json))
            response = requests.Response()
            response.status_code, response._content = 200, b'{"class": "dataset"}'
            return response

    limiter = ssb_client.RateLimiter(sleep=lambda s: None)
    ssb_client.SsbClient(Session(), limiter).table_data(table.id, selection)
    assert sent == [(f"https://data.ssb.no/api/pxwebapi/v2/tables/{table.id}/data", {"selection": selection})]
    row = tables.source_row(table)
    assert row["key"] == f"ssb_api_{table.id}" and row["url"] == f"https://www.ssb.no/statbank/table/{table.id}"


def test_neet_query_matches_the_cited_evidence():
    """13556 as evensrii/Telemark's andel_unge_utenfor_kommuner.py queries it (Region without aggregation)."""
    selection = {item["variableCode"]: item for item in CATALOGUE["13556"].query_selection()}
    assert selection["HovArbStyrkStatus"] == {"variableCode": "HovArbStyrkStatus", "valueCodes": ["NEET"],
                                              "codelist": "vs_ArbStatus2018niva4"}
    assert selection["Alder"]["valueCodes"] == ["15-29"] and selection["Kjonn"]["valueCodes"] == ["0", "2"]
    assert selection["ContentsCode"]["valueCodes"] == ["BosatteProsent"]
    assert "codelist" not in selection["Region"]  # no SSB aggregation of percentages across merged municipalities
    outputs = {output.indicator_id: output.value for output in CATALOGUE["13556"].outputs}
    assert outputs == {"neet_youth_share": {"Kjonn": ["0"]}, "neet_young_women_share": {"Kjonn": ["2"]}}
    spec = load_catalogue()["neet_youth_share"]  # scored since issue 15, thresholds fixed at its first refresh
    assert spec.direction == "lower" and spec.green.value is None and spec.green.quantile == 0.25
    assert spec.sdg_goal == 8 and "8.6" in spec.sdg_targets


def test_neet_answer_parses_to_municipal_percentages(template):
    """A JSON-stat 2.0 answer shaped like 13556's (no recorded response exists offline) parses to one value per
    municipality and year; county, country and non-municipal codes are left out."""
    table = CATALOGUE["13556"]
    regions, years = ["0", "03", "0301", "3101", "3001"], ["2022", "2023"]
    ids = ["Region", "HovArbStyrkStatus", "Kjonn", "Alder", "ContentsCode", "Tid"]
    categories = {"Region": regions, "HovArbStyrkStatus": ["NEET"], "Kjonn": ["0", "2"], "Alder": ["15-29"],
                  "ContentsCode": ["BosatteProsent"], "Tid": years}
    sexes = len(categories["Kjonn"])
    cells = [5.0 + i / 10 for i in range(len(regions) * sexes * len(years))]
    oslo_2023 = (2 * sexes + 0) * len(years) + 1  # Region 0301, Kjonn 0, Tid 2023
    cells[oslo_2023] = None  # suppressed
    answer = {
        "version": "2.0", "class": "dataset", "label": table.title, "source": "Statistisk sentralbyrå",
        "id": ids, "size": [len(categories[i]) for i in ids],
        "role": {"geo": ["Region"], "time": ["Tid"], "metric": ["ContentsCode"]},
        "dimension": {i: {"label": i, "category": {"index": {c: n for n, c in enumerate(categories[i])},
                                                    "label": {c: c for c in categories[i]}}} for i in ids},
        "value": cells, "status": {str(oslo_2023): ".."},
    }
    values = jsonstat.municipal_values(answer, table)  # the first output: both sexes
    assert set(values.code) == {"0301", "3101", "3001"} and len(values) == 5
    assert values.set_index(["code", "year"]).value[("3101", 2022)] == pytest.approx(5.0 + (3 * sexes) * 2 / 10)
    update = ssb_refresh._Context(load_catalogue(), f"sqlite:///{template}").update(table, answer)
    municipal = update.observations[update.observations.area_level == "municipality"]
    assert set(municipal.indicator_id) == {"neet_youth_share", "neet_young_women_share"}
    assert set(municipal.source_key) == {"ssb_api_13556"} and municipal.value.between(0, 100).all()
    women = municipal[municipal.indicator_id == "neet_young_women_share"].set_index(["area_code", "year"]).value
    assert women[("0301", 2022)] == pytest.approx(5.0 + (2 * sexes + 1) * 2 / 10)  # Oslo's Kjonn 2 cell

# Code mapping onto the 2024 structure ----------------------------------------------------------------------------


def test_old_codes_map_to_2024_and_split_or_unknown_codes_to_nobody(answer):
    values = jsonstat.municipal_values(answer, TABLE)
    assert values.code.str.len().eq(4).all() and not ((values.code == "0301") & (values.year == 2023)).any()
    assert values.value.max() < 1  # scale: kroner -> 1 000 kroner
    harmonised, dropped = harmonise(values, load_code_table(), ["value"], single_only=True)
    halden = harmonised[harmonised.code == "3101"].set_index("year").value
    assert halden[2019] == pytest.approx(0.5) and halden[2021] == pytest.approx(0.51)
    assert not ((harmonised.year == 2021) & harmonised.code.isin(["1508", "1580"])).any()
    assert set(dropped.code) >= {"1507", "0199"}


# Rate limit ------------------------------------------------------------------------------------------------------


def test_rate_limiter_allows_30_calls_a_minute_and_waits_for_the_31st():
    now, slept = [0.0], []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    limiter = ssb_client.RateLimiter(clock=lambda: now[0], sleep=sleep)
    for _ in range(30):
        limiter.wait()
        now[0] += 1.0
    assert slept == []
    limiter.wait()  # the 31st call at t=30 s waits until the first leaves the window (t=60 s)
    assert slept == [pytest.approx(30.0)]
    now[0] += 120
    limiter.wait()
    assert len(slept) == 1


def test_client_posts_the_v2_selection_and_respects_the_limit():
    sent = []

    class Session:
        def request(self, method, url, params, json, timeout):
            sent.append((method, url, params, json))
            response = requests.Response()
            response.status_code, response._content = 200, b'{"class": "dataset"}'
            return response

    waits = []
    limiter = ssb_client.RateLimiter(calls=2, clock=lambda: 0.0, sleep=waits.append)
    client = ssb_client.SsbClient(Session(), limiter)
    for _ in range(3):
        client.table_data("06944", TABLE.query_selection())
    method, url, params, body = sent[0]
    assert (method, url) == ("POST", "https://data.ssb.no/api/pxwebapi/v2/tables/06944/data")
    assert params["outputFormat"] == "json-stat2" and body["selection"][0]["codelist"] == "vs_Kommun"
    assert waits == [60.0]  # the third call in the same instant waits one window


def test_client_without_internet_raises_a_translated_error():
    class Offline:
        def request(self, *args, **kwargs):
            raise requests.ConnectionError("Name or service not known")

    with pytest.raises(ssb_client.SsbUnavailable) as error:
        ssb_client.SsbClient(Offline(), ssb_client.RateLimiter(sleep=lambda s: None)).table_data("06944", [])
    assert error.value.key == "ssb.offline"


# Refresh: each table written in its own transaction, or not at all ------------------------------------------------


def test_refresh_writes_municipal_county_and_national_values(private_url, answer, snapshot):
    before = snapshot(private_url)
    result = ssb_refresh.refresh(["06944"], actor=SYSTEM, client=FakeSsb(answer), url=private_url)
    assert result.written
    frame = queries.observations("median_household_income", "municipality", url=private_url)
    # Ålesund and Haram (split from 1507 in 2024) get no value for years before the split; 0301's 2023 cell is empty.
    municipalities = len(queries.municipalities(private_url))
    assert len(frame[frame.year == 2022]) == municipalities - 2 and len(frame[frame.year == 2023]) == municipalities - 3
    assert set(frame.source_key) == {"ssb_api_06944"}
    counties = len(queries.counties(private_url))
    assert len(queries.observations("median_household_income", "county", 2022, url=private_url)) == counties
    assert len(queries.observations("median_household_income", "country", 2022, url=private_url)) == 1
    state = ssb_refresh.status(private_url).set_index("table")
    assert state.loc["06944", "refreshed"] and state.loc["06944", "values"] == len(result.updates[0].observations)
    # The other indicators are untouched, and a second refresh replaces rather than adds.
    assert [row for row in snapshot(private_url)[0] if row[0] != "median_household_income"] == list(before[0])
    ssb_refresh.refresh(["06944"], actor=SYSTEM, client=FakeSsb(answer), url=private_url)
    assert ssb_refresh.status(private_url).set_index("table").loc["06944", "values"] == state.loc["06944", "values"]


@pytest.mark.slow  # every table of the catalogue refreshed
def test_refresh_of_the_whole_catalogue_writes_each_table_under_its_own_source(private_url):
    """Every table of the catalogue, each answered in its documented shape (tests/ssb_answers.py, invented numbers),
    for a few municipalities: each writes its indicators under its own source and records its run."""
    catalogue = tables.load_tables()
    codes = list(queries.municipalities(private_url).code)[:25]
    fake = FakeSources(catalogue, codes, years=(2022, 2023))
    result = ssb_refresh.refresh(actor=SYSTEM, client=fake, fhi_client=fake.fhi, download=fake.download,
                                 url=private_url)
    assert fake.calls == list(catalogue) and not result.failures
    state = ssb_refresh.status(private_url).set_index("table")
    for table in catalogue.values():
        for indicator_id in table.indicator_ids:
            frame = queries.observations(indicator_id, "municipality", url=private_url)
            assert set(frame.source_key) == {table.source_key} and len(frame) > 0, indicator_id
        assert state.loc[table.id, "values"] > 0 and state.loc[table.id, "outcome"] == "ok"
        assert state.loc[table.id, "rows_changed"] == state.loc[table.id, "values"]  # all new on a first refresh
    assert len(result.updates) == len(catalogue)


def test_offline_refresh_changes_nothing(private_url, snapshot):
    catalogue = tables.load_tables()
    fake = FakeSources(catalogue, [], fail={table_id: offline() for table_id in catalogue})
    before = snapshot(private_url)
    with pytest.raises(ssb_client.SsbUnavailable):
        ssb_refresh.refresh(actor=SYSTEM, client=fake, fhi_client=fake.fhi, download=fake.download, url=private_url)
    assert snapshot(private_url) == before
    assert set(ssb_refresh.status(private_url).outcome) == {"unavailable"}  # each table's failed run is recorded


def test_a_failure_while_writing_one_table_leaves_it_as_it_was_and_the_others_land(private_url, answer, snapshot):
    """Each table is written in its own transaction. The second table here is a copy of 06944 under another id: it
    writes its source row, then its values collide with the first table's (one value per area, indicator and
    year), and the database refuses them; its whole transaction is rolled back, the first table stays written."""
    second = TABLE.model_copy(update={"id": "99999"})
    two_tables = {"06944": TABLE, "99999": second}
    result = ssb_refresh.refresh(actor=SYSTEM, client=FakeSsb(answer), url=private_url, tables=two_tables)
    assert [u.table.id for u in result.updates] == ["06944"]
    assert [(f.table.id, f.kind) for f in result.failures] == [("99999", "write")]
    assert "IntegrityError" in result.failures[0].message
    sources = {key for key, _sha, _description in snapshot(private_url)[1]}
    assert "ssb_api_06944" in sources and "ssb_api_99999" not in sources  # the failed table's source row rolled back
    frame = queries.observations("median_household_income", "municipality", url=private_url)
    assert set(frame.source_key) == {"ssb_api_06944"}
    state = ssb_refresh.status(private_url, tables=two_tables).set_index("table")
    assert state.loc["06944", "outcome"] == "ok" and state.loc["99999", "outcome"] == "write"


def test_dry_run_writes_nothing(private_url, answer, snapshot):
    before = snapshot(private_url)
    result = ssb_refresh.refresh(["06944"], actor=SYSTEM, client=FakeSsb(answer), url=private_url, dry_run=True)
    assert not result.written and len(result.updates[0].observations) > 357 and result.updates[0].changed is None
    assert snapshot(private_url) == before


def test_county_and_national_values_are_the_builds_aggregation(private_url, answer):
    """The refresh aggregates with the build's one function: its county and national rows are exactly what
    county_and_national gives for its municipal rows, with the database's population as weights."""
    update = ssb_refresh.refresh(["06944"], actor=SYSTEM, client=FakeSsb(answer), url=private_url,
                                 dry_run=True).updates[0]
    frame = update.observations
    municipal = frame[frame.area_level == "municipality"].rename(columns={"area_code": "code"})
    population = queries.observations("population", "municipality", url=private_url).rename(
        columns={"area_code": "code"})[["code", "year", "value"]]
    rule = load_catalogue()[TABLE.indicator_id].aggregation
    expected = county_and_national(municipal[["code", "year", "value"]], rule, population,
                                   list(queries.municipalities(private_url).code))
    columns = ["area_level", "area_code", "year", "value", "quality"]
    aggregated = frame[frame.area_level != "municipality"][columns].reset_index(drop=True)
    pd.testing.assert_frame_equal(aggregated, expected[columns].astype({"year": int}), check_dtype=False)
    assert set(aggregated.area_level) == {"county", "country"}


# Scores: an indicator without observations changes nothing ---------------------------------------------------------


def test_an_indicator_without_data_changes_no_score_coverage_or_index(built_database):
    observations = queries.all_observations()
    catalogue = load_catalogue()
    template = catalogue["recreation_access"]
    extra = dict(catalogue, not_fetched_yet=IndicatorSpec(**{**template.model_dump(), "id": "not_fetched_yet"}))
    before, after = compute(observations, catalogue), compute(observations, extra)
    for name in ("indicators", "goals", "index"):
        assert getattr(before, name).equals(getattr(after, name)), name
    shown = before.index["index"].notna()
    assert shown.any() and shown.equals(before.index.coverage >= 0.8)  # shown exactly where coverage allows


# Command line ----------------------------------------------------------------------------------------------------


def test_cli_dry_run_prints_progress(private_url, answer, monkeypatch, capsys, snapshot):
    monkeypatch.setattr(ssb_refresh, "SsbClient", lambda: FakeSsb(answer))
    before = snapshot(private_url)
    assert main(["ssb-refresh", "--table", "06944", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "[0/2] fetching table 06944" in out and "dry run: nothing written" in out and "06944 -> median" in out
    assert snapshot(private_url) == before


def test_cli_offline_says_so_and_changes_nothing(private_url, monkeypatch, capsys, snapshot):
    unreachable = FakeSources(tables.load_tables(), [], fail={table_id: offline() for table_id in tables.load_tables()})
    monkeypatch.setattr(ssb_refresh, "SsbClient", lambda: unreachable)
    monkeypatch.setattr(ssb_refresh, "FhiClient", lambda: unreachable.fhi)
    monkeypatch.setattr(ssb_refresh, "Downloader", lambda: unreachable.download)
    before = snapshot(private_url)
    assert main(["ssb-refresh"]) == 3
    assert "Cannot reach Statistics Norway" in capsys.readouterr().err
    assert snapshot(private_url) == before


def test_cli_refuses_an_unknown_table(private_url, capsys):
    assert main(["ssb-refresh", "--table", "00000"]) == 2
    assert "unknown SSB table" in capsys.readouterr().err
