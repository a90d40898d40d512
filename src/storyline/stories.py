"""Stories: incremental clustering of articles into developing stories.

Articles are taken in a canonical order (date, then id). Each joins the most similar story
when the similarity reaches a threshold, else it opens a new one. Similarity mixes
- text: TF-IDF cosine of the article against the story's pooled terms,
- entities: IDF-weighted cosine of the canonical entities both mention,
- time: a decay with the gap in days between the article and the story's date range,
  so that articles years apart never join on shared names alone.
A `StoryIndex` only ever appends: adding articles later never moves earlier ones. Across
runs the stored stories are replayed as they were (`cluster_stories(previous=...)`) and only
new articles are placed, so a story that gets no new article keeps its id, articles and title
(titles depend on the story's own articles only).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from storyline import dating, textstats
from storyline.dating import DateRange
from storyline.model import ArticleAnalysis, Entity, Story

THRESHOLD = 0.15  # measured by bench/stories_t17.py
TEXT_WEIGHT = 0.6  # the rest goes to shared entities when the article has any
GRACE_DAYS = 2  # reports of one story spread over a couple of days at no cost
DECAY_DAYS = 30.0  # beyond the grace, similarity falls by e every month
TITLE_WORDS = 12


def canonical_order(
    analyses: Iterable[ArticleAnalysis], ranges: dict[str, DateRange]
) -> list[ArticleAnalysis]:
    """Known-date articles first (by date), then estimated ones, then undated; ties by id.

    Well-dated articles seed the stories that less certain ones then join.
    """
    def key(analysis: ArticleAnalysis) -> tuple:
        period = ranges[analysis.article.id]
        return (not period.exact, period.sort_key, analysis.article.id)

    return sorted(analyses, key=key)


def time_factor(article: DateRange, members: Sequence[DateRange]) -> float:
    """1 within reach of the story's nearest member (plus grace), decaying beyond it."""
    if not members:
        return 1.0
    gap = min(article.gap_days(member) for member in members)
    return math.exp(-max(0, gap - GRACE_DAYS) / DECAY_DAYS)


@dataclass
class _Story:
    id: str
    articles: list[ArticleAnalysis] = field(default_factory=list)
    terms: Counter[str] = field(default_factory=Counter)
    entities: Counter[str] = field(default_factory=Counter)
    periods: list[DateRange] = field(default_factory=list)


@dataclass
class _Features:
    terms: Counter[str]
    entities: Counter[str]
    period: DateRange
    vectors: tuple[textstats.Vector, textstats.Vector] | None = None  # cached once frozen


class StoryIndex:
    """Append-only story clusters; `add` assigns one article and returns its story id."""

    def __init__(
        self,
        entities: Sequence[Entity] = (),
        threshold: float = THRESHOLD,
        event_years: dict[tuple[str, str], int] | None = None,
            ) -> None:
        self.threshold = threshold
        self._event_years = event_years or {}
        self._spans = textstats.entity_spans(entities)
        self._term_df = textstats.DocumentFrequencies()
        self._entity_df = textstats.DocumentFrequencies()
        # Frozen: frequencies were fitted up front (`fit`), so story vectors can be cached.
        self._frozen = False
        self._vectors: dict[str, tuple[textstats.Vector, textstats.Vector]] = {}
        self._stories: list[_Story] = []
        self._features: dict[str, _Features] = {}

    def _featurize(self, analysis: ArticleAnalysis) -> _Features:
        text = (analysis.article.title or "") + "\n" + analysis.article.text
        keys = Counter(key for _, _, key in textstats.entity_keys(analysis, self._spans))
        period = dating.estimate(analysis, self._event_years)
        return _Features(Counter(textstats.terms(text)), keys, period)

    def fit(self, analyses: Sequence[ArticleAnalysis]) -> None:
        """Fix term and entity frequencies from a whole batch before adding it (faster)."""
        for analysis in analyses:
            features = self._featurize(analysis)
            self._term_df.add(features.terms)
            self._entity_df.add(features.entities)
        self._frozen = True

    def _story_vectors(self, story: _Story) -> tuple[textstats.Vector, textstats.Vector]:
        cached = self._vectors.get(story.id) if self._frozen else None
        if cached is None:
            cached = (self._term_df.vector(story.terms), self._entity_df.vector(story.entities))
            self._vectors[story.id] = cached
        return cached

    def _article_vectors(self, features: _Features) -> tuple[textstats.Vector, textstats.Vector]:
        if features.vectors is None or not self._frozen:
            features.vectors = (
                self._term_df.vector(features.terms),
                self._entity_df.vector(features.entities),
            )
        return features.vectors

    def similarity(self, features: _Features, story: _Story) -> float:
        """Combined text/entity similarity of an article to a story, scaled by the time gap."""
        story_terms, story_entities = self._story_vectors(story)
        terms, entities = self._article_vectors(features)
        text = textstats.dot(terms, story_terms)  # unit-length vectors
        score = text
        if features.entities and story.entities:
            shared = textstats.dot(entities, story_entities)
            score = TEXT_WEIGHT * text + (1 - TEXT_WEIGHT) * shared
        return score * time_factor(features.period, story.periods)

    def add(self, analysis: ArticleAnalysis) -> str:
        """Place one article: join the most similar story above threshold, else open one."""
        features = self._featurize(analysis)
        if not self._frozen:
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
        self._join(best, analysis, features)
        return best.id

    def place(self, analysis: ArticleAnalysis, story_id: str) -> None:
        """Put an article back into the story an earlier run gave it, without deciding again."""
        story = next((s for s in self._stories if s.id == story_id), None)
        if story is None:
            story = _Story(id=story_id)
            self._stories.append(story)
        features = self._featurize(analysis)
        if not self._frozen:
            self._term_df.add(features.terms)
            self._entity_df.add(features.entities)
        self._join(story, analysis, features)

    def _join(self, best: _Story, analysis: ArticleAnalysis, features: _Features) -> None:
        best.articles.append(analysis)
        self._vectors.pop(best.id, None)
        best.terms.update(features.terms)
        best.entities.update(features.entities)
        if features.period.earliest or features.period.latest:
            best.periods.append(features.period)
        self._features[analysis.article.id] = features

    def stories(self) -> list[Story]:
        """The stories so far, as records (titles from their most central article)."""
        out = []
        for story in self._stories:
            out.append(
                Story(
                    id=story.id,
                    title=self._title(story),
                    articles=[a.article.id for a in story.articles],
                    first=_exact_bound(story, min),
                    last=_exact_bound(story, max),
                )
            )
        return sorted(out, key=lambda s: (s.first or "9999", s.id))

    def _title(self, story: _Story) -> str:
        # Frequencies from the story's own articles: a story no new article joins keeps its title.
        own = textstats.fit([list(self._features[a.article.id].terms) for a in story.articles])
        centre = own.vector(story.terms)
        central = min(
            story.articles,
            key=lambda a: (
                -textstats.cosine(own.vector(self._features[a.article.id].terms), centre),
                a.article.id,
            ),
        )
        if central.article.title and central.article.title.strip():
            return central.article.title.strip()
        return _phrase(central, centre)


def _exact_bound(story: _Story, pick) -> str | None:
    """First or last known day among the story's articles (estimates are not shown)."""
    days = [p.earliest for p in story.periods if p.exact and p.earliest]
    return pick(days).isoformat() if days else None


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


def cluster_stories(
    analyses: Sequence[ArticleAnalysis],
    entities: Sequence[Entity],
    previous: Sequence[Story] = (),
) -> list[Story]:
    """Group articles into stories (summaries are left empty for the pipeline to fill).

    `previous` are the stories of an earlier run: their articles stay where they were and only
    the other articles are placed, in canonical order.
    """
    years = dating.event_years(analyses)
    index = StoryIndex(entities, event_years=years)
    index.fit(analyses)
    by_id = {a.article.id: a for a in analyses}
    for story in previous:
        for article in story.articles:
            if article in by_id:
                index.place(by_id.pop(article), story.id)
    ranges = {a.article.id: dating.estimate(a, years) for a in analyses}
    for analysis in canonical_order(by_id.values(), ranges):
        index.add(analysis)
    return index.stories()
