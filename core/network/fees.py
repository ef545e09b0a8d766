"""Membership fees: the steering group's yearly tariff applied to each member's population on 1 January."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
from sqlalchemy import select

from core import db, gate, models, queries
from core.errors import UserError
from core.forms import TariffForm, checked
from core.network import members


class FeeError(UserError):
    """Bad input, as a translation key and values."""


def fee_for(kind: str, population: float | None, tariff: models.FeeTariff) -> float | None:
    """rate × population, between the floor and the cap; counties pay the cap when the tariff says so."""
    if kind == "fylkeskommune" and tariff.counties_pay_cap:
        return tariff.cap
    if population is None or (isinstance(population, float) and math.isnan(population)):
        return None
    return min(max(tariff.rate_per_inhabitant * population, tariff.floor), tariff.cap)


def set_tariff(actor, year: int, rate: float, floor: float, cap: float, counties_pay_cap: bool,
               reference: str = "", url: str | None = None) -> None:
    form = checked(TariffForm, FeeError, year=year, rate=rate, floor=floor, cap=cap,
                   counties_pay_cap=counties_pay_cap, reference=reference)
    year, rate, floor, cap, reference = form.year, form.rate, form.floor, form.cap, form.reference
    with gate.write(actor, "fee.edit", url=url) as change:
        session = change.session
        tariff = session.get(models.FeeTariff, int(year))
        before = gate.snapshot(tariff)
        if tariff is None:
            tariff = models.FeeTariff(year=int(year))
            session.add(tariff)
        tariff.rate_per_inhabitant, tariff.floor, tariff.cap = float(rate), float(floor), float(cap)
        tariff.counties_pay_cap, tariff.reference = bool(counties_pay_cap), reference or ""
        session.flush()
        change.record("fee_tariff", year, "update" if before else "create", before, gate.snapshot(tariff))


def tariffs(url: str | None = None) -> list[models.FeeTariff]:
    with db.session(url) as session:
        return list(session.scalars(select(models.FeeTariff).order_by(models.FeeTariff.year)))


def fee_list(year: int, url: str | None = None) -> pd.DataFrame:
    """Each member active on 1 January of the year with its basis and fee; empty without a tariff."""
    with db.session(url) as session:
        tariff = session.get(models.FeeTariff, year)
    if tariff is None:
        return pd.DataFrame()
    population = {}
    for level in ("municipality", "county"):
        frame = queries.observations("population", level, year, url)
        population[level] = dict(zip(frame.area_code, frame.value, strict=True))
    first_of_january = date(year, 1, 1)
    rows = []
    for entry in members.register(url):
        member = entry["member"]
        status = members.status_on(entry["events"], first_of_january)
        if status != "active":
            continue
        level = "municipality" if member.kind == "kommune" else "county"
        basis = population[level].get(member.code)
        rows.append({"member": member.name, "code": member.code, "kind": member.kind, "population_1_january": basis,
                     "rate": tariff.rate_per_inhabitant, "floor": tariff.floor, "cap": tariff.cap,
                     "fee": fee_for(member.kind, basis, tariff)})
    return pd.DataFrame(rows)
