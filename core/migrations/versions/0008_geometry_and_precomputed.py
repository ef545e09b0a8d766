"""geometry, land neighbours and the frames the build computes once for every process

Revision ID: 0008
Revises: 0007

New tables only, all rewritten by every build: area_geometry (each municipality's and county's drawn boundary as
GeoJSON text and its area in km² measured in EPSG:25833), neighbour_pair (municipalities sharing a land border, both
directions) and stored_frame (the score book's frames and the structural variables for peers as Parquet bytes:
BLOB on SQLite, bytea on PostgreSQL), so an app process reads them at start instead of computing them.
The downgrade drops the three tables.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "area_geometry",
        sa.Column("area_level", sa.String(length=12), primary_key=True),
        sa.Column("area_code", sa.String(length=4), primary_key=True),
        sa.Column("geometry", sa.Text(), nullable=False),
        sa.Column("area_km2", sa.Float(), nullable=False),
    )
    op.create_table(
        "neighbour_pair",
        sa.Column("code", sa.String(length=4), sa.ForeignKey("municipality.code"), primary_key=True),
        sa.Column("neighbour_code", sa.String(length=4), sa.ForeignKey("municipality.code"), primary_key=True),
        sa.Column("border_km", sa.Float(), nullable=False),
    )
    op.create_table(
        "stored_frame",
        sa.Column("name", sa.String(length=40), primary_key=True),
        sa.Column("basis", sa.String(length=300), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
    )


def downgrade() -> None:
    for table in ("stored_frame", "neighbour_pair", "area_geometry"):
        op.drop_table(table)
