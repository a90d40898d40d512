"""JSON Lines articles (files and stdin): one object a line with `id` and `text`.

Optional `title`, `published`, `url`, `source`. A bad line is skipped (its number named) and
the rest are read. A given `published` wins over anything guessed later (evidence "given").
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from storyline.ingest.dates import normalise_date
from storyline.ingest.decode import bom_encoding, decode_bytes, normalise_newlines
from storyline.ingest.errors import InputError
from storyline.ingest.files import MAX_FILE_BYTES, open_binary, too_large
from storyline.model import RawDocument, SkippedInput

OPTIONAL_FIELDS = ("title", "published", "url", "source")
GIVEN_EVIDENCE = "given"
STDIN_LABEL = "-"


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


def _document(record: dict[str, Any], label: str) -> RawDocument:
    """The article a validated JSONL record describes."""
    published = normalise_date(record["published"]) if record.get("published") else None
    return RawDocument(
        id=str(record["id"]).strip(),
        path=label,
        url=record.get("url") or None,
        title=record.get("title") or None,
        source=record.get("source") or None,
        published=published,
        published_evidence=GIVEN_EVIDENCE if published else None,
        text=normalise_newlines(record["text"]),
        format="jsonl",
        extracted=False,
    )


def parse_line(line: str, number: int, label: str) -> RawDocument | SkippedInput | None:
    """One JSONL line as an article, a skip naming line `number`, or None for a blank line."""
    if not line.strip():
        return None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return SkippedInput(path=label, reason=f"malformed JSON on line {number}: {error.msg} (column {error.colno})")
    if not isinstance(record, dict):
        return SkippedInput(path=label, reason=f"line {number} is not a JSON object")
    problem = _field_error(record)
    if problem:
        return SkippedInput(path=label, reason=f"line {number}: {problem}")
    return _document(record, label)


def _repair(line: str) -> str:
    """A line read with surrogateescape: re-decode its bytes robustly when it was not valid UTF-8."""
    if not any("\udc80" <= char <= "\udcff" for char in line):
        return line
    return decode_bytes(line.encode("utf-8", "surrogateescape"))


def read_jsonl_stream(stream: TextIO, label: str) -> Iterator[RawDocument | SkippedInput]:
    """Every article in the JSON Lines `stream`, and a skip for each bad line."""
    number = 0
    while True:
        try:
            line = stream.readline(MAX_FILE_BYTES + 1)
        except (UnicodeDecodeError, OSError) as error:
            yield SkippedInput(path=label, reason=f"could not read after line {number}: {error}"[:200])
            return
        if not line:
            return
        number += 1
        if len(line) > MAX_FILE_BYTES and not line.endswith("\n"):
            yield SkippedInput(path=label, reason=f"line {number}: {too_large(len(line))}")
            _discard_rest_of_line(stream)
            continue
        try:
            result = parse_line(_repair(line), number, label)
        except InputError as error:
            result = SkippedInput(path=label, reason=f"line {number}: {error.reason}")
        if result is not None:
            yield result


def _discard_rest_of_line(stream: TextIO) -> None:
    while True:
        chunk = stream.readline(MAX_FILE_BYTES)
        if not chunk or chunk.endswith("\n"):
            return


def read_jsonl_file(path: Path, label: str) -> Iterator[RawDocument | SkippedInput]:
    """Every article in the JSON Lines file `path`: UTF-8 (BOM optional) or UTF-16/32 with a BOM."""
    with open_binary(path) as raw:
        head = raw.peek(4)[:4]
        if not head:
            raise InputError("empty file")
        encoding = bom_encoding(head) or "utf-8-sig"
        # surrogateescape keeps undecodable bytes so one cp1252 line can be re-decoded alone.
        errors = "surrogateescape" if encoding == "utf-8-sig" else "replace"
        with io.TextIOWrapper(raw, encoding=encoding, errors=errors, newline=None) as stream:
            found = False
            for result in read_jsonl_stream(stream, label):
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
