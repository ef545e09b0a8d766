"""Finding a municipality the way people type it: letters folded (Tromso finds Tromsø, Aalesund and Alesund find
Ålesund, Baerum finds Bærum, Kárásjohka finds Kárášjohka), Sami and Kven names, today's codes and the old codes
of the code-change table (5401 finds Tromsø 5501). Pure functions; the one database read is old_codes()."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

# Letters NFKD does not take apart, folded to their plain Latin base (Norwegian, Sami and Kven letters).
_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ŋ": "n", "đ": "d", "ŧ": "t", "ß": "ss", "ł": "l",
                          "ð": "d", "þ": "th", "œ": "oe", "ʒ": "z"})
_SPELLED = [("aa", "a"), ("oe", "o")]  # the ways å and ø are written without them (æ is "ae" both ways)
_SEPARATORS = re.compile(r"\s+-\s+|\s+–\s+|\s+/\s+")
_SPACES = re.compile(r"[\s\-–_.,'’/()]+")


def fold(text: str) -> str:
    """Lower case without accents or Norwegian letters, so that any spelling of a name folds alike:
    fold("Tromsø") == fold("Tromso") == fold("Tromsoe"); fold("Ålesund") == fold("Aalesund") == fold("alesund")."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_LETTERS)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = text.translate(_LETTERS)  # letters NFKD produced from compatibility forms
    previous = None
    while previous != text:  # 'aaa' -> 'aa' -> 'a': to a fixed point, so that folding twice changes nothing
        previous = text
        for spelled, letter in _SPELLED:
            text = text.replace(spelled, letter)
    return _SPACES.sub(" ", text).strip()


def name_forms(*names: str | None) -> list[str]:
    """Every distinct name form, each once: 'Kárášjohka - Karasjok' and 'Karasjok' give Karasjok, Kárášjohka.
    Forms that fold alike (Kárásjohka, Kárášjohka) count as one; the first spelling given is kept."""
    forms: list[str] = []
    seen: set[str] = set()
    for name in names:
        if not isinstance(name, str) or not name.strip():
            continue
        for part in _SEPARATORS.split(name.strip()):
            key = fold(part)
            if part and key not in seen:
                seen.add(key)
                forms.append(part.strip())
    return forms


def display_label(code: str, *names: str | None) -> str:
    """A name once in each of its languages, then the code: 'Karasjok – Kárášjohka (5610)'. Give the Norwegian
    name first, then the official and other forms."""
    return f"{' – '.join(name_forms(*names))} ({code})"


@dataclass(frozen=True)
class OldCode:
    old_code: str
    old_name: str
    valid_from: int | None
    valid_to: int | None
    new_codes: tuple[str, ...]


@dataclass(frozen=True)
class Hit:
    code: str
    old: OldCode | None = None  # set when found by an old code or an old name only


@dataclass(frozen=True)
class SearchIndex:
    codes: tuple[str, ...]
    forms: dict[str, tuple[str, ...]]  # code -> folded name forms
    old: tuple[OldCode, ...]
    old_forms: tuple[tuple[str, ...], ...] = ()  # each old entry's folded name forms, in the order of old


def build_index(names: dict[str, Sequence[str | None]], old: Iterable[OldCode] = ()) -> SearchIndex:
    """names: code -> every name form (Norwegian, Sami, Kven, SSB's); old: the code-change table's entries."""
    codes = tuple(sorted(names))
    forms = {code: tuple(dict.fromkeys(fold(f) for f in name_forms(*names[code]))) for code in codes}
    known = set(codes)
    kept = tuple(o for o in old if set(o.new_codes) & known and o.new_codes != (o.old_code,))
    return SearchIndex(codes, forms, kept, tuple(tuple(fold(f) for f in name_forms(o.old_name)) for o in kept))


def search(index: SearchIndex, query: str, limit: int | None = None) -> list[Hit]:
    """Municipalities matching the query, best first: today's code, then names beginning with the query, then
    names containing it, then old codes and old names (each old entry leads to every municipality it became)."""
    text = fold(query or "")
    if not text:
        return [Hit(c) for c in index.codes][:limit]
    ranked: list[tuple[int, int, Hit]] = []
    found: set[str] = set()
    for position, code in enumerate(index.codes):
        rank = None
        if text.isdigit():
            rank = 0 if code == text.zfill(4) or code == text else (1 if code.startswith(text) else None)
        else:
            forms = index.forms[code]
            if any(f == text for f in forms):
                rank = 0
            elif any(f.startswith(text) or any(w.startswith(text) for w in f.split()) for f in forms):
                rank = 1
            elif any(text in f for f in forms):
                rank = 2
        if rank is not None:
            ranked.append((rank, position, Hit(code)))
            found.add(code)
    for position, (entry, old_forms) in enumerate(zip(index.old, index.old_forms, strict=True)):
        if text.isdigit():
            matched = entry.old_code == text.zfill(4)
        else:
            matched = len(text) >= 3 and any(f.startswith(text) for f in old_forms)
        if not matched:
            continue
        for code in entry.new_codes:
            if code in index.forms and code not in found:
                found.add(code)
                ranked.append((3, position, Hit(code, entry)))
    ranked.sort(key=lambda r: (r[0], r[1]))
    return [hit for *_, hit in ranked][:limit]


def old_codes_from_frame(frame: pd.DataFrame) -> list[OldCode]:
    """The code-change table (models.CodeChange rows) as OldCode entries; dissolved codes (no successor) left out."""
    entries = []
    for row in frame.itertuples():
        new = tuple(c for c in str(row.new_codes or "").split(";") if c)
        if not new:
            continue
        entries.append(OldCode(row.old_code, row.old_name, None if pd.isna(row.valid_from) else int(row.valid_from),
                               None if pd.isna(row.valid_to) else int(row.valid_to), new))
    return entries


def old_codes(url: str | None = None) -> list[OldCode]:
    """The code-change table of the database."""
    from sqlalchemy import select

    from core import models, queries

    return old_codes_from_frame(queries._frame(select(models.CodeChange).order_by(models.CodeChange.id), url))


def years(entry: OldCode) -> str:
    """'2020–2023', '–2019', '1964–' or ''."""
    start = str(entry.valid_from) if entry.valid_from else ""
    end = str(entry.valid_to) if entry.valid_to else ""
    return f"{start}–{end}" if start or end else ""
