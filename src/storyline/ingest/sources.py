"""What a reader reads: a named, labelled byte source, and bounded reading from it.

Files on disk, gzip streams and zip members are all `Source`s, so each format's reader is
written once and works on all of them. Streams may be unbuffered (the gzip and zip readers are,
so that bytes read before a cut are never lost inside a buffer), so reads here loop until they
have what they asked for, and never ask for more than the size limit plus one byte: a
compressed bomb is stopped after that much output.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from storyline.ingest.errors import InputError, TruncatedInput
from storyline.model import RawDocument, SkippedInput

# One document (a text or HTML file, a feed, one JSONL line, one WARC record) may be at most this
# big, decompressed; a news article is rarely over 1 MB, so anything larger is almost surely not
# one. Containers (JSONL, WARC, zip) are streamed and have no overall limit.
MAX_FILE_BYTES = 20_000_000
# Bytes read at a time from a stream, and read from a file's start to tell its format.
CHUNK_BYTES = 1 << 16
SNIFF_BYTES = 2048

Results = Iterator[RawDocument | SkippedInput]  # what every reader yields


def _unknown_size() -> int | None:
    return None


@dataclass(frozen=True)
class Source:
    """One input as a reader sees it.

    `name` picks the reader by its extension ('a.html.gz', 'dir/b.jsonl'); `label` is what the
    user is shown and can find ('a.html.gz', 'c.zip!dir/b.jsonl'); `open()` gives a fresh binary
    stream and `size()` its length when known without reading (a file's size, a zip member's
    declared size); both raise `InputError`. `zip_depth` counts the zip archives it sits in.
    """

    name: str
    label: str
    open: Callable[[], BinaryIO]
    size: Callable[[], int | None] = _unknown_size
    zip_depth: int = 0


def megabytes(n_bytes: int) -> str:
    """`n_bytes` as a short decimal-megabyte figure: '52 MB', '20.3 MB'."""
    value = f"{n_bytes / 1_000_000:.1f}".rstrip("0").rstrip(".")
    return f"{value} MB"


def too_large(n_bytes: int | None, what: str = "file") -> str:
    """The reason given for a document over `MAX_FILE_BYTES` (`n_bytes` None: a stream stopped at the limit)."""
    limit = megabytes(MAX_FILE_BYTES)
    if n_bytes is None:
        return f"{what} too large (over the {limit} limit)"
    return f"{what} too large ({megabytes(n_bytes)} > {limit} limit)"


def _read_into(chunks: list[bytes], stream: BinaryIO, limit: int) -> None:
    """Append up to `limit` bytes of `stream` to `chunks` (fewer only at its end; short reads of raw
    streams are retried); what was read stays in `chunks` when a read raises."""
    total = 0
    while total < limit:
        chunk = stream.read(min(CHUNK_BYTES, limit - total))
        if not chunk:
            return
        chunks.append(chunk)
        total += len(chunk)


def read_at_most(stream: BinaryIO, limit: int) -> bytes:
    """Up to `limit` bytes of `stream`, fewer only at its end."""
    chunks: list[bytes] = []
    _read_into(chunks, stream, limit)
    return b"".join(chunks)


def check_size(source: Source) -> None:
    """Refuse `source` before reading it when its known size is over the limit."""
    size = source.size()
    if size is not None and size > MAX_FILE_BYTES:
        raise InputError(too_large(size))


def read_until_cut(source: Source) -> tuple[bytes, TruncatedInput | None]:
    """All of `source` as one document, and the `TruncatedInput` that cut it short, if any.

    The bytes before a cut are returned so that a reader can keep what is whole (the complete
    entries of a feed); over the size limit raises `InputError`.
    """
    check_size(source)
    chunks: list[bytes] = []
    cut = None
    with source.open() as stream:
        try:
            _read_into(chunks, stream, MAX_FILE_BYTES + 1)
        except TruncatedInput as error:
            cut = error
    total = sum(map(len, chunks))
    if total > MAX_FILE_BYTES:
        size = source.size()  # known for a file that grew after the check; None for a decompressed stream
        raise InputError(too_large(max(size, total)) if size is not None else too_large(None, "decompressed file"))
    return b"".join(chunks), cut


def read_document(source: Source) -> bytes:
    """All of `source` as one document; raise `InputError` when it is cut short or over the limit."""
    data, cut = read_until_cut(source)
    if cut is not None:
        raise cut
    return data


class _Rejoined(io.RawIOBase):
    """`head` followed by the rest of `stream`: a stream whose first bytes were looked at."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        super().__init__()
        self._head = head
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._stream.close()
        super().close()


def with_head(stream: BinaryIO, n_bytes: int) -> tuple[bytes, BinaryIO]:
    """The first `n_bytes` of `stream` (fewer at its end), and a stream that still starts with them."""
    head = read_at_most(stream, n_bytes)
    return head, _Rejoined(head, stream)


def read_head(source: Source, n_bytes: int) -> bytes:
    """The first `n_bytes` of `source` (for sniffing its format)."""
    with source.open() as stream:
        return read_at_most(stream, n_bytes)
