"""The across-articles stage: from per-article analyses to the whole brief.

Merges name variants into canonical entities, links quote speakers and event actors to them,
folds many reports of one event into one event (within a story), and builds the corpus views
(stories with their summaries, timeline, stances, discrepancies, the overall summary). What is
worked out per story (`story_views`) is what a run redoes for the stories it touches
(`storyline.increment`); `build_brief` does it all at once (`storyline rebuild`).
"""

from __future__ import annotations

import re

from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from storyline import dating
from storyline.actors import actor_code, country_code, organisation_kind
from storyline.discrepancies import find_date_discrepancies, find_discrepancies
from storyline.entity_merge import EntityIndex, merge_entities
from storyline.model import (Article, ArticleAnalysis, Brief, Discrepancy, Event, ModelInfo, Quote, Stance,
                             Story, TimelineEntry)
from storyline.places import resolve_place
from storyline.lexicon import ROLE_NOUNS
from storyline.stances import find_stances
from storyline.stories import cluster_stories, reach_reported_days, story_order
from storyline.summarize import summarize
from storyline.textstats import EntitySpans, entity_spans
from storyline.timeline import build_timeline
from storyline.settings import STORY_SEGMENT, Settings


def build_brief(
    analyses: Sequence[ArticleAnalysis],
    articles: Sequence[Article],
    model: ModelInfo | None = None,
    summary_words: int = Settings.summary_words,
    previous_stories: Sequence[Story] = (),
) -> Brief:
    """The brief for all `articles` (in the order they came); `analyses` are those of the
    originals (not duplicates).

    `previous_stories` (from the store) keep their articles; only new articles are placed."""
    analyses = sorted(analyses, key=lambda a: a.article.id)
    index = build_entities(analyses)
    views = story_views(cluster_stories(analyses, index.entities, previous_stories), analyses, index,
                        {a.id: n for n, a in enumerate(articles)}, summary_words)
    by_id = {a.article.id: a for a in analyses}
    read = summary_articles(views.stories, {a.id: a.published for a in articles})
    return Brief(
        nlp_model=model,
        summary=summarize([by_id[a] for a in sorted(read) if a in by_id], index.entities, words=summary_words),
        articles=sorted(articles, key=_chronological),
        entities=index.entities,
        quotes=link_quotes(analyses, index),
        dates=sorted((d for a in analyses for d in a.dates), key=lambda d: (d.article, d.start, d.end)),
        events=views.events,
        quantities=sorted((q for a in analyses for q in a.quantities), key=lambda q: (q.article, q.start, q.end)),
        countries=corpus_countries(analyses),
        stories=views.stories,
        timeline=views.timeline,
        stances=views.stances,
        discrepancies=views.discrepancies,
    )


def build_entities(analyses: Sequence[ArticleAnalysis]) -> EntityIndex:
    """The canonical entities of `analyses` (sorted by article id), places located."""
    add_description_titles(analyses)
    return locate_places(merge_entities(analyses, codes_of=entity_codes), analyses)


@dataclass(frozen=True)
class StoryViews:
    """What the brief says per story: each record belongs to one story and is worked out from
    that story's articles alone, so a run recomputes only the stories its articles touched."""

    stories: list[Story]
    events: list[Event]
    timeline: list[TimelineEntry]
    stances: list[Stance]
    discrepancies: list[Discrepancy]


def story_views(stories: Sequence[Story], analyses: Sequence[ArticleAnalysis], index: EntityIndex,
                arrivals: dict[str, int], summary_words: int = Settings.summary_words) -> StoryViews:
    """Events (dated, merged within each story segment), summaries, timelines, stances and
    discrepancies of `stories`, whose articles' analyses are `analyses` (and `arrivals` the
    order the articles came, `story_segments`)."""
    years = dating.event_years(a.article.text for a in analyses)
    by_id = {a.article.id: a for a in analyses}
    published = {a: by_id[a].article.published for s in stories for a in s.articles if a in by_id}
    parts = [segment_views(story, [by_id[a] for a in segment if a in by_id], index.within(segment), years)
             for story in stories for segment in story_segments(story.articles, published, arrivals)]
    views = joined_views(parts)
    spans = entity_spans(index.entities)
    stories = [with_summary(story, by_id, index, summary_words, spans)
               for story in sorted(reach_reported_days(stories, views.events), key=story_order)]
    return StoryViews(stories, views.events, views.timeline, views.stances, views.discrepancies)


def story_segments(articles: Sequence[str], published: dict[str, str | None],
                   arrivals: dict[str, int]) -> list[list[str]]:
    """A story's articles in publication order, then in the order they came (`arrivals`: an
    undated article, or one published with others at the same time, goes after those before
    it, so a run's new articles extend a story's last segment), cut into runs of
    `STORY_SEGMENT`: what a story's records are worked out from, one run at a time."""
    ordered = sorted(articles, key=lambda a: (published.get(a) or "9999", arrivals.get(a, 0), a))
    return [ordered[i : i + STORY_SEGMENT] for i in range(0, len(ordered), STORY_SEGMENT)]


def segment_views(story: Story, analyses: Sequence[ArticleAnalysis], index: EntityIndex,
                  years: dict[tuple[str, str], int]) -> StoryViews:
    """The events, timeline, stances and discrepancies of one segment of `story` (its
    articles' `analyses`, the entities named there `index`, the corpus's event `years`);
    `stories` is left empty."""
    segment = [story.model_copy(update={"articles": sorted(a.article.id for a in analyses)})]
    events = date_undated_events(link_events(analyses, index), analyses, segment, years)
    events = merge_events(events, {a.article.id: a.article for a in analyses}, segment)
    discrepancies = find_discrepancies(analyses, segment, events) + find_date_discrepancies(events, analyses, segment)
    return StoryViews([], events, build_timeline(segment, events, analyses),
                      find_stances(index.entities, analyses, segment), discrepancies)


def joined_views(parts: Sequence[StoryViews]) -> StoryViews:
    """Views of several stories or segments as one, each record kind in the brief's order."""
    return StoryViews(
        stories=sorted((s for p in parts for s in p.stories), key=story_order),
        events=sorted((e for p in parts for e in p.events), key=lambda e: (e.date or "", e.article, e.start)),
        timeline=sorted((t for p in parts for t in p.timeline), key=lambda t: (t.date, t.story or "", t.text)),
        stances=sorted((s for p in parts for s in p.stances),
                       key=lambda s: (s.story or "", s.issue, s.actor_name or "", s.actor or "")),
        discrepancies=sorted((d for p in parts for d in p.discrepancies), key=discrepancy_order),
    )


def discrepancy_order(d: Discrepancy) -> tuple:
    """Figures first, then dates; each by where the first value is reported."""
    return (d.kind != "figure", d.values[0].article, d.values[0].start, d.about)


# The corpus summary reads the largest stories' articles, up to this many, and a story's summary
# its latest articles, up to the second: a summary of a whole archive (or of a story running for
# years) would cost time and memory growing with it, and tell a reader less of where it stands.
SUMMARY_ARTICLES = 200
STORY_SUMMARY_ARTICLES = 100


def summary_articles(stories: Sequence[Story], published: dict[str, str | None]) -> set[str]:
    """The articles the corpus summary reads: whole stories, largest first (then the latest),
    and of a story that would pass `SUMMARY_ARTICLES`, its latest articles up to it."""
    chosen: set[str] = set()
    for story in sorted(stories, key=lambda s: (-len(s.articles), dating.latest_first(s.last), s.id)):
        room = SUMMARY_ARTICLES - len(chosen)
        if room <= 0:
            break
        chosen.update(latest_articles(story.articles, published)[:room])
    return chosen


def latest_articles(articles: Sequence[str], published: dict[str, str | None]) -> list[str]:
    """`articles`, the latest published first (then by id)."""
    return sorted(articles, key=lambda a: (dating.latest_first(published.get(a)), a))


def corpus_countries(analyses: Sequence[ArticleAnalysis]) -> list[str]:
    """ISO-3 codes of the countries the articles name: named by most articles first, then by
    how high the articles rank them (each article lists its countries most named first)."""
    articles: Counter[str] = Counter()
    rank: Counter[str] = Counter()
    for analysis in analyses:
        for position, code in enumerate(analysis.countries):
            articles[code] += 1
            rank[code] += position
    return sorted(articles, key=lambda code: (-articles[code], rank[code] / articles[code], code))


def _chronological(article: Article) -> tuple:
    return (article.published is None, article.published or "", article.id)


def entity_codes(name: str, label: str, titles: Sequence[str]) -> tuple[str | None, str | None]:
    """Actor code and country of an entity, from its titles ("Russian Foreign Minister"),
    else its name. An organisation a title names wins the actor code ("commander of the
    Kosovo Force" -> KFORMIL); the country comes from the first title that names one
    ("French general" -> FRA)."""
    codes = [code for code in (actor_code(title, label) for title in titles) if code]
    if not codes:
        own = (country_code(name) if label in ("GPE", "NORP") else None) or actor_code(name, label)
        codes = [own] if own else []
    organisations = [code for code in codes if organisation_kind(code)]
    countries = [code[:3] for code in codes if not organisation_kind(code)]
    affiliation = (organisations or codes or [None])[0]
    return affiliation, (countries or [None])[0]


def add_description_titles(analyses: Sequence[ArticleAnalysis]) -> None:
    """A description a quote's speaker was resolved through ("the French general") becomes
    a title of the named mention it resolved to."""
    for analysis in analyses:
        by_span = {(m.start, m.end): m for m in analysis.mentions}
        for quote in analysis.quotes:
            mention = by_span.get(tuple(quote.speaker_anchor or ()))
            description = _description(quote.speaker_text)
            if mention is not None and description and mention.label == "PERSON" and description not in mention.titles:
                mention.titles.append(description)


def _description(speaker_text: str | None) -> str | None:
    """"the French general" -> "French general"; names and pronouns -> None."""
    words = (speaker_text or "").split()
    if len(words) < 2 or words[0].lower() not in ("the", "a", "an") or words[-1].lower() not in ROLE_NOUNS:
        return None
    return " ".join(words[1:])


def locate_places(index: EntityIndex, analyses: Sequence[ArticleAnalysis]) -> EntityIndex:
    """Places get their gazetteer entry, an ambiguous name settled by the countries the
    articles mentioning it name most."""
    countries_of = {a.article.id: a.countries for a in analyses}
    for entity in index.entities:
        if entity.type not in ("GPE", "LOC", "FAC"):
            continue
        votes: Counter[str] = Counter()
        for mention in entity.mentions:
            votes.update(countries_of.get(mention.article, ()))
        place = resolve_place(entity.name, [code for code, _ in votes.most_common()])
        if place is not None:
            entity.place = place
            entity.country = entity.country or place.country
    return index


def with_summary(
    story: Story,
    by_id: dict[str, ArticleAnalysis],
    index: EntityIndex,
    words: int,
    spans: EntitySpans,
) -> Story:
    """The story with its summary, read from its latest `STORY_SUMMARY_ARTICLES` articles."""
    published = {a: by_id[a].article.published for a in story.articles if a in by_id}
    members = sorted(latest_articles(list(published), published)[:STORY_SUMMARY_ARTICLES])
    summary = summarize([by_id[a] for a in members], index.entities, words=words, spans=spans)
    return story.model_copy(update={"summary": summary})


# --- quotes and events: linking to entities ----------------------------------------------


def link_quotes(analyses: Sequence[ArticleAnalysis], index: EntityIndex) -> list[Quote]:
    """Every quote with its speaker resolved to a canonical entity where possible."""
    linked = []
    for analysis in analyses:
        for quote in analysis.quotes:
            linked.append(quote.model_copy(update={"speaker": _speaker_entity(quote, index)}))
    return sorted(linked, key=lambda q: (q.article, q.start, q.id))


def _speaker_entity(quote: Quote, index: EntityIndex) -> str | None:
    """The entity of the named mention the speaker resolved to, else of the speaker's own
    words. Only a mention holding the phrase's last word counts (its head in English): "one
    Democratic source" is not the NORP "Democratic", "Lavrov's spokesman" is not Lavrov."""
    spans = [quote.speaker_anchor]
    if quote.speaker_start is not None and quote.speaker_end is not None:
        possessive = _POSSESSIVE_END.search(quote.speaker_text or "")
        spans.append((quote.speaker_start, quote.speaker_end - (len(possessive.group()) if possessive else 0)))
    for start, end in (span for span in spans if span):
        found = index.by_mention.get((quote.article, start, end)) or index.at(quote.article, max(start, end - 1), end)
        if found:
            return found
    return None


_POSSESSIVE_END = re.compile(r"(?:['’]s|['’])$")


def link_events(analyses: Sequence[ArticleAnalysis], index: EntityIndex) -> list[Event]:
    """Events with source and target linked to entities, codes filled from affiliations."""
    affiliations = {e.id: e.affiliation for e in index.entities}
    linked = []
    for analysis in analyses:
        for event in analysis.events:
            source = _actor_entity(index, event.article, event.source_start, event.source_end)
            target = _actor_entity(index, event.article, event.target_start, event.target_end)
            linked.append(
                event.model_copy(
                    update={
                        "source": source,
                        "target": target,
                        "source_code": event.source_code or affiliations.get(source or ""),
                        "target_code": event.target_code or affiliations.get(target or ""),
                    }
                )
            )
    return linked


def date_undated_events(
    events: Sequence[Event], analyses: Sequence[ArticleAnalysis], stories: Sequence[Story] = (),
    years: dict[tuple[str, str], int] | None = None,
) -> list[Event]:
    """Date the events of undated articles as well as their story allows, marked as estimated:
    a weekday placed after the story's latest dated article ('Sunday' -> '2008-02-17'), else
    the article's estimated year ('2008-WXX-7', '2008'). Other events are returned as they are.
    `years` are the corpus's event years (`dating.event_years`), by default those of `analyses`."""
    periods = dating.estimate_all(analyses, years)
    weekdays = dating.story_weekdays(analyses, stories, periods)
    values = {(d.article, d.start): d.value for a in analyses for d in a.dates}
    starts = {a.article.id: sorted(d.start for d in a.dates) for a in analyses}
    dated = []
    for event in events:
        completed = _placed_weekday(event, starts.get(event.article, []), values, weekdays) or \
            dating.with_estimated_year(event.date, periods[event.article])
        if completed is not None and event.date_source != "published":
            event = event.model_copy(update={"date": completed, "date_source": "estimated"})
        dated.append(event)
    return dated


def _placed_weekday(event: Event, starts: list[int], values: dict[tuple[str, int], str],
                    weekdays: dict[tuple[str, int], str]) -> str | None:
    """The story-placed day of the weekday that dates the event, if there is one.

    `starts` are the article's date mentions' starts, sorted: only those inside the event's
    sentence are looked at, so a long article costs what its events do.
    """
    for i in range(bisect_left(starts, event.start), bisect_left(starts, event.end)):
        if values[(event.article, starts[i])] == event.date:
            return weekdays.get((event.article, starts[i]))
    return None


def _actor_entity(index: EntityIndex, article: str, start: int | None, end: int | None) -> str | None:
    """The entity of the mention holding the actor phrase's last word (its head in English:
    "Russian Foreign Minister Sergei Lavrov" is Lavrov, not the NORP "Russian"), else of any
    mention inside it ("18 of the 27 EU member states": the EU)."""
    if start is None or end is None:
        return None
    return index.at(article, max(start, end - 1), end) or index.at(article, start, end)


# --- events: one event, many reports -----------------------------------------------------


def merge_events(events: Sequence[Event], articles: dict[str, Article],
                 stories: Sequence[Story] = ()) -> list[Event]:
    """Fold reports of the same event (type, actors, place, date within a day) into one.

    The kept record is the earliest report (by publication date, then article id); every
    report's sentence is listed in `reports`. Given `stories`, only reports in one story are
    folded: an event is one story's, so a run that adds articles redoes only their stories.
    """
    story_of = {article: story.id for story in stories for article in story.articles}

    def first_report(event: Event) -> tuple:
        published = articles[event.article].published if event.article in articles else None
        return (published or "9999", event.article, event.start)

    merged: list[Event] = []
    # Only events of one type, polarity and actors can be the same event: bucket by that, so
    # each report is compared with a handful of candidates, not with every event so far.
    buckets: dict[tuple, list[Event]] = {}
    for event in sorted(events, key=first_report):
        bucket = buckets.setdefault((story_of.get(event.article, ""), *_event_key(event)), [])
        twin = next((m for m in bucket if _same_event(m, event)), None)
        if twin is None:
            kept = event.model_copy(update={"reports": list(event.reports)})
            merged.append(kept)
            bucket.append(kept)
        else:
            twin.reports.extend(r for r in event.reports if r not in twin.reports)
    for event in merged:
        event.reports.sort(key=lambda r: (r.article, r.start))
    return sorted(merged, key=lambda e: (e.date or "", e.article, e.start))


def _event_key(event: Event) -> tuple:
    return (event.type, event.negated, _actor_key(event, "source"), _actor_key(event, "target"))


def _same_event(a: Event, b: Event) -> bool:
    if a.article == b.article or a.type != b.type or a.negated != b.negated:
        return False
    source, target = _actor_key(a, "source"), _actor_key(a, "target")
    if source is None and target is None:
        return False  # with no actor, "a meeting" in one article is not "a meeting" in another
    if source != _actor_key(b, "source") or target != _actor_key(b, "target"):
        return False
    if a.place and b.place and a.place.name != b.place.name:
        return False
    return _same_time(a.date, b.date)


def _actor_key(event: Event, role: str) -> str | None:
    entity = getattr(event, role)
    if entity:
        return entity
    code = getattr(event, f"{role}_code")
    text = getattr(event, f"{role}_text")
    return code or (text.lower() if text else None)


def _same_time(a: str | None, b: str | None) -> bool:
    """Days within a day of each other, or a coarser date that holds the finer one ('2008' and
    '2008-WXX-7'; 'X' matches any digit). An undated report fits any date: the actors and
    type already had to agree."""
    if not a or not b:
        return True
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days) <= 1
    except ValueError:
        return all(x == y or "X" in (x, y) for x, y in zip(a, b))
