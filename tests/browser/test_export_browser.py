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
    assert name == "scores_5610.csv" and csv.startswith(b"\xef\xbb\xbfcode,name,level,goal,indicator")  # BOM, commas

    dialog.get_by_role("button", name="Make PDF report").click()
    name, pdf = download(page, dialog.get_by_role("button", name="Download PDF report"))
    assert name.startswith("profile_5610_") and pdf.startswith(b"%PDF")
    assert dialog.get_by_role("button", name="Make PDF report").count() == 0  # the download took its place


def test_bokmaal_csv_opens_in_norwegian_excel_and_names_are_norwegian(page, app_url):
    """Issue 13 §4: semicolons, decimal commas and a BOM in bokmål, and the file name in bokmål."""
    import csv
    import io

    page.goto(f"{app_url}/kommuneprofil?kommune=5501&lang=nb")
    page.wait_for_selector(IDLE)
    page.get_by_role("button", name="Eksporter").click()
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    name, content = download(page, dialog.get_by_role("button", name="Last ned poeng (CSV)"))
    assert name == "poeng_5501.csv" and content.startswith(b"\xef\xbb\xbfcode;name;level;goal;indicator")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    scores = [r["score"] for r in rows if r["score"]]
    assert scores and all("." not in s for s in scores) and any("," in s for s in scores)


SHOWS_CHOICE = """expected => [...document.querySelectorAll("[data-testid='stSidebar'] [data-testid='stSelectbox']")]
    .some(box => box.innerText.includes(expected)
                 || [...box.querySelectorAll('input')].some(i => i.value.includes(expected)))"""


def test_sidebar_search_folds_letters_and_finds_old_codes(page, app_url):
    """Issue 13 §3 in a real browser: Tromso finds Tromsø, 5401 finds Tromsø 5501, nonsense says Ingen treff."""
    page.goto(f"{app_url}/?lang=nb")
    page.wait_for_selector(IDLE)
    box = page.get_by_label("Søk etter kommune", exact=True).and_(page.get_by_test_id("stTextInputField"))
    for typed, expected in (("Tromso", "Tromsø (5501)"), ("5401", "tidligere 5401 Tromsø")):
        box.fill(typed)
        box.press("Enter")
        page.wait_for_function("() => new URL(location.href).searchParams.get('kommune') === '5501'",
                               timeout=30_000)
        page.wait_for_function(SHOWS_CHOICE, arg=expected, timeout=30_000)
    box.fill("xyzzy")
    box.press("Enter")
    page.get_by_text("Ingen treff").wait_for(timeout=30_000)
