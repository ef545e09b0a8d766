"""Attachments of good-practice cases: a PDF or an image, checked by what the bytes are, never by the file's name.

A file is accepted only when its first bytes are those of a PDF, PNG or JPEG, it is at most MAX_BYTES, and it
actually opens: the PDF parses with pypdf (at least one page, not encrypted), the image decodes fully with Pillow
(not larger than MAX_PIXELS, which also stops decompression bombs). Anything else is refused with a message key
saying why, before anything is stored. SVG, HTML, Office files and archives are refused as "not a PDF or image".

The checked bytes are stored in the database with the case (practice_case_attachment), not in a folder: one
transaction holds the case and its files (all or nothing, with their audit entry), backups and a move to PostgreSQL
take them along, several app servers share them without a shared disk, and a rebuild of the public data never
touches them. The size limit keeps the database small: at most MAX_PER_CASE files of MAX_BYTES each.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import warnings
from dataclasses import dataclass

from core.errors import UserError

MAX_BYTES = 5 * 1024 * 1024  # 5 MB per file
MAX_PER_CASE = 5
MAX_PIXELS = 40_000_000  # 40 megapixels: any photo from a phone; a bomb of 100 000 × 100 000 is refused
MAX_NAME = 120
PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
EXTENSIONS = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg"}
_MAGIC = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))
_UNSAFE_NAME = re.compile(r"[^\w.\- ()]+")


class AttachmentError(UserError):
    """A file that is not stored: the key says why (type, size, damaged), in the user's language."""


@dataclass(frozen=True)
class Checked:
    """A file that passed every check, ready to store."""

    file_name: str
    media_type: str
    content: bytes
    sha256: str

    @property
    def size(self) -> int:
        return len(self.content)


def sniff(content: bytes) -> str | None:
    """The media type the first bytes announce (PDF, PNG or JPEG), or None."""
    for magic, media_type in _MAGIC:
        if content.startswith(magic):
            return media_type
    return None


def safe_name(name: str, media_type: str) -> str:
    """The file name as shown and offered for download: no path, no control or odd characters, at most MAX_NAME
    characters, and the extension of what the file really is."""
    name = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    stem = _UNSAFE_NAME.sub("_", name.rsplit(".", 1)[0] if "." in name else name).strip(" ._") or "vedlegg"
    extension = EXTENSIONS[media_type]
    return stem[: MAX_NAME - len(extension)] + extension


def check(name: str, content: bytes) -> Checked:
    """The file as it will be stored, or AttachmentError: empty, too large, not a PDF/PNG/JPEG, or damaged."""
    if not isinstance(content, bytes | bytearray) or not content:
        raise AttachmentError("attachment.error.empty")
    content = bytes(content)
    if len(content) > MAX_BYTES:
        raise AttachmentError("attachment.error.too_large", size=f"{len(content) / 1024 / 1024:.1f}",
                              limit=MAX_BYTES // (1024 * 1024))
    media_type = sniff(content)
    if media_type is None:
        raise AttachmentError("attachment.error.type")
    if media_type == PDF:
        _check_pdf(content)
    else:
        _check_image(content, media_type)
    return Checked(safe_name(name, media_type), media_type, content, hashlib.sha256(content).hexdigest())


def _check_pdf(content: bytes) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(content), strict=False)
            if reader.is_encrypted:
                raise AttachmentError("attachment.error.encrypted")
            pages = len(reader.pages)
            if pages:
                reader.pages[0].mediabox  # noqa: B018 - the first page's tree must be readable too
    except AttachmentError:
        raise
    except (PyPdfError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, OSError,
            AssertionError):
        raise AttachmentError("attachment.error.damaged", kind="PDF") from None
    if not pages:
        raise AttachmentError("attachment.error.damaged", kind="PDF")


def _check_image(content: bytes, media_type: str) -> None:
    from PIL import Image

    expected = {PNG: "PNG", JPEG: "JPEG"}[media_type]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                if image.format != expected:
                    raise AttachmentError("attachment.error.type")
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise AttachmentError("attachment.error.pixels", width=width, height=height)
                image.load()  # decodes every pixel: a truncated or corrupt file fails here
    except AttachmentError:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise AttachmentError("attachment.error.pixels", width="?", height="?") from None
    except (OSError, SyntaxError, ValueError, TypeError, EOFError):
        raise AttachmentError("attachment.error.damaged", kind=expected) from None
