"""The one settings object: every environment variable, read in one module, documented from its definition."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core import config
from core.config import BenchSettings, Settings, TestSettings

ROOT = config.PROJECT_ROOT
READS_ENVIRONMENT = r"os\.environ|get" r"env\("  # split, so that a grep for the words finds only core/config.py


def readme_configuration_table() -> str:
    """The table under the README's "Configuration" heading, as written."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Configuration\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return "\n".join(rows) + "\n"


def test_readme_table_is_the_one_rendered_from_the_settings():
    assert readme_configuration_table() == config.configuration_table(), (
        "README's configuration table differs from core.config: paste `python -m core settings --readme` into it")


def test_every_field_is_documented_and_named_in_upper_case():
    for kind in (Settings, TestSettings, BenchSettings):
        for name, field in kind.model_fields.items():
            assert field.description and field.validation_alias == name.upper(), name


def test_no_module_but_the_settings_reads_the_environment():
    python_files = [path for path in ROOT.glob("**/*.py") if not {".venv", "var"} & set(path.relative_to(ROOT).parts)]
    readers = {str(path.relative_to(ROOT)) for path in python_files
               if re.search(READS_ENVIRONMENT, path.read_text(encoding="utf-8"))}
    assert readers == {"core/config.py"}


def test_postgres_urls_mean_psycopg_3_and_empty_means_default(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://kari@db.example/dashboard")
    assert config.settings().database_url == "postgresql+psycopg://kari@db.example/dashboard"
    monkeypatch.setenv("DATABASE_URL", "postgresql://kari@db.example/dashboard")
    assert config.settings().database_url == "postgresql+psycopg://kari@db.example/dashboard"
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://kari@db.example/dashboard")
    assert config.settings().database_url == "postgresql+psycopg://kari@db.example/dashboard"
    monkeypatch.setenv("DATABASE_URL", "")
    assert config.settings().database_url == f"sqlite:///{config.DEFAULT_DATABASE_FILE}"
    monkeypatch.setenv("TEST_DATABASE_URL", "postgres://ci@/postgres")
    assert config.settings_for_tests().test_database_url == "postgresql+psycopg://ci@/postgres"


def test_only_the_exact_names_count(monkeypatch):
    monkeypatch.delenv("DATA_DIR", raising=False)
    monkeypatch.setenv("data_dir", "/somewhere/else")
    assert config.settings().data_dir == config.DEFAULT_DATA_DIR


def test_a_changed_environment_is_seen_at_once(monkeypatch, tmp_path):
    """Tests switch databases with monkeypatch.setenv: the cached settings follow the environment."""
    first = config.settings()
    assert config.settings() is first  # cached while the environment says the same
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    assert config.settings().data_dir == tmp_path
    monkeypatch.setenv("DATA_MIRROR", str(tmp_path / "mirror"))
    assert config.settings().data_mirror == tmp_path / "mirror"
    monkeypatch.setenv("PDF_FONT_DIR", str(tmp_path / "fonts"))
    assert config.settings().pdf_font_dir == tmp_path / "fonts"
    monkeypatch.undo()
    assert config.settings() == first


def test_reading_the_settings_is_cheap():
    """The database session asks for DATABASE_URL on every query: it must be read once and then kept, not parsed
    again (a timed loop flaked on a loaded machine; the cache is what makes it cheap)."""
    first = config.settings()
    assert all(config.settings() is first for _ in range(1000))


def test_the_admin_password_never_shows(monkeypatch):
    monkeypatch.setenv("DASHBOARD_ADMIN_PASSWORD", "et langt nok adminpassord")
    current = config.settings()
    assert current.dashboard_admin_password.get_secret_value() == "et langt nok adminpassord"
    assert "adminpassord" not in repr(current) and "adminpassord" not in str(config.settings_shown())


def test_bench_settings_need_both_variables(monkeypatch):
    monkeypatch.delenv("BENCH_URL_PATH", raising=False)
    monkeypatch.setenv("BENCH_REFERENCE", "bench/reference_hello.py")
    with pytest.raises(ValueError, match="BENCH_URL_PATH"):
        config.bench_settings()
    monkeypatch.setenv("BENCH_URL_PATH", "kommuneprofil")
    assert config.bench_settings().bench_reference == Path("bench/reference_hello.py")


def test_subprocess_environment_adds_to_this_one(monkeypatch):
    monkeypatch.setenv("DATA_DIR", "/from/here")
    environment = config.subprocess_environment(DATABASE_URL="sqlite:///x.sqlite")
    assert environment["DATA_DIR"] == "/from/here" and environment["DATABASE_URL"] == "sqlite:///x.sqlite"
