"""Historical municipality codes onto the 2024 structure, and harmonising series through them.

Rules (documented in the README, "Code changes"):
- A code valid in a data year and mapped to one 2024 municipality contributes to it.
- A 2024 municipality's value for a year is built only when every code that was valid that year
  and lies in it has a value: a merged municipality's history is the sum of its predecessors,
  never a part of them.
- A split code (see data/code_splits.yaml) cannot be divided, so it contributes to nobody, and the
  successors' totals for those years are left empty.
- Some sources already restate older years on a newer code (e.g. 3001 Halden for 2011); when no
  code valid in the year has data, codes that came later are used, since the publisher has
  harmonised them.
- A source row published under one code that covers several municipalities (data/code_corrections.yaml,
  combined_rows) is attributed to none of them, like a split code.
- What is given to no municipality still says which 2024 municipalities it lies in (`covers`), so the county and
  national values count it (core/etl/aggregate.py).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from core import config

OPEN_START = -10_000
OPEN_END = 10_000


@dataclass(frozen=True)
class CodeTable:
    """One row per historical code period: old_code, old_name, valid_from, valid_to, new_codes (tuple), kind;
    and the source rows that cover more municipalities than their code says (code_corrections.yaml)."""

    rows: pd.DataFrame
    combined_rows: tuple = ()

    def targets(self, code: str) -> set[tuple[str, ...]]:
        return set(self.rows.loc[self.rows.old_code == code, "new_codes"])


def load_splits(path: Path | None = None) -> list[dict]:
    return yaml.safe_load((path or config.CATALOGUE_DIR / "code_splits.yaml").read_text(encoding="utf-8"))["splits"]


def load_corrections(path: Path | None = None) -> dict:
    """{'corrections': [...target fixes], 'code_starts': [...start-year fixes], 'combined_rows': [...source rows that
    cover several municipalities]}, each with its source."""
    return yaml.safe_load((path or config.CATALOGUE_DIR / "code_corrections.yaml").read_text(encoding="utf-8"))


def load_code_table() -> CodeTable:
    """The code table from the three code sources of the manifest, our splits and our corrections (the build and
    the SSB refresh map through the same one)."""
    from core.sources import read

    return build_code_table(read("code_history"), read("reform_2020"), read("renumbering_2024"), load_splits(),
                            load_corrections())


def build_code_table(
    kom_mapping: pd.DataFrame,
    reform_mapping: pd.DataFrame,
    renumbering_2024: dict[str, dict],
    splits: list[dict],
    corrections: dict | None = None,
) -> CodeTable:
    """kom_mapping, reform_mapping and renumbering_2024 as their readers return them (core/etl/readers)."""
    raw = kom_mapping.drop_duplicates()
    frame = pd.DataFrame(
        {
            "old_code": raw.gammelt_nr.str.zfill(4),
            "old_name": raw.navn,
            "valid_from": pd.to_numeric(raw.start_yr.replace("", None)).fillna(OPEN_START).astype(int),
            "valid_to": pd.to_numeric(raw.end_yr.replace("", None)).fillna(OPEN_END).astype(int),
            "new_codes": [(c.zfill(4),) if c else () for c in raw.nr_2024],
        }
    )
    # The 2024 renumbering table is authoritative for 2020-2023 codes: add any it knows that kom_mapping lacks.
    known = set(frame.old_code)
    extra = [
        {"old_code": old["code"], "old_name": item["name"], "valid_from": 2020, "valid_to": 2023, "new_codes": (new,)}
        for new, item in renumbering_2024.items()
        for old in item["oldCodes"]
        if old["code"] not in known
    ]
    frame = pd.concat([frame, pd.DataFrame(extra)], ignore_index=True) if extra else frame
    corrections = corrections or {}
    for correction in corrections.get("corrections", []):
        hit = frame.old_code == correction["code"]
        frame.loc[hit, "new_codes"] = pd.Series([(correction["new_code"],)] * int(hit.sum()), index=frame.index[hit])
    for split in splits:
        hit = frame.old_code == split["code"]
        frame.loc[hit, "new_codes"] = pd.Series([tuple(split["successors"])] * int(hit.sum()), index=frame.index[hit])
    frame = _start_current_codes(frame, reform_start_years(reform_mapping, renumbering_2024))
    for start in corrections.get("code_starts", []):
        current = (frame.old_code == start["code"]) & (frame.valid_to == OPEN_END)
        frame.loc[current, "valid_from"] = start["valid_from"] or OPEN_START
    expected = _expected_predecessors(frame[frame.new_codes.map(len) > 0])
    frame["kind"] = [_kind(row, expected) for row in frame.itertuples()]
    return CodeTable(frame.reset_index(drop=True), tuple(corrections.get("combined_rows", [])))


def _base_name(name: str) -> str:
    """'Våler (Viken)' and 'Våler (Østfold)' -> 'våler'; 'Harstad - Hárstták' -> 'harstad'."""
    return re.sub(r"\s*\(.*\)$", "", name.split(" - ")[0]).strip().casefold()


def _start_current_codes(frame: pd.DataFrame, reform_years: dict[str, int]) -> pd.DataFrame:
    """Give current codes the start year the tables leave open (or wrong).

    The start is the latest of: the year after the last same-named code before it (3101 Halden
    after 3001 Halden), and the first year a reform row sends codes to it (4649 Stad in 2020).
    Without this, 3101 Halden would count as a code of 2015 beside 0101 Halden.
    """
    frame = frame.copy()
    targets = frame.new_codes.map(lambda codes: codes[0] if len(codes) == 1 else None)
    base_names = frame.old_name.map(_base_name)  # once, not once per row below
    for index in frame.index[(frame.valid_from == OPEN_START) & targets.notna()]:
        code, name = frame.at[index, "old_code"], base_names[index]
        target, end = targets[index], frame.at[index, "valid_to"]
        earlier = frame[
            (targets == target)
            & (frame.old_code != code)
            & (base_names == name)
            & (frame.valid_to < end)
        ]
        candidates = [int(earlier.valid_to.max()) + 1] if not earlier.empty else []
        if code == target and code in reform_years:
            candidates.append(reform_years[code])
        if candidates:
            frame.at[index, "valid_from"] = max(candidates)
    return frame


def reform_start_years(reform_mapping: pd.DataFrame, renumbering_2024: dict[str, dict]) -> dict[str, int]:
    """New code -> the first year codes were sent to it, from the reform and 2024 renumbering tables."""
    years = reform_mapping.assign(aar=reform_mapping.aar.astype(int)).groupby("nytt_nr").aar.min().to_dict()
    for new in renumbering_2024:
        years[new] = 2024
    return years


def _kind(row, expected: dict[tuple[str, int], set[str]]) -> str:
    if not row.new_codes:
        return "dissolved"
    if len(row.new_codes) > 1:
        return "split"
    if row.new_codes[0] == row.old_code:
        return "same"
    last_year = min(row.valid_to, 2030)
    return "merged" if len(expected.get((row.new_codes[0], last_year), ())) > 1 else "renumbered"


def targets_in_year(table: CodeTable, year: int) -> dict[str, tuple[str, ...]]:
    """Code valid in the year -> its 2024 code(s); several means a split."""
    rows = table.rows[(table.rows.valid_from <= year) & (year <= table.rows.valid_to)]
    return dict(zip(rows.old_code, rows.new_codes, strict=True))


def harmonise(
    frame: pd.DataFrame, table: CodeTable, additive: list[str], single_only: bool = False, source: str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Map rows (code, year, *additive) onto 2024 codes; return (harmonised, dropped).

    Additive columns are summed over the predecessors. With single_only (for shares without a
    denominator) a 2024 value is kept only when exactly one code contributes to it. `source` (a manifest key)
    picks the rows of table.combined_rows that apply.

    dropped: code, year, reason, the additive columns, and where the row lies: `covers`, the 2024 municipalities
    its value belongs to together with the other dropped rows of that year it is pooled with (a split code's
    successors, a merged municipality whose parts are incomplete), empty for an unknown code; and `complete`,
    whether those pooled rows hold every code valid that year in those municipalities.
    """
    combined = _combined_rows(frame, table, source)
    frame = frame.drop(index=combined.index)
    rows = table.rows[table.rows.new_codes.map(len) > 0]
    periods = rows[["old_code", "valid_from", "valid_to", "new_codes"]]
    data = frame.merge(periods, left_on="code", right_on="old_code", how="left")
    kept_columns = ["code", "year", *additive]
    unknown = data[data.old_code.isna()][kept_columns]
    unknown = unknown.assign(reason="unknown code", targets=_tuples([()] * len(unknown), unknown.index), valid=False)
    data = data[data.old_code.notna()]
    data["valid"] = (data.valid_from <= data.year) & (data.year <= data.valid_to)
    # A code that appears with several periods: keep the period valid in the year, else its latest.
    data = data.sort_values(["code", "year", "valid", "valid_to"]).drop_duplicates(["code", "year"], keep="last")
    split = data[data.new_codes.map(len) > 1]
    data = data[data.new_codes.map(len) == 1].assign(target=lambda d: d.new_codes.str[0])

    expected = _expected_predecessors(rows)
    base_names = dict(zip(rows.old_code, rows.old_name.map(_base_name), strict=False))
    splits = _split_codes(table)
    kept = []
    dropped = [unknown, split[[*kept_columns, "valid"]].assign(reason="split code", targets=split.new_codes)]
    for (target, year), group in data.groupby(["target", "year"], sort=True):
        use = _complete_predecessors(group, year, expected.get((target, year), set()), base_names, splits)
        if use is None:
            dropped.append(group[[*kept_columns, "valid"]].assign(
                reason="incomplete predecessors", targets=_tuples([(target,)] * len(group), group.index)))
            continue
        if single_only and len(use) > 1:
            dropped.append(use[kept_columns].assign(reason="several predecessors, no weights",
                                                    targets=_tuples([(target,)] * len(use), use.index), valid=True))
            continue
        record = {"code": target, "year": year, "n_codes": len(use), "renamed": bool((use.code != target).any())}
        for column in additive:
            record[column] = use[column].sum(min_count=len(use))
        kept.append(record)
    harmonised = pd.DataFrame(kept, columns=["code", "year", "n_codes", "renamed", *additive])
    harmonised = harmonised.dropna(subset=additive)
    pooled = _pooled(pd.concat(dropped, ignore_index=True), expected, base_names)
    covers = [tuple(entry["covers"]) for entry in _combined_entries(combined, table, source)]
    combined = combined[kept_columns].assign(reason="one row for several municipalities",
                                             covers=_tuples(covers, combined.index), complete=True)
    return harmonised, pd.concat([pooled, combined], ignore_index=True)


def _combined_entries(frame: pd.DataFrame, table: CodeTable, source: str | None) -> list[dict]:
    """The combined_rows entries that match each row of frame (code, year), in order."""
    entries = {(entry["code"], entry["year"]): entry for entry in table.combined_rows if entry["source"] == source}
    return [entries[(code, year)] for code, year in zip(frame.code, frame.year, strict=True)]


def _combined_rows(frame: pd.DataFrame, table: CodeTable, source: str | None) -> pd.DataFrame:
    """The rows of frame that data/code_corrections.yaml (combined_rows) says cover several municipalities."""
    wanted = {(entry["code"], entry["year"]) for entry in table.combined_rows if entry["source"] == source}
    if not wanted:
        return frame.iloc[0:0]
    return frame[[(code, year) in wanted for code, year in zip(frame.code, frame.year, strict=True)]]


def _pooled(dropped: pd.DataFrame, expected: dict[tuple[str, int], set[str]], base_names: dict[str, str]
            ) -> pd.DataFrame:
    """dropped rows with `covers` and `complete` (see harmonise).

    Per year, the rows valid that year are pooled where their 2024 municipalities overlap (a split code joins its
    successors); a pool is complete when it holds every code valid that year in its municipalities. As in
    harmonising, a row under another code of the same name stands in for a code without one (a publisher's
    restated series: 5012 Snillfjord for 1613 Snillfjord in 2015).
    """
    covers = pd.Series([()] * len(dropped), index=dropped.index, dtype=object)
    complete = pd.Series(False, index=dropped.index)
    placed = dropped[dropped.targets.map(len) > 0]
    for year, rows in placed.groupby("year"):
        valid = rows.valid.astype(bool)
        names = rows.code.map(base_names)
        rows = rows[valid | ~names.isin(set(names[valid]))]
        parent: dict[str, str] = {}
        for targets in rows.targets:
            first = _root(parent, targets[0])
            for other in targets[1:]:
                parent[_root(parent, other)] = first
        pool = rows.targets.map(lambda targets, parent=parent: _root(parent, targets[0]))
        for _, members in rows.groupby(pool):
            municipalities = tuple(sorted({code for targets in members.targets for code in targets}))
            needed = set().union(*(expected.get((code, year), set()) for code in municipalities))
            exact = members[members.valid.astype(bool)]
            missing = {base_names.get(code) for code in needed - set(exact.code)}
            stand_ins = members[~members.valid.astype(bool) & members.code.map(base_names).isin(missing)]
            used = pd.concat([exact, stand_ins])
            covers[used.index] = _tuples([municipalities] * len(used), used.index)
            complete[used.index] = missing <= set(stand_ins.code.map(base_names))
    return dropped.drop(columns=["targets", "valid"]).assign(covers=covers, complete=complete)


def _root(parent: dict[str, str], code: str) -> str:
    """The representative of code's pool (union-find over 2024 codes)."""
    while parent.setdefault(code, code) != code:
        code = parent[code]
    return code


def _tuples(values: list[tuple], index: pd.Index) -> pd.Series:
    """A column of tuples (pandas would read a list of tuples as rows of a table)."""
    column = pd.Series([None] * len(values), index=index, dtype=object)
    for position, value in enumerate(values):
        column.iloc[position] = value
    return column


def _complete_predecessors(group, year, need, base_names, splits) -> pd.DataFrame | None:
    """The rows that together cover the 2024 municipality in that year, or None if some part is missing.

    A needed code without data may be stood in for by another code of the same name that the
    publisher used instead (5030 Klæbu for 1662 Klæbu, 1601 Trondheim kept for 2018); when no
    needed code has data at all, the latest restated codes are used (3001 Halden for 2011).
    """
    if need & splits:
        return None
    exact = group[group.valid]
    missing = need - set(exact.code)
    if not missing:
        return exact
    later = group[group.valid_from > year]
    wanted = {base_names.get(code) for code in missing}
    others = group[~group.valid]
    stand_ins = others[others.code.map(base_names).isin(wanted)]
    if set(stand_ins.code.map(base_names)) == wanted:
        return pd.concat([exact, stand_ins])
    if exact.empty and not later.empty:
        return later[later.valid_from == later.valid_from.max()]
    return None


def _expected_predecessors(rows: pd.DataFrame) -> dict[tuple[str, int], set[str]]:
    """(2024 code, year) -> the codes valid that year that lie in it, for years 1986-2030."""
    expected: dict[tuple[str, int], set[str]] = {}
    for row in rows.itertuples():
        for year in range(max(row.valid_from, 1986), min(row.valid_to, 2030) + 1):
            for target in row.new_codes:
                expected.setdefault((target, year), set()).add(row.old_code)
    return expected


def _split_codes(table: CodeTable) -> set[str]:
    return set(table.rows.loc[table.rows.kind == "split", "old_code"])


def codes_by_name_form(table: CodeTable, year: int,
                       forms: Callable[[str], set[str]]) -> dict[tuple[str, str], set[str]]:
    """(a written form of a municipality's name, its county number) -> the codes valid in `year` with that form;
    sources that name municipalities instead of numbering them are matched through it."""
    valid = table.rows[(table.rows.valid_from <= year) & (table.rows.valid_to >= year)
                       & (table.rows.new_codes.map(len) > 0)]
    lookup: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in valid.itertuples():
        for form in forms(row.old_name):
            lookup[(form, row.old_code[:2])].add(row.old_code)
    return lookup
