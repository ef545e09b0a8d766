"""What the build computes once for every app process: the score book, the structural variables for peers, and the
public observations they are computed from, as one frame (reading 93 000 rows through SQL cost a first page 0.3 s).

An app process used to compute these on its first request; now `python -m core build` stores them in the database
(table stored_frame, Parquet bytes, in the build's own transaction) and a process reads them at start. Each stored
frame names its basis: the versions of the local targets, members' values and online refreshes it was computed for.
The basis also holds a fingerprint of the code and catalogue that compute them, so a deployment that changes a
formula without rebuilding is not served the old scores. A process uses the stored book only while all of this is
still the same; otherwise (after a target, an upload, a refresh, or new code) it computes the book itself, as before,
so a stored frame is never out of date, only unused.
"""

from __future__ import annotations

import hashlib
import io
import json
from functools import cache
from pathlib import Path

import pandas as pd
from sqlalchemy import select
from sqlalchemy.exc import OperationalError, ProgrammingError

from core import db, faults, models, scoring
from core.scores import ScoreBook, Target, all_bounds, compute

BOOK_FRAMES = ("observations", "indicators", "goals", "index")
BOOK = "book."
STRUCTURE = "structure"
OBSERVATIONS = "public_observations"
OBSERVATION_COLUMNS = ["area_level", "area_code", "indicator_id", "year", "value"]  # core.queries.all_observations
ROOT = Path(__file__).resolve().parent.parent
# What the book and the structural variables are computed with: a change to any of these sets the stored ones aside.
RECIPE = ("core/precomputed.py", "core/scores.py", "core/scoring.py", "core/status.py", "core/trends.py",
          "core/catalogue.py", "core/peers.py", "core/targets.py", "core/ssb/thresholds.py", "core/uploads/values.py",
          "data/indicators.yaml")


def score_book_of(public: pd.DataFrame, url: str | None = None) -> ScoreBook:
    """The score book of these public observations with the database's members' values, local targets and
    thresholds: the one recipe the pages (components/data.py) and the build use. Bounds come from public values
    only, so a member's value never moves other areas' scores."""
    from core import targets
    from core.ssb.thresholds import catalogue_in_effect
    from core.uploads.values import observations_with_members

    catalogue = catalogue_in_effect(url)
    return compute(observations_with_members(public, url), catalogue, targets.local_targets(url),
                   bounds=all_bounds(public, catalogue))


def structure_of(public: pd.DataFrame, municipalities: pd.DataFrame) -> pd.DataFrame:
    """The raw structural variables for nearest neighbours (public values only: the same official statistics for
    every municipality)."""
    from core import peers

    return peers.structural_variables(public, municipalities)


def basis(url: str | None = None, refresh: str | None = None) -> str:
    """The data versions a book is valid for; refresh: the online-refresh version when already known (the build
    knows the one it is about to write)."""
    from core import targets
    from core.ssb.refresh import refresh_version
    from core.uploads.values import version as member_version

    return json.dumps({"targets": targets.version(url), "members": member_version(url),
                       "refresh": refresh_version(url) if refresh is None else refresh, "code": recipe_fingerprint()},
                      sort_keys=True)


@cache
def recipe_fingerprint() -> str:
    """sha256 of the RECIPE files (read once per process: a process runs the code it started with)."""
    digest = hashlib.sha256()
    for name in RECIPE:
        digest.update(name.encode() + b"\0" + (ROOT / name).read_bytes())
    return digest.hexdigest()[:16]


def refresh_version_of(sources: pd.DataFrame) -> str:
    """The online-refresh version the given source rows will give (core.ssb.refresh.refresh_version's rule)."""
    from core.ssb.refresh import refreshed_at
    from core.ssb.tables import load_tables

    keys = {table.source_key for table in load_tables().values()}
    return max((refreshed_at(d) or "" for d in sources.description[sources.key.isin(keys)]), default="")


def frames_for_build(public: pd.DataFrame, municipalities: pd.DataFrame, sources: pd.DataFrame,
                     url: str | None = None) -> pd.DataFrame:
    """The stored_frame rows for a build about to write these observations: name, basis, content. The basis is
    read before the inputs, so a target changed meanwhile makes the stored book look old (recomputed), never new."""
    book_basis = basis(url, refresh=refresh_version_of(sources))
    public = public[OBSERVATION_COLUMNS].reset_index(drop=True)
    book = score_book_of(public, url)
    rows = [(BOOK + name, book_basis, _parquet(getattr(book, name))) for name in BOOK_FRAMES]
    rows.append((BOOK + "bounds", book_basis, _parquet(_bounds_frame(book.bounds))))
    rows.append((BOOK + "local_targets", book_basis, _parquet(_targets_frame(book.local_targets))))
    rows.append((STRUCTURE, book_basis, _parquet(structure_of(public, municipalities))))
    rows.append((OBSERVATIONS, book_basis, _parquet(public)))
    return pd.DataFrame(rows, columns=["name", "basis", "content"])


def stored_book(url: str | None = None) -> ScoreBook | None:
    """The build's score book while the database is still at its basis; None otherwise (or before a build)."""
    frames = _stored(BOOK, url)
    if not frames:
        return None
    bases = {b for b, _ in frames.values()}
    if len(bases) != 1 or bases.pop() != basis(url):
        return None
    read = {name.removeprefix(BOOK): _frame(content) for name, (_, content) in frames.items()}
    return ScoreBook(_bounds_of(read["bounds"]), *(read[name] for name in BOOK_FRAMES),
                     local_targets=_targets_of(read["local_targets"]))


def stored_structure(url: str | None = None) -> pd.DataFrame | None:
    """The build's raw structural variables (index code); None before a build or after an online refresh."""
    return _public_frame(STRUCTURE, url)


def stored_observations(url: str | None = None) -> pd.DataFrame | None:
    """The public observations as core.queries.all_observations reads them; None before a build or after an online
    refresh (which writes observations of its own)."""
    return _public_frame(OBSERVATIONS, url)


def _public_frame(name: str, url: str | None) -> pd.DataFrame | None:
    """A stored frame that rests on public values only: valid until an online refresh or new code."""
    frames = _stored(name, url)
    if name not in frames:
        return None
    stored_basis, content = frames[name]
    from core.ssb.refresh import refresh_version

    stored_basis = json.loads(stored_basis)
    if stored_basis.get("refresh") != refresh_version(url) or stored_basis.get("code") != recipe_fingerprint():
        return None  # public values or the code changed: recompute
    return _frame(content)


def _stored(prefix: str, url: str | None) -> dict[str, tuple[str, bytes]]:
    s = models.StoredFrame
    try:
        with db.session(url) as session:
            rows = session.execute(select(s.name, s.basis, s.content).where(s.name.startswith(prefix))).all()
    except (OperationalError, ProgrammingError) as error:
        if faults.kind(error) != faults.MISSING:  # locked or away: said as such, not taken for "nothing stored"
            raise
        return {}  # a database built before migration 0008: everything is computed, as before
    return {name: (row_basis, content) for name, row_basis, content in rows}


def _parquet(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer)
    return buffer.getvalue()


def _frame(content: bytes) -> pd.DataFrame:
    return pd.read_parquet(io.BytesIO(content))


def _bounds_frame(bounds: dict[str, scoring.Bounds]) -> pd.DataFrame:
    return pd.DataFrame([(i, b.lower, b.upper, b.lower_rule) for i, b in bounds.items()],
                        columns=["indicator_id", "lower", "upper", "lower_rule"])


def _bounds_of(frame: pd.DataFrame) -> dict[str, scoring.Bounds]:
    return {r.indicator_id: scoring.Bounds(float(r.lower), float(r.upper), r.lower_rule)
            for r in frame.itertuples(index=False)}


def _targets_frame(local_targets: dict[tuple[str, str, str], Target]) -> pd.DataFrame:
    return pd.DataFrame([(*key, t.value, t.year, t.origin) for key, t in local_targets.items()],
                        columns=["area_level", "area_code", "indicator_id", "value", "year", "origin"])


def _targets_of(frame: pd.DataFrame) -> dict[tuple[str, str, str], Target]:
    return {(r.area_level, r.area_code, r.indicator_id): Target(float(r.value), int(r.year), r.origin)
            for r in frame.itertuples(index=False)}
