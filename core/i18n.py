"""The one translation function, and number, date and time formatting in the user's language (babel)."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

import yaml
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

from core import config
from core.dates import LOCAL_ZONE, as_date, as_utc

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


def when(value: datetime | str | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """A point in time on Norway's clock (Europe/Oslo, summer time included): '01.07.2026, 12:00'; '' for none."""
    if value is None or value == "":
        return ""
    return format_datetime(as_utc(value), "short", tzinfo=LOCAL_ZONE, locale=BABEL_LOCALES[lang])


def day(value: date | str | None, lang: str = DEFAULT_LANGUAGE, length: str = "short") -> str:
    """A calendar date: '01.07.2026' in bokmål, '01/07/2026' in English ("long": '1. juli 2026'); '' for none."""
    if value is None or value == "":
        return ""
    return format_date(as_date(value), length, locale=BABEL_LOCALES[lang])
