"""The PowerPoint deck and PNG exports: they open, and hold the slides, titles, sources, date and sizes asked for;
slide charts in hall type (at least 24 px).

Timings are not asserted here (a shared CI machine is no stopwatch): bench/exports_bench.py measures them.
"""

from __future__ import annotations

import io
import re
import struct
import threading
from collections.abc import Iterator
from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pptx import Presentation

from charts import images, slide_style
from charts.sdg_radar import sdg_radar
from charts.status_figures import CHAR_WIDTH, SYMBOL_SCALE, status_matrix_figure
from components.chart_export import safe_file_name
from core.i18n import t
from core.status import HEX
from core.trends import ARROWS
from reports import slides
from reports.deck import build_deck
from reports.slide_cache import SlideCache

pytestmark = pytest.mark.skipif(images.chromium_path() is None, reason="no Chromium for kaleido")
MADE_ON = date(2026, 5, 26)


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


def font_sizes(node, path: str = "") -> Iterator[tuple[str, float]]:
    """Every font size a figure sets, with where: layout, axes, annotations, legends, tables, numbers."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "size" and "font" in path.rsplit(".", 1)[-1] and isinstance(value, int | float):
                yield path, value
            elif key not in ("template", "geojson"):
                yield from font_sizes(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from font_sizes(value, f"{path}[{index}]")


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_slide_chart_sets_hall_type(slide_data, lang):
    for ref in slides.plan(None, ["0301", "5610"]):
        slide = slides.build_slide(ref, slide_data, None, lang)
        assert len(slide.columns) == len(slide.figures)
        for figure in slide.figures:
            sizes = list(font_sizes(figure.to_plotly_json()))
            assert figure.layout.font.size >= slide_style.HALL_TEXT  # what every unsized text inherits
            small = [(where, size) for where, size in sizes if size < slide_style.HALL_TEXT]
            assert not small, (ref, small)
            if figure.layout.title.text:
                assert figure.layout.title.font.size > slide_style.HALL_TEXT


def test_hall_is_for_slides_only(slide_data):
    """The pages' charts keep their own sizes: hall type is set where a slide is built, not in the builders."""
    area = slides.area_profile(slide_data, "0301")
    page_radar = sdg_radar(area.goal_scores, slides.sdg_colours(slide_data), slides.goal_names(slide_data, "nb"),
                           area.name, {}, "ingen data")
    assert page_radar.layout.font.size is None
    assert slide_style.hall(page_radar).layout.font.size == slide_style.HALL_TEXT


def test_deck_reports_progress_and_keeps_the_slides_proportions(slide_data):
    chosen = slides.build_slides(slides.plan(["profile", "numbers"], ["0301"]), slide_data, None, "nb")
    calls = []
    deck = Presentation(io.BytesIO(build_deck(chosen, "nb", made_on=MADE_ON,
                                              progress=lambda done, total: calls.append((done, total)))))
    assert calls == [(number, len(chosen)) for number in range(1, len(chosen) + 1)]
    for made, drawn in zip(chosen, deck.slides, strict=True):
        pictures = [s for s in drawn.shapes if s.shape_type == 13]
        scales = set()
        for picture, width in zip(pictures, slide_style.column_widths(made.columns), strict=True):
            pixels = png_size(picture.image.blob)
            assert pixels[0] == width  # drawn at its width on the page at 1920 wide
            assert picture.left >= 0 and picture.left + picture.width <= deck.slide_width
            assert picture.top + picture.height <= deck.slide_height
            scales.add(round(picture.width / pixels[0]))
            assert picture.height / pixels[1] == pytest.approx(picture.width / pixels[0], rel=0.01)
        assert len(scales) == 1  # the charts of a slide scaled alike: their text keeps one size


def test_slide_cache_builds_each_slide_once_and_ahead():
    cache = SlideCache(kept=2)
    started, release, built = threading.Event(), threading.Event(), []

    def slow() -> str:
        started.set()
        release.wait(10)
        built.append("next")
        return "next slide"

    cache.prepare("next", slow)
    assert started.wait(10)  # built on the worker while the page goes on
    cache.prepare("next", slow)  # already under way: not built twice
    assert "next" in cache and built == []
    release.set()
    assert cache.get("next", lambda: "built again") == "next slide"  # waits for the one under way
    assert cache.get("next", lambda: "built again") == "next slide" and built == ["next"]
    cache.get("a", lambda: "a")
    cache.get("b", lambda: "b")
    assert "next" not in cache and "a" in cache and "b" in cache  # the oldest dropped beyond kept


def test_slide_cache_builds_anew_after_a_failure():
    cache = SlideCache()

    def broken():
        raise RuntimeError("database away")

    with pytest.raises(RuntimeError):
        cache.get("slide", broken)
    assert cache.get("slide", lambda: "built") == "built"


@settings(max_examples=60, deadline=None)
@given(goals=st.lists(st.integers(1, 17), min_size=1, max_size=17, unique=True),
       names=st.lists(st.text(alphabet="abcdefghij ,æøå", min_size=1, max_size=60).filter(str.strip),
                      min_size=17, max_size=17),
       columns=st.integers(1, 3), width=st.integers(700, 1900))
def test_status_matrix_names_stay_inside_their_tiles(goals, names, columns, width):
    """Each name, wrapped, fits its tile's height and its room beside the dot and arrow (estimated with the
    builder's generous character width; the browser test measures the real boxes at 1920×1080)."""
    labels = dict(zip(range(1, 18), names, strict=True))
    colours = dict.fromkeys(range(1, 18), "#123456")
    words = {c: c for c in (*HEX, *ARROWS)}
    figure = status_matrix_figure(pd.DataFrame(columns=["goal", "colour", "trend"]), goals, labels, colours, words,
                                  columns=columns, width=width)
    margin = figure.layout.margin
    plot_height = figure.layout.height - margin.t - margin.b
    plot_width = width - margin.l - margin.r
    size = slide_style.HALL_TEXT
    tiles = [shape for shape in figure.layout.shapes if shape.fillcolor == "#f5f5f5"]
    texts = [note for note in figure.layout.annotations if note.text not in {"●", *ARROWS.values(), "↗"}]
    assert len(tiles) == len(texts) == len(goals)
    for tile, note in zip(tiles, texts, strict=True):
        lines = re.sub(r"</?b>", "", note.text).split("<br>")
        assert len(lines) * slide_style.LINE_HEIGHT * size <= (tile.y1 - tile.y0) * plot_height + 0.01
        room = (tile.x1 - note.x) * plot_width - 2 * SYMBOL_SCALE * size
        longest = max(lines, key=len)
        # A single word longer than the room may overflow (no name of the catalogue has one).
        assert len(longest) * CHAR_WIDTH * size <= room or " " not in longest.strip()
    assert figure.layout.height >= slide_style.HALL_HEIGHT - 1  # a few goals fill the slide; the legend fits
    rows = sorted({(tile.y0, tile.y1) for tile in tiles}, reverse=True)
    assert all(lower[1] <= upper[0] for upper, lower in zip(rows, rows[1:], strict=False))  # rows never overlap
