"""The PowerPoint deck and PNG exports: they open, and hold the slides, titles, sources, date and sizes asked for.

Timings are not asserted here (a shared CI machine is no stopwatch): bench/exports_bench.py measures them.
"""

from __future__ import annotations

import io
import struct
from datetime import date

import pytest
from pptx import Presentation

from charts import images
from components.chart_export import safe_file_name
from core.i18n import t
from reports import slides
from reports.deck import build_deck

pytestmark = pytest.mark.skipif(images.chromium_path() is None, reason="no Chromium for kaleido")
MADE_ON = date(2026, 5, 26)


@pytest.fixture(scope="module")
def slide_data(built_database):
    return slides.load_slide_data()


def texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the PNG header (the IHDR chunk), without an imaging library."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


def test_plan_orders_map_municipalities_then_numbers():
    refs = slides.plan(None, ["0301", "5610"])
    assert [(r.kind, r.code) for r in refs] == [
        ("overview", None), ("profile", "0301"), ("peers", "0301"), ("progress", "0301"),
        ("profile", "5610"), ("peers", "5610"), ("progress", "5610"), ("numbers", None)]
    assert [r.kind for r in slides.plan(["numbers", "profile"], [])] == ["numbers"]


@pytest.mark.slow  # several seconds (a lock waited out, a whole deck, a full series): not in test-fast
def test_full_deck_for_one_municipality(slide_data):
    chosen = slides.build_slides(slides.plan(None, ["5610"]), slide_data, None, "nb")
    deck = Presentation(io.BytesIO(build_deck(chosen, "nb", made_on=MADE_ON)))
    assert len(deck.slides) == 5
    for made, drawn in zip(chosen, deck.slides, strict=True):
        words = texts(drawn)
        assert words[0] == made.title
        assert t("presentation.source", "nb", source=made.source) in words
        assert any("Laget 2026-05-26" in w for w in words)
        pictures = [s for s in drawn.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
        assert len(pictures) == len(made.figures) >= 1
    assert [texts(s)[0] for s in deck.slides] == [
        "Bærekraftsnettverket: måloppnåelse i alle kommuner", "Kárášjohka - Karasjok: status for bærekraftsmålene",
        "Kárášjohka - Karasjok sammenlignet med de 10 mest like kommunene",
        "Kárášjohka - Karasjok: framgang mot 2030", "Bærekraftsnettverket i tall"]


def test_english_deck_of_chosen_slides_and_goals(slide_data):
    chosen = slides.build_slides(slides.plan(["profile", "numbers"], ["0301", "1508"]), slide_data, [1, 16], "en")
    deck = Presentation(io.BytesIO(build_deck(chosen, "en", made_on=MADE_ON)))
    assert [texts(s)[0] for s in deck.slides] == [
        "Oslo: status on the goals", "Ålesund: status on the goals", "The sustainability network in numbers"]
    assert "Goals 1, 16" in texts(deck.slides[0])
    assert any(w.startswith("Source: The sustainability network's member register") for w in texts(deck.slides[2]))
    assert any("Made 2026-05-26 · 3/3" in w for w in texts(deck.slides[2]))


def test_network_numbers_count_members_and_population(slide_data):
    found = slides.network_numbers(slide_data)
    assert found["municipalities"] == len(slide_data.member_municipalities) > 0
    assert 0 < found["share"] <= 100 and found["population"] > 0
    assert found["counties_reached"] >= found["counties"]


def test_png_has_its_size_legend_and_source_strip(slide_data):
    radar = slides.build_slide(slides.SlideRef("profile", "0301"), slide_data, None, "nb").figures[0]
    png = images.png_with_source(radar, "Kilde: SSB; Bærekraftsnettverket", width=1000, height=600)
    assert png_size(png) == (1000, 600)
    plain = images.to_png(radar, width=640, height=400)
    assert png_size(plain) == (640, 400)
    from PIL import Image

    picture = Image.open(io.BytesIO(png)).convert("L")
    strip = picture.crop((0, 600 - images.SOURCE_LINE_HEIGHT, 1000, 600))
    assert strip.getextrema()[0] < 128  # dark text is written in the bottom strip


def test_safe_file_names():
    assert safe_file_name("radar Ålesund/1508") == "radar_Ålesund_1508"
    assert safe_file_name("../..") == "chart"
