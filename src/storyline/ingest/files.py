"""Safe access to input files: size limit checked before reading, OS errors as short reasons."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

from storyline.ingest.errors import InputError

# One document (a text or HTML file, a feed, one JSONL line, one WARC record) may be at most this
# big; a news article is rarely over 1 MB, so anything larger is almost surely not one. Containers
# (JSONL, WARC) are streamed and have no overall limit.
MAX_FILE_BYTES = 20_000_000


def megabytes(n_bytes: int) -> str:
    """`n_bytes` as a short decimal-megabyte figure: '52 MB', '20.3 MB'."""
    value = f"{n_bytes / 1_000_000:.1f}".rstrip("0").rstrip(".")
    return f"{value} MB"


def too_large(n_bytes: int) -> str:
    """The reason given for a document over `MAX_FILE_BYTES`."""
    return f"file too large ({megabytes(n_bytes)} > {megabytes(MAX_FILE_BYTES)} limit)"


def describe_os_error(error: OSError, path: Path) -> str:
    """A short reason for an OS error on `path` ('permission denied', 'broken symbolic link'...)."""
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, FileNotFoundError):
        return "broken symbolic link" if os.path.islink(path) else "no such file or directory"
    if isinstance(error, IsADirectoryError):
        return "is a directory"
    return (error.strerror or str(error)).lower()


def _check_regular_file(path: Path) -> os.stat_result:
    """Stat `path`, refusing anything but a regular file (a FIFO or device would block or never end)."""
    try:
        info = path.stat()
    except OSError as error:
        raise InputError(describe_os_error(error, path)) from error
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise InputError("not a regular file")
    return info


def read_bytes(path: Path) -> bytes:
    """All bytes of `path`, after checking (before reading) that it is a regular file within the limit."""
    info = _check_regular_file(path)
    if info.st_size > MAX_FILE_BYTES:
        raise InputError(too_large(info.st_size))
    try:
        with open(path, "rb") as handle:
            # Read one byte past the limit: the file may have grown since the stat.
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise InputError(describe_os_error(error, path)) from error
    if len(data) > MAX_FILE_BYTES:
        raise InputError(too_large(len(data)))
    return data


def open_binary(path: Path) -> io.BufferedReader:
    """`path` opened for streaming (JSONL, WARC): no size limit, the same checks and reasons otherwise."""
    _check_regular_file(path)
    try:
        return open(path, "rb")
    except OSError as error:
        raise InputError(describe_os_error(error, path)) from error
