"""Members of a zip archive whose central directory is gone, found by walking its local headers.

A zip keeps its directory at the end, so a download cut short has none and `zipfile` refuses it
outright; yet every member before the cut is whole, each behind its own local header. This walks
those headers from the start, so that those members are still read, and raises
`TruncatedInput` where the archive breaks off. A member written without sizes in its header
(streamed, sizes in a data descriptor after the data) is measured by inflating it once.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from functools import partial
from typing import BinaryIO

from storyline.ingest.errors import InputError, TruncatedInput
from storyline.ingest.sources import CHUNK_BYTES

_LOCAL = b"PK\x03\x04"
# Central directory, end of directory (plain and zip64), digital signature: every member came before.
_AFTER_MEMBERS = (b"PK\x01\x02", b"PK\x05\x06", b"PK\x06\x06", b"PK\x06\x07", b"PK\x05\x05")
_DESCRIPTOR = b"PK\x07\x08"
_HEADER = struct.Struct("<4s5H3I2H")  # signature, version, flags, method, time, date, CRC, sizes, name/extra lengths
_ZIP64_EXTRA = 0x0001
_FLAG_DESCRIPTOR = 0x08
_FLAG_UTF8 = 0x800
_UNKNOWN32 = 0xFFFFFFFF

Entry = tuple[zipfile.ZipInfo, Callable[[], BinaryIO]]


def _open_data(stream: BinaryIO, offset: int, info: zipfile.ZipInfo) -> BinaryIO:
    """The member's decompressing reader (zipfile's own, which checks the CRC), over the shared stream."""
    stream.seek(offset)
    return zipfile.ZipExtFile(stream, "rb", info)


def _zip64_sizes(extra: bytes, usize: int, csize: int) -> tuple[int, int]:
    """Sizes from the zip64 extra field, which holds (in this order) only those marked 0xFFFFFFFF."""
    at = 0
    while at + 4 <= len(extra):
        kind, length = struct.unpack_from("<2H", extra, at)
        if kind == _ZIP64_EXTRA:
            values = iter(struct.unpack_from(f"<{min(length, 16) // 8}Q", extra, at + 4))
            usize = next(values, usize) if usize == _UNKNOWN32 else usize
            csize = next(values, csize) if csize == _UNKNOWN32 else csize
            break
        at += 4 + length
    return usize, csize


def _measure_streamed(stream: BinaryIO, offset: int, method: int) -> tuple[int, int, int, int]:
    """(CRC, compressed size, size, end of data descriptor) of a streamed member whose data starts at `offset`.

    Its end is found by inflating it (output discarded); the CRC is the descriptor's, so that
    reading the member still checks it.
    """
    if method != zipfile.ZIP_DEFLATED:
        raise TruncatedInput("zip directory missing and a member's size unknown")
    stream.seek(offset)
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    fed = size = 0
    while not inflater.eof:
        data = stream.read(CHUNK_BYTES)
        if not data:
            raise TruncatedInput("truncated zip archive")
        fed += len(data)
        try:
            while data and not inflater.eof:
                size += len(inflater.decompress(data, CHUNK_BYTES))
                data = inflater.unconsumed_tail
        except zlib.error as error:
            raise TruncatedInput("corrupt zip archive") from error
    compressed = fed - len(inflater.unused_data)
    start = offset + compressed  # of the data descriptor: [signature] CRC, sizes (32 or 64 bits)
    stream.seek(start)
    descriptor = stream.read(24)
    if descriptor.startswith(_DESCRIPTOR):
        descriptor, start = descriptor[4:], start + 4
    for sizes, length, mask in (("<2I", 12, _UNKNOWN32), ("<2Q", 20, -1)):
        if len(descriptor) >= length and struct.unpack_from(sizes, descriptor, 4) == (compressed & mask, size & mask):
            return struct.unpack_from("<I", descriptor)[0], compressed, size, start + length
    raise TruncatedInput("truncated zip archive" if len(descriptor) < 12 else "corrupt zip archive")


def scan_local_headers(stream: BinaryIO) -> Iterator[Entry]:
    """Every member found from the start of `stream`; raise at the point where the archive breaks."""
    end = stream.seek(0, 2)
    offset = 0
    while True:
        stream.seek(offset)
        header = stream.read(_HEADER.size)
        first = offset == 0
        if not header:
            raise InputError("empty file") if first else TruncatedInput("truncated zip archive (no central directory)")
        if header[:4] in _AFTER_MEMBERS and not first:
            return  # every member is whole: only the directory was damaged
        if header[:4] != _LOCAL:
            raise InputError("not a zip file") if first else TruncatedInput("corrupt zip archive")
        if len(header) < _HEADER.size:
            raise TruncatedInput("truncated zip archive")
        _, _, flags, method, _, _, crc, csize, usize, name_length, extra_length = _HEADER.unpack(header)
        name_and_extra = stream.read(name_length + extra_length)
        if len(name_and_extra) < name_length + extra_length:
            raise TruncatedInput("truncated zip archive")
        start = offset + _HEADER.size + name_length + extra_length
        usize, csize = _zip64_sizes(name_and_extra[name_length:], usize, csize)
        if flags & _FLAG_DESCRIPTOR:
            crc, csize, usize, offset = _measure_streamed(stream, start, method)
        else:
            offset = start + csize
            if offset > end:
                raise TruncatedInput("truncated zip archive")
        name = name_and_extra[:name_length].decode("utf-8" if flags & _FLAG_UTF8 else "cp437", errors="replace")
        info = zipfile.ZipInfo(name)
        info.flag_bits, info.compress_type, info.CRC = flags, method, crc
        info.compress_size, info.file_size = csize, usize
        yield info, partial(_open_data, stream, start, info)
