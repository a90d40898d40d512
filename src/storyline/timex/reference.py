"""Reference time: offsets such as "a year earlier" count from the date the text last named.

TimeML resolves "earlier"/"later" against the reference time of the narrative, not the
publication date: in "third-quarter profit rose from $2 a share a year earlier" the year is
counted back from the third quarter. "Ago" counts from the publication date, but while a
quarter is the period in focus ("net rose ... from $2 a share a year ago"), a year ago is
that quarter a year back, as in the comparisons of earnings reports. A comparison such as
"year-earlier results" names the period a year before the one in focus, or that focus itself
when the text already speaks of a period before the publication year.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from storyline.timex.calendar import shift_period, within
from storyline.timex.rules import Found

Candidate = tuple[int, int, Found]


def resolve_shifts(kept: list[Candidate], anchor: date | None) -> list[Candidate]:
    """`kept` (sorted by start) with anaphoric offsets re-anchored on the last named date."""
    out: list[Candidate] = []
    last: Candidate | None = None
    for start, end, found in kept:
        if found.shift and last is not None and _applies(last[2], found):
            moved = _moved(last[2].value, found, anchor)
            if moved:
                found = replace(found, value=moved)
        elif found.type == "DATE" and not found.shift and shift_period(found.value, 0, "Y"):
            last = (start, end, found)
        elif found.type == "DURATION":
            last = None  # "for the nine months ... a year earlier": the focus is no longer a date
        out.append((start, end, found))
    return out


def _moved(reference: str, found: Found, anchor: date | None) -> str | None:
    """The value of `found` counted from `reference`."""
    if found.counterpart and anchor is not None and int(reference[:4]) < anchor.year:
        return reference  # the text already speaks of the earlier period
    amount, unit = found.shift  # type: ignore[misc]
    moved = shift_period(reference, amount, unit, keep_quarter=not found.whole_unit)
    if moved is None and found.whole_unit and amount == 0:
        return within(reference, unit)  # "that day" of "last October": some day in it
    return moved


def _applies(reference: Found, found: Found) -> bool:
    if found.anaphoric:
        return True
    # "ago": only to carry the granularity of a quarter in focus.
    return "-Q" in reference.value and found.shift is not None and found.shift[1] == "Y"
