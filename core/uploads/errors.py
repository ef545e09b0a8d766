"""The errors of an upload: a whole-file error, or one problem in one cell, both as translation keys."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.errors import UserError


class UploadError(UserError):
    """The file as a whole cannot be used (empty, too large, malformed, wrong columns); nothing is saved."""


@dataclass(frozen=True)
class Problem:
    """One problem in one row: row is the line (CSV) or row number (Excel) a person sees in the file."""

    row: int
    column: str
    key: str
    values: dict = field(default_factory=dict)
