"""The rule layer: compiled patterns for temporal expressions and how each one is normalised.

Each `Rule` pairs a regex (matched on the article text, TimeML extent: no leading "on"/"in")
with a builder that turns the match into a TIMEX3 type and value, or rejects it. Builders read
the anchor date and, lazily, the tense of the governing verb through a `Context`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from spacy.tokens import Doc, Span

from storyline.timex import calendar as cal
from storyline.timex import holidays
from storyline.timex import lexicon as lx
from storyline.timex.tense import FUTURE, PAST, UNKNOWN, direction
from storyline.nlp import doc_text


@dataclass(frozen=True)
class Found:
    """A normalised expression.

    `clock` ("17:00") marks a time of day that may join a date; `shift` (amount, unit) marks
    an offset ("a year earlier") that `reference` may re-anchor on an earlier date in the text,
    `anaphoric` when the words themselves point there ("earlier", "later") rather than to today.
    `counterpart` marks a comparison ("year-earlier results") that names the year-back period
    itself once the text has moved there; `whole_unit` an expression that names a calendar
    unit ("that year", "the following month"), whose value has that unit's granularity.
    """

    type: str
    value: str
    clock: str | None = None
    shift: tuple[int, str] | None = None
    anaphoric: bool = False
    counterpart: bool = False
    whole_unit: bool = False


# A preposition that makes the date after it a deadline or a starting date.
_DEADLINE = re.compile(r"\b(?:by|until|till|effective)\s+$", re.IGNORECASE)


class Context:
    """What a builder may ask about one match: the anchor, the text around it, its tense."""

    # spaCy labels under which a month, weekday or year is part of a name or a number.
    NAME_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "FAC", "PRODUCT", "LAW"})
    NUMBER_LABELS = frozenset({"CARDINAL", "MONEY", "QUANTITY", "PERCENT", "PRODUCT", "FAC"})

    def __init__(self, doc: Doc, anchor: date | None, start: int, end: int) -> None:
        self.doc, self.anchor, self.start, self.end = doc, anchor, start, end

    @cached_property
    def span(self) -> Span | None:
        return self.doc.char_span(self.start, self.end, alignment_mode="expand")

    @cached_property
    def direction(self) -> int:
        """PAST, FUTURE or UNKNOWN from the governing verb (UNKNOWN without a parse).

        A deadline ("by Jan. 14", "until March 6", "effective Feb. 1") lies after the event
        that sets it, so a past verb ("ruled he must be returned by Jan. 14") leaves its side
        of the publication date open, and without a tense it lies ahead.
        """
        if self.span is None or not self.doc.has_annotation("DEP"):
            told = UNKNOWN
        else:
            told = direction(self.span)
        if _DEADLINE.search(self.before()):
            return UNKNOWN if told == PAST else FUTURE
        return told

    @cached_property
    def labels(self) -> frozenset[str]:
        """spaCy entity labels on the span's tokens."""
        return frozenset(t.ent_type_ for t in self.span or () if t.ent_type_)

    def before(self, width: int = 24) -> str:
        return doc_text(self.doc)[max(0, self.start - width) : self.start]

    def after(self, width: int = 24) -> str:
        return doc_text(self.doc)[self.end : self.end + width]

    def in_name(self) -> bool:
        return bool(self.labels & self.NAME_LABELS)


Builder = Callable[[re.Match[str], Context], Found | None]


@dataclass(frozen=True)
class Rule:
    """A pattern and its builder. `scan`, where there is one, finds the pattern's matches in
    the text lower-cased, case-sensitively (a third faster); see `caseless_scan`."""

    name: str
    pattern: re.Pattern[str]
    build: Builder
    scan: re.Pattern[str] | None = None


def _compile(pattern: str) -> re.Pattern[str]:
    # Word-bounded on both sides; case-insensitive except where a fragment says otherwise.
    return re.compile(rf"(?<![\w/$£€#]){pattern}(?![\w])", re.IGNORECASE)


def _rule(name: str, pattern: str, build: Builder) -> Rule:
    compiled = _compile(pattern)
    return Rule(name, compiled, build, caseless_scan(compiled))


# A backslash and what it escapes; a named group's or reference's "P".
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_GROUP_NAME = re.compile(r"\(\?P[<=]")


def caseless_scan(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """The case-insensitive `pattern` as a case-sensitive one, or None where that would differ.

    In a text whose only cased letters are ASCII's, it matches exactly where `pattern` does
    once the text is lower-cased, when its only cased letters are lower-case ASCII: no capital,
    no case-sensitive fragment ("(?-i:May)"), no character given by its code ("\\x41"), no
    back reference by number, no "ſ" (which matches "s" regardless of case)."""
    source = pattern.pattern
    if any(char.isalnum() and char not in "sSwWdDbBAZ" for char in _ESCAPE.findall(source)):
        return None
    bare = _GROUP_NAME.sub("(", _ESCAPE.sub("", source))
    if "(?-" in bare or any(_cased(char) and not (char.isascii() and char.islower()) for char in bare):
        return None
    return re.compile(source, pattern.flags & ~re.IGNORECASE)


def _cased(char: str) -> bool:
    return char.lower() != char.upper()


def only_ascii_cased(text: str) -> bool:
    """Whether the text's only cased letters (those with another case) are ASCII's: then
    `Rule.scan` may search it lower-cased."""
    return not any(_cased(char) for char in set(text) if not char.isascii())


def _g(m: re.Match[str], name: str) -> str:
    return (m.groupdict().get(name) or "").lower().strip()


def _year_of(m: re.Match[str], name: str = "year") -> str:
    """The year group as four digits, spoken years included; "" when the group is empty."""
    return str(lx.year_number(_g(m, name))) if _g(m, name) else ""


def _month(m: re.Match[str], name: str = "mon") -> int:
    return lx.MONTHS[_g(m, name).rstrip(".")]


def _weekday(m: re.Match[str]) -> int:
    return lx.WEEKDAYS[_g(m, "wd").rstrip(".")]


# --- calendar dates ------------------------------------------------------------------------


def _month_day(m: re.Match[str], ctx: Context) -> Found | None:
    month, day = _month(m), lx.day_number(_g(m, "day") or _g(m, "dayw"))
    if _g(m, "year"):
        try:
            return Found("DATE", cal.day_value(date(int(_g(m, "year")), month, day)))
        except ValueError:
            return None
    if ctx.anchor is None:
        return Found("DATE", f"XXXX-{month:02d}-{day:02d}") if day <= 31 else None
    rel = _g(m, "rel")
    if rel in ("last", "past"):  # "last Oct. 23": the latest one before the anchor
        found = cal.month_day_date(ctx.anchor, month, day, PAST, strict=True)
    elif rel in ("next", "coming"):
        found = cal.month_day_date(ctx.anchor, month, day, FUTURE, strict=True)
    else:
        found = cal.month_day_date(ctx.anchor, month, day, ctx.direction)
    return Found("DATE", cal.day_value(found)) if found else None


def _week_of(m: re.Match[str], ctx: Context) -> Found | None:
    """ "the week of March 6": the ISO week holding that day."""
    day = _month_day(m, ctx)
    if day is None:
        return None
    if day.value.startswith("X"):  # no anchor, no year: the week is unknown too
        return Found("DATE", "XXXX-WXX")
    return Found("DATE", cal.week_value(date.fromisoformat(day.value)))


def _month_year(m: re.Match[str], ctx: Context) -> Found | None:
    return Found("DATE", cal.month_value(int(_year_of(m)), _month(m)))


def _month_alone(m: re.Match[str], ctx: Context) -> Found | None:
    if ctx.in_name() or (ctx.span is not None and _part_of_name(ctx.span)):
        return None
    month, rel = _month(m), _g(m, "rel")
    if ctx.anchor is None:
        return Found("DATE", f"XXXX-{month:02d}")
    year = ctx.anchor.year
    if rel in ("last", "past"):
        year = year if month < ctx.anchor.month else year - 1
    elif rel in ("next", "coming"):
        year = year if month > ctx.anchor.month else year + 1
    elif rel != "this":
        year = cal.month_year(ctx.anchor, month, ctx.direction)
    if _g(m, "yrel"):  # "July last year"
        year = ctx.anchor.year + {"last": -1, "next": 1, "this": 0}[_g(m, "yrel")]
    return Found("DATE", cal.month_value(year, month))


def _iso(m: re.Match[str], ctx: Context) -> Found | None:
    try:
        day = date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    if m["hh"]:
        return Found("TIME", f"{day.isoformat()}T{m['hh']}:{m['mi']}")
    return Found("DATE", day.isoformat())


def _numeric(m: re.Match[str], ctx: Context) -> Found | None:
    first, second, year = int(m["a"]), int(m["b"]), int(m["y"])
    if year < 100:
        year += 1900 if year > 30 else 2000
    month, day = (first, second) if first <= 12 else (second, first)  # US order unless impossible
    try:
        return Found("DATE", date(year, month, day).isoformat())
    except ValueError:
        return None


def _year(m: re.Match[str], ctx: Context) -> Found | None:
    if ctx.labels & ctx.NUMBER_LABELS or re.match(r"\s*(%|percent|per cent)", ctx.after()):
        return None
    if ctx.span is not None and _counts_things(ctx.span, "DATE" in ctx.labels):
        return None
    return Found("DATE", _g(m, "year"))


def _counts_things(span: Span, labelled_date: bool) -> bool:
    """True for a number counting a noun ("2000 troops"), which is no year.

    "1990 earnings" and "the 1992 protests" are years: spaCy's DATE label or a determiner
    says so, unless the number is round, as counts usually are.
    """
    root = span.root
    if root.dep_ != "nummod" or root.head.tag_ != "NNS":
        return False
    determined = any(c.dep_ in ("det", "poss") for c in root.head.children)
    return not determined and (not labelled_date or root.text.endswith("00"))


def _part_of_name(span: Span) -> bool:
    """A capitalised word glued to a proper noun: "Theresa May", "April Glaspie"."""
    root = span.root
    glued = [c for c in root.children if c.dep_ == "compound"]
    if root.dep_ == "compound" and root.head.pos_ == "PROPN":
        glued.append(root.head)
    return any(t.pos_ == "PROPN" and t.is_title for t in glued)


def _spoken_year(m: re.Match[str], ctx: Context) -> Found | None:
    return Found("DATE", _year_of(m))


def _decade(m: re.Match[str], ctx: Context) -> Found | None:
    if m["cent"]:
        return Found("DATE", m["cent"] + m["d"])
    digit = m["d2"]
    now = ctx.anchor.year if ctx.anchor else 1999
    century = now // 100 if int(digit) * 10 <= now % 100 else now // 100 - 1
    return Found("DATE", f"{century}{digit}")


def _century(m: re.Match[str], ctx: Context) -> Found | None:
    number = int(m["n"]) if m["n"] else lx.ORDINALS.get(_g(m, "w"))
    return Found("DATE", f"{number - 1:02d}") if number else None


# --- expressions relative to the publication date ------------------------------------------


def _deictic(m: re.Match[str], ctx: Context) -> Found | None:
    word, part = _g(m, "word"), _g(m, "part")
    offset = {"yesterday": -1, "tomorrow": 1, "last": -1}.get(word, 0)
    if word == "tonight":
        part = "night"
    if word in ("this", "last") and not part:
        return None
    day = "XXXX-XX-XX" if ctx.anchor is None else cal.day_value(ctx.anchor + timedelta(days=offset))
    if part:
        return Found("TIME", f"{day}T{lx.PARTS_OF_DAY[part]}")
    return Found("DATE", day)


def _mid_part_of_day(m: re.Match[str], ctx: Context) -> Found | None:
    """ "mid-afternoon", "by mid morning", "mid-afternoon yesterday": a part of the day named,
    today unless a deictic word says which."""
    offset = {"yesterday": -1, "tomorrow": 1}.get(_g(m, "word"), 0)
    day = "XXXX-XX-XX" if ctx.anchor is None else cal.day_value(ctx.anchor + timedelta(days=offset))
    return Found("TIME", f"{day}T{lx.PARTS_OF_DAY[_g(m, 'part')]}")


def _weekday_date(m: re.Match[str], ctx: Context) -> Found | None:
    if ctx.in_name():
        return None
    weekday, rel, part = _weekday(m), _g(m, "rel"), _g(m, "part")
    if ctx.anchor is None:
        day = f"XXXX-WXX-{weekday}"
    else:
        if rel in ("last", "past"):
            found = cal.weekday_date(ctx.anchor, weekday, PAST, strict=True)
        elif rel in ("next", "coming"):
            found = cal.weekday_date(ctx.anchor, weekday, FUTURE, strict=True)
        else:
            way = ctx.direction if ctx.direction or rel != "this" else FUTURE
            found = cal.weekday_date(ctx.anchor, weekday, way)
        day = cal.day_value(found)
    if part:
        return Found("TIME", f"{day}T{lx.PARTS_OF_DAY[part]}")
    return Found("DATE", day)


def _weekend(m: re.Match[str], ctx: Context) -> Found | None:
    if ctx.anchor is None:
        return Found("DATE", "XXXX-WXX-WE")
    rel = _g(m, "rel")
    if rel in ("last", "past"):
        way = PAST
    elif rel in ("next", "coming", "this"):
        way = FUTURE
    else:
        way = ctx.direction
    return Found("DATE", cal.weekend_value(ctx.anchor, way))


def _holiday(m: re.Match[str], ctx: Context) -> Found | None:
    """ "Thanksgiving Day", "last Christmas", "Easter week": the holiday's date in its year."""
    if ctx.in_name():
        return None
    name = _g(m, "name")
    if _g(m, "year"):
        day = holidays.holiday_date(name, int(_g(m, "year")))
    elif ctx.anchor is None:
        return None
    else:
        day = _nearest_holiday(name, _g(m, "rel"), ctx.anchor, ctx.direction)
    return Found("DATE", cal.week_value(day) if _g(m, "week") else cal.day_value(day))


def _nearest_holiday(name: str, rel: str, anchor: date, direction: int) -> date:
    """The holiday's date meant without a year: by "last"/"next", else nearest, tilted by tense."""
    days = [holidays.holiday_date(name, anchor.year + k) for k in (-1, 0, 1)]
    if rel in ("last", "past"):
        return max(d for d in days if d < anchor)
    if rel in ("next", "coming"):
        return min(d for d in days if d > anchor)
    if rel == "this":
        return days[1]
    return min(days, key=lambda d: cal.tilted_distance((d - anchor).days, direction))


_UNIT_CODES = {"week": "W", "month": "M", "year": "Y", "quarter": "Q", "decade": "DE", "century": "CE"}
_REL_OFFSETS = {"this": 0, "current": 0, "same": 0, "last": -1, "past": -1, "previous": -1,
                "next": 1, "coming": 1, "following": 1}  # fmt: skip


def _relative_period(m: re.Match[str], ctx: Context) -> Found | None:
    # "the past year" is the previous calendar year, as TimeBank marks it, not a span of P1Y.
    rel, unit = _g(m, "rel"), _UNIT_CODES[_g(m, "unit")]
    if rel == "same" or _titled_unit(m, ctx):
        return None  # "the same month" refers to another date in the text, not to today
    if ctx.anchor is None:
        return Found("DATE", cal.unknown_shift(unit))
    return Found("DATE", cal.shift(ctx.anchor, _REL_OFFSETS[rel], unit))


def _the_year(m: re.Match[str], ctx: Context) -> Found | None:
    """ "the year", "the full year": the current year, or a twelve-month span when its end is
    given ("the year ended Sept. 30", a fiscal year)."""
    if re.match(r"\s+(?:ended|ending|through|to)\b", ctx.after()):
        return Found("DURATION", "P1Y")
    return Found("DATE", str(ctx.anchor.year) if ctx.anchor else "XXXX")


def _anaphoric_period(m: re.Match[str], ctx: Context) -> Found | None:
    """ "the following year", "that month", "later that day": counted from the date in focus.

    TimeML anchors these on the narrative's reference time; `reference` moves them onto the
    date the text last named, and the publication date stands in when there is none.
    """
    amount = {"following": 1, "previous": -1, "prior": -1}.get(_g(m, "rel"), 0)
    code = _UNIT_CODES[_g(m, "unit")] if _g(m, "unit") != "day" else "D"
    value = cal.unknown_shift(code) if ctx.anchor is None else cal.shift(ctx.anchor, amount, code)
    return Found("DATE", value, shift=(amount, code), anaphoric=True, whole_unit=True)


_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _season(m: re.Match[str], ctx: Context) -> Found | None:
    code, rel = lx.SEASONS[_g(m, "season")], _g(m, "rel")
    if _g(m, "year"):
        return Found("DATE", f"{_year_of(m)}-{code}")
    if not rel or (rel == "the" and not _season_frame(m, ctx)):
        return None  # a bare "fall" or "spring" is rarely a season
    if ctx.anchor is None:
        return Found("DATE", f"XXXX-{code}")
    year, start = ctx.anchor.year, _SEASON_START[code]
    if rel in ("last", "past"):
        year = year if start + 3 <= ctx.anchor.month else year - 1
    elif rel in ("next", "coming"):
        year = year if start > ctx.anchor.month else year + 1
    return Found("DATE", f"{year}-{code}")


def _season_frame(m: re.Match[str], ctx: Context) -> bool:
    """ "the summer" is a season after a temporal preposition ("into the summer"), but "the fall
    of the Berlin Wall" is an event."""
    if _g(m, "season") == "fall" and re.match(r"\s+of\b", ctx.after()):
        return False
    return bool(re.search(r"\b(in|during|over|by|until|since|through|throughout|into|of)\s+$", ctx.before(), re.I))


def _quarter(m: re.Match[str], ctx: Context) -> Found | None:
    half = _g(m, "what") == "half"
    which = (2 if half else 4) if _g(m, "ord") == "last" else lx.ORDINALS[_g(m, "ord")]
    if which > (2 if half else 4):
        return None
    label = f"H{which}" if half else f"Q{which}"
    if _g(m, "year") or _g(m, "year2"):  # "the third quarter of 1988", "the 1988 third quarter"
        return Found("DATE", f"{_g(m, 'year') or _g(m, 'year2')}-{label}")
    if ctx.anchor is None:
        return Found("DATE", f"XXXX-{label}")
    year = ctx.anchor.year
    current = (ctx.anchor.month - 1) // 6 + 1 if half else cal.quarter_of(ctx.anchor.month)
    if "last year" in _g(m, "the") or _g(m, "adj") in ("year-earlier", "year-ago"):
        year -= 1
    elif "next year" in _g(m, "the"):
        year += 1
    elif which > current and ctx.direction == PAST:
        year -= 1
    return Found("DATE", f"{year}-{label}")


# Comparisons that put a reporting period a year back: "the year-ago quarter".
_YEAR_BACK = frozenset({"year-earlier", "year-ago", "prior-year", "last year's"})


def _named_quarter(m: re.Match[str], ctx: Context) -> Found | None:
    """A reporting period named without its number: "the quarter", "the latest period".

    Financial news reports a quarter once it has closed, so the period meant is the one
    before the publication date's quarter ("the year-ago period": that one a year back;
    "the 1988 quarter": its number in 1988).
    """
    adj, noun, ago = _g(m, "adj"), _g(m, "noun"), bool(_g(m, "ago"))
    year_back = ago or bool({adj, _g(m, "adj2"), _g(m, "det")} & _YEAR_BACK)
    if adj in ("comparable", "corresponding", "same") and not year_back:
        return None  # comparable to some period the text named before
    if noun == "period" and not (adj or year_back or _g(m, "year")):
        return None  # "the period" alone is seldom a reporting period
    if ctx.anchor is None:
        return Found("DATE", f"{_g(m, 'year') or 'XXXX'}-QX")
    back = -5 if year_back else 0 if adj == "current" else -1
    value = cal.shift(ctx.anchor, back, "Q")
    return Found("DATE", _g(m, "year") + value[4:] if _g(m, "year") else value)


def _year_ago_adjective(m: re.Match[str], ctx: Context) -> Found | None:
    """ "year-earlier results": the period the text compares, a year back (from today if none)."""
    value = str(ctx.anchor.year - 1) if ctx.anchor else "XXXX"
    return Found("DATE", value, shift=(-1, "Y"), anaphoric=True, counterpart=True)


def _ago(m: re.Match[str], ctx: Context) -> Found | None:
    sign = 1 if _g(m, "dir") in ("later", "from now", "hence") else -1
    code, in_time = _unit_code(_g(m, "unit"))
    if _g(m, "dir") in ("earlier", "later") and (in_time or code == "D"):
        # "three days later": TimeML marks the span "three days", "later" being a signal; a
        # day or less apart rarely names a date of its own. The duration rule takes it.
        return None
    count = lx.count_value(_g(m, "count")) if _g(m, "count") else None
    if count is None:
        return Found("DATE", "FUTURE_REF" if sign > 0 else "PAST_REF")
    if in_time:
        code, count = "D", 0
    count *= lx.UNIT_FACTOR.get(_singular(_g(m, "unit")), 1)
    amount, anaphoric = sign * round(count), _g(m, "dir") in ("earlier", "later")
    value = cal.unknown_shift(code) if ctx.anchor is None else cal.shift(ctx.anchor, amount, code)
    return Found("DATE", value, shift=(amount, code), anaphoric=anaphoric)


# --- durations and sets --------------------------------------------------------------------

_MONEY_OR_TIMES = re.compile(
    r"(\d|million|billion|trillion|percent|%|cents?|dollars?|times|once|twice|thrice)\W*$", re.I
)


def _singular(unit: str) -> str:
    unit = unit.lower()
    if unit in ("centuries", "century"):
        return "century"
    if unit in ("millennia", "millennium"):
        return "millennium"
    return unit[:-1] if unit.endswith("s") else unit


def _unit_code(unit: str) -> tuple[str, bool]:
    return lx.UNITS[_singular(unit)]


def _duration_value(count: float | None, code: str, in_time: bool = False) -> str:
    """TIMEX3 duration: "P3D", "PT5H", "P10Y" for a decade, "PXY" for a vague count."""
    prefix = "PT" if in_time else "P"
    if count is None:
        return f"{prefix}X{code}"
    if code in ("DE", "CE", "ML"):
        count, code = count * {"DE": 10, "CE": 100, "ML": 1000}[code], "Y"
    if count != int(count):
        smaller = {("Y", False): ("M", 12), ("D", False): ("H", 24), ("H", True): ("M", 60),
                   ("M", True): ("S", 60), ("W", False): ("D", 7)}.get((code, in_time))  # fmt: skip
        if smaller:
            whole, rest = int(count), round((count - int(count)) * smaller[1])
            joiner = "T" if code == "D" else ""
            head = f"{whole}{code}" if whole else ""
            return f"{prefix}{head}{joiner}{rest}{smaller[0]}"
    return f"{prefix}{count:g}{code}"


def _titled_unit(m: re.Match[str], ctx: Context) -> bool:
    """A unit capitalised inside a sentence names a programme or a work: "60 Minutes",
    ABC's "This Week"."""
    if not m["unit"].istitle():
        return False
    return ctx.span is None or not ctx.span[0].is_sent_start


def _not_a_span(m: re.Match[str], ctx: Context) -> bool:
    """ "a second" before a noun is an ordinal ("a second group"); "a quarter of the market"
    and "three-quarters of its food" are fractions."""
    unit = _singular(_g(m, "unit"))
    if unit == "second" and _g(m, "count") in ("a", "an"):
        return ctx.span is not None and any(t.lower_ == "second" and t.dep_ == "amod" for t in ctx.span)
    if unit != "quarter" or not re.match(r"\s+of\s+(?:the|its|their|his|her|our|all|a|an)\b", ctx.after()):
        return False
    return _g(m, "count") in ("a", "an") or "-" in m.group()


def _duration(m: re.Match[str], ctx: Context) -> Found | None:
    if _titled_unit(m, ctx) or _not_a_span(m, ctx):
        return None
    unit, raw_count = _g(m, "unit"), _g(m, "count")
    code, in_time = _unit_code(unit)
    count = lx.count_value(raw_count)
    if raw_count in ("a", "an") and _MONEY_OR_TIMES.search(ctx.before()):
        return Found("SET", _duration_value(1, code, in_time))  # "$5 million a year"
    if count is not None:
        count *= lx.UNIT_FACTOR.get(_singular(unit), 1)
        count += 0.5 if _g(m, "half") else 0
    return Found("DURATION", _duration_value(count, code, in_time))


def _vague_duration(m: re.Match[str], ctx: Context) -> Found | None:
    # Bare plurals are durations only in a temporal frame: "for years", "in recent weeks".
    if not _g(m, "rel") and not re.search(r"\b(for|within|over|in|after|than)\s+$", ctx.before(), re.I):
        return None
    code, in_time = _unit_code(_g(m, "unit"))
    return Found("DURATION", _duration_value(None, code, in_time))


_ADVERB_SETS = {
    "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "biweekly": "P2W", "fortnightly": "P2W",
    "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
    "biannually": "P6M", "semiannually": "P6M", "hourly": "PT1H",
}  # fmt: skip


def _set(m: re.Match[str], ctx: Context) -> Found | None:
    if _g(m, "adv"):
        return Found("SET", _ADVERB_SETS[_g(m, "adv")])
    if _g(m, "wd"):
        return Found("SET", f"XXXX-WXX-{_weekday(m)}")
    if _g(m, "mon"):
        return Found("SET", f"XXXX-{_month(m):02d}")
    if _g(m, "part"):
        return Found("SET", f"XXXX-XX-XXT{lx.PARTS_OF_DAY[_g(m, 'part')]}")
    code, in_time = _unit_code(_g(m, "unit"))
    count = lx.count_value(_g(m, "count")) if _g(m, "count") else 1
    return Found("SET", _duration_value(count, code, in_time))


_REFS = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "just now": "PRESENT_REF",
    "currently": "PRESENT_REF", "current": "PRESENT_REF", "nowadays": "PRESENT_REF", "these days": "PRESENT_REF",
    "at present": "PRESENT_REF", "presently": "PRESENT_REF", "at the moment": "PRESENT_REF",
    "recently": "PAST_REF", "lately": "PAST_REF", "the past": "PAST_REF", "the future": "FUTURE_REF",
    "the near future": "FUTURE_REF", "the foreseeable future": "FUTURE_REF",
    "the distant future": "FUTURE_REF", "the immediate future": "FUTURE_REF",
    "the near term": "FUTURE_REF", "the short term": "FUTURE_REF",
}  # fmt: skip
# Left out on purpose: "previously", "soon", "quarterly" (as in "quarterly report"), which
# TimeML annotators mostly leave unmarked and which date nothing in a brief.


def _reference(m: re.Match[str], ctx: Context) -> Found | None:
    return Found("DATE", _REFS[re.sub(r"\s+", " ", _g(m, "ref"))])


# --- clock times ---------------------------------------------------------------------------


def _daytime_ampm(part: str) -> str:
    """ "4 in the morning" is a.m., "8 in the evening" p.m."""
    if not part:
        return ""
    return "am" if part == "morning" else "pm"


def _clock(m: re.Match[str], ctx: Context) -> Found | None:
    word = _g(m, "word")
    if word:
        clock = {"noon": "12:00", "midday": "12:00", "midnight": "24:00"}[word]
    else:
        hour = int(m["h"] or m["h2"] or m["h3"] or m["h4"])
        minute = int(m["mi"] or m["mi2"] or m["mi3"] or 0)
        ampm = _g(m, "ampm") or _daytime_ampm(_g(m, "half"))
        if ampm.startswith("p") and hour < 12:
            hour += 12
        elif ampm.startswith("a") and hour == 12:
            hour = 0
        clock = f"{hour:02d}:{minute:02d}"
    day = cal.day_value(ctx.anchor) if ctx.anchor else "XXXX-XX-XX"
    return Found("TIME", f"{day}T{clock}", clock=clock)


# --- the grammar -------------------------------------------------------------------------

_POS = rf"(?:(?P<pos>{lx.POSITION})[\s-]+)?"
_WD_PREFIX = rf"(?:(?P<wd>{lx.WEEKDAY}),?\s+)?"
_ZONE = r"(?:\s*(?-i:GMT|UTC|EST|EDT|CST|CDT|MST|MDT|PST|PDT|CET|CEST|BST|ET)(?![\w])|\s+local time)"
_CLOCK = (
    rf"(?:(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ampm>a\.m\.?|p\.m\.?|am|pm)"
    rf"|(?P<h2>[01]?\d|2[0-3]):(?P<mi2>[0-5]\d)(?:\s*(?:hours|hrs))?"
    rf"|(?P<h3>[01]\d|2[0-3])(?P<mi3>[0-5]\d)(?:\s*(?:hours|hrs)|(?={_ZONE}))"
    rf"|(?P<h4>1[0-2]|0?[1-9])(?:\s+o'clock)?\s+in\s+the\s+(?P<half>morning|afternoon|evening)"
    rf"|(?P<word>noon|midnight|midday))"
)
_ORDINAL_WORDS = lx.alternation(lx.ORDINALS)

RULES: tuple[Rule, ...] = tuple(
    _rule(name, pattern, build)
    for name, pattern, build in (
        ("month_day", rf"{_WD_PREFIX}(?:(?P<rel>last|next|this|coming|past)\s+)?(?P<mon>{lx.MONTH})\s+(?P<day>{lx.DAY}|{lx.DAY_WORD})(?:,?\s+(?P<year>{lx.YEAR}))?", _month_day),
        ("week_of", rf"the\s+week\s+of\s+(?P<mon>{lx.MONTH})\s+(?P<day>{lx.DAY})(?:,?\s+(?P<year>{lx.YEAR}))?", _week_of),
        ("day_month", rf"{_WD_PREFIX}(?:the\s+)?(?:(?P<day>{lx.DAY})(?:\s+of)?|(?P<dayw>{lx.DAY_WORD})\s+of)\s+(?P<mon>{lx.MONTH})(?:,?\s+(?P<year>{lx.YEAR}))?", _month_day),
        ("month_year", rf"{_POS}(?P<mon>{lx.MONTH})(?:\s+of)?,?\s+(?P<year>{lx.ANY_YEAR})", _month_year),
        ("month", rf"{_POS}(?:(?P<rel>last|next|this|past|coming)\s+)?(?P<mon>{lx.MONTH_ALONE})(?:\s+(?P<yrel>last|next|this)\s+year)?", _month_alone),
        ("iso", r"(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?:T(?P<hh>\d\d):(?P<mi>\d\d))?", _iso),
        ("numeric", r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})", _numeric),
        ("year", rf"(?:(?:fiscal|calendar|the year|model year|{lx.POSITION})[\s-]+)?(?<![.,]\d)(?<!\d[.,])(?P<year>{lx.YEAR})", _year),
        ("spoken_year", rf"(?P<year>{lx.SPOKEN_YEAR})", _spoken_year),
        ("decade", r"(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?:(?P<cent>1\d|20)(?P<d>\d)0'?s|'(?P<d2>\d)0s)", _decade),
        ("century", rf"(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?:(?P<n>\d{{1,2}})(?:st|nd|rd|th)|(?P<w>{_ORDINAL_WORDS}))[\s-]+century", _century),
        ("deictic", rf"(?:(?:early|late|earlier|later)\s+)?(?P<word>today|tonight|yesterday|tomorrow|this|last)(?:\s+(?P<part>{lx.PART_OF_DAY}))?", _deictic),
        ("mid_part_of_day", r"mid[\s-]?(?P<part>morning|afternoon|evening)(?:\s+(?P<word>yesterday|today|tomorrow))?", _mid_part_of_day),
        ("weekday", rf"(?:(?:early|late|earlier|later)\s+)?(?:(?P<rel>last|next|this|coming|past)\s+)?(?P<wd>{lx.WEEKDAY})(?:\s+(?P<part>{lx.PART_OF_DAY}))?", _weekday_date),
        ("holiday", rf"(?:(?P<rel>last|next|this|past|coming)\s+)?(?P<name>{lx.HOLIDAY})(?:,?\s+(?P<year>{lx.YEAR}))?(?P<week>\s+week)?", _holiday),
        ("weekend", r"(?P<rel>this|last|next|the|coming|past)\s+weekend", _weekend),
        ("the_year", r"the\s+(?:(?:full|fiscal|entire|whole|calendar)\s+)?year(?!-|\s+(?:before|after|earlier|ago|later|or|and)\b)", _the_year),
        ("anaphoric_period", r"(?:(?:earlier|later)\s+(?:in\s+)?)?(?:the\s+(?P<rel>following|previous|prior)|that(?:\s+same)?)\s+(?P<unit>day|week|month|year|quarter)", _anaphoric_period),
        ("relative", r"(?:(?:early|late|earlier|later|mid)[\s-]+)?(?P<the>the\s+)?(?P<rel>this|last|next|past|previous|coming|current|following|same)\s+(?:fiscal\s+)?(?P<unit>week|month|year|quarter|decade|century)", _relative_period),
        ("season", rf"{_POS}(?:(?P<rel>this|last|next|past|coming|the)\s+)?(?:(?:early|late)\s+)?(?P<season>{lx.SEASON})(?:\s+(?:of\s+)?(?P<year>{lx.ANY_YEAR}))?", _season),
        ("quarter", rf"(?:(?P<the>the|this year's|last year's|next year's)\s+)?(?:(?P<adj>fiscal|calendar|year-earlier|year-ago)\s+)?(?:(?P<year2>{lx.YEAR})\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|last)[\s-]+(?:fiscal[\s-]+)?(?P<what>quarter|half)(?:\s+of\s+(?P<year>{lx.YEAR}))?", _quarter),
        ("named_quarter", rf"(?P<det>the|last year's|this year's)\s+(?:(?P<adj>latest|current|most recent|recent|year-earlier|year-ago|prior-year|comparable|corresponding|same)\s+)?(?:(?P<adj2>year-earlier|year-ago)\s+)?(?:(?P<year>{lx.YEAR})\s+)?(?P<noun>quarter|period)(?:\s+(?P<ago>last year|a year ago|a year earlier))?", _named_quarter),
        ("year_ago_adjective", r"(?:year-earlier|year-ago|prior-year)(?=\s+[a-z$])", _year_ago_adjective),
        ("ago", rf"(?:{lx.APPROX}\s+)?(?:(?P<count>{lx.COUNT})[\s-]+)?(?P<unit>{lx.ANY_UNIT})\s+(?P<dir>ago|earlier|later|from now|hence)", _ago),
        ("duration", rf"(?:the\s+)?(?:(?:past|last|next|first|coming|previous|final|following|remaining|initial|latest|entire|whole|full)\s+)?(?:{lx.APPROX}\s+)?(?P<count>{lx.COUNT})(?:\s+(?:more|additional|straight|consecutive|full|trading|business|working))?[\s-]+(?P<unit>{lx.ANY_UNIT})(?P<half>\s+and\s+a\s+half)?(?![\s-]+old\b|-(?:earlier|ago|end)\b|[\s-]+(?:quarter|half)\b)(?:-long)?", _duration),
        ("vague_duration", rf"(?:(?:the\s+)?(?P<rel>past|last|next|coming|recent|following|ensuing)\s+)?(?P<unit>{lx.UNIT_PLURAL})", _vague_duration),
        ("set", rf"(?:every|each|per)\s+(?:other\s+)?(?:(?P<count>{lx.COUNT})\s+)?(?:(?P<wd>{lx.WEEKDAY})|(?P<mon>{lx.MONTH_ALONE})|(?P<part>{lx.PART_OF_DAY})|(?P<unit>{lx.ANY_UNIT}))", _set),
        ("adverb_set", rf"(?P<adv>{lx.alternation(_ADVERB_SETS)})", _set),
        ("rate_set", rf"(?:once|twice|thrice|(?:{lx.COUNT})\s+times)\s+(?:a|an|per|each|every)\s+(?P<unit>{lx.UNIT})", _set),
        ("reference", rf"(?P<ref>{lx.alternation(_REFS)})", _reference),
        ("clock", rf"(?:(?:about|around|approximately)\s+)?{_CLOCK}{_ZONE}?", _clock),
    )
)
