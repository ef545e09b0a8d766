"""The SSB refresh page in AppTest: admins only; without internet it says so and changes nothing."""

from __future__ import annotations

import shutil

import pytest
import requests

from core import auth
from core.gate import SYSTEM
from core.i18n import t
from tests.private_database import template_database
from tests.test_admin_pages import PASSWORD, open_page, run_page_file
from tests.test_ssb_connector import snapshot


@pytest.fixture
def admin(tmp_path, tmp_path_factory, monkeypatch):
    path = tmp_path / "ssb_page.sqlite"
    shutil.copyfile(template_database(tmp_path_factory), path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DATABASE_URL", url)
    auth.create_user(SYSTEM, "admin.ssb", "Admin", PASSWORD, "admin", url=url)
    auth.create_user(SYSTEM, "sek.ssb", "Sek", PASSWORD, "secretariat", url=url)
    return url, auth.authenticate("admin.ssb", PASSWORD, url), auth.authenticate("sek.ssb", PASSWORD, url)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_page_lists_the_catalogue_for_admins(admin, lang):
    _url, identity, _ = admin
    app = open_page("ssb_refresh", identity, lang)
    assert not app.exception and app.title[0].value == t("page.ssb_refresh", lang)
    assert "06944" in list(app.dataframe[0].value.iloc[:, 0])


def test_page_refuses_other_roles(admin):
    _url, _, secretariat = admin
    app = run_page_file("ssb_refresh", secretariat)  # served directly, past the navigation
    assert app.error and not app.title and not app.dataframe


def test_offline_refresh_says_so_and_changes_nothing(admin, monkeypatch):
    url, identity, _ = admin

    def offline(*args, **kwargs):
        raise requests.ConnectionError("no route to host")

    monkeypatch.setattr(requests.Session, "request", offline)
    before = snapshot(url)
    app = open_page("ssb_refresh", identity, "en")
    app = app.button[0].click().run()
    assert [e.value for e in app.error] == [t("ssb.offline", "en")]
    assert snapshot(url) == before
