"""Words of English temporal expressions: tables for normalising them, regex fragments for finding them.

Fragments are meant for patterns compiled with `re.IGNORECASE`; month and weekday names switch
case sensitivity back on (`(?-i:...)`) because lower-case "may", "march" or "sun" are not dates.
"""

from __future__ import annotations

import re

from storyline.timex.holidays import HOLIDAYS

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS: dict[str, int] = {
    "monday": 1, "mon": 1, "tuesday": 2, "tue": 2, "tues": 2, "wednesday": 3, "wed": 3,
    "thursday": 4, "thu": 4, "thur": 4, "thurs": 4, "friday": 5, "fri": 5, "saturday": 6,
    "sat": 6, "sunday": 7, "sun": 7,
}  # fmt: skip
# TIMEX3 part-of-day codes.
PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
    "midday": "MI", "daytime": "DT",
}  # fmt: skip
SEASONS: dict[str, str] = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
    "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "twenty-first": 21,
}  # fmt: skip
# Days of the month as spoken in broadcast transcripts: "March eighth", "the first of May".
DAY_ORDINALS: dict[str, int] = {w: n for w, n in ORDINALS.items() if not w[0].isdigit()} | {
    f"twenty-{w}": 20 + n for w, n in ORDINALS.items() if n < 10 and not w[0].isdigit()
} | {"thirtieth": 30, "thirty-first": 31}
# Calendar units: TIMEX3 duration designator, and whether it sits after the "T".
UNITS: dict[str, tuple[str, bool]] = {
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True), "day": ("D", False),
    "night": ("D", False), "week": ("W", False), "fortnight": ("W", False),
    "month": ("M", False), "quarter": ("Q", False), "year": ("Y", False),
    "decade": ("DE", False), "century": ("CE", False), "millennium": ("ML", False),
}  # fmt: skip
# How many base units one of these counts as ("a fortnight" is two weeks).
UNIT_FACTOR: dict[str, int] = {"fortnight": 2}

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
SMALL_NUMBERS: dict[str, int] = {w: i for i, w in enumerate(_ONES)} | {
    w: 20 + 10 * i for i, w in enumerate(_TENS)
}
# Counts that are not numbers: TIMEX3 writes them as "X".
VAGUE_COUNTS = frozenset({"several", "few", "a few", "some", "many", "dozens of", "hundreds of",
                          "the", "a number of", "numerous", "recent", "coming", "past"})  # fmt: skip
FIXED_COUNTS: dict[str, float] = {"a": 1, "an": 1, "a couple of": 2, "a couple": 2,
                                  "couple of": 2, "a dozen": 12, "half a": 0.5, "a half": 0.5}  # fmt: skip


def alternation(words: object) -> str:
    """A regex alternation of `words`, longest first so that the regex prefers full words."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[arg-type]


def _capitalised(words: object) -> str:
    return alternation({w.capitalize() for w in words})  # type: ignore[attr-defined]


_FULL_MONTHS = [w for w in MONTHS if len(w) > 4 or w in {"may", "june", "july"}]
_ABBR_MONTHS = [w for w in MONTHS if w not in _FULL_MONTHS]
# A month name; abbreviations may carry a dot ("Feb. 17", "17 Feb 2008").
MONTH = rf"(?-i:{_capitalised(_FULL_MONTHS)}|(?:{_capitalised(_ABBR_MONTHS)})\.?)"
# A month standing alone ("in June"): full names or dotted abbreviations only.
MONTH_ALONE = rf"(?-i:{_capitalised(_FULL_MONTHS)}|(?:{_capitalised(_ABBR_MONTHS)})\.)"
_FULL_DAYS = [w for w in WEEKDAYS if w.endswith("day")]
_ABBR_DAYS = [w for w in WEEKDAYS if not w.endswith("day")]
WEEKDAY = rf"(?-i:{_capitalised(_FULL_DAYS)}|(?:{_capitalised(_ABBR_DAYS)})\.)"
# Holiday names as written: capitalised words, "of" excepted ("Fourth of July").
HOLIDAY = "(?-i:" + alternation(
    " ".join(w if w == "of" else w[0].upper() + w[1:] for w in name.split()) for name in HOLIDAYS
) + ")"
PART_OF_DAY = alternation(PARTS_OF_DAY)
SEASON = alternation(SEASONS)
DAY = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"
# A spoken day of the month; "twenty-first" may be written with a space.
DAY_WORD = "(?:" + alternation(DAY_ORDINALS).replace("\\-", r"[\s-]") + ")"
YEAR = r"(?:1[0-9]{3}|20[0-9]{2})(?![\d,]\d)"
# A year read out, as in broadcast transcripts: "nineteen ninety-four", "the year two thousand".
_DIGIT_WORD = alternation(_ONES[1:10])
SPOKEN_YEAR = (
    rf"(?:nineteen[\s-]+(?:{alternation(_TENS)})(?:[\s-]+(?:{_DIGIT_WORD}))?"
    rf"|the\s+year\s+two\s+thousand(?:\s+and\s+(?:{_DIGIT_WORD}))?)"
)
# A year in digits or words.
ANY_YEAR = rf"(?:{YEAR}|{SPOKEN_YEAR})"
_NUMBER_WORD = alternation(SMALL_NUMBERS)
NUMBER_WORDS = rf"(?:{_NUMBER_WORD})(?:[\s-](?:{_NUMBER_WORD}|hundred|thousand))*"
# A count of units: digits, number words, or a vague quantity.
COUNT = (
    rf"(?:\d+(?:\.\d+)?(?:\s+1/2)?|{NUMBER_WORDS}|a couple of|couple of|a couple|a dozen|"
    rf"a few|few|several|some|many|dozens of|hundreds of|a number of|numerous|half an?|an?)"
)
UNIT = r"(?:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|millenni(?:um|a))"
UNIT_PLURAL = r"(?:seconds|minutes|hours|days|nights|weeks|fortnights|months|quarters|years|decades|centuries|century|millennia)"
ANY_UNIT = rf"(?:{UNIT_PLURAL}|{UNIT}|centur(?:y|ies))"
# Hedges TimeML keeps inside the extent ("nearly forty years", "more than four hours").
APPROX = (
    r"(?:about|around|approximately|roughly|some|nearly|almost|over|more than|less than|"
    r"fewer than|at least|at most|up to|no more than|under|just over|just under|barely|only|"
    r"well over|the better part of)"
)
# Positions inside a period ("early June", "the end of the month").
POSITION = r"(?:early|late|mid|the (?:end|beginning|start|middle) of|the turn of)"


def count_value(text: str) -> float | None:
    """The number a COUNT match stands for, or None when it is vague ("several", "a few")."""
    words = re.sub(r"\s+", " ", text.strip().lower())
    if words in FIXED_COUNTS:
        return FIXED_COUNTS[words]
    if words in VAGUE_COUNTS or not words:
        return None
    fraction = 0.5 if words.endswith(" 1/2") else 0.0
    words = words.removesuffix(" 1/2")
    try:
        return float(words.replace(",", "")) + fraction
    except ValueError:
        return _words_value(words)


def day_number(text: str) -> int:
    """The day a DAY or DAY_WORD match names: "23rd" → 23, "twenty first" → 21."""
    digits = re.match(r"\d+", text)
    if digits:
        return int(digits.group())
    return DAY_ORDINALS[re.sub(r"[\s-]+", "-", text.strip().lower())]


def year_number(text: str) -> int:
    """The year a YEAR or SPOKEN_YEAR match names: "1994", "nineteen ninety-four" → 1994."""
    words = re.sub(r"[\s-]+", " ", text.strip().lower())
    if words.isdigit():
        return int(words)
    if words.startswith("nineteen "):
        return 1900 + int(_words_value(words.removeprefix("nineteen ")) or 0)
    rest = words.removeprefix("the year two thousand").removeprefix(" and ")
    return 2000 + int(_words_value(rest) or 0 if rest else 0)


def _words_value(words: str) -> float | None:
    total, current = 0, 0
    for word in re.split(r"[\s-]+", words):
        if word in SMALL_NUMBERS:
            current += SMALL_NUMBERS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word == "thousand":
            total, current = total + max(current, 1) * 1000, 0
        else:
            return None
    return float(total + current)
