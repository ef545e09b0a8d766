"""The one translation function, and number formatting in the user's language (babel)."""

from __future__ import annotations

from functools import lru_cache

import yaml
from babel.numbers import format_decimal

from core import config

LANGUAGES = ("nb", "en")
DEFAULT_LANGUAGE = "nb"
BABEL_LOCALES = {"nb": "nb_NO", "en": "en_GB"}


@lru_cache(maxsize=1)
def _texts() -> dict[str, dict[str, str]]:
    texts = yaml.safe_load(config.TRANSLATIONS_FILE.read_text(encoding="utf-8"))
    for path in sorted(config.TRANSLATIONS_DIR.glob("*.yaml")):
        extra = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        clash = texts.keys() & extra.keys()
        if clash:
            raise ValueError(f"{path.name} redefines {sorted(clash)}")
        texts.update(extra)
    return texts


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values) -> str:
    """The text for key in lang, with {placeholders} filled; the key itself if it is missing."""
    entry = _texts().get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


def number(value: float | None, lang: str = DEFAULT_LANGUAGE, decimals: int = 1) -> str:
    if value is None or value != value:  # NaN
        return t("overview.no_data", lang)
    pattern = "#,##0" if decimals == 0 else "#,##0." + "#" * decimals
    return format_decimal(value, format=pattern, locale=BABEL_LOCALES[lang])
