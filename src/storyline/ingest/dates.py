"""Given publication dates (JSONL fields, feed entries, WARC headers) to 'YYYY-MM-DD'."""

from __future__ import annotations

import datetime as dt
import email.utils
import re

_ISO_DAY = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})(?:$|[T\s])")

# Absolute dates only: a relative phrase ("yesterday") would make the output depend on today.
_DATEPARSER_SETTINGS = {
    "PARSERS": ["custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}


def normalise_date(value: str) -> str | None:
    """`value` (ISO 8601, RFC 822 or a written date) as 'YYYY-MM-DD', or None when it is not a full date.

    A timestamp keeps the calendar day it was written in ("2008-02-17T23:30:00-05:00" is the
    17th): that is the day the publisher printed, whatever the time zone.
    """
    value = value.strip()
    if not value:
        return None
    return _iso_day(value) or _rfc822_day(value) or _written_day(value)


def _iso_day(value: str) -> str | None:
    match = _ISO_DAY.match(value)
    if not match:
        return None
    try:
        return dt.date.fromisoformat(match.group(1)).isoformat()
    except ValueError:
        return None


def _rfc822_day(value: str) -> str | None:
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _written_day(value: str) -> str | None:
    import dateparser  # slow to import; most inputs never get here

    parsed = dateparser.parse(value, settings=_DATEPARSER_SETTINGS)
    return parsed.date().isoformat() if parsed else None
