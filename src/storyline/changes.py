"""What's new in a brief since a time, and saved watches with their matches.

The store records when each article was stored and when each run that stored some ended. What changed since
a time is the part of the brief those later articles brought: stories that are wholly new or
have grown, events first reported in them, their quotes, and discrepancies they take part in.
A watch (an entity, an event type or a phrase) lists every record that matches it, newest
first, each marked new when it was stored after the watch was made. Both are views of the
brief: nothing here changes it.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import Literal

from pydantic import BaseModel, Field

from storyline.dating import latest_first
from storyline.errors import UsageError
from storyline.events.lexicon import event_types
from storyline.model import Brief, Discrepancy, Event, Quote, Sentence, Story

WatchKind = Literal["entity", "type", "phrase"]
WATCH_KINDS: tuple[str, ...] = ("entity", "type", "phrase")
MAX_WATCH_TEXT = 200  # characters of a watched name or phrase


# --- times ----------------------------------------------------------------------------------


def parse_time(text: str) -> str:
    """`text` ("2026-11-29", "2026-11-29T14:00", with or without an offset; UTC when none) as
    the store writes times, so that times compare as strings."""
    try:
        when = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"not a time: {text!r} (give an ISO date or time, e.g. 2026-11-29 "
                         "or 2026-11-29T14:00)") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc).isoformat(timespec="microseconds")


def stored_since(stored: Mapping[str, str], since: str) -> set[str]:
    """The articles stored at or after `since` (times as the store writes them)."""
    return {article for article, when in stored.items() if when >= since}


# --- what changed ---------------------------------------------------------------------------


class GrowingStory(BaseModel):
    """A story that had articles before and gained `added` more."""

    story: Story
    added: int


class Changes(BaseModel):
    """The part of a brief brought by the articles stored since `since`."""

    since: str = Field(description="ISO 8601 UTC time the changes are counted from")
    articles: list[str] = Field(default_factory=list, description="ids of the articles stored since")
    new_stories: list[Story] = Field(default_factory=list)
    growing_stories: list[GrowingStory] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list, description="events first reported since")
    quotes: list[Quote] = Field(default_factory=list)
    discrepancies: list[Discrepancy] = Field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.articles


def changes_since(brief: Brief, stored: Mapping[str, str], since: str) -> Changes:
    """What the articles stored at or after `since` brought to `brief`."""
    new = stored_since(stored, since) & {a.id for a in brief.articles}
    fresh, growing = [], []
    for story in brief.stories:
        added = sum(a in new for a in story.articles)
        if added == len(story.articles):
            fresh.append(story)
        elif added:
            growing.append(GrowingStory(story=story, added=added))
    return Changes(
        since=since,
        articles=sorted(new),
        new_stories=fresh,
        growing_stories=growing,
        events=[e for e in brief.events if all(a in new for a in _reporting(e))],
        quotes=[q for q in brief.quotes if q.article in new],
        discrepancies=[d for d in brief.discrepancies if any(v.article in new for v in d.values)],
    )


def _reporting(event: Event) -> list[str]:
    """Every article that reports the event."""
    return [event.article, *(r.article for r in event.reports)]


# --- watches --------------------------------------------------------------------------------


class Watch(BaseModel):
    """A saved question: an entity (id or words of its name), an event type, or a phrase."""

    id: str
    kind: WatchKind
    value: str
    created: str = Field(description="ISO 8601 UTC time it was made; later matches are new")


class Match(BaseModel):
    """One record a watch found: a quote, an event, or a sentence holding the phrase."""

    kind: Literal["quote", "event", "sentence"]
    record: str | None = Field(None, description="the quote's or event's id")
    article: str
    start: int
    end: int
    text: str
    stored: str | None = Field(None, description="when its article was stored")
    new: bool = Field(False, description="stored after the watch was made")


def new_watch(kind: str, value: str, created: str) -> Watch:
    """A watch, checked; the same kind and value always give the same id (one watch)."""
    value = " ".join(value.split())
    if kind not in WATCH_KINDS:
        raise UsageError(f"a watch is one of {', '.join(WATCH_KINDS)}, not {kind!r}")
    if not value or len(value) > MAX_WATCH_TEXT:
        raise UsageError(f"a watch needs a value of 1 to {MAX_WATCH_TEXT} characters")
    if kind == "type":
        value = value.upper()
        if value not in event_types():
            raise UsageError(f"no event type {value!r}; one of {', '.join(sorted(event_types()))}")
    key = f"{kind}:{value.casefold()}".encode("utf-8")
    return Watch(id="w" + hashlib.sha256(key).hexdigest()[:10], kind=kind, value=value, created=created)


def watch_matches(watch: Watch, brief: Brief, stored: Mapping[str, str],
                  sentences: Mapping[str, Sequence[Sentence]]) -> list[Match]:
    """What `watch` finds in the brief, newest first (then by article and place)."""
    if watch.kind == "entity":
        found = _entity_matches(watch.value, brief)
    elif watch.kind == "type":
        found = [_event_match(e) for e in brief.events if e.type == watch.value]
    else:
        found = _phrase_matches(watch.value, brief, sentences)
    for match in found:
        match.stored = stored.get(match.article)
        match.new = match.stored is not None and match.stored >= watch.created
    return sorted(found, key=lambda m: (latest_first(m.stored), m.article, m.start, m.kind))


def _entity_matches(value: str, brief: Brief) -> list[Match]:
    """Quotes by, and events done by or to, the entities the value names (id or name words)."""
    wanted = value.casefold()
    ids = {e.id for e in brief.entities
           if e.id == value or wanted in e.name.casefold() or any(wanted in a.casefold() for a in e.aliases)}
    quotes = [Match(kind="quote", record=q.id, article=q.article, start=q.start, end=q.end, text=q.text)
              for q in brief.quotes if q.speaker in ids]
    return quotes + [_event_match(e) for e in brief.events if ids & {e.source, e.target}]


def _event_match(event: Event) -> Match:
    return Match(kind="event", record=event.id, article=event.article, start=event.start,
                 end=event.end, text=event.text)


def _phrase_matches(phrase: str, brief: Brief, sentences: Mapping[str, Sequence[Sentence]]) -> list[Match]:
    """Each parsed sentence holding the phrase as whole words, case aside."""
    pattern = re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)", re.IGNORECASE)
    found = []
    for article in brief.articles:
        bounds = sentences.get(article.id, ())
        starts = [s.start for s in bounds]
        seen: set[int] = set()
        for hit in pattern.finditer(article.text):
            at = bisect_right(starts, hit.start()) - 1
            if at < 0 or at in seen:
                continue
            seen.add(at)
            sentence = bounds[at]
            text = article.text[sentence.start:sentence.end].rstrip()
            found.append(Match(kind="sentence", article=article.id, start=sentence.start,
                               end=sentence.start + len(text), text=text))
    return found


def previous_run(runs: Sequence[str]) -> str | None:
    """The time "what the latest run brought" counts from: the end of the run before it (`runs`
    are the ends of the runs that stored articles). None after one run: everything is new."""
    return runs[-2] if len(runs) > 1 else None
