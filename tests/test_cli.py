"""python -m core: exports, the PDF, accounts, settings; --help, and errors as sentences with exit code 2."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from core import queries
from core.__main__ import main
from core.catalogue import load_catalogue
from core.exports import EXPORT_COLUMNS


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_indicators_csv_has_an_id_column(capsys):
    code, out, _ = run(capsys, "indicators")
    frame = pd.read_csv(io.StringIO(out))
    assert code == 0 and "id" in frame.columns and len(frame) == len(load_catalogue())
    assert {"direction", "optimum", "optimum_source", "green", "red", "target_2030", "sdg_goal"} <= set(frame.columns)


@pytest.mark.parametrize("level", ["municipality", "county", "country"])
def test_export_has_the_documented_columns(capsys, built_database, level):
    code, out, _ = run(capsys, "export", "--indicator", "population", "--year", "2024", "--level", level)
    frame = pd.read_csv(io.StringIO(out), dtype={"code": str})
    rows = {"municipality": len(queries.municipalities()), "county": len(queries.counties()), "country": 1}[level]
    assert code == 0 and list(frame.columns) == EXPORT_COLUMNS and len(frame) == rows


def test_export_rejects_unknown_indicator_and_year_in_one_line(capsys, built_database):
    code, _, err = run(capsys, "export", "--indicator", "no_such_thing")
    assert code == 2 and "unknown indicator" in err and err.count("\n") == 1
    code, _, err = run(capsys, "export", "--indicator", "turnout_parliament", "--year", "2019")
    assert code == 2 and "2021" in err


def test_export_scores_for_one_municipality(capsys, built_database):
    from core.exports import SCORE_COLUMNS

    code, out, _ = run(capsys, "export-scores", "--code", "0301")
    frame = pd.read_csv(io.StringIO(out), dtype={"code": str})
    assert code == 0 and list(frame.columns) == SCORE_COLUMNS
    assert set(frame.code) == {"0301"}
    goal_rows = frame[frame.indicator.isna()]
    assert len(goal_rows) == goal_rows.goal.nunique() and goal_rows.value.isna().all()
    indicator_rows = frame[frame.indicator.notna()]
    assert indicator_rows.score.between(0, 100).all()
    assert set(indicator_rows.colour) <= {"green", "yellow", "orange", "red"}


def test_export_scores_for_all_and_unknown_code(capsys, built_database):
    code, out, _ = run(capsys, "export-scores")
    frame = pd.read_csv(io.StringIO(out), dtype={"code": str})
    assert code == 0
    assert frame[frame.level == "municipality"].code.nunique() == len(queries.municipalities())
    assert frame[frame.level == "county"].code.nunique() == len(queries.counties())
    code, _, err = run(capsys, "export-scores", "--code", "9999")
    assert code == 2 and "unknown municipality or county code" in err


def test_neighbours_are_reproducible_from_the_exported_structure(capsys, built_database):
    """Recompute the neighbours of 5610 from `structure`'s z-scores with plain numpy and compare."""
    import numpy as np

    _, structure, _ = run(capsys, "structure")
    frame = pd.read_csv(io.StringIO(structure), dtype={"code": str}).set_index("code")
    z = frame[[c for c in frame.columns if c.endswith("_z")]]
    me = z.loc["5610"].to_numpy()
    expected = []
    for code, row in z.drop(index="5610").iterrows():
        diff = row.to_numpy() - me
        shared = ~np.isnan(diff)
        if shared.any():
            expected.append((float(np.sqrt(np.nansum(diff**2) * len(diff) / shared.sum())), code))
    expected.sort()
    code, out, _ = run(capsys, "neighbours", "--code", "5610", "--k", "10")
    found = pd.read_csv(io.StringIO(out), dtype={"code": str})
    assert code == 0 and list(found.code) == [c for _, c in expected[:10]]
    assert found.distance.tolist() == pytest.approx([d for d, _ in expected[:10]])


# The command line itself: help, settings, accounts, and errors as sentences ------------------------------------------


def test_help_lists_every_command_and_every_variable_the_app_reads(capsys):
    from core.config import Settings

    with pytest.raises(SystemExit) as done:
        main(["--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0
    for variable in Settings.variables():
        assert f"\n  {variable}\n" in out
    for command in ("fetch", "build", "ssb-refresh", "indicators", "export", "export-scores", "structure",
                    "neighbours", "pdf", "create-admin", "create-user", "set-active", "users", "settings"):
        assert f"    {command}" in out


def test_settings_show_what_is_in_effect_without_passwords(capsys, monkeypatch):
    from core.config import configuration_table

    monkeypatch.setenv("DATABASE_URL", "postgres://kari:hemmelig@db.example/dashboard")
    monkeypatch.setenv("DASHBOARD_ADMIN_PASSWORD", "et langt nok adminpassord")
    code, out, _ = run(capsys, "settings")
    assert code == 0 and "hemmelig" not in out and "adminpassord" not in out
    assert "DATABASE_URL=postgresql+psycopg://kari:***@db.example/dashboard\n" in out
    assert "DASHBOARD_ADMIN_PASSWORD=(set, not shown)\n" in out
    code, out, _ = run(capsys, "settings", "--readme")
    assert code == 0 and out == configuration_table()


@pytest.fixture
def empty_database(tmp_path, monkeypatch) -> str:
    """A migrated database with one county and no accounts, named by DATABASE_URL as the command line reads it."""
    from core import db, models

    url = f"sqlite:///{tmp_path / 'accounts.sqlite'}"
    db.migrate(url)
    with db.session(url) as session:
        session.add(models.County(code="03", name="Oslo", official_name="Oslo"))
        session.commit()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("DASHBOARD_ADMIN_PASSWORD", raising=False)
    yield url
    db.engine_for(url).dispose()


def typed(monkeypatch, *answers: str) -> list[str]:
    """Answer the password prompts (getpass, which never echoes); returns the prompts asked."""
    import getpass

    asked, replies = [], iter(answers)

    def fake_getpass(prompt: str = "Password: ", stream=None) -> str:
        asked.append(prompt)
        return next(replies)

    monkeypatch.setattr(getpass, "getpass", fake_getpass)
    return asked


def test_accounts_from_the_command_line(capsys, monkeypatch, empty_database):
    from core import auth

    asked = typed(monkeypatch, "et langt nok passord", "et langt nok passord")
    code, out, _ = run(capsys, "create-user", "--username", "kari@oslo.kommune.no", "--role", "coordinator",
                       "--area", "03", "--name", "Kari")
    assert code == 0 and "created coordinator kari@oslo.kommune.no for county 03" in out and len(asked) == 2
    monkeypatch.setenv("DASHBOARD_ADMIN_PASSWORD", "et annet langt passord")
    code, out, _ = run(capsys, "create-admin", "--username", "root.admin")
    assert code == 0 and "created administrator root.admin" in out and len(asked) == 2  # not asked again
    assert auth.authenticate("root.admin", "et annet langt passord", empty_database).is_admin
    code, _, _ = run(capsys, "create-user", "--username", "ola@example.org", "--role", "secretariat", "--no-password")
    assert code == 0

    code, out, _ = run(capsys, "users")
    frame = pd.read_csv(io.StringIO(out), dtype={"area_code": str})
    assert list(frame.username) == ["kari@oslo.kommune.no", "ola@example.org", "root.admin"]
    assert "password_hash" not in frame.columns and frame.active.all()
    assert frame.set_index("username").loc["kari@oslo.kommune.no", "area_code"] == "03"

    code, out, _ = run(capsys, "set-active", "--username", "kari@oslo.kommune.no", "--active", "no")
    assert code == 0 and "can no longer log in" in out
    code, out, _ = run(capsys, "users")
    assert not pd.read_csv(io.StringIO(out)).set_index("username").loc["kari@oslo.kommune.no", "active"]


@pytest.mark.parametrize("argv, answers, message", [
    (["create-admin", "--username", "x.admin"], ["kort", "kort"], "The password needs at least 12 characters."),
    (["create-admin", "--username", "x.admin"], ["et langt nok passord", "et annet passord!"],
     "The two passwords differ. Nothing was changed."),
    (["create-user", "--username", "kari", "--role", "coordinator", "--area", "4601"], ["et langt nok passord"] * 2,
     "A coordinator must be bound to an existing municipality or county."),
    (["set-active", "--username", "nobody", "--active", "yes"], [], "Unknown user “nobody”."),
])
def test_user_errors_are_one_english_sentence_and_exit_code_2(capsys, monkeypatch, empty_database, argv, answers,
                                                               message):
    from core import auth

    typed(monkeypatch, *answers)
    code, out, err = run(capsys, *argv)
    assert (code, out, err) == (2, "", f"error: {message}\n")
    assert auth.users(empty_database) == []


def test_a_cancelled_password_prompt_changes_nothing(capsys, monkeypatch, empty_database):
    import getpass

    def cancelled(prompt: str = "", stream=None) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(getpass, "getpass", cancelled)
    code, _, err = run(capsys, "create-admin", "--username", "x.admin")
    assert code == 2 and err.strip() == "error: No password was given. Nothing was changed."


def test_errors_the_command_line_can_raise_are_translated():
    from core.i18n import t

    for key in ("cli.no_password", "cli.password_mismatch"):
        assert t(key, "en") != key and t(key, "nb") != key


def test_pdf_without_the_font_is_refused_in_one_sentence(capsys, monkeypatch, tmp_path, built_database):
    monkeypatch.setenv("PDF_FONT_DIR", str(tmp_path))
    code, _, err = run(capsys, "pdf", "--code", "0301", "--lang", "en", "--out", str(tmp_path / "oslo.pdf"))
    assert code == 2 and err.count("\n") == 1 and "fonts-dejavu-core" in err
    assert not (tmp_path / "oslo.pdf").exists()
