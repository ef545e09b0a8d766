"""The one shape of an error a user can cause: a translation key and its values, shown in their language."""

from __future__ import annotations


class UserError(ValueError):
    def __init__(self, key: str, **values):
        super().__init__(key, values)
        self.key, self.values = key, values
