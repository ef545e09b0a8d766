"""`python -m core backup` / `restore` (issue 17 §4): a round trip gives back every table row for row, on SQLite
(a private copy of the public data) and on PostgreSQL (when TEST_DATABASE_URL is set and pg_dump is on the PATH);
a file that is not a backup is refused with nothing changed. Accounts and members here are invented by the test.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import text

from core import auth, backup, db, gate, models
from core.__main__ import main
from core.config import settings_for_tests
from core.gate import SYSTEM
from core.network import members

POSTGRES_URL = settings_for_tests().test_database_url
PASSWORD = "korrekt hest batteri stift"  # invented for tests


def every_table(url: str) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, as plain tuples."""
    engine = db.engine(url)
    tables = sa.MetaData()
    tables.reflect(engine)
    with engine.connect() as connection:
        return {name: sorted((tuple(row) for row in connection.execute(sa.select(table))), key=repr)
                for name, table in tables.tables.items()}


def change_everything_a_little(url: str) -> None:
    auth.create_user(SYSTEM, "oppdiktet.ny", "Oppdiktet ny bruker", PASSWORD, "secretariat", url=url)
    with gate.write(SYSTEM, "member.manage", url=url) as change:
        member = change.session.scalars(sa.select(models.Member).order_by(models.Member.id)).first()
        member.note = "Endret etter sikkerhetskopien (oppdiktet)"


def test_sqlite_round_trip_gives_back_every_table(private_database, tmp_path):
    url = private_database("backup")
    auth.create_user(SYSTEM, "sekretariat", "Sekretariatet", PASSWORD, "secretariat", url=url)
    with gate.write(SYSTEM, "member.manage", url=url) as change:
        change.session.add(models.Member(kind="kommune", code="5610", name="Karasjok", founding=False,
                                         note="oppdiktet"))
    before = every_table(url)
    assert sum(len(rows) for rows in before.values()) > 1000  # the public data is in it
    file = backup.backup(tmp_path / "dashboard.backup", url)
    change_everything_a_little(url)
    assert every_table(url) != before
    backup.restore(file, url)
    assert every_table(url) == before


def test_a_file_that_is_not_a_backup_changes_nothing(private_database, tmp_path):
    url = private_database("backup_refused")
    before = every_table(url)
    text_file = tmp_path / "notes.txt"
    text_file.write_text("not a database\n")
    empty_sqlite = tmp_path / "empty.sqlite"
    sa.create_engine(f"sqlite:///{empty_sqlite}").connect().close()
    good = backup.backup(tmp_path / "good.backup", url)
    truncated = tmp_path / "truncated.backup"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 3])
    for path, key in ((text_file, "backup.error.not_backup"), (tmp_path / "absent", "backup.error.missing"),
                      (truncated, None)):
        with pytest.raises(backup.BackupError) as refused:
            backup.restore(path, url)
        assert key is None or refused.value.key == key
    assert every_table(url) == before


def test_the_command_line_backs_up_and_restores(private_database, tmp_path, monkeypatch, capsys):
    url = private_database("backup_cli")
    monkeypatch.setenv("DATABASE_URL", url)
    before = every_table(url)
    assert main(["backup", "--out", str(tmp_path / "cli.backup")]) == 0
    auth.create_user(SYSTEM, "oppdiktet.ny", "Oppdiktet", PASSWORD, "secretariat", url=url)
    assert main(["restore", "--from", str(tmp_path / "cli.backup")]) == 0
    assert every_table(url) == before
    assert main(["restore", "--from", str(tmp_path / "absent.backup")]) == 2
    assert "does not exist" in capsys.readouterr().err


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason="TEST_DATABASE_URL is not set")
@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not on the PATH")
def test_postgresql_round_trip_gives_back_every_table(tmp_path):
    url = POSTGRES_URL
    with db.engine(url).begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    db.migrate(url)
    auth.create_user(SYSTEM, "sekretariat", "Sekretariatet", PASSWORD, "secretariat", url=url)
    with gate.write(SYSTEM, "member.manage", url=url) as change:
        change.session.add(models.County(code="99", name="Testfylket", official_name="Testfylket (oppdiktet)"))
    members.apply(SYSTEM, "fylkeskommune", "99", "Testfylket", "2025-01-10", note="oppdiktet", url=url)
    before = every_table(url)
    file = backup.backup(tmp_path / "pg.backup", url)
    assert Path(file).read_bytes()[:5] == b"PGDMP"
    change_everything_a_little(url)
    assert every_table(url) != before
    backup.restore(file, url)
    assert every_table(url) == before
    with pytest.raises(backup.BackupError):
        backup.restore(tmp_path / "pg.backup.partial", url)
