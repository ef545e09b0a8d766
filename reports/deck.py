"""The chosen slides as a PowerPoint deck (python-pptx): titles, charts as PNG, sources and the date.

    data = load_slide_data()
    pptx_bytes = build_deck(build_slides(plan(kinds, codes), data, goals, lang), lang,
                            progress=lambda done, total: print(f"{done}/{total}"))

The charts are drawn at the pixel sizes they have on the presentation page at 1920×1080 (charts.slide_style) and
scaled onto the slide, so the deck reads like the hall: the same layout, text at least 24 px of 1920.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from charts import slide_style
from charts.images import to_pngs
from core.i18n import t
from reports.slides import Slide

SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)  # 16:9
MARGIN = Inches(0.5)
CHART_TOP, CHART_HEIGHT = Inches(1.45), Inches(5.25)
GREY = RGBColor(0x61, 0x61, 0x61)


def build_deck(slides: Sequence[Slide], lang: str, made_on: date | None = None,
               progress: Callable[[int, int], None] | None = None) -> bytes:
    """A .pptx with one slide per Slide: title, subtitle, its charts side by side, source line and date.

    progress(done, total) is called after each slide, so a page can show how far the deck has come.
    """
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    blank = deck.slide_layouts[6]
    footer_date = t("presentation.date", lang, date=(made_on or date.today()).isoformat())
    for number, slide in enumerate(slides, start=1):
        page = deck.slides.add_slide(blank)
        _text(page, slide.title, MARGIN, Inches(0.3), Inches(0.75), Pt(30), bold=True)
        if slide.subtitle:
            _text(page, slide.subtitle, MARGIN, Inches(0.95), Inches(0.45), Pt(16), colour=GREY)
        # One slide's charts in one batch: the browser draws them side by side, and the reader sees each slide done.
        sizes = [(width, int(figure.layout.height or slide_style.HALL_HEIGHT))
                 for figure, width in zip(slide.figures, slide_style.column_widths(slide.columns), strict=True)]
        pictures = to_pngs([(figure, *size) for figure, size in zip(slide.figures, sizes, strict=True)])
        _place_charts(page, pictures, sizes)
        _text(page, t("presentation.source", lang, source=slide.source), MARGIN, Inches(6.8), Inches(0.5), Pt(11),
              colour=GREY, width=SLIDE_WIDTH - 2 * MARGIN - Inches(2.2))
        _text(page, f"{footer_date} · {number}/{len(slides)}", SLIDE_WIDTH - MARGIN - Inches(2.2), Inches(6.8),
              Inches(0.5), Pt(11), colour=GREY, width=Inches(2.2), right=True)
        if progress is not None:
            progress(number, len(slides))
    output = io.BytesIO()
    deck.save(output)
    return output.getvalue()


def _place_charts(page, pictures: list[bytes], sizes: list[tuple[int, int]]) -> None:
    """The pictures side by side as on the page, scaled alike so that their text keeps one size, and fitted in."""
    scale = min((SLIDE_WIDTH - 2 * MARGIN) / slide_style.SLIDE_WIDTH, CHART_HEIGHT / max(height for _, height in sizes))
    left = MARGIN
    gap = (SLIDE_WIDTH - 2 * MARGIN - scale * sum(width for width, _ in sizes)) / max(len(sizes) - 1, 1)
    for png, (width, height) in zip(pictures, sizes, strict=True):
        page.shapes.add_picture(io.BytesIO(png), Emu(int(left)), CHART_TOP, width=Emu(int(width * scale)),
                                height=Emu(int(height * scale)))
        left += width * scale + gap


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
