"""The SSB refresh page in AppTest: admins only; without internet it says so and changes nothing."""

from __future__ import annotations

import pytest
import requests

from core.i18n import t


@pytest.fixture
def admin(private_database, add_users, identity_of, monkeypatch):
    url = private_database("ssb_page")
    monkeypatch.setenv("DATABASE_URL", url)
    add_users(url, {"admin.ssb": ("admin", None, None), "sek.ssb": ("secretariat", None, None)})
    return url, identity_of(url, "admin.ssb"), identity_of(url, "sek.ssb")


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_page_lists_the_catalogue_for_admins(admin, open_page, lang):
    _url, identity, _ = admin
    app = open_page("ssb_refresh", identity, lang)
    assert not app.exception and app.title[0].value == t("page.ssb_refresh", lang)
    assert "06944" in list(app.dataframe[0].value.iloc[:, 0])


def test_page_refuses_other_roles(admin, run_page_file):
    _url, _, secretariat = admin
    app = run_page_file("ssb_refresh", secretariat)  # served directly, past the navigation
    assert app.error and not app.title and not app.dataframe


def test_offline_refresh_says_so_and_changes_nothing(admin, open_page, snapshot, monkeypatch):
    url, identity, _ = admin

    def offline(*args, **kwargs):
        raise requests.ConnectionError("no route to host")

    monkeypatch.setattr(requests.Session, "request", offline)
    before = snapshot(url)
    app = open_page("ssb_refresh", identity, "en")
    app = app.button[0].click().run()
    assert [e.value for e in app.error] == [t("ssb.offline", "en")]
    assert snapshot(url) == before


@pytest.mark.slow  # several seconds (whole refreshes, a second page run): not in test-fast
def test_each_table_shows_its_last_run_outcome_and_rows_changed(admin, open_page):
    """One table refreshed, one refused by the source: the page tells them apart, with the rows the first changed."""
    from core import queries
    from core.gate import SYSTEM
    from core.ssb import client as ssb_client
    from core.ssb import refresh as ssb_refresh
    from core.ssb import tables
    from tests.ssb_answers import FakeSources

    url, identity, _ = admin
    catalogue = tables.load_tables()
    codes = list(queries.municipalities(url).code)[:10]
    refused = ssb_client.TableRefused("ssb.http_error", status=404, url="", detail="Non-existent table")
    fake = FakeSources(catalogue, codes, fail={"13556": refused})
    result = ssb_refresh.refresh(["06944", "13556"], actor=SYSTEM, client=fake, url=url)
    changed = result.updates[0].changed
    app = open_page("ssb_refresh", identity, "en")
    table = app.dataframe[0].value.set_index(t("ssb.column.table", "en"))
    assert table.loc["06944", t("ssb.column.outcome", "en")] == t("ssb.outcome.ok", "en")
    assert table.loc["06944", t("ssb.column.rows_changed", "en")] == f"{changed:,}"
    assert table.loc["13556", t("ssb.column.outcome", "en")] == t("ssb.outcome.refused", "en")
    assert "404" in table.loc["13556", t("ssb.column.message", "en")]
    assert table.loc["07849", t("ssb.column.outcome", "en")] == t("ssb.never", "en")
