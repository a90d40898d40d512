"""Gzip streams that say when they are cut short, and never inflate more than is asked for.

Python's `gzip` raises `EOFError` on truncation, and warcio treats `EOFError` as a normal end
of the archive, so a cut-off `.warc.gz` would look complete. This reader decompresses member by
member, hands over everything it could decompress, and only then raises `TruncatedInput`. Each
read inflates at most the bytes asked for, so reading a document up to the size limit stops a
gzip bomb after limit + 1 bytes.
"""

from __future__ import annotations

import io
import zlib
from typing import BinaryIO

from storyline.ingest.errors import TruncatedInput
from storyline.ingest.sources import CHUNK_BYTES, Source, with_head

GZIP_MAGIC = b"\x1f\x8b"
GZIP_SUFFIX = ".gz"
_GZIP_WBITS = 16 + zlib.MAX_WBITS


class StrictGzipReader(io.RawIOBase):
    """Decompressed bytes of a (multi-member) gzip stream; `TruncatedInput` when cut short or corrupt."""

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__()
        self._raw = raw
        self._member: zlib._Decompress | None = None  # None between members
        self._input = b""  # compressed bytes not yet inflated

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:
        if not len(buffer):  # zlib reads max_length 0 as "no limit"
            return 0
        while True:
            if self._member is None and not self._start_member():
                return 0
            if not self._input:
                self._input = self._raw.read(CHUNK_BYTES)
                if not self._input:
                    raise TruncatedInput("truncated gzip stream")
            try:
                output = self._member.decompress(self._input, len(buffer))
            except zlib.error as error:
                raise TruncatedInput(f"corrupt gzip stream ({error})") from error
            self._input = self._member.unconsumed_tail
            if self._member.eof:
                self._input = self._member.unused_data
                self._member = None
            if output:
                buffer[: len(output)] = output
                return len(output)

    def _start_member(self) -> bool:
        """Begin the next member; False at a clean end (zero padding after the last member is allowed, as gzip does)."""
        while True:
            self._input = self._input.lstrip(b"\0")
            if self._input:
                self._member = zlib.decompressobj(_GZIP_WBITS)
                return True
            self._input = self._raw.read(CHUNK_BYTES)
            if not self._input:
                return False

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()


def open_maybe_gzip(raw: BinaryIO) -> tuple[BinaryIO, bool]:
    """A strict decompressing reader over `raw` when it starts with the gzip magic, else `raw` itself; and which.

    Unbuffered on purpose: a BufferedReader would drop the bytes it had gathered when the next
    read raises, losing the last complete records before a cut.
    """
    head, stream = with_head(raw, len(GZIP_MAGIC))
    return (StrictGzipReader(stream), True) if head == GZIP_MAGIC else (stream, False)


def _open_gunzipped(source: Source) -> BinaryIO:
    return open_maybe_gzip(source.open())[0]


def gunzipped(source: Source) -> Source:
    """The decompressed content of the `.gz` source, named without '.gz' so that its reader is the inner format's.

    Content without the gzip magic is read as it is: downloads are often decompressed on the
    fly while keeping their '.gz' name.
    """
    return Source(name=source.name[: -len(GZIP_SUFFIX)], label=source.label,
                  open=lambda: _open_gunzipped(source), zip_depth=source.zip_depth)
