"""Command line: python -m core fetch | build | indicators | export | export-scores | ssb-refresh (see README)."""

from __future__ import annotations

import argparse
import sys

from core.errors import UserError
from core.i18n import t
from core.sources import SourceError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m core", description="Bærekraftsnettverket dashboard data tools")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("fetch", help="get every upstream file (mirror or download) and verify its sha256")
    commands.add_parser("build", help="build the database from the verified files (fetches first)")
    commands.add_parser("indicators", help="the indicator catalogue as CSV")
    export = commands.add_parser("export", help="observations of one indicator as CSV")
    export.add_argument("--indicator", required=True)
    export.add_argument("--year", type=int)
    export.add_argument("--level", choices=["municipality", "county", "country"], default="municipality")
    admin = commands.add_parser("create-admin", help="create the first administrator (asks for the password)")
    admin.add_argument("--username", required=True)
    admin.add_argument("--name", default="")
    commands.add_parser("structure", help="structural variables per municipality (raw and z-scores) as CSV")
    neighbours = commands.add_parser("neighbours", help="nearest neighbours of a municipality as CSV")
    neighbours.add_argument("--code", required=True)
    neighbours.add_argument("--k", type=int, default=10)
    scores = commands.add_parser("export-scores", help="scores, colours, trends and progress as one CSV")
    scores.add_argument("--code", help="one municipality (4 digits) or county (2 digits); all when left out")
    ssb = commands.add_parser("ssb-refresh", help="refresh indicators from SSB's PxWeb API v2 (data/ssb_tables.yaml)")
    ssb.add_argument("--table", action="append", help="one table id (repeatable); all tables when left out")
    ssb.add_argument("--dry-run", action="store_true", help="fetch and map, but write nothing")
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except SourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except UserError as error:  # SSB unreachable or refusing: nothing was changed
        print(f"error: {t(error.key, 'en', **error.values)}", file=sys.stderr)
        return 3
    except LookupError as error:
        print(f"error: {error.args[0]}", file=sys.stderr)
        return 2


def _run(args) -> int:
    if args.command == "fetch":
        from core.sources import fetch_all

        fetch_all()
    elif args.command == "build":
        from core.etl.build import build
        from core.sources import fetch_all

        fetch_all()
        assembled = build()
        if not assembled.dropped.empty:
            summary = assembled.dropped.groupby(["indicator_id", "reason"]).size()
            print("values not attributed to a 2024 municipality (see README, Code changes):")
            for (indicator_id, reason), count in summary.items():
                print(f"  {indicator_id}: {count} ({reason})")
    elif args.command == "indicators":
        from core.exports import catalogue_csv

        sys.stdout.write(catalogue_csv())
    elif args.command == "export":
        from core.exports import observations_csv

        sys.stdout.write(observations_csv(args.indicator, args.year, args.level))
    elif args.command == "create-admin":
        import getpass
        import os

        from core.auth import AuthError, create_user

        password = os.environ.get("DASHBOARD_ADMIN_PASSWORD") or getpass.getpass("Password (12 characters or more): ")
        try:
            create_user("cli", args.username, args.name or args.username, password, "admin")
        except AuthError as error:
            print(f"error: {error.key} {error.values}", file=sys.stderr)
            return 2
        print(f"created administrator {args.username}")
    elif args.command in ("structure", "neighbours"):
        import pandas as pd

        from core import peers, queries

        raw = peers.structural_variables(queries.all_observations(), queries.municipalities())
        z = peers.standardise(raw)
        if args.command == "structure":
            sys.stdout.write(raw.join(z.add_suffix("_z")).to_csv())
        else:
            found = peers.nearest_neighbours(args.code, z, args.k)
            frame = pd.DataFrame([{"code": n.code, "distance": n.distance, "closest": ";".join(n.closest)}
                                  for n in found])
            sys.stdout.write(frame.to_csv(index=False))
    elif args.command == "export-scores":
        from core import queries, targets
        from core.catalogue import load_catalogue
        from core.exports import scores_frame
        from core.scores import compute

        book = compute(queries.all_observations(), load_catalogue(), targets.local_targets())
        sys.stdout.write(scores_frame(book, args.code).to_csv(index=False))
    elif args.command == "ssb-refresh":
        _ssb_refresh(args.table, args.dry_run)
    return 0


def _ssb_refresh(tables: list[str] | None, dry_run: bool) -> None:
    from core.ssb.refresh import refresh

    def progress(step: int, steps: int, table_id: str, stage: str) -> None:
        words = {"fetch": f"fetching table {table_id}", "write": "writing in one transaction" if not dry_run
                 else "dry run: nothing written", "done": "done"}
        print(f"[{step}/{steps}] {words[stage]}", flush=True)

    result = refresh(tables, dry_run=dry_run, progress=progress)
    for update in result.updates:
        levels = update.observations.area_level.value_counts().to_dict()
        print(f"  {update.table.id} -> {update.table.indicator_id}: "
              + ", ".join(f"{n} {level}" for level, n in sorted(levels.items()))
              + f" values; {update.dropped} not attributed to a 2024 municipality")


if __name__ == "__main__":
    sys.exit(main())
