"""Which part of a brief the reports show: the most active stories of a window, or the stories
asked for. The store and the exports keep everything; a report of a 100,000-article store
shows what a reader can read.

A selection is a brief of the same shape, cut to the articles of the chosen stories (within
the window, when one is given) and the records those articles carry: every span in it points
at an article it holds. Articles in no story (another language, nothing to analyse) are kept
only when the reports show everything.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from storyline.dating import latest_first
from storyline.errors import UsageError
from storyline.model import Brief, Span, Story


@dataclass(frozen=True)
class Scope:
    """What the reports cover: `stories` ids (all when empty), publication days in
    [`since`, `until`] (ISO days; open when None), at most `top` stories, and of a story not
    asked for by id, its latest `per_story` articles (all when None)."""

    stories: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    top: int | None = None
    per_story: int | None = None


@dataclass(frozen=True)
class Selection:
    """A brief cut to a scope, and what was left out."""

    brief: Brief
    stories_total: int
    articles_total: int

    @property
    def partial(self) -> bool:
        return len(self.brief.stories) < self.stories_total or len(self.brief.articles) < self.articles_total


def select(brief: Brief, scope: Scope, touched: Iterable[str] = ()) -> Selection:
    """The part of `brief` that `scope` asks for. Without named stories: the `top` most active
    stories in the window (most articles there, then the latest, then by id), and the stories
    in `touched` (what the latest run changed) up to `top` more."""
    published = {a.id: a.published for a in brief.articles}
    chosen = choose(brief.stories, published, scope, touched)
    return cut(brief, chosen, scope, len(brief.stories), len(brief.articles))


def choose(stories: Sequence[Story], published: Mapping[str, str | None], scope: Scope,
           touched: Iterable[str] = ()) -> list[Story]:
    """The stories `scope` asks for (see `select`), in the order of `stories`: from the stories
    and publication times alone, so a store can load just those."""
    unknown = [s for s in scope.stories if s not in {story.id for story in stories}]
    if unknown:
        raise UsageError(f"no story {unknown[0]!r} in the store (story ids are in brief.json and the app)")
    days = _days(published)
    windowed = {s.id: _in_window_of(s, days, scope) for s in stories}
    if scope.stories:
        return [s for s in stories if s.id in scope.stories]
    active = sorted((s for s in stories if windowed[s.id]),
                    key=lambda s: (-len(windowed[s.id]), latest_first(_latest_day(s, days)), s.id))
    chosen = active[: scope.top] if scope.top else active
    picked = {s.id for s in chosen}
    touched_ids = set(touched)
    extra = [s for s in active if s.id in touched_ids and s.id not in picked]
    chosen += extra[: scope.top] if scope.top else extra
    order = {s.id: n for n, s in enumerate(stories)}
    return sorted(chosen, key=lambda s: order[s.id])


def shows_all(chosen: Sequence[Story], stories_total: int, scope: Scope) -> bool:
    """Whether the chosen stories are the whole brief (every story, whole, no window)."""
    return (scope.since is None and scope.until is None and len(chosen) == stories_total
            and not any(_cut_short(s, scope) for s in chosen))


def kept_articles(chosen: Iterable[Story], published: Mapping[str, str | None], scope: Scope,
                  summary_sources: Callable[[], Iterable[str]]) -> set[str]:
    """The articles of the chosen stories within the window; without a window, also those the
    corpus summary quotes (`summary_sources`, asked only then), so that it reads whole."""
    days = _days(published)
    keep = {a for s in chosen for a in _windowed(s, days, scope)}
    if scope.since is None and scope.until is None:
        keep |= set(summary_sources())
    return keep


def cut(brief: Brief, chosen: Sequence[Story], scope: Scope, stories_total: int, articles_total: int) -> Selection:
    """`brief` cut to the `chosen` stories' articles within the window (and their near-duplicates);
    the totals are those of the whole store, for the line that says what was left out."""
    if shows_all(chosen, stories_total, scope):
        return Selection(brief, stories_total, articles_total)  # all of it, as built
    keep = kept_articles(chosen, {a.id: a.published for a in brief.articles}, scope,
                         lambda: (s.article for s in brief.summary))
    keep |= {a.id for a in brief.articles if a.duplicate_of in keep}  # near-duplicates go with them
    stories = [s.model_copy(update={"articles": [a for a in s.articles if a in keep],
                                    "summary": _within(s.summary, keep)})
               for s in chosen]
    return Selection(_cut(brief, keep, stories), stories_total, articles_total)


def _days(published: Mapping[str, str | None]) -> dict[str, str]:
    """Each article's publication day ("" when undated)."""
    return {a: (when or "")[:10] for a, when in published.items()}


def _in_window_of(story: Story, days: Mapping[str, str], scope: Scope) -> list[str]:
    return [a for a in story.articles if _in_window(days.get(a, ""), scope)]


def _windowed(story: Story, days: Mapping[str, str], scope: Scope) -> list[str]:
    """The story's articles a report shows: those in the window, and of a long story not asked
    for by id its latest `per_story` (a report of a story running for years stays readable)."""
    found = _in_window_of(story, days, scope)
    if not _cut_short(story, scope, len(found)):
        return found
    latest = set(sorted(found, key=lambda a: (latest_first(days.get(a)), a))[: scope.per_story])
    return [a for a in found if a in latest]


def _cut_short(story: Story, scope: Scope, count: int | None = None) -> bool:
    """Whether a report shows only the latest part of `story` (`count` articles in the window)."""
    return (scope.per_story is not None and not scope.stories
            and (len(story.articles) if count is None else count) > scope.per_story)


def _cut(brief: Brief, keep: Collection[str], stories: list[Story]) -> Brief:
    """`brief` with only the articles in `keep`, the records they carry, and `stories`."""
    chosen = {s.id for s in stories}
    entities = []
    for entity in brief.entities:
        mentions = [m for m in entity.mentions if m.article in keep]
        if mentions:
            entities.append(entity.model_copy(update={"mentions": mentions}))
    stances = []
    for stance in brief.stances:
        evidence = _within(stance.evidence, keep)
        if stance.story in chosen and evidence:
            stances.append(stance.model_copy(update={"evidence": evidence}))
    return brief.model_copy(update={
        "summary": _within(brief.summary, keep),
        "articles": [a for a in brief.articles if a.id in keep],
        "entities": entities,
        "quotes": _within(brief.quotes, keep),
        "dates": _within(brief.dates, keep),
        "events": [e.model_copy(update={"reports": _within(e.reports, keep)})
                   for e in brief.events if e.article in keep],
        "quantities": _within(brief.quantities, keep),
        "stories": stories,
        "timeline": [t.model_copy(update={"sources": sources}) for t in brief.timeline
                     if t.story in chosen and (sources := _within(t.sources, keep))],
        "stances": stances,
        "discrepancies": [d for d in brief.discrepancies if all(v.article in keep for v in d.values)],
    })


def _within(spans: Iterable[Span], keep: Collection[str]) -> list:
    return [s for s in spans if s.article in keep]


def _latest_day(story: Story, days: Mapping[str, str]) -> str:
    return max((days.get(a, "") for a in story.articles), default="")


def _in_window(day: str, scope: Scope) -> bool:
    """Whether a publication day lies in the scope's window (an undated article only when
    there is no window)."""
    if scope.since is None and scope.until is None:
        return True
    if not day:
        return False
    return (scope.since is None or day >= scope.since) and (scope.until is None or day <= scope.until)


def scope_line(selection: Selection) -> str | None:
    """"Showing 25 of 312 stories (1,204 of 9,870 articles); …" when the reports show a part."""
    if not selection.partial:
        return None
    b = selection.brief
    return (f"Showing {len(b.stories)} of {selection.stories_total} stories ({len(b.articles):,} of "
            f"{selection.articles_total:,} articles; of a long story, its latest). The store keeps "
            f"everything: storyline report --story ID, --since, --until and --top N choose others; "
            f"storyline export and storyline serve give all of it.")
