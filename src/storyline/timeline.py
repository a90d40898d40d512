"""Timeline: per story, the days its sources agree on, each told by its most central sentence.

A date-wise timeline summariser (in the spirit of DATEWISE, Ghalandari & Ifrim 2020):

1. Support. Every sentence that refers to a day (a resolved day-precision DATE or TIME
   mention, or an event dated by its own text) supports that day, whichever article it is in
   and whenever that article was published; an article published on a day supports it too.
2. Date selection. A day's salience is the number of sentences referring to it plus
   PUBLISHED_WEIGHT per article published on it. Days that several distinct articles support
   (the sources agree) come first, most salient first; days a single article supports only
   fill a timeline left short. As many days are kept as `timeline_size` allows for the
   story's size.
3. Day summary. The readable sentences referring to the day are ranked by their cosine with
   the centroid of all of them (TF-IDF over the story's dated sentences), so that the sentence
   saying what most reports of that day say wins; a sentence reporting a coded event gets
   EVENT_BONUS. Articles published within REPORT_DAYS after the day tell it when they can.
   Near-repeats of a sentence already chosen are skipped. A day only publication supports is
   told by the lead sentences of the articles published on it.

Each entry cites every sentence supporting its day. Output is deterministic: ties fall to the
earlier day, then article id and offset.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from storyline import textstats
from storyline.model import ArticleAnalysis, Event, Span, Story, TimelineEntry

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")  # a day, possibly with a clock time after it
EVENT_BONUS = 0.25  # a sentence that reports a coded event says what happened that day
LEAD_BONUS = 0.1  # an article's lead says what it reports; a later sentence may recall
PUBLISHED_WEIGHT = 1.0  # an article published on a day weighs as much as one sentence naming it
REDUNDANT = 0.5  # cosine above which a second sentence for a day repeats the first
LEAD_SENTENCES = 2  # lead sentences per article that tell a day only publication supports
AGREEMENT = 2  # distinct articles that must support a day once a story has that many
REPORT_DAYS = 7  # articles published within this many days after a day report it; later ones recall it
MIN_ENTRIES, MAX_ENTRIES, ENTRIES_PER_SQRT_ARTICLE = 3, 40, 3.0

Key = tuple[str, int, int]  # (article, start, end) of a sentence piece


@dataclass(frozen=True)
class Candidate:
    """A sentence piece that supports a day, with the events it reports."""

    article: str
    start: int
    end: int
    text: str
    events: frozenset[str] = frozenset()
    lead: bool = False  # among its article's first LEAD_SENTENCES readable pieces

    @property
    def key(self) -> Key:
        return (self.article, self.start, self.end)


@dataclass
class DaySupport:
    """Everything that supports one day: the sentences referring to it, the articles
    published on it, and the lead sentences of those articles."""

    day: str
    mentions: dict[Key, Candidate] = field(default_factory=dict)
    readable: set[Key] = field(default_factory=set)
    reporting: set[Key] = field(default_factory=set)
    published: set[str] = field(default_factory=set)
    leads: list[Candidate] = field(default_factory=list)
    firm: bool = False  # some support is not an estimate (see `add`)

    @property
    def articles(self) -> set[str]:
        """The distinct articles supporting the day."""
        return {key[0] for key in self.mentions} | self.published

    @property
    def salience(self) -> float:
        """Sentences referring to the day, plus PUBLISHED_WEIGHT per article published on it."""
        return len(self.mentions) + PUBLISHED_WEIGHT * len(self.published)

    @property
    def estimated(self) -> bool:
        """Whether the day rests only on estimates (events of undated articles placed by
        their story)."""
        return not self.firm and not self.published

    def add(self, candidate: Candidate, published: str | None, estimated: bool = False) -> None:
        """Add a sentence referring to the day, from an article published on `published`
        (its events join an already known sentence); `estimated` when the day is an estimate."""
        self.firm = self.firm or not estimated
        known = self.mentions.get(candidate.key)
        if known is not None:
            candidate = Candidate(*candidate.key, candidate.text, known.events | candidate.events,
                                  candidate.lead)
        self.mentions[candidate.key] = candidate
        if textstats.looks_like_sentence(candidate.text):
            self.readable.add(candidate.key)
            if published and 0 <= _days_between(self.day, published) <= REPORT_DAYS:
                self.reporting.add(candidate.key)


@dataclass(frozen=True)
class DatedSummary:
    """One day of a story's timeline: its ranked sentences and every supporting span."""

    day: str
    sentences: list[Candidate]
    sources: list[Span]
    events: list[str]
    salience: float
    estimated: bool = False


# --- support -------------------------------------------------------------------------------


class _Pieces:
    """The sentence pieces of one article (`textstats.sentence_pieces`), found by offset with
    a bisection: an article has hundreds of date mentions in long stories."""

    def __init__(self, analysis: ArticleAnalysis) -> None:
        text = analysis.article.text
        self.text = text
        self.spans = sorted(
            piece for s in analysis.sentences for piece in textstats.sentence_pieces(text, s.start, s.end)
        )
        self.starts = [start for start, _ in self.spans]

    def at(self, offset: int) -> tuple[int, int] | None:
        """The piece holding `offset`, if any."""
        return textstats.span_at(self.spans, self.starts, offset)

    def candidate(self, article: str, offset: int, events: frozenset[str] = frozenset()) -> Candidate | None:
        span = self.at(offset)
        if span is None:
            return None
        return Candidate(article, *span, self.text[span[0] : span[1]], events, span in self.lead_spans)

    @cached_property
    def lead_spans(self) -> set[tuple[int, int]]:
        readable = [s for s in self.spans if textstats.looks_like_sentence(self.text[s[0] : s[1]])]
        return set(readable[:LEAD_SENTENCES])

    def leads(self, article: str, n: int) -> list[Candidate]:
        """The first `n` readable pieces (a news article's lead says what it reports)."""
        found = []
        for start, end in self.spans:
            if textstats.looks_like_sentence(self.text[start:end]):
                found.append(Candidate(article, start, end, self.text[start:end]))
                if len(found) == n:
                    break
        return found


def _days_between(first: str, second: str) -> int:
    """Days from `first` to `second` (both starting "YYYY-MM-DD"); 10**6 when unreadable."""
    try:
        return (date.fromisoformat(second[:10]) - date.fromisoformat(first[:10])).days
    except ValueError:
        return 10**6


def _support(day: str, days: dict[str, DaySupport]) -> DaySupport:
    return days.setdefault(day, DaySupport(day))


def collect_support(analyses: Sequence[ArticleAnalysis], events: Sequence[Event] = ()) -> dict[str, DaySupport]:
    """What supports each day in one story's articles and events."""
    days: dict[str, DaySupport] = {}
    pieces = {a.article.id: _Pieces(a) for a in analyses}
    for analysis in sorted(analyses, key=lambda a: a.article.id):
        article = analysis.article.id
        for mention in analysis.dates:
            if mention.type in ("DATE", "TIME") and _DAY.match(mention.value):
                candidate = pieces[article].candidate(article, mention.start)
                if candidate is not None:
                    _support(mention.value[:10], days).add(candidate, analysis.article.published)
        published = analysis.article.published
        if published and _DAY.match(published):
            support = _support(published[:10], days)
            support.published.add(article)
            support.leads.extend(pieces[article].leads(article, LEAD_SENTENCES))
    published_on = {a.article.id: a.article.published for a in analyses}
    for event in sorted(events, key=lambda e: e.id):
        # An event dated only by its article's publication date says nothing about its day.
        # Only facts make a day: a threat or a plan is not what happened.
        if event.article in pieces and event.is_fact and event.date and _DAY.match(event.date) \
                and event.date_source in ("text", "estimated"):
            candidate = pieces[event.article].candidate(event.article, event.start, frozenset({event.id}))
            if candidate is not None:
                _support(event.date[:10], days).add(candidate, published_on[event.article],
                                                    estimated=event.date_source == "estimated")
    return days


# --- date selection --------------------------------------------------------------------------


def timeline_size(articles: int) -> int:
    """How many days a brief's timeline shows for a story of `articles` articles: growing with
    the square root of the story's size (a long story's timeline must stay readable)."""
    return max(MIN_ENTRIES, min(MAX_ENTRIES, round(ENTRIES_PER_SQRT_ARTICLE * math.sqrt(articles))))


def rank_days(
    days: dict[str, DaySupport], agreement: int, window: tuple[str, str] | None = None
) -> list[DaySupport]:
    """The days (inside `window`, inclusive, when given) in the order a timeline takes them:
    days at least `agreement` articles support first, each group most salient first, ties to
    the day more articles support, then to the earlier day. Days fewer articles support only
    fill a timeline the agreed days leave short (a small story, undated articles)."""
    inside = [s for s in days.values() if window is None or window[0] <= s.day <= window[1]]
    return sorted(inside, key=lambda s: (len(s.articles) < agreement, -s.salience, -len(s.articles), s.day))


# --- day summaries ---------------------------------------------------------------------------


def _vectors(candidates: Iterable[Candidate], df: textstats.DocumentFrequencies) -> dict[Key, textstats.Vector]:
    return {c.key: df.vector(Counter(textstats.terms(c.text))) for c in candidates}


def rank_sentences(
    candidates: Sequence[Candidate], df: textstats.DocumentFrequencies, limit: int
) -> list[Candidate]:
    """Up to `limit` candidates by centrality (cosine with their centroid, events lifted),
    skipping any that repeats one already chosen."""
    vectors = _vectors(candidates, df)
    centre = textstats.centroid(vectors.values())

    def order(c: Candidate) -> tuple[float, str, int]:
        score = (textstats.dot(vectors[c.key], centre) + (EVENT_BONUS if c.events else 0.0)
                 + (LEAD_BONUS if c.lead else 0.0))
        return (-score, c.article, c.start)

    chosen: list[Candidate] = []
    for candidate in sorted(candidates, key=order):
        if len(chosen) == limit:
            break
        if all(textstats.dot(vectors[candidate.key], vectors[c.key]) <= REDUNDANT for c in chosen):
            chosen.append(candidate)
    return chosen


def _sources(support: DaySupport, told: Sequence[Candidate], events: Sequence[Event]) -> list[Span]:
    """Every sentence referring to the day, the leads of the articles published on it, and the
    other reports of its events unless they overlap a sentence already cited from the same
    article."""
    spans = set(support.mentions) | {c.key for c in [*support.leads, *told]}
    ids = {e for c in support.mentions.values() for e in c.events}
    for event in events:
        if event.id not in ids:
            continue
        for report in event.reports:
            if not any(a == report.article and s < report.end and report.start < e for a, s, e in spans):
                spans.add((report.article, report.start, report.end))
    return [Span(article=a, start=s, end=e) for a, s, e in sorted(spans)]


def summarise_day(
    support: DaySupport, df: textstats.DocumentFrequencies, per_date: int, events: Sequence[Event] = ()
) -> DatedSummary | None:
    """The day's summary, or None when no readable sentence can tell it. Sentences from
    articles reporting the day (published within REPORT_DAYS after it) tell it when there are
    any: a later article mentions the day as background to its own news."""
    pool = support.reporting or support.readable
    mentions = [support.mentions[key] for key in sorted(pool)]
    told = rank_sentences(mentions or sorted(support.leads, key=lambda c: c.key), df, per_date)
    if not told:
        return None
    return DatedSummary(
        day=support.day,
        sentences=told,
        sources=_sources(support, told, events),
        events=sorted({e for c in support.mentions.values() for e in c.events}),
        salience=support.salience,
        estimated=support.estimated,
    )


# --- per story and for the brief -------------------------------------------------------------


def story_timeline(
    analyses: Sequence[ArticleAnalysis],
    events: Sequence[Event] = (),
    max_dates: int | None = None,
    per_date: int = 1,
    window: tuple[str, str] | None = None,
) -> list[DatedSummary]:
    """One story's timeline: its most salient agreed days, each with up to `per_date` sentences.

    `max_dates` defaults to `timeline_size` of the story; `window` ("YYYY-MM-DD" first and
    last day) keeps days inside it only.
    """
    days = collect_support(analyses, events)
    agreement = min(AGREEMENT, len(analyses))
    limit = max_dates if max_dates is not None else timeline_size(len(analyses))
    texts = {c.key: c.text for s in days.values() for c in [*s.mentions.values(), *s.leads]}
    df = textstats.fit(textstats.terms(text) for text in texts.values())
    # Days no readable sentence can tell drop out, and the next most salient take their place.
    summaries: list[DatedSummary] = []
    for support in rank_days(days, agreement, window):
        if len(summaries) == limit:
            break
        summary = summarise_day(support, df, per_date, events)
        if summary is not None:
            summaries.append(summary)
    return sorted(summaries, key=lambda s: s.day)


def build_timeline(
    stories: Sequence[Story], events: Sequence[Event], analyses: Sequence[ArticleAnalysis]
) -> list[TimelineEntry]:
    """Each story's timeline entries (articles in no story form one more), sorted by day
    then story."""
    story_of = {article: story.id for story in stories for article in story.articles}
    groups: dict[str, list[ArticleAnalysis]] = {}
    for analysis in analyses:
        groups.setdefault(story_of.get(analysis.article.id, ""), []).append(analysis)
    entries = []
    for story, members in sorted(groups.items()):
        ids = {a.article.id for a in members}
        own_events = [e for e in events if e.article in ids]
        for summary in story_timeline(members, own_events):
            entries.append(
                TimelineEntry(
                    date=summary.day,
                    text=summary.sentences[0].text,
                    story=story or None,
                    events=summary.events,
                    sources=summary.sources,
                    estimated=summary.estimated,
                )
            )
    return sorted(entries, key=lambda e: (e.date, e.story or "", e.text))
