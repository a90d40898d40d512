"""Timeline: one dated entry per (story, day), told by the best sentence for that day.

Entries come from events dated to a day and from readable sentences that carry a resolved
day-precision date. All sentences and events for the same story and day pool into one entry:
its text is the sentence most central to the story (events lift their sentence), its sources
every supporting span, its events every event id.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from storyline import textstats
from storyline.model import ArticleAnalysis, Event, Span, Story, TimelineEntry

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EVENT_BONUS = 0.25  # a sentence that reports a coded event says what happened that day


@dataclass
class _Support:
    article: str
    start: int
    end: int
    text: str
    events: set[str] = field(default_factory=set)


def _sentence_at(analysis: ArticleAnalysis, offset: int) -> tuple[int, int] | None:
    """The trimmed sentence piece of `analysis` containing `offset`."""
    text = analysis.article.text
    for sentence in analysis.sentences:
        if sentence.start <= offset < sentence.end:
            for start, end in textstats.sentence_pieces(text, sentence.start, sentence.end):
                if start <= offset < end:
                    return start, end
    return None


def _dated_sentences(analysis: ArticleAnalysis) -> list[tuple[str, _Support]]:
    """(day, sentence) for every readable sentence carrying a day-precision date."""
    found = []
    text = analysis.article.text
    for mention in analysis.dates:
        if mention.type != "DATE" or not _DAY.match(mention.value):
            continue
        span = _sentence_at(analysis, mention.start)
        if span and textstats.looks_like_sentence(text[span[0] : span[1]]):
            found.append((mention.value, _Support(analysis.article.id, *span, text[span[0] : span[1]])))
    return found


def _event_support(event: Event, by_id: dict[str, ArticleAnalysis]) -> _Support:
    analysis = by_id.get(event.article)
    span = _sentence_at(analysis, event.start) if analysis else None
    start, end = span or (event.start, event.end)
    text = analysis.article.text[start:end] if analysis else event.text
    return _Support(event.article, start, end, text, {event.id})


def _collect(
    stories: Sequence[Story], events: Sequence[Event], analyses: Sequence[ArticleAnalysis]
) -> dict[tuple[str, str], list[_Support]]:
    """Supporting sentences keyed by (story id, day)."""
    story_of = {article: story.id for story in stories for article in story.articles}
    by_id = {a.article.id: a for a in analyses}
    pooled: dict[tuple[str, str], list[_Support]] = {}
    for analysis in sorted(analyses, key=lambda a: a.article.id):
        for day, support in _dated_sentences(analysis):
            pooled.setdefault((story_of.get(analysis.article.id, ""), day), []).append(support)
    for event in sorted(events, key=lambda e: e.id):
        # An event dated only by its article's publication date says nothing about its day.
        if event.date and _DAY.match(event.date) and event.date_source == "text":
            key = (story_of.get(event.article, ""), event.date)
            pooled.setdefault(key, []).append(_event_support(event, by_id))
    return pooled


def _sources(supports: Sequence[_Support], events: Sequence[Event], chosen: set[str]) -> list[Span]:
    """Every supporting sentence once: other reports of the chosen events are added unless
    they overlap a sentence already cited from the same article."""
    spans = {(s.article, s.start, s.end) for s in supports}
    for event in events:
        if event.id not in chosen:
            continue
        for report in event.reports:
            if not any(a == report.article and s < report.end and report.start < e for a, s, e in spans):
                spans.add((report.article, report.start, report.end))
    return [Span(article=a, start=s, end=e) for a, s, e in sorted(spans)]


def build_timeline(
    stories: Sequence[Story], events: Sequence[Event], analyses: Sequence[ArticleAnalysis]
) -> list[TimelineEntry]:
    """Dated entries, one per (story, day), sorted by day then story."""
    pooled = _collect(stories, events, analyses)
    centres: dict[str, textstats.Vector] = {}
    df = textstats.fit(textstats.terms(s.text) for group in pooled.values() for s in group)
    for (story, _), group in pooled.items():
        centre = centres.setdefault(story, {})
        for support in group:
            for term, weight in df.vector(Counter(textstats.terms(support.text))).items():
                centre[term] = centre.get(term, 0.0) + weight
    entries = []
    for (story, day), group in sorted(pooled.items()):
        def value(s: _Support) -> tuple[float, str, int]:
            vector = df.vector(Counter(textstats.terms(s.text)))
            score = textstats.cosine(vector, centres[story]) + (EVENT_BONUS if s.events else 0.0)
            return (-score, s.article, s.start)

        best = min(group, key=value)
        event_ids = sorted({e for s in group for e in s.events})
        entries.append(
            TimelineEntry(
                date=day,
                text=best.text,
                story=story or None,
                events=event_ids,
                sources=_sources(group, events, set(event_ids)),
            )
        )
    return sorted(entries, key=lambda e: (e.date, e.story or "", e.text))
