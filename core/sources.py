"""The upstream file manifest, fetching each file from a mirror or its URL with sha256 checks, and reading it
through the one reader the manifest names for it (core/etl/readers)."""

from __future__ import annotations

import hashlib
import importlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import pooch
import yaml

from core import config


class SourceError(Exception):
    """A source file is missing or altered; the message is one line naming the file."""


@dataclass(frozen=True)
class SourceFile:
    key: str
    path: str
    url: str | None
    sha256: str
    publisher: str
    licence: str
    description: str
    repository: str
    commit: str
    reader: str  # the module of core/etl/readers that reads this file
    optional: bool = False
    test_fixture: bool = False  # recorded API answers for offline tests: fetched and verified, never shown as data

    @property
    def local_path(self) -> Path:
        return config.settings().data_dir / self.path


def load_manifest(path: Path | None = None) -> dict[str, SourceFile]:
    entries = yaml.safe_load((path or config.SOURCES_MANIFEST).read_text(encoding="utf-8"))["files"]
    return {e["key"]: SourceFile(**e) for e in entries}


READERS_PACKAGE = "core.etl.readers"


def reader_of(source: SourceFile):
    """The reader module the manifest names for this file."""
    return importlib.import_module(f"{READERS_PACKAGE}.{source.reader}")


def read(key: str, manifest: dict[str, SourceFile] | None = None):
    """The upstream file `key` of the manifest, read by its reader (verify or fetch it first)."""
    source = (manifest or load_manifest())[key]
    return reader_of(source).read(source.local_path)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(source: SourceFile) -> None:
    """Raise SourceError unless the local copy exists with the manifest's sha256."""
    if not source.local_path.is_file():
        raise SourceError(f"data file missing: {source.path} (run `python -m core fetch`)")
    actual = sha256_of(source.local_path)
    if actual != source.sha256:
        raise SourceError(f"data file altered: {source.path} (sha256 {actual[:12]}…, expected {source.sha256[:12]}…)")


def fetch_one(source: SourceFile, mirror: Path | None) -> str:
    """Get one file into the data dir; return how ('cached', 'mirror', 'download', 'absent')."""
    target = source.local_path
    if target.is_file() and sha256_of(target) == source.sha256:
        return "cached"
    target.parent.mkdir(parents=True, exist_ok=True)
    mirrored = mirror / source.path if mirror else None
    if mirrored and mirrored.is_file():
        actual = sha256_of(mirrored)
        if actual != source.sha256:
            raise SourceError(
                f"data file altered in mirror: {source.path} (sha256 {actual[:12]}…, expected {source.sha256[:12]}…)"
            )
        shutil.copyfile(mirrored, target)
        return "mirror"
    if source.url is None:
        if source.optional:
            return "absent"
        raise SourceError(f"data file missing: {source.path} (not in mirror {mirror}, and it has no public URL)")
    try:
        pooch.retrieve(
            source.url, known_hash=f"sha256:{source.sha256}", fname=target.name, path=target.parent, progressbar=False
        )
    except ValueError as error:  # pooch reports a hash mismatch as ValueError
        raise SourceError(f"data file altered at its URL: {source.path} ({error.__class__.__name__})") from error
    except Exception as error:
        raise SourceError(f"data file could not be downloaded: {source.path} ({error.__class__.__name__})") from error
    return "download"


def fetch_all(report=print) -> dict[str, str]:
    """Fetch every file of the manifest; stops at the first missing or altered file."""
    mirror = config.settings().data_mirror
    results = {}
    manifest = load_manifest()
    for number, source in enumerate(manifest.values(), start=1):
        how = fetch_one(source, mirror)
        results[source.key] = how
        note = " (optional, used when present)" if how == "absent" else ""
        report(f"[{number}/{len(manifest)}] {source.path}: {how}{note}")
    return results


def available(source: SourceFile) -> bool:
    """True when the file is present and verified; optional files may be absent."""
    if source.optional and not source.local_path.is_file():
        return False
    verify(source)
    return True
