"""The project's one command line: data, exports, the PDF profile, the SSB connector, accounts and settings.

    python -m core --help             every command, and every environment variable it reads
    python -m core <command> --help   one command's options

An error a user can cause is one English sentence on stderr and exit code 2 (3 when SSB cannot be reached or
refuses: nothing was changed); never a translation key or a traceback. Passwords are asked for without echo.
This module is the project's entry point, like app.py: the one module of core/ that reaches up to reports/, and
only inside the `pdf` command.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
import warnings
from pathlib import Path

from core import config, logs
from core.errors import UserError
from core.i18n import LANGUAGES, t
from core.sources import SourceError

EXIT_USER_ERROR = 2
EXIT_SERVICE_UNAVAILABLE = 3  # SSB unreachable or refusing; nothing was changed
EXIT_SOME_TABLES_FAILED = 4  # ssb-refresh: some tables failed (nothing written from them), the others were written
AREA_LEVELS = ("municipality", "county")
COMMAND_GROUPS = {
    "data": "fetch, build, ssb-refresh, backup, restore",
    "exports": "indicators, export, export-scores, structure, neighbours, pdf",
    "accounts": "create-admin, create-user, set-active, users",
    "settings": "settings",
}


class Refused(Exception):
    """A request the command line refuses, already worded as an English sentence."""


def build_parser() -> argparse.ArgumentParser:
    groups = "\n".join(f"  {name:<9} {commands}" for name, commands in COMMAND_GROUPS.items())
    epilog = (config.environment_help() + "\n\nexit codes:\n  0  done\n  2  a request refused (the message says why)\n"
              "  3  SSB could not be reached or refused (nothing was changed)")
    parser = argparse.ArgumentParser(
        prog="python -m core", formatter_class=argparse.RawDescriptionHelpFormatter, epilog=epilog,
        description=f"Bærekraftsnettverket dashboard: data, exports, reports and accounts.\n\n{groups}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")

    commands.add_parser("fetch", help="get every upstream file (mirror or download) and verify its sha256")
    commands.add_parser("build", help="build the database from the verified files (fetches first)")
    ssb = commands.add_parser("ssb-refresh", help="refresh the indicators fed online: SSB's PxWeb API v2, FHI, "
                              "Miljødirektoratet (data/ssb_tables.yaml); exit 4 when some tables failed, 3 when none "
                              "could be reached")
    ssb.add_argument("--table", action="append", help="one table id (repeatable); all tables when left out")
    ssb.add_argument("--dry-run", action="store_true", help="fetch and map, but write nothing")

    saved = commands.add_parser("backup", help="write a backup of the whole database (SQLite: its backup API; "
                                "PostgreSQL: pg_dump, custom format)")
    saved.add_argument("--out", required=True, type=Path, help="the backup file to write")
    restored = commands.add_parser("restore", help="replace the whole database with a backup (all or nothing)")
    restored.add_argument("--from", dest="source", required=True, type=Path, help="a file `backup` wrote")
    commands.add_parser("indicators", help="the indicator catalogue as CSV")
    export = commands.add_parser("export", help="observations of one indicator as CSV")
    export.add_argument("--indicator", required=True)
    export.add_argument("--year", type=int)
    export.add_argument("--level", choices=["municipality", "county", "country"], default="municipality")
    scores = commands.add_parser("export-scores", help="scores, colours, trends and progress as one CSV")
    scores.add_argument("--code", help="one municipality (4 digits) or county (2 digits); all when left out")
    commands.add_parser("structure", help="structural variables per municipality (raw and z-scores) as CSV")
    neighbours = commands.add_parser("neighbours", help="nearest neighbours of a municipality as CSV")
    neighbours.add_argument("--code", required=True)
    neighbours.add_argument("--k", type=int, default=10)
    pdf = commands.add_parser("pdf", help="the profile of a municipality or county as a PDF report")
    pdf.add_argument("--code", required=True, help="a municipality (4 digits) or county (2 digits)")
    pdf.add_argument("--level", choices=AREA_LEVELS, help="guessed from the code's length when left out")
    pdf.add_argument("--lang", choices=LANGUAGES, default="nb", help="bokmål (nb, the default) or English (en)")
    pdf.add_argument("--out", "-o", required=True, type=Path, help="the PDF file to write")

    admin = commands.add_parser("create-admin", help="create an administrator (asks for the password)")
    admin.add_argument("--username", required=True)
    admin.add_argument("--name", default="", help="display name; the username when left out")
    user = commands.add_parser("create-user", help="create an account of any role (asks for the password)")
    user.add_argument("--username", required=True, help="for OpenID Connect logins, the e-mail address")
    user.add_argument("--role", required=True, choices=["coordinator", "secretariat", "admin"])
    user.add_argument("--area", help="a coordinator's municipality (4 digits) or county (2 digits)")
    user.add_argument("--name", default="", help="display name; the username when left out")
    user.add_argument("--no-password", action="store_true",
                      help="logs in only through the OpenID Connect provider (no local password)")
    active = commands.add_parser("set-active", help="let an account log in again, or stop it (history is kept)")
    active.add_argument("--username", required=True)
    active.add_argument("--active", required=True, choices=["yes", "no"])
    commands.add_parser("users", help="the accounts as CSV (no password hashes)")

    shown = commands.add_parser("settings", help="the settings in effect (passwords hidden)")
    shown.add_argument("--readme", action="store_true", help="the README's configuration table instead")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logs.configure()  # events (builds, refreshes, changes, logins) as JSON lines on stderr; results stay on stdout
    try:
        code = _run(args)
    except UserError as error:
        print(f"error: {sentence(error)}", file=sys.stderr)
        return EXIT_SERVICE_UNAVAILABLE if error.key.startswith("ssb.") else EXIT_USER_ERROR
    except (SourceError, Refused) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USER_ERROR
    except LookupError as error:
        print(f"error: {error.args[0]}", file=sys.stderr)
        return EXIT_USER_ERROR
    return code if isinstance(code, int) else 0


def sentence(error: UserError) -> str:
    """The error in English, as the pages show it in the user's language."""
    return t(error.key, "en", **error.values)


def _run(args) -> int | None:
    handler = {
        "fetch": _fetch, "build": _build, "ssb-refresh": _ssb_refresh, "backup": _backup, "restore": _restore,
        "indicators": _indicators, "export": _export, "export-scores": _export_scores,
        "structure": _structure, "neighbours": _structure, "pdf": _pdf,
        "create-admin": _create_admin, "create-user": _create_user, "set-active": _set_active, "users": _users,
        "settings": _settings,
    }[args.command]
    return handler(args)


# ---------------------------------------------------------------- data


def _fetch(_args) -> None:
    from core.sources import fetch_all

    fetch_all()


def _backup(args) -> None:
    from core.backup import backup

    print(t("backup.done", "en", path=backup(args.out)))


def _restore(args) -> None:
    from core.backup import restore

    restore(args.source)
    print(t("backup.restored", "en", path=args.source))


def _build(_args) -> None:
    from core.etl.build import build
    from core.sources import fetch_all

    fetch_all()
    logs.event("build.started", logger="dashboard.build")
    try:
        assembled = build()
    except BaseException as error:  # a refused source, a fault, Ctrl-C: the previous database is unchanged
        logs.event("build.failed", logging.ERROR, "dashboard.build", exc_info=error)
        raise
    logs.event("build.done", logger="dashboard.build", absent_sources=assembled.absent_sources,
               not_attributed=len(assembled.dropped),
               rows={model.__tablename__: len(frame) for model, frame in assembled.tables.items()})
    if not assembled.dropped.empty:
        summary = assembled.dropped.groupby(["indicator_id", "reason"]).size()
        print("values not attributed to a 2024 municipality (see README, Code changes):")
        for (indicator_id, reason), count in summary.items():
            print(f"  {indicator_id}: {count} ({reason})")


def _ssb_refresh(args) -> int:
    """Each table fetched, checked and written on its own; a failed table is named with what the source said, and
    the exit code is 4 when some failed (3 when none could be reached), so a cron job or systemd timer notices."""
    from core.gate import CLI
    from core.ssb.refresh import refresh

    dry_run = args.dry_run

    def progress(step: int, steps: int, table_id: str, stage: str) -> None:
        words = {"fetch": f"fetching table {table_id}", "write": f"writing table {table_id}",
                 "failed": f"table {table_id} failed", "done": "dry run: nothing written" if dry_run else "done"}
        print(f"[{step}/{steps}] {words[stage]}", flush=True)

    result = refresh(args.table, dry_run=dry_run, progress=progress, actor=CLI)
    for update in result.updates:
        levels = update.observations.area_level.value_counts().to_dict()
        changed = "" if update.changed is None else f"; {update.changed} rows changed"
        print(f"  {update.table.id} -> {', '.join(update.table.indicator_ids)}: "
              + ", ".join(f"{n} {level}" for level, n in sorted(levels.items()))
              + f" values, newest {update.newest_year}; {update.dropped} not attributed to a 2024 municipality"
              + changed)
    for failure in result.failures:
        print(f"error: table {failure.table.id} ({failure.kind}): {failure.message}", file=sys.stderr)
    return EXIT_SOME_TABLES_FAILED if result.failures else 0


# ---------------------------------------------------------------- exports


def _indicators(_args) -> None:
    from core.exports import catalogue_csv

    sys.stdout.write(catalogue_csv())


def _export(args) -> None:
    from core.exports import observations_csv

    sys.stdout.write(observations_csv(args.indicator, args.year, args.level))


def _export_scores(args) -> None:
    from core import queries, targets
    from core.exports import neutralise, scores_frame
    from core.scores import compute
    from core.ssb.thresholds import catalogue_in_effect

    book = compute(queries.all_observations(), catalogue_in_effect(), targets.local_targets())
    sys.stdout.write(neutralise(scores_frame(book, args.code)).to_csv(index=False))


def _structure(args) -> None:
    """`structure` (the variables, raw and standardised) and `neighbours` (the nearest ones to a municipality)."""
    import pandas as pd

    from core import peers, queries

    raw = peers.structural_variables(queries.all_observations(), queries.municipalities())
    z = peers.standardise(raw)
    if args.command == "structure":
        sys.stdout.write(raw.join(z.add_suffix("_z")).to_csv())
        return
    found = peers.nearest_neighbours(args.code, z, args.k)
    frame = pd.DataFrame([{"code": n.code, "distance": n.distance, "closest": ";".join(n.closest)} for n in found])
    sys.stdout.write(frame.to_csv(index=False))


def _pdf(args) -> None:
    from reports.profile_pdf import FontMissingError, profile_pdf

    code = args.code.strip()
    level = args.level or ("county" if len(code) == 2 else "municipality")
    # plotly warns on every image that kaleido's warm server ignores per-call options; nothing to act on.
    warnings.filterwarnings("ignore", message="The kopts argument is ignored")
    try:
        document = profile_pdf(level, code, args.lang)
    except FontMissingError as error:
        raise Refused(str(error)) from None
    args.out.write_bytes(document)  # only once the whole report is made
    print(f"wrote {args.out} ({len(document) // 1024} kB)")


# ---------------------------------------------------------------- accounts


def read_password() -> str:
    """DASHBOARD_ADMIN_PASSWORD when set (scripted set-up), else asked twice without echo."""
    configured = config.settings().dashboard_admin_password
    if configured is not None:
        return configured.get_secret_value()
    from core.auth import MIN_PASSWORD

    try:
        first = getpass.getpass(f"Password ({MIN_PASSWORD} characters or more): ")
        again = getpass.getpass("The same password again: ")
    except (EOFError, KeyboardInterrupt):
        print(file=sys.stderr)
        raise UserError("cli.no_password") from None
    if first != again:
        raise UserError("cli.password_mismatch")
    return first


def _create_admin(args) -> None:
    from core.auth import create_user
    from core.gate import CLI

    create_user(CLI, args.username, args.name or args.username, read_password(), "admin")
    print(f"created administrator {args.username}")


def _create_user(args) -> None:
    from core.auth import create_user
    from core.gate import CLI

    area_level = area_code = None
    if args.area:
        area_code = args.area.strip()
        area_level = "county" if len(area_code) == 2 else "municipality"
    password = None if args.no_password else read_password()
    create_user(CLI, args.username, args.name or args.username, password, args.role, area_level, area_code)
    where = f" for {area_level} {area_code}" if area_code and args.role == "coordinator" else ""
    print(f"created {args.role} {args.username}{where}")


def _set_active(args) -> None:
    from core.auth import set_active
    from core.gate import CLI

    active = args.active == "yes"
    set_active(CLI, args.username, active)
    print(f"{args.username} {'may log in again' if active else 'can no longer log in'}")


def _users(_args) -> None:
    import pandas as pd

    from core.auth import users

    columns = ["username", "display_name", "role", "area_level", "area_code", "active", "created_at"]
    rows = [{column: getattr(user, column) for column in columns} for user in users()]
    from core.exports import neutralise

    sys.stdout.write(neutralise(pd.DataFrame(rows, columns=columns)).to_csv(index=False))  # names are typed in


# ---------------------------------------------------------------- settings


def _settings(args) -> None:
    if args.readme:
        sys.stdout.write(config.configuration_table())
        return
    for name, value in config.settings_shown().items():
        print(f"{name}={value}")


if __name__ == "__main__":
    sys.exit(main())
