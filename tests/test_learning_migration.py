"""Migration 0007 (the learning arena) on SQLite and PostgreSQL: it adds its tables to a database of the revision
before without touching what is there, matches the models exactly, stores attachments byte for byte, and its
downgrade drops only its own tables. The revision history stays one line with one head."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select, text

from core import db, models

REVISION, BEFORE = "0007", "0006"
TABLES = {"practice_case", "practice_case_text", "practice_case_link", "practice_case_attachment", "assessment_year",
          "process_assessment", "partner", "partner_dialogue", "activity_partner"}
CONTENT = bytes(range(256)) * 3 + b"%PDF-\x00\xff"  # every byte value, NUL and 0xFF included
AT = datetime(2026, 7, 1, 10, tzinfo=UTC)





@pytest.fixture
def url(empty_database_url) -> str:  # an empty database on each backend (conftest)
    return empty_database_url

def test_one_line_of_revisions_with_this_one_at_its_head():
    script = ScriptDirectory.from_config(db.alembic_config("sqlite://"))
    assert script.get_heads() == [script.get_current_head()]
    assert script.get_revision(REVISION).down_revision == BEFORE
    assert len(list(script.walk_revisions())) == len({r.revision for r in script.walk_revisions()})


def test_0007_adds_its_tables_beside_the_data_there_and_matches_the_models(url):
    db.migrate(url, BEFORE)
    with db.engine(url).begin() as connection:
        connection.execute(text("INSERT INTO activity (id, year, title, lead, status, description)"
                                " VALUES (1, 2026, 'Oppdiktet samling', '', 'planned', '')"))
    assert not TABLES & set(inspect(db.engine(url)).get_table_names())
    db.migrate(url)
    assert set(inspect(db.engine(url)).get_table_names()) >= TABLES
    with db.engine(url).connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}),
                                       models.Base.metadata)
    ours = [d for d in differences if any(table in repr(d) for table in TABLES)]
    assert ours == []

    with db.session(url) as session:
        assert session.get(models.ActivityPlan, 1).title == "Oppdiktet samling"
        case = models.PracticeCase(area_level="municipality", area_code="5610", language="se", year=2025,
                                   status="draft", contact="", review_note="", created_by="x", created_at=AT,
                                   updated_by="x", updated_at=AT)
        session.add(case)
        session.flush()
        session.add_all([
            models.PracticeCaseText(case_id=case.id, language="se", title="Oppdiktet – Kárášjohka", summary="",
                                    done="", results=""),
            models.PracticeCaseAttachment(case_id=case.id, file_name="a.pdf", media_type="application/pdf",
                                          size=len(CONTENT), sha256="0" * 64, content=CONTENT, uploaded_by="x",
                                          uploaded_at=AT),
            models.Partner(name="Oppdiktet", kind="un", sectors="", contact_person="", contact_email="",
                           agreements="", note="", active=True),
            models.AssessmentYear(year=2025, closed=True, changed_by="x", changed_at=AT),
        ])
        session.flush()
        partner = session.scalar(select(models.Partner))
        session.add(models.PartnerDialogue(partner_id=partner.id, date=date(2026, 3, 1), participants="x",
                                           agreed="y", follow_up_due=date(2026, 4, 1), follow_up_status="open",
                                           recorded_by="x", recorded_at=AT))
        session.add(models.ActivityPartner(activity_id=1, partner_id=partner.id))
        session.commit()
    with db.session(url) as session:
        stored = session.scalar(select(models.PracticeCaseAttachment))
        assert stored.content == CONTENT and stored.uploaded_at == AT
        assert session.scalar(select(models.PartnerDialogue)).follow_up_due == date(2026, 4, 1)
        assert session.get(models.AssessmentYear, 2025).closed is True


def test_0007_downgrade_drops_only_its_own_tables(url):
    db.migrate(url)
    with db.engine(url).begin() as connection:
        connection.execute(text("INSERT INTO activity (id, year, title, lead, status, description)"
                                " VALUES (1, 2026, 'Oppdiktet samling', '', 'planned', '')"))
        connection.execute(text("INSERT INTO partner (id, name, kind, sectors, contact_person, contact_email,"
                                " agreements, note, active) VALUES (1, 'Oppdiktet', 'un', '', '', '', '', '', true)"))
        connection.execute(text("INSERT INTO activity_partner (activity_id, partner_id) VALUES (1, 1)"))
    command.downgrade(db.alembic_config(url), BEFORE)
    tables = set(inspect(db.engine(url)).get_table_names())
    assert not TABLES & tables and {"activity", "meeting", "app_user"} <= tables
    with db.engine(url).connect() as connection:
        assert connection.execute(text("SELECT title FROM activity")).scalar() == "Oppdiktet samling"
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == BEFORE
    db.migrate(url)  # and up again
    assert set(inspect(db.engine(url)).get_table_names()) >= TABLES
