"""Skips as the user reads them: one short line, naming the place inside a multi-article file.

Every reason ends up on one terminal line next to a path, so it is flattened and shortened here
once (`read_inputs` applies `one_line` to every skip) instead of in each reader.
"""

from __future__ import annotations

import re

from storyline.model import SkippedInput

MAX_REASON_CHARS = 200
# An id or URL quoted inside a message: enough to find it, short enough to keep the line readable.
QUOTED_CHARS = 60

# Whitespace and control characters, including the ones str.splitlines() breaks at.
_BREAKS = re.compile(r"[\s\x00-\x1f\x7f-\x9f]+")


def one_line(text: str, limit: int = MAX_REASON_CHARS) -> str:
    """`text` on one line (runs of whitespace and control characters as one space), at most `limit` characters."""
    flat = _BREAKS.sub(" ", text).strip()
    return flat if len(flat) <= limit else flat[: limit - 1] + "\u2026"


def place(label: str, origin: str, article: str | None = None) -> str:
    """Where an article sits, as `RawDocument.describe` writes it: 'a.jsonl line 7 (id AFP-123)'."""
    where = f"{label} {origin}"
    return f"{where} (id {one_line(article, QUOTED_CHARS)})" if article else where


def skipped_at(label: str, origin: str, reason: str, article: str | None = None) -> SkippedInput:
    """A skip for one line, entry or record of the multi-article file `label` (`article`: its id, if known)."""
    return SkippedInput(path=place(label, origin, article), reason=one_line(reason), article=article)


def tidy(item: SkippedInput) -> SkippedInput:
    """`item` with its reason on one short line (a last guard: parser messages can hold anything)."""
    reason = one_line(item.reason) or "could not read"
    return item if reason == item.reason else item.model_copy(update={"reason": reason})


def articles_count(n: int) -> str:
    """'1 article', '3 articles': how much of a cut-off container was read."""
    return f"{n} article" + ("" if n == 1 else "s")
