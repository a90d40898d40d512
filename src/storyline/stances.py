"""Stances: who is for or against what, with the sentences that say so.

Issues are noun phrases that recur across articles ("Kosovo's independence", "recognition of
Kosovo", "EU mission"); a phrase whose content words contain a more widely reported issue's
words is folded into it ("Kosovo's declaration of independence" -> "Kosovo's independence").
Positions come from
- coded events: SUPPORT/COOPERATE/AGREE/AID are support, REJECT/DISAPPROVE/PROTEST/THREATEN/
  SANCTION opposition, of the event's source;
- sentences and quotes: polarity cue words (reject, illegal, refuse... / support, back,
  recognise...) with negation flipping them; the actor is the quote's speaker when the cue
  sits in a quote, else the named entities just before the cue ("Cyprus, Romania and Spain
  have refused ..."); the issue is the recurring phrase nearest the cue.
Each (actor, issue) takes the majority position over its evidence (a tie is neutral).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from storyline import textstats
from storyline.model import ArticleAnalysis, Entity, Event, Quote, Span, Stance

SUPPORT_EVENTS = frozenset({"SUPPORT", "COOPERATE", "AGREE", "AID"})
OPPOSE_EVENTS = frozenset({"REJECT", "DISAPPROVE", "PROTEST", "THREATEN", "SANCTION"})
_SUPPORT_CUES = (
    r"support(?:s|ed|ing)?|back(?:s|ed|ing)|recogni[sz](?:e|es|ed|ing)|endors(?:e|es|ed|ing)|"
    r"welcom(?:e|es|ed|ing)|favou?r(?:s|ed)?"
)
_OPPOSE_CUES = (
    r"reject(?:s|ed|ing)?|oppos(?:e|es|ed|ing|ition)|illegal|illegitimate|unacceptable|violat(?:e|es|ed|ing|ion)|"
    r"refus(?:e|es|ed|ing)|denounc(?:e|es|ed|ing)|condemn(?:s|ed|ing)?|protest(?:s|ed|ing)?"
)
CUE = re.compile(rf"\b(?:(?P<support>{_SUPPORT_CUES})|(?P<oppose>{_OPPOSE_CUES}))\b", re.IGNORECASE)
NEGATION = re.compile(r"\b(?:not|never|no|n't|nor)\b[\w\s,]{0,25}$|n't\s*$", re.IGNORECASE)
# A cue in a question or condition ("asked whether Moscow would recognise") takes no side.
HEDGE = re.compile(r"\b(?:whether|if)\b[^.;]*$", re.IGNORECASE)
ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# Between two coordinated actors only a comma or a conjunction.
_COORDINATION = re.compile(r"^\s*(?:,|and|or|,\s*and)?\s*(?:many|most|other|several|some|all)?\s*$")
ACTOR_REACH = 80
ELIDED_WORDS = 3  # "... refused recognition." leaves its issue to the sentence before
OBJECT_REACH = 30  # characters from a cue to the issue it takes a side on  # characters between the actor and its cue
# Phrase shapes an issue takes: "Kosovo's independence (declaration)", "recognition of Kosovo",
# "declaration of independence", "EU mission".
_CAP = r"[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*)*"
ISSUE_PATTERNS = (
    re.compile(rf"\b{_CAP}['’]s\s+[a-z][a-z\-]+(?:\s+(?:of\s+)?[a-z][a-z\-]+)?"),
    re.compile(rf"\b[a-z][a-z\-]{{3,}}\s+of\s+(?:{_CAP}['’]s\s+[a-z][a-z\-]+|{_CAP}|[a-z][a-z\-]{{3,}})"),
    re.compile(r"\b[A-Z]{2,}\s+[a-z][a-z\-]{3,}"),
)


@dataclass
class _Votes:
    support: int = 0
    oppose: int = 0
    evidence: set[tuple[str, int, int]] = field(default_factory=set)

    def add(self, positive: bool, spans: Sequence[tuple[str, int, int]]) -> None:
        if positive:
            self.support += 1
        else:
            self.oppose += 1
        self.evidence.update(spans)

    def position(self) -> str:
        """The majority side; a tie is neutral."""
        if self.support == self.oppose:
            return "neutral"
        return "support" if self.support > self.oppose else "oppose"


# --- issues -------------------------------------------------------------------------------


def _phrase_key(phrase: str) -> frozenset[str]:
    return frozenset(textstats.terms(phrase))


def _phrases(text: str) -> list[tuple[int, int, str]]:
    """Candidate issue phrases in `text` as (start, end, surface), trailing stopwords trimmed."""
    found = []
    for pattern in ISSUE_PATTERNS:
        for match in pattern.finditer(text):
            surface = match.group(0)
            tokens = surface.split()
            while tokens and tokens[-1].lower() in textstats.STOPWORDS:
                tokens.pop()
            if tokens and CUE.fullmatch(tokens[-1]):
                continue  # "Russia supports": a clause, not a thing one takes a side on
            if len(tokens) >= 2 and len(_phrase_key(" ".join(tokens))) >= 2:
                trimmed = " ".join(tokens) if "\n" not in surface else None
                if trimmed and text.startswith(trimmed, match.start()):
                    found.append((match.start(), match.start() + len(trimmed), trimmed))
    return found


class Issues:
    """Recurring phrases of a corpus, and the issue any phrase folds into."""

    def __init__(self, analyses: Sequence[ArticleAnalysis]) -> None:
        spread: dict[frozenset[str], set[str]] = {}
        surfaces: dict[frozenset[str], Counter[str]] = {}
        for analysis in analyses:
            for _, _, surface in _phrases(analysis.article.text):
                key = _phrase_key(surface)
                spread.setdefault(key, set()).add(analysis.article.id)
                surfaces.setdefault(key, Counter())[surface.replace("’", "'")] += 1
        self.spread = {k: len(v) for k, v in spread.items() if len(v) >= 2}
        self.names = {
            k: min(surfaces[k], key=lambda s: (-surfaces[k][s], len(s), s)) for k in self.spread
        }

    def issue(self, phrase: str) -> str | None:
        """Name of the most widely reported issue whose words the phrase contains, if any."""
        key = _phrase_key(phrase)
        inside = [k for k in self.spread if k <= key]
        if not inside:
            return None
        # An issue that names its subject ("Kosovo's independence") beats a generic one
        # ("declaration of independence"); then the more widely reported wins.
        best = min(inside, key=lambda k: (not _named(self.names[k]), -self.spread[k], len(k), self.names[k]))
        return self.names[best]

    def in_text(self, text: str, offset: int = 0) -> list[tuple[int, int, str]]:
        """Issue occurrences in `text` as (start, end, issue name), offsets shifted by `offset`."""
        out = []
        for start, end, surface in _phrases(text):
            name = self.issue(surface)
            if name:
                out.append((start + offset, end + offset, name))
        return sorted(set(out))


def _named(phrase: str) -> bool:
    return any(word[0].isupper() for word in phrase.split())


def _nearest_issue(found: Sequence[tuple[int, int, str]], cue_start: int, cue_end: int) -> str | None:
    """The issue right after the cue (its object), else the closest one before it."""
    after = [f for f in found if cue_end <= f[0] <= cue_end + OBJECT_REACH]
    if after:
        return min(after)[2]
    before = [f for f in found if f[1] <= cue_start]
    return max(before, key=lambda f: f[1])[2] if before else None


# --- actors -------------------------------------------------------------------------------


def _actors_before(mentions: Sequence[tuple[int, int, str]], text: str, cue_start: int) -> list[str]:
    """Entity ids of the coordinated mentions closest before the cue."""
    before = [m for m in mentions if m[1] <= cue_start]
    if not before or cue_start - before[-1][1] > ACTOR_REACH:
        return []
    chosen = [before[-1]]
    for mention in reversed(before[:-1]):
        if mention[1] <= chosen[-1][0] and _COORDINATION.match(text[mention[1] : chosen[-1][0]]):
            chosen.append(mention)
        elif mention[1] > chosen[-1][0]:
            continue  # nested or overlapping mention
        else:
            break
    return sorted({m[2] for m in chosen})


# --- evidence -----------------------------------------------------------------------------


def _cues(text: str, issue_spans: Sequence[tuple[int, int, str]], offset: int) -> list[tuple[int, int, bool]]:
    """(start, end, positive) for each polarity cue in `text` outside issue phrases, negation applied."""
    found = []
    for match in CUE.finditer(text):
        start, end = match.start() + offset, match.end() + offset
        if any(s <= start and end <= e for s, e, _ in issue_spans):
            continue  # "recognition of Kosovo" names the issue, it takes no side
        positive = match.group("support") is not None
        if HEDGE.search(text[: match.start()]):
            continue
        if NEGATION.search(text[max(0, match.start() - 30) : match.start()]):
            positive = not positive
        found.append((start, end, positive))
    return found


def _sentence_votes(
    analysis: ArticleAnalysis,
    issues: Issues,
    mentions: Sequence[tuple[int, int, str]],
    quotes: Sequence[Quote],
    votes: dict[tuple[str, str], _Votes],
) -> None:
    text = analysis.article.text
    previous: list[tuple[int, int, str]] = []
    for sentence in sorted(analysis.sentences, key=lambda s: s.start):
        for start, end in textstats.sentence_pieces(text, sentence.start, sentence.end):
            piece = text[start:end]
            found = issues.in_text(piece, start)
            for cue_start, cue_end, positive in _cues(piece, found, start)[:1]:  # the main clause's cue
                # "... have refused recognition." continues the issue of the sentence before
                elided = len(textstats.words(text[cue_end:end])) <= ELIDED_WORDS
                issue = _nearest_issue(found, cue_start, cue_end) if found else (
                    _nearest_issue(previous, end, end) if elided else None
                )
                if issue is None:
                    continue
                speaker = next(
                    (q.speaker for q in quotes if q.speaker and q.start <= cue_start and cue_end <= q.end), None
                )
                inside = [
                    m for m in mentions
                    if start <= m[0] and m[1] <= end and not any(s <= m[0] and m[1] <= e for s, e, _ in found)
                ]
                actors = [speaker] if speaker else _actors_before(inside, text, cue_start)
                for actor in actors:
                    votes.setdefault((actor, issue), _Votes()).add(positive, [(analysis.article.id, start, end)])
            previous = found


def _event_votes(
    events: Sequence[Event], issues: Issues, names: dict[str, str], votes: dict[tuple[str, str], _Votes]
) -> None:
    for event in sorted(events, key=lambda e: e.id):
        if not event.source or event.negated or event.type not in SUPPORT_EVENTS | OPPOSE_EVENTS:
            continue
        found = issues.in_text(event.text)
        issue = found[0][2] if found else names.get(event.target or "")
        if not issue:
            continue
        spans = [(event.article, event.start, event.end)] + [(r.article, r.start, r.end) for r in event.reports]
        votes.setdefault((event.source, issue), _Votes()).add(event.type in SUPPORT_EVENTS, spans)


def find_stances(
    events: Sequence[Event], quotes: Sequence[Quote], entities: Sequence[Entity], analyses: Sequence[ArticleAnalysis]
) -> list[Stance]:
    """Actor x issue positions with their evidence spans, sorted by issue then actor."""
    issues = Issues(analyses)
    kinds = {e.id: e.type for e in entities}
    names = {e.id: e.name for e in entities}
    spans = textstats.entity_spans(entities)
    quotes_by_article: dict[str, list[Quote]] = {}
    for quote in quotes:
        quotes_by_article.setdefault(quote.article, []).append(quote)
    votes: dict[tuple[str, str], _Votes] = {}
    for analysis in sorted(analyses, key=lambda a: a.article.id):
        mentions = [m for m in spans.get(analysis.article.id, ()) if kinds.get(m[2]) in ACTOR_TYPES]
        _sentence_votes(analysis, issues, mentions, quotes_by_article.get(analysis.article.id, []), votes)
    _event_votes(events, issues, names, votes)
    stances = []
    for (actor, issue), tally in votes.items():
        evidence = [Span(article=a, start=s, end=e) for a, s, e in sorted(tally.evidence)]
        stances.append(
            Stance(actor=actor, actor_name=names.get(actor), issue=issue, position=tally.position(), evidence=evidence)
        )
    return sorted(stances, key=lambda s: (s.issue, s.actor))
