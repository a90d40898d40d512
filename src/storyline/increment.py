"""Adding articles to a stored brief: the corpus stage for what they touch, not for everything.

A run brings the corpus records up to date with the articles it stored, `CORPUS_BATCH` at a
time, each batch costing what it and the parts of stories it touches cost, not what the store
holds, in time and in memory:
- entities: the batch's mention chains are merged among themselves (`corpus.build_entities`),
  then each entity found joins the stored entity sharing a name key with it (the one with most
  mentions when several do), or the one stored person whose surname a bare name is
  (`entity_merge.entity_keys`, kept in the store); else it is a new entity. Stored entities are
  never merged with each other or renamed, so every stored record naming one stays right, and
  a batch writes only the mentions it adds.
- stories: candidates from an inverted index of lead terms (`Store.similar_articles`); the
  batch is clustered with the stories those candidates belong to, as stored stories
  (`stories.cluster_items`: a group that gains no article keeps its stories as they are). Of
  a long story the batch holds the candidates and the latest articles (`_reach`, at most
  `REGROUP_ARTICLES` stored articles in all); the rest of it follows the story its id goes to.
- the stories that changed get their records anew from the first segment that changed on
  (`corpus.story_segments`, `corpus.segment_views`: events, timelines, stances, discrepancies;
  a story's summary reads its latest articles); their earlier segments and the other stories
  keep theirs. Analyses are read from the store a part at a time.
- the corpus summary reads the largest stories (`corpus.summary_articles`); the countries and
  the years of events undated articles are dated by are counted in the store.
- the segments' records, the stories' summaries and the corpus summary are pure work on
  analyses read first: they run side by side in forked processes (`forked.run_calls`).

`storyline rebuild` runs the corpus stage over everything at once (`full_delta`); how far the
two paths give different briefs is measured by bench/incremental.py.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from storyline import dating, forked
from storyline.corpus import (STORY_SUMMARY_ARTICLES, SUMMARY_ARTICLES, StoryViews, add_description_titles,
                              build_brief, build_entities, joined_views, latest_articles, link_quotes,
                              segment_views, story_segments, summary_articles, with_summary)
from storyline.entity_merge import EntityIndex, entity_keys, new_entity_id
from storyline.model import ArticleAnalysis, Brief, Entity, Quantity, Quote, SourcedText, Story
from storyline.names import name_key
from storyline.settings import CORPUS_BATCH
from storyline.stories import StoryItem, cluster_items, lead_terms, reach_reported_days, story_items, story_order
from storyline.store import Store
from storyline.textstats import entity_spans
from storyline.summarize import summarize
from storyline.textstats import DocumentFrequencies

# Stored articles taken as story candidates for each new one (by the rare lead terms they
# share), and how rare a term must be to count: used by at most this share of the store (or
# by at most `RARE_FLOOR` articles, in a small store).
CANDIDATES = 20
RARE_SHARE = 0.02
RARE_FLOOR = 50
# The stored articles a batch is clustered with, at most: of each story its candidates reach, the
# candidates and its latest `STORY_REGROUP` articles, stories with most candidates first, while
# they fit in `REGROUP_ARTICLES`. The rest of a story stays where it is; a batch reaching more
# stories than fit leaves the others as stored. Analyses are read `LOAD_CHUNK` at a time.
REGROUP_ARTICLES = 1500
STORY_REGROUP = 100
LOAD_CHUNK = 100
# The stories' records and summaries are worked out in forked processes from analyses read
# first, a group of calls at a time: each group reads at most this many stored analyses.
FORKED_READ = 400


@dataclass
class CorpusDelta:
    """What one batch changes in the stored corpus records (`Store.apply` writes it)."""

    views: StoryViews  # the stories that changed, with the records of the segments redone
    removed_stories: list[str] = field(default_factory=list)  # stored stories they replace
    redone: dict[str, list[str]] = field(default_factory=dict)  # stories rewritten: articles whose records go
    forgotten: set[str] = field(default_factory=set)  # articles analysed anew: their old records go
    entities: list[Entity] = field(default_factory=list)  # new or changed entities, whole
    entity_keys: dict[str, set[str]] = field(default_factory=dict)
    dropped_entities: list[str] = field(default_factory=list)  # left with no mention
    quotes: list[Quote] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    terms: dict[str, list[str]] = field(default_factory=dict)  # article -> lead terms
    countries: dict[str, list[str]] = field(default_factory=dict)  # article -> countries it names
    years: dict[str, list[dating.YearMention]] = field(default_factory=dict)  # article -> events it dates by year
    summary: list[SourcedText] = field(default_factory=list)  # the corpus summary (replaced)


# Finds a batch's story candidates: (terms by article, per article, rare share, rare floor) -> ids.
Candidates = Callable[[dict[str, list[str]], int, float, int], set[str]]


def update_corpus(store: Store, summary_words: int, forget: Collection[str] = (),
                  candidates: Candidates | None = None, processes: int = 1) -> None:
    """Place every analysed article the stored brief lacks, and `forget` (articles analysed
    anew, whose stored records go), `CORPUS_BATCH` at a time, oldest publication first.
    `candidates` finds story candidates (default `Store.similar_articles`; Spark's with
    `--engine spark`); `processes` work out the stories' records side by side."""
    pending = store.unplaced()
    batches = [pending[i : i + CORPUS_BATCH] for i in range(0, len(pending), CORPUS_BATCH)] or [[]]
    for n, batch in enumerate(batches):
        if n:
            release_memory()  # what the last batch held, before the next
        store.apply(place_batch(store, batch, set(forget) if n == 0 else set(), summary_words, candidates,
                                processes))


def release_memory() -> None:
    """Hand what a batch held back to the system before the next: Python keeps freed memory
    in its heap, so without this each batch would start where the last one peaked. (Not
    after the last batch: a full collection of everything a run holds has nothing to gain then.)"""
    gc.collect()
    libc = ctypes.util.find_library("c")
    trim = getattr(ctypes.CDLL(libc), "malloc_trim", None) if libc else None
    if trim is not None:  # glibc only
        trim(0)


def full_delta(store: Store, summary_words: int, previous_stories: Sequence[Story] = ()) -> CorpusDelta:
    """The corpus stage over everything stored at once (`storyline rebuild`): the whole corpus
    as one delta, for `Store.apply(..., clear=True)`."""
    analyses = store.analyses()
    brief: Brief = build_brief(analyses, store.articles(), store.model(), summary_words, previous_stories)
    return CorpusDelta(
        views=StoryViews(brief.stories, brief.events, brief.timeline, brief.stances, brief.discrepancies),
        entities=brief.entities,
        entity_keys={e.id: entity_keys(e) for e in brief.entities},
        quotes=brief.quotes,
        quantities=brief.quantities,
        terms=_terms(analyses),
        countries={a.article.id: list(a.countries) for a in analyses},
        years=_years(analyses),
        summary=brief.summary,
    )


def _terms(analyses: Iterable[ArticleAnalysis]) -> dict[str, list[str]]:
    return {a.article.id: sorted(lead_terms(a)) for a in analyses}


def _years(analyses: Iterable[ArticleAnalysis]) -> dict[str, list[dating.YearMention]]:
    return {a.article.id: dating.year_mentions(a.article.text) for a in analyses}


def place_batch(store: Store, batch: Sequence[str], forget: set[str], summary_words: int,
                candidates: Candidates | None = None, processes: int = 1) -> CorpusDelta:
    """What placing the stored articles `batch` (and `forget`, placed again) in the stored
    brief changes; `Store.apply` writes it. The stories' records and summaries are worked out
    over `processes` forked processes."""
    new_ids = set(batch) | forget
    if not new_ids:  # articles stored but none to place (near-duplicates): the summary may change
        return CorpusDelta(views=StoryViews([], [], [], [], []),
                           summary=_corpus_summary(store, [], [], {}, _BatchEntities([]), set(), summary_words)())
    new = {a.article.id: a for a in store.analyses(new_ids)}
    linked = _link_entities(store, build_entities(list(new.values())), forget)
    terms, years = _terms(new.values()), _years(new.values())
    corpus_years = dating.years_of([*store.year_mentions(), *(m for found in years.values() for m in found)])
    similar = (candidates or store.similar_articles)(terms, CANDIDATES, RARE_SHARE, RARE_FLOOR) - new_ids
    published, arrivals = store.published(), store.arrivals()
    reached, at_hand = _reach(store.stories_of(similar | forget), similar, forget, published)
    previous = [s.model_copy(update={"articles": held}) for s in reached
                if (held := [a for a in s.articles if a in at_hand])]
    written = _BatchEntities(linked.entities)
    index = _index(store, new_ids, new_ids, written)
    items = story_items(new.values(), index.entities, corpus_years) + \
        _stored_items(store, at_hand, new_ids, written, corpus_years)
    clustered = cluster_items(items, previous, frequencies=_frequencies(store, terms, at_hand),
                              reserved=store.story_ids() - {s.id for s in reached})
    touched, removed = _changed(reached, _put_back(clustered, reached, at_hand))
    views, redone = _views(store, touched, reached, new, written, corpus_years, published, arrivals,
                           processes)
    stories, summary = _summaries(store, views.stories, removed, new, written, new_ids, published,
                                  summary_words, processes)
    return CorpusDelta(
        views=replace(views, stories=stories),
        removed_stories=[s for s in removed if s not in redone],
        redone=redone,
        forgotten=forget,
        entities=linked.entities,
        entity_keys={e.id: entity_keys(e) for e in linked.entities},
        dropped_entities=linked.dropped,
        quotes=link_quotes(list(new.values()), index),
        quantities=sorted((q for a in new.values() for q in a.quantities), key=lambda q: (q.article, q.start, q.end)),
        terms=terms,
        countries={a.article.id: list(a.countries) for a in new.values()},
        years=years,
        summary=summary,
    )


def _reach(stories: Sequence[Story], similar: set[str], forget: set[str],
           published: dict[str, str | None]) -> tuple[list[Story], set[str]]:
    """The stored stories a batch is clustered with (of `stories`, those its candidates
    `similar` and its `forget` articles are in), and which of their articles it holds: of each,
    the candidates and the latest `STORY_REGROUP`, stories with most candidates first while
    they fit in `REGROUP_ARTICLES` (stories holding an article to forget always)."""
    def rank(story: Story) -> tuple:
        return (not forget.intersection(story.articles), -len(similar.intersection(story.articles)), story.id)

    reached: set[str] = set()
    at_hand: set[str] = set()
    for story in sorted(stories, key=rank):
        members = [a for a in story.articles if a not in forget]
        take = similar.intersection(members) | set(latest_articles(members, published)[:STORY_REGROUP])
        if reached and len(at_hand | take) > REGROUP_ARTICLES and not forget.intersection(story.articles):
            continue
        reached.add(story.id)
        at_hand |= take
    return [s for s in stories if s.id in reached], at_hand


def _stored_items(store: Store, articles: set[str], new_ids: set[str], written: _BatchEntities,
                  years: dict[tuple[str, str], int]) -> list[StoryItem]:
    """The clustering's view of stored `articles`, read `LOAD_CHUNK` at a time with the
    entities named there (neither is kept)."""
    ordered = sorted(articles)
    items: list[StoryItem] = []
    for start in range(0, len(ordered), LOAD_CHUNK):
        chunk = ordered[start : start + LOAD_CHUNK]
        items += story_items(store.analyses(chunk), _index(store, set(chunk), new_ids, written).entities, years)
    return items


def _put_back(clustered: Sequence[Story], reached: Sequence[Story], at_hand: set[str]) -> list[Story]:
    """The clustered stories with the stored articles the batch did not hold put back: each
    story's go to the story that kept its id, else to the one holding most of its articles at
    hand. A story whose articles at hand stayed as they were is the stored story, whole."""
    out = {s.id: s for s in clustered}
    for old in reached:
        left = [a for a in old.articles if a not in at_hand]
        held = [a for a in old.articles if a in at_hand]
        if not left or not held:
            continue
        target = old.id if old.id in out else _holder(clustered, set(held))
        story = out[target]
        if story.id == old.id and story.articles == held:
            out[target] = old
            continue
        out[target] = story.model_copy(update={
            "articles": left + [a for a in story.articles if a not in left],
            "first": min((d for d in (story.first, old.first) if d), default=None),
            "last": max((d for d in (story.last, old.last) if d), default=None),
        })
    return sorted(out.values(), key=story_order)


def _holder(stories: Sequence[Story], articles: set[str]) -> str:
    """The story holding most of `articles` (then the smallest id)."""
    return min(stories, key=lambda s: (-len(articles.intersection(s.articles)), s.id)).id


def _changed(before: Sequence[Story], after: Sequence[Story]) -> tuple[list[Story], list[str]]:
    """The stories clustering made or changed (to write), and the stored ones they replace."""
    def shape(story: Story) -> tuple:
        return story.id, tuple(story.articles)

    old, new = {shape(s) for s in before}, {shape(s) for s in after}
    return [s for s in after if shape(s) not in old], [s.id for s in before if shape(s) not in new]


def _views(store: Store, touched: Sequence[Story], reached: Sequence[Story], new: dict[str, ArticleAnalysis],
           written: _BatchEntities, years: dict[tuple[str, str], int], published: dict[str, str | None],
           arrivals: dict[str, int], processes: int) -> tuple[StoryViews, dict[str, list[str]]]:
    """The records of the changed stories, one segment at a time (`corpus.story_segments`),
    from the first segment that changed: a story that keeps its id keeps the records of its
    segments before that. Returns the views (the stories without their summaries) and, of each
    story kept, the articles whose stored records they replace."""
    stored = {s.id: s for s in reached}
    jobs: list[_Job] = []
    redone: dict[str, list[str]] = {}
    for story in touched:
        segments = story_segments(story.articles, published, arrivals)
        start = 0
        if story.id in stored:
            old = story_segments(stored[story.id].articles, published, arrivals)
            start = next((i for i, (a, b) in enumerate(zip(old, segments)) if a != b), min(len(old), len(segments)))
            redone[story.id] = [a for segment in old[start:] for a in segment]
        for segment in segments[start:]:
            jobs.append(_Job(_stored_count(segment, new), len(segment),
                             partial(_segment_call, store, story, segment, new, written, years)))
    views = joined_views(_run_jobs(jobs, processes))
    return replace(views, stories=reach_reported_days(touched, views.events)), redone


def _segment_call(store: Store, story: Story, segment: Sequence[str], new: dict[str, ArticleAnalysis],
                  written: _BatchEntities, years: dict[tuple[str, str], int]) -> Callable[[], StoryViews]:
    return partial(segment_views, story, _read(store, segment, new), _index(store, set(segment), set(new), written),
                   years)


def _summaries(store: Store, stories: Sequence[Story], removed: Sequence[str], new: dict[str, ArticleAnalysis],
               written: _BatchEntities, new_ids: set[str], published: dict[str, str | None], words: int,
               processes: int) -> tuple[list[Story], list[SourcedText]]:
    """The `stories` with their summaries (in the brief's order), and the corpus summary over
    the stories as the batch leaves them, worked out side by side."""
    jobs = []
    for story in stories:
        latest = latest_articles(story.articles, published)[:STORY_SUMMARY_ARTICLES]
        jobs.append(_Job(_stored_count(latest, new), len(latest),
                         partial(_story_summary, store, story, new, written, latest, words)))
    jobs.append(_Job(SUMMARY_ARTICLES, SUMMARY_ARTICLES,
                     partial(_corpus_summary, store, removed, stories, new, written, new_ids, words)))
    *summarised, summary = _run_jobs(jobs, processes)
    return sorted(summarised, key=story_order), summary


def _story_summary(store: Store, story: Story, new: dict[str, ArticleAnalysis], written: _BatchEntities,
                   latest: list[str], words: int) -> Callable[[], Story]:
    """`corpus.with_summary`, reading only the story's `latest` articles."""
    index = _index(store, set(latest), set(new), written)
    by_id = {a.article.id: a for a in _read(store, latest, new)}
    return partial(_with_summary, story, by_id, index, words)


def _with_summary(story: Story, by_id: dict[str, ArticleAnalysis], index: EntityIndex, words: int) -> Story:
    return with_summary(story, by_id, index, words, entity_spans(index.entities))


def _stored_count(articles: Iterable[str], new: dict[str, ArticleAnalysis]) -> int:
    return sum(1 for a in articles if a not in new)


@dataclass(frozen=True)
class _Job:
    """Pure work on analyses read from the store first: how many stored analyses `read` reads,
    how many analyses the work covers (what its time grows with), and `read`, which reads them
    and returns the call that does the work."""

    reads: int
    weight: int
    read: Callable[[], Callable[[], Any]]


def _run_jobs(jobs: Sequence[_Job], processes: int) -> list[Any]:
    """The jobs' results, in order. Their calls run over `processes` forked processes
    (`forked.run_calls`) a group at a time, each group reading at most `FORKED_READ` analyses
    (or one job's), so that memory stays bounded however many stories a batch touches."""
    results: list[Any] = []
    group: list[_Job] = []
    reads = 0
    for job in jobs:
        if group and reads + job.reads > FORKED_READ:
            results.extend(_run_group(group, processes))
            group, reads = [], 0
        group.append(job)
        reads += job.reads
    results.extend(_run_group(group, processes))
    return results


def _run_group(group: Sequence[_Job], processes: int) -> list[Any]:
    return forked.run_calls([job.read() for job in group], processes, weights=[job.weight for job in group])


def _read(store: Store, articles: Sequence[str], new: dict[str, ArticleAnalysis]) -> list[ArticleAnalysis]:
    """The analyses of `articles`, by id: the batch's from memory, the others from the store."""
    stored = store.analyses(set(articles) - set(new))
    add_description_titles(stored)
    return sorted([new[a] for a in articles if a in new] + stored, key=lambda a: a.article.id)


def _frequencies(store: Store, new: dict[str, list[str]], stored: set[str]) -> DocumentFrequencies:
    """The lead terms' document frequencies over the store with the batch in it, so that a
    story is told apart by what is rare in the store, not in the few articles at hand: for
    the batch's terms and those the index holds for the `stored` articles at hand."""
    frequencies = DocumentFrequencies()
    frequencies.counts.update(store.term_frequencies({t for terms in new.values() for t in terms}, stored))
    frequencies.documents = store.indexed_articles()
    for terms in new.values():
        frequencies.add(terms)
    return frequencies


# --- entities --------------------------------------------------------------------------------


@dataclass
class _Linked:
    """The batch's entities joined to the stored ones: every entity to write, with the
    mentions the batch adds to it."""

    entities: list[Entity]
    dropped: list[str]


def _link_entities(store: Store, local: EntityIndex, forget: set[str]) -> _Linked:
    """Join the batch's entities to stored ones by name key (or a bare surname to the one
    stored person carrying it); the others become new entities with ids of their own."""
    ordered = sorted(local.entities, key=lambda e: min((m.article, m.start) for m in e.mentions))
    keys = {e.id: entity_keys(e) | _surname_key(e) for e in ordered}
    found = store.entities_by_key(set().union(*keys.values())) if keys else {}
    targets = {e.id: _stored_match(e, keys[e.id], found) for e in ordered}
    stored = {e.id: e.model_copy(update={"mentions": []})
              for e in store.entities({t for t in targets.values() if t})}
    taken = store.entity_ids()
    written: dict[str, Entity] = {}
    for entity in ordered:
        target = targets[entity.id]
        if target is None:
            new_id = new_entity_id(entity.name, entity.type, taken)
            written[new_id] = entity.model_copy(update={"id": new_id})
        else:
            written[target] = _joined(written.get(target, stored[target]), entity)
    # the mentions of articles analysed anew go with their old records; an entity named only there goes
    dropped = sorted(store.named_only_in(forget) - set(written)) if forget else []
    return _Linked(list(written.values()), dropped)


def _surname_key(entity: Entity) -> set[str]:
    """A bare one-word person's name looks for the stored person whose surname it is."""
    if entity.type == "PERSON" and " " not in entity.name.strip():
        return {f"SURNAME:{name_key(entity.name)}"}
    return set()


def _stored_match(entity: Entity, keys: set[str], found: dict[str, list[tuple[str, int]]]) -> str | None:
    """The stored entity a new one joins: one sharing a name key (most mentions first), else
    the one person whose surname a bare name is; None when there is neither."""
    named = {eid: n for key in keys if not key.startswith("SURNAME:") for eid, n in found.get(key, ())}
    if named:
        return sorted(named.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    people = {eid for key in _surname_key(entity) for eid, _ in found.get(key, ())}
    return people.pop() if len(people) == 1 else None


def _joined(stored: Entity, new: Entity) -> Entity:
    """A stored entity with a new one's mentions, forms and titles; it keeps its id and name.
    Its confidence is the lower of the two (each is the chance all its merges are right).
    (The mentions are those the batch adds: the stored ones stay in the store.)"""
    forms = {new.name, *new.aliases, *stored.aliases} - {stored.name}
    return stored.model_copy(update={
        "aliases": sorted(forms),
        "titles": sorted({*stored.titles, *new.titles}),
        "affiliation": stored.affiliation or new.affiliation,
        "country": stored.country or new.country,
        "place": stored.place or new.place,
        "mentions": sorted([*stored.mentions, *new.mentions], key=lambda m: (m.article, m.start)),
        "confidence": min(stored.confidence, new.confidence),
    })


def _index(store: Store, articles: set[str], new_ids: set[str], written: _BatchEntities) -> EntityIndex:
    """The entities named in `articles` (stored ones, and the batch's `new_ids`), each with its
    mentions there; `written` are the batch's entities as it leaves them."""
    entities = _entities_named_in(store, articles, new_ids, written)
    by_mention = {(m.article, m.start, m.end): e.id for e in entities for m in e.mentions}
    return EntityIndex(entities=entities, by_mention=by_mention)


class _BatchEntities:
    """The batch's entities as it leaves them (`written`), found by id and by the articles
    that name them: a batch asks for those of each segment and story it works on."""

    def __init__(self, written: Sequence[Entity]) -> None:
        self.by_id = {e.id: e for e in written}
        # the order they take after the stored entities in a list (`_entities_named_in`)
        self._ordered = sorted(written, key=lambda e: (-len(e.mentions), e.name, e.id))
        self._naming: dict[str, list[int]] = {}
        for rank, entity in enumerate(self._ordered):
            for article in {m.article for m in entity.mentions}:
                self._naming.setdefault(article, []).append(rank)

    def naming(self, articles: Collection[str]) -> list[Entity]:
        """Those named in any of `articles`, in their list order."""
        ranks = {rank for article in articles for rank in self._naming.get(article, ())}
        return [self._ordered[rank] for rank in sorted(ranks)]


def _entities_named_in(store: Store, articles: set[str], new_ids: set[str], written: _BatchEntities) -> list[Entity]:
    """The entities named in `articles`, with their mentions there only: stored ones in the
    brief's order (as this batch changes them, its mentions added), then the batch's new ones."""
    entities = []
    joined: set[str] = set()
    for entity in store.entities_in(articles - new_ids):
        update = written.by_id.get(entity.id)
        if update is not None:
            joined.add(entity.id)
            entity = update.model_copy(update={"mentions": entity.mentions + update.mentions})
        entities.append(entity)
    entities += [e for e in written.naming(articles) if e.id not in joined]
    return [e.model_copy(update={"mentions": mentions}) for e in entities
            if (mentions := [m for m in e.mentions if m.article in articles])]


# --- the corpus summary ----------------------------------------------------------------------


def _corpus_summary(store: Store, removed: Sequence[str], changed: Sequence[Story],
                    loaded: dict[str, ArticleAnalysis], written: _BatchEntities, new_ids: set[str],
                    words: int) -> Callable[[], list[SourcedText]]:
    """The corpus summary over the stories as this batch leaves them: its analyses read, the call."""
    gone = set(removed) | {s.id for s in changed}
    stories = [s for s in store.stories() if s.id not in gone] + list(changed)
    read = summary_articles(stories, store.published())
    missing = store.analyses(read - set(loaded))
    add_description_titles(missing)
    analyses = sorted([loaded[a] for a in read if a in loaded] + missing, key=lambda a: a.article.id)
    return partial(summarize, analyses, _entities_named_in(store, read, new_ids, written), words=words)
