"""The online table catalogue (data/ssb_tables.yaml): cited evidence, the goals it covers, and every table's answer
parsed into its indicators, shares from counts across merged municipalities, FHI's query body.

Answers follow each table's documented shape with INVENTED numbers (tests/ssb_answers.py); no network is used.
"""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest

from core.catalogue import load_catalogue
from core.ssb import client as ssb_client
from core.ssb import jsonstat, tables
from core.ssb import refresh as ssb_refresh
from tests.ssb_answers import dataset, emissions_workbook

CATALOGUE = tables.load_tables()
EVIDENCE = re.compile(r"[\w.-]+/[\w.-]+ @ [0-9a-f]{7,40}|https://")  # owner/repo @ commit, or an address
DRAMMEN, PREDECESSORS_2019 = "3301", ("0602", "0625", "0711")  # the 2020 merger (Drammen, Nedre Eiker, Svelvik)
# The predecessors answer for 2019, Drammen's 2024 code for 2023 (SSB restates a year on the codes valid in it).
MERGER_GAPS = {(code, 2023) for code in PREDECESSORS_2019} | {(DRAMMEN, 2019)}


@pytest.fixture(scope="module")
def context(public_template, tmp_path_factory):
    path = tmp_path_factory.mktemp("ssb_tables") / "tables.sqlite"
    shutil.copyfile(public_template, path)
    return ssb_refresh._Context(load_catalogue(), f"sqlite:///{path}")


@pytest.fixture(scope="module")
def codes(context) -> list[str]:
    """A few of today's municipalities, Oslo and Drammen among them (fewer codes: a quicker mapping)."""
    return sorted(set(context.codes[:12]) | {"0301", DRAMMEN})


def test_the_catalogue_lists_at_least_twelve_tables_each_with_cited_evidence():
    assert len(CATALOGUE) >= 12 and sum(t.api == "ssb" for t in CATALOGUE.values()) >= 12
    for table in CATALOGUE.values():
        assert EVIDENCE.search(table.evidence), f"{table.id}: evidence names no repository @ commit or address"
        if table.api == "ssb":
            assert table.id in table.evidence or table.id in table.title, table.id


def test_the_tables_cover_the_goals_the_issue_asks_for():
    """Issue 15 asks for goals 1, 3 or 6, 5, 7, 8, 10, 12 and 15 between them; 12241/13136 have no evidence for their
    codes (left out with the reason in the file's header), so goal 12 comes from the emissions workbook's waste
    sector, per inhabitant."""
    catalogue = load_catalogue()
    specs = [catalogue[i] for table in CATALOGUE.values() for i in table.indicator_ids]
    goals = {spec.sdg_goal for spec in specs}
    targets = {target.split(".")[0] for spec in specs for target in spec.sdg_targets}
    assert {3, 5, 6, 7, 8, 10, 12, 15} <= goals and "1" in targets
    scored_on_12 = [spec for spec in specs if spec.sdg_goal == 12 and spec.direction]
    assert scored_on_12 and all(spec.source_key == "miljodir_klimagass-kommuner" for spec in scored_on_12)
    header = tables.TABLES_FILE.read_text(encoding="utf-8").split("tables:", 1)[0]
    for left_out in ("12241", "13136", "01182", "09494", "11793", "10314"):
        assert left_out in header, f"{left_out}: say why it is left out"


def test_scored_indicators_say_how_their_thresholds_are_set():
    catalogue = load_catalogue()
    for table in CATALOGUE.values():
        for indicator_id in table.indicator_ids:
            spec = catalogue[indicator_id]
            if spec.direction is None:
                continue
            assert spec.goal_source and spec.sdg_goal
            for name in ("green", "red"):
                threshold = getattr(spec, name)
                assert threshold.value is not None or threshold.quantile is not None, f"{indicator_id} {name}"
                assert threshold.basis in ("absolute", "distribution")
            assert spec.optimum.value is not None or spec.optimum.quantile is not None


@pytest.mark.parametrize("table_id", sorted(CATALOGUE))
def test_each_tables_answer_parses_into_its_indicators(table_id, context, codes):
    table = CATALOGUE[table_id]
    answer = emissions_workbook(codes) if table.api == "miljodirektoratet" else dataset(table, codes, (2022, 2023))
    update = context.update(table, answer)
    frame = update.observations
    assert set(frame.indicator_id) == set(table.indicator_ids) and set(frame.source_key) == {table.source_key}
    municipal = frame[frame.area_level == "municipality"]
    assert set(municipal.area_code) <= set(codes) and {"0301", DRAMMEN} <= set(municipal.area_code)
    assert set(municipal.year) >= {2022, 2023}
    catalogue = load_catalogue()
    for indicator_id, rows in municipal.groupby("indicator_id"):
        if catalogue[indicator_id].unit_symbol == "%" and indicator_id != "net_operating_result_share":
            assert rows.value.between(0, 100).all(), indicator_id
    assert {"county", "country"} <= set(frame.area_level)
    assert not frame.value.isna().any()


def test_a_share_made_from_counts_sums_merged_municipalities_before_dividing(context):
    """13563: registered unemployed / labour force. Drammen's 2019 value is the three predecessors' counts summed
    and then divided, not an average of their shares."""
    table = CATALOGUE["13563"]
    answer = dataset(table, list(PREDECESSORS_2019) + [DRAMMEN], years=(2019, 2023), empty=MERGER_GAPS)
    frame = jsonstat.municipal_cells(jsonstat.tidy(answer), table)
    output = table.outputs[0]
    numerator = jsonstat.cells(frame, table, output.numerator).set_index(["code", "year"]).value
    denominator = jsonstat.cells(frame, table, output.denominator).set_index(["code", "year"]).value
    expected = 100 * sum(numerator[(c, 2019)] for c in PREDECESSORS_2019) / sum(
        denominator[(c, 2019)] for c in PREDECESSORS_2019)
    averaged = sum(100 * numerator[(c, 2019)] / denominator[(c, 2019)] for c in PREDECESSORS_2019) / 3
    assert expected != pytest.approx(averaged, rel=1e-9)
    update = context.update(table, answer)
    values = update.observations.set_index(["area_level", "area_code", "indicator_id", "year"]).value
    assert values[("municipality", DRAMMEN, output.indicator_id, 2019)] == pytest.approx(expected)
    assert values[("municipality", DRAMMEN, output.indicator_id, 2023)] == pytest.approx(
        100 * numerator[(DRAMMEN, 2023)] / denominator[(DRAMMEN, 2023)])


def test_a_published_share_is_never_added_over_merged_municipalities(context):
    """13556 publishes percentages only: Drammen gets no 2019 value from its three predecessors (one code to one
    municipality), but its own later years."""
    table = CATALOGUE["13556"]
    update = context.update(table, dataset(table, list(PREDECESSORS_2019) + [DRAMMEN], years=(2019, 2023),
                                           empty=MERGER_GAPS))
    municipal = update.observations[update.observations.area_level == "municipality"]
    drammen = municipal[municipal.area_code == DRAMMEN]
    assert set(drammen.year) == {2023}


def test_a_published_share_of_a_count_combines_through_the_counts(context):
    """08764 gives the share of children in low-income households and the children counted: merged municipalities
    combine as sum(share x children) / sum(children)."""
    table = CATALOGUE["08764"]
    answer = dataset(table, list(PREDECESSORS_2019) + [DRAMMEN], years=(2019,))
    frame = jsonstat.municipal_cells(jsonstat.tidy(answer), table).set_index(["code", "ContentsCode"]).value
    children = {c: frame[(c, "Personer")] for c in PREDECESSORS_2019}
    shares = {c: frame[(c, "EUskala60")] for c in PREDECESSORS_2019}
    expected = sum(shares[c] * children[c] for c in children) / sum(children.values())
    update = context.update(table, answer)
    value = update.observations.set_index(["area_level", "area_code", "year"]).value[("municipality", DRAMMEN, 2019)]
    assert value == pytest.approx(expected)


def test_protected_area_is_a_share_of_the_municipalitys_area(context, codes):
    table = CATALOGUE["08936"]
    answer = dataset(table, codes, (2023,))
    km2 = jsonstat.cells(jsonstat.municipal_cells(jsonstat.tidy(answer), table), table, {"VerneOmrader": ["0"]})
    update = context.update(table, answer)
    share = update.observations.set_index(["area_level", "area_code", "year"]).value
    protected = km2.set_index("code").value["0301"]
    assert share[("municipality", "0301", 2023)] == pytest.approx(100 * protected / context.areas["0301"])


def test_fhi_body_asks_for_todays_municipalities_as_public_code_does(context):
    table = CATALOGUE["fhi-341"]
    body = table.fhi_body(context.codes)
    assert body["response"] == {"format": "json-stat2"}
    dimensions = {d["code"]: d for d in body["dimensions"]}
    assert dimensions["GEO"] == {"code": "GEO", "filter": "item", "values": sorted(context.codes)}
    assert dimensions["AAR"] == {"code": "AAR", "filter": "bottom", "values": ["10"]}
    assert dimensions["INDIKATOR"]["values"] == ["HygLev"]
    sent = []

    class Session:
        def request(self, method, url, params, json, timeout):
            sent.append((method, url, json))
            response = ssb_client.requests.Response()
            response.status_code, response._content = 200, b'{"class": "dataset"}'
            return response

    ssb_client.FhiClient(Session(), ssb_client.RateLimiter(sleep=lambda s: None)).table_data("341", body)
    assert sent == [("POST", "https://statistikk-data.fhi.no/api/open/v1/nokkel/Table/341/data", body)]


def test_fhi_windows_count_in_their_last_year():
    assert jsonstat.period_year("2014_2017") == 2017 and jsonstat.period_year("2023") == 2023
    assert jsonstat.period_year("2020M11") == 2020


def test_a_cell_with_an_empty_part_is_empty():
    table = CATALOGUE["07849"]
    answer = dataset(table, ["0301"], (2023,))
    position = next(i for i, v in enumerate(answer["value"]) if v is not None)
    answer["value"][position] = None  # one fuel of Oslo suppressed
    frame = jsonstat.municipal_cells(jsonstat.tidy(answer), table)
    total = jsonstat.cells(frame, table, table.outputs[0].denominator)
    assert total.empty  # never the sum of the other five fuels
    assert isinstance(frame, pd.DataFrame)
