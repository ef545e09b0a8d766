"""The one engine and session factory, and schema migration through Alembic."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from core import config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
CONNECT_TIMEOUT_S = 10


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    # hide_parameters: a statement's values (a password hash, a member's text) never reach a log or an error message,
    # also when an operator turns SQLAlchemy's statement logging on.
    # A PostgreSQL host that does not answer is "unavailable" within seconds, not after TCP's two minutes (a page's
    # message, and serve.py's warm-up before the server listens).
    options = {"connect_args": {"connect_timeout": CONNECT_TIMEOUT_S}} if url.startswith("postgresql") else {}
    engine = create_engine(url, pool_pre_ping=True, hide_parameters=True, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def engine(url: str | None = None) -> Engine:
    return engine_for(url or config.settings().database_url)


def session(url: str | None = None) -> Session:
    return sessionmaker(engine(url), expire_on_commit=False)()


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def migrate(url: str | None = None, revision: str = "head") -> None:
    """Bring the schema to the newest revision (or to `revision`), in one transaction."""
    url = url or config.settings().database_url
    cfg = alembic_config(url)
    with engine(url).connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:  # batch mode copies and drops tables others refer to: SQLite must not enforce keys meanwhile
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")  # (a no-op inside a transaction: set before it)
            connection.commit()
        try:
            with connection.begin():
                if sqlite:  # pysqlite would open the transaction only at the first INSERT or UPDATE, after some DDL
                    connection.exec_driver_sql("BEGIN")
                cfg.attributes["connection"] = connection
                command.upgrade(cfg, revision)
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise RuntimeError("the migration left rows whose foreign keys point nowhere; nothing was changed")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()
