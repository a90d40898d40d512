"""JSON Lines articles (files and stdin): one object a line with `id` and `text`.

Optional `title`, `published`, `url`, `source`. A bad line is skipped (its number named, and
its id when it has a usable one) and the rest are read. A given `published` wins over anything
guessed later (evidence "given"). `text` is the article body as the publisher gave it, so the
documents are marked `extracted`: there is no page chrome for the cleaner to cut.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any, TextIO

from storyline.ingest import sources
from storyline.ingest.dates import normalise_date
from storyline.ingest.decode import bom_encoding, decode_bytes, normalise_newlines
from storyline.ingest.errors import InputError
from storyline.ingest.skips import skipped_at
from storyline.ingest.sources import Source, too_large, with_head
from storyline.model import RawDocument, SkippedInput

OPTIONAL_FIELDS = ("title", "published", "url", "source")
GIVEN_EVIDENCE = "given"
STDIN_LABEL = "-"


def _given_id(record: dict[str, Any]) -> str | None:
    """The record's id as the article's id (a non-empty string or an integer), or None when it has none usable."""
    ident = record.get("id")
    if isinstance(ident, bool) or not isinstance(ident, (str, int)):
        return None
    return str(ident).strip() or None


def _field_error(record: dict[str, Any]) -> str | None:
    """Why `record` cannot be an article, or None when it can."""
    ident = record.get("id")
    if ident is None:
        return "missing 'id'"
    if isinstance(ident, bool) or not isinstance(ident, (str, int)):
        return "'id' must be a string"
    if not str(ident).strip():
        return "empty 'id'"
    if not isinstance(record.get("text"), str):
        return "missing 'text'" if "text" not in record else "'text' must be a string"
    if not record["text"].strip():
        return "empty 'text'"
    for name in OPTIONAL_FIELDS:
        if record.get(name) is not None and not isinstance(record[name], str):
            return f"'{name}' must be a string"
    return None


def record_document(record: dict[str, Any], label: str, origin: str | None = None) -> RawDocument | SkippedInput:
    """The article a record describes (a JSON Lines object at `origin` in file `label`, or a
    mapping given to the Python API as item `label`), or a skip saying why it cannot be one."""
    problem = _field_error(record)
    if problem is not None:
        if origin is None:
            return SkippedInput(path=label, reason=problem, article=_given_id(record))
        return skipped_at(label, origin, problem, article=_given_id(record))
    return _document(record, label, origin or label)


def _document(record: dict[str, Any], label: str, origin: str) -> RawDocument:
    """The article a validated JSONL record describes."""
    published = normalise_date(record["published"]) if record.get("published") else None
    return RawDocument(
        id=_given_id(record),
        path=label,
        url=record.get("url") or None,
        title=record.get("title") or None,
        source=record.get("source") or None,
        published=published,
        published_evidence=GIVEN_EVIDENCE if published else None,
        text=normalise_newlines(record["text"]),
        format="jsonl",
        extracted=True,
        origin=origin,
    )


def parse_line(line: str, number: int, label: str) -> RawDocument | SkippedInput | None:
    """One JSONL line as an article, a skip naming line `number` (and the id when usable), or None for a blank line."""
    if not line.strip():
        return None
    origin = f"line {number}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return skipped_at(label, origin, f"malformed JSON: {error.msg} (column {error.colno})")
    except RecursionError:
        return skipped_at(label, origin, "malformed JSON: nested too deeply")
    if not isinstance(record, dict):
        return skipped_at(label, origin, "not a JSON object")
    return record_document(record, label, origin)


def _repair(line: str) -> str:
    """A line read with surrogateescape: re-decode its bytes robustly when it was not valid UTF-8."""
    if not any("\udc80" <= char <= "\udcff" for char in line):
        return line
    return decode_bytes(line.encode("utf-8", "surrogateescape"))


def read_jsonl_stream(stream: TextIO, label: str) -> Iterator[RawDocument | SkippedInput]:
    """Every article in the JSON Lines `stream`, and a skip for each bad line."""
    number = 0
    while True:
        limit = sources.MAX_FILE_BYTES
        try:
            line = stream.readline(limit + 1)
            if len(line) > limit and not line.endswith("\n"):
                _discard_rest_of_line(stream, limit)
        except InputError as error:  # a compressed stream or archive member cut short or corrupt
            yield SkippedInput(path=label, reason=f"{error.reason} after line {number}" if number else error.reason)
            return
        except (UnicodeDecodeError, OSError) as error:
            yield SkippedInput(path=label, reason=f"could not read after line {number}: {error}")
            return
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith("\n"):
            yield skipped_at(label, f"line {number}", too_large(None, "line"))
            continue
        try:
            result = parse_line(_repair(line), number, label)
        except InputError as error:  # a line that is binary data
            result = skipped_at(label, f"line {number}", error.reason)
        if result is not None:
            yield result


def _discard_rest_of_line(stream: TextIO, limit: int) -> None:
    while True:
        chunk = stream.readline(limit)
        if not chunk or chunk.endswith("\n"):
            return


def read_jsonl(source: Source) -> Iterator[RawDocument | SkippedInput]:
    """Every article in the JSON Lines `source`: UTF-8 (BOM optional) or UTF-16/32 with a BOM.

    Streamed line by line: no limit on the file, `MAX_FILE_BYTES` on each line.
    """
    head, raw = with_head(source.open(), 4)
    if not head:
        raw.close()
        raise InputError("empty file")
    encoding = bom_encoding(head) or "utf-8-sig"
    # surrogateescape keeps undecodable bytes so one cp1252 line can be re-decoded alone.
    errors = "surrogateescape" if encoding == "utf-8-sig" else "replace"
    with io.TextIOWrapper(raw, encoding=encoding, errors=errors, newline=None) as stream:
        found = False
        for result in read_jsonl_stream(stream, source.label):
            found = True
            yield result
    if not found:
        raise InputError("file contains only whitespace")


def read_jsonl_stdin(stdin: TextIO) -> Iterator[RawDocument | SkippedInput]:
    """Every article in JSON Lines on `stdin` (path '-').

    A real stdin is re-read through its bytes so that one badly encoded line is repaired or
    skipped instead of ending the stream; the wrapper is detached so stdin stays open.
    """
    buffer = getattr(stdin, "buffer", None)
    if buffer is None:
        yield from read_jsonl_stream(stdin, STDIN_LABEL)
        return
    stream = io.TextIOWrapper(buffer, encoding="utf-8-sig", errors="surrogateescape", newline=None)
    try:
        yield from read_jsonl_stream(stream, STDIN_LABEL)
    finally:
        stream.detach()
