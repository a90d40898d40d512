"""RSS and Atom feeds: every entry that carries the full article becomes one.

An entry has full text when it has content (RSS `content:encoded`, Atom `<content>`) or a
summary longer than `FULL_TEXT_MIN_CHARS`; entries with only a teaser are skipped, by name.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser

from storyline.ingest.dates import normalise_date
from storyline.ingest.decode import normalise_newlines
from storyline.ingest.errors import InputError
from storyline.ingest.files import read_bytes
from storyline.ingest.html import html_fragment_text
from storyline.ingest.ids import article_id
from storyline.model import RawDocument, SkippedInput

# A teaser is a sentence or two; a summary longer than this is taken to be the article itself.
FULL_TEXT_MIN_CHARS = 400
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_SNIFF_BYTES = 2048
_TITLE_CHARS = 60


def looks_like_feed(data: bytes) -> bool:
    """True when the start of `data` opens an RSS, Atom or RDF root element."""
    return bool(_FEED_ROOT.search(data[:_SNIFF_BYTES]))


def _as_text(value: str, content_type: str) -> str:
    """Entry content as plain text: HTML through the HTML path, plain text as it is."""
    if "html" in (content_type or "text/html"):
        return html_fragment_text(value)
    return normalise_newlines(value).strip()


def _entry_name(entry: Any, index: int) -> str:
    title = (entry.get("title") or "").strip()
    if len(title) > _TITLE_CHARS:
        title = title[: _TITLE_CHARS - 1] + "…"
    return f"entry {index} ({title!r})" if title else f"entry {index}"


def _entry_text(entry: Any, index: int) -> str:
    """The full text of `entry`; raise `InputError` when it only has a teaser or nothing."""
    contents = [c for c in entry.get("content") or [] if (c.get("value") or "").strip()]
    if contents:
        best = max(contents, key=lambda c: len(c["value"]))
        text = _as_text(best["value"], best.get("type", ""))
        if text:
            return text
    summary = entry.get("summary") or ""
    detail = entry.get("summary_detail") or {}
    text = _as_text(summary, detail.get("type", "")) if summary.strip() else ""
    if not text:
        raise InputError(f"{_entry_name(entry, index)} has no text")
    if len(text) <= FULL_TEXT_MIN_CHARS:
        raise InputError(f"{_entry_name(entry, index)} has only a {len(text)}-character summary, no full text")
    return text


def _entry_date(entry: Any) -> tuple[str | None, str | None]:
    """The entry's publication date as written (its own calendar day), else its update date."""
    for key in ("published", "updated"):
        written = entry.get(key)
        day = normalise_date(written) if isinstance(written, str) else None
        parsed = entry.get(f"{key}_parsed")
        if day is None and isinstance(parsed, time.struct_time):
            day = time.strftime("%Y-%m-%d", parsed)
        if day:
            return day, f"feed entry {key}"
    return None, None


def _entry_document(entry: Any, index: int, label: str, feed_title: str | None) -> RawDocument:
    text = _entry_text(entry, index)
    published, evidence = _entry_date(entry)
    source = (entry.get("source") or {}).get("title") or feed_title
    return RawDocument(
        id=article_id(text),
        path=label,
        url=entry.get("link") or None,
        title=(entry.get("title") or "").strip() or None,
        source=source or None,
        published=published,
        published_evidence=evidence,
        text=text,
        format="feed",
        extracted=True,
    )


def _parse(data: bytes) -> Any:
    """feedparser's result; refuse input that is no feed or too broken to have entries."""
    # A stream, never bytes or str: feedparser treats a string as a URL or file name to open.
    parsed = feedparser.parse(io.BytesIO(data))
    if parsed.entries:
        return parsed
    if parsed.bozo:
        problem = str(parsed.get("bozo_exception", "")).strip() or "not well-formed"
        raise InputError(f"malformed XML feed: {problem}"[:200])
    if not parsed.version:
        raise InputError("not an RSS/Atom feed")
    raise InputError("feed has no entries")


def read_feed_file(path: Path, label: str) -> Iterator[RawDocument | SkippedInput]:
    """Every full-text entry of the feed file `path`, as `label#n` (n counts entries from 1)."""
    data = read_bytes(path)
    if not data:
        raise InputError("empty file")
    if not data.strip():
        raise InputError("file contains only whitespace")
    parsed = _parse(data)
    feed_title = (parsed.feed.get("title") or "").strip() or None
    for index, entry in enumerate(parsed.entries, start=1):
        entry_label = f"{label}#{index}"
        try:
            yield _entry_document(entry, index, entry_label, feed_title)
        except InputError as error:
            yield SkippedInput(path=entry_label, reason=error.reason)
