"""What a form may send, checked by pydantic before anything is written; the first problem becomes a UserError.

Each check raises a PydanticCustomError whose type is a translation key (its context the key's values), so a page
shows the message in the user's language. Checks that need the database (does this member exist?) stay with the
write functions, inside the gate's transaction.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Annotated, Any, ClassVar, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from core import passwords
from core.errors import UserError
from core.learning import vocabulary

MAX_TEXT = 20_000
MAX_NOTE = 2000


class Form(BaseModel):
    model_config = ConfigDict(frozen=True)
    fallback_key: ClassVar[str]  # the message for a problem pydantic finds itself (a wrong type)


F = TypeVar("F", bound=Form)


def checked(form: type[F], error: type[UserError], **fields) -> F:
    """The form's values, or `error` with the key and values of the first problem."""
    try:
        return form(**fields)
    except ValidationError as problem:
        first = problem.errors()[0]
        if first["type"].count("."):  # one of our keys
            raise error(first["type"], **first.get("ctx", {})) from None
        raise error(form.fallback_key, value=first.get("input")) from None


def _fail(key: str, **values) -> PydanticCustomError:
    return PydanticCustomError(key, key, values)


def text(key: str, limit: int, required_key: str | None = None):
    """A stripped text of at most `limit` characters (required when required_key names the message)."""
    def check(value: Any) -> str:
        value = ("" if value is None else str(value)).strip()
        if required_key and not value:
            raise _fail(required_key, limit=limit)
        if len(value) > limit:
            raise _fail(key, limit=limit)
        return value
    return BeforeValidator(check)


def iso_date(key: str):
    """A calendar date from a date or an ISO string."""
    def check(value: Any) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(value or "")
        except (TypeError, ValueError):
            raise _fail(key, value=value) from None
    return BeforeValidator(check)


def one_of(key: str, allowed: tuple, **values):
    def check(value: Any):
        if value not in allowed:
            raise _fail(key, value=value, **values)
        return value
    return BeforeValidator(check)


def amount(key: str, **values):
    """A finite, non-negative number (not a bool, not a string)."""
    def check(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
            raise _fail(key, value=value, **values)
        return float(value)
    return BeforeValidator(check)


def whole_number(key: str, low: int, high: int):
    def check(value: Any) -> int:
        try:
            number = int(value)
        except (TypeError, ValueError, OverflowError):  # None, "abc", infinity
            raise _fail(key, value=value, low=low, high=high) from None
        if isinstance(value, bool) or not low <= number <= high:
            raise _fail(key, value=value, low=low, high=high)
        return number
    return BeforeValidator(check)


# Fees -----------------------------------------------------------------------------------------------------------

class TariffForm(Form):
    fallback_key: ClassVar[str] = "fee.error.negative"
    rate: Annotated[float, amount("fee.error.negative")]
    floor: Annotated[float, amount("fee.error.negative")]
    cap: Annotated[float, amount("fee.error.negative")]
    year: Annotated[int, whole_number("fee.error.year", 2020, 2100)]
    counties_pay_cap: bool = True
    reference: Annotated[str, text("fee.error.reference", 300)] = ""

    @model_validator(mode="after")
    def floor_below_cap(self):
        if self.floor > self.cap:
            raise _fail("fee.error.floor_cap")
        return self


# Members --------------------------------------------------------------------------------------------------------

MEMBER_KINDS = ("kommune", "fylkeskommune")
MEMBER_STATUSES = ("applied", "admitted", "agreement", "active", "withdrawn")


class ApplicationForm(Form):
    fallback_key: ClassVar[str] = "member.error.name"
    kind: Annotated[str, one_of("member.error.kind", MEMBER_KINDS)]
    code: Annotated[str, text("member.error.choose_area", 4, required_key="member.error.choose_area")]
    name: Annotated[str, text("member.error.too_long", 200, required_key="member.error.name")]
    note: Annotated[str, text("member.error.too_long", MAX_NOTE)] = ""


def chosen(key: str):
    """A choice the form must have made (a member picked from a list)."""
    def check(value: Any):
        if value is None or value == "":
            raise _fail(key)
        return value
    return BeforeValidator(check)


class StatusChangeForm(Form):
    fallback_key: ClassVar[str] = "member.error.status"
    member_id: Annotated[int, chosen("member.error.unknown")]
    status: Annotated[str, one_of("member.error.status", MEMBER_STATUSES[1:])]
    meeting_id: int | None = None
    reference: Annotated[str, text("member.error.too_long", 300)] = ""
    reason: Annotated[str, text("member.error.too_long", MAX_NOTE)] = ""

    @model_validator(mode="after")
    def decision_and_reason(self):
        if self.status == "admitted" and not (self.meeting_id or self.reference):
            raise _fail("member.error.decision")
        if self.status == "withdrawn" and not self.reason:
            raise _fail("member.error.reason")
        return self


# Steering group -------------------------------------------------------------------------------------------------

SEAT_KINDS = ("elected", "ks", "u4ssc")


class SeatForm(Form):
    fallback_key: ClassVar[str] = "steering.error.text"
    kind: Annotated[str, one_of("steering.error.kind", SEAT_KINDS)]
    start: Annotated[date, iso_date("steering.error.date")]
    end: Annotated[date, iso_date("steering.error.date")]
    member_id: int | None = None
    organisation: Annotated[str, text("steering.error.text", 200, required_key="steering.error.text")]
    representative: Annotated[str, text("steering.error.text", 200)] = ""

    @model_validator(mode="after")
    def term_and_member(self):
        if self.end <= self.start:
            raise _fail("steering.error.date_order")
        if self.kind == "elected" and self.member_id is None:
            raise _fail("steering.error.member")
        return self


# Meetings -------------------------------------------------------------------------------------------------------

ACTION_STATUSES = ("open", "done", "dropped")
ACTIVITY_STATUSES = ("planned", "ongoing", "done")


class MeetingForm(Form):
    fallback_key: ClassVar[str] = "meeting.error.empty"
    on: Annotated[date, iso_date("meeting.error.date")]
    place: Annotated[str, text("meeting.error.too_long", 200, required_key="meeting.error.empty")]
    agenda: Annotated[str, text("meeting.error.too_long", MAX_TEXT)] = ""
    minutes: Annotated[str, text("meeting.error.too_long", MAX_TEXT)] = ""


class MinutesForm(Form):
    fallback_key: ClassVar[str] = "meeting.error.empty"
    agenda: Annotated[str, text("meeting.error.too_long", MAX_TEXT)] = ""
    minutes: Annotated[str, text("meeting.error.too_long", MAX_TEXT)] = ""


class DecisionForm(Form):
    fallback_key: ClassVar[str] = "meeting.error.empty"
    reference: Annotated[str, text("meeting.error.too_long", 50, required_key="meeting.error.empty")]
    text: Annotated[str, text("meeting.error.too_long", MAX_TEXT, required_key="meeting.error.empty")]


class ActionForm(Form):
    fallback_key: ClassVar[str] = "meeting.error.empty"
    text: Annotated[str, text("meeting.error.too_long", 2000, required_key="meeting.error.empty")]
    owner: Annotated[str, text("meeting.error.too_long", 200, required_key="meeting.error.empty")]
    due: Annotated[date, iso_date("meeting.error.date")]


class ActionStatusForm(Form):
    fallback_key: ClassVar[str] = "meeting.error.status"
    status: Annotated[str, one_of("meeting.error.status", ACTION_STATUSES)]


class ActivityForm(Form):
    fallback_key: ClassVar[str] = "meeting.error.empty"
    status: Annotated[str, one_of("meeting.error.status", ACTIVITY_STATUSES)]
    year: Annotated[int, whole_number("meeting.error.year", 2020, 2100)]
    title: Annotated[str, text("meeting.error.too_long", 300, required_key="meeting.error.empty")]
    lead: Annotated[str, text("meeting.error.too_long", 200)] = ""
    description: Annotated[str, text("meeting.error.too_long", MAX_TEXT)] = ""


# Targets, accounts, peer sets -----------------------------------------------------------------------------------

TARGET_LEVELS = ("municipality", "county")
TARGET_YEARS = (2025, 2050)
MAX_REFERENCE = 300


class TargetForm(Form):
    """A local 2030 target; `share` and `direction_known` come from the indicator's catalogue entry."""

    fallback_key: ClassVar[str] = "target.error.value"
    level: Annotated[str, one_of("target.error.level", TARGET_LEVELS)]
    indicator_id: str
    known_indicator: bool
    share: bool
    value: float
    year: int
    reference: Annotated[str, text("target.error.reference", MAX_REFERENCE)] = ""

    @model_validator(mode="before")
    @classmethod
    def in_order(cls, fields: dict) -> dict:
        """The checks in the order a person reads the form: indicator, value, year, reference."""
        if not fields.get("known_indicator"):
            raise _fail("target.error.indicator", value=fields.get("indicator_id"))
        value, year = fields.get("value"), fields.get("year")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise _fail("target.error.value", value=value)
        if fields.get("share") and not 0 <= value <= 100:
            raise _fail("target.error.share", value=value)
        if value < 0:
            raise _fail("target.error.negative", value=value)
        low, high = TARGET_YEARS
        if isinstance(year, bool) or not isinstance(year, int) or not low <= year <= high:
            raise _fail("target.error.year", value=year, low=low, high=high)
        return fields


USERNAME = re.compile(r"^[A-Za-z0-9._@+-]{3,200}$")
ACCOUNT_ROLES = ("coordinator", "secretariat", "admin")
MIN_PASSWORD = passwords.MIN_PASSWORD


def _strong(password: str | None, username: str, *names: str) -> None:
    """The password rules of core/passwords.py, as this module's kind of problem."""
    found = passwords.problem(password, username, *names)
    if found:
        raise _fail(found[0], **found[1])


class AccountForm(Form):
    fallback_key: ClassVar[str] = "auth.error.username"
    username: str
    role: Annotated[str, one_of("auth.error.role", ACCOUNT_ROLES)]
    area_level: str | None = None
    area_code: str | None = None
    password: str | None = None

    @model_validator(mode="before")
    @classmethod
    def username_first(cls, fields: dict) -> dict:
        if not USERNAME.match(fields.get("username") or ""):
            raise _fail("auth.error.username")
        return fields

    display_name: str = ""

    @model_validator(mode="after")
    def area_and_password(self):
        if self.role == "coordinator" and not (self.area_level and self.area_code):
            raise _fail("auth.error.area")
        if self.password is not None:  # None: an account that logs in through OpenID Connect only
            _strong(self.password, self.username, self.display_name)
        return self


class PasswordResetForm(Form):
    """An administrator's new password for someone else's account (they must change it when they next log in)."""

    fallback_key: ClassVar[str] = "auth.error.password"
    username: Annotated[str, text("auth.error.choose_user", 200, required_key="auth.error.choose_user")]
    password: str

    @model_validator(mode="after")
    def strong(self):
        _strong(self.password, self.username)
        return self


class PasswordChangeForm(Form):
    """A user's own new password, typed twice."""

    fallback_key: ClassVar[str] = "auth.error.password"
    username: str
    display_name: str = ""
    password: str
    repeated: str

    @model_validator(mode="after")
    def strong_and_repeated(self):
        _strong(self.password, self.username, self.display_name)
        if passwords.normalised(self.password) != passwords.normalised(self.repeated):
            raise _fail("auth.error.password_mismatch")
        return self


MAX_SET_NAME = 100


class PeerSetForm(Form):
    fallback_key: ClassVar[str] = "peers.error.name"
    name: Annotated[str, text("peers.error.name", MAX_SET_NAME, required_key="peers.error.name")]


# The learning arena: good-practice cases, the self-assessment, partners -------------------------------------------

CASE_TEXT = 5000  # what was done, results
CASE_SUMMARY = 1000
EVIDENCE = 500  # a sentence or two of evidence for a maturity level
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def choices(key: str, allowed: tuple | None = None, parse=str):
    """A list of choices (a multiselect), each parsed and, given `allowed`, one of them; repeats dropped."""
    def check(value: Any) -> tuple:
        if value is None:
            return ()
        if isinstance(value, str | bytes) or not hasattr(value, "__iter__"):
            raise _fail(key, value=value)
        found = []
        for item in value:
            try:
                item = parse(item)
            except (TypeError, ValueError, OverflowError):
                raise _fail(key, value=item) from None
            if allowed is not None and item not in allowed:
                raise _fail(key, value=item)
            if item not in found:
                found.append(item)
        return tuple(found)
    return BeforeValidator(check)


def _goal(value: Any) -> int:
    if isinstance(value, bool) or str(value).strip() not in {str(n) for n in range(1, 18)}:
        raise ValueError(value)
    return int(value)


class CaseForm(Form):
    """A good-practice case as its author writes it; codes of areas, targets and indicators are checked in
    core.learning.cases against the database."""

    fallback_key: ClassVar[str] = "case.error.text"
    area_level: Annotated[str, one_of("case.error.area", TARGET_LEVELS)]
    area_code: Annotated[str, text("case.error.area", 4, required_key="case.error.area")]
    language: Annotated[str, one_of("case.error.language", tuple(vocabulary.CASE_LANGUAGES))]
    year: Annotated[int, whole_number("case.error.year", 2000, 2100)]
    title: Annotated[str, text("case.error.too_long", 200, required_key="case.error.title")]
    summary: Annotated[str, text("case.error.too_long", CASE_SUMMARY)] = ""
    done: Annotated[str, text("case.error.too_long", CASE_TEXT)] = ""
    results: Annotated[str, text("case.error.too_long", CASE_TEXT)] = ""
    contact: Annotated[str, text("case.error.too_long", 300)] = ""
    goals: Annotated[tuple[int, ...], choices("case.error.goal", parse=_goal)] = ()
    targets: Annotated[tuple[str, ...], choices("case.error.target")] = ()
    processes: Annotated[tuple[str, ...], choices("case.error.process", tuple(vocabulary.PROCESSES))] = ()
    indicators: Annotated[tuple[str, ...], choices("case.error.indicator")] = ()
    translation_title: Annotated[str, text("case.error.too_long", 200)] = ""
    translation_summary: Annotated[str, text("case.error.too_long", CASE_SUMMARY)] = ""
    translation_done: Annotated[str, text("case.error.too_long", CASE_TEXT)] = ""
    translation_results: Annotated[str, text("case.error.too_long", CASE_TEXT)] = ""

    @model_validator(mode="after")
    def translation_has_a_title(self):
        if (self.translation_summary or self.translation_done or self.translation_results) and not \
                self.translation_title:
            raise _fail("case.error.translation_title")
        return self

    @property
    def has_translation(self) -> bool:
        return bool(self.translation_title)


class ReviewNoteForm(Form):
    """Why the secretariat returns a case to its author (or takes a published one down)."""

    fallback_key: ClassVar[str] = "case.error.note"
    note: Annotated[str, text("case.error.too_long", MAX_NOTE, required_key="case.error.note")]


class AssessmentForm(Form):
    """A member's self-assessment of a year: every one of the six processes a level 1-5 and a sentence of evidence.
    answers: process -> (level, evidence), in any order."""

    fallback_key: ClassVar[str] = "assessment.error.answers"
    area_level: Annotated[str, one_of("assessment.error.area", TARGET_LEVELS)]
    area_code: Annotated[str, text("assessment.error.area", 4, required_key="assessment.error.area")]
    year: Annotated[int, whole_number("assessment.error.year", 2020, 2100)]
    answers: dict[str, tuple[int, str]]

    @model_validator(mode="before")
    @classmethod
    def every_process_answered(cls, fields: dict) -> dict:
        answers = fields.get("answers")
        if not isinstance(answers, dict):
            raise _fail("assessment.error.level", number=1)
        processes = tuple(vocabulary.PROCESSES)
        unknown = [p for p in answers if p not in processes]
        if unknown:
            raise _fail("assessment.error.process", value=unknown[0])
        checked_answers = {}
        for number, process in enumerate(processes, start=1):
            level, evidence = (tuple(answers.get(process) or ()) + (None, None))[:2]
            if isinstance(level, bool) or level not in vocabulary.LEVELS:
                raise _fail("assessment.error.level", number=number)
            evidence = ("" if evidence is None else str(evidence)).strip()
            if not evidence:
                raise _fail("assessment.error.evidence", number=number)
            if len(evidence) > EVIDENCE:
                raise _fail("assessment.error.too_long", number=number, limit=EVIDENCE)
            checked_answers[process] = (int(level), evidence)
        return {**fields, "answers": checked_answers}


def _email(value: Any) -> str:
    value = ("" if value is None else str(value)).strip()
    if len(value) > 200 or (value and not _EMAIL.match(value)):
        raise _fail("partner.error.email", value=value[:80])
    return value


class PartnerForm(Form):
    fallback_key: ClassVar[str] = "partner.error.name"
    name: Annotated[str, text("partner.error.too_long", 200, required_key="partner.error.name")]
    kind: Annotated[str, one_of("partner.error.kind", tuple(vocabulary.PARTNER_KINDS))]
    sectors: Annotated[tuple[str, ...], choices("partner.error.sector", tuple(vocabulary.SECTORS))] = ()
    contact_person: Annotated[str, text("partner.error.too_long", 200)] = ""
    contact_email: Annotated[str, BeforeValidator(_email)] = ""
    agreements: Annotated[str, text("partner.error.too_long", MAX_TEXT)] = ""
    note: Annotated[str, text("partner.error.too_long", MAX_NOTE)] = ""
    active: bool = True


def _optional_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise _fail("partner.error.date", value=value) from None


class DialogueForm(Form):
    """A conversation with a partner; a follow-up needs an owner and a deadline (not before the conversation)."""

    fallback_key: ClassVar[str] = "partner.error.agreed"
    on: Annotated[date, iso_date("partner.error.date")]
    participants: Annotated[str, text("partner.error.too_long", 500, required_key="partner.error.participants")]
    agreed: Annotated[str, text("partner.error.too_long", MAX_TEXT, required_key="partner.error.agreed")]
    follow_up: Annotated[str, text("partner.error.too_long", MAX_NOTE)] = ""
    follow_up_owner: Annotated[str, text("partner.error.too_long", 200)] = ""
    follow_up_due: Annotated[date | None, BeforeValidator(_optional_date)] = None

    @model_validator(mode="after")
    def follow_up_complete(self):
        if self.follow_up:
            if not self.follow_up_owner:
                raise _fail("partner.error.owner")
            if self.follow_up_due is None:
                raise _fail("partner.error.due")
            if self.follow_up_due < self.on:
                raise _fail("partner.error.due_before", due=self.follow_up_due.isoformat(), on=self.on.isoformat())
        return self


class FollowUpStatusForm(Form):
    fallback_key: ClassVar[str] = "partner.error.status"
    status: Annotated[str, one_of("partner.error.status", tuple(vocabulary.FOLLOW_UP_STATUSES))]
