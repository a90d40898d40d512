"""Discrepancies: articles of one story that report one figure, or one event's date, differently.

Figures (`storyline.figures` reads them per article) are compared like with like: two figures
disagree only when they measure the same thing — the same kind (people, money, share, ...),
the same counted class and what happened to it ("killed"), no conflicting names (Cairo is not
Alexandria, Democrats are not Republicans), a poll's only with the same poll, a vote count
only within one race — in the same time window (a tally of an event only between articles of
the same day; a standing size or amount across the story), and when the values cannot both
be true ("at least 38" and "50" agree; "2,000" and "1,800" do not). A tally disagrees only
between two named sources ("police said 5,000; organisers said 20,000"), in one article or
two: the same day's unattributed tolls were running totals, repeats, subsets or other
incidents on every judged sheet. Otherwise an article that itself gives two values of one
measure is measuring two things, so its figures of that measure are left out.
Each discrepancy has a `confidence` fitted on judged sheets (`data/discrepancy_confidence.tsv`).

Dates (`find_date_discrepancies`): events of one story with the same type and actors, dated by
their own text to days at most `DATE_REACH` apart, from articles none of which reports both
days, are one event dated differently; each date is given with its date expression.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date
from functools import lru_cache
from itertools import combinations

from storyline import textstats
from storyline.dating import parse_day
from storyline.figures import INCREMENT_KEY, RATE_KEY, figure_words
from storyline.lexicon import PLACE_LABELS, read_rows
from storyline.model import ArticleAnalysis, Discrepancy, DiscrepancyValue, Event, Quantity, Story

FACTS = frozenset({"asserted", "reported"})  # a planned or hoped-for event has no date to dispute
INCIDENT = "INCIDENT"  # the label of a merged event among a figure's names
ABOUT_SLACK = 0.1
_SOURCE_FILLER = frozenset({"the", "a", "an", "of", "s", "its", "their"})  # "about 2,000" allows 1,800 to 2,200
_SPECIAL_KEYS = frozenset({INCREMENT_KEY, RATE_KEY})
_UNNAMED_LABELS = frozenset({"CARDINAL", "QUANTITY"})


@lru_cache(maxsize=1)
def confidences() -> dict[str, float]:
    """evidence -> how often a discrepancy shown with that evidence was judged right."""
    return {evidence: float(value) for evidence, value in read_rows("discrepancy_confidence.tsv")}


# --- one measure ------------------------------------------------------------------------


def interval(q: Quantity) -> tuple[float, float]:
    """The values a figure allows: "at least 38" is [38, inf), "about 2,000" [1,800, 2,200]."""
    if q.bound == "range" and q.high is not None:
        return q.value, q.high
    if q.bound == "about":
        return q.value * (1 - ABOUT_SLACK), q.value * (1 + ABOUT_SLACK)
    if q.bound == "at_least":
        return q.value, float("inf")
    if q.bound == "at_most":
        return 0.0, q.value
    return q.value, q.value


def contradict(a: Quantity, b: Quantity) -> bool:
    """Whether both figures cannot be true of one measure."""
    (lo_a, hi_a), (lo_b, hi_b) = interval(a), interval(b)
    return hi_a < lo_b or hi_b < lo_a


def measure(q: Quantity) -> str | None:
    """What kind of figure a discrepancy may be about: a `tally` of what happened to people
    ("38 killed", "300 deaths"), the `size` of an organisation ("2,000-strong mission"), an
    `amount` (money, a share, a distance or duration of something); None for the rest.

    Plain counts ("30 doctors", "six countries", "three people who talked Obama into it") are
    left out: a story mentions many sets of people and things, and two counts of them are
    rarely counts of one set."""
    if q.hedged or not q.keys:
        return None
    if q.event is not None:
        return "tally"
    if q.keys[0].startswith("size:"):
        return "size"
    return "amount" if q.kind in {"money", "share", "distance", "duration"} else None


def _by_label(names: Sequence[str]) -> dict[str, set[str]]:
    grouped: dict[str, set[str]] = {}
    for name in names:
        label, _, text = name.partition(":")
        if label not in _UNNAMED_LABELS:
            grouped.setdefault(label, set()).add(text)
    return grouped


def names_conflict(a: Quantity, b: Quantity) -> bool:
    """Both name a referent of one label (a place, a party, a person) and share none of them."""
    na, nb = _by_label(a.names), _by_label(b.names)
    return any(na[label].isdisjoint(nb[label]) for label in na.keys() & nb.keys())


def _referent_class(q: Quantity, cls: str) -> bool:
    """Whether the counted class ("vote") or the thing a share is of ("percent:vote:win") is of `cls`."""
    parts = q.keys[0].split(":") if q.keys else []
    return any(figure_words().get(part) == cls for part in parts[:2])


def same_measure(a: Quantity, b: Quantity) -> bool:
    """Whether `a` and `b` measure one thing: the same class, event and qualifiers of kind,
    no conflicting names and a shared one — a shared place for a tally ("3 shot dead in Homs"
    and "2,200 killed in the crackdown" by the same forces are two tallies), a shared word of
    the organisation for a size that names nothing — and for a poll's or a race's figure the
    same pollster and the same names."""
    kind = measure(a)
    if kind is None or kind != measure(b) or (a.kind, a.keys[0], a.event) != (b.kind, b.keys[0], b.event):
        return False
    if set(a.keys) & _SPECIAL_KEYS != set(b.keys) & _SPECIAL_KEYS or names_conflict(a, b):
        return False
    if (a.poll is None) != (b.poll is None):
        return False
    if a.poll is not None:
        return bool(a.poll) and a.poll == b.poll and bool(a.names) and a.names == b.names
    if _referent_class(a, "race"):  # one race: the same candidates in the same place
        has_place = any(n.split(":")[0] in PLACE_LABELS for n in a.names)
        return has_place and a.names == b.names
    shared = set(a.names) & set(b.names)
    if kind == "tally":  # one incident: one sentence's events say nothing within an article
        labels = PLACE_LABELS | ({INCIDENT} if a.article != b.article else set())
        return any(n.split(":")[0] in labels for n in shared)
    if kind == "size" and not (a.names and b.names):
        # "the 1,800 staff" of "the police and justice mission" named earlier: no name to
        # share, but the organisation's own words
        return bool((set(a.keys[1:]) & set(b.keys[1:])) - _SPECIAL_KEYS)
    return bool(shared)


def sources_differ(a: Quantity, b: Quantity) -> bool:
    """Both figures are given by someone named, and not by the same one ("police" and
    "organisers"; "the health ministry" and "the ministry" are one)."""
    if not a.source or not b.source:
        return False
    words = [set(re.findall(r"[a-z0-9]+", s)) - _SOURCE_FILLER for s in (a.source, b.source)]
    return bool(words[0] and words[1]) and words[0].isdisjoint(words[1])


def opposed(a: Quantity, b: Quantity) -> bool:
    """Two figures that disagree as a reader would want to know: they cannot both be true,
    and, for tallies, two named sources give them (the same day's unattributed tallies of one
    place were running totals, an older figure repeated, a subset or another incident on every
    sheet judged)."""
    if not contradict(a, b):
        return False
    if measure(a) == "tally":
        return sources_differ(a, b)
    return a.article != b.article


def window(q: Quantity, days: dict[str, date | None]) -> date | None | str:
    """The time a figure is of: a tally or an amount something did ("paid out $50m so far",
    "shares gained 4%") moves, so its article's day (an undated article's tally: the article
    itself; an undated amount: None, never compared); a size or an amount of a thing ("a $20bn
    fund") stands for the whole story."""
    moves = measure(q) == "tally" or q.predicate is not None
    if not moves:
        return "story"
    # an undated article's figures still share a window with each other
    return days.get(q.article) or (f"article {q.article}" if measure(q) == "tally" else None)


# --- across articles ----------------------------------------------------------------------


def _ambiguous(items: Sequence[Quantity]) -> set[int]:
    """Figures of an article that gives two values of one measure: it measures two things."""
    out: set[int] = set()
    for i, j in combinations(range(len(items)), 2):
        a, b = items[i], items[j]
        if a.article == b.article and same_measure(a, b) and contradict(a, b) and not sources_differ(a, b):
            out |= {i, j}
    return out


def _disagreements(items: Sequence[Quantity], days: dict[str, date | None]) -> Iterator[tuple[list[int], list[int]]]:
    """Groups of figures of one measure and window joined by pairs from different articles
    that contradict each other, each with the other articles' figures that agree with a side."""
    buckets: dict[tuple, list[int]] = {}
    for i, q in enumerate(items):
        when = window(q, days)
        if measure(q) is not None and when is not None:
            buckets.setdefault((q.kind, q.keys[0], q.event, str(when)), []).append(i)
    for key in sorted(buckets):
        members = buckets[key]
        if len({items[i].article for i in members}) < 2 and len({items[i].source for i in members}) < 2:
            continue
        ambiguous = {members[k] for k in _ambiguous([items[i] for i in members])}
        members = [m for m in members if m not in ambiguous]
        parent: dict[int, int] = {}

        def find(i: int) -> int:
            while parent.setdefault(i, i) != i:
                i = parent[i]
            return i

        for i, j in combinations(members, 2):
            a, b = items[i], items[j]
            if opposed(a, b) and same_measure(a, b):
                parent[find(j)] = find(i)
        groups: dict[int, list[int]] = {}
        for i in sorted(parent):
            groups.setdefault(find(i), []).append(i)
        taken: set[int] = set(parent)
        for group in groups.values():
            supporters = _supporters(items, group, [m for m in members if m not in taken])
            taken.update(supporters)
            yield group, supporters


def _supporters(items: Sequence[Quantity], group: Sequence[int], candidates: Sequence[int]) -> list[int]:
    """Other articles' figures of the same measure that agree with one side: a reader sees
    who gives each value."""
    def joins(m: int) -> bool:
        others = [g for g in group if items[g].article != items[m].article]
        if measure(items[m]) == "tally" and not items[m].source:
            return False  # a tally nobody gives is no side of a disagreement between sources
        return (any(same_measure(items[m], items[g]) for g in others)
                and any(not contradict(items[m], items[g]) for g in others))

    return [m for m in candidates if joins(m)]


def _about(members: Sequence[Quantity], sentences: Sequence[str | None]) -> str:
    """A name for the compared figure: its class with its most shared qualifier or its event
    ("size of EU mission", "people killed", "fund (dollar)")."""
    measure, _, of = members[0].keys[0].partition(":")
    if members[0].event is not None:
        return f"{measure} {members[0].event}"
    head = of.split(":")[0] if measure == "size" else f"{of.split(':')[0]} ({measure})" if of else measure
    counts = Counter(k for q in members for k in set(q.keys[1:]) if k not in _SPECIAL_KEYS)
    shared = sorted((k for k, n in counts.items() if n > 1), key=lambda k: (-counts[k], k))
    if shared:
        word = shared[0]
        for quantity, sentence in zip(members, sentences):  # the qualifier as one article wrote it
            context = " ".join((quantity.about, quantity.text, sentence or ""))
            match = re.search(rf"\b{re.escape(word)}\b", context, re.IGNORECASE)
            if match:
                word = match.group(0)
                break
        head = f"{word} {head}"
    return f"size of {head}" if measure == "size" else head


def _sentence(analysis: ArticleAnalysis, start: int, index: _SentenceIndex | None) -> str | None:
    """The text of the sentence holding `start`; `index` (when the sentences are in text order,
    as the parse gives them) makes it a bisection, else each sentence is looked at."""
    if index is not None:
        found = textstats.span_at(*index, start)
    else:
        found = next(((s.start, s.end) for s in analysis.sentences if s.start <= start < s.end), None)
    return analysis.article.text[found[0] : found[1]].strip() if found else None


_SentenceIndex = tuple[list[tuple[int, int]], list[int]]


def _sentence_index(analysis: ArticleAnalysis) -> _SentenceIndex | None:
    """The sentences' spans and starts when they are in order and do not overlap, else None."""
    sentences = analysis.sentences
    if all(a.end <= b.start for a, b in zip(sentences, sentences[1:])):
        return [(s.start, s.end) for s in sentences], [s.start for s in sentences]
    return None


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"


_BOUND_WORDS = {"about": "about ", "at_least": "at least ", "at_most": "at most ", "exact": ""}


def format_value(q: Quantity) -> str:
    """The figure as a reader compares it: "2,000", "at least 38", "45,000–50,000"."""
    if q.bound == "range" and q.high is not None:
        return f"{_number(q.value)}–{_number(q.high)}"
    return _BOUND_WORDS.get(q.bound, "") + _number(q.value)


def _days(analyses: Sequence[ArticleAnalysis]) -> dict[str, date | None]:
    return {a.article.id: parse_day(a.article.published) for a in analyses}


def event_reports(events: Sequence[Event]) -> dict[str, list[tuple[int, int, str]]]:
    """Where each merged event is reported: article -> (start, end, event id) of each report."""
    reports: dict[str, list[tuple[int, int, str]]] = {}
    for event in events:
        for report in event.reports or [event]:
            reports.setdefault(report.article, []).append((report.start, report.end, event.id))
    return reports


def with_incidents(quantities: Sequence[Quantity], reports: dict[str, list[tuple[int, int, str]]]) -> list[Quantity]:
    """The tallies with the merged events whose reported sentences hold them added to their
    names ("INCIDENT:<event id>"; `reports` from `event_reports`): two tallies in reports of
    one event (`corpus.merge_events` folded them by type, actors, place and day) count one
    incident, two in different events two incidents."""
    out = []
    for q in quantities:
        if measure(q) != "tally":  # a fund set up in a meeting is not the meeting's tally
            out.append(q)
            continue
        held = {f"{INCIDENT}:{eid}" for start, end, eid in reports.get(q.article, ()) if start <= q.start < end}
        out.append(q.model_copy(update={"names": sorted(set(q.names) | held)}) if held else q)
    return out


def find_discrepancies(analyses: Sequence[ArticleAnalysis], stories: Sequence[Story] = (),
                       events: Sequence[Event] = ()) -> list[Discrepancy]:
    """Figures measuring one thing, from different articles of one story, that cannot all be
    true. `events` (merged across articles) tie tallies to the incident they count."""
    by_id = {a.article.id: a for a in analyses}
    story_of = {article: story.id for story in stories for article in story.articles}
    pools: dict[str, list[Quantity]] = {}
    reports = event_reports(events)  # once: per article it made the stage quadratic
    for analysis in sorted(analyses, key=lambda a: a.article.id):
        pool = story_of.get(analysis.article.id, "") if stories else ""
        if stories and not pool:
            continue
        quantities = with_incidents(analysis.quantities, reports) if events else analysis.quantities
        pools.setdefault(pool, []).extend(sorted(quantities, key=lambda q: (q.start, q.end)))
    indexes: dict[str, _SentenceIndex | None] = {}

    def sentence(q: Quantity) -> str | None:
        if q.article not in indexes:
            indexes[q.article] = _sentence_index(by_id[q.article])
        return _sentence(by_id[q.article], q.start, indexes[q.article])

    days = _days(analyses)
    found = []
    for pool in sorted(pools):
        items = pools[pool]
        for core, supporters in _disagreements(items, days):
            group = [items[core[0]]] + [items[i] for i in core[1:] + supporters]
            evidence = measure(group[0])
            values = [
                DiscrepancyValue(value=format_value(q), article=q.article, start=q.start, end=q.end,
                                 text=sentence(q))
                for q in sorted(group, key=lambda q: (q.article, q.start))
            ]
            found.append(Discrepancy(about=_about(group, [sentence(q) for q in group]), values=values,
                                     evidence=evidence, confidence=confidences().get(evidence)))
    return sorted(found, key=lambda d: (d.values[0].article, d.values[0].start, d.about))


DATE_REACH = 3  # days: further apart, two reports are more likely two events


def find_date_discrepancies(
    events: Sequence[Event], analyses: Sequence[ArticleAnalysis], stories: Sequence[Story] = ()
) -> list[Discrepancy]:
    """One event (same story, type and actors) that different articles date to different days."""
    by_id = {a.article.id: a for a in analyses}
    story_of = {article: story.id for story in stories for article in story.articles}
    groups: dict[tuple, list[Event]] = {}
    for event in events:
        if event.date_source != "text" or parse_day(event.date) is None or event.modality not in FACTS:
            continue
        actors = (event.source or event.source_code, event.target or event.target_code)
        if actors[0] is None:
            continue
        groups.setdefault((story_of.get(event.article, ""), event.type, actors), []).append(event)
    found = []
    for (_, type_, _), events_of_key in sorted(groups.items(), key=lambda item: str(item[0])):
        for group in _close_runs(events_of_key):
            if len({e.date for e in group}) < 2 or _one_article_reports_both(group):
                continue
            values = [_date_value(e, by_id.get(e.article))
                      for e in sorted(group, key=lambda e: (e.article, e.start))]
            actor = group[0].source_text or group[0].source_code
            found.append(Discrepancy(about=f"date of {type_} by {actor}", kind="date", values=values,
                                     evidence="date", confidence=confidences().get("date")))
    return found


def _close_runs(events: Sequence[Event]) -> list[list[Event]]:
    """Events in runs whose days lie within `DATE_REACH` of the run's first day."""
    runs: list[list[Event]] = []
    for event in sorted(events, key=lambda e: (e.date or "", e.article, e.start)):
        if runs and (parse_day(event.date) - parse_day(runs[-1][0].date)).days <= DATE_REACH:
            runs[-1].append(event)
        else:
            runs.append([event])
    return runs


def _one_article_reports_both(group: Sequence[Event]) -> bool:
    """An article that dates the event two ways reports two events, not a disagreement."""
    days_by_article: dict[str, set[str | None]] = {}
    for event in group:
        days_by_article.setdefault(event.article, set()).add(event.date)
    return any(len(days) > 1 for days in days_by_article.values())


def _date_value(event: Event, analysis: ArticleAnalysis | None) -> DiscrepancyValue:
    """The event's date with the span of the expression that gives it (else its sentence)."""
    mention = next((m for m in (analysis.dates if analysis else ())
                    if event.start <= m.start < event.end and m.value == event.date), None)
    start, end = (mention.start, mention.end) if mention else (event.start, event.end)
    return DiscrepancyValue(value=event.date or "", article=event.article, start=start, end=end,
                            text=event.text)
