"""How long the exports take: the PowerPoint deck per municipality and a chart's PNG, cold and warm.

    BROWSER_PATH=/usr/bin/chromium .venv/bin/python bench/exports_bench.py [--codes 0301,5610,...] [--lang nb]

Targets (issue 6): a deck for any municipality in under 10 s, a PNG in under 1 s after the first.
PNGs are measured on figures not drawn before in this process (core.images caches a figure it has drawn).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from charts import images  # noqa: E402
from reports import slides  # noqa: E402
from reports.deck import build_deck  # noqa: E402

CHART_NAMES = {"profile": ("radar", "status matrix"), "peers": ("peer radar", "ranked bars"),
               "progress": ("progress table", "trend")}
DEFAULT_CODES = "0301,5610,1508,1144,3101,4601,1804,5001"  # large and small, merged and split, north and south


def timed(action):
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codes", default=DEFAULT_CODES, help="comma-separated municipality codes")
    parser.add_argument("--lang", default="nb", choices=("nb", "en"))
    args = parser.parse_args()
    codes = args.codes.split(",")

    data, load = timed(slides.load_slide_data)
    print(f"slide data from the database        {load:6.2f} s  (the app has it cached)")
    _, first = timed(lambda: images.to_png(slides.build_slide(slides.SlideRef("numbers"), data, None,
                                                              args.lang).figures[0]))
    print(f"first PNG (starts Chromium)         {first:6.2f} s")

    deck_times = []
    for code in codes:
        refs = slides.plan(None, [code])
        built, build = timed(lambda refs=refs: slides.build_slides(refs, data, None, args.lang))
        pptx, render = timed(lambda built=built: build_deck(built, args.lang))
        deck_times.append(build + render)
        print(f"deck {code} ({len(refs)} slides, {len(pptx) // 1024} kB)  {build + render:6.2f} s  "
              f"(figures {build:.2f} s, PNGs and pptx {render:.2f} s)")
    print(f"deck: max {max(deck_times):.2f} s, median {statistics.median(deck_times):.2f} s "
          f"(the first includes the network map; later decks reuse its PNG)")
    print(f"first deck in a fresh process, data and browser start included: {load + first + deck_times[0]:.2f} s "
          f"(the app has the data cached and starts the browser when the presentation opens)")

    by_kind: dict[str, list[float]] = {}
    for code in codes:
        for ref in slides.plan(["profile", "peers", "progress"], [code]):
            slide = slides.build_slide(ref, data, None, "en" if args.lang == "nb" else "nb")  # not drawn yet
            for index, figure in enumerate(slide.figures):
                _, seconds = timed(lambda figure=figure, source=slide.source: images.png_with_source(
                    figure, source, 1600, 900))
                by_kind.setdefault(CHART_NAMES[ref.kind][index], []).append(seconds)
    overview = slides.build_slide(slides.SlideRef("overview"), data, [1, 4], args.lang).figures[0]
    _, map_seconds = timed(lambda: images.png_with_source(overview, "source", 1600, 900))
    every = [s for values in by_kind.values() for s in values]
    print(f"PNG 1600×900 with source, after the first: {len(every)} charts, median {statistics.median(every):.2f} s, "
          f"max {max(every):.2f} s")
    for kind, values in sorted(by_kind.items()):
        print(f"  {kind:<16} median {statistics.median(values):.2f} s  max {max(values):.2f} s")
    print(f"  network map      {map_seconds:.2f} s  (redrawn as SVG for images, charts/print_map.py)")


if __name__ == "__main__":
    main()
