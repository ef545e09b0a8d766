"""Local 2030 targets: set, change and remove, each change kept with who, when and the values before."""

from __future__ import annotations

from sqlalchemy import func, select

from core import db, forms, gate, models
from core.catalogue import load_catalogue
from core.errors import UserError
from core.forms import TARGET_LEVELS, TARGET_YEARS, TargetForm, checked
from core.scores import Target

MIN_YEAR, MAX_YEAR = TARGET_YEARS
MAX_REFERENCE = forms.MAX_REFERENCE
LEVELS = TARGET_LEVELS


class TargetError(UserError):
    """Bad input for a target; the message key is translated by the page (args: key, values)."""


def _validate(session, level: str, code: str, indicator_id: str, value: float, year: int, reference: str) -> None:
    spec = load_catalogue().get(indicator_id)
    checked(TargetForm, TargetError, level=level, indicator_id=indicator_id, value=value, year=year,
            reference=reference, known_indicator=spec is not None and spec.direction is not None,
            share=spec is not None and spec.unit_symbol == "%")
    known = session.get(models.Municipality if level == "municipality" else models.County, code)
    if known is None:
        raise TargetError("target.error.area", value=code)


def set_target(user, level: str, code: str, indicator_id: str, value: float, year: int, reference: str = "",
               url: str | None = None) -> None:
    """Create or change a local target, recording the previous one; all or nothing."""
    with gate.write(user, "target.edit", [(level, code)], url) as change:
        session, user = change.session, change.actor.username
        _validate(session, level, code, indicator_id, value, year, reference)
        current = _current(session, level, code, indicator_id)
        now = gate.now()
        session.add(models.LocalTargetChange(
            area_level=level, area_code=code, indicator_id=indicator_id, action="change" if current else "set",
            old_value=current.value if current else None, old_year=current.target_year if current else None,
            old_reference=current.decision_reference if current else None,
            new_value=float(value), new_year=year, new_reference=reference or "", changed_by=user, changed_at=now,
        ))
        before = gate.snapshot(current)
        if current is None:
            current = models.LocalTarget(area_level=level, area_code=code, indicator_id=indicator_id,
                                         value=float(value), target_year=year, decision_reference=reference or "",
                                         updated_by=user, updated_at=now)
            session.add(current)
        else:
            current.value, current.target_year, current.decision_reference = float(value), year, reference or ""
            current.updated_by, current.updated_at = user, now
        session.flush()
        change.record("local_target", current.id, "update" if before else "create", before, gate.snapshot(current))


def remove_target(user, level: str, code: str, indicator_id: str, url: str | None = None) -> bool:
    """Remove a local target (the catalogue's default applies again); False if there was none."""
    with gate.write(user, "target.edit", [(level, code)], url) as change:
        session = change.session
        current = _current(session, level, code, indicator_id)
        if current is None:
            return False
        session.add(models.LocalTargetChange(
            area_level=level, area_code=code, indicator_id=indicator_id, action="remove",
            old_value=current.value, old_year=current.target_year, old_reference=current.decision_reference,
            changed_by=change.actor.username, changed_at=gate.now(),
        ))
        change.deleted("local_target", current)
        return True


def version(url: str | None = None) -> int:
    """Grows with every change to any local target: a cache key for what depends on them."""
    with db.session(url) as session:
        return session.scalar(select(func.max(models.LocalTargetChange.id))) or 0


def local_targets(url: str | None = None) -> dict[tuple[str, str, str], Target]:
    """Every local target, keyed for core.scores.compute."""
    with db.session(url) as session:
        rows = session.scalars(select(models.LocalTarget)).all()
        return {(r.area_level, r.area_code, r.indicator_id): Target(r.value, r.target_year, "local") for r in rows}


def targets_of(level: str, code: str, url: str | None = None) -> list[models.LocalTarget]:
    with db.session(url) as session:
        statement = select(models.LocalTarget).where(
            models.LocalTarget.area_level == level, models.LocalTarget.area_code == code)
        return list(session.scalars(statement.order_by(models.LocalTarget.indicator_id)))


def history(level: str, code: str, url: str | None = None) -> list[models.LocalTargetChange]:
    with db.session(url) as session:
        statement = select(models.LocalTargetChange).where(
            models.LocalTargetChange.area_level == level, models.LocalTargetChange.area_code == code)
        return list(session.scalars(statement.order_by(models.LocalTargetChange.id)))


def _current(session, level, code, indicator_id) -> models.LocalTarget | None:
    return session.scalar(select(models.LocalTarget).where(
        models.LocalTarget.area_level == level, models.LocalTarget.area_code == code,
        models.LocalTarget.indicator_id == indicator_id))
