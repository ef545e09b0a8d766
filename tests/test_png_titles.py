"""Every exported PNG carries a title (what, where, when), its legend and the source line (issue 13 §4)."""

from __future__ import annotations

import io

import plotly.graph_objects as go
from PIL import Image

from charts import images
from components.export_dialog import image_title


def captured(monkeypatch) -> list[go.Figure]:
    drawn: list[go.Figure] = []

    def fake_png(figure, width=1200, height=700, scale=1.0):
        drawn.append(figure)
        buffer = io.BytesIO()
        Image.new("RGB", (width, height), "white").save(buffer, format="PNG")
        return buffer.getvalue()

    monkeypatch.setattr(images, "to_png", fake_png)
    return drawn


def trend() -> go.Figure:
    return go.Figure([go.Scatter(x=[2015, 2018, 2022], y=[1, 2, 3], name="Tromsø"),
                      go.Scatter(x=[2015, 2022], y=[2, 2], name="Median")])


def test_the_title_legend_and_source_are_in_the_image(monkeypatch):
    drawn = captured(monkeypatch)
    title = image_title("Lavinntekt", "Tromsø", images.years_shown(trend()))
    png = images.png_with_source(trend(), "Kilde: SSB", width=800, height=500, title=title)
    figure = drawn[0]
    assert figure.layout.title.text == "Lavinntekt – Tromsø, 2015–2022"
    assert figure.layout.showlegend is True
    image = Image.open(io.BytesIO(png)).convert("L")
    strip = image.crop((0, 500 - images.SOURCE_LINE_HEIGHT, 800, 500))
    assert strip.getextrema()[0] < 128  # the source line is written in the bottom strip


def test_a_figure_title_is_replaced_not_doubled(monkeypatch):
    from charts.figure_title import set_title

    drawn = captured(monkeypatch)
    figure = set_title(trend(), "Utvikling")
    margin = figure.layout.margin.t
    images.png_with_source(figure, "Kilde: SSB", title="Utvikling – Bodø, 2015–2022")
    assert drawn[0].layout.title.text == "Utvikling – Bodø, 2015–2022" and drawn[0].layout.margin.t == margin
    assert figure.layout.title.text == "Utvikling"  # the page's own figure is untouched


def test_years_shown():
    assert images.years_shown(trend()) == "2015–2022"
    assert images.years_shown(go.Figure(go.Bar(x=["Bodø", "Tromsø"], y=[1, 2]))) == ""
    assert images.years_shown(go.Figure(go.Bar(x=[2024], y=[1]))) == "2024"
    assert image_title("Kart", None, "2024") == "Kart – 2024" and image_title("Kart") == "Kart"


def test_years_shown_reads_arrays_and_dates():
    import numpy as np

    assert images.years_shown(go.Figure(go.Scatter(x=np.array([2010, 2020]), y=[1, 2]))) == "2010–2020"
    assert images.years_shown(go.Figure(go.Scatter(x=np.array([2010.5, 2020]), y=[1, 2]))) == ""
