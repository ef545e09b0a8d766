"""CSV exports for the command line and the app's downloads."""

from __future__ import annotations

import pandas as pd

from core import queries
from core.catalogue import load_catalogue
from core.etl.aggregate import COUNTRY_CODE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_DIALECTS = {"nb": {"sep": ";", "decimal": ","}, "en": {"sep": ",", "decimal": "."}}
FILE_NAMES = {
    "scores": {"nb": "poeng", "en": "scores"},
    "indicators": {"nb": "indikatorer", "en": "indicators"},
    "structure": {"nb": "strukturvariabler", "en": "structural_variables"},
    "upload_report": {"nb": "kontroll_egne_data", "en": "upload_check"},
    "u4ssc": {"nb": "u4ssc", "en": "u4ssc"},
    "assessment": {"nb": "egenvurdering", "en": "self_assessment"},
    "map_values": {"nb": "verdier", "en": "values"},
    "municipality": {"nb": "kommuner", "en": "municipalities"},
    "county": {"nb": "fylker", "en": "counties"},
    "map": {"nb": "kart", "en": "map"},
    "trend": {"nb": "utvikling", "en": "trend"},
    "compare": {"nb": "sammenligning", "en": "compare"},
    "compare_trends": {"nb": "sammenligning_utvikling", "en": "compare_trends"},
    "compare_radar": {"nb": "sammenligning_radar", "en": "compare_radar"},
    "progress": {"nb": "mot_2030", "en": "progress"},
    "profile": {"nb": "profil", "en": "profile"},
    "goals": {"nb": "mål", "en": "goals"},
    "peers": {"nb": "gruppen", "en": "peers"},
    "peers_per_indicator": {"nb": "gruppen_per_indikator", "en": "peers_per_indicator"},
    "targets": {"nb": "lokale_mål", "en": "local_targets"},
    "presentation": {"nb": "presentasjon", "en": "presentation"},
}


def neutralise_cell(value):
    """A text cell that a spreadsheet would read as a formula (= + - @, tab, CR first) gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell (and text column label) neutralised; numbers are left as they are."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise_cell)
    out.columns = [neutralise_cell(c) for c in out.columns]
    if out.index.dtype == object or pd.api.types.is_string_dtype(out.index):
        out.index = out.index.map(neutralise_cell)
    return out


def csv_bytes(frame: pd.DataFrame, lang: str, index: bool = False) -> bytes:
    """CSV that the spreadsheet of the interface language opens as it is: UTF-8 with BOM, semicolon and decimal
    comma in bokmål (as the upload template), comma and decimal point in English; formula-like cells neutralised."""
    dialect = CSV_DIALECTS.get(lang, CSV_DIALECTS["nb"])
    return neutralise(frame).to_csv(index=index, lineterminator="\r\n", **dialect).encode("utf-8-sig")


def stem(kind: str, lang: str, *parts: object) -> str:
    """A file name without extension in the interface language: stem("trend", "nb", "5501") -> utvikling_5501;
    a part that is itself a kind (a level) is translated too."""
    words = [FILE_NAMES[kind].get(lang, FILE_NAMES[kind]["nb"])]
    for part in parts:
        text = str(part)
        words.append(FILE_NAMES[text].get(lang, FILE_NAMES[text]["nb"]) if text in FILE_NAMES else text)
    return "_".join(words)


def file_name(kind: str, lang: str, suffix: str = "", extension: str = "csv") -> str:
    """A download's file name in the interface language: file_name("scores", "nb", "0301") -> poeng_0301.csv."""
    names = FILE_NAMES[kind]
    stem = names.get(lang, names["nb"])
    return f"{stem}_{suffix}.{extension}" if suffix else f"{stem}.{extension}"


EXPORT_COLUMNS = ["code", "name", "level", "indicator", "year", "value", "unit", "source"]


def catalogue_csv() -> str:
    rows = []
    for spec in load_catalogue().values():
        row = spec.model_dump(exclude={"optimum", "green", "red", "target_2030"})
        row["sdg_targets"] = ";".join(spec.sdg_targets)
        for name in ("optimum", "green", "red", "target_2030"):
            row[name] = getattr(spec, name).value
            row[f"{name}_source"] = getattr(spec, name).source
        rows.append(row)
    return neutralise(pd.DataFrame(rows)).to_csv(index=False)


def observations_frame(indicator_id: str, year: int | None, level: str) -> pd.DataFrame:
    spec = load_catalogue().get(indicator_id)
    if spec is None:
        raise LookupError(f"unknown indicator: {indicator_id} (see `python -m core indicators`)")
    data = queries.observations(indicator_id, level, year)
    if year is not None and data.empty:
        years = queries.years_with_data(indicator_id, level)
        raise LookupError(f"no values for {indicator_id} in {year}; years with data: {', '.join(map(str, years))}")
    if level == "country":
        names = pd.DataFrame({"code": [COUNTRY_CODE], "name": ["Norge"]})
    else:
        names = queries.area_names(level)
    sources = queries.sources().set_index("key")
    frame = data.merge(names, left_on="area_code", right_on="code", how="left")
    frame["level"] = level
    frame["indicator"] = indicator_id
    frame["unit"] = spec.unit_symbol
    frame["source"] = frame.source_key.map(lambda key: f"{sources.publisher[key]} ({sources.path[key]})")
    return frame[EXPORT_COLUMNS]


def observations_csv(indicator_id: str, year: int | None, level: str) -> str:
    return neutralise(observations_frame(indicator_id, year, level)).to_csv(index=False)


SCORE_COLUMNS = ["code", "name", "level", "goal", "indicator", "year", "old", "value", "lower_bound", "upper_bound",
                 "score", "colour", "trend", "target", "target_year", "progress"]


def scores_frame(book, code: str | None = None) -> pd.DataFrame:
    """One tidy table: indicator rows and goal rows (indicator empty) for municipalities and counties."""
    names = {**dict(queries.area_names("municipality").itertuples(index=False, name=None)),
             **dict(queries.area_names("county").itertuples(index=False, name=None))}
    indicators = book.indicators[book.indicators.area_level.isin(["municipality", "county"])]
    goals = book.goals[book.goals.area_level.isin(["municipality", "county"])]
    rows = pd.concat(
        [
            indicators.rename(columns={"indicator_id": "indicator"}),
            goals.assign(indicator=None, value=None, lower_bound=None, upper_bound=None, target=None,
                         target_year=None, progress=None, old=None),
        ],
        ignore_index=True,
    )
    if code is not None:
        if code not in names:
            raise LookupError(f"unknown municipality or county code: {code}")
        rows = rows[rows.area_code == code]
    rows = rows.assign(code=rows.area_code, name=rows.area_code.map(names), level=rows.area_level)
    rows["goal"] = rows.goal.astype("Int64")
    rows["target_year"] = pd.to_numeric(rows.target_year).astype("Int64")
    rows = rows.sort_values(["level", "code", "goal", "indicator"], na_position="first")
    return rows[SCORE_COLUMNS].reset_index(drop=True)
