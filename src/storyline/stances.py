"""Stances: who is for or against each of a story's issues, with the sentences that say so.

The per-article stage reads stance cues from the parse (`storyline.stance_cues`: holder, side,
negation and modality, target); this stage only aggregates them per story.
- Issues are noun phrases that recur in a story ("Kosovo's independence", "EU mission": across
  its articles, or within the article of a one-article story); a phrase that contains a more
  general issue's words folds into it ("Kosovo's independence declaration" -> "Kosovo's
  independence"). A role ("secretary of state") or a stance itself ("recognition of Kosovo")
  is no issue.
- A cue's issue is the one its target names; a named country or organisation as target stands
  for the issue about it ("recognise Kosovo" -> "Kosovo's independence"); a stance noun as target
  passes to what it is about ("refused recognition" [of Kosovo] opposes Kosovo's independence).
  A target that names no issue of the story takes no stance.
- Holders are the canonical actors named in the cue's holder phrase (each of "Cyprus, Romania
  and Spain"), or a counted group by its own words ("18 of the 27 EU member states"); a capital
  speaks for its country, and no actor takes a side on its own issue.
- Only asserted, reported, planned and intended cues count; negated support is opposition,
  negated opposition, hypotheticals, conditions and questions count for nothing.
- Each (actor, issue) takes the majority side over its sentences; a tie is no stance. Its
  `confidence` comes from the kinds of cue behind it (`data/stance_confidence.tsv`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from storyline import textstats
from storyline.actors import actor_code, country_identity, sector_of
from storyline.lexicon import ACTOR_LABELS, ROLE_NOUNS, read_rows
from storyline.model import ArticleAnalysis, Entity, Span, Stance, StanceCue, Story

# Cues that take a position: facts, plans and intentions ("plans to recognise Kosovo").
_POSITION_MODALITIES = frozenset({"asserted", "reported", "planned", "intended"})
# Stance nouns (whose phrase is a stance on their complement, not an issue), from the cue table.
_STANCE_NOUNS = {row[0]: (row[2], row[3]) for row in read_rows("stance_cues.tsv") if row[1] == "N"}
# Nouns after a name that make the name a modifier: "European Union states", "US soldiers".
_GROUP_HEADS = frozenset("""states members nations countries officials forces troops leaders diplomats
    ministers government governments soldiers police authorities envoys""".split())
_OF_TAIL = re.compile(r"\bof\s+(?:the\s+)?$", re.IGNORECASE)
# Between two coordinated actors only a comma or a conjunction.
_COORDINATED = re.compile(r"^\s*(?:,|and|or|,\s*and|,\s*or)\s*$")
# A group that no single entity names, but that the text counts: "18 of the 27 EU member states".
_COUNTED_GROUP = re.compile(r"^(?:\d+|most|many|several|some|few|all)\b.*\b(?:states|nations|countries|members)\b",
                            re.IGNORECASE)
# Phrase shapes an issue takes: "Kosovo's independence (declaration)", "recognition of Kosovo",
# "declaration of independence", "EU mission".
_CAP = r"[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*)*"
ISSUE_PATTERNS = (
    re.compile(rf"\b{_CAP}['’]s\s+[a-z][a-z\-]+(?:\s+(?:of\s+)?[a-z][a-z\-]+)?"),
    re.compile(rf"\b[a-z][a-z\-]{{3,}}\s+of\s+(?:{_CAP}['’]s\s+[a-z][a-z\-]+|{_CAP}|[a-z][a-z\-]{{3,}})"),
    re.compile(r"\b[A-Z]{2,}\s+[a-z][a-z\-]{3,}"),
)


# "recognition of Kosovo", "support for the plan": a stance noun and the name it is about.
_STANCE_COMPLEMENT = re.compile(
    r"\b(" + "|".join(f"{noun} {prep}" for noun, (_, prep) in sorted(_STANCE_NOUNS.items()))
    + rf")\s+({_CAP})")


def _confidences() -> dict[str, float]:
    return {row[0]: float(row[1]) for row in read_rows("stance_confidence.tsv")}


CONFIDENCE = _confidences()

Evidence = tuple[str, int, int]  # article, sentence start, sentence end
Actor = tuple[str | None, str]  # entity id (None for a counted group), display name


@dataclass
class _Votes:
    """The sides one actor takes on one issue, one vote per sentence (the first one counts),
    with the kind of cue behind each."""

    sides: dict[Evidence, tuple[bool, str]] = field(default_factory=dict)

    def add(self, positive: bool, kind: str, sentence: Evidence) -> None:
        self.sides.setdefault(sentence, (positive, kind))

    def position(self) -> str | None:
        """The majority side; a tie is no stance."""
        support = sum(positive for positive, _ in self.sides.values())
        oppose = len(self.sides) - support
        if support == oppose:
            return None
        return "support" if support > oppose else "oppose"

    def confidence(self) -> float:
        """The chance that the majority side is right: the best of its cues' kinds (each
        `CONFIDENCE` as measured), scaled by the share of sentences that agree."""
        side = self.position() == "support"
        agreeing = [CONFIDENCE.get(kind, 0.5) for positive, kind in self.sides.values() if positive == side]
        return round(max(agreeing) * len(agreeing) / len(self.sides), 3)


# --- issues -------------------------------------------------------------------------------


def _phrase_key(phrase: str) -> frozenset[str]:
    return frozenset(textstats.terms(phrase))


def _head_word(surface: str) -> str:
    """The head of an issue phrase: the word before "of", else the last word."""
    words = surface.lower().split()
    return words[words.index("of") - 1] if "of" in words[1:] else words[-1]


def _phrases(text: str) -> list[tuple[int, int, str]]:
    """Candidate issue phrases in `text` as (start, end, surface), trailing stopwords trimmed;
    roles ("secretary of state") and stances ("recognition of Kosovo") are no issues."""
    found = []
    for pattern in ISSUE_PATTERNS:
        for match in pattern.finditer(text):
            surface = match.group(0)
            tokens = surface.split()
            while tokens and tokens[-1].lower() in textstats.STOPWORDS:
                tokens.pop()
            if len(tokens) < 2 or len(_phrase_key(" ".join(tokens))) < 2 or "\n" in surface:
                continue
            trimmed = " ".join(tokens)
            head = _head_word(trimmed)
            if head in ROLE_NOUNS or head in _STANCE_NOUNS or not text.startswith(trimmed, match.start()):
                continue
            found.append((match.start(), match.start() + len(trimmed), trimmed))
    return found


class Issues:
    """Recurring phrases of a story, and the issue any phrase folds into.

    A phrase recurs when it appears in two of the articles, or, for a one-article story, twice.
    What each stance noun of the story is about ("recognition of Kosovo") is kept too, for a
    stance noun written without it ("refused recognition").
    """

    def __init__(self, analyses: Sequence[ArticleAnalysis]) -> None:
        spread: dict[frozenset[str], set[str]] = {}
        counts: Counter[frozenset[str]] = Counter()
        surfaces: dict[frozenset[str], Counter[str]] = {}
        self.complements: dict[str, Counter[str]] = {}
        for analysis in analyses:
            text = analysis.article.text
            for _, _, surface in _phrases(text):
                key = _phrase_key(surface)
                spread.setdefault(key, set()).add(analysis.article.id)
                counts[key] += 1
                surfaces.setdefault(key, Counter())[surface.replace("’", "'")] += 1
            for found in _STANCE_COMPLEMENT.finditer(text):
                noun = found.group(1).split()[0].lower()
                self.complements.setdefault(noun, Counter())[found.group(2).rstrip(".")] += 1
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

    def complement(self, noun: str) -> str | None:
        """What the story most often says a stance noun is about ("recognition" -> "Kosovo")."""
        found = self.complements.get(noun)
        return min(found, key=lambda c: (-found[c], c)) if found else None


def _named(phrase: str) -> bool:
    return any(word[0].isupper() for word in phrase.split())


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

    def named_in(self, article: str, start: int, end: int, text: str) -> list[Actor]:
        """The actors named in a holder phrase: named actors and peoples in the plural
        ("Serbs"), not names that modify a group noun ("European Union states")."""
        inside = [m for m in self.spans.get(article, ()) if start <= m[0] and m[1] <= end]
        found = {
            self.actor(m[2]) for m, following in zip(inside, [*inside[1:], None])
            if self.kinds.get(m[2]) in ACTOR_LABELS
            and (self.kinds[m[2]] != "NORP" or self.names.get(m[2], "").endswith("s"))
            # "members of the Democratic Party": the members, not the party
            and not _OF_TAIL.search(text[start : m[0]])
            # "Vermont Sen. Bernie Sanders", "Supreme Court justice": a name is the holder only
            # at the end of the phrase, before a coordinated one, or owning an office
            and _speaks_for(text[m[1] : following[0] if following else end])
        }
        return sorted(found, key=lambda a: a[1])

    def is_name(self, article: str, start: int, end: int, text: str) -> bool:
        """Whether a phrase is only a name (a leading article aside): "the FBI"."""
        leading = _LEADING.match(text[start:end])
        begin = start + leading.end() if leading else start
        return any(m[0] <= begin and m[1] >= end for m in self.spans.get(article, ()))

    def person_at(self, article: str, end: int) -> bool:
        """Whether a phrase ending at `end` ends in a person's name."""
        return any(m[1] == end and self.kinds.get(m[2]) == "PERSON" for m in self.spans.get(article, ()))

    def actor(self, entity_id: str) -> Actor:
        canonical = self.canonical.get(entity_id, entity_id)
        return canonical, self.names.get(canonical, canonical)


def _modifies_group(text: str, end: int) -> bool:
    following = text[end : end + 30].split(maxsplit=2)
    return bool(following) and following[0].strip(",.;:").lower() in _GROUP_HEADS


def _own_issue(name: str, issue: str) -> bool:
    """Whether the actor is the issue's subject ("Kosovo" on "Kosovo's independence")."""
    words = _phrase_key(name)
    return bool(words) and words <= _phrase_key(issue)


# --- from cues to stances -----------------------------------------------------------------


def _side(cue: StanceCue) -> bool | None:
    """True for support, False for opposition, None when the cue takes no side."""
    positive = cue.side == "support"
    if cue.modality == "negated":
        return False if positive else None  # "did not recognise" opposes; "did not oppose" is unsure
    return positive if cue.modality in _POSITION_MODALITIES else None


def _issue(cue: StanceCue, positive: bool, issues: Issues, names: Sequence[str],
           bare_name: bool) -> tuple[str, bool] | None:
    """The issue the cue's target names, and the side taken on it (a stance noun as target
    passes the side through: opposing recognition of Kosovo opposes Kosovo's independence)."""
    target = cue.target_text
    words = target.split()
    head = _head_word(target) if words else ""
    if head in _STANCE_NOUNS:
        noun_side, preposition = _STANCE_NOUNS[head]
        positive = positive == (noun_side == "support")
        rest = target.split(f" {preposition} ", 1)
        target = rest[1] if len(rest) == 2 else (issues.complement(head) or "")
        names = [target] if target else []
    issue = issues.issue(target) if target else None
    for name in names:
        issue = issue or issues.about(name)
    if issue is None and not bare_name:  # "criticised the FBI" is about something the FBI did
        issue = _target_as_issue(target)
    return (issue, positive) if issue else None


_LEADING = re.compile(r"^(?:(?:the|a|an|this|that|these|those|its|their|his|her|our|my|your|both)\s+)+",
                      re.IGNORECASE)


_QUOTATION_MARKS = re.compile(r'["“”]')  # a target quoting its source names the thing unquoted


def _target_as_issue(target: str) -> str | None:
    """A target no recurring issue covers is an issue of its own when it says what it is:
    two content words at least ("the global climate change accord", "mass deportation")."""
    name = _QUOTATION_MARKS.sub("", _LEADING.sub("", target.strip())).replace("’", "'")
    return name if len(_phrase_key(name)) >= 2 and "\n" not in name else None


def _story_stances(story: str | None, analyses: Sequence[ArticleAnalysis],
                   actors: _Actors) -> list[Stance]:
    issues = Issues(analyses)
    votes: dict[tuple[Actor, str], _Votes] = {}
    for analysis in sorted(analyses, key=lambda a: a.article.id):
        text = analysis.article.text
        for cue in analysis.stance_cues:
            positive = _side(cue)
            if positive is None or actors.person_at(cue.article, cue.target_end):
                continue  # unsure, or about a person ("praised Smegielski"): no issue
            span = (cue.article, cue.target_start, cue.target_end, text)
            named = [name for _, name in actors.named_in(*span)]
            found = _issue(cue, positive, issues, named, actors.is_name(*span))
            if found is None:
                continue
            holders = _holders(cue, actors, text)
            issue, side = found
            for holder in holders:
                if not _own_issue(holder[1], issue):
                    votes.setdefault((holder, issue), _Votes()).add(side, cue.kind, _sentence(cue, text))
    stances = []
    for ((actor_id, name), issue), tally in votes.items():
        position = tally.position()
        if position is not None:
            stances.append(Stance(
                story=story, actor=actor_id, actor_name=name, issue=issue, position=position,
                confidence=tally.confidence(),
                evidence=[Span(article=a, start=s, end=e) for a, s, e in sorted(tally.sides)]))
    return stances


def _holders(cue: StanceCue, actors: _Actors, text: str) -> list[Actor]:
    """Every actor named in the holder phrase, or a counted group by its own words."""
    if _COUNTED_GROUP.match(cue.holder_text):
        return [(None, cue.holder_text)]
    if _modifies_group(text, cue.holder_end):
        return []  # "one of the few European Union [states]": the group is not the name
    return actors.named_in(cue.article, cue.holder_start, cue.holder_end, text)


def _speaks_for(rest: str) -> bool:
    """Whether what follows a name in the holder phrase leaves the name holding the stance:
    nothing, a coordinated name, or an office that speaks for it ("Serbia's foreign minister",
    "its government"); not "Delaware's top Democratic brass" or "Supreme Court justice"."""
    rest = rest.strip()
    if not rest or _COORDINATED.match(rest):
        return True
    words = rest.split()
    return words[0] in ("'s", "’s") and len(words) > 1 and sector_of(words[-1].lower()) is not None


def _sentence(cue: StanceCue, text: str) -> Evidence:
    end = cue.end
    while end > cue.start and text[end - 1 : end].isspace():
        end -= 1
    return cue.article, cue.start, end


def find_stances(
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
        stances.extend(_story_stances(story, members, actors))
    return sorted(stances, key=lambda s: (s.story or "", s.issue, s.actor_name or "", s.actor or ""))
