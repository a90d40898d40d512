"""Files on disk as sources: regular files only, size known before reading, OS errors as short reasons."""

from __future__ import annotations

import os
import stat
from functools import partial
from pathlib import Path
from typing import BinaryIO

from storyline.ingest.errors import InputError
from storyline.ingest.sources import Source


def describe_os_error(error: OSError, path: Path) -> str:
    """A short reason for an OS error on `path` ('permission denied', 'broken symbolic link'...)."""
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, FileNotFoundError):
        return "broken symbolic link" if os.path.islink(path) else "no such file or directory"
    if isinstance(error, IsADirectoryError):
        return "is a directory"
    return (error.strerror or str(error)).lower()


def _regular_file_size(path: Path) -> int:
    """The size of `path`, refusing anything but a regular file (a FIFO or device would block or never end)."""
    try:
        info = path.stat()
    except OSError as error:
        raise InputError(describe_os_error(error, path)) from error
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise InputError("not a regular file")
    return info.st_size


def _open_file(path: Path) -> BinaryIO:
    _regular_file_size(path)
    try:
        return open(path, "rb")
    except OSError as error:
        raise InputError(describe_os_error(error, path)) from error


def file_source(path: Path, label: str) -> Source:
    """The file `path` as a source (`label` is the path as the user gave it)."""
    return Source(name=path.name, label=label, open=partial(_open_file, path), size=partial(_regular_file_size, path))
