"""The chosen slides as a PowerPoint deck (python-pptx): titles, charts as PNG, sources and the date.

    data = load_slide_data()
    pptx_bytes = build_deck(build_slides(plan(kinds, codes), data, goals, lang), lang)
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from charts.images import to_pngs
from core.i18n import t
from reports.slides import Slide

SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)  # 16:9
MARGIN = Inches(0.5)
CHART_GAP = Inches(0.25)
CHART_TOP, CHART_HEIGHT = Inches(1.45), Inches(5.25)
PIXELS_PER_INCH = 120  # chart resolution: sharp on a projector, small enough to render fast
GREY = RGBColor(0x61, 0x61, 0x61)


def build_deck(slides: Sequence[Slide], lang: str, made_on: date | None = None) -> bytes:
    """A .pptx with one slide per Slide: title, subtitle, its charts side by side, source line and date."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    blank = deck.slide_layouts[6]
    footer_date = t("presentation.date", lang, date=(made_on or date.today()).isoformat())
    # Every chart of the deck in one batch, so the browser draws the slow map beside the other charts.
    requests = [(figure, *_chart_size(len(slide.figures))) for slide in slides for figure in slide.figures]
    pictures = iter(to_pngs(requests))
    for number, slide in enumerate(slides, start=1):
        page = deck.slides.add_slide(blank)
        _text(page, slide.title, MARGIN, Inches(0.3), Inches(0.75), Pt(30), bold=True)
        if slide.subtitle:
            _text(page, slide.subtitle, MARGIN, Inches(0.95), Inches(0.45), Pt(16), colour=GREY)
        _place_charts(page, [next(pictures) for _ in slide.figures])
        _text(page, t("presentation.source", lang, source=slide.source), MARGIN, Inches(6.8), Inches(0.5), Pt(11),
              colour=GREY, width=SLIDE_WIDTH - 2 * MARGIN - Inches(2.2))
        _text(page, f"{footer_date} · {number}/{len(slides)}", SLIDE_WIDTH - MARGIN - Inches(2.2), Inches(6.8),
              Inches(0.5), Pt(11), colour=GREY, width=Inches(2.2), right=True)
    output = io.BytesIO()
    deck.save(output)
    return output.getvalue()


def _chart_width(count: int) -> Emu:
    """The width of each of count charts side by side over the slide's width."""
    return Emu(int((SLIDE_WIDTH - 2 * MARGIN - CHART_GAP * (count - 1)) / count))


def _chart_size(count: int) -> tuple[int, int]:
    """Pixels to render a chart at, for count charts side by side: drawn at the size it is shown."""
    return _pixels(_chart_width(count)), _pixels(CHART_HEIGHT)


def _place_charts(page, pictures: list[bytes]) -> None:
    width = _chart_width(len(pictures))
    for index, png in enumerate(pictures):
        page.shapes.add_picture(io.BytesIO(png), MARGIN + index * (width + CHART_GAP), CHART_TOP, width=width,
                                height=CHART_HEIGHT)


def _pixels(length: Emu) -> int:
    return round(Emu(length).inches * PIXELS_PER_INCH)


def _text(page, text: str, left, top, height, size, bold: bool = False, colour: RGBColor | None = None,
          width=None, right: bool = False) -> None:
    from pptx.enum.text import PP_ALIGN

    box = page.shapes.add_textbox(left, top, width or SLIDE_WIDTH - 2 * MARGIN, height)
    frame = box.text_frame
    frame.word_wrap = True
    paragraph = frame.paragraphs[0]
    paragraph.text = text
    if right:
        paragraph.alignment = PP_ALIGN.RIGHT
    font = paragraph.runs[0].font
    font.size, font.bold = size, bold
    if colour is not None:
        font.color.rgb = colour
