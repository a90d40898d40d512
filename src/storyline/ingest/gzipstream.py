"""A gzip reader that says when the stream is cut short.

Python's `gzip` raises `EOFError` on truncation, and warcio treats `EOFError` as a normal end
of the archive, so a cut-off `.warc.gz` would look complete. This reader decompresses member by
member, hands over everything it could decompress, and only then raises `TruncatedInput`.
"""

from __future__ import annotations

import io
import zlib
from typing import BinaryIO

from storyline.ingest.errors import TruncatedInput

GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 16
_GZIP_WBITS = 16 + zlib.MAX_WBITS


class StrictGzipReader(io.RawIOBase):
    """Decompressed bytes of a (multi-member) gzip stream; `TruncatedInput` when cut short or corrupt."""

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__()
        self._raw = raw
        self._member: zlib._Decompress | None = None  # None between members
        self._carry = b""  # compressed bytes that belong to the next member
        self._pending = b""  # decompressed bytes not yet handed over

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:
        while not self._pending:
            if not self._fill():
                return 0
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size

    def _fill(self) -> bool:
        """Decompress the next compressed chunk; False at a clean end of stream."""
        data = self._carry or self._raw.read(_CHUNK)
        self._carry = b""
        if not data:
            if self._member is not None:
                raise TruncatedInput("truncated gzip stream")
            return False
        if self._member is None:
            self._member = zlib.decompressobj(_GZIP_WBITS)
        try:
            self._pending += self._member.decompress(data)
        except zlib.error as error:
            raise TruncatedInput(f"corrupt gzip stream ({error})") from error
        if self._member.eof:
            self._carry = self._member.unused_data
            self._member = None
        return True


def open_maybe_gzip(raw: io.BufferedReader) -> BinaryIO:
    """`raw` itself, or a strict decompressing reader over it when it starts with the gzip magic."""
    # Unbuffered on purpose: a BufferedReader would drop the bytes it had gathered when the
    # next read raises, losing the last complete records before a cut.
    return StrictGzipReader(raw) if raw.peek(2)[:2] == GZIP_MAGIC else raw
