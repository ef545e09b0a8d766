"""The load test against several app processes behind Debian's nginx, on a throwaway PostgreSQL (issue 17 §3).

Starts a PostgreSQL cluster of its own (socket in its own folder, no port), builds the database into it
(`python -m core build` with DATABASE_URL), starts N Streamlit processes on ports of their own, nginx with a config
rendered from deploy/nginx.conf, runs bench/load.py through nginx, and stops everything it started.

    .venv/bin/python bench/load_cluster.py --apps 2                      # two processes behind nginx
    .venv/bin/python bench/load_cluster.py --apps 1 --no-proxy           # one process on PostgreSQL, no nginx
    .venv/bin/python bench/load_cluster.py --apps 2 --sessions 100 --window 10 --port 8680

Needs /usr/lib/postgresql/*/bin and /usr/sbin/nginx (Debian's postgresql and nginx packages).
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "deploy"))

import load  # noqa: E402
import nginx_config  # noqa: E402

from core.config import subprocess_environment  # noqa: E402
from tests.streamlit_server import stop, wait_healthy  # noqa: E402

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def postgres_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda path: int(path.parent.name))
    if not found:
        raise SystemExit("PostgreSQL's server binaries are not installed (apt-get install postgresql)")
    return found[-1]


def as_postgres(command: list[str]) -> None:
    """initdb refuses root: as root, run the server's commands as the postgres user."""
    if os.geteuid() == 0:
        command = ["su", "postgres", "-c", " ".join(shlex.quote(part) for part in command)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)


def start_postgres(stack: ExitStack) -> tuple[str, int]:
    """A throwaway cluster reached through a socket in its own folder; returns its URL and the postmaster's pid."""
    pg_bin = postgres_bin()
    home = Path(tempfile.mkdtemp(prefix="load-pg-"))
    folder = home / "pg"
    folder.mkdir()
    if os.geteuid() == 0:
        shutil.chown(home, "postgres")
        shutil.chown(folder, "postgres")
    stack.callback(shutil.rmtree, home, ignore_errors=True)
    as_postgres([str(pg_bin / "initdb"), "-D", str(folder), "-A", "trust", "-U", "postgres"])
    server = [str(pg_bin / "pg_ctl"), "-D", str(folder), "-o", f"-k {folder} -c listen_addresses=''",
              "-l", str(folder / "server.log"), "-w"]
    as_postgres([*server, "start"])
    stack.callback(as_postgres, [str(pg_bin / "pg_ctl"), "-D", str(folder), "-m", "fast", "-w", "stop"])
    postmaster = int((folder / "postmaster.pid").read_text().split()[0])
    return f"postgresql+psycopg://postgres@/postgres?host={folder}", postmaster


def build_database(url: str) -> float:
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "core", "build"], cwd=ROOT, check=True,
                   env=subprocess_environment(DATABASE_URL=url), stdout=subprocess.DEVNULL)
    return time.monotonic() - started


def start_apps(stack: ExitStack, count: int, first_port: int, database_url: str) -> tuple[list[int], list[int]]:
    """Streamlit processes on first_port, first_port+1, …; returns their ports and pids once all are healthy."""
    processes = []
    for port in range(first_port, first_port + count):
        command = [sys.executable, "serve.py", "--server.headless", "true",  # warmed before it listens
                   "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
        process = subprocess.Popen(command, cwd=ROOT, env=subprocess_environment(DATABASE_URL=database_url),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        stack.callback(stop, process)
        processes.append((port, process))
    for port, process in processes:
        wait_healthy(process, f"http://127.0.0.1:{port}")
    return [port for port, _ in processes], [process.pid for _, process in processes]


def start_nginx(stack: ExitStack, port: int, app_ports: list[int]) -> int:
    """nginx in a prefix folder of its own with the rendered config; returns the master's pid once it answers."""
    if not Path(NGINX).exists():
        raise SystemExit("nginx is not installed (apt-get install nginx)")
    prefix = Path(tempfile.mkdtemp(prefix="load-nginx-"))
    stack.callback(shutil.rmtree, prefix, ignore_errors=True)
    (prefix / "temp").mkdir()
    config = prefix / "nginx.conf"
    config.write_text(nginx_config.render([f"127.0.0.1:{p}" for p in app_ports], f"127.0.0.1:{port}"))
    process = subprocess.Popen([NGINX, "-p", f"{prefix}/", "-c", str(config), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stack.callback(stop, process)
    wait_healthy(process, f"http://127.0.0.1:{port}")  # the app's health check, through the proxy
    return process.pid


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--apps", type=int, default=2, help="app processes (default 2)")
    parser.add_argument("--no-proxy", action="store_true", help="with --apps 1: straight to the app, no nginx")
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--window", type=float, default=10.0)
    parser.add_argument("--code", default=load.PROFILE_CODE)
    parser.add_argument("--timeout", type=float, default=180.0)
    parser.add_argument("--port", type=int, default=8680, help="nginx's port; the apps take the next ones")
    parser.add_argument("--label", help="names the results file (default postgres-<apps>-process[es][-nginx])")
    args = parser.parse_args(argv)
    if args.no_proxy and args.apps != 1:
        parser.error("--no-proxy needs --apps 1")
    label = args.label or f"postgres-{args.apps}-process{'es' if args.apps > 1 else ''}" + \
        ("" if args.no_proxy else "-nginx")
    command = [Path(sys.executable).name, "bench/load_cluster.py", *(argv if argv is not None else sys.argv[1:])]

    with ExitStack() as stack:
        database_url, postmaster = start_postgres(stack)
        build_seconds = build_database(database_url)
        print(f"database built into PostgreSQL in {build_seconds:.0f} s")
        started = time.monotonic()
        app_ports, app_pids = start_apps(stack, args.apps, args.port + 1, database_url)
        ready_seconds = time.monotonic() - started
        print(f"{args.apps} app process(es) healthy in {ready_seconds:.1f} s")
        watch = {f"app{i + 1}": pid for i, pid in enumerate(app_pids)}
        if args.no_proxy:
            url = f"http://127.0.0.1:{app_ports[0]}"
        else:
            watch["nginx"] = start_nginx(stack, args.port, app_ports)
            url = f"http://127.0.0.1:{args.port}"
        watch["postgres"] = postmaster
        figures = load.measure(url, watch, args.sessions, args.window, args.code, args.timeout,
                               [f"http://127.0.0.1:{port}" for port in app_ports])
    print(load.table(label, figures))
    extra = {"apps": args.apps, "proxy": None if args.no_proxy else "nginx", "database": "postgresql",
             "database_build_s": build_seconds, "apps_healthy_s": ready_seconds}
    print(f"written: {load.write_results(label, figures, command, extra).relative_to(ROOT)}")
    return 0 if figures["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
