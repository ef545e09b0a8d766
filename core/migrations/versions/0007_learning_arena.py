"""the learning arena: good-practice cases, the six processes' yearly self-assessment, partners and dialogue

Revision ID: 0007
Revises: 0006

New tables only; nothing existing changes. Cases (practice_case) keep their texts per language
(practice_case_text: the language written in and at most one translation), their links to SDG goals and targets, the
six processes and indicators (practice_case_link), and attachments checked by content (practice_case_attachment,
the file in the database: BLOB on SQLite, bytea on PostgreSQL). The self-assessment: a maturity level per member,
year and process (process_assessment), and the years the secretariat has closed (assessment_year). Partners of
Bærekraftsløftet (partner), the dialogue log with its follow-ups (partner_dialogue), and the partners named in the
activity plan (activity_partner). No foreign keys to public tables, which a rebuild rewrites. The downgrade drops
the nine tables.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _moment(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "practice_case",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("area_level", sa.String(length=12), nullable=False),
        sa.Column("area_code", sa.String(length=4), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("contact", sa.String(length=300), nullable=False),
        sa.Column("review_note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        _moment("created_at"),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        _moment("updated_at"),
        _moment("submitted_at", nullable=True),
        sa.Column("approved_by", sa.String(length=200), nullable=True),
        _moment("approved_at", nullable=True),
    )
    op.create_index("ix_practice_case_area_level", "practice_case", ["area_level"])
    op.create_index("ix_practice_case_area_code", "practice_case", ["area_code"])
    op.create_index("ix_practice_case_status", "practice_case", ["status"])

    op.create_table(
        "practice_case_text",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("practice_case.id"), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("done", sa.Text(), nullable=False),
        sa.Column("results", sa.Text(), nullable=False),
        sa.UniqueConstraint("case_id", "language", name="uq_practice_case_text"),
    )
    op.create_index("ix_practice_case_text_case_id", "practice_case_text", ["case_id"])

    op.create_table(
        "practice_case_link",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("practice_case.id"), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.UniqueConstraint("case_id", "kind", "code", name="uq_practice_case_link"),
    )
    op.create_index("ix_practice_case_link_case_id", "practice_case_link", ["case_id"])
    op.create_index("ix_practice_case_link_kind_code", "practice_case_link", ["kind", "code"])

    op.create_table(
        "practice_case_attachment",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("practice_case.id"), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=200), nullable=False),
        _moment("uploaded_at"),
    )
    op.create_index("ix_practice_case_attachment_case_id", "practice_case_attachment", ["case_id"])

    op.create_table(
        "assessment_year",
        sa.Column("year", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("changed_by", sa.String(length=200), nullable=False),
        _moment("changed_at"),
    )

    op.create_table(
        "process_assessment",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("area_level", sa.String(length=12), nullable=False),
        sa.Column("area_code", sa.String(length=4), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("process", sa.String(length=20), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        _moment("updated_at"),
        sa.UniqueConstraint("area_level", "area_code", "year", "process", name="uq_process_assessment"),
    )
    op.create_index("ix_process_assessment_year", "process_assessment", ["year"])

    op.create_table(
        "partner",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(length=200), nullable=False, unique=True),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("sectors", sa.String(length=200), nullable=False),
        sa.Column("contact_person", sa.String(length=200), nullable=False),
        sa.Column("contact_email", sa.String(length=200), nullable=False),
        sa.Column("agreements", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
    )

    op.create_table(
        "partner_dialogue",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("partner_id", sa.Integer(), sa.ForeignKey("partner.id"), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("participants", sa.String(length=500), nullable=False),
        sa.Column("agreed", sa.Text(), nullable=False),
        sa.Column("follow_up", sa.Text(), nullable=False),
        sa.Column("follow_up_owner", sa.String(length=200), nullable=False),
        sa.Column("follow_up_due", sa.Date(), nullable=True),
        sa.Column("follow_up_status", sa.String(length=10), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        _moment("recorded_at"),
    )
    op.create_index("ix_partner_dialogue_partner_id", "partner_dialogue", ["partner_id"])

    op.create_table(
        "activity_partner",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("activity_id", sa.Integer(), sa.ForeignKey("activity.id"), nullable=False),
        sa.Column("partner_id", sa.Integer(), sa.ForeignKey("partner.id"), nullable=False),
        sa.UniqueConstraint("activity_id", "partner_id", name="uq_activity_partner"),
    )
    op.create_index("ix_activity_partner_activity_id", "activity_partner", ["activity_id"])
    op.create_index("ix_activity_partner_partner_id", "activity_partner", ["partner_id"])


def downgrade() -> None:
    for table in ("activity_partner", "partner_dialogue", "partner", "process_assessment", "assessment_year",
                  "practice_case_attachment", "practice_case_link", "practice_case_text", "practice_case"):
        op.drop_table(table)  # their indexes go with them
