"""members' own data: imports, values and their changes

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _value_columns(prefix: str) -> list[sa.Column]:
    return [
        sa.Column(f"{prefix}value", sa.Float(), nullable=True),
        sa.Column(f"{prefix}target", sa.Float(), nullable=True),
        sa.Column(f"{prefix}direction", sa.String(length=10), nullable=True),
        sa.Column(f"{prefix}source", sa.String(length=300), nullable=True),
        sa.Column(f"{prefix}quality", sa.String(length=10), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "member_import",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("encoding", sa.String(length=20), nullable=False),
        sa.Column("uploaded_by", sa.String(length=200), nullable=False),
        sa.Column("uploaded_at", sa.String(length=32), nullable=False),
        sa.Column("areas", sa.Text(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("changes", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("undone_by", sa.String(length=200), nullable=True),
        sa.Column("undone_at", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "member_value",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("area_level", sa.String(length=12), nullable=False),
        sa.Column("area_code", sa.String(length=4), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("direction", sa.String(length=10), nullable=True),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("quality", sa.String(length=10), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("area_level", "area_code", "kind", "code", "year", name="uq_member_value"),
    )
    with op.batch_alter_table("member_value", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_member_value_import_id"), ["import_id"], unique=False)
    op.create_table(
        "member_value_change",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("area_level", sa.String(length=12), nullable=False),
        sa.Column("area_code", sa.String(length=4), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        *_value_columns("old_"),
        sa.Column("old_import_id", sa.Integer(), nullable=True),
        *_value_columns("new_"),
        sa.Column("changed_by", sa.String(length=200), nullable=False),
        sa.Column("changed_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("member_value_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_member_value_change_import_id"), ["import_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("member_value_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_value_change_import_id"))
    op.drop_table("member_value_change")
    with op.batch_alter_table("member_value", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_value_import_id"))
    op.drop_table("member_value")
    op.drop_table("member_import")
