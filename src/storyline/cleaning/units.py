"""Split raw text into units (lines, or hard-wrapped lines joined) with their raw offsets.

A unit is the smallest thing the cleaner keeps or cuts. Its `text` is always the raw slice
`raw[start:end]`, verbatim, so that offsets inside a kept unit map back to the raw text exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Edge whitespace includes the BOM and zero-width characters that pages leak into text.
_EDGE = " \t\r\f\v\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u202f\u205f\u3000\ufeff"
_LINE = re.compile(r"[^\n]+")
_SENTENCE_END = re.compile(r"[.!?…:;,\"'”’)\]]$")
_LOWER_START = re.compile(r"^[a-z]")
# Hard wraps happen near a fixed column; shorter lines are page fragments, not wrapped prose.
_WRAP_MIN_CHARS = 40


@dataclass(frozen=True)
class Unit:
    """A kept-or-cut piece of the raw text: `text == raw[start:end]`."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str
    blank_before: bool


def _lines(raw: str) -> list[_Line]:
    """Non-empty lines with edge whitespace trimmed, noting whether a blank line precedes."""
    lines: list[_Line] = []
    last_end = 0
    for match in _LINE.finditer(raw):
        text = match.group()
        left = len(text) - len(text.lstrip(_EDGE))
        stripped = text.strip(_EDGE)
        if not stripped:
            continue
        start = match.start() + left
        gap = raw[last_end:start]
        blank_before = bool(lines) and gap.count("\n") >= 2
        lines.append(_Line(start, start + len(stripped), stripped, blank_before))
        last_end = start + len(stripped)
    return lines


def _continues(previous: _Line, line: _Line) -> bool:
    """True when `line` is the wrapped continuation of `previous` (same block, mid-sentence)."""
    return (
        not line.blank_before
        and len(previous.text) >= _WRAP_MIN_CHARS
        and not _SENTENCE_END.search(previous.text)
        and bool(_LOWER_START.match(line.text))
    )


def split_units(raw: str) -> list[Unit]:
    """Units of `raw`: each non-empty line, with hard-wrapped continuations joined verbatim."""
    units: list[Unit] = []
    previous: _Line | None = None
    for line in _lines(raw):
        if units and previous is not None and _continues(previous, line):
            first = units[-1]
            units[-1] = Unit(first.start, line.end, raw[first.start : line.end])
        else:
            units.append(Unit(line.start, line.end, line.text))
        previous = line
    return units
