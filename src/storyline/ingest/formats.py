"""Which reader handles which source: by extension, by content sniffing for extension-less names.

'.gz' and '.zip' are layers, not formats: a gzip source is read by its inner name's reader
('a.html.gz' as HTML, 'a.gz' sniffed), a zip's members each by their own name. `read_source` is
the one place where a reader's failure becomes a skip, so that a bad member of an archive costs
only that member.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import PurePosixPath

from storyline.ingest.archives import ZIP_SUFFIX, read_zip
from storyline.ingest.errors import InputError
from storyline.ingest.feeds import looks_like_feed, read_feed
from storyline.ingest.gzipstream import GZIP_SUFFIX, gunzipped
from storyline.ingest.html import read_html
from storyline.ingest.jsonl import read_jsonl
from storyline.ingest.sources import SNIFF_BYTES, Results, Source, read_head
from storyline.ingest.text import read_text
from storyline.ingest.warc import read_warc
from storyline.model import SkippedInput

Reader = Callable[[Source], Results]

READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    ".md": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".xml": read_feed,
    ".rss": read_feed,
    ".atom": read_feed,
    ".rdf": read_feed,
    ".warc": read_warc,
}
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]",
                         re.IGNORECASE | re.DOTALL)


def extension(name: str) -> str:
    """The lower-cased last extension of the file or member name `name` ('' when it has none)."""
    return PurePosixPath(name).suffix.lower()


def _sniffed_reader(source: Source) -> Reader:
    """A reader for an extension-less source: a feed or an HTML page when it opens like one, else text."""
    head = read_head(source, SNIFF_BYTES)
    if looks_like_feed(head):
        return read_feed
    if _HTML_START.match(head):
        return read_html
    return read_text


def _read_gzip(source: Source) -> Results:
    return _dispatched(gunzipped(source))


def reader_for(source: Source) -> Reader:
    """The reader for `source`; raise `InputError` for an extension no reader handles."""
    ext = extension(source.name)
    if ext == GZIP_SUFFIX:
        inner = extension(source.name[: -len(GZIP_SUFFIX)])
        if inner and inner not in READERS and inner != ZIP_SUFFIX:  # '.gz.gz' too: one gzip layer, as tools write
            raise InputError(f"unsupported extension {inner}{GZIP_SUFFIX}")
        return _read_gzip
    if ext == ZIP_SUFFIX:
        return lambda archive: read_zip(archive, read_source)
    if ext in READERS:
        return READERS[ext]
    if not ext:
        return _sniffed_reader(source)
    raise InputError(f"unsupported extension {ext}")


def guarded(results: Results, label: str) -> Results:
    """`results`, with a failure, even an unforeseen one, turned into one final skip so that the run goes on."""
    try:
        yield from results
    except InputError as error:
        yield SkippedInput(path=label, reason=error.reason)
    except Exception as error:  # noqa: BLE001 — parsers can fail in unforeseen ways on odd input
        yield SkippedInput(path=label, reason=f"could not read: {type(error).__name__}: {error}")


def _dispatched(source: Source) -> Results:
    yield from reader_for(source)(source)


def read_source(source: Source) -> Results:
    """Every article in `source`, and a skip for what cannot be read; never raises."""
    return guarded(_dispatched(source), source.label)
