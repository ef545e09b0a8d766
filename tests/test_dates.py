"""Dates and times: migration 0005 from strings, the UTC column type on each backend, local-time display."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select, text
from sqlalchemy.exc import StatementError

from core import db, models
from core.config import settings_for_tests
from core.dates import as_date, as_utc
from core.i18n import day, when

POSTGRES_URL = settings_for_tests().test_database_url
PAGES = Path(__file__).resolve().parent.parent / "app_pages"
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgres",
        id="postgres",
        marks=[pytest.mark.postgres, pytest.mark.skipif(not POSTGRES_URL, reason="TEST_DATABASE_URL is not set")],
    ),
]


@pytest.fixture(params=BACKENDS)
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'dates.sqlite'}"
    with db.engine(POSTGRES_URL).begin() as connection:  # a clean schema for each test
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    return POSTGRES_URL


# Rows as revision 0004 stored them: ISO strings, UTC with an offset, dates as YYYY-MM-DD, some NULL.
AT = "2026-11-30T14:00:00+00:00"
SUMMER = "2026-07-01T10:00:00+00:00"
ROWS_0004 = [
    "INSERT INTO member (id, kind, code, name, founding, note) VALUES (1, 'kommune', '0301', 'Oslo', true, '')",
    "INSERT INTO member_event (id, member_id, status, date, meeting_id, reference, reason, recorded_by, recorded_at)"
    f" VALUES (1, 1, 'applied', '2020-05-26', NULL, '', '', 'import', '{AT}'),"
    f" (2, 1, 'active', NULL, NULL, '', '', 'import', '{SUMMER}')",
    "INSERT INTO meeting (id, date, place, agenda, minutes) VALUES (1, '2026-03-04', 'Oslo', '', '')",
    "INSERT INTO decision (id, meeting_id, reference, text) VALUES (1, 1, 'Sak 1/2026', 'Vedtatt')",
    "INSERT INTO follow_up (id, meeting_id, decision_id, text, owner, due, status)"
    " VALUES (1, 1, 1, 'Følge opp', 'Sekretariatet', '2026-04-03', 'open')",
    "INSERT INTO steering_seat (id, kind, member_id, organisation, representative, term_start, term_end)"
    " VALUES (1, 'elected', 1, 'Oslo', '', '2025-01-01', '2026-12-31')",
    "INSERT INTO app_user (id, username, display_name, password_hash, role, area_level, area_code, active, created_at)"
    f" VALUES (1, 'sekretariat', 'Sekretariat', NULL, 'secretariat', NULL, NULL, true, '{AT}')",
    f"INSERT INTO login_attempt (username, at, success) VALUES ('sekretariat', '{AT}', true),"  # ids 1 and 2
    " ('sekretariat', '2026-11-30T14:29:59+00:00', false)",
    "INSERT INTO audit_entry (id, at, \"user\", entity, entity_id, action, before, after)"
    f" VALUES (1, '{SUMMER}', 'sekretariat', 'meeting', '1', 'create', NULL, '{{}}')",
    "INSERT INTO local_target (id, area_level, area_code, indicator_id, value, target_year, decision_reference,"
    f" updated_by, updated_at) VALUES (1, 'municipality', '0301', 'x', 1.0, 2030, '', 'sekretariat', '{AT}')",
    "INSERT INTO local_target_change (id, area_level, area_code, indicator_id, action, new_value, new_year,"
    f" new_reference, changed_by, changed_at) VALUES (1, 'municipality', '0301', 'x', 'set', 1.0, 2030, '',"
    f" 'sekretariat', '{AT}')",
    f"INSERT INTO peer_set (id, name, owner, codes, created_at) VALUES (1, 'Storbyer', 'sekretariat', '0301', '{AT}')",
    "INSERT INTO member_import (id, file_name, file_sha256, encoding, uploaded_by, uploaded_at, areas, rows, changes,"
    f" status, undone_by, undone_at) VALUES (1, 'a.csv', 'x', 'utf-8', 'sekretariat', '{SUMMER}', '', 1, 1,"
    f" 'undone', 'sekretariat', '{AT}'), (2, 'b.csv', 'y', 'utf-8', 'sekretariat', '{AT}', '', 1, 1, 'applied',"
    " NULL, NULL)",
    "INSERT INTO member_value_change (id, import_id, action, area_level, area_code, kind, code, year, changed_by,"
    f" changed_at) VALUES (1, 1, 'create', 'municipality', '0301', 'indicator', 'x', 2025, 'sekretariat', '{AT}')",
]


def database_at_0004(url: str) -> None:
    db.migrate(url, "0004")
    with db.engine(url).begin() as connection:
        for statement in ROWS_0004:
            connection.execute(text(statement))


def test_0005_converts_the_strings_of_0004(url):
    database_at_0004(url)
    db.migrate(url)  # to head, the way `make db` and the app do it
    at, summer = datetime(2026, 11, 30, 14, tzinfo=UTC), datetime(2026, 7, 1, 10, tzinfo=UTC)
    with db.session(url) as session:
        events = session.scalars(select(models.MemberEvent).order_by(models.MemberEvent.id)).all()
        assert [(e.date, e.recorded_at) for e in events] == [(date(2020, 5, 26), at), (None, summer)]
        assert session.get(models.Meeting, 1).date == date(2026, 3, 4)
        assert session.get(models.FollowUp, 1).due == date(2026, 4, 3)
        seat = session.get(models.SteeringSeat, 1)
        assert (seat.term_start, seat.term_end) == (date(2025, 1, 1), date(2026, 12, 31))
        assert session.get(models.User, 1).created_at == at
        assert session.get(models.AuditEntry, 1).at == summer
        assert session.get(models.LocalTarget, 1).updated_at == at
        assert session.get(models.LocalTargetChange, 1).changed_at == at
        assert session.get(models.PeerSet, 1).created_at == at
        assert session.get(models.MemberValueChange, 1).changed_at == at
        undone, applied = session.get(models.MemberImport, 1), session.get(models.MemberImport, 2)
        assert (undone.uploaded_at, undone.undone_at, applied.uploaded_at, applied.undone_at) == (summer, at, at, None)
        assert session.get(models.Decision, 1).meeting_id == 1  # the copied meeting table kept its references
        for moment in (at, summer, events[0].recorded_at, undone.undone_at):
            assert moment.tzinfo is not None and moment.utcoffset() == timedelta(0)
        # a converted value compares and sorts with one written after the migration
        session.add(models.LoginAttempt(username="sekretariat", at=at + timedelta(minutes=1), success=True))
        session.commit()
        recent = session.scalars(select(models.LoginAttempt.id).where(models.LoginAttempt.at >= at + timedelta(
            minutes=15)).order_by(models.LoginAttempt.at)).all()
        assert recent == [2]
        assert session.scalars(select(models.LoginAttempt.id).order_by(models.LoginAttempt.at)).all() == [1, 3, 2]
    if url.startswith("sqlite"):  # stored in the text SQLAlchemy's SQLite DateTime and Date write and read
        with db.engine(url).connect() as connection:
            assert connection.execute(text("SELECT at FROM login_attempt WHERE id = 1")).scalar() == (
                "2026-11-30 14:00:00.000000")
            assert connection.execute(text("SELECT date FROM meeting")).scalar() == "2026-03-04"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1  # enforced again afterwards
    else:
        with db.engine(url).connect() as connection:
            kinds = dict(connection.execute(text(
                "SELECT table_name || '.' || column_name, data_type FROM information_schema.columns"
                " WHERE table_name IN ('login_attempt', 'meeting') AND column_name IN ('at', 'date')")).all())
        assert kinds == {"login_attempt.at": "timestamp with time zone", "meeting.date": "date"}


def test_0005_downgrade_gives_the_strings_back(url):
    database_at_0004(url)
    db.migrate(url)
    command.downgrade(db.alembic_config(url), "0004")
    with db.engine(url).connect() as connection:
        assert connection.execute(text("SELECT date, recorded_at FROM member_event ORDER BY id")).all() == [
            ("2020-05-26", AT), (None, SUMMER)]
        assert connection.execute(text("SELECT uploaded_at, undone_at FROM member_import ORDER BY id")).all() == [
            (SUMMER, AT), (AT, None)]
        assert connection.execute(text("SELECT term_start, term_end FROM steering_seat")).one() == (
            "2025-01-01", "2026-12-31")
    db.migrate(url)  # and up again
    with db.session(url) as session:
        assert session.get(models.FollowUp, 1).due == date(2026, 4, 3)


def test_a_value_that_is_no_date_stops_the_migration_and_changes_nothing(url):
    database_at_0004(url)
    with db.engine(url).begin() as connection:
        connection.execute(text("INSERT INTO meeting (id, date, place, agenda, minutes)"
                                " VALUES (2, '2026-02-30', 'X', '', '')"))
    with pytest.raises(Exception, match="2026-02-30|day is out of range|out of range"):
        db.migrate(url)
    with db.engine(url).connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0004"
        assert connection.execute(text("SELECT recorded_at FROM member_event WHERE id = 1")).scalar() == AT
        if url.startswith("sqlite"):
            tables = connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'")).scalars().all()
            assert not [name for name in tables if name.startswith("_alembic_tmp")]
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_timestamps_come_back_aware_in_utc(url):
    db.migrate(url)
    oslo_summer = timezone(timedelta(hours=2))
    written = datetime(2026, 7, 1, 12, 0, 0, 123456, tzinfo=oslo_summer)
    with db.session(url) as session:
        session.add(models.AuditEntry(at=written, user="u", entity="e", entity_id="1", action="create"))
        session.commit()
    with db.session(url) as session:
        stored = session.scalars(select(models.AuditEntry)).one().at
    assert stored == written and stored.tzinfo == UTC and stored.hour == 10 and stored.microsecond == 123456


@pytest.mark.parametrize("wrong", [datetime(2026, 7, 1, 10), "2026-07-01T10:00:00+00:00"])
def test_a_time_without_a_zone_or_as_text_is_refused(url, wrong):
    db.migrate(url)
    with db.session(url) as session:
        session.add(models.AuditEntry(at=wrong, user="u", entity="e", entity_id="1", action="create"))
        with pytest.raises(StatementError):
            session.commit()


def test_local_time_in_oslo():
    assert when(datetime(2026, 7, 1, 10, tzinfo=UTC), "nb") == "01.07.2026, 12:00"  # summer time, UTC+2
    assert when(datetime(2026, 1, 1, 10, tzinfo=UTC), "nb") == "01.01.2026, 11:00"  # winter, UTC+1
    assert when("2026-01-01T10:00:00+00:00", "en") == "01/01/2026, 11:00"
    assert when(datetime(2026, 3, 29, 1, 30, tzinfo=UTC), "nb") == "29.03.2026, 03:30"  # just after the change
    assert when(datetime(2026, 12, 31, 23, 30, tzinfo=UTC), "nb") == "01.01.2027, 00:30"  # a new year in Oslo
    assert when(None, "nb") == "" and day(None, "en") == ""
    assert day(date(2026, 5, 17), "nb") == "17.05.2026" and day("2026-05-17", "en") == "17/05/2026"
    with pytest.raises(ValueError):
        when(datetime(2026, 7, 1, 10), "nb")  # a naive time could be any clock's


@pytest.mark.parametrize("lang, summer, winter", [("nb", "01.07.2026, 12:00", "01.01.2026, 11:00"),
                                                  ("en", "01/07/2026, 12:00", "01/01/2026, 11:00")])
def test_the_change_log_and_the_users_page_show_oslo_time(tmp_path, monkeypatch, lang, summer, winter):
    from streamlit.testing.v1 import AppTest

    from core import auth
    from core.gate import SYSTEM
    from core.i18n import t

    url = f"sqlite:///{tmp_path / 'pages.sqlite'}"
    db.migrate(url)
    auth.create_user(SYSTEM, "admin.user", "Admin", None, "admin", url=url)
    with db.session(url) as session:
        for moment in (datetime(2026, 7, 1, 10, tzinfo=UTC), datetime(2026, 1, 1, 10, tzinfo=UTC)):
            session.add(models.AuditEntry(at=moment, user="u", entity="meeting", entity_id="1", action="create"))
        session.get(models.User, 1).created_at = datetime(2026, 7, 1, 10, tzinfo=UTC)
        session.commit()
    monkeypatch.setenv("DATABASE_URL", url)
    shown = {}
    for page, column in (("audit_log", "column.when"), ("users", "users.created_at")):
        app = AppTest.from_file(str(PAGES / f"{page}.py"), default_timeout=60)
        app.session_state["lang"] = lang
        app.session_state["identity"] = auth.Identity("admin.user", "Admin", "admin")
        app.run()
        assert not app.exception, [e.value for e in app.exception]
        shown[page] = set(app.dataframe[0].value[t(column, lang)])
    assert {summer, winter} <= shown["audit_log"]
    assert shown["users"] == {summer}


def test_inputs_as_dates_or_strings():
    assert as_date("2026-02-28") == as_date(date(2026, 2, 28)) == date(2026, 2, 28)
    assert as_utc("2026-07-01T12:00:00+02:00") == datetime(2026, 7, 1, 10, tzinfo=UTC)
    for wrong in ("2026-02-30", "", None, datetime(2026, 2, 28, tzinfo=UTC)):
        with pytest.raises(ValueError):
            as_date(wrong)
