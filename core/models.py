"""SQLAlchemy 2 typed models: the one schema for SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from core.dates import UtcDateTime  # a point in time: aware, in UTC; calendar dates are Date


class Base(DeclarativeBase):
    pass


class Source(Base):
    """An upstream public file from the manifest, with its publisher and licence."""

    __tablename__ = "source"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    path: Mapped[str] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    publisher: Mapped[str] = mapped_column(String(200))
    licence: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)


class County(Base):
    __tablename__ = "county"
    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    official_name: Mapped[str] = mapped_column(String(200))


class Municipality(Base):
    __tablename__ = "municipality"
    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))  # Kartverket's official form, Sami/Kven forms included
    name_ssb: Mapped[str] = mapped_column(String(200))
    name_norwegian: Mapped[str] = mapped_column(String(100))
    name_sami: Mapped[str] = mapped_column(String(100))
    county_code: Mapped[str] = mapped_column(ForeignKey("county.code"))
    admin_centre: Mapped[str] = mapped_column(String(100))
    language_form: Mapped[str] = mapped_column(String(20))
    area_km2: Mapped[float] = mapped_column(Float)
    centrality: Mapped[int | None] = mapped_column(Integer)
    kostra_group_code: Mapped[str | None] = mapped_column(String(8))
    kostra_group_name: Mapped[str | None] = mapped_column(String(200))


class Indicator(Base):
    """The project's indicator catalogue (data/indicators.yaml), every number with its source."""

    __tablename__ = "indicator"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name_nb: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))
    description_nb: Mapped[str] = mapped_column(Text)
    description_en: Mapped[str] = mapped_column(Text)
    unit_nb: Mapped[str] = mapped_column(String(60))
    unit_en: Mapped[str] = mapped_column(String(60))
    unit_symbol: Mapped[str] = mapped_column(String(20))
    sdg_goal: Mapped[int | None] = mapped_column(Integer)
    sdg_targets: Mapped[str] = mapped_column(String(200))  # ';'-separated target codes
    direction: Mapped[str | None] = mapped_column(String(10))
    aggregation: Mapped[str] = mapped_column(String(40))
    source_key: Mapped[str] = mapped_column(ForeignKey("source.key"))
    source_label: Mapped[str] = mapped_column(String(300))
    optimum: Mapped[float | None] = mapped_column(Float)
    optimum_source: Mapped[str] = mapped_column(Text)
    green: Mapped[float | None] = mapped_column(Float)
    green_source: Mapped[str] = mapped_column(Text)
    red: Mapped[float | None] = mapped_column(Float)
    red_source: Mapped[str] = mapped_column(Text)
    target_2030: Mapped[float | None] = mapped_column(Float)
    target_2030_source: Mapped[str] = mapped_column(Text)
    lower_bound: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text)


class Observation(Base):
    """One value in long form; area_level is municipality, county or country."""

    __tablename__ = "observation"
    __table_args__ = (
        UniqueConstraint("area_level", "area_code", "indicator_id", "year", name="uq_observation"),
        Index("ix_observation_indicator_year", "indicator_id", "year"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    area_level: Mapped[str] = mapped_column(String(12))
    area_code: Mapped[str] = mapped_column(String(4))
    indicator_id: Mapped[str] = mapped_column(ForeignKey("indicator.id"))
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    source_key: Mapped[str] = mapped_column(ForeignKey("source.key"))
    quality: Mapped[str] = mapped_column(String(30))  # official | harmonised | aggregated


class SdgGoal(Base):
    __tablename__ = "sdg_goal"
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    short_nb: Mapped[str] = mapped_column(String(200))
    short_en: Mapped[str] = mapped_column(String(200))
    title_nb: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(Text)
    colour: Mapped[str] = mapped_column(String(7))


class SdgTarget(Base):
    __tablename__ = "sdg_target"
    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    goal: Mapped[int] = mapped_column(ForeignKey("sdg_goal.number"))
    title_nb: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(Text)


class SdgIndicator(Base):
    __tablename__ = "sdg_indicator"
    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    goal: Mapped[int] = mapped_column(ForeignKey("sdg_goal.number"))
    target_code: Mapped[str] = mapped_column(String(10))
    title_nb: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(Text)


class U4sscKpi(Base):
    __tablename__ = "u4ssc_kpi"
    ks_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    code: Mapped[str] = mapped_column(String(40))
    dimension: Mapped[str] = mapped_column(String(40))
    sub_dimension: Mapped[str] = mapped_column(String(60))
    category: Mapped[str] = mapped_column(String(60))
    kpi_no: Mapped[int] = mapped_column(Integer)
    kpi_type: Mapped[str] = mapped_column(String(10))  # Core | Advanced
    name_en: Mapped[str] = mapped_column(Text)
    sdg_goals: Mapped[str] = mapped_column(String(100))  # ';'-separated goal numbers
    sdg_targets: Mapped[str] = mapped_column(String(300))
    periodicity: Mapped[str] = mapped_column(String(100))
    suggested_source: Mapped[str] = mapped_column(Text)


class CodeChange(Base):
    """A historical municipality code and where it went in the 2024 structure."""

    __tablename__ = "code_change"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    old_code: Mapped[str] = mapped_column(String(4), index=True)
    old_name: Mapped[str] = mapped_column(String(200))
    valid_from: Mapped[int | None] = mapped_column(Integer)
    valid_to: Mapped[int | None] = mapped_column(Integer)
    new_codes: Mapped[str] = mapped_column(String(40))  # ';'-separated 2024 codes; several = split
    kind: Mapped[str] = mapped_column(String(12))  # same | renumbered | merged | split | dissolved


class LocalTarget(Base):
    """A municipality's or county's own 2030 target for an indicator; overrides the catalogue's."""

    __tablename__ = "local_target"
    __table_args__ = (UniqueConstraint("area_level", "area_code", "indicator_id", name="uq_local_target"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    area_level: Mapped[str] = mapped_column(String(12))
    area_code: Mapped[str] = mapped_column(String(4))
    # No foreign key: members' own data must survive a rebuild of the public data; ids are checked in core.targets.
    indicator_id: Mapped[str] = mapped_column(String(64))
    value: Mapped[float] = mapped_column(Float)
    target_year: Mapped[int] = mapped_column(Integer)
    decision_reference: Mapped[str] = mapped_column(String(300))
    updated_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class LocalTargetChange(Base):
    """Every change to a local target: who, when, and the values before and after."""

    __tablename__ = "local_target_change"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    area_level: Mapped[str] = mapped_column(String(12))
    area_code: Mapped[str] = mapped_column(String(4))
    indicator_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(10))  # set | change | remove
    old_value: Mapped[float | None] = mapped_column(Float)
    old_year: Mapped[int | None] = mapped_column(Integer)
    old_reference: Mapped[str | None] = mapped_column(String(300))
    new_value: Mapped[float | None] = mapped_column(Float)
    new_year: Mapped[int | None] = mapped_column(Integer)
    new_reference: Mapped[str | None] = mapped_column(String(300))
    changed_by: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class PeerSet(Base):
    """A named, saved list of municipalities to compare with."""

    __tablename__ = "peer_set"
    __table_args__ = (UniqueConstraint("owner", "name", name="uq_peer_set"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100))
    owner: Mapped[str] = mapped_column(String(200))
    codes: Mapped[str] = mapped_column(Text)  # ';'-separated municipality codes
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


# Network administration ---------------------------------------------------------------------------------------


class User(Base):
    """A local account (or an OpenID Connect identity, matched by username = e-mail) and its role."""

    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(200), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(300))  # argon2id; None for OIDC-only accounts
    role: Mapped[str] = mapped_column(String(20))  # coordinator | secretariat | admin
    area_level: Mapped[str | None] = mapped_column(String(12))  # a coordinator's municipality or county
    area_code: Mapped[str | None] = mapped_column(String(4))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    # Set when an administrator resets the password: the next login asks for a new one before anything else.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=sa_false())


class LoginAttempt(Base):
    """Every login attempt, recorded before the password is checked (core/auth.py: authenticate)."""

    __tablename__ = "login_attempt"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(200), index=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    success: Mapped[bool] = mapped_column()  # False until the password proved right (a check under way counts)
    source: Mapped[str | None] = mapped_column(String(64), index=True)  # the client's address, where known
    refused: Mapped[bool] = mapped_column(default=False, server_default=sa_false())  # slowed down, never checked


class Member(Base):
    """A municipality or county in the network; its status is the latest of its events."""

    __tablename__ = "member"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20))  # kommune | fylkeskommune
    code: Mapped[str | None] = mapped_column(String(4))  # 2024 code; None for a dissolved county (Viken)
    name: Mapped[str] = mapped_column(String(200))
    founding: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(Text, default="")


class MemberEvent(Base):
    __tablename__ = "member_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))  # applied | admitted | agreement | active | withdrawn
    date: Mapped[dt.date | None] = mapped_column(Date)  # None where a public source gives none
    meeting_id: Mapped[int | None] = mapped_column(Integer)
    reference: Mapped[str] = mapped_column(String(300), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class FeeTariff(Base):
    """The steering group's yearly tariff: a rate per inhabitant with a floor and a cap."""

    __tablename__ = "fee_tariff"
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    rate_per_inhabitant: Mapped[float] = mapped_column(Float)
    floor: Mapped[float] = mapped_column(Float)
    cap: Mapped[float] = mapped_column(Float)
    counties_pay_cap: Mapped[bool] = mapped_column(default=True)
    reference: Mapped[str] = mapped_column(String(300), default="")


class SteeringSeat(Base):
    """A seat in the steering group for a term: elected members, KS, and U4SSC (speaks, does not vote)."""

    __tablename__ = "steering_seat"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(10))  # elected | ks | u4ssc
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    organisation: Mapped[str] = mapped_column(String(200))
    representative: Mapped[str] = mapped_column(String(200), default="")
    term_start: Mapped[dt.date] = mapped_column(Date)
    term_end: Mapped[dt.date] = mapped_column(Date)


class Meeting(Base):
    __tablename__ = "meeting"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    date: Mapped[dt.date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200))
    agenda: Mapped[str] = mapped_column(Text, default="")  # one item a line
    minutes: Mapped[str] = mapped_column(Text, default="")


class Decision(Base):
    __tablename__ = "decision"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    reference: Mapped[str] = mapped_column(String(50))  # e.g. "Sak 12/2026"
    text: Mapped[str] = mapped_column(Text)


class FollowUp(Base):
    """A follow-up action from a meeting, with an owner, a due date and a status."""

    __tablename__ = "follow_up"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    decision_id: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200))
    due: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10))  # open | done | dropped


class ActivityPlan(Base):
    """The yearly activity plan's sub-projects."""

    __tablename__ = "activity"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    title: Mapped[str] = mapped_column(String(300))
    lead: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(12))  # planned | ongoing | done
    description: Mapped[str] = mapped_column(Text, default="")


class AuditEntry(Base):
    """Every change to network data, targets and accounts: who, when, what, before and after."""

    __tablename__ = "audit_entry"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    user: Mapped[str] = mapped_column(String(200))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(20))
    before: Mapped[str | None] = mapped_column(Text)  # JSON
    after: Mapped[str | None] = mapped_column(Text)  # JSON


# Members' own data ---------------------------------------------------------------------------------------------
# No foreign keys to public tables: members' values must survive a rebuild of the public data (core.etl.build
# deletes and rewrites only its WRITE_ORDER tables); codes are checked in core.uploads.validate instead.


class MemberImport(Base):
    """One uploaded file: who, when, what, and whether it has been undone."""

    __tablename__ = "member_import"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    file_name: Mapped[str] = mapped_column(String(300))
    file_sha256: Mapped[str] = mapped_column(String(64))
    encoding: Mapped[str] = mapped_column(String(20))  # utf-8 | utf-8-sig | utf-16 | cp1252 | latin-1 | xlsx
    uploaded_by: Mapped[str] = mapped_column(String(200))
    uploaded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    areas: Mapped[str] = mapped_column(Text)  # ';'-separated level:code touched, for filtering the history
    rows: Mapped[int] = mapped_column(Integer)  # data rows in the file (examples not counted)
    changes: Mapped[int] = mapped_column(Integer)  # values created or changed
    status: Mapped[str] = mapped_column(String(10))  # applied | undone
    undone_by: Mapped[str | None] = mapped_column(String(200))
    undone_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class MemberValue(Base):
    """A member's own value for an indicator of the catalogue or a U4SSC KPI (kind), with source and quality."""

    __tablename__ = "member_value"
    __table_args__ = (
        UniqueConstraint("area_level", "area_code", "kind", "code", "year", name="uq_member_value"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    area_level: Mapped[str] = mapped_column(String(12))
    area_code: Mapped[str] = mapped_column(String(4))
    kind: Mapped[str] = mapped_column(String(10))  # indicator | kpi
    code: Mapped[str] = mapped_column(String(64))  # indicator id, or the KPI's ks_id
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)  # KPIs: the member's own target (U4SSC scores against it)
    direction: Mapped[str | None] = mapped_column(String(10))  # KPIs: higher | lower
    source: Mapped[str] = mapped_column(String(300))
    quality: Mapped[str] = mapped_column(String(10))  # KS quality class: Class_1 | Class_2 | Class_3
    import_id: Mapped[int] = mapped_column(Integer, index=True)  # the import that set it: who and when


class MemberValueChange(Base):
    """Every change to a member value, by an import or its undo: the values before and after."""

    __tablename__ = "member_value_change"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    import_id: Mapped[int] = mapped_column(Integer, index=True)
    action: Mapped[str] = mapped_column(String(10))  # create | update | undo
    area_level: Mapped[str] = mapped_column(String(12))
    area_code: Mapped[str] = mapped_column(String(4))
    kind: Mapped[str] = mapped_column(String(10))
    code: Mapped[str] = mapped_column(String(64))
    year: Mapped[int] = mapped_column(Integer)
    old_value: Mapped[float | None] = mapped_column(Float)
    old_target: Mapped[float | None] = mapped_column(Float)
    old_direction: Mapped[str | None] = mapped_column(String(10))
    old_source: Mapped[str | None] = mapped_column(String(300))
    old_quality: Mapped[str | None] = mapped_column(String(10))
    old_import_id: Mapped[int | None] = mapped_column(Integer)
    new_value: Mapped[float | None] = mapped_column(Float)
    new_target: Mapped[float | None] = mapped_column(Float)
    new_direction: Mapped[str | None] = mapped_column(String(10))
    new_source: Mapped[str | None] = mapped_column(String(300))
    new_quality: Mapped[str | None] = mapped_column(String(10))
    changed_by: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


# The learning arena: good-practice cases, the six processes' self-assessment, partners ------------------------
# No foreign keys to public tables (municipality, county, indicator): a rebuild of the public data rewrites them, and
# the network's own records must survive it; codes are checked in core.learning, inside the gate's transaction.


class PracticeCase(Base):
    """A good-practice case from a member: private while a draft, public once the secretariat has approved it."""

    __tablename__ = "practice_case"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    area_level: Mapped[str] = mapped_column(String(12), index=True)  # municipality | county
    area_code: Mapped[str] = mapped_column(String(4), index=True)
    language: Mapped[str] = mapped_column(String(2))  # the language it was written in: nb | nn | se | en
    year: Mapped[int] = mapped_column(Integer)  # the year the work was done
    status: Mapped[str] = mapped_column(String(10), index=True)  # draft | submitted | published
    contact: Mapped[str] = mapped_column(String(300), default="")
    review_note: Mapped[str] = mapped_column(Text, default="")  # the secretariat's note when it returns a case
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    approved_by: Mapped[str | None] = mapped_column(String(200))
    approved_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class PracticeCaseText(Base):
    """A case's texts in one language: the language it was written in, and at most one translation."""

    __tablename__ = "practice_case_text"
    __table_args__ = (UniqueConstraint("case_id", "language", name="uq_practice_case_text"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("practice_case.id"), index=True)
    language: Mapped[str] = mapped_column(String(2))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    done: Mapped[str] = mapped_column(Text, default="")  # what was done
    results: Mapped[str] = mapped_column(Text, default="")  # results, with numbers


class PracticeCaseLink(Base):
    """What a case is about: SDG goals and targets, the six processes, and the indicators it aims to move."""

    __tablename__ = "practice_case_link"
    __table_args__ = (UniqueConstraint("case_id", "kind", "code", name="uq_practice_case_link"),
                      Index("ix_practice_case_link_kind_code", "kind", "code"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("practice_case.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # goal | target | process | indicator
    code: Mapped[str] = mapped_column(String(64))  # '11', '11.6', 'procurement', an indicator id


class PracticeCaseAttachment(Base):
    """A PDF or image attached to a case, checked by its content before it is stored here."""

    __tablename__ = "practice_case_attachment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("practice_case.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(40))  # application/pdf | image/png | image/jpeg
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column()  # BLOB on SQLite, bytea on PostgreSQL
    uploaded_by: Mapped[str] = mapped_column(String(200))
    uploaded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class AssessmentYear(Base):
    """A year of the self-assessment the secretariat has closed (or reopened); absent: open."""

    __tablename__ = "assessment_year"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    closed: Mapped[bool] = mapped_column(default=False)
    changed_by: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class ProcessAssessment(Base):
    """A member's maturity (1-5) in one of the six processes in a year, with a sentence of evidence."""

    __tablename__ = "process_assessment"
    __table_args__ = (UniqueConstraint("area_level", "area_code", "year", "process", name="uq_process_assessment"),
                      Index("ix_process_assessment_year", "year"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    area_level: Mapped[str] = mapped_column(String(12))
    area_code: Mapped[str] = mapped_column(String(4))
    year: Mapped[int] = mapped_column(Integer)
    process: Mapped[str] = mapped_column(String(20))
    level: Mapped[int] = mapped_column(Integer)
    evidence: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class Partner(Base):
    """An organisation the network works with (Bærekraftsløftet): strategic partners, networks, UN bodies, ..."""

    __tablename__ = "partner"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(12))  # strategic | network | research | business | un | other
    sectors: Mapped[str] = mapped_column(String(200), default="")  # ';'-separated sector keys
    contact_person: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(200), default="")
    agreements: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)


class PartnerDialogue(Base):
    """One conversation with a partner: who took part, what was agreed, and a follow-up with a deadline and owner."""

    __tablename__ = "partner_dialogue"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    participants: Mapped[str] = mapped_column(String(500))
    agreed: Mapped[str] = mapped_column(Text)
    follow_up: Mapped[str] = mapped_column(Text, default="")  # empty: nothing to follow up
    follow_up_owner: Mapped[str] = mapped_column(String(200), default="")
    follow_up_due: Mapped[dt.date | None] = mapped_column(Date)
    follow_up_status: Mapped[str | None] = mapped_column(String(10))  # open | done | dropped; None without one
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class ActivityPartner(Base):
    """A partner named in an activity of the yearly plan."""

    __tablename__ = "activity_partner"
    __table_args__ = (UniqueConstraint("activity_id", "partner_id", name="uq_activity_partner"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id"), index=True)


class AreaGeometry(Base):
    """An area's drawn boundary (GeoJSON geometry, WGS84, simplified with shared borders kept) and its area in km²
    measured in EPSG:25833 before simplifying; built by core/etl/boundaries.py, a county from its municipalities."""

    __tablename__ = "area_geometry"
    area_level: Mapped[str] = mapped_column(String(12), primary_key=True)
    area_code: Mapped[str] = mapped_column(String(4), primary_key=True)
    geometry: Mapped[str] = mapped_column(Text)
    area_km2: Mapped[float] = mapped_column(Float)


class NeighbourPair(Base):
    """Two municipalities sharing a land border (positive length), stored in both directions."""

    __tablename__ = "neighbour_pair"
    code: Mapped[str] = mapped_column(ForeignKey("municipality.code"), primary_key=True)
    neighbour_code: Mapped[str] = mapped_column(ForeignKey("municipality.code"), primary_key=True)
    border_km: Mapped[float] = mapped_column(Float)


class StoredFrame(Base):
    """A table computed by the build for every app process to read at start (core/precomputed.py): Parquet bytes,
    valid for the data versions named in `basis`."""

    __tablename__ = "stored_frame"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    basis: Mapped[str] = mapped_column(String(300))
    content: Mapped[bytes] = mapped_column()  # BLOB on SQLite, bytea on PostgreSQL
