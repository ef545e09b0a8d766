"""The read path of members' values: merged into the observations, KPI results, and a cheap data version.

Override rule: where a public value exists for the same area, indicator and year, the public value is used
(in scores, comparisons and charts) and the member's value is kept and shown beside it on the profile. Public
values come from one official source for every municipality, so scores and bounds stay comparable; members'
values fill the years and areas the public data lack. Bounds (core.scores) are fixed from the public values only,
so a member's value never moves another municipality's score.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError, ProgrammingError

from core import db, faults, models, u4ssc

OBSERVATION_COLUMNS = ["area_level", "area_code", "indicator_id", "year", "value"]
MEMBER_QUALITY = "member"


def version(url: str | None = None) -> int:
    """Grows with every import and undo: a cache key for everything that shows members' values."""
    try:
        with db.session(url) as session:
            return session.scalar(select(func.max(models.MemberValueChange.id))) or 0
    except (OperationalError, ProgrammingError) as error:  # a database built before migration 0004: no member data yet
        if faults.kind(error) == faults.UNAVAILABLE:  # locked or away: not "no data", which a cache would keep
            raise
        return 0


def member_values(url: str | None = None, kind: str | None = None, level: str | None = None,
                  code: str | None = None) -> pd.DataFrame:
    """Stored member values with who uploaded them and when (empty frame if there are none)."""
    v, i = models.MemberValue, models.MemberImport
    statement = select(v.area_level, v.area_code, v.kind, v.code, v.year, v.value, v.target, v.direction, v.source,
                       v.quality, v.import_id, i.uploaded_by, i.uploaded_at).join(i, i.id == v.import_id)
    for column, wanted in ((v.kind, kind), (v.area_level, level), (v.area_code, code)):
        if wanted is not None:
            statement = statement.where(column == wanted)
    try:
        with db.engine(url).connect() as connection:
            return pd.read_sql(statement.order_by(v.kind, v.code, v.year), connection)
    except (OperationalError, ProgrammingError, pd.errors.DatabaseError) as error:  # before migration 0004
        if faults.kind(error) == faults.UNAVAILABLE:
            raise
        return pd.DataFrame(columns=["area_level", "area_code", "kind", "code", "year", "value", "target",
                                     "direction", "source", "quality", "import_id", "uploaded_by", "uploaded_at"])


def member_observations(url: str | None = None) -> pd.DataFrame:
    """Members' indicator values in the observations' shape, with their source and quality "member"."""
    frame = member_values(url, kind="indicator")
    return pd.DataFrame({
        "area_level": frame.area_level, "area_code": frame.area_code, "indicator_id": frame.code,
        "year": frame.year.astype(int), "value": frame.value.astype(float), "source": frame.source,
        "quality": MEMBER_QUALITY,
    })


def merge(public: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """Public observations plus members' values where no public value exists (same columns as public)."""
    if members.empty:
        return public
    keys = ["area_level", "area_code", "indicator_id", "year"]
    known = pd.MultiIndex.from_frame(public[keys])
    fresh = members[~pd.MultiIndex.from_frame(members[keys]).isin(known)]
    if fresh.empty:
        return public
    return pd.concat([public, fresh[public.columns]], ignore_index=True)


def observations_with_members(public: pd.DataFrame, url: str | None = None) -> pd.DataFrame:
    return merge(public, member_observations(url))


def kpi_results(values: pd.DataFrame, kpis: pd.DataFrame) -> pd.DataFrame:
    """Each KPI's latest value with percent of target and U4SSC points, joined to the KPI catalogue."""
    ordered = values[values.kind == "kpi"].sort_values("year")
    latest = ordered.groupby("code").tail(1)
    first = ordered.groupby("code").value.first()  # the base for a target of 0
    frame = latest.merge(kpis, left_on="code", right_on="ks_id", how="inner", suffixes=("", "_kpi"))
    frame["percent"] = [u4ssc.percent_of_target(r.value, r.target, r.direction or "higher", first.get(r.code))
                        for r in frame.itertuples()]
    frame["points"] = [u4ssc.points(p) for p in frame.percent]
    return frame.sort_values(["dimension", "sub_dimension", "category", "kpi_no", "ks_id"]).reset_index(drop=True)


def kpi_catalogue(url: str | None = None) -> pd.DataFrame:
    k = models.U4sscKpi
    statement = select(k.ks_id, k.code.label("kpi_code"), k.dimension, k.sub_dimension, k.category, k.kpi_no,
                       k.name_en)
    with db.engine(url).connect() as connection:
        return pd.read_sql(statement, connection)
