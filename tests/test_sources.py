"""The manifest, fetching from a mirror, and the checksum failure paths."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from core import config, sources
from core.sources import SourceError


@pytest.fixture
def mirror_copy(tmp_path, monkeypatch):
    """A private mirror and data dir holding a copy of the real mirror's files."""
    real_mirror = config.settings().data_mirror
    if real_mirror is None:
        pytest.skip("no local data mirror")
    mirror, data_dir = tmp_path / "mirror", tmp_path / "data"
    for source in sources.load_manifest().values():
        origin = real_mirror / source.path
        if origin.is_file():
            (mirror / source.path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(origin, mirror / source.path)
    monkeypatch.setenv("DATA_MIRROR", str(mirror))
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    return mirror


def test_manifest_pins_every_file_to_a_commit_and_hash():
    manifest = sources.load_manifest()
    assert len(manifest) >= 20
    for source in manifest.values():
        assert len(source.sha256) == 64 and int(source.sha256, 16) >= 0
        assert source.publisher and source.licence
        if source.url is None:
            assert source.optional, f"{source.key} has no URL, so it must be optional"
        else:
            assert source.url.startswith("https://raw.githubusercontent.com/") and source.commit in source.url


def test_no_shared_data_file_is_committed():
    tracked = subprocess.run(["git", "ls-files"], capture_output=True, text=True, cwd=config.PROJECT_ROOT).stdout
    names = {Path(s.path).name for s in sources.load_manifest().values()}
    assert not names & {Path(line).name for line in tracked.splitlines()}


def test_fetch_copies_and_verifies_from_the_mirror(mirror_copy):
    results = sources.fetch_all(report=lambda _line: None)
    assert set(results.values()) <= {"mirror"}
    assert sources.fetch_all(report=lambda _line: None)["population"] == "cached"


def test_altered_file_in_mirror_stops_with_one_line_naming_it(mirror_copy):
    target = mirror_copy / sources.load_manifest()["population"].path
    target.write_bytes(target.read_bytes() + b"\n9999,Tull,2030,1\n")
    with pytest.raises(SourceError) as error:
        sources.fetch_all(report=lambda _line: None)
    message = str(error.value)
    assert "\n" not in message and "befolkning_2024.csv" in message and "altered" in message


def test_missing_file_stops_with_one_line_naming_it(mirror_copy, monkeypatch):
    source = sources.load_manifest()["population"]
    (mirror_copy / source.path).unlink()
    monkeypatch.setattr(sources.pooch, "retrieve", _offline)
    with pytest.raises(SourceError, match="befolkning_2024.csv"):
        sources.fetch_all(report=lambda _line: None)


def test_optional_file_may_be_absent(mirror_copy):
    (mirror_copy / sources.load_manifest()["turnout"].path).unlink()
    assert sources.fetch_all(report=lambda _line: None)["turnout"] == "absent"


def test_cli_reports_an_altered_file_in_one_line_and_fails(mirror_copy):
    target = mirror_copy / sources.load_manifest()["kostra_groups"].path
    target.write_bytes(b"not the real file")
    run = subprocess.run(
        [sys.executable, "-m", "core", "fetch"], capture_output=True, text=True, cwd=config.PROJECT_ROOT
    )
    assert run.returncode == 2
    assert run.stderr.strip().count("\n") == 0
    assert "kostra_description.xlsx" in run.stderr


def test_build_with_an_altered_file_leaves_the_database_untouched(mirror_copy, tmp_path):
    from core.etl.build import build

    sources.fetch_all(report=lambda _line: None)
    url = f"sqlite:///{tmp_path / 'untouched.sqlite'}"
    population = sources.load_manifest()["population"].local_path
    population.write_bytes(population.read_bytes()[:-10])
    with pytest.raises(SourceError, match="befolkning_2024.csv"):
        build(url, report=lambda _line: None)
    assert not (tmp_path / "untouched.sqlite").exists()


def _offline(*_args, **_kwargs):
    raise ConnectionError("no network")


# One reader per source, named in the manifest ------------------------------------------------------------------------

READERS = config.PROJECT_ROOT / "core" / "etl" / "readers"


def reader_modules() -> set[str]:
    return {path.stem for path in READERS.glob("*.py") if path.stem != "__init__"}


def test_every_manifest_entry_names_one_reader_with_one_read_function():
    import inspect

    for source in sources.load_manifest().values():
        assert source.reader in reader_modules(), f"{source.key}: no reader module {source.reader!r}"
        module = sources.reader_of(source)
        functions = [name for name, item in inspect.getmembers(module, inspect.isfunction)
                     if item.__module__ == module.__name__ and not name.startswith("_")]
        assert functions == ["read"], f"{source.reader} has {functions}: a reader module has one function, read(path)"
        assert module.__doc__, f"{source.reader} says which source it reads"


def test_every_reader_module_reads_a_source_of_the_manifest():
    named = {source.reader for source in sources.load_manifest().values()}
    assert reader_modules() == named


def test_no_code_but_the_readers_opens_an_upstream_file():
    """Upstream files are found through the manifest (local_path, DATA_DIR): only core/sources.py does that, for
    fetching and for handing each file to its reader."""
    offenders = []
    for folder in ("core", "charts", "components", "app_pages", "reports"):
        for path in (config.PROJECT_ROOT / folder).rglob("*.py"):
            if path.parent.name == "core" and path.name in ("sources.py", "config.py"):  # config declares DATA_DIR
                continue
            text = path.read_text(encoding="utf-8")
            if re.search(r"\.local_path\b|\bdata_dir\b", text):
                offenders.append(str(path.relative_to(config.PROJECT_ROOT)))
    assert offenders == []


@pytest.mark.parametrize("key", [key for key, source in sources.load_manifest().items()
                                 if source.local_path.is_file() and source.local_path.stat().st_size < 2_000_000])
def test_each_reader_reads_its_file(key):
    """Every file the readers serve gives content (the large area-profile workbook is read by every build)."""
    content = sources.read(key)
    assert len(content) > 0
