"""Text from users and links made safe for Streamlit's Markdown.

A value from a link (?kommune=…) is shown as inert text: no link, no image, no formatting, however it is crafted.
Text members write (meeting agendas and minutes) keeps its Markdown, but images are shown as their address
(a remote image is a tracking pixel) and only http(s) and mailto links stay links (no data:, javascript:, …).
"""

from __future__ import annotations

import re

MAX_ECHO = 80  # characters of a junk value echoed back in a message
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$&])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)]*)\)")
_LINK = re.compile(r"(?<!!)\[([^\]]*)\]\(\s*([^)\s]*)[^)]*\)")
_REFERENCE_IMAGE = re.compile(r"!\[([^\]]*)\]\[[^\]]*\]")
_HTML_TAG = re.compile(r"<[^>]*>")
_DEFINITION = re.compile(r"(?m)^ {0,3}\[[^\]]+\]:[ \t]*<?([^\s>]*).*$")  # [label]: target, for [text][label]
SAFE_SCHEMES = ("http://", "https://", "mailto:")


def inert(value: object) -> str:
    """A user-supplied value as plain text: shortened, control characters dropped, every Markdown character
    escaped, and URLs broken so that nothing autolinks (a zero-width space after '://' and 'www')."""
    text = _CONTROL.sub(" ", str(value))
    if len(text) > MAX_ECHO:
        text = text[:MAX_ECHO] + "…"
    return plain(text)


def plain(value: object) -> str:
    """A user's text shown whole as plain text (a case's title, a partner's name): as inert, without shortening."""
    text = _SPECIAL.sub(r"\\\1", _CONTROL.sub(" ", str(value)))
    return re.sub(r"(?i)(www)(\\\.)", "\\1\u200b\\2", text.replace("://", ":\u200b//"))


def safe_markdown(text: str) -> str:
    """Members' Markdown with images turned into their address as text and unsafe links turned into text."""
    text = _HTML_TAG.sub(lambda m: inert(m.group(0)), text or "")
    text = _IMAGE.sub(lambda m: f"{inert(m.group(1) or 'bilde')} ({inert(m.group(2))})", text)
    text = _REFERENCE_IMAGE.sub(lambda m: inert(m.group(1) or "bilde"), text)

    def link(match: re.Match) -> str:
        label, target = match.group(1), match.group(2)
        if target.lower().startswith(SAFE_SCHEMES):
            return match.group(0)
        return f"{label} ({inert(target)})"

    def definition(match: re.Match) -> str:  # a reference link's target: kept only when it is safe
        return match.group(0) if match.group(1).lower().startswith(SAFE_SCHEMES) else plain(match.group(0))

    return _DEFINITION.sub(definition, _LINK.sub(link, text))
