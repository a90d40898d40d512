"""Inputs to files: folders walked recursively in sorted order, hidden entries left out."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from storyline.ingest.files import describe_os_error
from storyline.model import SkippedInput

FileItem = tuple[Path, str]  # (the file, its path as the user would write it)


def display_name(name: str) -> str:
    """`name` as a valid Unicode label: bytes that are not UTF-8 (kept by Python as lone surrogates) as '\\xff'.

    The file is still opened by its real name; only what the user is shown (and what is stored)
    changes, since a lone surrogate cannot be written to the brief or the store.
    """
    try:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    except UnicodeError:  # a lone surrogate that does not stand for a byte: leave it to `read_inputs`
        return name


def iter_files(given: str | Path) -> Iterator[FileItem | SkippedInput]:
    """The files one input names: itself, or everything under it when it is a folder.

    Folder entries come sorted by name, files and subfolders interleaved, so the order does
    not depend on the file system; names starting with '.' are skipped; symlinked folders are
    followed once (a link cycle is not walked twice).
    """
    path = Path(given)
    label = display_name(str(given))
    if not label:  # Path("") is the current folder: never what an empty argument meant
        yield SkippedInput(path=label, reason="empty path")
        return
    try:
        path.stat()
    except OSError as error:
        yield SkippedInput(path=label, reason=describe_os_error(error, path))
        return
    except ValueError:  # the OS cannot even be asked about a name with a NUL byte
        yield SkippedInput(path=label, reason="invalid file name (NUL byte)")
        return
    if path.is_dir():
        yield from _walk(path, label, seen=set())
    else:
        yield path, label


def _walk(directory: Path, label: str, seen: set[tuple[int, int]]) -> Iterator[FileItem | SkippedInput]:
    try:
        info = directory.stat()
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as error:
        yield SkippedInput(path=label, reason=describe_os_error(error, directory))
        return
    if (info.st_dev, info.st_ino) in seen:
        return
    seen.add((info.st_dev, info.st_ino))
    for entry in entries:
        if entry.name.startswith("."):
            continue
        child, child_label = Path(entry.path), os.path.join(label, display_name(entry.name))
        if _is_dir(entry):
            yield from _walk(child, child_label, seen)
        else:
            yield child, child_label


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # e.g. a symlink to a folder we may not stat; reading it reports why
        return False
