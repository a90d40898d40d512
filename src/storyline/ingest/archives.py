"""Zip archives: every member read as the file it would be on disk, labelled 'archive.zip!member'.

Members are read in archive order, each by its own extension (a member may be gzipped, and a
zip inside a zip is read, one level deep). Directories and hidden members ('.x', '__MACOSX/._x')
are passed over, as in a folder. A member that cannot be read (encrypted, corrupt, unsupported
compression) is one skip and the others are still read. An archive whose central directory is
missing (cut short) is read from its local headers up to the cut (`zipscan`), then one skip.
Members are decompressed as they are read, so the size limit stops a zip bomb early, and an
archive whose members share their data (the other kind of zip bomb) is refused.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable
from functools import partial
from typing import BinaryIO

from storyline.ingest.errors import InputError, TruncatedInput
from storyline.ingest.skips import articles_count
from storyline.ingest.sources import Results, Source, read_document
from storyline.ingest.zipscan import Entry, scan_local_headers
from storyline.model import RawDocument, SkippedInput

ZIP_SUFFIX = ".zip"
# An archive's members sit at depth 1, the members of a zip inside it at depth 2: no deeper.
MAX_ZIP_DEPTH = 2
_ENCRYPTED = 0x1
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")



class _MemberStream(io.RawIOBase):
    """A member's decompressed bytes, with the decompressor's failures as `TruncatedInput`.

    `TruncatedInput` lets a streamed reader (JSONL, WARC) keep what it read before the failure.
    """

    def __init__(self, inner: BinaryIO) -> None:
        super().__init__()
        self._inner = inner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:
        try:
            data = self._inner.read(len(buffer))
        except EOFError as error:
            raise TruncatedInput("truncated zip member") from error
        except Exception as error:  # noqa: BLE001 — zlib, bz2, lzma and zipfile (bad CRC) each fail their own way
            raise TruncatedInput(f"corrupt zip member ({error})") from error
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._inner.close()
        super().close()


def _open_member(info: zipfile.ZipInfo, open_data: Callable[[], BinaryIO]) -> BinaryIO:
    try:
        return _MemberStream(open_data())
    except NotImplementedError as error:
        method = zipfile.compressor_names.get(info.compress_type, f"method {info.compress_type}")
        raise InputError(f"unsupported zip compression ({method})") from error
    except Exception as error:  # noqa: BLE001 — a header that does not match the directory, a missing codec
        raise InputError(f"corrupt zip member ({error})") from error


def _hidden(name: str) -> bool:
    return any(part.startswith(".") and part not in (".", "..") for part in name.split("/"))


def _members(entries: Iterable[Entry], archive: Source, read_member: Callable[[Source], Results]) -> Results:
    """Every member's results, in archive order; a skip for an encrypted member."""
    found = False
    for info, open_data in entries:
        if info.is_dir() or _hidden(info.filename):
            continue
        found = True
        label = f"{archive.label}!{_CONTROL.sub('?', info.filename)}"
        if info.flag_bits & _ENCRYPTED:
            yield SkippedInput(path=label, reason="encrypted zip member (password needed)")
            continue
        yield from read_member(Source(name=info.filename, label=label, open=partial(_open_member, info, open_data),
                                      size=partial(getattr, info, "file_size"), zip_depth=archive.zip_depth + 1))
    if not found:
        raise InputError("no files in zip archive")


def _overlapping(infos: list[zipfile.ZipInfo]) -> bool:
    """True when a member's data runs into the next member's header.

    The trick of zip bombs that make many members out of one compressed block (each within the
    size limit, together terabytes); a real archive never does it (a local header is 30 bytes
    and more, then the data).
    """
    spans = sorted((info.header_offset, info.header_offset + 30 + info.compress_size) for info in infos)
    return any(end > next_start for (_, end), (next_start, _) in zip(spans, spans[1:]))


def _random_access(source: Source) -> BinaryIO:
    """`source` opened for seeking (zip needs it): a file as it is, a member or a gzip stream read into memory."""
    stream = source.open()
    if stream.seekable():
        return stream
    stream.close()
    return io.BytesIO(read_document(source))


def read_zip(source: Source, read_member: Callable[[Source], Results]) -> Results:
    """Every article in the zip `source`, each member read by `read_member` (which never raises)."""
    if source.zip_depth >= MAX_ZIP_DEPTH:
        raise InputError("zip archive nested more than one level deep")
    with _random_access(source) as stream:
        try:
            archive = zipfile.ZipFile(stream)
        except Exception:  # noqa: BLE001 — no usable central directory: read the local headers instead
            entries: Iterable[Entry] = scan_local_headers(stream)
        else:
            if _overlapping(archive.infolist()):
                raise InputError("overlapping zip members (a zip bomb)")
            entries = ((info, partial(archive.open, info)) for info in archive.infolist())
        articles = 0
        try:
            for result in _members(entries, source, read_member):
                articles += isinstance(result, RawDocument)
                yield result
        except TruncatedInput as error:
            yield SkippedInput(path=source.label, reason=f"{error.reason} after {articles_count(articles)}")
