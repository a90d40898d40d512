"""When an article was written, as a date range, for articles that may carry no date at all.

In order of strength:
1. the publication date (given, or read from a date line) — one day;
2. the median of the day-precision dates the article resolves — one day;
3. a dated event it reports as recent: another article names "Kosovo's 2008 declaration",
   this one reports "Kosovo's declaration of independence" in a sentence with a relative date
   ("at the weekend", "on Sunday"), so it was written in 2008 — that year;
4. a year it looks back on: a year modifying an event ("Kosovo's 2008 declaration",
   "the 1998-1999 war") means the article is from a later year — open-ended range.
Stories compare these ranges, so undated articles still fall into the right period.

Once stories are known, an undated article's weekdays can be placed (`story_weekdays`): the
article is taken to report after its story's latest dated article, so "Sunday" said in the
past is the first Sunday from that day on, "on Thursday" said of the future the first Thursday
after it. These days are estimates and are marked so wherever they are used.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from storyline.model import ArticleAnalysis, Story

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def latest_first(when: str | None) -> tuple[int, str]:
    """Sort key putting later ISO days or times first and unknown ones last."""
    if not when:
        return (1, "")
    return (0, "".join(chr(0x10FFFF - ord(c)) for c in when))
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")
# "Kosovo's 2008 declaration", "Kosovo’s 2008 declaration": owner, year, event noun.
_OWNED_YEAR_EVENT = re.compile(r"\b([A-Z][\w-]+)['’]s ((?:1[89]|2\d)\d\d) ([a-z]+)")
# "Kosovo's declaration", "Kosovo's independence declaration": owner and up to two nouns.
_OWNED_EVENT = re.compile(r"\b([A-Z][\w-]+)['’]s ([a-z]+)(?: ([a-z]+))?")
_RETROSPECTIVE_BEFORE = re.compile(r"(?:['’]s|\bthe|\bThe) $")
_LOWERCASE_WORD_AFTER = re.compile(r" [a-z]")
# Relative expressions that place the sentence near the writing date (weekday, weekend, days).
_RECENT_VALUE = re.compile(r"W(?:\d\d|XX)-(?:\d|WE)$")
_WEEKDAY_VALUE = re.compile(r"^XXXX-WXX-[1-7]$")


@dataclass(frozen=True)
class DateRange:
    """Earliest and latest possible day (None: open); `exact` when it is a known day."""

    earliest: dt.date | None
    latest: dt.date | None
    exact: bool = False

    def gap_days(self, other: DateRange) -> int:
        """Days between the two ranges; 0 when they overlap or either is open that way.

        Two known days are compared by days. An estimate is only good to the year, so a
        range that is certainly in another year is counted a year per year apart, not by
        the one day between 31 December and 1 January.
        """
        earlier, later = sorted((self, other), key=lambda r: r.sort_key)
        if earlier.latest is None or later.earliest is None or earlier.latest >= later.earliest:
            return 0
        if earlier.exact and later.exact:
            return (later.earliest - earlier.latest).days
        return 365 * max(1, later.earliest.year - earlier.latest.year)

    @property
    def year(self) -> int | None:
        """The one year the range lies in, if it lies in one."""
        if self.earliest and self.latest and self.earliest.year == self.latest.year:
            return self.earliest.year
        return None

    @property
    def sort_key(self) -> dt.date:
        return self.earliest or self.latest or dt.date.max


UNKNOWN = DateRange(None, None)


def parse_day(value: str | None) -> dt.date | None:
    if not value or not _DAY.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def article_day(analysis: ArticleAnalysis) -> dt.date | None:
    """Publication date, else the (lower) median of the article's resolved day dates."""
    published = parse_day(analysis.article.published)
    if published:
        return published
    days = sorted(d for d in (parse_day(m.value) for m in analysis.dates if m.type == "DATE") if d)
    return days[(len(days) - 1) // 2] if days else None


# An event a text dates by year: (owner, event noun, year), "Kosovo's 2008 declaration" ->
# ("kosovo", "declaration", 2008).
YearMention = tuple[str, str, int]


def year_mentions(text: str) -> list[YearMention]:
    """The events `text` dates by year, each once, sorted."""
    return sorted({(owner.lower(), noun, int(year)) for owner, year, noun in _OWNED_YEAR_EVENT.findall(text)})


def event_years(texts: Iterable[str]) -> dict[tuple[str, str], int]:
    """Events the corpus's `texts` date by year ("Kosovo's 2008 declaration") -> that year."""
    return years_of(m for text in texts for m in year_mentions(text))


def years_of(mentions: Iterable[YearMention]) -> dict[tuple[str, str], int]:
    """Each event the `mentions` date -> its year; an event dated two ways is ambiguous and
    left out."""
    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    for owner, noun, year in mentions:
        seen[(owner, noun)].add(year)
    return {key: years.pop() for key, years in sorted(seen.items()) if len(years) == 1}


def estimate(analysis: ArticleAnalysis, years: dict[tuple[str, str], int]) -> DateRange:
    """The article's date range from the strongest evidence it has (see the module notes)."""
    day = article_day(analysis)
    if day:
        return DateRange(day, day, exact=True)
    year = _recent_event_year(analysis, years)
    if year:
        return DateRange(dt.date(year, 1, 1), dt.date(year, 12, 31))
    earliest = _looked_back_year(analysis)
    if earliest:
        return DateRange(dt.date(earliest + 1, 1, 1), None)
    return UNKNOWN


def _recent_event_year(analysis: ArticleAnalysis, years: dict[tuple[str, str], int]) -> int | None:
    """Year of a corpus-dated event this article reports next to a relative date."""
    if not years:
        return None
    text = analysis.article.text
    found: list[int] = []
    for sentence in _sentences_with_recent_dates(analysis):
        for owner, first, second in _OWNED_EVENT.findall(text[sentence[0] : sentence[1]]):
            for noun in (first, second):
                year = years.get((owner.lower(), noun))
                if year and not _YEAR.search(text[sentence[0] : sentence[1]]):
                    found.append(year)
    return min(found) if found and len(set(found)) == 1 else None


def _sentences_with_recent_dates(analysis: ArticleAnalysis) -> list[tuple[int, int]]:
    recent = [m for m in analysis.dates if _RECENT_VALUE.search(m.value)]
    return [
        (s.start, s.end)
        for s in analysis.sentences
        if any(s.start <= m.start < s.end for m in recent)
    ]


def _looked_back_year(analysis: ArticleAnalysis) -> int | None:
    text = analysis.article.text
    years: list[int] = []
    for mention in analysis.dates:
        before = text[max(0, mention.start - 4) : mention.start]
        after = text[mention.end : mention.end + 2]
        if _RETROSPECTIVE_BEFORE.search(before) and _LOWERCASE_WORD_AFTER.match(after):
            years.extend(int(y) for y in _YEAR.findall(mention.text))
    return max(years) if years else None


def estimate_all(analyses: Sequence[ArticleAnalysis],
                 years: dict[tuple[str, str], int] | None = None) -> dict[str, DateRange]:
    """Date ranges for every article, with event years learned from the whole set (or the
    corpus's `years`, `event_years`)."""
    years = event_years(a.article.text for a in analyses) if years is None else years
    return {a.article.id: estimate(a, years) for a in analyses}


def with_estimated_year(value: str | None, period: DateRange) -> str | None:
    """A date completed by its article's estimated year: 'XXXX-WXX-7' in an article from 2008
    is '2008-WXX-7', no date at all is '2008'. None when there is nothing to complete."""
    year = period.year
    if year is None or period.exact:
        return None
    if value is None:
        return str(year)
    if value.startswith("XXXX"):
        return f"{year}{value[4:]}"
    return None


def story_weekdays(
    analyses: Sequence[ArticleAnalysis], stories: Sequence[Story], periods: dict[str, DateRange]
) -> dict[tuple[str, int], str]:
    """(article, start) of each weekday in an undated article -> its estimated day, given the
    articles' date ranges (`estimate_all`)."""
    by_id = {a.article.id: a for a in analyses}
    placed: dict[tuple[str, int], str] = {}
    for story in stories:
        known = [periods[a].earliest for a in story.articles if a in periods and periods[a].exact]
        if not known:
            continue
        latest = max(d for d in known if d)
        for article in story.articles:
            period = periods.get(article)
            if article not in by_id or period is None or period.exact or not _holds(period, latest):
                continue
            for mention in by_id[article].dates:
                day = _weekday_after(mention.value, mention.direction, latest)
                if day is not None:
                    placed[(article, mention.start)] = day.isoformat()
    return placed


def _holds(period: DateRange, day: dt.date) -> bool:
    return (period.earliest is None or period.earliest <= day) and (
        period.latest is None or day <= period.latest)


def _weekday_after(value: str, direction: str | None, latest: dt.date) -> dt.date | None:
    """The weekday of `value` ('XXXX-WXX-7') from `latest` on: from that very day for something
    past, after it for something to come."""
    if direction is None or not _WEEKDAY_VALUE.match(value):
        return None
    weekday = int(value[-1])
    ahead = (weekday - latest.isoweekday()) % 7
    if direction == "future" and ahead == 0:
        ahead = 7
    return latest + dt.timedelta(days=ahead)
