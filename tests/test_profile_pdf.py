"""The PDF profile report: it opens, holds what the profile page shows, in both languages, for counties too."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from core import catalogue, queries, scores, targets
from core.errors import UserError
from core.i18n import t
from reports import profile_pdf as report


@pytest.fixture(scope="module")
def book_and_observations(built_database):
    observations = queries.all_observations()
    return scores.compute(observations, catalogue.load_catalogue(), targets.local_targets()), observations


def build(book_and_observations, level: str, code: str, lang: str) -> bytes:
    book, observations = book_and_observations
    return report.profile_pdf(level, code, lang, book, observations=observations)


@pytest.fixture(scope="module")
def oslo_en(book_and_observations) -> bytes:
    return build(book_and_observations, "municipality", "0301", "en")


@pytest.fixture(scope="module")
def karasjok_nb(book_and_observations) -> bytes:
    return build(book_and_observations, "municipality", "5610", "nb")


@pytest.fixture(scope="module")
def finnmark_en(book_and_observations) -> bytes:
    return build(book_and_observations, "county", "56", "en")


@pytest.fixture(scope="module")
def haram_nb(book_and_observations) -> bytes:
    """Haram (1580) has the fewest indicators with data, too few for an index."""
    return build(book_and_observations, "municipality", "1580", "nb")


def pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def text(pdf: bytes) -> str:
    return "\n".join(pages(pdf))


def flat(pdf: bytes) -> str:
    """The text with every line break and run of spaces as one space: phrases wrap inside table cells."""
    return " ".join(text(pdf).split())


def line_with(pdf: bytes, start: str) -> str:
    return next(line for line in text(pdf).splitlines() if line.strip().startswith(start))


def fill_operator(hex_colour: str) -> str:
    """How fpdf2 writes a fill colour in the page content: '0.898 0.1412 0.2314 rg', or '0.6196 g' for a grey."""
    channels = [f"{int(hex_colour.lstrip('#')[i:i + 2], 16) / 255:.4f}".rstrip("0").rstrip(".") for i in (0, 2, 4)]
    return f"{channels[0]} g" if len(set(channels)) == 1 else " ".join(channels) + " rg"


def test_report_opens_with_numbered_pages_and_footer(oslo_en):
    reader = PdfReader(io.BytesIO(oslo_en))
    count = len(reader.pages)
    assert 5 <= count <= 12
    for number, page in enumerate(pages(oslo_en), start=1):
        assert f"Page {number} of {count}" in page
        assert "Generated" in page and "SSB" in page and "Kartverket" in page
    assert reader.metadata.title == "Sustainability profile: Oslo"


def test_report_holds_the_profile(oslo_en, book_and_observations):
    book, _ = book_and_observations
    content = text(oslo_en)
    for expected in ["Sustainability profile", "Oslo", "Municipality 0301", "Key facts", "Population 2026",
                     "in ten years", "KOSTRA group 13", "Centrality", "km²", "Mean of the goals with data",
                     "The SDGs (0–100", "The 17 goals: status and trend", "The indicators per goal",
                     "Progress toward 2030", "Sources and licences", "CC BY 4.0", "Credit to the publishers"]:
        assert expected in content, expected
    for goal in queries.sdg_goals().short_en:
        assert goal in flat(oslo_en), goal
    oslo = book.indicators[(book.indicators.area_level == "municipality") & (book.indicators.area_code == "0301")]
    low_income = oslo[oslo.indicator_id == "low_income_eu60"].iloc[0]
    assert f"LB {low_income.lower_bound:.1f}" in content  # the bounds behind the score are printed
    assert "↑ on track" in content or "→ stagnating" in content


def test_images_are_the_radar_and_one_trend_chart_per_target(oslo_en, book_and_observations):
    book, _ = book_and_observations
    rows = book.indicators[(book.indicators.area_level == "municipality") & (book.indicators.area_code == "0301")]
    reader = PdfReader(io.BytesIO(oslo_en))
    images = sum(len(page.images) for page in reader.pages)
    assert images == 1 + rows.target.notna().sum()


def test_goal_and_status_colours_are_drawn(oslo_en):
    reader = PdfReader(io.BytesIO(oslo_en))
    content = "".join(page.get_contents().get_data().decode("latin-1") for page in reader.pages)
    for colour in queries.sdg_goals().colour:
        assert fill_operator(colour) in content, colour
    assert fill_operator("#9e9e9e") in content  # grey: goals without data


def test_goal_without_data_shows_no_data_not_zero(oslo_en):
    row = line_with(oslo_en, "5 Gender equality")  # SDG 5 has no indicator in the offline build
    assert "No data" in row and "grey: no data" in row
    assert row.endswith("0 of 0")  # no indicator with data, out of none in the catalogue
    assert not re.search(r"\b0\b", row.removesuffix("0 of 0"))  # and no score of 0


def test_sami_names_print_in_full(karasjok_nb, book_and_observations):
    content = text(karasjok_nb)
    assert "Kárášjohka - Karasjok" in content
    assert "Bærekraftsprofil" in content and "Side 1 av" in content and "Generert" in content
    kautokeino = text(build(book_and_observations, "municipality", "5612", "en"))
    assert "Guovdageaidnu - Kautokeino" in kautokeino


def test_fonts_are_embedded_dejavu(karasjok_nb):
    reader = PdfReader(io.BytesIO(karasjok_nb))
    fonts = {str(font["/BaseFont"]) for page in reader.pages for font in page["/Resources"]["/Font"].values()}
    assert fonts and all("DejaVu" in font for font in fonts)


def test_norwegian_words_and_numbers(karasjok_nb):
    content = text(karasjok_nb)
    for expected in ["Nøkkeltall", "Innbyggere", "KOSTRA-gruppe", "Sentralitet", "Framgang mot 2030",
                     "Kilder og lisenser", "Ingen data", "Takk til utgiverne"]:
        assert expected in content, expected
    assert re.search(r"\d,\d %", content)  # decimal comma


def test_county_report_says_where_its_values_come_from(finnmark_en):
    content = flat(finnmark_en)
    assert "County 56" in content and "Finnmark" in content
    assert "Basis" in content and "County values:" in content
    # counts are scored per inhabitant, so a county's value is a ratio of its sums, never a raw sum
    assert "mean weighted by population" in content and "ratio of sums" in content
    assert "sum of municipalities" not in content
    assert "KOSTRA" not in content and "Centrality" not in content  # municipal facts and their sources only


def test_municipality_with_few_data(haram_nb, book_and_observations):
    book, _ = book_and_observations
    content = text(haram_nb)
    municipal = book.index[book.index.area_level == "municipality"].set_index("area_code")
    haram = municipal.loc["1580"]
    assert haram.indicators <= municipal.indicators.quantile(0.05) and haram.coverage < 0.8  # among the fewest
    assert "ikke beregnet" in content  # too few indicators: no index, said so, never a made-up number
    assert f"Dekning: {haram.indicators} av {round(haram.indicators / haram.coverage)}" in content
    goals = book.goals[(book.goals.area_level == "municipality") & (book.goals.area_code == "1580")]
    no_data_rows = [line for line in content.splitlines() if "grå: ingen data" in line]
    assert len(no_data_rows) == 17 - len(goals)


def test_every_area_keeps_seventeen_goals_and_no_zero_for_missing(book_and_observations):
    book, _ = book_and_observations
    specs = catalogue.load_catalogue()
    codes = [("municipality", c) for c in queries.municipalities().code[::25]]
    codes += [("county", c) for c in queries.counties().code]
    for level, code in codes:
        goals = report.goals_of(book, level, code, specs, "en")
        assert list(goals.goal) == list(range(1, 18))
        missing = goals[goals.indicators == 0]
        assert missing.score.isna().all() and (missing.status == "grey").all()
        assert goals[goals.indicators > 0].score.notna().all()


@pytest.mark.parametrize("lang, words", [("en", "No municipality with the number “9999”"),
                                         ("nb", "Fant ingen kommune med nummer «9999»")])
def test_unknown_code_is_a_user_error_in_their_language(built_database, lang, words):
    with pytest.raises(UserError) as raised:
        report.profile_pdf("municipality", "9999", lang)
    assert raised.value.key == "pdf.error.unknown_area"
    assert t(raised.value.key, lang, **raised.value.values).startswith(words)


@pytest.mark.parametrize("level, code, lang, key", [("region", "0301", "en", "pdf.error.level"),
                                                    ("municipality", "0301", "de", "pdf.error.language"),
                                                    ("county", "0301", "en", "pdf.error.unknown_area")])
def test_other_bad_requests(built_database, level, code, lang, key):
    with pytest.raises(UserError) as raised:
        report.profile_pdf(level, code, lang)
    assert raised.value.key == key
    assert t(key, "en", **raised.value.values) != key


def test_missing_font_fails_clearly(monkeypatch, tmp_path):
    monkeypatch.setenv("PDF_FONT_DIR", str(tmp_path))
    with pytest.raises(report.FontMissingError, match="fonts-dejavu-core"):
        report.profile_pdf("municipality", "0301", "en")


def test_command_line(built_database, tmp_path, capsys):
    from core.__main__ import main

    assert main(["pdf", "--code", "9999", "--lang", "en", "--out", str(tmp_path / "x.pdf")]) == 2
    assert "No municipality with the number “9999”" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
    assert main(["pdf", "--code", "03", "--lang", "nb", "--out", str(tmp_path / "oslo.pdf")]) == 0
    assert "Fylke 03" in text((tmp_path / "oslo.pdf").read_bytes())


def test_small_helpers():
    sources = pd.DataFrame({"publisher": ["SSB, table 07459", "SSB / Kartverket (compiled by aprestmo)",
                                          "UN (text), Open SDG (translations)", "Nkom (ekomstatistikk)"]})
    assert report.publishers(sources) == ["SSB", "Kartverket", "UN", "Nkom"]
    assert report.readable_on("#FCC30B") == "#000000"  # SDG 7 yellow
    assert report.readable_on("#19486A") == "#ffffff"  # SDG 17 navy


def download_script():
    import streamlit as st

    from components.pdf_download import pdf_download

    pdf_download("municipality", "5610", st.session_state.get("lang", "en"), "profile")


def test_component_builds_only_when_asked(built_database):
    app = AppTest.from_function(download_script, default_timeout=90)
    app.run()
    assert not app.exception
    assert [b.label for b in app.button] == ["Make PDF report"]
    assert not app.get("download_button")  # nothing built before the click
    app.button(key="profile_make").click().run()
    assert not app.exception and not app.error
    assert [b.proto.label for b in app.get("download_button")] == ["Download PDF report"]
    request, pdf = app.session_state["profile_pdf"]
    assert request[:3] == ("municipality", "5610", "en")
    assert pdf.startswith(b"%PDF") and "Kárášjohka - Karasjok" in text(pdf)
    app.session_state["lang"] = "nb"  # another language asks for a new report
    app.run()
    assert [b.label for b in app.button] == ["Lag PDF-rapport"] and not app.get("download_button")
