"""A chart's title drawn inside the figure: a page heading costs the browser a Markdown element, the title does not,
and an exported PNG keeps it."""

from __future__ import annotations

import plotly.graph_objects as go

TITLE_SPACE = 36  # px added to the top margin for one line of title


def set_title(figure: go.Figure, title: str | None) -> go.Figure:
    if title:
        top = (figure.layout.margin.t if figure.layout.margin.t is not None else 30) + TITLE_SPACE
        figure.update_layout(title={"text": title, "x": 0, "xanchor": "left", "xref": "container", "y": 1,
                                    "yanchor": "top", "yref": "container", "pad": {"t": 8, "l": 10},
                                    "font": {"size": 16}},
                             margin={"t": top})
    return figure
