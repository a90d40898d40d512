"""Calendar arithmetic behind TIMEX3 values: resolving relative dates against an anchor.

Every function takes the anchor (the publication date, or None when unknown) and a direction:
-1 when the sentence talks about the past, +1 about the future, 0 when the tense does not say.
With no anchor the values keep their unknown parts as "X" ("XXXX-02-17", "XXXX-WXX-4").
"""

from __future__ import annotations

import re
from datetime import date, timedelta

Direction = int  # -1 past, 0 unknown, +1 future


def day_value(day: date) -> str:
    """"YYYY-MM-DD"."""
    return day.isoformat()


def week_value(day: date) -> str:
    """The ISO week holding `day`: "YYYY-Www"."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    """(year, month) moved by `n` months."""
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def weekday_date(anchor: date, weekday: int, direction: Direction, strict: bool = False) -> date:
    """The date of ISO `weekday` (1=Monday) nearest `anchor` in `direction`.

    Past: the latest such day on or before the anchor (news dated Thursday says "on Thursday"
    of the same day); future: the first on or after it. `strict` excludes the anchor's own day
    ("last Thursday", "next Thursday"). Unknown direction: the past one, since news mostly
    reports what has happened, unless the day is tomorrow ("Thursday" in Wednesday's paper).
    """
    back = (anchor.isoweekday() - weekday) % 7
    forward = (weekday - anchor.isoweekday()) % 7
    if strict:
        back, forward = back or 7, forward or 7
    if direction < 0 or (direction == 0 and forward != 1):
        return anchor - timedelta(days=back)
    return anchor + timedelta(days=forward)


def weekend_value(anchor: date, direction: Direction) -> str:
    """The weekend meant by "the weekend": "YYYY-Www-WE".

    Past: the last weekend up to the anchor; future: the next one from it; unknown: the
    past one, unless the anchor is a Friday (news mostly reports what happened).
    """
    dow = anchor.isoweekday()
    if dow >= 6:
        saturday = anchor - timedelta(days=dow - 6)
    elif direction < 0 or (direction == 0 and dow <= 4):
        saturday = anchor - timedelta(days=dow + 1)
    else:
        saturday = anchor + timedelta(days=6 - dow)
    return week_value(saturday) + "-WE"


# A date named without its year ("in June", "on March 12") is usually the nearest such date;
# the tense only tilts the choice: against the tense a date counts as this much farther away.
# Three keeps a past "in January" written in October in this year (nine months back against
# three ahead) while a parse that misreads the tense cannot push a date a year off.
AGAINST_TENSE_WEIGHT = 3


def tilted_distance(distance: int, direction: Direction) -> tuple[int, int]:
    """Sort key for a candidate `distance` (negative = before the anchor) in `direction`."""
    against = (direction < 0 < distance) or (direction > 0 > distance)
    weighted = abs(distance) * (AGAINST_TENSE_WEIGHT if against else 1)
    # Ties go with the tense, or to the past when the tense is unknown.
    return weighted, int(against or (direction == 0 and distance > 0))


def month_year(anchor: date, month: int, direction: Direction) -> int:
    """The year of a month named without one: the nearest such month, tilted by tense."""
    years = (anchor.year - 1, anchor.year, anchor.year + 1)
    return min(years, key=lambda y: tilted_distance((y - anchor.year) * 12 + month - anchor.month, direction))


def month_day_date(anchor: date, month: int, day: int, direction: Direction, strict: bool = False) -> date | None:
    """The date of "February 17" (no year) nearest `anchor`, tilted by tense; None if impossible.

    `strict` keeps only dates on the tense's side of the anchor ("last Oct. 23", "next May 1").
    """
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if strict:
        candidates = [c for c in candidates if (c - anchor).days * direction > 0]
    return nearest_date(anchor, candidates, direction)


def nearest_date(anchor: date, candidates: list[date], direction: Direction) -> date | None:
    """The candidate nearest `anchor`, tilted by tense; None if there are none."""
    return min(candidates, key=lambda c: tilted_distance((c - anchor).days, direction), default=None)


def quarter_of(month: int) -> int:
    return (month - 1) // 3 + 1


def shift(anchor: date, amount: int, unit: str) -> str:
    """The period `amount` units away from `anchor`, at that unit's granularity.

    Units are TIMEX3 designators: D, W, M, Q, Y, DE, CE. "Two weeks ago" is a week, "a year
    ago" a year.
    """
    if unit == "D":
        return day_value(anchor + timedelta(days=amount))
    if unit == "W":
        return week_value(anchor + timedelta(weeks=amount))
    if unit == "M":
        return month_value(*add_months(anchor.year, anchor.month, amount))
    if unit == "Q":
        year, month = add_months(anchor.year, anchor.month, 3 * amount)
        return f"{year}-Q{quarter_of(month)}"
    if unit == "DE":
        return str((anchor.year + 10 * amount) // 10)
    if unit == "CE":
        return str((anchor.year + 100 * amount) // 100)
    return str(anchor.year + amount)


def unknown_shift(unit: str) -> str:
    """The value of a relative period whose anchor is unknown."""
    return {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "M": "XXXX-XX", "Q": "XXXX-QX",
            "DE": "XXX", "CE": "XX"}.get(unit, "XXXX")  # fmt: skip


_PERIOD = re.compile(r"^(\d{4})(?:-(?:Q([1-4])|H([12])|W(\d\d)|(\d\d)(?:-(\d\d))?))?$")


# Coarseness of a unit, and of a value by the finest part it names.
_UNIT_RANK = {"D": 0, "W": 1, "M": 2, "Q": 3, "Y": 4, "DE": 5, "CE": 6}


def shift_period(value: str, amount: int, unit: str, keep_quarter: bool = True) -> str | None:
    """`value` (a concrete DATE value) moved by `amount` units; None if it is not concrete.

    The result keeps the unit's granularity, except that a year's shift of a quarter or half
    stays a quarter or half ("the third quarter ... a year earlier" is last year's third)
    unless `keep_quarter` is off. None too when the unit is finer than the value: two days
    after "1998" is no particular day.
    """
    m = _PERIOD.match(value)
    if not m:
        return None
    year, quarter, half, week, month, day = m.groups()
    rank = 0 if day else 1 if week else 2 if month else 3 if quarter or half else 4
    if _UNIT_RANK[unit] < rank:
        return None
    if unit == "Y" and (quarter or half) and keep_quarter:
        return f"{int(year) + amount}-{'Q' + quarter if quarter else 'H' + half}"
    if week:
        start = date.fromisocalendar(int(year), int(week), 1)
    elif quarter:
        start = date(int(year), 3 * int(quarter) - 2, 1)
    else:
        start = date(int(year), int(month or 1), int(day or 1))
    return shift(start, amount, unit)


def within(value: str, unit: str) -> str | None:
    """An unspecified `unit` inside the concrete period `value`: "1998-10" + day → "1998-10-XX"."""
    m = _PERIOD.match(value)
    if not m or any(m.groups()[1:4]):  # quarters, halves and weeks have no such notation
        return None
    year, month, day = m.group(1), m.group(5), m.group(6)
    if day:
        return None
    if month:
        return f"{year}-{month}-XX" if unit == "D" else None
    return {"D": f"{year}-XX-XX", "W": f"{year}-WXX", "M": f"{year}-XX"}.get(unit)
