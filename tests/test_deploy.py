"""The deployment folder (issue 17 §3): compose file, image and the proxy's config, as far as this machine can check
them without Docker images (no registry here): the compose file's parts, the Dockerfile's promises, and nginx -t on
the rendered config when Debian's nginx is installed."""

from __future__ import annotations

import http.server
import importlib.util
import shutil
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from tests.streamlit_server import free_port

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def nginx_config():
    spec = importlib.util.spec_from_file_location("nginx_config", DEPLOY / "nginx_config.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def test_compose_runs_postgresql_replicated_apps_and_nginx_in_order(compose):
    services = compose["services"]
    assert services["db"]["image"].startswith("postgres:")
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    # The database is built once, before any app process starts, against the same database as the apps.
    assert services["build"]["command"] == ["python", "-m", "core", "build"]
    assert services["build"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["app"]["depends_on"]["build"]["condition"] == "service_completed_successfully"
    assert services["app"]["environment"]["DATABASE_URL"] == services["build"]["environment"]["DATABASE_URL"]
    assert "@db/" in services["app"]["environment"]["DATABASE_URL"]
    assert "APP_REPLICAS" in str(services["app"]["deploy"]["replicas"])
    assert "STREAMLIT_SERVER_COOKIE_SECRET" in services["app"]["environment"]
    proxy = services["proxy"]
    assert proxy["image"].startswith("nginx:")
    assert "./nginx.conf:/etc/nginx/nginx.conf:ro" in proxy["volumes"]
    assert proxy["depends_on"]["app"]["condition"] == "service_healthy"
    assert proxy["ports"] and "app" not in {port.split(":")[0] for port in proxy["ports"]}
    assert "pgdata" in compose["volumes"]


def test_dockerfile_is_slim_non_root_with_a_health_check():
    lines = [line.strip() for line in (DEPLOY / "Dockerfile").read_text().splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    instructions = [line.split()[0] for line in lines if line.split()[0].isupper()]
    assert lines[0] == "FROM python:3.11-slim"
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users and users[-1] not in {"root", "0"}
    assert instructions.index("USER") < instructions.index("CMD")
    assert any(line.startswith("HEALTHCHECK") for line in lines)
    assert "/_stcore/health" in (DEPLOY / "Dockerfile").read_text()
    assert any("pip install -r /tmp/requirements.txt" in line for line in lines)
    assert any("python -m core fetch" in line for line in lines)


def test_proxy_config_is_sticky_and_upgrades_websockets():
    config = (DEPLOY / "nginx.conf").read_text()
    directives = [line.split("#")[0].strip() for line in config.splitlines()]
    # By a routing cookie, not ip_hash: a hall behind one NAT address would all land on one process.
    assert "hash $app_route consistent;" in directives and "ip_hash;" not in directives
    for directive in ("proxy_http_version 1.1;", "proxy_set_header Upgrade $http_upgrade;",
                      "proxy_set_header Connection $connection_upgrade;", "proxy_read_timeout 3600s;"):
        assert directive in config


def test_render_puts_one_server_line_per_process_and_the_port():
    rendered = nginx_config().render(["127.0.0.1:8691", "127.0.0.1:8692"], "127.0.0.1:8690")
    upstream = rendered.split("upstream app {")[1].split("}")[0]
    assert [line.strip() for line in upstream.splitlines() if line.strip().startswith("server ")] == [
        "server 127.0.0.1:8691;", "server 127.0.0.1:8692;"]
    assert "listen 127.0.0.1:8690;" in rendered and "app:8501" not in rendered


def test_render_refuses_a_template_without_its_tagged_lines():
    with pytest.raises(ValueError, match="listen"):
        nginx_config().render(["127.0.0.1:1"], "80", template="upstream app {\n  server a:1;  # render: upstream\n}\n")
    with pytest.raises(ValueError, match="at least one"):
        nginx_config().render([], "80")


@pytest.mark.skipif(NGINX is None, reason="Debian's nginx is not installed (.ci/run installs it)")
def test_nginx_accepts_the_rendered_config(tmp_path):
    (tmp_path / "temp").mkdir()
    config = tmp_path / "nginx.conf"
    config.write_text(nginx_config().render(["127.0.0.1:8691", "127.0.0.1:8692"], "127.0.0.1:8690"))
    result = subprocess.run([NGINX, "-t", "-p", f"{tmp_path}/", "-c", str(config)], capture_output=True, text=True,
                            timeout=30)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


@pytest.mark.skipif(NGINX is None, reason="Debian's nginx is not installed (.ci/run installs it)")
def test_the_routing_cookie_keeps_a_browser_on_one_process_and_spreads_new_ones(tmp_path):
    """Two stand-in app processes behind the rendered config: a new browser gets the cookie, keeps its process with
    it, and new browsers reach both (not one per client address, as ip_hash would: these all come from 127.0.0.1)."""
    backends = [_named_server(name) for name in ("first", "second")]
    port = free_port()
    (tmp_path / "temp").mkdir()
    config = tmp_path / "nginx.conf"
    config.write_text(nginx_config().render([f"127.0.0.1:{b.server_port}" for b in backends], f"127.0.0.1:{port}"))
    proxy = subprocess.Popen([NGINX, "-p", f"{tmp_path}/", "-c", str(config), "-g", "daemon off;"],
                             stderr=subprocess.DEVNULL)
    try:
        first_name, cookie = _get_until_up(f"http://127.0.0.1:{port}/")
        assert cookie.startswith("app_route=")
        same = {_get(f"http://127.0.0.1:{port}/", cookie)[0] for _ in range(10)}
        assert same == {first_name}
        fresh = {_get(f"http://127.0.0.1:{port}/")[0] for _ in range(40)}
        assert fresh == {"first", "second"}
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)
        for backend in backends:
            backend.shutdown()


def _named_server(name: str) -> http.server.ThreadingHTTPServer:
    class Named(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the handler's protocol
            body = name.encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Named)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _get(url: str, cookie: str | None = None) -> tuple[str, str | None]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=5) as response:
        set_cookie = response.headers.get("Set-Cookie")
        return response.read().decode(), set_cookie.split(";")[0] if set_cookie else None


def _get_until_up(url: str, timeout: float = 10.0) -> tuple[str, str | None]:
    deadline = time.monotonic() + timeout
    while True:
        try:
            return _get(url)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
