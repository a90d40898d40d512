"""Metadata a flattened page states in its own lines: date lines, "Source:" lines, outlet headers.

Dates are read with fixed patterns (never relative to today's clock), so the same text always
gives the same date.
"""

from __future__ import annotations

import re
from datetime import date

_I = re.IGNORECASE
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DATES = (
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", _I),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", _I),
    # Numeric day/month order is ambiguous; accept it only when one part cannot be a month.
    re.compile(r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year>(?:19|20)\d{2})\b"),
)
_KEYWORD = re.compile(
    r"^\W*(?P<kind>last updated|updated|first published|published|posted|modified|date|"
    r"originally published)(?:\s+(?:on|at))?\s*:?\s*",
    _I,
)
# What may stand around a date on a date line: weekdays, times, time zones, separators.
_FILLER = re.compile(
    r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\b\.?|"
    r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.?m\.?|"
    r"\b(?:gmt|utc|bst|cet|cest|est|edt|cst|cdt|pst|pdt|mst|mdt|et|pt|ist|jst|aest|aedt)\b"
    r"(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?|\b(?:at|on|and|,)\b|[\s,|•·/()\[\]–—-]+",
    _I,
)
_SOURCE = re.compile(r"^[/|•·\-–—]?\s*(?:source|via)\s*:\s*(?P<name>[A-Z][\w&.'’ -]{1,60}?)\s*$", _I)
_OUTLET = re.compile(
    r"(?:The\s+)?(?:[A-Z][\w&.'’-]*\s+){0,3}(?:News|Times|Post|Herald|Journal|Tribune|Guardian|"
    r"Telegraph|Gazette|Chronicle|Mail|Express|Independent|Observer|Standard|Press|Daily|Today|"
    r"Wire|Monitor|Globe|Sun|Mirror|Reporter|Review|Insider|Register|Bulletin|Courier|Inquirer)"
)


def _to_date(match: re.Match[str]) -> date | None:
    parts = match.groupdict()
    try:
        year = int(parts["year"])
        if "a" in parts:
            first, second = int(parts["a"]), int(parts["b"])
            if first > 12 >= second:
                day, month = first, second
            elif second > 12 >= first:
                month, day = first, second
            else:
                return None
        else:
            month_text = parts["month"].lower().rstrip(".")
            month = _MONTHS.get(month_text) or int(month_text)
            day = int(parts["day"])
        return date(year, month, day)
    except (ValueError, TypeError):
        return None


def find_date(text: str) -> tuple[date, re.Match[str]] | None:
    """The first calendar date written out in `text`, with its match."""
    for pattern in _DATES:
        for match in pattern.finditer(text):
            found = _to_date(match)
            if found is not None:
                return found, match
    return None


def date_line(text: str) -> tuple[str, bool] | None:
    """("YYYY-MM-DD", is_update) when `text` is a date line, else None.

    A date line is a date with only a keyword ("Published", "Last Updated: ..."), weekday, time
    and time zone around it; a sentence that mentions a date is not one.
    """
    if len(text) > 120:
        return None
    keyword = _KEYWORD.match(text)
    rest = text[keyword.end() :] if keyword else text
    found = find_date(rest)
    if found is None:
        return None
    day, match = found
    residue = _FILLER.sub("", rest[: match.start()] + " " + rest[match.end() :])
    if residue:
        return None
    is_update = bool(keyword) and "updated" in keyword.group("kind").lower()
    return day.isoformat(), is_update


def source_line(text: str) -> str | None:
    """The agency a "Source: X" / "/ Source: X" line names, else None."""
    match = _SOURCE.match(text)
    return match.group("name").strip() if match else None


def outlet_header(text: str) -> str | None:
    """The outlet an "X News" / "The X Times" header line names, else None."""
    if len(text) > 50 or not _OUTLET.fullmatch(text):
        return None
    return text
