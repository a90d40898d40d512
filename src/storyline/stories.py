"""Stories: articles grouped the way an editor would, by what they say, whom they name and when.

Two articles are alike by
- text: the cosine of the TF-IDF vectors of their headline and lead (the first 300 words;
  the background further down is shared by every article of a beat), content-word stems and
  stem pairs (the pairs tell "Cosmos premiere" from any other premiere),
- entities: the cosine of the IDF-weighted canonical entities they name, mixed in when both
  name some,
and stories are the average-link clusters of that similarity (`clustering.average_link`), with
a time gate: two groups of articles whose nearest members are weeks apart count less, years
apart nothing, so a long-running story grows through its members close in time while the same
names a decade later open a new one.

Runs add articles to stored stories with a merge-and-split pass: a group of linked articles
(a connected component of "similarity ≥ threshold") that gains a new article is clustered
again from its articles, so stories can merge or split and the order in which batches arrive
barely matters (`bench/stories_order.py`); a group that gains none keeps its stories as
stored. A re-clustered story keeps the id of the stored story it shares most articles with,
so ids stay stable. A story's title is the headline of its most central article (never a
quotation), else the neutral lead sentence of one; its dates span all its dated articles.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix

from storyline import dating, textstats
from storyline.clustering import average_link, components
from storyline.dating import DateRange
from storyline.model import ArticleAnalysis, Entity, Event, Story

# Average similarity two groups need to share a story: chosen on UCI development headlines,
# confirmed on Timeline17 and MEANTIME full articles (bench/stories_uci.py, stories_t17.py,
# stories_meantime.py).
THRESHOLD = 0.03
TEXT_WEIGHT = 0.8  # the rest goes to shared entities when both articles name some
GRACE_DAYS = 7  # reports of one story spread over a week at no cost
DECAY_DAYS = 90.0  # beyond the grace, similarity falls by e every three months
LEAD_WORDS = 300  # a story is in the headline and lead, not the background further down
TITLE_WORDS = 12
_QUOTE_MARKS = "\"“”«»"


@dataclass
class StoryItem:
    """One article as the clustering sees it: what it is about and when, and what its story
    may be titled by (the article itself is not kept, so a run can hold many)."""

    id: str
    terms: Counter[str]
    entities: Counter[str]
    period: DateRange
    headline: str  # the article's title, "" when it has none
    lead: str | None  # its first prose sentence nobody is quoted in (`_lead`)
    opening: str  # its first words, the title of last resort


def cluster_stories(
    analyses: Sequence[ArticleAnalysis],
    entities: Sequence[Entity],
    previous: Sequence[Story] = (),
    threshold: float = THRESHOLD,
    frequencies: textstats.DocumentFrequencies | None = None,
) -> list[Story]:
    """Group articles into stories (summaries are left empty for the pipeline to fill).

    `previous` are the stories of an earlier run over some of these articles: a group of
    linked articles with no new one keeps them as they were; the others are clustered again.
    `frequencies` are the lead terms' document frequencies over a larger collection these
    articles are part of (the store's), else those of `analyses` themselves.
    """
    years = dating.event_years(a.article.text for a in analyses)
    return cluster_items(story_items(analyses, entities, years), previous, threshold, frequencies)


def story_items(analyses: Iterable[ArticleAnalysis], entities: Sequence[Entity],
                years: dict[tuple[str, str], int]) -> list[StoryItem]:
    """The clustering's view of `analyses`, whose entities are among `entities` and whose
    event years (`dating.event_years`) are `years`."""
    spans = textstats.entity_spans(entities)
    return [_item(a, spans, years) for a in analyses]


def cluster_items(
    items: Sequence[StoryItem],
    previous: Sequence[Story] = (),
    threshold: float = THRESHOLD,
    frequencies: textstats.DocumentFrequencies | None = None,
    reserved: Collection[str] = (),
) -> list[Story]:
    """`cluster_stories` for articles already turned into `story_items`; a new story takes no
    id of `reserved` (stories stored beside those in `previous`)."""
    items = sorted(items, key=lambda it: (not it.period.exact, it.period.sort_key, it.id))
    similarity = _similarity(items, frequencies)
    stored = {a: s for s in previous for a in s.articles}
    links = _links(similarity, threshold, [stored.get(it.id) for it in items])
    kept: list[Story] = []
    groups: list[list[StoryItem]] = []
    for component in components(links):
        if all(items[i].id in stored for i in component):
            kept.extend(_stored(component, items, stored))
            continue
        block = similarity[np.ix_(component, component)].toarray()
        gaps = _gaps([items[i].period for i in component])
        for cluster in average_link(block, gaps, _gate, threshold):
            groups.append([items[component[i]] for i in cluster])
    stories = kept + _named(groups, stored, {s.id for s in kept} | set(reserved), similarity, items)
    return sorted(stories, key=story_order)


def story_order(story: Story) -> tuple:
    """The brief's order of stories: by first day (undated last), then id."""
    return (story.first or "9999", story.id)


def _item(analysis: ArticleAnalysis, spans: textstats.EntitySpans,
          years: dict[tuple[str, str], int]) -> StoryItem:
    keys = Counter(key for _, _, key in textstats.entity_keys(analysis, spans))
    article = analysis.article
    return StoryItem(article.id, lead_terms(analysis), keys, dating.estimate(analysis, years),
                     (article.title or "").strip(), _lead(analysis), _shorten(article.text.split(None, TITLE_WORDS)))


def lead_terms(analysis: ArticleAnalysis) -> Counter[str]:
    """The terms an article's story is told in: content-word stems of its headline and lead,
    and pairs of them."""
    lead = " ".join(analysis.article.text.split()[:LEAD_WORDS])
    stems = textstats.terms((analysis.article.title or "") + "\n" + lead)
    return Counter(stems) + Counter(f"{a} {b}" for a, b in zip(stems, stems[1:]))


def _similarity(items: Sequence[StoryItem], frequencies: textstats.DocumentFrequencies | None = None) -> csr_matrix:
    """Article-by-article similarity: text cosine, mixed with entity cosine where both name
    entities (sparse: most pairs share nothing)."""
    text = _tfidf([it.terms for it in items], frequencies)
    named = _tfidf([it.entities for it in items])
    mixed = csr_matrix(text @ text.T)
    # where both name entities: TEXT_WEIGHT of the text cosine plus the rest of the entity one
    # (in place: a few thousand articles make pairs by the million)
    naming = np.array([bool(it.entities) for it in items])
    rows = np.repeat(np.arange(len(items)), np.diff(mixed.indptr))
    both = naming[rows] & naming[mixed.indices]
    mixed.data[both] -= (1 - TEXT_WEIGHT) * mixed.data[both]
    return csr_matrix(mixed + (1 - TEXT_WEIGHT) * (named @ named.T))


def _tfidf(counts: Sequence[Counter[str]], frequencies: textstats.DocumentFrequencies | None = None) -> csr_matrix:
    """Rows of sublinear TF-IDF weights, L2-normalised, over the collection's vocabulary
    (document frequencies from `frequencies` when given)."""
    frequencies = frequencies or textstats.fit(list(c) for c in counts)
    vocabulary: dict[str, int] = {}
    rows, cols, values = [], [], []
    for row, bag in enumerate(counts):
        vector = frequencies.vector(bag)
        for term in sorted(vector):
            rows.append(row)
            cols.append(vocabulary.setdefault(term, len(vocabulary)))
            values.append(vector[term])
    return csr_matrix((values, (rows, cols)), shape=(len(counts), max(1, len(vocabulary))))


def _links(similarity: csr_matrix, threshold: float, stories: Sequence[Story | None]) -> csr_matrix:
    """Pairs that may share a story: similar enough, or in one stored story already."""
    linked = (similarity >= threshold).astype(np.int8).tocoo()
    first: dict[str, int] = {}
    stored = [(first.setdefault(story.id, i), i) for i, story in enumerate(stories) if story is not None]
    rows = np.concatenate([linked.row, np.array([r for r, _ in stored], dtype=linked.row.dtype)])
    cols = np.concatenate([linked.col, np.array([c for _, c in stored], dtype=linked.col.dtype)])
    n = similarity.shape[0]
    return csr_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n, n))


def _gaps(periods: Sequence[DateRange]) -> np.ndarray:
    """Days between every two articles' date ranges (`DateRange.gap_days`); NaN where either
    article is undated, which says nothing about when it happened."""
    n = len(periods)
    gaps = np.zeros((n, n))
    undated = [p.earliest is None and p.latest is None for p in periods]
    for i in range(n):
        for j in range(i + 1, n):
            gap = math.nan if undated[i] or undated[j] else periods[i].gap_days(periods[j])
            gaps[i, j] = gaps[j, i] = gap
    return gaps


def _gate(gap_days: np.ndarray) -> np.ndarray:
    """1 within the grace, then falling by e every `DECAY_DAYS`."""
    return np.exp(-np.maximum(0.0, gap_days - GRACE_DAYS) / DECAY_DAYS)


def time_factor(gap_days: float) -> float:
    """The time gate for one gap, in days."""
    return float(_gate(np.array(gap_days)))


def _stored(component: Sequence[int], items: Sequence[StoryItem],
            stored: dict[str, Story]) -> list[Story]:
    """The stored stories of a group that gained no article, as they were."""
    stories = {stored[items[i].id].id: stored[items[i].id] for i in component}
    return [story.model_copy(update={"summary": []}) for story in stories.values()]


def _named(groups: list[list[StoryItem]], stored: dict[str, Story], taken: set[str],
           similarity: csr_matrix, items: Sequence[StoryItem]) -> list[Story]:
    """Stories for re-clustered groups: each takes the id of the stored story it shares most
    articles with (larger overlaps first), else one from its earliest article."""
    overlaps = sorted(
        ((shared, sid, n) for n, group in enumerate(groups)
         for sid, shared in Counter(stored[it.id].id for it in group if it.id in stored).items()),
        key=lambda o: (-o[0], o[1], o[2]),
    )
    ids: dict[int, str] = {}
    for _, sid, n in overlaps:
        if n not in ids and sid not in taken:
            ids[n] = sid
            taken.add(sid)
    position = {it.id: i for i, it in enumerate(items)}
    stories = []
    for n, group in enumerate(groups):
        if n not in ids:
            ids[n] = next((f"s-{it.id}" for it in group if f"s-{it.id}" not in taken),
                          f"s-{group[0].id}-{n}")
            taken.add(ids[n])
        rows = [position[it.id] for it in group]
        stories.append(_story(ids[n], group, similarity[np.ix_(rows, rows)].toarray()))
    return stories


def _story(story_id: str, group: Sequence[StoryItem], similarity: np.ndarray) -> Story:
    """A story record: its articles in canonical order, its title and the days it spans."""
    centrality = similarity.sum(axis=1)
    central = sorted(range(len(group)), key=lambda i: (-centrality[i], group[i].id))
    days = [d for it in group if it.period.exact for d in (it.period.earliest, it.period.latest) if d]
    return Story(
        id=story_id,
        title=_title([group[i] for i in central]),
        articles=[it.id for it in group],
        first=min(days).isoformat() if days else None,
        last=max(days).isoformat() if days else None,
    )


def reach_reported_days(stories: Sequence[Story], events: Sequence[Event]) -> list[Story]:
    """Stretch each story's last day to the latest day its articles report as done (asserted
    or reported events dated to a day, estimated ones included): an article appears no
    earlier than what it reports as fact, so a story whose undated articles report Sunday's
    declaration runs at least to that Sunday. A story with no dated article starts at the
    earliest such day within `DECAY_DAYS` of its last (older ones are background)."""
    days: dict[str, list[dt.date]] = {}
    for event in events:
        day = dating.parse_day(event.date) if event.modality in ("asserted", "reported") else None
        if day is not None:
            days.setdefault(event.article, []).append(day)
    stretched = []
    for story in stories:
        reported = [d for a in story.articles for d in days.get(a, ())]
        if reported:
            last = max(reported + ([dt.date.fromisoformat(story.last)] if story.last else []))
            recent = [d for d in reported if (last - d).days <= DECAY_DAYS]
            first = story.first or min(recent).isoformat()
            story = story.model_copy(update={"first": first, "last": last.isoformat()})
        stretched.append(story)
    return stretched


def _title(central_first: Sequence[StoryItem]) -> str:
    """The headline of the most central article that has one and is not a quotation, else
    the lead sentence of the most central article that is not reported speech."""
    for item in central_first:
        if item.headline and not any(mark in item.headline for mark in _QUOTE_MARKS):
            return item.headline
    return next((item.lead for item in central_first if item.lead), central_first[0].opening)


def _lead(analysis: ArticleAnalysis) -> str | None:
    """The first prose sentence of an article that nobody is quoted in."""
    text = analysis.article.text
    quoted = [(q.start, q.end) for q in analysis.quotes]
    for sentence in analysis.sentences:
        candidate = text[sentence.start : sentence.end].strip()
        if (not textstats.looks_like_sentence(candidate)
                or any(mark in candidate for mark in _QUOTE_MARKS)
                or any(s < sentence.end and sentence.start < e for s, e in quoted)):
            continue
        return _shorten(candidate.split())
    return None


def _shorten(tokens: Sequence[str]) -> str:
    return " ".join(tokens[:TITLE_WORDS]).rstrip(".,;:") + ("…" if len(tokens) > TITLE_WORDS else "")
