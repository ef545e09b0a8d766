"""One reader per kind of upstream file: the only code that opens the files of the manifest (data/sources.yaml).

Each module here reads one source (or several files of one format, such as the six SDG translation files) with one
function, `read(path)`, and returns the file's content on the source's own terms: its codes, names and units,
with types parsed. Mapping onto the 2024 structure and onto our indicators is the ETL's job (core/etl/*.py).
The manifest names each file's reader (`reader:`); `core.sources.read(key)` finds and calls it, and
tests/test_sources.py checks that every entry has exactly one reader, that every reader serves an entry, and that
no other module reads an upstream file.
"""

from __future__ import annotations

import re


def number(text: str | None) -> float | None:
    """A number as Norwegian tables write it ('1 234,5'), or None for SSB's and Nkom's empty-cell symbols."""
    if text is None:
        return None
    cleaned = re.sub(r"\s", "", str(text)).replace(",", ".")
    if cleaned in {"", ".", "..", ":", "-"}:
        return None
    try:
        return float(cleaned)
    except ValueError:
        return None
