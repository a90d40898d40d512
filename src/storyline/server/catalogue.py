"""What the HTTP API answers from: one brief, indexed for the questions an analyst asks.

A `Catalogue` is built from the store's brief when the server starts (and again when articles
are added), then only read: requests never touch the store, so reading is never blocked by a
run writing to it, and every answer comes from one consistent brief.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from storyline.changes import Changes, Match, Watch, changes_since, previous_run, watch_matches
from storyline.dating import latest_first
from storyline.model import Article, Brief, Discrepancy, Entity, Event, Quote, Sentence, Story
from storyline.server.search import SentenceIndex

T = TypeVar("T")
MAX_LIMIT = 200  # records per page, at most
KEY_ACTORS = 10  # entities listed per story
CACHED = 64  # answers worked out for "what's new" and for watches, kept until the next brief


@dataclass(frozen=True)
class Page:
    """One page of a list: `items` from `offset`, of `total`."""

    total: int
    offset: int
    limit: int
    items: list


def page(items: Sequence[T], offset: int = 0, limit: int = 50) -> Page:
    """`items[offset:offset+limit]`, the limit held to 1..`MAX_LIMIT`."""
    offset, limit = max(0, offset), min(max(1, limit), MAX_LIMIT)
    return Page(total=len(items), offset=offset, limit=limit, items=list(items[offset : offset + limit]))


def _folded(text: str | None) -> str:
    return (text or "").casefold()


class Catalogue:
    """The brief with its records indexed by article, entity and story."""

    def __init__(self, brief: Brief, stored: Mapping[str, str] | None = None, runs: Sequence[str] = (),
                 watches: Sequence[Watch] = (), sentences: Mapping[str, Sequence[Sentence]] | None = None) -> None:
        """`stored` is when each article was stored, `runs` when each run began, `watches`
        the saved watches and `sentences` each article's parsed sentences (all from the store)."""
        self.brief = brief
        self.search: SentenceIndex | None = None  # set by whoever has the sentences
        self.stored: dict[str, str] = dict(stored or {})
        self.runs = list(runs)
        self.watches: dict[str, Watch] = {w.id: w for w in watches}
        self.sentences: Mapping[str, Sequence[Sentence]] = sentences or {}
        # the catalogue never changes once built: what was worked out once is kept
        self._changes: dict[str | None, Changes | None] = {}
        self._matches: dict[tuple[str, str], list[Match]] = {}
        self.articles: dict[str, Article] = {a.id: a for a in brief.articles}
        self.entities: dict[str, Entity] = {e.id: e for e in brief.entities}
        self.stories: dict[str, Story] = {s.id: s for s in brief.stories}
        self.story_of: dict[str, str] = {a: s.id for s in brief.stories for a in s.articles}
        self.entities_in: dict[str, Counter[str]] = defaultdict(Counter)  # article -> entity -> mentions
        for entity in brief.entities:
            for mention in entity.mentions:
                self.entities_in[mention.article][entity.id] += 1

    # --- stories ------------------------------------------------------------------------

    def ranked_stories(self) -> list[Story]:
        """Most recent first (last day reported), then the larger, then by id."""
        return sorted(self.brief.stories, key=lambda s: (latest_first(s.last), -len(s.articles), s.id))

    def story_days(self, story: Story) -> dict[str, int]:
        """Articles per publication day (undated articles left out), for the story's chart."""
        days: Counter[str] = Counter()
        for aid in story.articles:
            published = self.articles[aid].published if aid in self.articles else None
            if published:
                days[published[:10]] += 1
        return dict(sorted(days.items()))

    def story_detail(self, story: Story) -> dict:
        """A story with what the brief says within it."""
        members = set(story.articles)
        return {
            "story": story,
            "days": self.story_days(story),
            "articles": [self.articles[a] for a in story.articles if a in self.articles],
            "events": [e for e in self.brief.events if _reported_in(e, members)],
            "stances": [s for s in self.brief.stances if s.story == story.id],
            "discrepancies": [d for d in self.brief.discrepancies if _touches(d, members)],
            "timeline": [t for t in self.brief.timeline if t.story == story.id],
            "key_actors": self._key_actors(members),
        }

    def _key_actors(self, members: Iterable[str]) -> list[dict]:
        counts: Counter[str] = Counter()
        for article in members:
            counts.update(self.entities_in.get(article, Counter()))
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:KEY_ACTORS]
        return [{"entity": self.entities[e].id, "name": self.entities[e].name, "type": self.entities[e].type,
                 "mentions": n} for e, n in ranked if e in self.entities]

    # --- entities -----------------------------------------------------------------------

    def find_entities(self, query: str | None = None, type_: str | None = None) -> list[Entity]:
        """Entities whose name or an alias holds `query` (case-insensitive), most mentioned first."""
        wanted = _folded(query)
        found = [e for e in self.brief.entities
                 if (not wanted or wanted in _folded(e.name) or any(wanted in _folded(a) for a in e.aliases))
                 and (type_ is None or e.type == type_)]
        return sorted(found, key=lambda e: (-len(e.mentions), e.name, e.id))

    def entity_detail(self, entity: Entity) -> dict:
        """An entity with what it said, did and holds, and who appears with it."""
        articles = {m.article for m in entity.mentions}
        together: Counter[str] = Counter()
        for article in articles:
            together.update({other: 1 for other in self.entities_in.get(article, ()) if other != entity.id})
        ranked = sorted(together.items(), key=lambda item: (-item[1], item[0]))[:20]
        return {
            "entity": entity,
            "quotes": [q for q in self.brief.quotes if q.speaker == entity.id],
            "events": [e for e in self.brief.events if entity.id in (e.source, e.target)],
            "stances": [s for s in self.brief.stances if s.actor == entity.id],
            "co_occurring": [{"entity": e, "name": self.entities[e].name, "articles": n}
                             for e, n in ranked if e in self.entities],
        }

    # --- quotes and events --------------------------------------------------------------

    def find_quotes(self, speaker: str | None = None, text: str | None = None) -> list[Quote]:
        """Quotes by a speaker (entity id, or words of the speaker's name) holding `text`."""
        return [q for q in self.brief.quotes
                if (speaker is None or self._is_speaker(q, speaker))
                and (text is None or _folded(text) in _folded(q.text))]

    def _is_speaker(self, quote: Quote, speaker: str) -> bool:
        if quote.speaker == speaker:
            return True
        name = self.entities[quote.speaker].name if quote.speaker in self.entities else quote.speaker_text
        return _folded(speaker) in _folded(name)

    def find_events(self, type_: str | None = None, actor: str | None = None,
                    since: str | None = None, until: str | None = None) -> list[Event]:
        """Events of a PLOVER type, with an actor (entity id or words of a name), dated within
        [since, until] (ISO days; an event's date compared by its day part)."""
        found = []
        for event in self.brief.events:
            day = (event.date or "")[:10]
            if type_ is not None and event.type != type_.upper():
                continue
            if actor is not None and not self._is_actor(event, actor):
                continue
            if (since is not None or until is not None) and not _is_day(day):
                continue
            if (since is not None and day < since) or (until is not None and day > until):
                continue
            found.append(event)
        return found

    def _is_actor(self, event: Event, actor: str) -> bool:
        names = [self.entities[e].name for e in (event.source, event.target) if e in self.entities]
        names += [event.source_text or "", event.target_text or ""]
        return actor in (event.source, event.target) or any(_folded(actor) in _folded(n) for n in names)

    # --- what's new and watches -----------------------------------------------------------

    def changes(self, since: str | None = None) -> Changes | None:
        """What came since `since` (default: the latest run, when there was an earlier one)."""
        since = since or previous_run(self.runs)
        return _cached(self._changes, since,
                       lambda: changes_since(self.brief, self.stored, since) if since else None)

    def watch_matches(self, watch: Watch) -> list[Match]:
        """What the watch finds, newest first."""
        return _cached(self._matches, (watch.id, watch.created),
                       lambda: watch_matches(watch, self.brief, self.stored, self.sentences))

    def places(self, story: Story | None = None) -> list[dict]:
        """Places with coordinates, with how often they are named (in the story, when given)."""
        members = set(story.articles) if story is not None else None
        found = []
        for entity in self.brief.entities:
            place = entity.place
            if place is None or place.lat is None or place.lon is None:
                continue
            mentions = sum(members is None or m.article in members for m in entity.mentions)
            if mentions:
                found.append({"entity": entity.id, "name": entity.name, "lat": place.lat, "lon": place.lon,
                              "country": place.country, "mentions": mentions})
        return sorted(found, key=lambda p: (-p["mentions"], p["name"], p["entity"]))

    # --- articles -----------------------------------------------------------------------

    def article_detail(self, article: Article) -> dict:
        """An article with the spans to highlight: entity mentions, quotes, events."""
        aid = article.id
        mentions = [{"start": m.start, "end": m.end, "entity": e.id, "name": e.name, "type": e.type}
                    for e in self.brief.entities for m in e.mentions if m.article == aid]
        return {
            "article": article,
            "story": self.story_of.get(aid),
            "mentions": sorted(mentions, key=lambda m: (m["start"], m["end"])),
            "quotes": [q for q in self.brief.quotes if q.article == aid],
            "events": [e for e in self.brief.events if e.article == aid],
        }


def _cached(cache: dict, key, work: Callable[[], T]) -> T:
    """`work()`'s answer for `key`, worked out once (the cache is emptied when it holds `CACHED`)."""
    if key not in cache:
        if len(cache) >= CACHED:
            cache.clear()
        cache[key] = work()
    return cache[key]


def _is_day(text: str) -> bool:
    return len(text) == 10 and text[4] == "-" and text[7] == "-" and text.replace("-", "").isdigit()


def _reported_in(event: Event, articles: set[str]) -> bool:
    return event.article in articles or any(r.article in articles for r in event.reports)


def _touches(discrepancy: Discrepancy, articles: set[str]) -> bool:
    return any(v.article in articles for v in discrepancy.values)


__all__ = ["MAX_LIMIT", "Catalogue", "Page", "page"]
