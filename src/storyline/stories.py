"""Stories: incremental clustering of articles into developing stories.

Articles are taken in a canonical order (date, then id). Each joins the most similar story
when the similarity reaches a threshold, else it opens a new one. Similarity mixes
- text: TF-IDF cosine of the article against the story's pooled terms,
- entities: IDF-weighted cosine of the canonical entities both mention,
- time: a decay with the gap in days between the article and the story's date range,
  so that articles years apart never join on shared names alone.
A `StoryIndex` only ever appends: adding articles later never moves earlier ones.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from storyline import textstats
from storyline.model import ArticleAnalysis, Entity, Story

THRESHOLD = 0.2
TEXT_WEIGHT = 0.6  # the rest goes to shared entities when the article has any
GRACE_DAYS = 2  # reports of one story spread over a couple of days at no cost
DECAY_DAYS = 30.0  # beyond the grace, similarity falls by e every month
TITLE_WORDS = 12
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")
_RETROSPECTIVE_BEFORE = re.compile(r"(?:['’]s|\bthe|\bThe) $")
_LOWERCASE_WORD_AFTER = re.compile(r" [a-z]")


def _parse_day(value: str | None) -> dt.date | None:
    if not value or not _DAY.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def article_date(analysis: ArticleAnalysis) -> dt.date | None:
    """Publication date, else the (lower) median of the article's resolved day-precision dates."""
    published = _parse_day(analysis.article.published)
    if published:
        return published
    days = sorted(d for d in (_parse_day(m.value) for m in analysis.dates if m.type == "DATE") if d)
    return days[(len(days) - 1) // 2] if days else None


def earliest_date(analysis: ArticleAnalysis) -> dt.date | None:
    """A lower bound on an undated article's date, from years it treats as past.

    A year written as the modifier of an event ("Kosovo's 2008 declaration", "the 1998-1999
    war") looks back at that event, so the article is from a later year.
    """
    text = analysis.article.text
    years = []
    for mention in analysis.dates:
        before = text[max(0, mention.start - 4) : mention.start]
        after = text[mention.end : mention.end + 2]
        if _RETROSPECTIVE_BEFORE.search(before) and _LOWERCASE_WORD_AFTER.match(after):
            years.extend(int(y) for y in _YEAR.findall(mention.text))
    return dt.date(max(years) + 1, 1, 1) if years else None


def estimated_date(analysis: ArticleAnalysis) -> dt.date | None:
    """The article's date, else its lower bound: what the time decay compares."""
    return article_date(analysis) or earliest_date(analysis)


def canonical_order(analyses: Iterable[ArticleAnalysis]) -> list[ArticleAnalysis]:
    """Analyses sorted by (estimated date, id); undated articles go last."""
    return sorted(analyses, key=lambda a: (estimated_date(a) or dt.date.max, a.article.id))


def time_factor(day: dt.date | None, first: dt.date | None, last: dt.date | None) -> float:
    """1 within the story's date range (plus grace), decaying exponentially beyond it."""
    if day is None or first is None or last is None:
        return 1.0
    gap = (first - day).days if day < first else max(0, (day - last).days)
    return math.exp(-max(0, gap - GRACE_DAYS) / DECAY_DAYS)


@dataclass
class _Story:
    id: str
    articles: list[ArticleAnalysis] = field(default_factory=list)
    terms: Counter[str] = field(default_factory=Counter)
    entities: Counter[str] = field(default_factory=Counter)
    first: dt.date | None = None
    last: dt.date | None = None


@dataclass
class _Features:
    terms: Counter[str]
    entities: Counter[str]
    day: dt.date | None  # the article's date or its lower bound, for the time decay
    dated: bool  # whether `day` is a real date (only real dates set a story's first/last)


class StoryIndex:
    """Append-only story clusters; `add` assigns one article and returns its story id."""

    def __init__(self, entities: Sequence[Entity] = (), threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._spans = textstats.entity_spans(entities)
        self._term_df = textstats.DocumentFrequencies()
        self._entity_df = textstats.DocumentFrequencies()
        self._stories: list[_Story] = []
        self._features: dict[str, _Features] = {}

    def _featurize(self, analysis: ArticleAnalysis) -> _Features:
        text = (analysis.article.title or "") + "\n" + analysis.article.text
        keys = Counter(key for _, _, key in textstats.entity_keys(analysis, self._spans))
        known = article_date(analysis)
        day = known or earliest_date(analysis)
        return _Features(Counter(textstats.terms(text)), keys, day, dated=known is not None)

    def similarity(self, features: _Features, story: _Story) -> float:
        """Combined text/entity similarity of an article to a story, scaled by the time gap."""
        text = textstats.cosine(self._term_df.vector(features.terms), self._term_df.vector(story.terms))
        score = text
        if features.entities and story.entities:
            shared = textstats.cosine(
                self._entity_df.vector(features.entities), self._entity_df.vector(story.entities)
            )
            score = TEXT_WEIGHT * text + (1 - TEXT_WEIGHT) * shared
        return score * time_factor(features.day, story.first, story.last)

    def add(self, analysis: ArticleAnalysis) -> str:
        """Place one article: join the most similar story above threshold, else open one."""
        features = self._featurize(analysis)
        self._term_df.add(features.terms)
        self._entity_df.add(features.entities)
        best, best_score = None, -1.0
        for story in self._stories:  # creation order and strict '>', so ties go to the older story
            score = self.similarity(features, story)
            if score > best_score:
                best, best_score = story, score
        if best is None or best_score < self.threshold:
            best = _Story(id="s-" + analysis.article.id)
            self._stories.append(best)
        best.articles.append(analysis)
        best.terms.update(features.terms)
        best.entities.update(features.entities)
        if features.day and features.dated:
            best.first = min(best.first or features.day, features.day)
            best.last = max(best.last or features.day, features.day)
        self._features[analysis.article.id] = features
        return best.id

    def stories(self) -> list[Story]:
        """The stories so far, as records (titles from their most central article)."""
        out = []
        for story in self._stories:
            out.append(
                Story(
                    id=story.id,
                    title=self._title(story),
                    articles=[a.article.id for a in story.articles],
                    first=story.first.isoformat() if story.first else None,
                    last=story.last.isoformat() if story.last else None,
                )
            )
        return sorted(out, key=lambda s: (s.first or "9999", s.id))

    def _title(self, story: _Story) -> str:
        centre = self._term_df.vector(story.terms)
        central = min(
            story.articles,
            key=lambda a: (
                -textstats.cosine(self._term_df.vector(self._features[a.article.id].terms), centre),
                a.article.id,
            ),
        )
        if central.article.title and central.article.title.strip():
            return central.article.title.strip()
        return _phrase(central, centre)


def _phrase(analysis: ArticleAnalysis, centre: textstats.Vector) -> str:
    """The opening words of the article's sentence closest to the story centre."""
    text = analysis.article.text
    best, best_score = "", -1.0
    for sentence in analysis.sentences:
        candidate = text[sentence.start : sentence.end].strip()
        if not textstats.looks_like_sentence(candidate):
            continue
        score = textstats.cosine(dict(Counter(textstats.terms(candidate))), centre)
        if score > best_score:
            best, best_score = candidate, score
    if not best:
        best = " ".join(text.split()[:TITLE_WORDS])
    tokens = best.split()
    return " ".join(tokens[:TITLE_WORDS]).rstrip(".,;:") + ("…" if len(tokens) > TITLE_WORDS else "")


def cluster_stories(analyses: Sequence[ArticleAnalysis], entities: Sequence[Entity]) -> list[Story]:
    """Group articles into stories (summaries are left empty for the pipeline to fill)."""
    index = StoryIndex(entities)
    for analysis in canonical_order(analyses):
        index.add(analysis)
    return index.stories()
