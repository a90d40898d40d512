"""A cited span shown in context, and an article's text cut at every cited boundary.

The brief carries no sentence boundaries, so the context view finds them with a light
heuristic (end punctuation followed by space, or a line break; initials and common titles
do not end a sentence). It only decides how much surrounding text to show: the cited span
itself is always exactly `text[start:end]`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+|\n\s*")
# "U.N. Security", "Gen. Smith", "John F. Kennedy": a dot there does not end the sentence.
_NOT_AN_END = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Brig|Cmdr|Sen|Rep|Gov"
    r"|Pres|Rev|Hon|St|Jr|Sr|No|vs|etc|approx|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec))\.$"
)
CONTEXT_LIMIT = 500  # characters of neighbouring text shown on each side, at most


@dataclass(frozen=True)
class Context:
    """The cited span with the text around it (`before` + `cited` + `after`)."""

    before: str
    cited: str
    after: str
    clipped_before: bool  # text exists before `before`
    clipped_after: bool


@lru_cache(maxsize=256)
def sentence_starts(text: str) -> tuple[int, ...]:
    """Offsets where sentences start in `text` (always includes 0)."""
    starts = [0]
    for match in _SENTENCE_END.finditer(text):
        if match.end() >= len(text):
            break
        if not match.group().startswith("\n"):
            head = text[max(0, match.start() - 8): match.start() + 1]
            if _NOT_AN_END.search(head) or text[match.end()].islower():
                continue
        starts.append(match.end())
    return tuple(starts)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Start of the sentence holding `start` and end of the one holding `end`."""
    starts = sentence_starts(text)
    first = bisect_right(starts, start) - 1
    last = bisect_right(starts, max(start, end - 1)) - 1
    stop = starts[last + 1] if last + 1 < len(starts) else len(text)
    return starts[first], stop


def context(text: str, start: int, end: int, neighbours: int = 1) -> Context:
    """The span's own sentence(s) plus `neighbours` sentences each side, clipped to a limit."""
    starts = sentence_starts(text)
    first = bisect_right(starts, start) - 1
    last = bisect_right(starts, max(start, end - 1)) - 1
    lo = starts[max(0, first - neighbours)]
    hi_index = last + 1 + neighbours
    hi = starts[hi_index] if hi_index < len(starts) else len(text)
    lo = max(lo, start - CONTEXT_LIMIT)
    hi = min(hi, end + CONTEXT_LIMIT)
    return Context(text[lo:start], text[start:end], text[end:hi].rstrip(), lo > 0,
                   text[hi:].strip() != "")


def cut_points(length: int, spans: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """Cut `0..length` at every span boundary: `(start, end, depth)` pieces, where depth
    is how many spans cover the piece. Overlapping spans simply raise the depth."""
    delta: dict[int, int] = {0: 0, length: 0}
    for start, end in spans:
        if start < end:
            delta[start] = delta.get(start, 0) + 1
            delta[end] = delta.get(end, 0) - 1
        else:
            delta.setdefault(start, 0)  # zero-width span: still a place an anchor goes
    bounds = sorted(delta)
    pieces, depth = [], 0
    for lo, hi in zip(bounds, bounds[1:]):
        depth += delta[lo]
        pieces.append((lo, hi, depth))
    return pieces
