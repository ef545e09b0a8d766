"""Structured logs: one JSON line per event, so an operator can follow one session or one user through a problem.

Every line carries `ts` (UTC, ISO 8601), `level`, `logger`, `event` (a dotted name such as `login.failure`,
`gate.write`, `page.error`, `ssb.table`, `build.done`), `session` and `user`, then the event's own fields; an error
adds its traceback under `error`. The session and user come from `bind()`, which the app calls at the start of every
script run (components/log_context.py reads Streamlit's run context; core/ never imports Streamlit): context
variables, so each session's script thread logs its own. Never pass a password, hash or token as a field.
"""

from __future__ import annotations

import contextvars
import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

ROOT_LOGGER = "dashboard"
NOBODY = "-"
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}
_session: contextvars.ContextVar[str] = contextvars.ContextVar("log_session", default=NOBODY)
_user: contextvars.ContextVar[str] = contextvars.ContextVar("log_user", default=NOBODY)


def bind(session: str | None = None, user: str | None = None) -> None:
    """The session and user the following events of this thread (this script run) belong to."""
    _session.set(session or NOBODY)
    _user.set(user or NOBODY)


def current() -> tuple[str, str]:
    return _session.get(), _user.get()


def event(name: str, level: int = logging.INFO, logger: str = ROOT_LOGGER, *, exc_info: Any = None,
          user: str | None = None, **fields: Any) -> None:
    """Log one event; user overrides the bound one (a login names who tried, before anybody is logged in)."""
    session, bound_user = current()
    user = user or bound_user
    extra = {"event": name, "session": session, "user": user, **{f"f_{k}": v for k, v in fields.items()}}
    # The message reads as key=value for a plain handler (pytest's, an operator's own); the JSON line is built from
    # the record's fields, not from this text.
    words = " ".join(f"{key}={value}" for key, value in {"session": session, "user": user, **fields}.items())
    logging.getLogger(logger).log(level, "%s %s", name, words, exc_info=exc_info, extra=extra)


class JsonFormatter(logging.Formatter):
    """A record as one line of JSON; records logged without event() get their message as the event."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "event": getattr(record, "event", None) or record.getMessage(),
            "session": getattr(record, "session", None) or _session.get(),
            "user": getattr(record, "user", None) or _user.get(),
        }
        if not hasattr(record, "event") and record.args:  # a plain record: its whole message
            line["message"] = record.getMessage()
        for key, value in record.__dict__.items():
            if key.startswith("f_") and key not in _STANDARD:
                line[key[2:]] = value
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def configure(level: int = logging.INFO, stream=None) -> logging.Handler:
    """One JSON handler on the `dashboard` logger (idempotent: the app calls this on every run). Records still
    propagate to the root logger, where pytest's caplog and an operator's own handlers see them."""
    logger = logging.getLogger(ROOT_LOGGER)
    for handler in logger.handlers:
        if isinstance(handler.formatter, JsonFormatter):
            return handler
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    logger.addHandler(handler)
    if logger.level == logging.NOTSET or logger.level > level:
        logger.setLevel(level)
    return handler
