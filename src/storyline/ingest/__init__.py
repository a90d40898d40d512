"""Input readers: files, folders and stdin to `RawDocument`s, with a `SkippedInput` for what cannot be read.

Formats: plain text (.txt .text .md), HTML (.html .htm .xhtml), JSON Lines (.jsonl .ndjson,
and '-' for stdin), RSS/Atom feeds (.xml .rss .atom .rdf), web archives (.warc); any of them
gzipped (.gz), and zip archives of them (.zip, members labelled 'archive.zip!member').
Bad input never raises: each unreadable file, member, line, entry or record becomes one
`SkippedInput` with a short one-line reason, and the run goes on. An article from a multi-article
file (JSONL line, feed entry, WARC record) carries its place in `origin` ('line 3').

Article ids are the given JSONL `id`, else the first 16 hex characters of the SHA-256 of the
decoded/extracted text, so the same article read twice (renamed, re-encoded, re-fetched) gets
the same id.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from storyline.ingest.decode import valid_unicode
from storyline.ingest.discover import iter_files
from storyline.ingest.files import file_source
from storyline.ingest.formats import READERS, guarded, read_source
from storyline.ingest.jsonl import STDIN_LABEL, read_jsonl_stdin
from storyline.ingest.skips import tidy
from storyline.ingest.sources import MAX_FILE_BYTES
from storyline.model import RawDocument, SkippedInput

__all__ = ["MAX_FILE_BYTES", "READERS", "read_inputs"]


def read_inputs(inputs: Sequence[str | Path],
                stdin: TextIO | None = None) -> Iterator[RawDocument | SkippedInput]:
    """Every article in `inputs` (files, folders read recursively, '-' for JSON Lines on stdin).

    Yields, in input order, a `RawDocument` per article and a `SkippedInput` per input (or
    archive member, line, feed entry, WARC record) that could not be read, its reason on one
    line of at most 200 characters. Never raises. `stdin` defaults to `sys.stdin`.
    """
    for given in inputs:
        for item in _read_one(given, stdin):
            yield _valid(tidy(item) if isinstance(item, SkippedInput) else item)


def _valid(item: RawDocument | SkippedInput) -> RawDocument | SkippedInput:
    """`item` with every string valid Unicode (see `valid_unicode`), checked once here for every reader."""
    fixed = {name: valid_unicode(value) for name, value in item if isinstance(value, str)}
    changed = {name: value for name, value in fixed.items() if value is not getattr(item, name)}
    return item.model_copy(update=changed) if changed else item


def _read_one(given: str | Path, stdin: TextIO | None) -> Iterator[RawDocument | SkippedInput]:
    if str(given) == STDIN_LABEL:
        yield from guarded(read_jsonl_stdin(stdin if stdin is not None else sys.stdin), STDIN_LABEL)
        return
    for item in iter_files(given):
        if isinstance(item, SkippedInput):
            yield item
        else:
            yield from read_source(file_source(*item))
