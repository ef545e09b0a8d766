"""How fast Streamlit's server hands out its own script files, as a browser's first page load asks for them.

A first load of a page fetches about a hundred of Streamlit's JavaScript chunks; Chromium keeps at most six
HTTP/1.1 connections to one host. This asks a server of bench/reference_hello.py for every chunk under
streamlit/static/static/js over six keep-alive connections, `--rounds` times, and reports the milliseconds per
request. uvicorn uses uvloop and httptools when they are installed (requirements.in); to see the difference, run it
once more in an environment without them.

    .venv/bin/python bench/static_serving.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import streamlit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.streamlit_server import serving  # noqa: E402

CONNECTIONS = 6  # Chromium's limit per host over HTTP/1.1
CHUNKS = sorted(Path(streamlit.__file__).parent.joinpath("static", "static", "js").glob("*.js"))


def fetch_all(host: str, port: int, paths: list[str]) -> None:
    """The paths one after the other on one keep-alive connection."""
    connection = http.client.HTTPConnection(host, port)
    try:
        for path in paths:
            connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path}: HTTP {response.status}")
    finally:
        connection.close()


def round_ms(url: str) -> float:
    """Every chunk once over CONNECTIONS connections; the wall time in ms."""
    address = urlsplit(url)
    paths = [f"/static/js/{chunk.name}" for chunk in CHUNKS]
    started = time.perf_counter()
    with ThreadPoolExecutor(CONNECTIONS) as pool:
        for done in [pool.submit(fetch_all, address.hostname, address.port, paths[i::CONNECTIONS])
                     for i in range(CONNECTIONS)]:
            done.result()
    return (time.perf_counter() - started) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with serving("bench/reference_hello.py") as url:
        round_ms(url)  # untimed: the server's first answers
        rounds = [round_ms(url) for _ in range(args.rounds)]
    median = statistics.median(rounds)
    print(f"{len(CHUNKS)} script files over {CONNECTIONS} connections: median {median:.0f} ms a round "
          f"({median / len(CHUNKS):.2f} ms a request); rounds {[round(r) for r in rounds]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
