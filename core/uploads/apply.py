"""Preview, import and undo of members' values: one transaction each, every change kept with the value before.

Undo rule: an import can be undone while none of its values has been changed by a later import that is still
applied; otherwise undo is refused and names the later imports (undo those first). This keeps undo exact:
every value goes back to what it was, with its source, quality and the import that set it, and a value the
import created is removed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select

from core import db, gate, models
from core.auth import Identity
from core.uploads.errors import Problem, UploadError
from core.uploads.read import RawTable, read_upload
from core.uploads.reference import Reference, load_reference
from core.uploads.validate import ValueRow, validate

FIELDS = ("value", "target", "direction", "source", "quality")
MAX_FILE_NAME = 300


@dataclass(frozen=True)
class Change:
    """What saving one row would do: action new | change | unchanged, with the previous value."""

    row: ValueRow
    action: str
    previous: models.MemberValue | None


@dataclass(frozen=True)
class Checked:
    """An upload read and validated: problems (then nothing may be saved) or the changes it would make."""

    table: RawTable
    rows: list[ValueRow]
    problems: list[Problem]
    changes: list[Change]

    @property
    def ok(self) -> bool:
        return not self.problems


def check(identity: Identity, file_name: str, data: bytes, url: str | None = None,
          reference: Reference | None = None) -> Checked:
    """Read and validate a file and compare it with what is stored; UploadError for a file-level problem."""
    if identity.role not in ("coordinator", "secretariat", "admin"):
        raise UploadError("upload.error.role")
    table = read_upload(file_name, data)
    reference = reference or load_reference(url)
    rows, problems = validate(table, identity, reference)
    if problems:
        return Checked(table, rows, problems, [])
    with db.session(url) as session:
        current = _current(session, rows)
    changes = []
    for row in rows:
        previous = current.get(row.key)
        action = "new" if previous is None else "unchanged" if _same(previous, row) else "change"
        changes.append(Change(row, action, previous))
    return Checked(table, rows, problems, changes)


def apply_upload(identity: Identity, file_name: str, data: bytes, url: str | None = None) -> int:
    """Validate again and save every value in one transaction; the import's id. Nothing is saved on any problem."""
    checked = check(identity, file_name, data, url)
    if not checked.ok:
        raise UploadError("upload.error.invalid", count=len(checked.problems))
    areas = sorted({(r.area_level, r.area_code) for r in checked.rows})
    with gate.write(identity, "values.upload", areas, url) as write:
        session, now = write.session, gate.now()
        record = models.MemberImport(
            file_name=(file_name or "upload")[:MAX_FILE_NAME], file_sha256=hashlib.sha256(data).hexdigest(),
            encoding=checked.table.encoding, uploaded_by=identity.username, uploaded_at=now,
            areas=";".join(sorted({f"{r.area_level}:{r.area_code}" for r in checked.rows})),
            rows=len(checked.rows), changes=0, status="applied")
        session.add(record)
        session.flush()
        current = _current(session, checked.rows)  # read again inside the transaction, not the preview's copy
        changed = 0
        for row in checked.rows:
            value = current.get(row.key)
            if value is not None and _same(value, row):
                continue
            before = gate.snapshot(value)
            change = _change(record.id, "update" if value else "create", row.key, identity.username, now, value)
            if value is None:
                value = models.MemberValue(area_level=row.area_level, area_code=row.area_code, kind=row.kind,
                                           code=row.code, year=row.year, import_id=record.id)
                session.add(value)
            for name in FIELDS:
                setattr(value, name, getattr(row, name))
                setattr(change, f"new_{name}", getattr(row, name))
            value.import_id = record.id
            session.add(change)
            session.flush()
            write.record("member_value", value.id, change.action, before, gate.snapshot(value))
            changed += 1
        record.changes = changed
        write.record("member_import", record.id, "create", None, gate.snapshot(record))
        return record.id


def undo_import(identity: Identity, import_id: int, url: str | None = None) -> int:
    """Restore every value the import changed to exactly what it was; the number of values restored."""
    with db.session(url) as session:
        record = session.get(models.MemberImport, import_id)
    if record is None:
        raise UploadError("upload.error.unknown_import", id=import_id)
    if not may_undo(identity, record):
        raise UploadError("upload.error.undo_not_yours", id=import_id)
    with gate.write(identity, "values.upload", _areas(record), url) as write:
        session = write.session
        record = session.get(models.MemberImport, import_id)
        if record.status != "applied":
            raise UploadError("upload.error.already_undone", id=import_id)
        changes = list(session.scalars(select(models.MemberValueChange).where(
            models.MemberValueChange.import_id == import_id,
            models.MemberValueChange.action.in_(("create", "update"))).order_by(models.MemberValueChange.id)))
        keys = [(c.area_level, c.area_code, c.kind, c.code, c.year) for c in changes]
        current = _current_by_key(session, keys)
        later = sorted({v.import_id for v in current.values() if v.import_id != import_id})
        if later or len(current) != len(keys):
            raise UploadError("upload.error.undo_later", id=import_id, later=", ".join(map(str, later)) or "?")
        now = gate.now()
        for change, key in zip(changes, keys, strict=True):
            value = current[key]
            before = gate.snapshot(value)
            undo = _change(import_id, "undo", key, identity.username, now, value)
            for name in FIELDS:
                setattr(undo, f"new_{name}", getattr(change, f"old_{name}"))
            session.add(undo)
            if change.action == "create":
                write.record("member_value", value.id, "delete", before, None)
                session.delete(value)
                continue
            for name in FIELDS:
                setattr(value, name, getattr(change, f"old_{name}"))
            value.import_id = change.old_import_id
            write.record("member_value", value.id, "update", before, gate.snapshot(value))
        before = gate.snapshot(record)
        record.status, record.undone_by, record.undone_at = "undone", identity.username, now
        write.record("member_import", record.id, "undo", before, gate.snapshot(record))
        return len(changes)


def may_undo(identity: Identity, record: models.MemberImport) -> bool:
    """The secretariat, or a coordinator whose own area is the only one the import touched."""
    if identity.is_secretariat:
        return True
    areas = _areas(record)
    return bool(areas) and all(identity.may_edit(level, code) for level, code in areas)


def _areas(record: models.MemberImport) -> list[tuple[str, str]]:
    return [tuple(a.split(":", 1)) for a in record.areas.split(";") if a]


def _same(value: models.MemberValue, row: ValueRow) -> bool:
    return all(getattr(value, name) == getattr(row, name) for name in FIELDS)


def _change(import_id: int, action: str, key, user: str, now: datetime,
            old: models.MemberValue | None) -> models.MemberValueChange:
    level, code, kind, indicator, year = key
    change = models.MemberValueChange(import_id=import_id, action=action, area_level=level, area_code=code, kind=kind,
                                      code=indicator, year=year, changed_by=user, changed_at=now,
                                      old_import_id=old.import_id if old else None)
    for name in FIELDS:
        setattr(change, f"old_{name}", getattr(old, name) if old else None)
    return change


def _current(session, rows: list[ValueRow]) -> dict[tuple, models.MemberValue]:
    return _current_by_key(session, [row.key for row in rows])


def _current_by_key(session, keys: list[tuple]) -> dict[tuple, models.MemberValue]:
    """The stored values for these keys, fetched per area (an upload touches few areas)."""
    found = {}
    areas = sorted({(level, code) for level, code, *_ in keys})
    wanted = set(keys)
    v = models.MemberValue
    for start in range(0, len(areas), 200):
        batch = areas[start:start + 200]
        statement = select(v).where(or_(*(and_(v.area_level == level, v.area_code == code) for level, code in batch)))
        for value in session.scalars(statement):
            key = (value.area_level, value.area_code, value.kind, value.code, value.year)
            if key in wanted:
                found[key] = value
    return found
