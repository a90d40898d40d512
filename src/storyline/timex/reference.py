"""Reference time: offsets such as "a year earlier" count from the date the text last named.

TimeML resolves "earlier"/"later" against the reference time of the narrative, not the
publication date: in "third-quarter profit rose from $2 a share a year earlier" the year is
counted back from the third quarter. "Ago" counts from the publication date, but keeps the
granularity of a quarter named just before it in the same sentence.
"""

from __future__ import annotations

from spacy.tokens import Doc

from storyline.timex.calendar import shift_period
from storyline.timex.rules import Found

Candidate = tuple[int, int, Found]


def resolve_shifts(doc: Doc, kept: list[Candidate]) -> list[Candidate]:
    """`kept` (sorted by start) with anaphoric offsets re-anchored on the last named date."""
    out: list[Candidate] = []
    last: Candidate | None = None
    for start, end, found in kept:
        if found.shift and last is not None and _applies(doc, last, start, found):
            moved = shift_period(last[2].value, *found.shift)
            if moved:
                found = Found(found.type, moved, found.clock, found.shift, found.anaphoric)
        elif found.type == "DATE" and not found.shift and shift_period(found.value, 0, "Y"):
            last = (start, end, found)
        out.append((start, end, found))
    return out


def _applies(doc: Doc, reference: Candidate, start: int, found: Found) -> bool:
    if found.anaphoric:
        return True
    # "ago": only to carry a quarter's granularity within one sentence.
    same_sentence = doc[doc.char_span(reference[0], reference[1], alignment_mode="expand").start].sent
    return "-Q" in reference[2].value and found.shift[1] == "Y" and same_sentence.end_char > start  # type: ignore[index]
