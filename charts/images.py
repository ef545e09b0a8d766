"""Charts as PNG through kaleido and the system's Chromium, kept warm so that only the first image pays the start.

It lives beside the figure builders, not in core/: drawing a picture is not the domain, and maps are first
redrawn for print (charts.print_map), which core/ may not import."""

from __future__ import annotations

import functools
import hashlib
import io
import json
import shutil
import tempfile
import textwrap
import threading
import warnings
from collections import OrderedDict
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio
from plotly.utils import PlotlyJSONEncoder

from charts import print_map
from core import config

_lock = threading.Lock()
_started = False
_warming = False
TABS = 2  # browser tabs: a batch draws two figures side by side (a deck's map beside its charts)
DRAWN_CACHE_SIZE = 64  # recent PNGs, about 150 kB each
_drawn: OrderedDict[str, bytes] = OrderedDict()
SOURCE_LINE_HEIGHT = 24  # pixels per line of the source strip under an exported chart
SOURCE_FONT_SIZE = 15


def chromium_path() -> str | None:
    """The system Chromium kaleido drives (BROWSER_PATH, else the first on PATH); never a download."""
    configured = config.settings().browser_path
    if configured:
        return configured
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _ensure_server() -> None:
    global _started
    if _started:
        return
    import kaleido

    browser = chromium_path()
    if browser is None:
        raise RuntimeError("No Chromium found for PNG export; install Debian's chromium or set BROWSER_PATH")
    # mathjax=False: kaleido would otherwise load MathJax from a CDN, which fails offline; plotly.js is local.
    # path= hands the browser to kaleido's choreographer directly, so no environment variable is set for it.
    kaleido.start_sync_server(silence_warnings=True, mathjax=False, n=TABS, path=browser)
    pio.defaults.topojson = print_map.topojson_url()  # geo traces (maps, see charts.print_map) draw offline
    _started = True


def warm_up() -> None:
    """Start the browser and draw one tiny chart (about 2 s), so the first real image is as fast as the rest."""
    to_png(go.Figure(go.Bar(y=[1])), width=50, height=50)


def warm_up_in_background() -> None:
    """warm_up() on a daemon thread, once per process: a page that offers exports calls it on load."""
    global _warming
    with _lock:
        if _warming or _started:
            return
        _warming = True
    threading.Thread(target=warm_up, name="kaleido-warm-up", daemon=True).start()


def to_png(figure: go.Figure, width: int = 1200, height: int = 700, scale: float = 1.0) -> bytes:
    """The figure as PNG bytes; one warm browser serves every call (calls are serialised).

    Maps are drawn as SVG geo traces (charts.print_map), not WebGL. The same figure at the same size is drawn
    once: the network map appears in every deck.
    """
    figure = print_map.for_print(figure)
    key = _key(figure, width, height, scale)
    with _lock:
        if key in _drawn:
            _drawn.move_to_end(key)
            return _drawn[key]
        _ensure_server()
        with warnings.catch_warnings():  # plotly warns on every call that a running server ignores kaleido options
            warnings.filterwarnings("ignore", message="The kopts argument is ignored")
            return _remember(key, pio.to_image(figure, format="png", width=width, height=height, scale=scale,
                                               validate=not isinstance(figure, dict)))


def _key(figure: go.Figure | dict, width: int, height: int, scale: float) -> str:
    text = json.dumps(figure, cls=PlotlyJSONEncoder) if isinstance(figure, dict) else figure.to_json()
    return hashlib.sha256(f"{width}x{height}x{scale}:{text}".encode()).hexdigest()


def _remember(key: str, png: bytes) -> bytes:
    _drawn[key] = png
    if len(_drawn) > DRAWN_CACHE_SIZE:
        _drawn.popitem(last=False)
    return png


def to_pngs(requests: list[tuple[go.Figure, int, int]]) -> list[bytes]:
    """Several figures (figure, width, height) as PNG bytes, drawn TABS at a time: a deck in one call."""
    requests = [(print_map.for_print(figure), width, height) for figure, width, height in requests]
    keys = [_key(figure, width, height, 1.0) for figure, width, height in requests]
    with _lock:
        wanted = {key: request for key, request in zip(keys, requests, strict=True) if key not in _drawn}
        if wanted:
            import kaleido
            from plotly.io._utils import validate_coerce_fig_to_dict

            _ensure_server()
            with tempfile.TemporaryDirectory() as folder:
                paths = {key: Path(folder) / f"{index}.png" for index, key in enumerate(wanted)}
                kaleido.write_fig_from_object_sync([
                    {"fig": figure if isinstance(figure, dict) else validate_coerce_fig_to_dict(figure, True),
                     "path": paths[key],
                     "opts": {"format": "png", "width": width, "height": height},
                     "topojson": print_map.topojson_url()}
                    for key, (figure, width, height) in wanted.items()
                ], cancel_on_error=True)
                for key, path in paths.items():
                    _remember(key, path.read_bytes())
        return [_drawn[key] for key in keys]


def years_shown(figure: go.Figure) -> str:
    """The years a chart's x axes span, '2009–2024' (or '2024'), when its x values are years; else ''."""
    years = set()
    for trace in figure.data:
        xs = getattr(trace, "x", None)
        for x in (() if xs is None else list(xs)):
            try:
                value = float(str(x)[:4]) if isinstance(x, str) else float(x)
            except (TypeError, ValueError):
                return ""
            if not (1900 <= value <= 2100 and value == int(value)):
                return ""
            years.add(int(value))
    if not years:
        return ""
    return f"{min(years)}–{max(years)}" if len(years) > 1 else str(min(years))


def titled(figure: go.Figure, title: str) -> go.Figure:
    """A copy of the figure whose title is the given one (what, where, when), written in the image."""
    exported = go.Figure(figure)
    if exported.layout.title.text:
        exported.update_layout(title_text=title)
    else:
        from charts.figure_title import set_title

        set_title(exported, title)
    return exported


def png_with_source(figure: go.Figure, source_line: str, width: int = 1200, height: int = 700,
                    title: str | None = None) -> bytes:
    """The figure as PNG with its legend shown, its title (what, where, when: replaces the figure's own when
    given) and the source line written in a strip along the bottom.

    The strip is drawn with Pillow under the rendered chart rather than as a plotly annotation: plotly
    moves legends and axis labels into the bottom margin by itself, so an annotation there can cover them.
    """
    from PIL import Image, ImageDraw

    exported = titled(figure, title) if title else go.Figure(figure)
    if any(trace.name for trace in exported.data):
        exported.update_layout(showlegend=True)
    lines = _wrapped(source_line, width)
    strip = SOURCE_LINE_HEIGHT * len(lines)
    chart = Image.open(io.BytesIO(to_png(exported, width=width, height=height - strip)))
    canvas = Image.new("RGB", (width, height), "white")
    canvas.paste(chart.convert("RGB"), (0, 0))
    draw = ImageDraw.Draw(canvas)
    for number, line in enumerate(lines):
        draw.text((12, height - strip + number * SOURCE_LINE_HEIGHT + 8), line, fill="#424242", font=_font())
    output = io.BytesIO()
    canvas.save(output, format="PNG", optimize=False)
    return output.getvalue()


@functools.lru_cache(maxsize=1)
def _font():
    """DejaVu Sans (Debian's fonts-dejavu, installed with chromium) has æøå and every arrow; else Pillow's own."""
    from PIL import ImageFont

    for path in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "DejaVuSans.ttf"):
        try:
            return ImageFont.truetype(path, SOURCE_FONT_SIZE)
        except OSError:
            continue
    return ImageFont.load_default(size=SOURCE_FONT_SIZE)


def _wrapped(text: str, width: int) -> list[str]:
    """The source line cut into lines that fit the image width (about 0.55 em per character)."""
    per_line = max(20, int((width - 24) / (SOURCE_FONT_SIZE * 0.55)))
    return textwrap.wrap(text, per_line, break_long_words=False) or [""]
