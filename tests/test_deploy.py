"""The deployment folder (issue 17 §3): compose file, image and the proxy's config, as far as this machine can check
them without Docker images (no registry here): the compose file's parts, the Dockerfile's promises, and nginx -t on
the rendered config when Debian's nginx is installed."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

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
