"""One table's failure is its own: a renamed table (HTTP 404), over the limit (429) or briefly down (503), a timeout,
a malformed body and a partial answer are each reported with what the server said, nothing of that table is
written, and the other tables land. SSB's rate limit is respected. Every run is recorded (last run, outcome, rows
changed) for the admin page, and the command line exits 4 so that a cron job notices.

A stand-in for data.ssb.no answers the real client (core/ssb/client.py) through requests' interface; the datasets
follow each table's documented shape with INVENTED numbers (tests/ssb_answers.py).
"""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
import requests

from core import queries
from core.__main__ import main
from core.gate import SYSTEM
from core.ssb import client as ssb_client
from core.ssb import refresh as ssb_refresh
from core.ssb import tables
from tests.ssb_answers import FakeSources, dataset

CHOSEN = ("06944", "13556", "13563")
TABLES = {table_id: tables.load_tables()[table_id] for table_id in CHOSEN}


class Server:
    """data.ssb.no as the tests script it: per table, a list of answers given in turn (the last one repeats); an
    answer is an exception to raise, or (status, body, headers)."""

    def __init__(self, script: dict[str, list]):
        self.script = {table_id: list(answers) for table_id, answers in script.items()}
        self.requests: list[str] = []

    def request(self, method, url, params, json, timeout):
        table_id = url.split("/tables/", 1)[1].split("/", 1)[0]
        self.requests.append(table_id)
        answers = self.script[table_id]
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        if isinstance(answer, Exception):
            raise answer
        status, body, headers = answer
        response = requests.Response()
        response.status_code = status
        response._content = body if isinstance(body, bytes) else body.encode()
        response.headers.update(headers)
        return response


def ok(table_id: str, codes: list[str], **changes) -> tuple:
    answer = dataset(TABLES[table_id], codes, (2022, 2023))
    answer.update(changes)
    return 200, json.dumps(answer), {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def codes(public_template) -> list[str]:
    return list(queries.municipalities(f"sqlite:///{public_template}").code)[:20]


@pytest.fixture
def url(public_template, tmp_path, monkeypatch) -> str:
    path = tmp_path / "isolation.sqlite"
    shutil.copyfile(public_template, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def run(url: str, script: dict, slept: list | None = None, limiter=None):
    slept = [] if slept is None else slept
    server = Server(script)
    client = ssb_client.SsbClient(server, limiter or ssb_client.RateLimiter(sleep=slept.append))
    result = ssb_refresh.refresh(actor=SYSTEM, client=client, url=url, tables=TABLES)
    return result, server


def written(url: str, table_id: str) -> int:
    table = TABLES[table_id]
    return sum(len(queries.observations(i, "municipality", url=url)) for i in table.indicator_ids)


def assert_only_13556_failed(url: str, result, kind: str, said: str) -> None:
    assert [(f.table.id, f.kind) for f in result.failures] == [("13556", kind)]
    assert said in result.failures[0].message, result.failures[0].message
    assert sorted(u.table.id for u in result.updates) == ["06944", "13563"]
    assert written(url, "13556") == 0 and written(url, "06944") > 0 and written(url, "13563") > 0
    state = ssb_refresh.status(url, tables=TABLES).set_index("table")
    assert state.loc["13556", "outcome"] == kind and said in state.loc["13556", "message"]
    assert pd.isna(state.loc["13556", "refreshed"]) and state.loc["13556", "values"] == 0
    assert state.loc["06944", "outcome"] == "ok" and state.loc["06944", "rows_changed"] > 0


def test_a_renamed_or_removed_table_is_reported_and_the_others_land(url, codes):
    script = {"06944": [ok("06944", codes)], "13563": [ok("13563", codes)],
              "13556": [(404, '{"type": "Not found", "title": "Non-existent table 13556"}', {})]}
    result, _ = run(url, script)
    assert_only_13556_failed(url, result, "refused", "404")
    assert "Non-existent table" in result.failures[0].message


@pytest.mark.parametrize("status", [429, 503])
def test_over_the_limit_or_briefly_down_waits_and_tries_once_more(url, codes, status):
    script = {"06944": [ok("06944", codes)], "13563": [ok("13563", codes)],
              "13556": [(status, "slow down", {"Retry-After": "7"}), ok("13556", codes)]}
    slept = []
    result, server = run(url, script, slept)
    assert not result.failures and written(url, "13556") > 0
    assert slept == [7.0] and server.requests.count("13556") == 2


@pytest.mark.parametrize("status", [429, 503])
def test_still_refused_after_the_retry_is_that_tables_failure(url, codes, status):
    script = {"06944": [ok("06944", codes)], "13563": [ok("13563", codes)],
              "13556": [(status, "Too many requests", {})]}
    slept = []
    result, server = run(url, script, slept)
    assert_only_13556_failed(url, result, "refused", str(status))
    assert slept == [ssb_client.WINDOW_SECONDS] and server.requests.count("13556") == 2  # waited a window, once


def test_a_timeout_is_that_tables_failure(url, codes):
    script = {"06944": [ok("06944", codes)], "13563": [ok("13563", codes)],
              "13556": [requests.Timeout("read timed out")]}
    result, _ = run(url, script)
    assert_only_13556_failed(url, result, "unavailable", "Cannot reach")


@pytest.mark.parametrize("body", ["<html><body>Service maintenance</body></html>", "[1, 2, 3]",
                                  '{"error": "Table has been changed"}'])
def test_a_malformed_body_is_that_tables_failure(url, codes, body):
    script = {"06944": [ok("06944", codes)], "13563": [ok("13563", codes)], "13556": [(200, body, {})]}
    result, _ = run(url, script)
    assert_only_13556_failed(url, result, "malformed", "did not answer with what was asked for")


def partial_answers(codes: list[str]) -> dict[str, dict]:
    """13556's answer cut short in four ways: half its values, a category it was asked for missing (women), its
    time dimension missing, no municipality at all."""
    table = TABLES["13556"]
    whole = dataset(table, codes, (2022, 2023))
    truncated = dict(whole, value=whole["value"][: len(whole["value"]) // 2])
    both_only = table.model_copy(update={"selection": [
        s.model_copy(update={"valueCodes": ["0"]}) if s.variableCode == "Kjonn" else s for s in table.selection]})
    women_missing = dataset(both_only, codes, (2022, 2023))
    time = whole["id"].index("Tid")
    no_time = dict(whole, id=whole["id"][:time] + whole["id"][time + 1:],
                   size=whole["size"][:time] + whole["size"][time + 1:],
                   dimension={k: v for k, v in whole["dimension"].items() if k != "Tid"})
    only_counties = dataset(table, [], (2022, 2023))
    return {"truncated": truncated, "women_missing": women_missing, "no_time": no_time,
            "only_counties": only_counties}


@pytest.mark.parametrize("kind", ["truncated", "women_missing", "no_time", "only_counties"])
def test_a_partial_answer_is_that_tables_failure(url, codes, kind):
    answer = partial_answers(codes)[kind]
    script = {"06944": [ok("06944", codes)], "13563": [ok("13563", codes)],
              "13556": [(200, json.dumps(answer), {})]}
    result, _ = run(url, script)
    assert_only_13556_failed(url, result, "partial", "incomplete")


@pytest.mark.slow  # several seconds (whole refreshes, a second page run): not in test-fast
def test_each_run_is_recorded_and_an_unchanged_refresh_changes_no_rows(url, codes):
    script = {table_id: [ok(table_id, codes)] for table_id in CHOSEN}
    first, _ = run(url, script)
    assert all(u.changed == len(u.observations) for u in first.updates)
    second, _ = run(url, script)
    assert [u.changed for u in second.updates] == [0, 0, 0]
    state = ssb_refresh.status(url, tables=TABLES).set_index("table")
    assert list(state.rows_changed) == [0, 0, 0] and set(state.outcome) == {"ok"}
    assert state.last_run.notna().all()


def test_the_rate_limit_is_respected_across_tables(url, codes):
    now, slept = [0.0], []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    limiter = ssb_client.RateLimiter(calls=2, clock=lambda: now[0], sleep=sleep)
    script = {table_id: [ok(table_id, codes)] for table_id in CHOSEN}
    result, _ = run(url, script, limiter=limiter)
    assert not result.failures and slept == [pytest.approx(ssb_client.WINDOW_SECONDS)]


def test_the_command_line_names_the_failed_table_and_exits_4(url, codes, monkeypatch, capsys):
    script = {"06944": [ok("06944", codes)], "13556": [(404, "Non-existent table", {})]}
    server = Server(script)
    monkeypatch.setattr(ssb_refresh, "SsbClient", lambda: ssb_client.SsbClient(
        server, ssb_client.RateLimiter(sleep=lambda s: None)))
    fake = FakeSources(tables.load_tables(), codes)
    monkeypatch.setattr(ssb_refresh, "FhiClient", lambda: fake.fhi)
    monkeypatch.setattr(ssb_refresh, "Downloader", lambda: fake.download)
    assert main(["ssb-refresh", "--table", "06944", "--table", "13556"]) == 4
    out, err = capsys.readouterr()
    assert "06944 -> median_household_income" in out and "rows changed" in out
    assert "error: table 13556 (refused)" in err and "404" in err


@pytest.mark.slow  # several seconds (whole refreshes, a second page run): not in test-fast
def test_the_pages_follow_a_refresh_made_by_another_process(url, codes):
    """A cron job refreshes from its own process: the app's caches notice on the next page view (components/data.py
    compares the newest refresh time in the database with the one its caches were filled from)."""
    import streamlit as st

    from components import data

    st.cache_resource.clear()
    assert not data.public_observations().indicator_id.eq("median_household_income").any()
    assert "registered_unemployment_share" not in data.catalogue() or data.catalogue()[
        "registered_unemployment_share"].green.value is None
    run(url, {table_id: [ok(table_id, codes)] for table_id in CHOSEN})  # as if from the command line
    assert data.public_observations().indicator_id.eq("median_household_income").any()
    assert data.catalogue()["registered_unemployment_share"].green.value is not None  # fixed at the first refresh
    fresh = data.online_freshness().set_index("indicator_id")
    assert fresh.newest_year["median_household_income"] == 2023 and fresh.refreshed["median_household_income"]


def test_each_table_is_one_log_line_written_or_failed(url, codes, caplog):
    """The operator's view (core/logs.py): one `ssb.table` line per table, its outcome, and what the source said."""
    script = {"06944": [ok("06944", codes)], "13563": [ok("13563", codes)],
              "13556": [(404, '{"type": "Not found", "title": "Non-existent table 13556"}', {})]}
    with caplog.at_level("INFO", logger="dashboard.ssb"):
        run(url, script)
    lines = {record.f_table: record for record in caplog.records if getattr(record, "event", None) == "ssb.table"}
    assert sorted(lines) == sorted(CHOSEN) and len(lines) == len(
        [r for r in caplog.records if getattr(r, "event", None) == "ssb.table"])
    assert lines["13556"].f_outcome == "failed" and "404" in lines["13556"].f_detail
    assert lines["06944"].f_outcome == "written" and lines["06944"].f_rows > 0
    assert lines["06944"].user == "-" and lines["06944"].f_actor == SYSTEM.username
