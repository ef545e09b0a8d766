"""The six processes' yearly self-assessment (core/learning/assessment.py): members answer until the secretariat
closes the year; the heatmap, the change since last year, the median and the report's picture.

Every answer here is INVENTED by this code; the database is a private copy of the public data.
"""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest
from sqlalchemy import select

from core import auth, db, models
from core.gate import PermissionDenied
from core.learning import assessment
from core.learning.vocabulary import PROCESSES

KARASJOK, OSLO = "5610", "0301"
YEAR = 2025
USERS = {
    "koord.karasjok": ("coordinator", "municipality", KARASJOK),
    "koord.oslo": ("coordinator", "municipality", OSLO),
    "sekretariat": ("secretariat", None, None),
}


def answers(level: int = 3, **levels) -> dict[str, tuple[int, str]]:
    return {p: (levels.get(p, level), f"Oppdiktet begrunnelse for {p}") for p in PROCESSES}


@pytest.fixture(scope="module")
def url(private_database, add_users) -> str:
    url = private_database("learning_assessment")
    add_users(url, USERS)
    return url


@pytest.fixture(scope="module")
def who(url, identity_of) -> dict[str, auth.Identity]:
    return {name: identity_of(url, name) for name in USERS} | {"": auth.VIEWER}


def audit(url: str, entity: str) -> list[models.AuditEntry]:
    with db.session(url) as session:
        return list(session.scalars(select(models.AuditEntry).where(models.AuditEntry.entity == entity)))


def test_a_coordinator_answers_for_their_member_until_the_year_is_closed(url, who):
    coordinator, secretariat = who["koord.karasjok"], who["sekretariat"]
    assert assessment.save_assessment(coordinator, "municipality", KARASJOK, YEAR, answers(2), url) == 6
    assert assessment.save_assessment(coordinator, "municipality", KARASJOK, YEAR, answers(2, procurement=4),
                                      url) == 1  # only what changed is written, and logged
    own = assessment.own_answers(assessment.answers(url), ("municipality", KARASJOK), YEAR)
    assert own["procurement"][0] == 4 and own["measurement"] == (2, "Oppdiktet begrunnelse for measurement")
    entries = [e for e in audit(url, "process_assessment") if json.loads(e.after)["year"] == YEAR]
    assert [e.action for e in entries] == ["create"] * 6 + ["update"]
    assert json.loads(entries[-1].before)["level"] == 2 and json.loads(entries[-1].after)["level"] == 4

    with pytest.raises(PermissionDenied):
        assessment.save_assessment(who["koord.oslo"], "municipality", KARASJOK, YEAR, answers(5), url)
    with pytest.raises(PermissionDenied):
        assessment.set_year_closed(coordinator, YEAR, True, url)

    assessment.set_year_closed(secretariat, YEAR, True, url)
    assert YEAR in assessment.closed_years(url) and YEAR not in assessment.open_years(url=url)
    with pytest.raises(assessment.AssessmentError, match="assessment.error.closed"):
        assessment.save_assessment(coordinator, "municipality", KARASJOK, YEAR, answers(5), url)
    with pytest.raises(assessment.AssessmentError, match="assessment.error.closed"):  # closed for everyone
        assessment.save_assessment(secretariat, "municipality", KARASJOK, YEAR, answers(5), url)
    with pytest.raises(assessment.AssessmentError, match="assessment.error.already_closed"):
        assessment.set_year_closed(secretariat, YEAR, True, url)
    assessment.set_year_closed(secretariat, YEAR, False, url)
    assert assessment.save_assessment(coordinator, "municipality", KARASJOK, YEAR, answers(2, procurement=5),
                                      url) == 1
    assert [e.action for e in audit(url, "assessment_year")] == ["close", "reopen"]


@pytest.mark.parametrize("given, key", [
    (answers() | {"measurement": (None, "Oppdiktet")}, "assessment.error.level"),
    (answers() | {"leadership": (6, "Oppdiktet")}, "assessment.error.level"),
    (answers() | {"leadership": (True, "Oppdiktet")}, "assessment.error.level"),
    (answers() | {"procurement": (3, "   ")}, "assessment.error.evidence"),
    (answers() | {"procurement": (3, "x" * 501)}, "assessment.error.too_long"),
    ({p: v for p, v in answers().items() if p != "value_creation"}, "assessment.error.level"),
    (answers() | {"marketing": (3, "Oppdiktet")}, "assessment.error.process"),
    ("not a dict", "assessment.error.level"),
])
def test_every_process_needs_a_level_and_evidence(url, who, given, key):
    with pytest.raises(assessment.AssessmentError) as refused:
        assessment.save_assessment(who["sekretariat"], "municipality", OSLO, YEAR - 1, given, url)
    assert refused.value.key == key


def test_the_message_names_the_process_by_its_number(url, who):
    with pytest.raises(assessment.AssessmentError) as refused:
        assessment.save_assessment(who["sekretariat"], "municipality", OSLO, YEAR - 1,
                                   answers() | {"involvement": (3, "")}, url)
    assert refused.value.values == {"number": 5}


def test_a_future_year_and_an_unknown_member_are_refused(url, who):
    with pytest.raises(assessment.AssessmentError, match="assessment.error.future"):
        assessment.save_assessment(who["sekretariat"], "municipality", OSLO, 2099, answers(), url)
    with pytest.raises(assessment.AssessmentError, match="assessment.error.area_unknown"):
        assessment.save_assessment(who["sekretariat"], "municipality", "9999", YEAR, answers(), url)


def frame(rows) -> pd.DataFrame:
    return pd.DataFrame([("municipality", code, year, process, level, "e", "x", None)
                         for code, year, process, level in rows], columns=assessment.COLUMNS)


def test_heatmap_change_median_and_picture():
    rows = [(KARASJOK, 2024, p, 2) for p in PROCESSES] + [(KARASJOK, 2025, p, 3) for p in PROCESSES]
    rows += [(OSLO, 2025, p, 5) for p in PROCESSES] + [("4601", 2025, "procurement", 1)]
    answered = frame(rows)
    levels, change = assessment.heatmap(answered, 2025, [("municipality", "1508"), ("municipality", KARASJOK)])
    assert list(levels.index) == ["municipality:1508", "municipality:5610", "municipality:0301", "municipality:4601"]
    assert list(levels.columns) == list(PROCESSES)
    assert levels.loc["municipality:1508"].isna().all()  # a member that has not answered: an empty row
    assert levels.at["municipality:5610", "procurement"] == 3 and change.at["municipality:5610", "procurement"] == 1
    assert math.isnan(change.at["municipality:0301", "procurement"])  # no answer the year before
    assert assessment.medians(answered, 2025)["procurement"] == 3  # of 1, 3, 5
    assert assessment.medians(answered, 2025)["measurement"] == 4  # of 3, 5
    assert assessment.medians(answered, 2023)["measurement"] is None

    own = assessment.own_against_median(answered, ("municipality", KARASJOK), 2025).set_index("process")
    assert own.loc["procurement"].to_dict() == {"own": 3, "median": 3, "low": 1, "high": 5, "answered": 3}

    picture = assessment.picture(answered, 2025).set_index("process")
    assert picture.loc["procurement", "answered"] == 3 and picture.loc["procurement", "median_before"] == 2
    assert [picture.loc["procurement", f"level_{n}"] for n in range(1, 6)] == [1, 0, 1, 0, 1]


def test_an_empty_year_gives_an_empty_heatmap():
    levels, change = assessment.heatmap(frame([]), 2025)
    assert levels.empty and change.empty
    levels, _ = assessment.heatmap(frame([]), 2025, [("municipality", KARASJOK)])
    assert list(levels.index) == ["municipality:5610"] and levels.isna().all().all()


def test_the_heatmap_rows_are_the_active_members_of_the_year(url):
    """The founding members (the published list) are active from 2020: Asker and Trøndelag are rows, once each;
    Viken, dissolved in 2024, has no code of today's structure and no row."""
    from core.network import members
    from core.sources import read

    members.seed_founding_members(read("network_members"), url)
    areas = assessment.member_areas(2025, url)
    assert ("municipality", "3203") in areas and ("county", "50") in areas
    assert len(areas) == len(set(areas)) and all(level in ("municipality", "county") for level, _ in areas)
    assert len(areas) == sum(1 for row in read("network_members") if row["nummer_2024"])
