"""The slides of a presentation, defined once for the presentation page and the PowerPoint deck.

A slide is a title, a subtitle, one or two plotly figures and a source line, in one language. Build
them from core/ data: the page passes its cached frames (components/data.py), a script or the deck
passes `load_slide_data()`. No Streamlit import here.

    data = load_slide_data()
    for ref in plan(["profile", "numbers"], ["0301"]):
        slide = build_slide(ref, data, goals=[1, 4, 16], lang="en")
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from charts.choropleth import choropleth
from charts.comparison_charts import ranked_bars
from charts.sdg_radar import sdg_radar
from charts.slide_style import HALL_HEIGHT, HALL_TITLE, PROFILE_COLUMNS, column_widths, hall
from charts.status_figures import (
    PROGRESS_SYMBOLS,
    network_numbers_figure,
    progress_table_figure,
    status_matrix_figure,
)
from charts.trend_chart import projection_label, target_label, trend_chart
from core import profile
from core.catalogue import IndicatorSpec
from core.i18n import number, t
from core.scores import ScoreBook
from core.status import HEX
from core.trends import ARROWS

PEER_COUNT = 10  # nearest neighbours: every municipality has them (Oslo's KOSTRA group is Oslo alone)
KINDS = ("overview", "profile", "peers", "progress", "numbers")
MUNICIPALITY_KINDS = ("profile", "peers", "progress")
ALL_GOALS = tuple(range(1, 18))
SEPARATORS = {"nb": ", ", "en": ".,"}  # plotly's decimal and thousands marks per language
PROGRESS_COLUMNS = (3, 2)  # the table of targets needs the room; the trend of its first indicator beside it
TREND_TITLE_CHARS = 40  # the trend chart's title (an indicator's name) in lines that fit its column at hall size


@dataclass(frozen=True)
class SlideData:
    """Everything the slides read; the page fills it from its caches, scripts from `load_slide_data()`."""

    catalogue: dict[str, IndicatorSpec]
    book: ScoreBook
    observations: pd.DataFrame
    municipalities: pd.DataFrame
    counties: pd.DataFrame
    sdg_goals: pd.DataFrame
    boundaries: dict
    tiny_points: dict[str, tuple[float, float]]
    member_municipalities: list[str]
    member_counties: list[str]
    structure_z: pd.DataFrame  # standardised structural variables (core.peers), for the nearest neighbours
    # code -> the municipality's profile (core.profile.profile_of); the page passes its cached one, which the
    # profile page shows too. None: computed here from the fields above.
    profiles: Callable[[str], profile.AreaProfile] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class SlideRef:
    """Which slide: its kind, and the municipality for the municipality slides."""

    kind: str
    code: str | None = None


@dataclass(frozen=True)
class Slide:
    kind: str
    code: str | None
    title: str
    subtitle: str
    figures: tuple[go.Figure, ...]
    figure_names: tuple[str, ...]  # file name stems for the figures' PNGs
    source: str
    facts: dict = field(default_factory=dict, compare=False)  # the numbers behind a numbers slide
    widths: tuple[float, ...] = ()  # the figures' relative widths side by side; empty: equal

    @property
    def columns(self) -> tuple[float, ...]:
        return self.widths or (1,) * len(self.figures)


def load_slide_data(url: str | None = None) -> SlideData:
    """Read the slides' data straight from the database (about 2 s): for the deck outside the app, and tests.

    The same rules as the app's cache layer: members' own values fill gaps in the public ones, but bounds
    and structural neighbours rest on public values only.
    """
    from core import geometry, peers, queries, targets
    from core.network.members import active_codes
    from core.scores import all_bounds, compute
    from core.ssb.thresholds import catalogue_in_effect
    from core.uploads.values import observations_with_members

    catalogue = catalogue_in_effect(url)
    public = queries.all_observations(url)
    observations = observations_with_members(public, url)
    boundaries = geometry.boundaries("municipality")
    municipalities = queries.municipalities(url)
    return SlideData(
        catalogue=catalogue,
        book=compute(observations, catalogue, targets.local_targets(), bounds=all_bounds(public, catalogue)),
        observations=observations, municipalities=municipalities, counties=queries.counties(url),
        sdg_goals=queries.sdg_goals(url), boundaries=boundaries, tiny_points=geometry.tiny_area_points(boundaries),
        member_municipalities=active_codes("kommune", url), member_counties=active_codes("fylkeskommune", url),
        structure_z=peers.standardise(peers.structural_variables(public, municipalities)),
    )


def plan(kinds: Iterable[str] | None, codes: Sequence[str]) -> list[SlideRef]:
    """The slide sequence: the map, then profile, peers and progress for each municipality, then the numbers.

    kinds: the kinds to show (None or empty: all); municipality slides need codes.
    """
    chosen = [k for k in KINDS if not kinds or k in set(kinds)]
    refs = [SlideRef("overview")] if "overview" in chosen else []
    for code in codes:
        refs += [SlideRef(kind, code) for kind in MUNICIPALITY_KINDS if kind in chosen]
    if "numbers" in chosen:
        refs.append(SlideRef("numbers"))
    return refs


def build_slide(ref: SlideRef, data: SlideData, goals: Sequence[int] | None, lang: str) -> Slide:
    """One slide in lang; goals: the goals to show (None or empty: all 17)."""
    goals = sorted(set(goals or ALL_GOALS))
    builder = {"overview": _overview, "profile": _profile, "peers": _peers, "progress": _progress,
               "numbers": _numbers}[ref.kind]
    return builder(ref, data, goals, lang)


def build_slides(refs: Iterable[SlideRef], data: SlideData, goals: Sequence[int] | None, lang: str) -> list[Slide]:
    return [build_slide(ref, data, goals, lang) for ref in refs]


def goal_names(data: SlideData, lang: str) -> dict[int, str]:
    goals = data.sdg_goals
    return dict(zip(goals.number, goals.short_nb if lang == "nb" else goals.short_en, strict=True))


def sdg_colours(data: SlideData) -> dict[int, str]:
    return dict(zip(data.sdg_goals.number, data.sdg_goals.colour, strict=True))


def municipality_name(data: SlideData, code: str) -> str:
    return dict(zip(data.municipalities.code, data.municipalities.name, strict=True))[code]


def area_profile(data: SlideData, code: str) -> profile.AreaProfile:
    """What the municipality's profile shows: the same answer the profile page and the PDF read."""
    if data.profiles is not None:
        return data.profiles(code)
    return profile.profile_of("municipality", code, data.book, catalogue=data.catalogue,
                              observations=data.observations, municipalities=data.municipalities,
                              counties=data.counties, structure_z=data.structure_z)


def goals_subtitle(goals: Sequence[int], lang: str, coverage: tuple[int, int] | None = None) -> str:
    """'Mål 1, 3' for a choice of goals; for all of them how many have data, (goals, of how many): '9 av 17 mål har
    data', never 'all 17 goals' over a picture of fewer."""
    if list(goals) == list(ALL_GOALS):
        if coverage is not None:
            return t("profile.goals_with_data", lang, goals=coverage[0], total=coverage[1])
        return t("presentation.subtitle.all_goals", lang)
    return t("presentation.subtitle.goals", lang, goals=", ".join(map(str, goals)))


def publishers(data: SlideData, goals: Sequence[int]) -> str:
    """The publishers of the scored indicators under the goals, e.g. "SSB, Nkom"."""
    found = [spec.source_label.split(",")[0].strip() for spec in data.catalogue.values()
             if spec.sdg_goal in set(goals) and spec.direction]
    return ", ".join(dict.fromkeys(found)) or "SSB"


def _wrap(text: str, width: int) -> str:
    return "<br>".join(textwrap.wrap(text, width, break_long_words=False))


def mean_goal_scores(book: ScoreBook, goals: Sequence[int]) -> pd.DataFrame:
    """code, value, year: each municipality's mean score over the goals it has data for."""
    rows = book.goals[(book.goals.area_level == "municipality") & book.goals.goal.isin(set(goals))]
    result = rows.groupby("area_code").agg(value=("score", "mean"), year=("year", "max")).reset_index()
    return result.rename(columns={"area_code": "code"})


def _overview(ref: SlideRef, data: SlideData, goals: list[int], lang: str) -> Slide:
    names = dict(zip(data.municipalities.code, data.municipalities.name, strict=True))
    scores = mean_goal_scores(data.book, goals)
    table = scores.assign(name=scores.code.map(names), text=[f"{number(v, lang, 0)} / 100" for v in scores.value],
                          source="")
    figure = choropleth(
        data.boundaries, table, names, t("presentation.map_value", lang), t("presentation.points", lang), "higher",
        t("overview.no_data", lang), outlined=(t("peers.network", lang), data.member_municipalities),
        tiny_points=data.tiny_points,
    )
    municipal = data.book.goals[data.book.goals.area_level == "municipality"]
    subtitle = goals_subtitle(goals, lang, (municipal.goal.nunique(), len(ALL_GOALS)))
    return Slide("overview", None, t("presentation.title.overview", lang), subtitle,
                 (hall(figure, height=HALL_HEIGHT),),
                 ("network_map",), t("presentation.source.scores", lang, publishers=publishers(data, goals)))


def _profile(ref: SlideRef, data: SlideData, goals: list[int], lang: str) -> Slide:
    code, labels = ref.code, goal_names(data, lang)
    area = area_profile(data, code)
    overlays = {profile.median_label(area.peers, lang): area.peer_goal_medians,
                profile.median_label(area.national, lang): area.national_goal_medians}
    words = {c: t(f"colour.{c}", lang) for c in HEX} | {a: t(f"trend.{a}", lang) for a in ARROWS}
    legend = {c: t(f"presentation.status.{c}", lang) for c in HEX}
    matrix = status_matrix_figure(area.goals, goals, labels, sdg_colours(data), words, columns=2,
                                  width=column_widths(PROFILE_COLUMNS)[1], legend=legend)
    height = max(HALL_HEIGHT, matrix.layout.height)  # the radar as tall as the matrix beside it
    radar = sdg_radar(area.goal_scores, sdg_colours(data), labels, area.name, overlays,
                      t("overview.no_data", lang), goals=goals)
    # The source line says what the radar's medians and the coverage are, as the profile page and the PDF do.
    source = " · ".join([t("presentation.source.profile", lang, publishers=publishers(data, ALL_GOALS)),
                         profile.coverage_text(area, lang), profile.peers_text(area, lang)])
    subtitle = goals_subtitle(goals, lang, (area.coverage.goals, area.coverage.goals_total))
    return Slide("profile", code, t("presentation.title.profile", lang, name=area.name), subtitle,
                 (hall(radar, height=height), matrix), (f"radar_{code}", f"status_{code}"), source,
                 facts={"profile": area}, widths=PROFILE_COLUMNS)


def _peers(ref: SlideRef, data: SlideData, goals: list[int], lang: str) -> Slide:
    from core import comparison
    from core.peers import nearest_neighbours

    code, book = ref.code, data.book
    name = municipality_name(data, code)
    peer_codes = [n.code for n in nearest_neighbours(code, data.structure_z, k=PEER_COUNT)]
    ranges = comparison.goal_ranges(book, peer_codes)
    radar = sdg_radar(
        profile.goal_scores(book, "municipality", code), sdg_colours(data), goal_names(data, lang), name,
        {t("compare.peer_median", lang): ranges["median"]}, t("overview.no_data", lang),
        peer_range=(t("compare.peer_range", lang), ranges), goals=goals,
    )
    names = dict(zip(data.municipalities.code, data.municipalities.name, strict=True))
    all_scores = mean_goal_scores(book, goals)
    scores = all_scores[all_scores.code.isin({code, *peer_codes})].assign(name=lambda f: f.code.map(names))
    bars = ranked_bars(scores, code, float(all_scores.value.median()), t("profile.median_national", lang),
                       t("presentation.points", lang), "higher")
    bars.update_layout(title={"text": t("presentation.ranked_title", lang), "font": {"size": HALL_TITLE}},
                       margin={"t": 70})
    coverage = area_profile(data, code).coverage
    return Slide("peers", code, t("presentation.title.peers", lang, name=name, count=len(peer_codes)),
                 goals_subtitle(goals, lang, (coverage.goals, coverage.goals_total)),
                 (hall(radar, height=HALL_HEIGHT), hall(bars, height=HALL_HEIGHT)),
                 (f"peers_radar_{code}", f"peers_ranked_{code}"),
                 t("presentation.source.profile", lang, publishers=publishers(data, ALL_GOALS)))


def _progress(ref: SlideRef, data: SlideData, goals: list[int], lang: str) -> Slide:
    code, catalogue = ref.code, data.catalogue
    area = area_profile(data, code)
    name = area.name
    rows = area.with_target[area.with_target.goal.isin(set(goals))]
    shown = pd.DataFrame({
        "indicator": [f"{r.goal}. {catalogue[r.indicator_id].name(lang)}" for r in rows.itertuples()],
        "now": [f"{number(r.value, lang)} {catalogue[r.indicator_id].short_unit(lang)} ({r.year})"
                for r in rows.itertuples()],
        "target": [f"{number(r.target, lang)} ({int(r.target_year)}, "
                   f"{t(f'progress.target_origin.{r.target_origin}', lang)})" for r in rows.itertuples()],
        "progress": [f"{PROGRESS_SYMBOLS[r.progress]} {t(f'progress.{r.progress}', lang)}" for r in rows.itertuples()],
        "status": list(rows.progress),
    })
    headers = [t(f"presentation.column.{c}", lang) for c in ("indicator", "now", "target", "status")]
    table = hall(progress_table_figure(shown, headers, t("presentation.no_targets", lang)), height=HALL_HEIGHT)
    figures, names = [table], [f"progress_{code}"]
    if not rows.empty:
        first = rows.iloc[0]
        spec = catalogue[first.indicator_id]
        projection = area.projections.get(spec.id)
        chart = trend_chart(area.series[spec.id], name, {}, spec.short_unit(lang), first.target,
                            target_label(area.targets.get(spec.id), lang), projection,
                            projection_label(projection, lang))
        chart.update_layout(title={"text": _wrap(spec.name(lang), TREND_TITLE_CHARS)}, margin={"t": 110})
        figures.append(hall(chart, height=HALL_HEIGHT))
        names.append(f"progress_{code}_{first.indicator_id}")
    # "SSB, Arealprofiler (…)" -> "SSB, Arealprofiler": the table names the indicators already.
    sources = "; ".join(dict.fromkeys(catalogue[i].source_label.split(" (")[0] for i in rows.indicator_id)) or "–"
    subtitle = goals_subtitle(goals, lang, (area.coverage.goals, area.coverage.goals_total))
    return Slide("progress", code, t("presentation.title.progress", lang, name=name), subtitle,
                 tuple(figures), tuple(names), sources, facts={"profile": area},
                 widths=PROGRESS_COLUMNS[:len(figures)])


def network_numbers(data: SlideData) -> dict[str, float]:
    """Members, counties reached and the population covered (living in a member municipality or county)."""
    municipalities = data.municipalities
    population = data.observations[data.observations.indicator_id == "population"]
    year = int(population.year.max())
    latest = population[population.year == year]
    member_counties = set(data.member_counties)
    covered = set(data.member_municipalities) | set(
        municipalities.code[municipalities.county_code.isin(member_counties)])
    by_code = latest[latest.area_level == "municipality"].set_index("area_code").value
    national = latest[latest.area_level == "country"].value
    total = float(national.iloc[0]) if not national.empty else float(by_code.sum())
    covered_population = float(by_code.reindex(sorted(covered)).sum())
    reached = member_counties | set(
        municipalities.county_code[municipalities.code.isin(set(data.member_municipalities))])
    return {"municipalities": len(data.member_municipalities), "counties": len(member_counties),
            "population": covered_population, "share": 100 * covered_population / total if total else 0.0,
            "counties_reached": len(reached), "year": year}


def _numbers(ref: SlideRef, data: SlideData, goals: list[int], lang: str) -> Slide:
    found = network_numbers(data)
    figure = network_numbers_figure(
        [(t(f"presentation.numbers.{key}", lang), found[key], " %" if key == "share" else "")
         for key in ("municipalities", "counties", "counties_reached", "population", "share")],
        separators=SEPARATORS[lang],
    )
    return Slide("numbers", None, t("presentation.title.numbers", lang), "", (hall(figure, height=HALL_HEIGHT),),
                 ("network_numbers",),
                 t("presentation.source.numbers", lang, year=found["year"]), facts=found)
