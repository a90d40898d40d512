"""Plain-text cleaning: article body out of a flattened page, with an offset map to the raw text.

`clean_text(raw)` reads a page's visible text line by line (`units`), classifies each unit as
body or furniture (`classify`, using `features`, `patterns`, `title`, `metadata`) and joins the
kept units with blank lines. `clean_text(raw, as_page=None)` first asks whether the text is a
page at all (`classify.page_evidence`: chrome the patterns know, a repeated headline, a link
list) and reads it as an article body when it is not, so a plain-text article keeps its
headline, dateline and tables. Kept units are copied verbatim, so any span inside one paragraph
maps back to the identical raw characters through `CleanedText.offsets`.
"""

from __future__ import annotations

from dataclasses import dataclass

from storyline.cleaning.classify import classify_body, classify_page, page_evidence
from storyline.cleaning.units import Unit, split_units
from storyline.model import OffsetMap, Removed

PARAGRAPH_BREAK = "\n\n"

__all__ = ["CleanedText", "clean_text"]


@dataclass(frozen=True)
class CleanedText:
    """The article body of one raw text, what was cut, and what the text says about itself."""

    text: str
    removed: list[Removed]
    offsets: OffsetMap
    title: str | None
    published: str | None
    published_evidence: str | None
    source: str | None
    page: bool = True  # cleaned as a flattened page (classify_page), else read as a body


def _assemble(units: list[Unit], reasons: list[str | None]) -> tuple[str, list[Removed], OffsetMap]:
    parts: list[str] = []
    segments: list[tuple[int, int, int]] = []
    removed: list[Removed] = []
    position = 0
    for unit, reason in zip(units, reasons):
        if reason is not None:
            removed.append(Removed(text=unit.text, reason=reason))
            continue
        if parts:
            parts.append(PARAGRAPH_BREAK)
            position += len(PARAGRAPH_BREAK)
        parts.append(unit.text)
        segments.append((position, unit.start, len(unit.text)))
        position += len(unit.text)
    return "".join(parts), removed, OffsetMap(segments=segments)


def clean_text(raw: str, as_page: bool | None = True) -> CleanedText:
    """Clean `raw` into an article body.

    `as_page=True`: `raw` is a flattened page (all its visible text) and its header, furniture
    and teaser tail are cut. `as_page=False`: `raw` already is an article body (JSON Lines,
    a feed, trafilatura's extraction) and nothing is cut; whitespace is normalised and the
    title, date and source lines are read as metadata. `as_page=None`: a plain-text file of
    unknown kind, cleaned as a page only when some unit shows it is one (`page_evidence`);
    a wire story or a saved article has no chrome, and cutting its header or tables loses news.
    """
    units = split_units(raw)
    page = as_page if as_page is not None else page_evidence(units) is not None
    verdicts = classify_page(units) if page else classify_body(units)
    text, removed, offsets = _assemble(units, verdicts.reasons)
    meta = verdicts.metadata
    return CleanedText(
        text=text,
        removed=removed,
        offsets=offsets,
        title=meta.title,
        published=meta.published,
        published_evidence=meta.published_evidence,
        source=meta.source,
        page=page,
    )
