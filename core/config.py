"""Paths inside the project, and the one settings object for every environment variable the project reads.

This is the only module that reads os.environ. Everything else asks `settings()` (the app and `python -m core`),
`settings_for_tests()` (tests and the benchmark) or `bench_settings()` (the benchmark's reference server), and starts a
subprocess with `subprocess_environment(...)`. Each field's description is the documentation: the README's
configuration table and `python -m core --help` are rendered from these definitions
(`configuration_table()`, `environment_help()`), and tests/test_settings.py keeps the README in step.

Settings are cached per value of their variables, so a change to the environment (a test's monkeypatch.setenv,
say) is seen on the next call, while unchanged calls cost a few dictionary look-ups instead of the 0.3 ms that
building a settings object takes.
"""

from __future__ import annotations

import functools
import os
import textwrap
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CATALOGUE_DIR = PROJECT_ROOT / "data"
SOURCES_MANIFEST = CATALOGUE_DIR / "sources.yaml"
INDICATOR_CATALOGUE = CATALOGUE_DIR / "indicators.yaml"
TRANSLATIONS_FILE = CATALOGUE_DIR / "translations.yaml"
# One more file per feature (data/translations/*.yaml), so that features do not all edit one file.
TRANSLATIONS_DIR = CATALOGUE_DIR / "translations"

DEFAULT_DATABASE_FILE = PROJECT_ROOT / "var" / "dashboard.sqlite"
DEFAULT_DATA_DIR = PROJECT_ROOT / "var" / "sources"
DEFAULT_MIRROR = PROJECT_ROOT.parent / "shared" / "data"
# Debian's fonts-dejavu-core.
DEFAULT_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
# Where .ci/run installs axe-core from npm for the accessibility browser test: outside the project's sources.
DEFAULT_AXE_CORE = Path.home() / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"


def normalised_database_url(url: str) -> str:
    """SQLAlchemy 2.1 refuses `postgres://` and would pick psycopg2 for `postgresql://`: both mean psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _shown(default: str, read_by: str | None = None) -> dict[str, Any]:
    """The default as the README and --help show it (where the real one is an absolute path or computed), and who
    reads the variable where that is narrower than its settings class says."""
    return {"shown_default": default} | ({"read_by": read_by} if read_by else {})


class _EnvironmentSettings(BaseSettings):
    # Only the exact upper-case names count (DATABASE_URL, not database_url); no .env file is read.
    model_config = SettingsConfigDict(case_sensitive=True, extra="ignore", frozen=True)

    @classmethod
    def variables(cls) -> list[str]:
        return [field.validation_alias for field in cls.model_fields.values()]


class Settings(_EnvironmentSettings):
    """What the app and `python -m core` read."""

    database_url: str = Field(
        f"sqlite:///{DEFAULT_DATABASE_FILE}", validation_alias="DATABASE_URL",
        json_schema_extra=_shown("`sqlite:///var/dashboard.sqlite`"),
        description="where the database lives. A PostgreSQL URL (`postgresql://user@host/db`, driven by psycopg 3) "
                    "is what a multi-user deployment runs on. `make run` builds it.")
    data_mirror: Path | None = Field(
        None, validation_alias="DATA_MIRROR", json_schema_extra=_shown("`../shared/data` when that folder exists"),
        description="a local folder holding the upstream files under the paths of the manifest; files found there "
                    "are copied instead of downloaded")
    data_dir: Path = Field(
        DEFAULT_DATA_DIR, validation_alias="DATA_DIR", json_schema_extra=_shown("`var/sources`"),
        description="where verified upstream files are kept")
    browser_path: str | None = Field(
        None, validation_alias="BROWSER_PATH", json_schema_extra=_shown("`chromium` on the PATH"),
        description="the Chromium that draws PNG, PowerPoint and PDF charts (kaleido); never downloaded")
    pdf_font_dir: Path = Field(
        DEFAULT_FONT_DIR, validation_alias="PDF_FONT_DIR", json_schema_extra=_shown(f"`{DEFAULT_FONT_DIR}`"),
        description="the folder holding DejaVu Sans (`DejaVuSans.ttf`, `DejaVuSans-Bold.ttf`) for the PDF report")
    dashboard_admin_password: SecretStr | None = Field(
        None, validation_alias="DASHBOARD_ADMIN_PASSWORD",
        json_schema_extra=_shown("unset (asks, without echo)", "`python -m core`"),
        description="the password `python -m core create-admin` and `create-user` use instead of asking; for "
                    "scripted set-up only")
    session_idle_minutes: int = Field(
        30, gt=0, le=24 * 60, validation_alias="SESSION_IDLE_MINUTES", json_schema_extra=_shown("`30`", "app"),
        description="minutes without activity after which a logged-in session ends (the user is logged out and "
                    "everything the session held is cleared); 1 to 1440")
    trusted_proxies: str | None = Field(
        None, validation_alias="TRUSTED_PROXIES", json_schema_extra=_shown("unset (no proxy trusted)", "app"),
        description="comma-separated addresses or networks of the reverse proxies in front of the app (e.g. "
                    "`127.0.0.1/32,172.16.0.0/12`); a connection from one of them is taken to come from the address "
                    "in its X-Real-IP header (deploy/nginx.conf sets it), so the per-address login slowdown counts "
                    "each visitor, not the proxy")
    map_tile_url: str | None = Field(
        None, validation_alias="MAP_TILE_URL", json_schema_extra=_shown("unset (plain background)", "app"),
        description="a tile service drawn under the interactive maps, e.g. Kartverket's open topographic tiles "
                    "`https://cache.kartverket.no/v1/wmts/1.0.0/topo/default/webmercator/{z}/{y}/{x}.png`; unset, "
                    "the map has a plain background and the reader's browser requests nothing outside the app")
    map_tile_attribution: str | None = Field(
        None, validation_alias="MAP_TILE_ATTRIBUTION", json_schema_extra=_shown("unset", "app"),
        description="the attribution shown with the tiles of `MAP_TILE_URL`, e.g. `© Kartverket`")
    build_pause_at: str | None = Field(
        None, validation_alias="BUILD_PAUSE_AT", json_schema_extra=_shown("unset", "`python -m core build` (tests)"),
        description="a point of the build (`sources_read`, `observations_half`, `before_commit`) where it prints "
                    "`paused at <point>` and waits, so tests/test_build_killed.py can kill it there; never set it "
                    "otherwise")

    @field_validator("database_url", mode="before")
    @classmethod
    def _database_url(cls, value: str | None) -> str:
        return normalised_database_url(value) if value else f"sqlite:///{DEFAULT_DATABASE_FILE}"

    @field_validator("data_mirror", mode="before")
    @classmethod
    def _data_mirror(cls, value: str | Path | None) -> str | Path | None:
        if value:
            return value
        return DEFAULT_MIRROR if DEFAULT_MIRROR.is_dir() else None

    @field_validator("data_dir", "pdf_font_dir", mode="before")
    @classmethod
    def _folder(cls, value: str | Path | None, info) -> str | Path:
        if value:
            return value
        return DEFAULT_DATA_DIR if info.field_name == "data_dir" else DEFAULT_FONT_DIR

    @field_validator("session_idle_minutes", mode="before")
    @classmethod
    def _idle_minutes(cls, value: str | int | None) -> str | int:
        return 30 if value in (None, "") else value

    @field_validator("browser_path", "dashboard_admin_password", "build_pause_at", "map_tile_url",
                     "map_tile_attribution", "trusted_proxies", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: str | None) -> str | None:
        return value or None


class TestSettings(_EnvironmentSettings):
    """What the tests and the benchmark read (never the app)."""

    __test__ = False  # not a test class, whatever its name says to pytest

    test_database_url: str | None = Field(
        None, validation_alias="TEST_DATABASE_URL", json_schema_extra=_shown("unset", "tests"),
        description="a PostgreSQL server for the database tests; without it they are skipped (CI sets it)")
    chromium_path: Path = Field(
        Path("/usr/bin/chromium"), validation_alias="CHROMIUM_PATH", json_schema_extra=_shown("`/usr/bin/chromium`"),
        description="Debian's chromium for the browser tests and the benchmark")
    axe_core_path: Path = Field(
        DEFAULT_AXE_CORE, validation_alias="AXE_CORE_PATH",
        json_schema_extra=_shown("`~/.cache/axe/node_modules/axe-core/axe.min.js`", "tests"),
        description="axe-core's `axe.min.js` for the accessibility browser test; `.ci/run` installs the pinned "
                    "version there from npm (`npm install --prefix ~/.cache/axe axe-core@4.14.1`)")

    @field_validator("test_database_url", mode="before")
    @classmethod
    def _database_url(cls, value: str | None) -> str | None:
        return normalised_database_url(value) if value else None


class BenchSettings(_EnvironmentSettings):
    """What bench/bench.py tells each reference server it starts (bench/serve_at_path.py); not for users."""

    bench_reference: Path = Field(
        validation_alias="BENCH_REFERENCE", json_schema_extra=_shown("set by `bench/bench.py`"),
        description="the bare reference script the benchmark's server runs")
    bench_url_path: str = Field(
        validation_alias="BENCH_URL_PATH", json_schema_extra=_shown("set by `bench/bench.py`"),
        description="the URL path the reference is served at (its page's, so both pay the same routing)")


def _cached(kind: type[_EnvironmentSettings]):
    names = tuple(kind.variables())

    @functools.lru_cache(maxsize=16)
    def for_values(_values: tuple[str | None, ...]) -> _EnvironmentSettings:
        return kind()

    def current():
        return for_values(tuple(os.environ.get(name) for name in names))

    current.cache_clear = for_values.cache_clear
    return current


_settings = _cached(Settings)
_test_settings = _cached(TestSettings)


def settings() -> Settings:
    """The app's settings as the environment says now (cached while it says the same)."""
    return _settings()


def settings_for_tests() -> TestSettings:
    return _test_settings()


def bench_settings() -> BenchSettings:
    return BenchSettings()


def subprocess_environment(**overrides: str) -> dict[str, str]:
    """This process's environment plus overrides, for a child process (a test's server, the CLI under test).

    The one sanctioned way to hand variables to a subprocess: settings stay readable here only.
    """
    return dict(os.environ) | overrides


def settings_shown() -> dict[str, str]:
    """The app's settings in effect, by variable, with passwords hidden (also one inside a database URL)."""
    from sqlalchemy.engine import make_url

    current = settings()
    shown = {}
    for name, field in Settings.model_fields.items():
        value = getattr(current, name)
        if isinstance(value, SecretStr):
            value = "(set, not shown)"
        elif name == "database_url":
            value = make_url(value).render_as_string(hide_password=True)
        shown[field.validation_alias] = "(unset)" if value is None else str(value)
    return shown


GROUPS: list[tuple[type[_EnvironmentSettings], str]] = [
    (Settings, "app, `python -m core`"),
    (TestSettings, "tests, benchmark"),
    (BenchSettings, "benchmark's servers"),
]


def _default_text(field) -> str:
    extra = field.json_schema_extra or {}
    return extra.get("shown_default") or f"`{field.default}`"


def configuration_table() -> str:
    """The README's configuration table, from the field definitions above (tests/test_settings.py compares)."""
    lines = ["| variable | default | read by | meaning |", "|---|---|---|---|"]
    for kind, reader in GROUPS:
        for field in kind.model_fields.values():
            read_by = (field.json_schema_extra or {}).get("read_by", reader)
            lines.append(f"| `{field.validation_alias}` | {_default_text(field)} | {read_by} | {field.description} |")
    return "\n".join(lines) + "\n"


def environment_help(width: int = 79) -> str:
    """The app's variables for `python -m core --help` (the argparse epilog)."""
    lines = ["environment variables (see README, Configuration):"]
    for field in Settings.model_fields.values():
        text = f"{field.description} (default: {_default_text(field).replace('`', '')})"
        lines.append(f"  {field.validation_alias}")
        lines.extend(textwrap.wrap(text, width, initial_indent=" " * 6, subsequent_indent=" " * 6))
    return "\n".join(lines)
