"""Plain-text articles (.txt, .text, .md): decoded bytes with newlines normalised, nothing more.

Title and date are not guessed here: the cleaner reads them from the text and keeps offsets
against exactly this string.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from storyline.ingest.decode import decode_bytes, normalise_newlines
from storyline.ingest.errors import InputError
from storyline.ingest.files import read_bytes
from storyline.ingest.ids import article_id
from storyline.model import RawDocument


def _require_content(data: bytes, text: str) -> None:
    """Refuse empty and whitespace-only inputs with a reason saying which."""
    if not data:
        raise InputError("empty file")
    if not text.strip():
        raise InputError("file contains only whitespace")


def read_text_file(path: Path, label: str) -> Iterator[RawDocument]:
    """The one article in the plain-text file `path` (`label` is the path as the user gave it)."""
    data = read_bytes(path)
    text = normalise_newlines(decode_bytes(data)) if data else ""
    _require_content(data, text)
    yield RawDocument(id=article_id(text), path=label, text=text, format="txt", extracted=False)
