"""Start and stop a Streamlit server on a free local port: for the browser tests and the benchmark."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from core.config import subprocess_environment

ROOT = Path(__file__).resolve().parent.parent
HEALTH_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def launch(script: str = "app.py", env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    """Start a server for the script (relative to the project root); returns it and its base URL at once."""
    port = free_port()
    options = ["--server.headless", "true", "--server.port", str(port), "--browser.gatherUsageStats", "false"]
    # The app is served as in production, warmed by serve.py; other scripts (bench references) by plain streamlit run.
    runner = ["serve.py"] if script == "app.py" else ["-m", "streamlit", "run", script]
    command = [sys.executable, *runner, *options]
    process = subprocess.Popen(command, cwd=ROOT, env=subprocess_environment(**(env or {})), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    return process, f"http://localhost:{port}"


def wait_healthy(process: subprocess.Popen, url: str, timeout: float = HEALTH_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: streamlit exited with code {process.returncode} before becoming healthy")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return
        except OSError:
            pass
        time.sleep(0.25)
    stop(process)
    raise TimeoutError(f"{url}: not healthy after {timeout:.0f} s")


def start(script: str = "app.py", env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    """A healthy server for the script and its base URL."""
    process, url = launch(script, env)
    wait_healthy(process, url)
    return process, url


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def serving(script: str = "app.py", env: dict[str, str] | None = None) -> Iterator[str]:
    process, url = start(script, env)
    try:
        yield url
    finally:
        stop(process)
