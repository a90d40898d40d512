"""Quoted stretches of text, found from the quote marks alone (no parse).

Handles straight, curly and guillemet double quotes, single quotes outside double ones,
and unbalanced marks: a quote left open runs to the end of its paragraph (the newspaper
convention for quotes over several paragraphs). Never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PARAGRAPH = re.compile(r"[^\n]+")
_DOUBLE = re.compile(r"[\"“”„«»]")
_SINGLE = re.compile(r"['‘’]")
_OPENERS_BEFORE = set(" \t([{—–-/:;") | {""}
_TRIM = " \t,;:"


@dataclass(frozen=True)
class Quoted:
    """One quoted stretch: `open`/`close` are the marks' offsets (close None if unbalanced)."""

    open: int
    start: int
    end: int
    close: int | None
    double: bool

    @property
    def outer_end(self) -> int:
        """Offset just past the closing mark (or the content end when unbalanced)."""
        return self.close + 1 if self.close is not None else self.end


def find_quoted(text: str) -> list[Quoted]:
    """Every quoted stretch of `text`, in order; single quotes only outside double ones."""
    found: list[Quoted] = []
    for para in _PARAGRAPH.finditer(text):
        doubles = _pair_double(text, para.start(), para.end())
        found.extend(doubles)
        found.extend(_pair_single(text, para.start(), para.end(), doubles))
    found = [q for q in found if any(ch.isalnum() for ch in text[q.start : q.end])]
    return sorted(found, key=lambda q: q.open)


def _role(text: str, i: int, lo: int, hi: int) -> str:
    """'open', 'close' or 'either' for the double mark at `i`, from the mark and its neighbours."""
    ch = text[i]
    before = text[i - 1] if i > lo else ""
    after = text[i + 1] if i + 1 < hi else ""
    if before == "" and after.isalnum():
        return "open"  # a paragraph opening with any quote mark opens a quote (”Fear. ...”)
    if ch in "“„«":
        return "open"
    if ch in "”»":
        return "close"
    if before in _OPENERS_BEFORE and after not in ("", " "):
        return "open"
    if after in ("", " ") or (after and not after.isalnum()):
        return "close"
    return "either"


def _pair_double(text: str, lo: int, hi: int) -> list[Quoted]:
    out: list[Quoted] = []
    opened: int | None = None
    for m in _DOUBLE.finditer(text, lo, hi):
        i = m.start()
        role = _role(text, i, lo, hi)
        if opened is None:
            if role != "close":
                opened = i
            continue
        if role == "open" and text[i] != '"':
            # a second opening curly mark: the first quote was never closed
            out.append(_make(text, opened, i, None, True))
            opened = i
            continue
        out.append(_make(text, opened, i, i, True))
        opened = None
    if opened is not None:
        out.append(_make(text, opened, hi, None, True))
    return out


def _pair_single(text: str, lo: int, hi: int, doubles: list[Quoted]) -> list[Quoted]:
    """Single-quoted stretches outside double quotes; apostrophes inside words are skipped."""
    out: list[Quoted] = []
    opened: int | None = None
    for m in _SINGLE.finditer(text, lo, hi):
        i = m.start()
        if any(q.open <= i < q.outer_end for q in doubles):
            continue
        before = text[i - 1] if i > lo else ""
        after = text[i + 1] if i + 1 < hi else ""
        if opened is None:
            if before in _OPENERS_BEFORE and after.isalnum() and text[i] != "’":
                opened = i
        elif before and not before.isspace() and not after.isalnum():
            out.append(_make(text, opened, i, i, False))
            opened = None
    return out


def _make(text: str, open_: int, end: int, close: int | None, double: bool) -> Quoted:
    start = open_ + 1
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return Quoted(open_, start, end, close, double)
