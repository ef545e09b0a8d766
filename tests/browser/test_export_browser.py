"""The export dialog in a real Chromium: a chart as PNG, the scores as CSV and the profile as PDF, each made on
its click and downloaded."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def download(page, trigger) -> tuple[str, bytes]:
    with page.expect_download(timeout=90_000) as started:
        trigger.click()
    return started.value.suggested_filename, Path(started.value.path()).read_bytes()


def test_profile_exports_png_csv_and_pdf(page, app_url):
    page.goto(f"{app_url}/kommuneprofil?kommune=5610&lang=en")
    page.wait_for_selector(IDLE)
    page.get_by_role("button", name="Export").click()
    dialog = page.get_by_role("dialog")
    dialog.wait_for()

    name, png = download(page, dialog.get_by_role("button", name="PNG").first)
    assert name == "radar_5610.png" and png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (1600, 900)  # 16:9, the source strip included

    name, csv = download(page, dialog.get_by_role("button", name="Download scores (CSV)"))
    assert name == "scores_5610.csv" and csv.decode().startswith("code,name,level,goal,indicator")

    dialog.get_by_role("button", name="Make PDF report").click()
    name, pdf = download(page, dialog.get_by_role("button", name="Download PDF report"))
    assert name.startswith("profile_5610_en_") and pdf.startswith(b"%PDF")
    assert dialog.get_by_role("button", name="Make PDF report").count() == 0  # the download took its place
