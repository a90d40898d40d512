"""Named holidays: the calendar date a holiday falls on in a given year.

Fixed holidays keep their month and day; floating ones are the n-th weekday of a month
(Thanksgiving: the fourth Thursday of November) or hang on Easter. The table covers the
holidays of English-language (mostly US and British) news.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from dateutil.easter import easter

__all__ = ["HOLIDAYS", "holiday_date"]


def _fixed(month: int, day: int) -> Callable[[int], date]:
    return lambda year: date(year, month, day)


def _nth_weekday(month: int, weekday: int, n: int) -> Callable[[int], date]:
    """The `n`-th ISO `weekday` of `month` (n = -1: the last one)."""

    def on(year: int) -> date:
        if n > 0:
            first = date(year, month, 1)
            return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
        last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        return last - timedelta(days=(last.isoweekday() - weekday) % 7)

    return on


def _after_easter(days: int) -> Callable[[int], date]:
    return lambda year: easter(year) + timedelta(days=days)


def _election_day(year: int) -> date:
    # US: the Tuesday after the first Monday of November.
    return _nth_weekday(11, 1, 1)(year) + timedelta(days=1)


# Lower-cased names, as matched by the rule layer (which wants them capitalised).
HOLIDAYS: dict[str, Callable[[int], date]] = {
    "new year's day": _fixed(1, 1), "new year's eve": _fixed(12, 31),
    "christmas": _fixed(12, 25), "christmas day": _fixed(12, 25), "christmas eve": _fixed(12, 24),
    "boxing day": _fixed(12, 26), "valentine's day": _fixed(2, 14),
    "st. patrick's day": _fixed(3, 17), "independence day": _fixed(7, 4),
    "fourth of july": _fixed(7, 4), "halloween": _fixed(10, 31), "veterans day": _fixed(11, 11),
    "thanksgiving": _nth_weekday(11, 4, 4), "thanksgiving day": _nth_weekday(11, 4, 4),
    "labor day": _nth_weekday(9, 1, 1), "memorial day": _nth_weekday(5, 1, -1),
    "martin luther king day": _nth_weekday(1, 1, 3), "presidents' day": _nth_weekday(2, 1, 3),
    "mother's day": _nth_weekday(5, 7, 2), "father's day": _nth_weekday(6, 7, 3),
    "election day": _election_day,
    "easter": _after_easter(0), "easter sunday": _after_easter(0),
    "easter monday": _after_easter(1), "good friday": _after_easter(-2),
}  # fmt: skip


def holiday_date(name: str, year: int) -> date:
    """The date of holiday `name` (any case) in `year`."""
    return HOLIDAYS[name.lower()](year)
