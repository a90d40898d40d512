"""Stances: who is for or against each of a story's issues, with the sentences that say so.

Issues are noun phrases that recur in a story ("Kosovo's independence", "recognition of
Kosovo", "EU mission": across its articles, or within the article of a one-article story); a
phrase that contains a more general issue's words folds into it ("Kosovo's independence
declaration" -> "Kosovo's independence"), and an unnamed phrase folds into the named issue that
holds all its words ("declaration of independence" -> "Kosovo's independence").

Evidence, strongest first, one vote per (actor, issue, sentence):
- coded events: SUPPORT/COOPERATE/AGREE/AID are support, REJECT/DISAPPROVE/PROTEST/THREATEN/
  SANCTION opposition; every actor coordinated in the source takes the side ("Cyprus, Romania
  and Spain refused"), a counted group with no single entity keeps its phrase ("18 of the 27 EU
  member states"); the issue is the one named after the trigger, else the issue whose subject
  is the target ("recognise Kosovo" -> "Kosovo's independence");
- polarity cue words in sentences and quotes (reject, illegal, refuse ... / support, back,
  recognise ...), negation flipping them, questions, conditions and hypotheticals ("recognising
  it would encourage ...") skipped; the actor is the quote's speaker when the cue sits in a
  quote, else the named actors coordinated just before the cue; the issue is the nearest one.
Actors are canonical: a capital standing for its government joins the country ("Belgrade" ->
Serbia), adjectives ("Russian") are not actors, and no actor takes a side on its own issue.
Each (actor, issue) takes the majority position over its sentences (a tie is neutral).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from storyline import textstats
from storyline.actors import actor_code, country_identity
from storyline.lexicon import ACTOR_LABELS
from storyline.model import ArticleAnalysis, Entity, Event, Quote, Span, Stance, Story

SUPPORT_EVENTS = frozenset({"SUPPORT", "COOPERATE", "AGREE", "AID"})
OPPOSE_EVENTS = frozenset({"REJECT", "DISAPPROVE", "PROTEST", "THREATEN", "SANCTION"})
# Negating these flips the side ("did not recognise"); a negated protest takes no side.
_FLIPPABLE = frozenset({"SUPPORT", "REJECT"})
_SUPPORT_CUES = (
    r"support(?:s|ed|ing)?|back(?:s|ed|ing)|recogni[sz](?:e|es|ed|ing)|endors(?:e|es|ed|ing)|"
    r"welcom(?:e|es|ed|ing)|favou?r(?:s|ed)?"
)
_OPPOSE_CUES = (
    r"reject(?:s|ed|ing)?|oppos(?:e|es|ed|ing|ition)|illegal|illegitimate|unacceptable|"
    r"violat(?:e|es|ed|ing|ion)|refus(?:e|es|ed|ing)|denounc(?:e|es|ed|ing)|condemn(?:s|ed|ing)?|"
    r"protest(?:s|ed|ing)?"
)
CUE = re.compile(rf"\b(?:(?P<support>{_SUPPORT_CUES})|(?P<oppose>{_OPPOSE_CUES}))\b", re.IGNORECASE)
NEGATION = re.compile(r"\b(?:not|never|no|n't|nor)\b[\w\s,]{0,25}$|n't\s*$", re.IGNORECASE)
# A cue in a question or condition ("asked whether Moscow would recognise") takes no side.
HEDGE = re.compile(r"\b(?:whether|if)\b[^.;]*$", re.IGNORECASE)
# A gerund cue that is the subject of a modal is a hypothetical: "recognising Kosovo would
# encourage separatists" says what recognition would do, not who recognises.
HYPOTHETICAL = re.compile(r"^[^,.;]{0,60}?\b(?:would|could|might|will|may)\b", re.IGNORECASE)
# Between two coordinated actors only a comma or a conjunction.
_COORDINATION = re.compile(r"^\s*(?:,|and|or|,\s*and)?\s*(?:many|most|other|several|some|all)?\s*$")
# Nouns after a name that make the name a modifier: "European Union states", "US soldiers".
_GROUP_HEADS = frozenset("""states members nations countries officials forces troops leaders diplomats
    ministers government governments soldiers police authorities envoys""".split())
# A group that no single entity names, but that the text counts: "18 of the 27 EU member states".
_COUNTED_GROUP = re.compile(r"^(?:\d+|most|many|several|some|few|all)\b.*\b(?:states|nations|countries|members)\b",
                            re.IGNORECASE)
ACTOR_REACH = 80  # characters between the actor and its cue
ELIDED_WORDS = 3  # "... refused recognition." leaves its issue to the sentence before
OBJECT_REACH = 30  # characters from a cue to the issue it takes a side on
# Phrase shapes an issue takes: "Kosovo's independence (declaration)", "recognition of Kosovo",
# "declaration of independence", "EU mission".
_CAP = r"[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*)*"
ISSUE_PATTERNS = (
    re.compile(rf"\b{_CAP}['’]s\s+[a-z][a-z\-]+(?:\s+(?:of\s+)?[a-z][a-z\-]+)?"),
    re.compile(rf"\b[a-z][a-z\-]{{3,}}\s+of\s+(?:{_CAP}['’]s\s+[a-z][a-z\-]+|{_CAP}|[a-z][a-z\-]{{3,}})"),
    re.compile(r"\b[A-Z]{2,}\s+[a-z][a-z\-]{3,}"),
)

Evidence = tuple[str, int, int]  # article, sentence start, sentence end
Actor = tuple[str | None, str]  # entity id (None for a counted group), display name


@dataclass
class _Votes:
    """The sides one actor takes on one issue, one vote per sentence (the first one counts)."""

    sides: dict[Evidence, bool] = field(default_factory=dict)

    def add(self, positive: bool, sentences: Iterable[Evidence]) -> None:
        for sentence in sentences:
            self.sides.setdefault(sentence, positive)

    def position(self) -> str:
        """The majority side; a tie is neutral."""
        support = sum(self.sides.values())
        oppose = len(self.sides) - support
        if support == oppose:
            return "neutral"
        return "support" if support > oppose else "oppose"


# --- issues -------------------------------------------------------------------------------


def _phrase_key(phrase: str) -> frozenset[str]:
    return frozenset(textstats.terms(phrase))


def _phrases(text: str) -> list[tuple[int, int, str]]:
    """Candidate issue phrases in `text` as (start, end, surface), trailing stopwords trimmed."""
    found = []
    for pattern in ISSUE_PATTERNS:
        for match in pattern.finditer(text):
            surface = match.group(0)
            tokens = surface.split()
            while tokens and tokens[-1].lower() in textstats.STOPWORDS:
                tokens.pop()
            if tokens and CUE.fullmatch(tokens[-1]):
                continue  # "Russia supports": a clause, not a thing one takes a side on
            if len(tokens) >= 2 and len(_phrase_key(" ".join(tokens))) >= 2:
                trimmed = " ".join(tokens) if "\n" not in surface else None
                if trimmed and text.startswith(trimmed, match.start()):
                    found.append((match.start(), match.start() + len(trimmed), trimmed))
    return found


class Issues:
    """Recurring phrases of a story, and the issue any phrase folds into.

    A phrase recurs when it appears in two of the articles, or, for a one-article story, twice.
    """

    def __init__(self, analyses: Sequence[ArticleAnalysis]) -> None:
        spread: dict[frozenset[str], set[str]] = {}
        counts: Counter[frozenset[str]] = Counter()
        surfaces: dict[frozenset[str], Counter[str]] = {}
        for analysis in analyses:
            for _, _, surface in _phrases(analysis.article.text):
                key = _phrase_key(surface)
                spread.setdefault(key, set()).add(analysis.article.id)
                counts[key] += 1
                surfaces.setdefault(key, Counter())[surface.replace("’", "'")] += 1
        single = len(analyses) == 1
        self.spread = {k: len(v) for k, v in spread.items() if (counts[k] if single else len(v)) >= 2}
        self.names = {
            k: min(surfaces[k], key=lambda s: (-surfaces[k][s], len(s), s)) for k in self.spread
        }

    def issue(self, phrase: str) -> str | None:
        """Name of the most general recurring issue whose words the phrase contains, if any."""
        key = _phrase_key(phrase)
        inside = [k for k in self.spread if k <= key]
        if not inside:
            return None
        # An issue that names its subject ("Kosovo's independence") beats a generic one
        # ("declaration of independence"); then the fewer words, then the more widely reported.
        best = min(inside, key=lambda k: (not _named(self.names[k]), len(k), -self.spread[k], self.names[k]))
        if not _named(self.names[best]):
            holders = [k for k in self.spread if best < k and _named(self.names[k])]
            if holders:
                return self.issue(self.names[min(holders, key=lambda k: (len(k), self.names[k]))])
        return self.names[best]

    def about(self, name: str) -> str | None:
        """The most widely reported named issue whose subject is `name` ("Kosovo's ...")."""
        owned = [k for k in self.spread if self.names[k].startswith(f"{name}'s ")]
        if not owned:
            return None
        return self.issue(self.names[min(owned, key=lambda k: (-self.spread[k], len(k), self.names[k]))])

    def in_text(self, text: str, offset: int = 0) -> list[tuple[int, int, str]]:
        """Issue occurrences in `text` as (start, end, issue name), offsets shifted by `offset`."""
        out = []
        for start, end, surface in _phrases(text):
            name = self.issue(surface)
            if name:
                out.append((start + offset, end + offset, name))
        return sorted(set(out))


def _named(phrase: str) -> bool:
    return any(word[0].isupper() for word in phrase.split())


def _nearest_issue(found: Sequence[tuple[int, int, str]], cue_start: int, cue_end: int) -> str | None:
    """The issue right after the cue (its object), else the closest one before it."""
    after = [f for f in found if cue_end <= f[0] <= cue_end + OBJECT_REACH]
    if after:
        return min(after)[2]
    before = [f for f in found if f[1] <= cue_start]
    return max(before, key=lambda f: f[1])[2] if before else None


# --- actors -------------------------------------------------------------------------------


class _Actors:
    """Entity ids as stance actors: capitals join their country, adjectives are dropped."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        self.names = {e.id: e.name for e in entities}
        self.kinds = {e.id: e.type for e in entities}
        countries = {e.affiliation: e.id for e in entities
                     if e.type == "GPE" and e.affiliation and country_identity(e.name)}
        # "Belgrade" (a capital: coded SRBGOV) speaks for Serbia when the corpus names Serbia.
        self.canonical = {
            e.id: countries.get(e.affiliation or "", e.id)
            if e.type == "GPE" and (actor_code(e.name, "GPE") or "").endswith("GOV") else e.id
            for e in entities
        }
        self.spans = textstats.entity_spans(entities)
        self._mentions: dict[str, list[tuple[int, int, str]]] = {}

    def mentions(self, article: str, text: str) -> list[tuple[int, int, str]]:
        """Actor mentions of an article: named actors, peoples in the plural ("Serbs"), not
        names that modify a group noun ("European Union states"). Worked out once per article."""
        if article not in self._mentions:
            self._mentions[article] = [
                m for m in self.spans.get(article, ())
                if self.kinds.get(m[2]) in ACTOR_LABELS
                and (self.kinds[m[2]] != "NORP" or self._plural(m))
                and not _modifies_group(text, m[1])
            ]
        return self._mentions[article]

    def _plural(self, mention: tuple[int, int, str]) -> bool:
        return self.names.get(mention[2], "").endswith("s")

    def actor(self, entity_id: str) -> Actor:
        canonical = self.canonical.get(entity_id, entity_id)
        return canonical, self.names.get(canonical, canonical)


def _modifies_group(text: str, end: int) -> bool:
    following = text[end : end + 30].split(maxsplit=2)
    return bool(following) and following[0].strip(",.;:").lower() in _GROUP_HEADS


def _actors_before(mentions: Sequence[tuple[int, int, str]], text: str, cue_start: int) -> list[str]:
    """Entity ids of the coordinated mentions closest before the cue."""
    before = [m for m in mentions if m[1] <= cue_start]
    if not before or cue_start - before[-1][1] > ACTOR_REACH:
        return []
    chosen = [before[-1]]
    for mention in reversed(before[:-1]):
        if mention[1] <= chosen[-1][0] and _COORDINATION.match(text[mention[1] : chosen[-1][0]]):
            chosen.append(mention)
        elif mention[1] > chosen[-1][0]:
            continue  # nested or overlapping mention
        else:
            break
    return sorted({m[2] for m in chosen})


def _own_issue(name: str, issue: str) -> bool:
    """Whether the actor is the issue's subject ("Kosovo" on "Kosovo's independence")."""
    words = _phrase_key(name)
    return bool(words) and words <= _phrase_key(issue)


# --- evidence -----------------------------------------------------------------------------


class _Tally:
    """Votes by (actor, issue) for one story."""

    def __init__(self, analyses: Sequence[ArticleAnalysis]) -> None:
        self.votes: dict[tuple[Actor, str], _Votes] = {}
        self.texts = {a.article.id: a.article.text for a in analyses}
        self.sentences = {a.article.id: [(s.start, s.end) for s in a.sentences] for a in analyses}
        self.starts = {aid: [s for s, _ in spans] for aid, spans in self.sentences.items()}

    def sentence_of(self, article: str, start: int) -> Evidence:
        """The sentence holding character `start`, trimmed (evidence is whole sentences)."""
        found = textstats.span_at(self.sentences.get(article, []), self.starts.get(article, []), start)
        return self.sentence(article, *found) if found else (article, start, start)

    def sentence(self, article: str, start: int, end: int) -> Evidence:
        text = self.texts.get(article, "")
        while end > start and text[end - 1 : end].isspace():
            end -= 1
        return article, start, end

    def add(self, actor: Actor, issue: str, positive: bool, evidence: Iterable[Evidence]) -> None:
        if _own_issue(actor[1], issue):
            return
        self.votes.setdefault((actor, issue), _Votes()).add(positive, evidence)


def _event_votes(events: Sequence[Event], issues: Issues, actors: _Actors, tally: _Tally) -> None:
    for event in sorted(events, key=lambda e: e.id):
        positive = _event_side(event)
        if positive is None:
            continue
        issue = _event_issue(event, issues, actors)
        if issue is None:
            continue
        evidence = [tally.sentence_of(r.article, r.start) for r in [event, *event.reports]]
        for actor in _event_actors(event, actors, tally.texts.get(event.article, "")):
            tally.add(actor, issue, positive, evidence)


# What might happen, or is asked, takes no position; a plan or an intention does ("plan to
# recognise Kosovo").
_NO_POSITION = frozenset({"hypothetical", "conditional", "question"})


def _event_side(event: Event) -> bool | None:
    """True for support, False for opposition, None when the event takes no side."""
    if event.modality in _NO_POSITION or event.type not in SUPPORT_EVENTS | OPPOSE_EVENTS:
        return None
    positive = event.type in SUPPORT_EVENTS
    if event.negated:
        return (not positive) if event.type in _FLIPPABLE else None
    return positive


def _event_issue(event: Event, issues: Issues, actors: _Actors) -> str | None:
    """The issue named after the trigger, else the one about the event's target."""
    trigger_at = event.text.find(event.trigger or "")
    after = [f for f in issues.in_text(event.text) if f[0] >= max(trigger_at, 0)]
    if after:
        return after[0][2]
    if event.target:
        return issues.about(actors.actor(event.target)[1]) or issues.about(
            actors.names.get(event.target, ""))
    return None


def _event_actors(event: Event, actors: _Actors, article_text: str) -> list[Actor]:
    """Every actor coordinated in the source, or a counted group by its own words."""
    text = event.source_text or ""
    if _COUNTED_GROUP.match(text):
        return [(None, text)]
    start, end = event.source_start, event.source_end
    if end is not None and _modifies_group(article_text, end):
        return []  # "one of the few European Union [states]": the group is not the name
    inside = [] if start is None or end is None else [
        m for m in actors.mentions(event.article, article_text) if start <= m[0] and m[1] <= end
    ]
    found = sorted({actors.actor(m[2]) for m in inside}, key=lambda a: a[1])
    if not found and event.source:
        found = [actors.actor(event.source)]
    return found


def _sentence_votes(
    analysis: ArticleAnalysis, issues: Issues, actors: _Actors, quotes: Sequence[Quote], tally: _Tally
) -> None:
    text = analysis.article.text
    mentions = actors.mentions(analysis.article.id, text)
    previous: list[tuple[int, int, str]] = []
    for sentence in sorted(analysis.sentences, key=lambda s: s.start):
        for start, end in textstats.sentence_pieces(text, sentence.start, sentence.end):
            found = issues.in_text(text[start:end], start)
            for cue_start, cue_end, positive in _cues(text, start, end, found)[:1]:  # main clause
                # "... have refused recognition." continues the issue of the sentence before
                elided = len(textstats.words(text[cue_end:end])) <= ELIDED_WORDS
                issue = _nearest_issue(found, cue_start, cue_end) if found else (
                    _nearest_issue(previous, end, end) if elided else None
                )
                if issue is None:
                    continue
                speaker = next(
                    (q.speaker for q in quotes if q.speaker and q.start <= cue_start and cue_end <= q.end), None
                )
                inside = [m for m in mentions if start <= m[0] and m[1] <= end
                          and not any(s <= m[0] and m[1] <= e for s, e, _ in found)]
                ids = [speaker] if speaker else _actors_before(inside, text, cue_start)
                for entity_id in ids:
                    tally.add(actors.actor(entity_id), issue, positive,
                              [tally.sentence(analysis.article.id, sentence.start, sentence.end)])
            previous = found


def _cues(text: str, start: int, end: int, issue_spans: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, bool]]:
    """(start, end, positive) for each polarity cue in text[start:end] outside issue phrases,
    negation applied, questions and hypotheticals left out."""
    piece = text[start:end]
    found = []
    for match in CUE.finditer(piece):
        cue_start, cue_end = match.start() + start, match.end() + start
        if any(s <= cue_start and cue_end <= e for s, e, _ in issue_spans):
            continue  # "recognition of Kosovo" names the issue, it takes no side
        if HEDGE.search(piece[: match.start()]):
            continue
        if match.group(0).lower().endswith("ing") and HYPOTHETICAL.match(piece[match.end():]):
            continue
        positive = match.group("support") is not None
        if NEGATION.search(piece[max(0, match.start() - 30) : match.start()]):
            positive = not positive
        found.append((cue_start, cue_end, positive))
    return found


# --- stances ------------------------------------------------------------------------------


def find_stances(
    events: Sequence[Event],
    quotes: Sequence[Quote],
    entities: Sequence[Entity],
    analyses: Sequence[ArticleAnalysis],
    stories: Sequence[Story] | None = None,
) -> list[Stance]:
    """Actor x issue positions per story, with their evidence sentences, sorted by story,
    issue, then actor. Without `stories` the whole input is one story."""
    actors = _Actors(entities)
    by_id = {a.article.id: a for a in analyses}
    groups = [(s.id, [by_id[a] for a in s.articles if a in by_id]) for s in stories] if stories \
        else [(None, list(analyses))]
    stances: list[Stance] = []
    for story, members in groups:
        stances.extend(_story_stances(story, members, events, quotes, actors))
    return sorted(stances, key=lambda s: (s.story or "", s.issue, s.actor_name or "", s.actor or ""))


def _story_stances(
    story: str | None,
    analyses: Sequence[ArticleAnalysis],
    events: Sequence[Event],
    quotes: Sequence[Quote],
    actors: _Actors,
) -> list[Stance]:
    ids = {a.article.id for a in analyses}
    issues = Issues(analyses)
    tally = _Tally(analyses)
    _event_votes([e for e in events if e.article in ids], issues, actors, tally)
    for analysis in sorted(analyses, key=lambda a: a.article.id):
        article_quotes = [q for q in quotes if q.article == analysis.article.id]
        _sentence_votes(analysis, issues, actors, article_quotes, tally)
    return [
        Stance(story=story, actor=actor_id, actor_name=name, issue=issue, position=votes.position(),
               evidence=[Span(article=a, start=s, end=e) for a, s, e in sorted(votes.sides)])
        for ((actor_id, name), issue), votes in tally.votes.items()
    ]
