"""RSS and Atom feeds: every entry that carries the full article becomes one.

An entry has full text when it has content (RSS `content:encoded`, Atom `<content>`) or a
summary longer than `FULL_TEXT_MIN_CHARS`; entries with only a teaser are skipped, by name.
Entries are numbered from 1 ('entry 3'), skipped ones included, so that a message can name one.
A compressed feed cut short keeps its entries up to the last one that closes before the cut.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from typing import Any

import feedparser

from storyline.ingest.dates import normalise_date
from storyline.ingest.decode import normalise_newlines
from storyline.ingest.errors import InputError
from storyline.ingest.html import html_fragment_text
from storyline.ingest.ids import article_id
from storyline.ingest.skips import articles_count, skipped_at
from storyline.ingest.sources import SNIFF_BYTES, Source, read_until_cut
from storyline.ingest.text import require_content
from storyline.model import RawDocument, SkippedInput

# A teaser is a sentence or two; a summary longer than this is taken to be the article itself.
FULL_TEXT_MIN_CHARS = 400
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_ENTRY_END = re.compile(rb"</(?:[\w.-]+:)?(?:item|entry)\s*>", re.IGNORECASE)
_TITLE_CHARS = 60


def looks_like_feed(data: bytes) -> bool:
    """True when the start of `data` opens an RSS, Atom or RDF root element."""
    return bool(_FEED_ROOT.search(data[:SNIFF_BYTES]))


def _as_text(value: str, content_type: str) -> str:
    """Entry content as plain text: HTML through the HTML path, plain text as it is."""
    if "html" in (content_type or "text/html"):
        return html_fragment_text(value)
    return normalise_newlines(value).strip()


def _titled(reason: str, entry: Any) -> str:
    """`reason`, with the entry's title (shortened) after it so that the user can recognise the entry."""
    title = (entry.get("title") or "").strip()
    if len(title) > _TITLE_CHARS:
        title = title[: _TITLE_CHARS - 1] + "…"
    return f"{reason} ({title!r})" if title else reason


def _entry_text(entry: Any) -> str:
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
    if not text.strip():
        raise InputError(_titled("no text", entry))
    if len(text) <= FULL_TEXT_MIN_CHARS:
        raise InputError(_titled(f"only a {len(text)}-character summary, no full text", entry))
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


def _entry_document(entry: Any, origin: str, label: str, feed_title: str | None) -> RawDocument:
    text = _entry_text(entry)
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
        origin=origin,
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


def _whole_entries(data: bytes) -> bytes:
    """`data` up to the end of its last closed entry (b'' when none closes): what a cut feed holds whole."""
    ends = list(_ENTRY_END.finditer(data))
    return data[: ends[-1].end()] if ends else b""


def read_feed(source: Source) -> Iterator[RawDocument | SkippedInput]:
    """Every full-text entry of the feed `source` (origin 'entry N', N counting all entries from 1)."""
    data, cut = read_until_cut(source)
    if cut is not None:
        data = _whole_entries(data)
        if not data:
            raise cut
    require_content(data, data)
    try:
        parsed = _parse(data)
    except InputError:
        if cut is not None:
            raise cut from None
        raise
    feed_title = (parsed.feed.get("title") or "").strip() or None
    articles = 0
    for index, entry in enumerate(parsed.entries, start=1):
        origin = f"entry {index}"
        try:
            yield _entry_document(entry, origin, source.label, feed_title)
            articles += 1
        except InputError as error:
            yield skipped_at(source.label, origin, error.reason)
    if cut is not None:
        yield SkippedInput(path=source.label, reason=f"{cut.reason} after {articles_count(articles)}")
