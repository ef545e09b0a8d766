"""A municipality's or county's profile as a PDF report, in Norwegian bokmål or English.

It shows what the profile page shows, read from the same answer (core.profile.profile_of): key facts, the SDG
radar, the 17 goals' status and trend, each goal's indicators with the bounds behind their scores, progress toward
2030, and the sources with their licences. No Streamlit; charts are PNGs from charts.images.

    python -m core pdf --code 0301 --lang en --out oslo.pdf
"""

from __future__ import annotations

import io
import textwrap
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
from babel.dates import format_date
from fpdf import FPDF, FontFace
from fpdf.enums import TableCellFillMode

from charts import images
from charts.sdg_radar import sdg_radar
from charts.trend_chart import projection_label, target_label, trend_chart
from core import config, contrast, profile, queries, scores, status, targets
from core.catalogue import IndicatorSpec
from core.errors import UserError
from core.etl.areas import kostra_group_description
from core.i18n import BABEL_LOCALES, LANGUAGES, number, t
from core.peers import standardise, structural_variables
from core.ssb.thresholds import catalogue_in_effect
from core.status import HEX
from core.trends import ARROWS
from core.uploads.values import member_values, observations_with_members

LEVELS = ("municipality", "county")
FONT_FAMILY = "DejaVu"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
# Sources behind the key facts (KOSTRA group and centrality are municipal facts), whatever indicators the area has.
FACT_SOURCES = {"municipality": ("population", "municipality_register", "kostra_groups", "structure_register"),
                "county": ("population", "municipality_register")}
HEADING_FILL = "#eceff1"
SMALL, BODY, HEADING = 8, 9.5, 13
# Pixels of the chart images; fonts are set for their printed widths (radar 160 mm, trend charts half a page).
RADAR_SIZE, TREND_SIZE = (900, 820), (700, 440)


class FontMissingError(RuntimeError):
    """The report needs DejaVu Sans for Norwegian and Sami letters; without it letters would be lost."""


# ---------------------------------------------------------------- what the report shows


@dataclass(frozen=True)
class AreaReport:
    """Everything the report shows about one area, gathered before any drawing: the area's profile (the same
    core.profile.AreaProfile the profile page shows) and what only a printed report needs."""

    level: str
    code: str
    lang: str
    name: str
    area: profile.AreaProfile
    goals: pd.DataFrame  # 17 rows: goal, name, colour (SDG), score, status, trend, indicators, indicators_in_goal
    radar_png: bytes
    trend_pngs: dict[str, bytes]  # indicator id -> chart, for indicators with a 2030 target
    basis: dict[str, str]  # county only: indicator id -> where its value comes from
    sources: pd.DataFrame  # key, publisher, description, licence, url
    generated: date

    @property
    def facts(self) -> profile.KeyFacts:
        return self.area.facts

    @property
    def indicators(self) -> pd.DataFrame:
        """The area's latest status per scored indicator (ScoreBook.indicators rows), by goal."""
        return self.area.indicators

    @property
    def index(self) -> float | None:
        return self.area.index


def profile_pdf(area_level: str, code: str, lang: str, score_book: scores.ScoreBook | None = None, *,
                observations: pd.DataFrame | None = None, generated: date | None = None,
                area: profile.AreaProfile | None = None) -> bytes:
    """The profile of a municipality (4 digits) or county (2 digits) as PDF bytes.

    Pass the page's profile (area), or its cached score_book and observations, to skip recomputing them. Raises
    UserError for an unknown level, language or code, and FontMissingError when DejaVu Sans is not installed.
    """
    font_dir = font_directory()  # before any work: a missing font should fail fast
    report = gather(area_level, code, lang, score_book, observations, generated or date.today(), area)
    return render(report, font_dir)


def gather(level: str, code: str, lang: str, score_book: scores.ScoreBook | None,
           observations: pd.DataFrame | None, generated: date, area: profile.AreaProfile | None = None
           ) -> AreaReport:
    municipalities, counties = queries.municipalities(), queries.counties()
    code = str(code).strip()
    name = area_name(level, code, lang, municipalities, counties)
    catalogue = catalogue_in_effect()
    if area is None or (area.level, area.code) != (level, code):
        area = area_profile(level, code, score_book, observations, catalogue, municipalities, counties)
    goal_table = named_goals(area.goals, lang)
    return AreaReport(
        level, code, lang, name, area, goal_table, radar_png(area, goal_table, lang),
        trend_pngs(area, catalogue, lang),
        county_basis(area.indicators, catalogue, code) if level == "county" else {},
        sources_used(area.indicators, catalogue, lang, level, code, name), generated,
    )


def area_profile(level: str, code: str, score_book: scores.ScoreBook | None, observations: pd.DataFrame | None,
                 catalogue: dict[str, IndicatorSpec], municipalities: pd.DataFrame,
                 counties: pd.DataFrame) -> profile.AreaProfile:
    """The profile as the pages show it, from what was passed or else from the database."""
    observations, book = page_data(observations, score_book, catalogue)

    def structure_z() -> pd.DataFrame:  # nearest neighbours rest on public values only, as on the pages
        return standardise(structural_variables(queries.all_observations(), municipalities))

    return profile.profile_of(level, code, book, catalogue=catalogue, observations=observations,
                              municipalities=municipalities, counties=counties, structure_z=structure_z)


def page_data(observations: pd.DataFrame | None, score_book: scores.ScoreBook | None,
              catalogue: dict[str, IndicatorSpec]) -> tuple[pd.DataFrame, scores.ScoreBook]:
    """What was passed, else as the pages build it (components/data.py): members' own values fill the gaps
    in the public ones, and the bounds come from public values only."""
    public = queries.all_observations() if observations is None or score_book is None else None
    if observations is None:
        observations = observations_with_members(public)
    if score_book is None:
        score_book = scores.compute(observations, catalogue, targets.local_targets(),
                                    bounds=scores.all_bounds(public, catalogue))
    return observations, score_book


def area_name(level: str, code: str, lang: str, municipalities: pd.DataFrame, counties: pd.DataFrame) -> str:
    """The area's name; a UserError in the user's language for an unknown level, language or code."""
    if lang not in LANGUAGES:
        raise UserError("pdf.error.language", language=lang)
    if level not in LEVELS:
        raise UserError("pdf.error.level", level=level)
    areas = municipalities if level == "municipality" else counties
    names = dict(zip(areas.code, areas.name, strict=True))
    if code not in names:
        raise UserError("pdf.error.unknown_area", kind=t(f"profile.type.{level}", lang).lower(), code=code)
    return names[code]


def goals_of(book: scores.ScoreBook, level: str, code: str, catalogue: dict[str, IndicatorSpec],
             lang: str) -> pd.DataFrame:
    """All 17 goals, those without data kept with NaN score and grey status (never a zero)."""
    return named_goals(profile.goal_table(book, level, code, catalogue), lang)


def named_goals(goal_table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The profile's 17 goals with their names and SDG colours; the status colour is called status here."""
    sdg = queries.sdg_goals().set_index("number")
    frame = goal_table.rename(columns={"colour": "status"})
    frame.insert(1, "name", frame.goal.map(sdg["short_nb" if lang == "nb" else "short_en"]))
    frame.insert(2, "colour", frame.goal.map(sdg["colour"]))
    return frame


def radar_png(area: profile.AreaProfile, goal_table: pd.DataFrame, lang: str) -> bytes:
    overlays = {profile.median_label(area.peers, lang): area.peer_goal_medians,
                profile.median_label(area.national, lang): area.national_goal_medians}
    colours = dict(zip(goal_table.goal, goal_table.colour, strict=True))
    names = dict(zip(goal_table.goal, goal_table.name, strict=True))
    figure = sdg_radar(area.goal_scores, colours, names, area.name, overlays, t("overview.no_data", lang))
    figure.update_layout(font={"size": 17}, legend={"y": -0.08})
    return images.to_png(figure, width=RADAR_SIZE[0], height=RADAR_SIZE[1])


def trend_pngs(area: profile.AreaProfile, catalogue: dict[str, IndicatorSpec], lang: str) -> dict[str, bytes]:
    """One trend chart per indicator with a 2030 target: history, medians, target and projection."""
    charts = {}
    for row in area.with_target.itertuples():
        spec = catalogue[row.indicator_id]
        comparisons = {}
        if spec.id in area.peer_series:  # municipalities only, as on the page
            comparisons[profile.median_label(area.peers, lang)] = area.peer_series[spec.id]
        if spec.id in area.national_series:
            comparisons[t("profile.national", lang)] = area.national_series[spec.id]
        projection = area.projections.get(spec.id)
        figure = trend_chart(area.series[spec.id], area.name, comparisons, spec.short_unit(lang), row.target,
                             target_label(area.targets.get(spec.id), lang), projection,
                             projection_label(projection, lang))
        # Titled and with larger type: the chart is printed at half the page's width.
        title = "<br>".join(textwrap.wrap(spec.name(lang), 48))  # plotly clips a long title instead of wrapping
        figure.update_layout(title={"text": title, "font": {"size": 22}}, font={"size": 19},
                             margin={"l": 10, "r": 10, "t": 80, "b": 10}, legend={"y": -0.22})
        charts[spec.id] = images.to_png(figure, width=TREND_SIZE[0], height=TREND_SIZE[1])
    return charts


def county_basis(indicator_rows: pd.DataFrame, catalogue: dict[str, IndicatorSpec], code: str) -> dict[str, str]:
    """Per indicator: the county's own figure, or which aggregation of its municipalities ('*' if partial)."""
    basis = {}
    for row in indicator_rows.itertuples():
        values = queries.observations(row.indicator_id, "county", row.year)
        quality = values.loc[values.area_code == code, "quality"]
        quality = str(quality.iloc[0]) if not quality.empty else "aggregated"
        if not quality.startswith("aggregated"):
            basis[row.indicator_id] = "official"
        else:
            partial = "*" if quality == "aggregated_partial" else ""
            basis[row.indicator_id] = catalogue[row.indicator_id].aggregation + partial
    return basis


def sources_used(indicator_rows: pd.DataFrame, catalogue: dict[str, IndicatorSpec], lang: str, level: str,
                 code: str, name: str) -> pd.DataFrame:
    """The sources behind this report: the indicators shown, the key facts, the goal names, and the area's own
    uploaded values where it has any."""
    keys = [*FACT_SOURCES[level], *(catalogue[i].source_key for i in indicator_rows.indicator_id), f"sdg_goals_{lang}"]
    table = queries.sources().set_index("key")
    wanted = [k for k in dict.fromkeys(keys) if k in table.index]
    sources = table.loc[wanted, ["publisher", "description", "licence", "url"]].reset_index()
    own = member_values(kind="indicator", level=level, code=code)
    if own.empty:
        return sources
    cited = "; ".join(dict.fromkeys(str(s) for s in own.source.dropna() if str(s).strip()))
    row = {"key": "member_values", "publisher": name, "licence": "–", "url": None,
           "description": t("pdf.member_source", lang, sources=cited or "–")}
    return pd.concat([sources, pd.DataFrame([row])], ignore_index=True)


def publishers(sources: pd.DataFrame) -> list[str]:
    """Short publisher names for the footer: 'SSB, table 07459' and 'SSB / Kartverket (…)' give SSB, Kartverket."""
    names = []
    for publisher in sources.publisher:
        for part in publisher.split(" (")[0].split(",")[0].split(" / "):
            names.append(part.strip())
    return list(dict.fromkeys(n for n in names if n))


# ---------------------------------------------------------------- drawing


def font_directory() -> Path:
    """Where DejaVu Sans lives; a clear error instead of a PDF with missing Norwegian or Sami letters."""
    folder = config.settings().pdf_font_dir  # Debian's fonts-dejavu-core unless PDF_FONT_DIR says otherwise
    missing = [name for name in FONT_FILES.values() if not (folder / name).is_file()]
    if missing:
        raise FontMissingError(
            f"The PDF report needs the DejaVu Sans font ({', '.join(missing)}) in {folder}: "
            "install Debian's fonts-dejavu-core, or set PDF_FONT_DIR to a folder holding it")
    return folder


class ProfileDocument(FPDF):
    """A4 portrait with the footer on every page: generated date, sources and 'page n of N'."""

    def __init__(self, font_dir: Path, footer_text: str, page_label: str):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        for style, file_name in FONT_FILES.items():
            self.add_font(FONT_FAMILY, style, str(font_dir / file_name))
        self.footer_text, self.page_label = footer_text, page_label
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(12, 12, 12)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FONT_FAMILY, "", 7)
        self.set_text_color("#616161")
        self.set_draw_color("#bdbdbd")
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.cell(self.epw * 0.8, 6, self.footer_text, align="L")
        # {nb} is fpdf2's alias for the page count, filled in when the document closes.
        self.cell(self.epw * 0.2, 6, self.page_label.format(page=self.page_no(), pages="{nb}"), align="R")
        self.set_text_color(0)


def render(report: AreaReport, font_dir: Path) -> bytes:
    lang = report.lang
    when = format_date(report.generated, format="long", locale=BABEL_LOCALES[lang])
    footer = t("pdf.footer", lang, date=when, sources=", ".join(publishers(report.sources)))
    document = ProfileDocument(font_dir, footer, t("pdf.page", lang, page="{page}", pages="{pages}"))
    describe(document, report)
    document.add_page()
    title_and_facts(document, report, when)
    radar(document, report)
    goal_table(document, report)
    goal_details(document, report)
    progress(document, report)
    sources_and_methods(document, report)
    return bytes(document.output())


def describe(document: FPDF, report: AreaReport) -> None:
    """PDF metadata: title, language and creator, for search and screen readers."""
    document.set_title(f"{t('pdf.title', report.lang)}: {report.name}")
    document.set_lang("nb-NO" if report.lang == "nb" else "en-GB")
    document.set_creator("Bærekraftsnettverket")
    document.set_author("Bærekraftsnettverket")


def heading(document: FPDF, text: str, size: float = HEADING) -> None:
    document.set_font(FONT_FAMILY, "B", size)
    document.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
    document.ln(1.5)
    document.set_font(FONT_FAMILY, "", BODY)


def paragraph(document: FPDF, text: str, size: float = BODY) -> None:
    document.set_font(FONT_FAMILY, "", size)
    document.multi_cell(0, size * 0.45, text, new_x="LMARGIN", new_y="NEXT")
    document.ln(1)


def readable_on(fill: str) -> str:
    """Black or white text, whichever has the higher WCAG contrast on the fill (SDG 7 yellow needs black; so do
    SDG 6 blue and the orange status, where a brightness rule chose white at 2.2:1 and 2.7:1)."""
    return contrast.text_on(fill)


def filled(fill: str) -> FontFace:
    return FontFace(color=readable_on(fill), fill_color=fill)


@contextmanager
def table(document: FPDF, widths: tuple[float, ...], headings: list[str] | None):
    """A table with a grey heading row (repeated on every page it spans), or none; yields it for the rows."""
    document.set_font(FONT_FAMILY, "", SMALL)
    document.set_fill_color(255)  # fpdf2 fills plain cells with the current fill colour (a goal's, before)
    with document.table(col_widths=widths, text_align="LEFT", line_height=SMALL * 0.5, padding=1,
                        headings_style=FontFace(emphasis="BOLD", fill_color=HEADING_FILL),
                        first_row_as_headings=headings is not None,
                        cell_fill_mode=TableCellFillMode.NONE) as grid:
        if headings is not None:
            row = grid.row()
            for text in headings:
                row.cell(text)
        yield grid


def title_and_facts(document: FPDF, report: AreaReport, when: str) -> None:
    lang = report.lang
    document.set_font(FONT_FAMILY, "", 11)
    document.set_text_color("#455a64")
    document.cell(0, 6, t("pdf.title", lang), new_x="LMARGIN", new_y="NEXT")
    document.set_text_color(0)
    heading(document, report.name, 22)
    paragraph(document, t("pdf.subtitle", lang, kind=t(f"profile.type.{report.level}", lang), code=report.code,
                          date=when))
    heading(document, t("pdf.key_facts", lang))
    with table(document, (1, 2), None) as rows:
        for label, value in key_fact_lines(report):
            row = rows.row()
            row.cell(label, style=FontFace(emphasis="BOLD"))
            row.cell(value)
    document.ln(2)
    if report.level == "county":
        paragraph(document, t("pdf.county_basis", lang), SMALL)


def key_fact_lines(report: AreaReport) -> list[tuple[str, str]]:
    lang, facts = report.lang, report.facts
    change = facts.population_change_10y
    trend = (t("profile.population_change", lang, change=f"{'+' if change >= 0 else ''}{number(change, lang)} %")
             if change is not None else t("overview.no_data", lang))
    lines = [(t("profile.population", lang, year=facts.population_year or ""), number(facts.population, lang, 0)),
             (t("pdf.population_trend", lang), trend),
             (t("profile.county", lang), facts.county or "–")]
    if report.level == "municipality":
        lines += [(t("profile.kostra", lang), kostra_group_description(facts.kostra_group, lang) or "–"),
                  (t("profile.centrality", lang), str(facts.centrality or "–"))]
    lines.append((t("profile.area", lang), f"{number(facts.area_km2, lang, 0)} km²"))
    share = f"{number(100 * report.area.coverage.share, lang, 0)} %"
    index = (f"{number(report.index, lang, 0)} / 100" if report.index is not None
             else f"– ({t('pdf.no_index', lang, coverage=share)})")
    lines.append((t("profile.index", lang), f"{index} · {profile.coverage_text(report.area, lang)}"))
    lines.append((t("profile.peers_label", lang), profile.peers_text(report.area, lang)))
    return lines


def radar(document: FPDF, report: AreaReport) -> None:
    heading(document, t("profile.radar", report.lang))
    width = 160
    height = width * RADAR_SIZE[1] / RADAR_SIZE[0]
    if document.will_page_break(height):
        document.add_page()
    document.image(io.BytesIO(report.radar_png), x=(document.w - width) / 2, w=width, h=height,
                   alt_text=t("profile.radar", report.lang))


def score_text(score: float, lang: str) -> str:
    return t("overview.no_data", lang) if pd.isna(score) else number(score, lang, 0)


def trend_text(trend: str, lang: str) -> str:
    return f"{ARROWS[trend]} {t(f'trend.{trend}', lang)}"


def goal_table(document: FPDF, report: AreaReport) -> None:
    lang = report.lang
    document.add_page()
    heading(document, t("pdf.goals", lang))
    headings = [t("column.goal", lang), "", t("column.score", lang), t("column.status", lang),
                t("column.trend", lang), t("pdf.column.indicators", lang)]
    with table(document, (11, 50, 15, 42, 37, 26), headings) as rows:
        for goal in report.goals.itertuples():
            row = rows.row()
            row.cell(str(goal.goal), align="CENTER", style=filled(goal.colour))
            row.cell(goal.name)
            row.cell(score_text(goal.score, lang), align="RIGHT")
            row.cell(t(f"colour.{goal.status}", lang), style=filled(HEX[goal.status]))
            row.cell(trend_text(goal.trend, lang) if goal.indicators else "–")
            row.cell(t("pdf.indicators_in_goal", lang, count=goal.indicators, total=goal.indicators_in_goal))
    document.ln(2)
    paragraph(document, t("method.colours_text", lang), SMALL)


def goal_details(document: FPDF, report: AreaReport) -> None:
    lang = report.lang
    document.add_page()
    heading(document, t("pdf.details", lang))
    paragraph(document, t("pdf.details_intro", lang), SMALL)
    for goal in report.goals[report.goals.indicators > 0].itertuples():
        if document.will_page_break(40):
            document.add_page()
        goal_heading(document, goal)
        indicator_table(document, report, report.indicators[report.indicators.goal == goal.goal])
        document.ln(3)


def goal_heading(document: FPDF, goal) -> None:
    """The goal's number in its SDG colour, then its name."""
    document.set_font(FONT_FAMILY, "B", 11)
    document.set_fill_color(goal.colour)
    document.set_text_color(readable_on(goal.colour))
    document.cell(10, 7, str(goal.goal), align="C", fill=True)
    document.set_text_color(0)
    document.cell(0, 7, f"  {goal.name}", new_x="LMARGIN", new_y="NEXT")
    document.ln(1)


def indicator_table(document: FPDF, report: AreaReport, rows: pd.DataFrame) -> None:
    lang, catalogue = report.lang, catalogue_in_effect()
    county = report.level == "county"
    headings = [t("column.indicator", lang), t("column.value", lang), t("column.year", lang),
                t("column.score", lang), t("column.status", lang), t("column.verdict", lang),
                t("pdf.column.bounds", lang)] + ([t("pdf.column.basis", lang)] if county else [])
    widths = (38, 19, 10, 13, 24, 22, 38, 26) if county else (44, 20, 10, 13, 26, 23, 54)
    with table(document, widths, headings) as lines:
        for row in rows.itertuples():
            spec = catalogue[row.indicator_id]
            unit = spec.short_unit(lang)
            basis = report.basis.get(row.indicator_id, "")
            line = lines.row()
            line.cell(spec.name(lang))
            line.cell(f"{number(row.value, lang)} {unit}{'*' if basis.endswith('*') else ''}", align="RIGHT")
            line.cell(f"{row.year}{' ⚠' if row.old else ''}")
            line.cell(score_text(row.score, lang), align="RIGHT")
            line.cell(status.colour_meaning(spec, row.colour, lang), style=filled(HEX[row.colour]))
            line.cell(profile.verdict_text(row, lang))
            line.cell(bounds_text(row, spec, lang))
            if county:
                line.cell(t(f"pdf.basis.{basis.rstrip('*')}", lang))


def bounds_text(row, spec: IndicatorSpec, lang: str) -> str:
    """'LB 12.3 → UB 5.6 %' (and how LB was set), then the colour thresholds."""
    unit = spec.short_unit(lang)
    scale = f"LB {number(row.lower_bound, lang)} → UB {number(row.upper_bound, lang)} {unit}"
    rule = t(f"lower_rule.{row.lower_rule}", lang)
    thresholds = t("pdf.thresholds", lang, green=number(spec.green.value, lang), red=number(spec.red.value, lang))
    return f"{scale}\nLB: {rule}\n{thresholds}"


def progress(document: FPDF, report: AreaReport) -> None:
    lang = report.lang
    rows = report.area.with_target
    document.add_page()
    heading(document, t("pdf.progress", lang))
    if rows.empty:
        paragraph(document, t("pdf.progress_none", lang))
        return
    progress_table(document, report, rows)
    document.ln(3)
    trend_grid(document, report, list(rows.indicator_id))
    paragraph(document, t("method.progress_text", lang), SMALL)


def progress_table(document: FPDF, report: AreaReport, rows: pd.DataFrame) -> None:
    lang, catalogue = report.lang, catalogue_in_effect()
    headings = [t("column.indicator", lang), t("pdf.column.latest", lang), t("column.target_2030", lang),
                t("column.progress", lang)]  # one verdict: with a target, progress toward it (not the trend too)
    with table(document, (60, 32, 50, 44), headings) as lines:
        for row in rows.itertuples():
            spec = catalogue[row.indicator_id]
            unit = spec.short_unit(lang)
            target = t("pdf.target_value", lang, value=f"{number(row.target, lang)} {unit}", year=int(row.target_year))
            line = lines.row()
            line.cell(spec.name(lang))
            line.cell(f"{number(row.value, lang)} {unit} ({row.year})")
            line.cell(f"{target}\n{t(f'progress.target_origin.{row.target_origin}', lang)}")
            line.cell(t(f"progress.{row.progress}", lang))


def trend_grid(document: FPDF, report: AreaReport, indicator_ids: list[str]) -> None:
    """The trend charts two to a row, each at half the page's width."""
    gap = 4
    width = (document.epw - gap) / 2
    height = width * TREND_SIZE[1] / TREND_SIZE[0]
    for position, indicator_id in enumerate(indicator_ids):
        column = position % 2
        if column == 0 and document.will_page_break(height):
            document.add_page()
        top = document.get_y()
        document.image(io.BytesIO(report.trend_pngs[indicator_id]), x=document.l_margin + column * (width + gap),
                       y=top, w=width, h=height, alt_text=indicator_id)
        # fpdf2 moves below an image placed without y only; keep the row's top for the right-hand chart.
        document.set_y(top + height + gap if column == 1 or position == len(indicator_ids) - 1 else top)


def sources_and_methods(document: FPDF, report: AreaReport) -> None:
    lang = report.lang
    document.add_page()
    heading(document, t("pdf.sources", lang))
    paragraph(document, t("pdf.sources_intro", lang), SMALL)
    headings = [t("column.publisher", lang), t("column.source", lang), t("column.licence", lang)]
    with table(document, (40, 110, 40), headings) as lines:
        for source in report.sources.itertuples():
            line = lines.row()
            line.cell(source.publisher)
            url = source.url if isinstance(source.url, str) and source.url else None  # NaN when the file has none
            line.cell(f"{source.description}\n{url or ''}".strip(), link=url)
            line.cell(source.licence)
    document.ln(2)
    paragraph(document, t("method.credit", lang))
    for topic in ("normalisation", "goals", "trends"):
        heading(document, t(f"method.{topic}", lang), 10)
        paragraph(document, t(f"method.{topic}_text", lang), SMALL)
