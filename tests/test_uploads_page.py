"""The upload page (Egne data) and the U4SSC view on the profile in Streamlit's AppTest.

The journey of the issue's "done when": a coordinator downloads the template, fills it in, sees the preview,
saves, finds their values on the profile, and undoes the import without losing a value. Values are INVENTED by
this code. DATABASE_URL points at a private copy of the public data; the shared database is never touched.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import streamlit as st
from openpyxl import load_workbook
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from core import auth, db, models
from core.i18n import t
from core.uploads import template
from core.uploads.reference import load_reference

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 90
KARASJOK = "5610"
COORDINATOR = auth.Identity("koord.karasjok", "Koordinator Karasjok", "coordinator", "municipality", KARASJOK)
INVENTED = "Oppdiktet testverdi"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def url(private_database, add_users) -> str:
    url = private_database("uploads_page")
    st.cache_resource.clear()  # cached observations of another database must not answer for this one
    add_users(url, {COORDINATOR.username: ("coordinator", "municipality", KARASJOK)})
    return url


@pytest.fixture
def database(url, monkeypatch) -> str:
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def open_page(name: str, identity: auth.Identity | None, **params) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    app.query_params.update({"lang": "nb", **params})
    if identity is not None:
        app.session_state["identity"] = identity
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app.switch_page(f"app_pages/{name}.py").run()


def assert_clean(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def member_values(url: str) -> int:
    with db.session(url) as session:
        return session.scalar(select(func.count()).select_from(models.MemberValue))


def filled_template(url: str) -> bytes:
    workbook = load_workbook(io.BytesIO(template.template_xlsx(COORDINATOR, load_reference(url), "nb")))
    for values in ([None, KARASJOK, "2150", 2024, "85,5", 90, "higher", INVENTED, "Class_1"],
                   [None, KARASJOK, "2209", 2024, 5, 4, "lower", INVENTED, "Class_2"],
                   [None, KARASJOK, "2233", 2024, 20, 100, "higher", INVENTED, "Class_1"],
                   [None, KARASJOK, "low_income_eu60", 1995, 8, None, None, INVENTED, "Class_1"]):
        workbook["Data"].append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_with(app: AppTest, column: str):
    """The first table holding this column (AppTest's tables carry no key)."""
    return next(frame.value for frame in app.dataframe if column in frame.value.columns)


def subheaders(app: AppTest) -> list[str]:
    return [h.value for h in app.subheader]


def test_a_viewer_is_refused(database):
    app = AppTest.from_file(str(ROOT / "app_pages" / "uploads.py"), default_timeout=TIMEOUT).run()
    assert not app.exception
    assert len(app.error) == 1 and "Denne siden krever innlogging med rollen" in app.error[0].value
    assert not app.title and not app.get("file_uploader") and not app.get("download_button")


def test_the_profile_shows_nothing_of_its_own_without_uploads(database):
    app = open_page("profile", COORDINATOR, kommune=KARASJOK)
    assert_clean(app)
    assert t("u4ssc.title", "nb") not in subheaders(app)


def test_a_broken_upload_is_reported_row_by_row_and_nothing_is_saved(database):
    app = open_page("uploads", COORDINATOR)
    assert_clean(app)
    content = ("area_code;indicator;year;value;source;quality\n"
               f"{KARASJOK};low_income_eu60;2023;tolv;{INVENTED};Class_1\n"
               f"0301;low_income_eu60;2023;5;{INVENTED};Class_1\n").encode()
    app.file_uploader[0].set_value(("feil.csv", content, "text/csv")).run()
    assert not app.exception
    assert t("upload.problems", "nb", count=2) in [e.value for e in app.error]
    report = table_with(app, t("upload.column.problem", "nb"))
    assert list(report.iloc[:, 0]) == [2, 3]
    assert not [b for b in app.button if b.key == "save_upload"]
    assert member_values(database) == 0


def test_template_to_profile_and_back_with_undo(database):
    app = open_page("uploads", COORDINATOR)
    assert_clean(app)
    assert app.title[0].value == t("page.uploads", "nb")
    assert len(app.get("download_button")) == 3
    app.file_uploader[0].set_value(("mal.xlsx", filled_template(database), XLSX)).run()
    assert_clean(app)
    preview = table_with(app, t("upload.column.action", "nb"))
    assert len(preview) == 4 and set(preview[t("upload.column.action", "nb")]) == {t("upload.action.new", "nb")}
    app.button(key="save_upload").click().run()
    assert_clean(app)
    assert member_values(database) == 4
    assert any(t("upload.saved", "nb", id=1) == s.value for s in app.toast)  # survives the rerun

    profile = open_page("profile", COORDINATOR, kommune=KARASJOK)
    assert_clean(profile)
    assert t("u4ssc.title", "nb") in subheaders(profile)
    assert t("u4ssc.own_values", "nb") in subheaders(profile)
    kpis = table_with(profile, "KS")
    assert dict(zip(kpis["KS"], kpis[t("u4ssc.points", "nb")], strict=True)) == {"2150": 4, "2209": 3, "2233": 1}
    wheel = [c for c in profile.get("plotly_chart") if "sunburst" in c.proto.spec]
    assert wheel, "the category wheel is missing"

    app = open_page("uploads", COORDINATOR)
    assert_clean(app)
    assert app.selectbox(key="undo_choice").value == 1
    app.button(key="undo_upload").click().run()
    assert_clean(app)
    assert any(t("upload.undone", "nb", id=1, count=4) == s.value for s in app.toast)
    assert member_values(database) == 0

    profile = open_page("profile", COORDINATOR, kommune=KARASJOK)
    assert_clean(profile)
    assert t("u4ssc.title", "nb") not in subheaders(profile)
