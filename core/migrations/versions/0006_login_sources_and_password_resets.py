"""login attempts keep their source and whether they were refused; an account can be made to change its password

Revision ID: 0006
Revises: 0005

login_attempt.source is the client's address (Streamlit's st.context.ip_address; NULL where unknown, as on
localhost), so that one source failing against many usernames is slowed down too; login_attempt.refused marks an
attempt the slowdown turned away before any password was checked (it is logged, and counts toward nothing).
app_user.must_change_password is set when an administrator resets a password. Existing rows get false; the
downgrade drops the three columns.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("login_attempt") as batch:
        batch.add_column(sa.Column("source", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("refused", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.create_index("ix_login_attempt_source", ["source"])
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("must_change_password")
    with op.batch_alter_table("login_attempt") as batch:
        batch.drop_index("ix_login_attempt_source")
        batch.drop_column("refused")
        batch.drop_column("source")
