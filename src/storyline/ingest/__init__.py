"""Input readers: files, folders and stdin to `RawDocument`s, with a `SkippedInput` for what cannot be read.

Formats: plain text (.txt .text .md), HTML (.html .htm .xhtml), JSON Lines (.jsonl .ndjson,
and '-' for stdin), RSS/Atom feeds (.xml .rss .atom .rdf), web archives (.warc .warc.gz).
Bad input never raises: each unreadable file, line, entry or record becomes one `SkippedInput`
with a short reason, and the run goes on.

Article ids are the given JSONL `id`, else the first 16 hex characters of the SHA-256 of the
decoded/extracted text, so the same article read twice (renamed, re-encoded, re-fetched) gets
the same id.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from storyline.ingest.discover import iter_files
from storyline.ingest.errors import InputError
from storyline.ingest.files import MAX_FILE_BYTES
from storyline.ingest.formats import READERS, reader_for
from storyline.ingest.jsonl import STDIN_LABEL, read_jsonl_stdin
from storyline.model import RawDocument, SkippedInput

__all__ = ["MAX_FILE_BYTES", "READERS", "read_inputs"]

_MAX_REASON_CHARS = 200


def read_inputs(inputs: Sequence[str | Path],
                stdin: TextIO | None = None) -> Iterator[RawDocument | SkippedInput]:
    """Every article in `inputs` (files, folders read recursively, '-' for JSON Lines on stdin).

    Yields, in input order, a `RawDocument` per article and a `SkippedInput` per input (or
    line, feed entry, archive record) that could not be read. `stdin` defaults to `sys.stdin`.
    """
    for given in inputs:
        if str(given) == STDIN_LABEL:
            yield from _guarded(read_jsonl_stdin(stdin if stdin is not None else sys.stdin), STDIN_LABEL)
            continue
        for item in iter_files(given):
            if isinstance(item, SkippedInput):
                yield item
            else:
                yield from _read_file(*item)


def _read_file(path: Path, label: str) -> Iterator[RawDocument | SkippedInput]:
    try:
        reader = reader_for(path)
    except InputError as error:
        yield SkippedInput(path=label, reason=error.reason)
        return
    yield from _guarded(reader(path, label), label)


def _guarded(results: Iterator[RawDocument | SkippedInput], label: str) -> Iterator[RawDocument | SkippedInput]:
    """`results`, with a failure turned into one final skip so that the run goes on."""
    try:
        yield from results
    except InputError as error:
        yield SkippedInput(path=label, reason=error.reason)
    except Exception as error:  # noqa: BLE001 — parsers can fail in unforeseen ways on odd input
        yield SkippedInput(path=label, reason=f"could not read: {type(error).__name__}: {error}"[:_MAX_REASON_CHARS])
