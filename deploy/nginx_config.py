"""Render deploy/nginx.conf for a host: the upstream servers and the listening port replace the tagged lines.

    .venv/bin/python deploy/nginx_config.py --listen 8680 --server 127.0.0.1:8681 --server 127.0.0.1:8682 > nginx.conf
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "nginx.conf"
TAGGED = re.compile(r"^(?P<indent>[ \t]*)\S.*# render: (?P<tag>\w+).*$", re.MULTILINE)


def render(servers: list[str], listen: str, template: str | None = None) -> str:
    """The template with one `server` line per upstream address and the given listen address (port or host:port)."""
    if not servers:
        raise ValueError("at least one upstream server is needed")
    text = TEMPLATE.read_text() if template is None else template
    replacements = {
        "upstream": lambda indent: "\n".join(f"{indent}server {server};" for server in servers),
        "listen": lambda indent: f"{indent}listen {listen};",
    }
    found = set()

    def replace(match: re.Match) -> str:
        found.add(match["tag"])
        return replacements[match["tag"]](match["indent"])

    rendered = TAGGED.sub(replace, text)
    if found != set(replacements):
        raise ValueError(f"the template lacks the tagged lines {sorted(set(replacements) - found)}")
    return rendered


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", action="append", required=True, help="an app process, host:port (repeat)")
    parser.add_argument("--listen", default="80", help="nginx's port or address:port (default 80)")
    args = parser.parse_args(argv)
    sys.stdout.write(render(args.server, args.listen))
    return 0


if __name__ == "__main__":
    sys.exit(main())
