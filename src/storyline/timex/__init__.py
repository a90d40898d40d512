"""Temporal expressions → TIMEX3: find dates, times, durations and sets, and resolve them.

`find_dates` runs the rule layer (`rules.RULES`) over the article text, keeps the longest
non-overlapping matches and joins a clock time to the day beside it ("5 p.m. EST Nov. 9").
Relative expressions resolve against the publication date and the tense of the governing
verb; spaCy's entity labels only veto or confirm ambiguous matches (a year that counts
troops, a weekday inside a name), because its DATE spans do not follow TimeML extents.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from datetime import date

from spacy.tokens import Doc

from storyline.model import DateMention
from storyline.timex.reference import resolve_shifts
from storyline.timex.rules import RULES, Context, Found, Rule, only_ascii_cased
from storyline.nlp import doc_text, per_doc

__all__ = ["find_dates", "parse_published"]

Candidate = tuple[int, int, Found]

# Between a clock time and its day: "Friday, 15 February 2008, 00:27 GMT", "noon Thursday".
_JOIN_GAP = re.compile(r"\s*,?\s*(?:(?:on|at)\s+)?", re.IGNORECASE)
_DAY_VALUE = re.compile(r"^(?:\d{4}|XXXX)-(?:\d\d|XX)-(?:\d\d|XX)$|^XXXX-WXX-\d$")


def parse_published(published: str | None) -> date | None:
    """The anchor date from "YYYY-MM-DD" (longer ISO strings are cut); None if unusable."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def find_dates(doc: Doc, article_id: str, published: str | None) -> list[DateMention]:
    """Every temporal expression in `doc`, with TIMEX3 type and value, sorted by start."""
    anchor = parse_published(published)
    kept = _select(_rule_candidates(doc, anchor))
    kept = resolve_shifts(_join_clock_and_day(doc_text(doc), kept), anchor)
    return [
        DateMention(article=article_id, start=s, end=e, text=doc_text(doc)[s:e], type=f.type, value=f.value)
        for s, e, f in sorted(kept, key=lambda c: c[0])
    ]


def _rule_candidates(doc: Doc, anchor: date | None) -> list[Candidate]:
    found: list[Candidate] = []
    for rule, matches in _rule_matches(doc):
        for match in matches:
            start, end = match.span()
            result = rule.build(match, Context(doc, anchor, start, end))
            if result is not None:
                found.append((start, end, result))
    return found


def _rule_matches(doc: Doc) -> Iterator[tuple[Rule, Iterable[re.Match[str]]]]:
    """Every rule's matches in the text. The patterns do not depend on the anchor date, and
    an undated article is read against three (see `analysis`): the text is searched once per
    Doc, and the offsets where each rule matched (plain numbers, kept in `Doc.user_data`) let
    the later readings match only there (a match at an offset is the one the search found).
    A rule with a `scan` searches the lower-cased text, where it may (`only_ascii_cased`),
    and its matches are then read from the text at the offsets found."""
    text = doc_text(doc)
    offsets = per_doc(doc, "storyline.timex.offsets", lambda: _offsets(text))
    for rule, starts in zip(RULES, offsets):
        yield rule, (rule.pattern.match(text, start) for start in starts)


def _offsets(text: str) -> list[list[int]]:
    """Per rule, where its matches in the text start."""
    lowered = text.lower() if only_ascii_cased(text) else None
    found = []
    for rule in RULES:
        if rule.scan is not None and lowered is not None:
            matches = rule.scan.finditer(lowered)
        else:
            matches = rule.pattern.finditer(text)
        found.append([m.start() for m in matches])
    return found


def _select(candidates: list[Candidate]) -> list[Candidate]:
    """The longest candidates that do not overlap, earlier rules winning ties."""
    order = sorted(range(len(candidates)), key=lambda i: (candidates[i][0] - candidates[i][1], i))
    kept: list[Candidate] = []
    # the kept spans never overlap, so sorted by start they are sorted by end too: a new span
    # overlaps one of them only if it overlaps the last one starting before its end
    starts: list[int] = []
    ends: list[int] = []
    for i in order:
        start, end, _ = candidates[i]
        if start >= end:  # (no rule matches nothing; kept for exactness all the same)
            if all(end <= s or start >= e for s, e, _ in kept):
                kept.append(candidates[i])
            continue
        at = bisect_left(starts, end)
        if at and ends[at - 1] > start:
            continue
        kept.append(candidates[i])
        starts.insert(at, start)
        ends.insert(at, end)
    return sorted(kept, key=lambda c: c[0])


def _join_clock_and_day(text: str, kept: list[Candidate]) -> list[Candidate]:
    """Merge a clock time with an adjacent day into one TIME ("2008-02-15T00:27")."""
    out: list[Candidate] = []
    for cand in kept:
        if out and _joinable(text, out[-1], cand):
            first, second = out.pop(), cand
            clock, day = (first, second) if first[2].clock else (second, first)
            found = Found("TIME", f"{day[2].value}T{clock[2].clock}")
            out.append((first[0], second[1], found))
        else:
            out.append(cand)
    return out


def _joinable(text: str, left: Candidate, right: Candidate) -> bool:
    gap = text[left[1] : right[0]]
    if not _JOIN_GAP.fullmatch(gap) or "\n" in gap:
        return False
    a, b = left[2], right[2]
    if bool(a.clock) == bool(b.clock):
        return False
    day = b if a.clock else a
    return day.type == "DATE" and bool(_DAY_VALUE.match(day.value))
