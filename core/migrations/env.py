"""Alembic environment: uses the project's engine URL and models."""

from alembic import context
from sqlalchemy import engine_from_config, pool

from core import config as project_config
from core.models import Base

alembic_config = context.config
url = alembic_config.get_main_option("sqlalchemy.url") or project_config.settings().database_url


def run_migrations() -> None:
    connectable = alembic_config.attributes.get("connection")
    if connectable is None:
        engine = engine_from_config({"sqlalchemy.url": url}, prefix="sqlalchemy.", poolclass=pool.NullPool)
        with engine.connect() as connection:
            _run(connection)
    else:
        _run(connectable)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
