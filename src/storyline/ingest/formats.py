"""Which reader handles which input: by extension, by content sniffing for extension-less files."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from storyline.ingest.errors import InputError
from storyline.ingest.feeds import looks_like_feed, read_feed_file
from storyline.ingest.files import describe_os_error
from storyline.ingest.html import read_html_file
from storyline.ingest.jsonl import read_jsonl_file
from storyline.ingest.text import read_text_file
from storyline.ingest.warc import read_warc_file
from storyline.model import RawDocument, SkippedInput

Reader = Callable[[Path, str], Iterator[RawDocument | SkippedInput]]

READERS: dict[str, Reader] = {
    ".txt": read_text_file,
    ".text": read_text_file,
    ".md": read_text_file,
    ".html": read_html_file,
    ".htm": read_html_file,
    ".xhtml": read_html_file,
    ".jsonl": read_jsonl_file,
    ".ndjson": read_jsonl_file,
    ".xml": read_feed_file,
    ".rss": read_feed_file,
    ".atom": read_feed_file,
    ".rdf": read_feed_file,
    ".warc": read_warc_file,
    ".warc.gz": read_warc_file,
}
_COMPOUND = (".warc.gz",)
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]",
                         re.IGNORECASE | re.DOTALL)
_SNIFF_BYTES = 2048


def extension(path: Path) -> str:
    """The lower-cased extension that picks a reader ('.warc.gz' counts as one)."""
    name = path.name.lower()
    return next((ext for ext in _COMPOUND if name.endswith(ext)), path.suffix.lower())


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(_SNIFF_BYTES)
    except OSError as error:
        raise InputError(describe_os_error(error, path)) from error


def _sniffed_reader(path: Path) -> Reader:
    """A reader for an extension-less file: a feed or an HTML page when it opens like one, else text."""
    head = _head(path)
    if looks_like_feed(head):
        return read_feed_file
    if _HTML_START.match(head):
        return read_html_file
    return read_text_file


def reader_for(path: Path) -> Reader:
    """The reader for `path`; raise `InputError` for an extension no reader handles."""
    ext = extension(path)
    if ext in READERS:
        return READERS[ext]
    if not ext:
        return _sniffed_reader(path)
    raise InputError(f"unsupported extension {ext}")
