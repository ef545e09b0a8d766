"""What makes a password acceptable, and the one form in which a password is hashed and checked.

Rules (NIST SP 800-63B's: length, a check against known passwords, no composition rules): at least MIN_PASSWORD
characters; not one character repeated; not the username (nor its part before an @) or the person's name inside it;
not an entry of a well-known password list; and not easy to guess for zxcvbn (Dropbox's estimator: dictionary
words, common passwords, names, keyboard rows, sequences, repeats, dates and l33t spellings, each combined with
the others). The list is zxcvbn's own (the 30 000 most common passwords of its frequency lists), shipped with the
package, so nothing is fetched. Long passwords are fine: argon2 has no 72-byte limit of its own (zxcvbn refuses
more than 72 characters, so it judges the first 72). Every password is normalised to Unicode NFKC before hashing
and checking, so that an "å" typed as one character or as "a" plus a ring is the same password.
"""

from __future__ import annotations

import functools
import threading
import unicodedata

MIN_PASSWORD = 12
MAX_PASSWORD = 4096  # characters; long passphrases are welcome, megabytes are not
MIN_SCORE = 3  # zxcvbn 0–4: 3 is "safely unguessable" (more than 10^8 guesses), 2 and below are refused
_ZXCVBN_LIMIT = 72  # zxcvbn raises above this length
_zxcvbn_lock = threading.Lock()  # zxcvbn keeps the user's words in a module-level dictionary while it runs


def normalised(password: str | None) -> str:
    """The password as it is hashed and checked: NFKC, nothing stripped (spaces count)."""
    return unicodedata.normalize("NFKC", password or "")


def _personal_words(username: str, *names: str) -> list[str]:
    """The username, its part before an @, and the name, in lower case: a password may not contain any of them."""
    words = []
    for value in (username, *names):
        value = normalised(value).strip().casefold()
        if value:
            words.append(value)
        if "@" in value:
            words.append(value.split("@", 1)[0])
    return [word for word in dict.fromkeys(words) if len(word) >= 3]


@functools.cache
def _common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS  # imported when first needed: 50 ms, not at app start

    return frozenset(FREQUENCY_LISTS["passwords"])


def _score(password: str, personal: list[str]) -> int:
    from zxcvbn import zxcvbn

    with _zxcvbn_lock:
        return zxcvbn(password[:_ZXCVBN_LIMIT], user_inputs=personal)["score"]


def problem(password: str | None, username: str = "", *names: str) -> tuple[str, dict] | None:
    """The first thing wrong with this password for this user, as (translation key, values); None if it will do."""
    password = normalised(password)
    if len(password) < MIN_PASSWORD:
        return "auth.error.password", {"minimum": MIN_PASSWORD}
    if len(password) > MAX_PASSWORD:
        return "auth.error.password_long", {"maximum": MAX_PASSWORD}
    folded = password.casefold()
    if len(set(folded)) == 1:
        return "auth.error.password_repeated", {}
    personal = _personal_words(username, *names)
    if any(word in folded for word in personal):
        return "auth.error.password_username", {}
    if folded in _common_passwords() or folded.replace(" ", "") in _common_passwords():
        return "auth.error.password_common", {}
    if _score(password, personal) < MIN_SCORE:
        return "auth.error.password_guessable", {}
    return None
