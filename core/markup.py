"""Text from users and links made safe for Streamlit's Markdown.

A value from a link (?kommune=…) is shown as inert text: no link, no image, no formatting, however it is crafted.
Text members write (meeting agendas and minutes, decisions, cases) keeps its Markdown formatting (emphasis, lists),
but nothing in it reaches outside the app (issue 17 §5): a link of any scheme is shown as its label and its address
as text, an image as its address (a remote image is a tracking pixel), HTML as text, and a bare address is broken so
that it does not autolink. A reader who wants the page copies the address.
"""

from __future__ import annotations

import html
import re

MAX_ECHO = 80  # characters of a junk value echoed back in a message
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$&])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)]*)\)")
_LINK = re.compile(r"(?<!!)\[([^\]]*)\]\(\s*([^)\s]*)[^)]*\)")
_REFERENCE_IMAGE = re.compile(r"!\[([^\]]*)\]\[[^\]]*\]")
_HTML_TAG = re.compile(r"<[^>]*>")
_BARE_ADDRESS = re.compile(r"(?i)(\w:|www)(?=//|\.)")  # https://…, www.…: a zero-width space stops the autolink
_DEFINITION = re.compile(r"(?m)^ {0,3}\[[^\]]+\]:[ \t]*<?([^\s>]*).*$")  # [label]: target, for [text][label]


def inert(value: object) -> str:
    """A user-supplied value as plain text: shortened, control characters dropped, every Markdown character
    escaped, and URLs broken so that nothing autolinks (a zero-width space after '://' and 'www')."""
    text = _CONTROL.sub(" ", str(value))
    if len(text) > MAX_ECHO:
        text = text[:MAX_ECHO] + "…"
    return plain(text)


def inert_values(values: dict) -> dict:
    """A message's values with every text made inert (a name, a file name, a cell a user typed); numbers and dates
    stay as they are for the message's own formatting."""
    return {name: inert(value) if isinstance(value, str) else value for name, value in values.items()}


def chart_text(value: object) -> str:
    """A user's text as a plotly label: plotly draws <a href>, <b>, <span style> in any title, tick or hover text,
    so the angle brackets and ampersands go in as entities, which it shows as the characters themselves."""
    return html.escape(str(value), quote=False)


def plain(value: object) -> str:
    """A user's text shown whole as plain text (a case's title, a partner's name): as inert, without shortening."""
    text = _SPECIAL.sub(r"\\\1", _CONTROL.sub(" ", str(value)))
    return re.sub(r"(?i)(www)(\\\.)", "\\1\u200b\\2", text.replace("://", ":\u200b//"))


def safe_markdown(text: str) -> str:
    """Members' Markdown with its formatting, every image, link and tag turned into text, bare addresses broken."""
    text = _HTML_TAG.sub(lambda m: inert(m.group(0)), text or "")
    text = _IMAGE.sub(lambda m: f"{inert(m.group(1) or 'bilde')} ({inert(m.group(2))})", text)
    text = _REFERENCE_IMAGE.sub(lambda m: inert(m.group(1) or "bilde"), text)
    text = _LINK.sub(lambda m: f"{m.group(1)} ({inert(m.group(2))})", text)
    text = _DEFINITION.sub(lambda m: plain(m.group(0)), text)  # [label]: target, the target of a [text][label]
    return _BARE_ADDRESS.sub("\\1\u200b", text)
