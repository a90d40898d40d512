"""Article ids: stable, content-derived, so the same article read twice gets the same id."""

from __future__ import annotations

import hashlib

ID_HEX_CHARS = 16


def article_id(text: str) -> str:
    """The first 16 hex characters of the SHA-256 of `text` (UTF-8).

    Hashing the decoded/extracted text (not the raw bytes or the path) makes the id survive
    re-encoding, renaming and re-fetching; 64 bits keep collisions negligible for any corpus.
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:ID_HEX_CHARS]
