"""Answers shaped like each online table's documented answer, for the offline tests (no module imports another test).

JSON-stat 2.0 datasets with the dimensions and categories each catalogue query asks for (data/ssb_tables.yaml), and
a workbook with the layout of Miljødirektoratet's "Klimagassutslipp i kommuner" (sheet "Oversikt - detaljert",
columns Fylke, Kommunenummer, Kommune, År, Sektor, Utslippskilde, Klimagass, "Utslipp (tonn CO2-ekvivalenter)").
All the numbers are INVENTED, deterministic functions of the municipality code and year, of plausible size; the
recorded SSB responses of the manifest are used where the tests parse real answers.
"""

from __future__ import annotations

import io
import itertools

import pandas as pd

from core.ssb import client as ssb_client
from core.ssb.tables import SsbTable

YEARS = (2015, 2022, 2023)
EMISSION_YEARS = (2009, 2015, 2022, 2023)
SECTORS = ("Veitrafikk", "Sjøfart", "Jordbruk", "Industri, olje og gass", "Oppvarming", "Avfall og avløp",
           "Annen mobil forbrenning", "Energiforsyning", "Luftfart", "produkter med fluorgasser")


def _seed(code: str, year: int) -> int:
    return (int(code) * 7 + year * 3) % 97


def cell_value(table: SsbTable, code: str, year: int, categories: dict[str, str]) -> float | None:
    """An invented, plausible value of one cell."""
    s = _seed(code, year)
    if table.id == "06944":
        return 450_000.0 + 1_000 * s
    if table.id == "13556":
        return 5.0 + s / 20 + (0.5 if categories.get("Kjonn") == "2" else 0.0)
    if table.id == "08764":
        children = 500.0 + 40 * s
        return children if categories["ContentsCode"] == "Personer" else 6.0 + s / 10
    if table.id == "13563":
        people = 2_000.0 + 30 * s
        shares = {"A": 0.64, "A.01": 0.62, "A.09": 0.01 + s / 10_000, "U.01": 0.01, "U.03": 0.06, "U.04-U.05": 0.08,
                  "U.06-U.07": 0.15, "U.90A": 0.08 - s / 10_000}
        return round(people * shares[categories["HovArbStyrkStatus"]])
    if table.id == "09429":
        people = 3_000.0 + 50 * s
        shares = {"01": 0.25, "02a": 0.38, "11": 0.03, "03a": 0.2 + s / 1_000, "04a": 0.1, "09a": 0.04 - s / 2_000}
        return round(people * shares[categories["Nivaa"]])
    if table.id == "08936":
        return 0.05 + s / 100  # km², small enough for the smallest municipality (about 6 km²)
    if table.id == "07849":
        cars = {"1": 900.0, "2": 1_000.0, "3": 1.0, "4": 5.0, "5": 300.0 + 10 * s + 50 * (year - 2015), "6": 150.0}
        return cars[categories["DrivstoffType"]]
    if table.id == "09475":
        return 60.0 + s / 5
    if table.id == "13502":
        return 88.0 + s / 10
    if table.id == "12255":
        return 40.0 + s / 20
    if table.id == "12005":
        return float(s % 5)
    if table.id == "12143":
        return -1.0 + s / 20
    if table.id == "fhi-341":
        return 80.0 + s / 5
    if table.id == "fhi-388":
        return 18.0 + s / 10
    raise KeyError(table.id)


def dataset(table: SsbTable, codes: list[str], years=YEARS, empty: set[tuple[str, int]] = frozenset(),
            extra_regions: tuple[str, ...] = ("0", "03")) -> dict:
    """A JSON-stat 2.0 answer to the table's query for these municipality codes and years; (code, year) pairs in
    `empty` are left empty with SSB's '..'; extra_regions (the country, a county) are there to be left out."""
    if table.api == "ssb":
        dims = [(s.variableCode, s.valueCodes) for s in table.selection]
    else:
        dims = [(d.code, d.values) for d in table.dimensions]
    ids, categories = [], {}
    for name, codes_asked in dims:
        ids.append(name)
        if name == table.region_variable:
            categories[name] = list(extra_regions) + list(codes)
        elif name == table.time_variable:
            categories[name] = [f"{y - 3}_{y}" if table.id == "fhi-388" else str(y) for y in years]
        else:
            categories[name] = list(codes_asked)
    values, status = [], {}
    for position, combo in enumerate(itertools.product(*(categories[i] for i in ids))):
        cell = dict(zip(ids, combo, strict=True))
        code, period = cell[table.region_variable], cell[table.time_variable]
        year = int(period[-4:])
        if not (code.isdigit() and len(code) == 4) or (code, year) in empty:
            values.append(None)
            status[str(position)] = ".."
            continue
        values.append(cell_value(table, code, year, cell))
    return {
        "version": "2.0", "class": "dataset", "label": table.title, "source": "INVENTED test answer",
        "id": ids, "size": [len(categories[i]) for i in ids],
        "role": {"geo": [table.region_variable], "time": [table.time_variable]},
        "dimension": {i: {"label": i, "category": {"index": {c: n for n, c in enumerate(categories[i])},
                                                    "label": {c: c for c in categories[i]}}} for i in ids},
        "value": values, "status": status,
    }


def emissions_workbook(codes: list[str], years=EMISSION_YEARS, sheet: str = "Oversikt - detaljert",
                       columns: dict | None = None) -> bytes:
    """An INVENTED workbook with the documented layout: one row per municipality, year, sector, source and gas."""
    rows = []
    for code, year, sector in itertools.product(codes, years, SECTORS):
        s = _seed(code, year)
        for gas, share in (("CO2", 0.8), ("CH4", 0.15), ("N2O", 0.05)):
            rows.append({"Fylke": "Invented", "Kommunenummer": int(code), "Kommune": f"Kommune {code}", "År": year,
                         "Sektor": sector, "Utslippskilde": f"{sector} (kilde)", "Klimagass": gas,
                         "Utslipp (tonn CO2-ekvivalenter)": round((1_000 + 10 * s) * share
                                                                  * (1.0 - 0.02 * (year - 2009)), 2)})
    frame = pd.DataFrame(rows)
    if columns:
        frame = frame.rename(columns=columns)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer) as writer:
        frame.to_excel(writer, sheet_name=sheet, index=False)
        pd.DataFrame({"Merknad": ["invented test workbook"]}).to_excel(writer, sheet_name="Om", index=False)
    return buffer.getvalue()


class FakeSources:
    """Answers every kind of table from the generators above, counting the calls; per-table failures on request.

    fail: {table id: an exception to raise, or a dict/bytes to answer instead of the right answer}.
    """

    def __init__(self, tables: dict[str, SsbTable], codes: list[str], fail: dict | None = None, **options):
        self.tables, self.codes, self.fail, self.options = tables, codes, dict(fail or {}), options
        self.calls: list[str] = []
        self.fhi = _Api(self, "fhi")
        self.download = _Download(self)

    def answer(self, table_id: str):
        self.calls.append(table_id)
        if table_id in self.fail:
            failure = self.fail[table_id]
            if isinstance(failure, Exception):
                raise failure
            return failure
        table = self.tables[table_id]
        if table.api == "miljodirektoratet":
            return emissions_workbook(self.codes)
        return dataset(table, self.codes, **self.options)

    def table_data(self, table_id, selection):
        return self.answer(table_id)


class _Api:
    def __init__(self, fake: FakeSources, api: str):
        self.fake, self.api = fake, api

    def table_data(self, number, body):
        table_id = next(t.id for t in self.fake.tables.values() if t.api == self.api and t.table_number == number)
        return self.fake.answer(table_id)


class _Download:
    def __init__(self, fake: FakeSources):
        self.fake = fake

    def content(self, url):
        table_id = next(t.id for t in self.fake.tables.values() if t.download_url == url)
        return self.fake.answer(table_id)


def offline() -> ssb_client.SsbUnavailable:
    return ssb_client.SsbUnavailable("ssb.offline", detail="ConnectionError")
