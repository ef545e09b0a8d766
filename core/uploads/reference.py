"""What an upload is checked against: areas, the indicator catalogue and the U4SSC KPIs, read once per upload."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from core import db, models
from core.catalogue import IndicatorSpec, load_catalogue

# KS's quality classes for U4SSC data (quality.ttl in KS's vocabulary; the KPI catalogue uses all three:
# 93 × Class_1, 12 × Class_2, 6 × Class_3). Class_1 matches UN tier I; 2 and 3 are weaker.
QUALITY_CLASSES = ("Class_1", "Class_2", "Class_3")
# Indicators whose value is a balance and may be negative; every other count or share may not.
SIGNED_INDICATORS = frozenset({"net_migration"})


@dataclass(frozen=True)
class Kpi:
    ks_id: str
    code: str
    name_en: str
    dimension: str
    sub_dimension: str
    category: str


@dataclass(frozen=True)
class Reference:
    areas: dict[str, tuple[str, str]]  # code -> (level, name); 4 digits = municipality, 2 = county
    indicators: dict[str, IndicatorSpec]
    kpis: dict[str, Kpi]  # by ks_id
    kpi_by_code: dict[str, str]  # a KPI code that names exactly one KS concept -> its ks_id

    def area_name(self, code: str) -> str:
        return self.areas.get(code, ("", code))[1]


def load_reference(url: str | None = None) -> Reference:
    with db.session(url) as session:
        areas = {c: ("municipality", n) for c, n in session.execute(
            select(models.Municipality.code, models.Municipality.name))}
        areas |= {c: ("county", n) for c, n in session.execute(select(models.County.code, models.County.name))}
        kpis = {r.ks_id: Kpi(r.ks_id, r.code, r.name_en, r.dimension, r.sub_dimension, r.category)
                for r in session.scalars(select(models.U4sscKpi))}
    codes: dict[str, list[str]] = {}
    for kpi in kpis.values():
        codes.setdefault(_normal_code(kpi.code), []).append(kpi.ks_id)
    return Reference(areas, load_catalogue(), kpis, {c: ids[0] for c, ids in codes.items() if len(ids) == 1})


def _normal_code(code: str) -> str:
    return code.replace(" ", "").upper()


def resolve(reference: Reference, text: str) -> tuple[str, str] | None:
    """("indicator", id) or ("kpi", ks_id) for an indicator id, a KS id or an unambiguous U4SSC code."""
    text = text.strip()
    if text in reference.indicators:
        return "indicator", text
    if text in reference.kpis:
        return "kpi", text
    ks_id = reference.kpi_by_code.get(_normal_code(text))
    return ("kpi", ks_id) if ks_id else None
