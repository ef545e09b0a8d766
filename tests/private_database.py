"""A private copy of the built public data for tests that write: the shared database stays untouched."""

from __future__ import annotations

from core import db
from core.etl.build import assemble, write


def quiet(_line: str) -> None:
    pass


def template_database(tmp_path_factory) -> str:
    """The public data written once per test session (write(assemble())); copies of it are cheap."""
    base = tmp_path_factory.getbasetemp()
    template = base / "network_template.sqlite"
    if not template.exists():
        building = base / "network_template.building.sqlite"
        url = f"sqlite:///{building}"
        write(assemble(report=quiet), url, report=quiet)
        db.engine_for(url).dispose()
        building.rename(template)
    return str(template)
