"""Reading the audit trail and the failed logins, for people: entries are written only by the write gate
(core/gate.py), login attempts by core/auth.py.

An entry's before and after are JSON snapshots of the row; changed_fields compares them, and Names turns the ids
in them (a member, a meeting, a partner, an area) into the names the page shows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from core import db, models
from core.dates import LOCAL_ZONE
from core.i18n import day, number, t, when

# Bookkeeping every row carries; the entry itself already says who and when.
BOOKKEEPING = frozenset({"id", "created_at", "updated_at", "updated_by", "recorded_at", "recorded_by", "changed_at",
                         "changed_by", "uploaded_at", "uploaded_by", "password_hash", "content", "sha256",
                         "file_sha256"})


def entries(url: str | None = None, limit: int = 500, user: str | None = None, entity: str | None = None,
            since: date | None = None, until: date | None = None) -> list[models.AuditEntry]:
    """The newest entries first; since and until are days on Norway's clock, both included."""
    entry = models.AuditEntry
    statement = select(entry).order_by(entry.id.desc()).limit(limit)
    if user:
        statement = statement.where(entry.user == user)
    if entity:
        statement = statement.where(entry.entity == entity)
    statement = _within(statement, entry.at, since, until)
    with db.session(url) as session:
        return list(session.scalars(statement))


def failed_logins(url: str | None = None, limit: int = 500, username: str | None = None, since: date | None = None,
                  until: date | None = None) -> list[models.LoginAttempt]:
    """Login attempts that did not succeed (a wrong password, an unknown name, or turned away by the slowdown)."""
    attempt = models.LoginAttempt
    statement = select(attempt).where(attempt.success.is_(False)).order_by(attempt.id.desc()).limit(limit)
    if username:
        statement = statement.where(attempt.username == username)
    statement = _within(statement, attempt.at, since, until)
    with db.session(url) as session:
        return list(session.scalars(statement))


def people(url: str | None = None) -> list[str]:
    """Everyone who has made a change or has an account, by username."""
    with db.session(url) as session:
        return sorted(set(session.scalars(select(models.AuditEntry.user).distinct()))
                      | set(session.scalars(select(models.User.username))))


def kinds(url: str | None = None) -> list[str]:
    """Every kind of entity the log holds (member, meeting, ...)."""
    with db.session(url) as session:
        return sorted(session.scalars(select(models.AuditEntry.entity).distinct()))


def _within(statement, column, since: date | None, until: date | None):
    if since:
        statement = statement.where(column >= local_midnight(since))
    if until:
        statement = statement.where(column < local_midnight(until + timedelta(days=1)))
    return statement


def local_midnight(day: date) -> datetime:
    """The start of a day on Norway's clock, in UTC (as the database stores times)."""
    return datetime.combine(day, time(), tzinfo=LOCAL_ZONE).astimezone(UTC)


def snapshot(value: str | dict | None) -> dict:
    """An entry's before or after as a dict ({} for none, or for text that is not a JSON object)."""
    if isinstance(value, dict):
        return value
    if not value:
        return {}
    try:
        parsed = json.loads(value)
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def changed_fields(before: str | dict | None, after: str | dict | None) -> list[tuple[str, object, object]]:
    """(field, before, after) for every field whose value differs, bookkeeping left out; a created row lists its
    filled fields, a deleted one its former ones."""
    old, new = snapshot(before), snapshot(after)
    names = list(dict.fromkeys([*new, *old]))
    return [(name, old.get(name), new.get(name)) for name in names
            if name not in BOOKKEEPING and old.get(name) != new.get(name)]


@dataclass
class Names:
    """What the ids in audit entries stand for."""

    members: dict[int, str] = field(default_factory=dict)
    meetings: dict[int, str] = field(default_factory=dict)  # date and place
    partners: dict[int, str] = field(default_factory=dict)
    activities: dict[int, str] = field(default_factory=dict)
    areas: dict[str, str] = field(default_factory=dict)  # municipality and county codes
    users: dict[str, str] = field(default_factory=dict)  # username -> display name


def names(url: str | None = None, lang: str = "nb") -> Names:
    with db.session(url) as session:
        return Names(
            members=dict(session.execute(select(models.Member.id, models.Member.name)).all()),
            meetings={m.id: f"{day(m.date, lang)} {m.place}".strip() for m in session.scalars(select(models.Meeting))},
            partners=dict(session.execute(select(models.Partner.id, models.Partner.name)).all()),
            activities=dict(session.execute(select(models.ActivityPlan.id, models.ActivityPlan.title)).all()),
            areas={**dict(session.execute(select(models.County.code, models.County.name)).all()),
                   **dict(session.execute(select(models.Municipality.code, models.Municipality.name)).all())},
            users=dict(session.execute(select(models.User.username, models.User.display_name)).all()),
        )


def entity_name(entity: str, entity_id: str, values: dict, known: Names) -> str:
    """The entity by name, as far as its snapshot and the database tell (a member, a meeting's date and place, a
    person); its id only where nothing names it."""
    def of(table: dict, key) -> str | None:
        try:
            return table.get(int(key)) if key is not None else None
        except (TypeError, ValueError):
            return None

    area = known.areas.get(values.get("area_code") or "")
    candidates = {
        "member": values.get("name"),
        "member_event": of(known.members, values.get("member_id")),
        "steering_seat": " – ".join(filter(None, [values.get("representative"),
                                                  values.get("organisation") or of(known.members,
                                                                                   values.get("member_id"))])),
        "meeting": of(known.meetings, entity_id),
        "decision": of(known.meetings, values.get("meeting_id")),
        "follow_up": of(known.meetings, values.get("meeting_id")),
        "activity": values.get("title"),
        "activity_partner": of(known.activities, entity_id),
        "partner": values.get("name"),
        "partner_dialogue": of(known.partners, values.get("partner_id")),
        "user": values.get("display_name") or known.users.get(values.get("username") or ""),
        "peer_set": values.get("name"),
        "member_import": values.get("file_name"),
        "practice_case_attachment": values.get("file_name"),
        "practice_case": next((text.get("title") for key, text in values.items()
                               if key.startswith("text_") and isinstance(text, dict) and text.get("title")), None),
    }
    name = candidates.get(entity)
    if entity in {"local_target", "member_value", "process_assessment"} and area:
        detail = values.get("indicator_id") or values.get("code") or values.get("process")
        name = " – ".join(filter(None, [area, str(detail) if detail else None]))
    return name or str(entity_id)


# What the gate records: an entry's action and entity, and the fields of their snapshots (each with audit.<...>.<code>
# in data/translations/finish.yaml; tests/test_translations.py enumerates them from here).
ACTIONS = ("create", "update", "delete", "reset_password", "change_password", "undo", "submit", "approve", "return",
           "close", "reopen", "end", "refresh", "refresh_failed")
ENTITIES = ("user", "steering_seat", "peer_set", "local_target", "fee_tariff", "member", "member_event", "meeting",
            "decision", "follow_up", "activity", "activity_partner", "member_value", "member_import", "partner",
            "partner_dialogue", "process_assessment", "assessment_year", "practice_case", "practice_case_attachment",
            "ssb_table")
FIELDS = (
    "username", "display_name", "role", "area_level", "area_code", "active", "must_change_password", "kind",
    "member_id", "organisation", "representative", "term_start", "term_end", "name", "owner", "codes", "indicator_id",
    "value", "target_year", "decision_reference", "year", "rate_per_inhabitant", "floor", "cap", "counties_pay_cap",
    "reference", "code", "founding", "note", "status", "date", "meeting_id", "reason", "place", "agenda", "minutes",
    "text", "decision_id", "due", "title", "lead", "description", "target", "direction", "source", "quality",
    "import_id", "file_name", "encoding", "areas", "rows", "changes", "undone_by", "undone_at", "sectors",
    "contact_person", "contact_email", "agreements", "partner_id", "participants", "agreed", "follow_up",
    "follow_up_owner", "follow_up_due", "follow_up_status", "partner_ids", "process", "level", "evidence", "closed",
    "language", "contact", "review_note", "submitted_at", "approved_by", "approved_at", "created_by", "text_nb",
    "text_en", "goals", "targets", "processes", "indicators", "case_id", "media_type", "size", "outcome", "values",
    "rows_changed", "newest_year", "dropped", "thresholds_fixed", "message",
)

# Coded values, each with its translation key: (entity or None for any, field) -> {code: key}.
_WORK = {"open": "work_status.open", "done": "work_status.done", "dropped": "work_status.dropped",
         "planned": "work_status.planned", "ongoing": "work_status.ongoing"}
_CODES: dict[tuple[str | None, str], dict[str, str]] = {
    (None, "role"): {"coordinator": "role.coordinator", "secretariat": "role.secretariat", "admin": "role.admin"},
    (None, "area_level"): {"municipality": "audit.area_level.municipality", "county": "audit.area_level.county"},
    (None, "language"): {"nb": "audit.language.nb", "en": "audit.language.en"},
    (None, "follow_up_status"): _WORK,
    ("steering_seat", "kind"): {"elected": "audit.kind.elected", "ks": "audit.kind.ks", "u4ssc": "audit.kind.u4ssc"},
    ("member", "kind"): {"kommune": "audit.kind.kommune", "fylkeskommune": "audit.kind.fylkeskommune"},
    ("member_event", "status"): {"applied": "member.status.applied", "admitted": "member.status.admitted",
                                 "agreement": "member.status.agreement", "active": "member.status.active",
                                 "withdrawn": "member.status.withdrawn"},
    ("follow_up", "status"): _WORK,
    ("activity", "status"): _WORK,
    ("member_import", "status"): {"applied": "audit.import_status.applied", "undone": "audit.import_status.undone"},
    ("ssb_table", "outcome"): {"ok": "audit.outcome.ok", "failed": "audit.outcome.failed"},
}
_ID_FIELDS = {"member_id": "members", "meeting_id": "meetings", "partner_id": "partners", "activity_id": "activities"}


def action_label(action: str, lang: str) -> str:
    return t(f"audit.action.{action}", lang) if action in ACTIONS else action


def entity_label(entity: str, lang: str) -> str:
    return t(f"audit.entity.{entity}", lang) if entity in ENTITIES else entity


def field_label(name: str, lang: str) -> str:
    """A snapshot's field by its translated name (audit.field.<name>); the name itself where none is written."""
    return t(f"audit.field.{name}", lang) if name in FIELDS else name


def shown(entity: str, name: str, value, known: Names, lang: str) -> str:
    """A snapshot's value as people read it: ids by name, codes translated, times on Norway's clock, yes/no."""
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if isinstance(value, bool):
        return t("audit.yes" if value else "audit.no", lang)
    if name in _ID_FIELDS:
        table = getattr(known, _ID_FIELDS[name])
        return table.get(value, str(value)) if isinstance(value, int) else str(value)
    if name == "area_code":
        return known.areas.get(str(value), str(value))
    codes = _CODES.get((entity, name)) or _CODES.get((None, name)) or {}
    if isinstance(value, str) and value in codes:
        return t(codes[value], lang)
    if isinstance(value, dict):
        return str(value.get("title") or json.dumps(value, ensure_ascii=False))
    if isinstance(value, list):
        return ", ".join(shown(entity, name.removesuffix("s"), item, known, lang) for item in value)
    if isinstance(value, float):
        return number(value, lang, decimals=4)
    if isinstance(value, str):
        return _moment(value, lang)
    return str(value)


def _moment(text: str, lang: str) -> str:
    """An ISO date or time in the local format; other text as it is."""
    if len(text) == 10 and text[4:5] == "-" and text[7:8] == "-":
        try:
            return day(date.fromisoformat(text), lang)
        except ValueError:
            return text
    if len(text) >= 19 and text[4:5] == "-" and text[10:11] == "T":
        try:
            return when(text, lang)
        except ValueError:  # a time without an offset
            return text
    return text
