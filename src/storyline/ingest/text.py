"""Plain-text articles (.txt, .text, .md): decoded bytes with newlines normalised, nothing more.

Title and date are not guessed here: the cleaner reads them from the text and keeps offsets
against exactly this string.
"""

from __future__ import annotations

from collections.abc import Iterator

from storyline.ingest.decode import decode_bytes, normalise_newlines
from storyline.ingest.errors import InputError
from storyline.ingest.ids import article_id
from storyline.ingest.sources import Source, read_document
from storyline.model import RawDocument


def require_content(data: bytes, text: str | bytes) -> None:
    """Refuse empty and whitespace-only inputs (`text`: `data` decoded, or `data` itself) with a reason saying which."""
    if not data:
        raise InputError("empty file")
    if not text.strip():
        raise InputError("file contains only whitespace")


def read_text(source: Source) -> Iterator[RawDocument]:
    """The one article in the plain-text `source`."""
    data = read_document(source)
    text = normalise_newlines(decode_bytes(data)) if data else ""
    require_content(data, text)
    yield RawDocument(id=article_id(text), path=source.label, text=text, format="txt", extracted=False)
