"""A municipality's or county's profile as a PDF report, in Norwegian bokmål or English.

It mirrors the profile page: key facts, the SDG radar, the 17 goals' status and trend, each goal's
indicators with the bounds behind their scores, progress toward 2030, and the sources with their
licences. Data comes from core/ directly (no Streamlit); charts are PNGs from core.images.

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
from charts.trend_chart import trend_chart
from core import catalogue as catalogue_module
from core import config, profile, queries, scores, targets
from core.catalogue import IndicatorSpec
from core.errors import UserError
from core.i18n import BABEL_LOCALES, LANGUAGES, number, t
from core.status import GREY, HEX
from core.trends import ARROWS, TOO_FEW, linear_projection
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
    """Everything the report shows about one area, gathered from core/ before any drawing."""

    level: str
    code: str
    lang: str
    name: str
    facts: profile.KeyFacts
    goals: pd.DataFrame  # 17 rows: goal, name, colour (SDG), score, status, trend, indicators, indicators_in_goal
    indicators: pd.DataFrame  # the area's latest status per scored indicator (ScoreBook.indicators rows)
    index: float | None
    coverage: float  # share of the scored indicators with data, as the score book counts them
    radar_png: bytes
    trend_pngs: dict[str, bytes]  # indicator id -> chart, for indicators with a 2030 target
    basis: dict[str, str]  # county only: indicator id -> where its value comes from
    sources: pd.DataFrame  # key, publisher, description, licence, url
    generated: date


def profile_pdf(area_level: str, code: str, lang: str, score_book: scores.ScoreBook | None = None, *,
                observations: pd.DataFrame | None = None, generated: date | None = None) -> bytes:
    """The profile of a municipality (4 digits) or county (2 digits) as PDF bytes.

    Pass the page's cached score_book and observations to skip recomputing them. Raises UserError for an
    unknown level, language or code, and FontMissingError when DejaVu Sans is not installed.
    """
    font_dir = font_directory()  # before any work: a missing font should fail fast
    report = gather(area_level, code, lang, score_book, observations, generated or date.today())
    return render(report, font_dir)


def gather(level: str, code: str, lang: str, score_book: scores.ScoreBook | None,
           observations: pd.DataFrame | None, generated: date) -> AreaReport:
    municipalities, counties = queries.municipalities(), queries.counties()
    code = str(code).strip()
    name = area_name(level, code, lang, municipalities, counties)
    catalogue = catalogue_module.load_catalogue()
    observations, book = page_data(observations, score_book, catalogue)
    level_rows = observations[observations.area_level == level]
    facts = profile.key_facts(code, level, level_rows[level_rows.indicator_id == "population"], municipalities,
                              counties)
    goal_table = goals_of(book, level, code, catalogue, lang)
    indicator_rows = area_rows(book.indicators, level, code).sort_values(["goal", "indicator_id"])
    index_rows = area_rows(book.index, level, code)
    index = index_rows["index"].iloc[0] if not index_rows.empty else None
    coverage = float(index_rows.coverage.iloc[0]) if not index_rows.empty else 0.0
    peers = peer_codes(level, code, municipalities)
    return AreaReport(
        level, code, lang, name, facts, goal_table, indicator_rows,
        None if index is None or pd.isna(index) else float(index), coverage,
        radar_png(book, level, code, name, goal_table, peers, municipalities.code, lang),
        trend_pngs(observations, indicator_rows, catalogue, level, code, name, peers, lang),
        county_basis(indicator_rows, catalogue, code) if level == "county" else {},
        sources_used(indicator_rows, catalogue, lang, level, code, name), generated,
    )


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


def area_rows(frame: pd.DataFrame, level: str, code: str) -> pd.DataFrame:
    return frame[(frame.area_level == level) & (frame.area_code == code)]


def goals_of(book: scores.ScoreBook, level: str, code: str, catalogue: dict[str, IndicatorSpec],
             lang: str) -> pd.DataFrame:
    """All 17 goals, those without data kept with NaN score and grey status (never a zero)."""
    sdg = queries.sdg_goals().set_index("number")
    in_goal = pd.Series([s.sdg_goal for s in scores.scored(catalogue).values()]).value_counts()
    rows = area_rows(book.goals, level, code).set_index("goal")
    frame = pd.DataFrame({"goal": list(profile.GOALS)}).set_index("goal", drop=False)
    frame["name"] = sdg["short_nb" if lang == "nb" else "short_en"]
    frame["colour"] = sdg["colour"]
    frame["score"] = rows.score.reindex(frame.index)
    frame["status"] = rows.colour.reindex(frame.index).fillna(GREY)
    frame["trend"] = rows.trend.reindex(frame.index).fillna(TOO_FEW)
    frame["indicators"] = rows.indicators.reindex(frame.index).fillna(0).astype(int)
    frame["indicators_in_goal"] = in_goal.reindex(frame.index).fillna(0).astype(int)
    return frame.reset_index(drop=True)


def peer_codes(level: str, code: str, municipalities: pd.DataFrame) -> pd.Series:
    """The medians' municipalities, as on the profile page: the KOSTRA group, or the county's municipalities."""
    if level == "county":
        return municipalities.code[municipalities.county_code == code]
    group = municipalities.loc[municipalities.code == code, "kostra_group_code"].iloc[0]
    return municipalities.code[municipalities.kostra_group_code == group]


def median_label(level: str, lang: str) -> str:
    return t("profile.median_county" if level == "county" else "profile.median_kostra", lang)


def radar_png(book: scores.ScoreBook, level: str, code: str, name: str, goal_table: pd.DataFrame,
              peers: pd.Series, everyone: pd.Series, lang: str) -> bytes:
    overlays = {median_label(level, lang): profile.median_goal_scores(book, peers),
                t("profile.median_national", lang): profile.median_goal_scores(book, everyone)}
    colours = dict(zip(goal_table.goal, goal_table.colour, strict=True))
    names = dict(zip(goal_table.goal, goal_table.name, strict=True))
    figure = sdg_radar(profile.goal_scores(book, level, code), colours, names, name, overlays,
                       t("overview.no_data", lang))
    figure.update_layout(font={"size": 17}, legend={"y": -0.08})
    return images.to_png(figure, width=RADAR_SIZE[0], height=RADAR_SIZE[1])


def trend_pngs(observations: pd.DataFrame, indicator_rows: pd.DataFrame, catalogue: dict[str, IndicatorSpec],
               level: str, code: str, name: str, peers: pd.Series, lang: str) -> dict[str, bytes]:
    """One trend chart per indicator with a 2030 target: history, medians, target and projection."""
    charts = {}
    for row in indicator_rows[indicator_rows.target.notna()].itertuples():
        spec = catalogue[row.indicator_id]
        series = observations[(observations.area_level == level) & (observations.area_code == code)
                              & (observations.indicator_id == row.indicator_id)].sort_values("year")
        national = observations[(observations.area_level == "country") & (observations.indicator_id == spec.id)]
        comparisons = {t("profile.national", lang): national[["year", "value"]].sort_values("year")}
        if level == "municipality":
            comparisons = {median_label(level, lang): profile.median_series(observations, spec.id, peers),
                           **comparisons}
        figure = trend_chart(series, name, comparisons, spec.short_unit(lang), row.target,
                             t("profile.target", lang, value=number(row.target, lang)),
                             linear_projection(series.year, series.value), t("profile.projection", lang))
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
    """Black or white text, whichever reads better on the fill colour (SDG 7 yellow needs black)."""
    red, green, blue = (int(fill.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return "#000000" if 0.299 * red + 0.587 * green + 0.114 * blue > 150 else "#ffffff"


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
        lines += [(t("profile.kostra", lang), facts.kostra_group or "–"),
                  (t("profile.centrality", lang), str(facts.centrality or "–"))]
    lines.append((t("profile.area", lang), f"{number(facts.area_km2, lang, 0)} km²"))
    count = len(report.indicators)
    total = round(count / report.coverage) if report.coverage else len(scores.scored(catalogue_module.load_catalogue()))
    coverage = t("profile.coverage", lang, count=count, total=total)
    share = f"{number(100 * report.coverage, lang, 0)} %"
    index = (f"{number(report.index, lang, 0)} / 100" if report.index is not None
             else f"– ({t('pdf.no_index', lang, coverage=share)})")
    lines.append((t("profile.index", lang), f"{index} · {coverage}"))
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
    lang, catalogue = report.lang, catalogue_module.load_catalogue()
    county = report.level == "county"
    headings = [t("column.indicator", lang), t("column.value", lang), t("column.year", lang),
                t("column.score", lang), t("column.status", lang), t("column.trend", lang),
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
            line.cell(str(row.year))
            line.cell(score_text(row.score, lang), align="RIGHT")
            line.cell(t(f"colour.{row.colour}", lang), style=filled(HEX[row.colour]))
            line.cell(trend_text(row.trend, lang))
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
    rows = report.indicators[report.indicators.target.notna()]
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
    lang, catalogue = report.lang, catalogue_module.load_catalogue()
    headings = [t("column.indicator", lang), t("pdf.column.latest", lang), t("column.target_2030", lang),
                t("column.progress", lang), t("column.trend", lang)]
    with table(document, (52, 26, 44, 34, 30), headings) as lines:
        for row in rows.itertuples():
            spec = catalogue[row.indicator_id]
            unit = spec.short_unit(lang)
            target = t("pdf.target_value", lang, value=f"{number(row.target, lang)} {unit}", year=int(row.target_year))
            line = lines.row()
            line.cell(spec.name(lang))
            line.cell(f"{number(row.value, lang)} {unit} ({row.year})")
            line.cell(f"{target}\n{t(f'progress.target_origin.{row.target_origin}', lang)}")
            line.cell(t(f"progress.{row.progress}", lang))
            line.cell(trend_text(row.trend, lang))


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
