"""Every dashboard page offers its charts as PNG (and the profile its PDF and scores) in one export dialog."""

from __future__ import annotations

import io
import re
from pathlib import Path
from unittest import mock

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components import export_dialog
from components.downloads import excel_file

APP = Path(__file__).resolve().parent.parent / "app.py"


def open_page(page: str, **params) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.query_params.update(params)
    app.run()
    app.switch_page(page).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def downloads(app: AppTest) -> list[str]:
    return [button.label for button in app.get("download_button")]


@pytest.mark.parametrize("page, key, charts, lang", [
    ("app_pages/overview.py", "overview_export", 1, "nb"),
    ("app_pages/profile.py", "profile_export", 2, "en"),
    ("app_pages/compare.py", "compare_export", 3, "nb"),
    ("app_pages/map_explorer.py", "explorer_export", 1, "en"),
])
def test_export_dialog_lists_every_chart(built_database, page, key, charts, lang):
    app = open_page(page, kommune="5610", lang=lang)
    before = downloads(app).count("PNG")
    app.button(key=key).click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert downloads(app).count("PNG") - before == charts


def test_progress_exports_one_png_per_trend_chart(built_database):
    app = open_page("app_pages/progress.py", kommune="5610")
    # One section per indicator with a target, its trend chart drawn on screen only when opened.
    indicators = [e for e in app.expander if " → " in e.label]  # "status — name: value → target (year)"
    app.button(key="progress_export").click().run()
    assert not app.exception
    assert indicators and downloads(app).count("PNG") == len(indicators)


@pytest.mark.parametrize("page, key, first", [("app_pages/progress.py", "progress_export", 0),
                                               ("app_pages/compare.py", "compare_export", 2)])
def test_charts_drawn_for_the_dialog_only_get_their_years_in_the_image_title(built_database, page, key, first):
    """The progress page's trend charts and compare's small multiples are drawn when the dialog opens; the title
    written in their image still says where and which years (image_title as a function of the drawn figure)."""
    app = open_page(page, kommune="5610")
    with mock.patch.object(export_dialog, "png_download") as png_download:
        app.button(key=key).click().run()
    assert not app.exception
    titles = [call.kwargs["title"] for call in png_download.call_args_list][first:]
    assert titles and all(re.search(r" – Kárášjohka - Karasjok, (19|20)\d\d(–20\d\d)?$", t) for t in titles), titles


def test_profile_dialog_offers_the_pdf_report_and_the_scores(built_database):
    app = open_page("app_pages/profile.py", kommune="0301", lang="en")
    assert "Download scores (CSV)" not in downloads(app)  # only in the dialog, so the page stays light
    app.button(key="profile_export").click().run()
    assert "Download scores (CSV)" in downloads(app)
    assert app.button(key="profile_export_pdf_make").label == "Make PDF report"


def test_tables_are_offered_as_csv_and_excel_exactly_as_shown(built_database):
    app = open_page("app_pages/progress.py", kommune="5610", lang="en")
    app.button(key="progress_export").click().run()
    assert not app.exception
    labels = downloads(app)
    assert labels.count("Download Excel") >= 3 and labels.count("Download CSV") >= 3  # per goal, peers, targets
    frame = pd.DataFrame({"Indicator": ["Ett: to"], "Target": ["5 %"]})
    back = pd.read_excel(io.BytesIO(excel_file(frame, "Targets: per [goal]?")))  # a title Excel would refuse
    assert back.equals(frame)
