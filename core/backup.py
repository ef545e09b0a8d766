"""Backup and restore of the whole database: SQLite through its online backup API, PostgreSQL through pg_dump and
pg_restore (custom format).

Everything is in the database (public data, members' uploads, cases with their attachments, accounts, the change
log), so one file holds it all. A backup of SQLite is taken while the app runs (the backup API copies a consistent
state); a restore replaces the database in one step, and a file that is not a backup of ours (not SQLite, damaged,
without our schema) is refused before anything is touched. On PostgreSQL pg_restore runs in one transaction, so a
failed restore leaves the database as it was. The password of a PostgreSQL URL goes to pg_dump in its environment
(PGPASSWORD), never on its command line.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from core import config, db
from core.errors import UserError

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"


class BackupError(UserError):
    """A backup or restore refused, as a translation key and values (English on the command line)."""


def backup(out: Path | str, url: str | None = None) -> Path:
    """Write a backup of the database to `out` (replaced only when the backup is complete); returns its path."""
    url = url or config.settings().database_url
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    backend = make_url(url).get_backend_name()
    try:
        if backend == "sqlite":
            _sqlite_backup(_sqlite_path(url), partial)
        elif backend == "postgresql":
            _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}",
                  f"--dbname={_conninfo(url)}"], url, "backup.error.pg_dump")
        else:
            raise BackupError("backup.error.backend", backend=backend)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return out


def restore(source: Path | str, url: str | None = None) -> None:
    """Replace the database with the backup in `source`, all at once; a file that is not a backup is refused."""
    url = url or config.settings().database_url
    source = Path(source)
    if not source.is_file():
        raise BackupError("backup.error.missing", path=str(source))
    backend = make_url(url).get_backend_name()
    head = source.open("rb").read(16)
    if backend == "sqlite":
        if not head.startswith(SQLITE_HEADER):
            raise BackupError("backup.error.not_backup", path=str(source), kind="SQLite")
        _sqlite_restore(source, _sqlite_path(url))
    elif backend == "postgresql":
        if not head.startswith(PG_DUMP_HEADER):
            raise BackupError("backup.error.not_backup", path=str(source), kind="pg_dump")
        _run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
              "--exit-on-error", f"--dbname={_conninfo(url)}", str(source)], url, "backup.error.pg_restore")
    else:
        raise BackupError("backup.error.backend", backend=backend)
    db.engine(url).dispose()  # connections opened before the restore must not serve what they cached


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("backup.error.backend", backend="sqlite (in memory)")
    return Path(database)


def _sqlite_backup(database: Path, out: Path) -> None:
    if not database.is_file():
        raise BackupError("backup.error.missing", path=str(database))
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30)
    target = sqlite3.connect(out)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _sqlite_restore(backup_file: Path, database: Path) -> None:
    source = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
    try:
        try:
            verdict = source.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as error:
            raise BackupError("backup.error.not_backup", path=str(backup_file), kind="SQLite") from error
        if verdict != "ok":
            raise BackupError("backup.error.damaged", path=str(backup_file))
        if "alembic_version" not in tables:
            raise BackupError("backup.error.not_backup", path=str(backup_file), kind="SQLite")
        database.parent.mkdir(parents=True, exist_ok=True)
        target = sqlite3.connect(database, timeout=30)
        try:
            source.backup(target)  # the backup API writes the whole database under one lock: all or nothing
        finally:
            target.close()
    finally:
        source.close()


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError("backup.error.tool", tool=name)
    return found


def _conninfo(url: str) -> str:
    """A libpq URI without the password (which goes into the environment)."""
    parsed = make_url(url).set(drivername="postgresql", password=None)
    return parsed.render_as_string(hide_password=False)


def _run(command: list[str], url: str, key: str) -> None:
    password = make_url(url).password
    environment = config.subprocess_environment(**({"PGPASSWORD": str(password)} if password else {}))
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["(no message)"])[-1][:300]
        raise BackupError(key, message=last)
