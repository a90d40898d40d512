"""Audit a brief by hand: draw records with a fixed seed, judge them in context, score the sheets.

    python bench/audit.py sample BRIEF_JSON --kind quotes|entities|merges|events|stances|discrepancies
                                 [--n 40] [--seed 13] [--shown] -o SHEET
    python bench/audit.py score SHEET [SHEET...]
    python bench/audit.py people BRIEF_JSON [--top 10] [-o SHEET]

Benchmarks with gold annotations only say how Storyline does on text like the annotated one; an
audit says how it does on any brief, unseen news included. `sample` draws N records of one kind
(same brief bytes + kind + N + seed -> the same sheet, byte for byte) and writes a Markdown sheet:
per record its id, the fields a reader of the brief sees, and the record's sentence in context
(previous sentence, the sentence with the span marked, next sentence). A person judges each
record by replacing `?` on its `verdict:` line with `y` or `n` (`n/a` when a field does not
apply), and `score` reads the sheets back and prints precision per kind and per judged field.

Kinds and judged fields:
- quotes: `content` (the marked span is what the speaker said or claimed: not narration, not
  the object of an action verb), `speaker` (the shown speaker said it; a pronoun shown is wrong);
  `both` is derived. `--shown` keeps the quotes "Who said what" lists (`is_shown_quote`);
  for events, those the "Events" section lists (`is_shown_event`).
- entities: `entity` (a real named entity, not junk), `type` (its type is right); `all` derived.
- merges: `right` (both aliases name the same referent in their contexts). One record per
  entity with at least two distinct mention texts: the entities are drawn uniformly, then one
  pair of distinct mention texts and one mention of each.
- events: `type`, `actors` (source and target), `factuality` (negation and modality); `all`.
- stances: `actor`, `position`, `issue`; `all` derived.
- discrepancies: `same` (every value measures the same quantity of the same referent in the
  same time window), `disagree` (the values cannot all be true: no bound, range, rounding or
  update that reconciles them); `both` derived. `--shown` keeps those the reports list.
- people (`people` writes it): `whole` per person (y: not split over several entities), and
  `same` per candidate entity (y: it is the same person, i.e. a split).

Marks in context: the record's span ⟦…⟧, a quote's speaker or an event's source ⟨…⟩, an
event's target ⟪…⟫. Sentences are cut with the reports' own light splitter
(`storyline.report.citations`), so no spaCy model is needed.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from storyline.lexicon import HONORIFICS, ROLE_NOUNS
from storyline.model import Article, Brief, Discrepancy, Entity, Event, Mention, Quote, Stance
from storyline.report.citations import sentence_starts
from storyline.report.index import is_shown_discrepancy, is_shown_event, is_shown_quote

SIDE_LIMIT = 300  # characters of a neighbouring sentence shown, at most
SPAN_SIDE_LIMIT = 600  # characters shown each side of a span inside its own (long) sentence
ALIAS_LIMIT = 12  # aliases listed per entity
CANDIDATE_LIMIT = 15  # candidate entities listed per person

OPEN, CLOSE = "⟦", "⟧"
SPEAKER_MARKS = ("⟨", "⟩")
TARGET_MARKS = ("⟪", "⟫")


@dataclass(frozen=True)
class KindSpec:
    """What a reader judges for one kind of record, and the verdict derived from all of them."""

    fields: tuple[str, ...]
    combined: str | None
    guide: str


KINDS: dict[str, KindSpec] = {
    "quotes": KindSpec(
        ("content", "speaker"), "both",
        "`content` y when the marked span is what the speaker said, wrote or claimed (not a "
        "narrative clause, not the object of an action verb); `speaker` y when the shown "
        "speaker is the person or organisation who said it (a pronoun shown is n)."),
    "entities": KindSpec(
        ("entity", "type"), "all",
        "`entity` y when the name is a real named entity (not junk, a fragment or a common "
        "noun); `type` y when its type is right."),
    "merges": KindSpec(
        ("right",), None,
        "`right` y when both marked aliases name the same referent in their contexts."),
    "events": KindSpec(
        ("type", "actors", "factuality"), "all",
        "`type` y when the sentence reports an event of that type; `actors` y when source and "
        "target are right; `factuality` y when negation and modality are right."),
    "stances": KindSpec(
        ("actor", "position", "issue"), "all",
        "`actor` y when the actor holds the stance; `position` y when support/oppose/neutral is "
        "right; `issue` y when the issue names what the stance is about."),
    "people": KindSpec(
        ("whole",), None,
        "`whole` y when the person is one entity (no other entity is the same person); per "
        "candidate `same` y when that entity is the same person (a split)."),
    "discrepancies": KindSpec(
        ("same", "disagree"), "both",
        "`same` y when every value measures the same quantity of the same thing (event, "
        "organisation, place) in the same time window; `disagree` y when the values cannot all "
        "be true (no bound, range, rounding or later update reconciles them)."),
}
SAMPLE_KINDS = ("quotes", "entities", "merges", "events", "stances", "discrepancies")


# --- context ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """A span to bracket in the context view."""

    start: int
    end: int
    marks: tuple[str, str] = (OPEN, CLOSE)


def one_line(text: str) -> str:
    """Whitespace (line breaks included) collapsed, so a sentence stays on one sheet line."""
    return " ".join(text.split())


def marked(text: str, start: int, end: int, marks: Sequence[Mark]) -> str:
    """`text[start:end]` with every mark that lies inside it bracketed (closings before
    openings at one offset, so adjacent spans do not interleave)."""
    inserts: list[tuple[int, int, str]] = []
    for mark in marks:
        if start <= mark.start <= mark.end <= end and mark.start < mark.end:
            inserts.append((mark.start, 1, mark.marks[0]))
            inserts.append((mark.end, 0, mark.marks[1]))
    pieces, at = [], start
    for offset, _, token in sorted(inserts):
        pieces.append(text[at:offset])
        pieces.append(token)
        at = offset
    pieces.append(text[at:end])
    return "".join(pieces)


def context_lines(text: str, start: int, end: int, marks: Sequence[Mark] = ()) -> list[str]:
    """Previous sentence, the sentence(s) holding `start..end` with the marks, next sentence.

    Why three lines: a span judged alone hides what makes it wrong (the speaker is named in the
    sentence before, the "quote" is the object of a verb just outside it). Very long
    "sentences" (headline runs, lists) are clipped so that the sheet stays readable.
    """
    starts = sentence_starts(text)
    first = bisect_right(starts, start) - 1
    last = bisect_right(starts, max(start, end - 1)) - 1
    lo = starts[first]
    hi = starts[last + 1] if last + 1 < len(starts) else len(text)
    lo, hi = max(lo, start - SPAN_SIDE_LIMIT), min(hi, end + SPAN_SIDE_LIMIT)
    lines = []
    if first > 0:
        previous = one_line(text[starts[first - 1]:starts[first]])
        lines.append(("…" + previous[-SIDE_LIMIT:]) if len(previous) > SIDE_LIMIT else previous)
    lines.append(one_line(marked(text, lo, hi, [Mark(start, end), *marks])))
    if last + 1 < len(starts):
        stop = starts[last + 2] if last + 2 < len(starts) else len(text)
        following = one_line(text[starts[last + 1]:stop])
        lines.append((following[:SIDE_LIMIT] + "…") if len(following) > SIDE_LIMIT else following)
    return [line for line in lines if line]


# --- records ------------------------------------------------------------------------------


@dataclass
class Item:
    """One record on a sheet: its id, what the reader sees, and its text in context."""

    id: str
    fields: list[tuple[str, str]]
    contexts: list[tuple[str, list[str]]]  # (label, lines); label "" for the record's own span
    verdict: tuple[str, ...]


class Lookup:
    """Articles and entities of one brief by id (first occurrence wins)."""

    def __init__(self, brief: Brief) -> None:
        self.brief = brief
        self.articles: dict[str, Article] = {}
        self.entities: dict[str, Entity] = {}
        for article in brief.articles:
            self.articles.setdefault(article.id, article)
        for entity in brief.entities:
            self.entities.setdefault(entity.id, entity)

    def text(self, article: str) -> str:
        """The article's cleaned text, "" when the id is unknown."""
        found = self.articles.get(article)
        return found.text if found else ""

    def context(self, article: str, start: int, end: int, marks: Sequence[Mark] = ()) -> list[str]:
        """Context lines for a span; one line saying why when the span does not resolve."""
        text = self.text(article)
        if not 0 <= start <= end <= len(text):
            return [f"(span {start}-{end} is outside article {article})"]
        return context_lines(text, start, end, marks)

    def name(self, entity_id: str | None) -> str | None:
        """Canonical name of an entity id, None when unknown."""
        entity = self.entities.get(entity_id) if entity_id else None
        return entity.name if entity else None

    def title(self, article: str) -> str:
        """The article's id and title, as a sheet line names it."""
        found = self.articles.get(article)
        title = one_line(found.title or "") if found else ""
        return f"{article} · {title[:100]}" if title else article


def span_mark(start: int | None, end: int | None, marks: tuple[str, str]) -> list[Mark]:
    """A mark for an optional span (speakers and actors may have none)."""
    return [Mark(start, end, marks)] if start is not None and end is not None else []


def shown_speaker(look: Lookup, quote: Quote) -> str:
    """The speaker as a reader sees it: the canonical entity name when `speaker` is set, else
    the named mention it was resolved to, else the words written."""
    name = look.name(quote.speaker)
    if name:
        return name
    if quote.speaker_anchor is not None:
        anchor = look.text(quote.article)[quote.speaker_anchor[0]:quote.speaker_anchor[1]].strip()
        if anchor:
            return one_line(anchor)
    return one_line(quote.speaker_text or "") or "(none)"


def quote_item(look: Lookup, quote: Quote) -> Item:
    """A quote as "Who said what" shows it, with its speaker marked in context."""
    written = one_line(quote.speaker_text or "")
    fields = [
        ("article", look.title(quote.article)),
        ("speaker", (f"{shown_speaker(look, quote)} (written \"{written}\"; "
                     f"{'resolved' if quote.speaker_resolved else 'unresolved'})")),
        ("kind", (f"{quote.kind} · cue: {one_line(quote.cue or '') or '(none)'} · "
                  f"confidence {quote.confidence:.2f}")),
        ("content", one_line(quote.text)),
    ]
    marks = span_mark(quote.speaker_start, quote.speaker_end, SPEAKER_MARKS)
    context = look.context(quote.article, quote.start, quote.end, marks)
    return Item(quote.id, fields, [("", context)], KINDS["quotes"].fields)


def actor_label(look: Lookup, entity: str | None, text: str | None, code: str | None) -> str:
    """An event actor as the reports name it, with the words written when they differ."""
    name = look.name(entity)
    written = one_line(text or "")
    shown = name or written or code or "(none)"
    extra = [f"written \"{written}\"" if written and written != shown else "", code or ""]
    extra = [part for part in extra if part]
    return f"{shown} ({'; '.join(extra)})" if extra else shown


def event_factuality(event: Event) -> str:
    """'modality planned · cue: will · confidence 0.91'."""
    parts = [f"modality {event.modality}"]
    if event.modality_cue:
        parts.append(f"cue: {one_line(event.modality_cue)}")
    if event.confidence is not None:
        parts.append(f"confidence {event.confidence:.2f}")
    return " · ".join(parts)


def event_item(look: Lookup, event: Event) -> Item:
    """An event with its actors marked in its sentence."""
    place = event.place.name if event.place else "(none)"
    fields = [
        ("article", look.title(event.article)),
        ("type", f"{event.type} · trigger: {one_line(event.trigger or '') or '(none)'}"),
        ("source", actor_label(look, event.source, event.source_text, event.source_code)),
        ("target", actor_label(look, event.target, event.target_text, event.target_code)),
        ("factuality", event_factuality(event)),
        ("date", f"{event.date or '(none)'} ({event.date_source or '-'}) · place: {place}"),
    ]
    marks = (span_mark(event.source_start, event.source_end, SPEAKER_MARKS)
             + span_mark(event.target_start, event.target_end, TARGET_MARKS))
    context = look.context(event.article, event.start, event.end, marks)
    return Item(event.id, fields, [("", context)], KINDS["events"].fields)


def stance_item(look: Lookup, position: int, stance: Stance) -> Item:
    """A stance with its first evidence span in context (stances carry no id: the brief
    position names them)."""
    actor = look.name(stance.actor) or stance.actor_name or "(none)"
    fields = [("actor", actor), ("position", stance.position), ("issue", one_line(stance.issue))]
    contexts = []
    if stance.evidence:
        span = stance.evidence[0]
        fields.insert(0, ("article", look.title(span.article)))
        contexts.append(("", look.context(span.article, span.start, span.end)))
    return Item(f"stance-{position}", fields, contexts, KINDS["stances"].fields)


def discrepancy_item(look: Lookup, position: int, discrepancy: Discrepancy) -> Item:
    """A discrepancy with every value's sentence in context (no id: the brief position names it)."""
    fields = [("about", one_line(discrepancy.about)), ("kind", discrepancy.kind),
              ("evidence", discrepancy.evidence or "-"),
              ("confidence", f"{discrepancy.confidence:.2f}" if discrepancy.confidence is not None else "-")]
    contexts = []
    for value in discrepancy.values:
        published = look.articles[value.article].published if value.article in look.articles else None
        contexts.append((f"value {one_line(value.value)} in {look.title(value.article)} ({published or 'undated'})",
                         look.context(value.article, value.start, value.end)))
    return Item(f"discrepancy-{position}", fields, contexts, KINDS["discrepancies"].fields)


def articles_of(mentions: Iterable[Mention]) -> int:
    """How many articles the mentions come from."""
    return len({mention.article for mention in mentions})


def entity_fields(entity: Entity) -> list[tuple[str, str]]:
    """Name, type, aliases and mention counts of an entity, as the entity list shows them."""
    aliases = entity.aliases[:ALIAS_LIMIT]
    more = f" … (+{len(entity.aliases) - ALIAS_LIMIT})" if len(entity.aliases) > ALIAS_LIMIT else ""
    return [
        ("name", f"{one_line(entity.name)} ({entity.type})"),
        ("aliases", "; ".join(one_line(alias) for alias in aliases) + more or "(none)"),
        ("mentions", f"{len(entity.mentions)} in {articles_of(entity.mentions)} articles"),
    ]


def entity_item(look: Lookup, entity: Entity, rng: random.Random) -> Item:
    """An entity with one of its mentions (drawn) in context."""
    contexts = []
    if entity.mentions:
        mention = entity.mentions[rng.randrange(len(entity.mentions))]
        contexts.append((f"mention \"{one_line(mention.text)}\" in {look.title(mention.article)}",
                         look.context(mention.article, mention.start, mention.end)))
    return Item(entity.id, entity_fields(entity), contexts, KINDS["entities"].fields)


def mentions_by_text(entity: Entity) -> dict[str, list[Mention]]:
    """The entity's mentions grouped by their text (whitespace collapsed, so that a stray
    space is not a merge), in first-seen order."""
    groups: dict[str, list[Mention]] = {}
    for mention in entity.mentions:
        groups.setdefault(one_line(mention.text), []).append(mention)
    return groups


def is_merge(entity: Entity) -> bool:
    """Whether the entity joins mentions written differently (a merge to judge)."""
    return len(mentions_by_text(entity)) > 1


def merge_item(look: Lookup, entity: Entity, rng: random.Random) -> Item:
    """One pair of distinct aliases of one entity (drawn), each in its own sentence."""
    groups = mentions_by_text(entity)
    first, second = rng.sample(sorted(groups), 2)
    contexts = []
    for alias in (first, second):
        mention = groups[alias][rng.randrange(len(groups[alias]))]
        contexts.append((f"alias \"{one_line(alias)}\" in {look.title(mention.article)}",
                         look.context(mention.article, mention.start, mention.end)))
    fields = [("pair", f"\"{one_line(first)}\" = \"{one_line(second)}\""), *entity_fields(entity)]
    return Item(entity.id, fields, contexts, KINDS["merges"].fields)


# --- sampling -----------------------------------------------------------------------------


def population(brief: Brief, kind: str, shown: bool) -> list:
    """The records of one kind that can be drawn, in brief order (the order is part of what
    makes a sheet reproducible)."""
    if kind == "quotes":
        return [q for q in brief.quotes if is_shown_quote(q)] if shown else list(brief.quotes)
    if kind == "entities":
        return list(brief.entities)
    if kind == "merges":
        return [entity for entity in brief.entities if is_merge(entity)]
    if kind == "events":
        return [e for e in brief.events if is_shown_event(e)] if shown else list(brief.events)
    if kind == "stances":
        return list(enumerate(brief.stances, 1))
    if kind == "discrepancies":
        numbered = list(enumerate(brief.discrepancies, 1))
        return [(i, d) for i, d in numbered if is_shown_discrepancy(d)] if shown else numbered
    raise ValueError(f"unknown kind {kind!r}")


def draw(brief: Brief, kind: str, n: int, seed: int, shown: bool = False) -> tuple[list[Item], int]:
    """N records of one kind drawn with `seed` (in brief order) and the population size.

    One `random.Random(seed)` does everything (which records, which alias pair, which
    mention), always in the same order, so the same brief and seed give the same sheet.
    """
    look = Lookup(brief)
    pool = population(brief, kind, shown)
    rng = random.Random(seed)
    chosen = sorted(rng.sample(range(len(pool)), min(n, len(pool))))
    build: dict[str, Callable[[object], Item]] = {
        "quotes": lambda q: quote_item(look, q),
        "entities": lambda e: entity_item(look, e, rng),
        "merges": lambda e: merge_item(look, e, rng),
        "events": lambda e: event_item(look, e),
        "stances": lambda pair: stance_item(look, *pair),
        "discrepancies": lambda pair: discrepancy_item(look, *pair),
    }
    return [build[kind](pool[i]) for i in chosen], len(pool)


def brief_digest(data: bytes) -> str:
    """A short content hash naming the brief on the sheet (a path would differ per caller)."""
    return hashlib.sha256(data).hexdigest()[:12]


def blockquote(lines: Sequence[str]) -> list[str]:
    """Lines as one Markdown blockquote, an empty `>` between them so that they stay apart
    when rendered."""
    out: list[str] = []
    for line in lines:
        out += [">", f"> {line}"] if out else [f"> {line}"]
    return out


def render_item(number: int, item: Item) -> list[str]:
    """The Markdown lines of one record, ending with its verdict and note lines."""
    lines = [f"## {number}. {item.id}", ""]
    lines += [f"- {name}: {value}" for name, value in item.fields]
    for label, context in item.contexts:
        lines.append("")
        if label:
            lines.append(f"{label}:")
        lines += blockquote(context)
    lines += ["", "verdict: " + " ".join(f"{name}=?" for name in item.verdict), "note:", ""]
    return lines


def render_sheet(title: str, header: list[tuple[str, str]], items: Sequence[Item]) -> str:
    """A whole sheet: title, header lines (kind first), then the records."""
    lines = [f"# {title}", ""]
    lines += [f"- {name}: {value}" for name, value in header]
    lines.append("")
    for number, item in enumerate(items, 1):
        lines += render_item(number, item)
    return "\n".join(lines).rstrip("\n") + "\n"


def sample_sheet(data: bytes, name: str, kind: str, n: int, seed: int, shown: bool) -> str:
    """The judging sheet for `n` records of `kind` drawn from the brief bytes `data`."""
    brief = Brief.model_validate_json(data)
    items, size = draw(brief, kind, n, seed, shown)
    what = f"{'shown ' if shown and kind == 'quotes' else ''}{kind}"
    header = [
        ("kind", kind),
        ("brief", f"{name} (sha256 {brief_digest(data)}), {len(brief.articles)} articles"),
        ("drawn", f"{len(items)} of {size} {what}, seed {seed}"),
        ("judge", KINDS[kind].guide + " Replace each `?` with y or n (n/a when it does not "
                  "apply); a note helps the next reader."),
        ("marks", "record span ⟦…⟧, speaker or event source ⟨…⟩, event target ⟪…⟫"),
    ]
    return render_sheet(f"Audit sheet: {what}", header, items)


# --- people -------------------------------------------------------------------------------

# Words in front of a name that are not part of it ("President Trump", "Sen. Sanders").
_TITLE_WORDS = HONORIFICS | ROLE_NOUNS | frozenset({
    "sen", "rep", "gov", "gen", "pres", "lt", "col", "maj", "capt", "sgt", "adm", "rev", "hon",
    "former", "vice", "the", "u.s", "us"})
_SUFFIX_WORDS = frozenset({"jr", "sr", "ii", "iii", "iv"})
_NAME_WORD = re.compile(r"[A-Za-z][A-Za-z.'’\-]*")


def name_tokens(name: str) -> tuple[str, ...]:
    """A name as lower-case words without leading titles, possessives or a Jr./Sr. suffix:
    "President Donald J. Trump's" -> ("donald", "j", "trump")."""
    words = []
    for word in _NAME_WORD.findall(name):
        word = re.sub(r"['’]s?$", "", word).strip(".-").lower()
        if word:
            words.append(word)
    while words and words[0] in _TITLE_WORDS:
        words.pop(0)
    while words and words[-1] in _SUFFIX_WORDS:
        words.pop()
    return tuple(words)


def is_subsequence(short: Sequence[str], long: Sequence[str]) -> bool:
    """Whether the words of `short` appear in `long` in order (gaps allowed)."""
    rest = iter(long)
    return bool(short) and all(word in rest for word in short)


def could_be_same(person: Entity, other: Entity) -> bool:
    """Whether `other` may name the same person: one of its names holds the person's surname
    or is a word sub-sequence of the person's name (or the other way round)."""
    own = name_tokens(person.name)
    if not own:
        return False
    for alias in {other.name, *other.aliases}:
        words = name_tokens(alias)
        if own[-1] in words or is_subsequence(words, own) or is_subsequence(own, words):
            return True
    return False


def candidate_line(look: Lookup, person: Entity, other: Entity) -> list[str]:
    """One candidate entity: counts, aliases, articles shared with the person, one sentence."""
    shared = {m.article for m in person.mentions} & {m.article for m in other.mentions}
    aliases = "; ".join(one_line(alias) for alias in other.aliases[:ALIAS_LIMIT])
    lines = [(f"- candidate {other.id}: \"{one_line(other.name)}\" ({other.type}), "
              f"{len(other.mentions)} mentions in {articles_of(other.mentions)} articles "
              f"({len(shared)} shared); aliases: {aliases or '(none)'}; same=?")]
    mention = next((m for m in other.mentions if m.article in shared), None)
    mention = mention or (other.mentions[0] if other.mentions else None)
    if mention is not None:
        context = look.context(mention.article, mention.start, mention.end)
        own = next((line for line in context if OPEN in line), context[0])
        lines.append(f"  > {mention.article}: {own}")
    return lines


def people_sheet(data: bytes, name: str, top: int) -> str:
    """The `top` most-mentioned PERSON entities, each with the entities that may be the same
    person: the sheet for "none of the most-mentioned people split over several entities"."""
    brief = Brief.model_validate_json(data)
    look = Lookup(brief)
    people = [entity for entity in brief.entities if entity.type == "PERSON"]
    people.sort(key=lambda entity: (-len(entity.mentions), entity.name, entity.id))
    lines = [f"# Audit sheet: the {top} most-mentioned people", ""]
    header = [
        ("kind", "people"),
        ("brief", f"{name} (sha256 {brief_digest(data)}), {len(brief.articles)} articles"),
        ("drawn", (f"top {min(top, len(people))} of {len(people)} PERSON entities by mentions; "
                   "candidates: any entity with a name holding the surname or a word "
                   "sub-sequence of the name")),
        ("judge", KINDS["people"].guide + " Replace each `?` with y or n."),
    ]
    lines += [f"- {key}: {value}" for key, value in header] + [""]
    for number, person in enumerate(people[:top], 1):
        lines += [f"## {number}. {person.id}", ""]
        lines += [f"- {key}: {value}" for key, value in entity_fields(person)]
        others = [e for e in brief.entities if e.id != person.id and could_be_same(person, e)]
        others.sort(key=lambda entity: (-len(entity.mentions), entity.name, entity.id))
        lines.append("")
        for other in others[:CANDIDATE_LIMIT]:
            lines += candidate_line(look, person, other)
        if len(others) > CANDIDATE_LIMIT:
            rest = others[CANDIDATE_LIMIT:]
            names = "; ".join(f"\"{one_line(e.name)}\" ({len(e.mentions)})" for e in rest)
            lines.append(f"- (+{len(rest)} more candidates, names and mention counts only: {names})")
        if not others:
            lines.append("- (no candidate)")
        lines += ["", "verdict: whole=?", "note:", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


# --- scoring ------------------------------------------------------------------------------

_YES = frozenset({"y", "yes", "1", "true", "ok", "right", "✓", "✔"})
_NO = frozenset({"n", "no", "0", "false", "wrong", "x", "✗", "✘"})
_NOT_APPLICABLE = frozenset({"n/a", "na", "-"})
_RECORD = re.compile(r"^##\s+(\d+)\.\s+(\S+)\s*$")
_KIND = re.compile(r"^[-*]?\s*kind:\s*(\w+)", re.IGNORECASE)
_VERDICT = re.compile(r"^\s*verdict:(.*)$", re.IGNORECASE)
_PAIR = re.compile(r"([A-Za-z]\w*)\s*[=:]\s*([^\s=,;|]*)")
_SAME = re.compile(r"\bsame\s*=\s*([^\s=,;|]*)", re.IGNORECASE)


def judgement(value: str) -> str | None:
    """A verdict value read leniently: "y", "n", "na", or None when not judged yet."""
    value = value.strip().lower()
    if value in _YES:
        return "y"
    if value in _NO:
        return "n"
    if value in _NOT_APPLICABLE:
        return "na"
    return None


@dataclass
class Judged:
    """One record read back from a sheet."""

    sheet: str
    id: str
    values: dict[str, str | None]
    same: list[str | None] = field(default_factory=list)  # people sheets: per candidate


@dataclass
class Sheet:
    """A judged sheet: its kind and records."""

    path: str
    kind: str
    records: list[Judged]


def read_sheet(path: str, text: str) -> Sheet:
    """Parse a sheet: the `kind:` header line, then `## N. id` records, each with its
    `verdict:` line (and, on people sheets, `same=` candidate lines). Lines inside block
    quotes are context, never verdicts."""
    kind, records = None, []
    current: Judged | None = None
    for line in text.replace("\r\n", "\n").split("\n"):
        match = _RECORD.match(line)
        if match:
            current = Judged(path, match.group(2), {})
            records.append(current)
            continue
        if current is None:
            found = _KIND.match(line)
            kind = kind or (found.group(1).lower() if found else None)
            continue
        if line.lstrip().startswith(">"):
            continue
        verdict = _VERDICT.match(line)
        if verdict:
            current.values.update({name.lower(): judgement(value)
                                   for name, value in _PAIR.findall(verdict.group(1))})
        elif line.startswith("- candidate"):
            same = _SAME.search(line)
            current.same.append(judgement(same.group(1)) if same else None)
    if kind not in KINDS:
        raise ValueError(f"{path}: no known `kind:` line in the header (got {kind!r})")
    return Sheet(path, kind, records)


def combined(values: Sequence[str | None]) -> str | None:
    """All fields together: wrong when one is wrong, right when every applicable one is right,
    unjudged otherwise."""
    if "n" in values:
        return "n"
    if None in values or "y" not in values:
        return None
    return "y"


def field_values(spec: KindSpec, record: Judged) -> dict[str, str | None]:
    """A record's judged fields plus the combined verdict, in the kind's order."""
    values = {name: record.values.get(name) for name in spec.fields}
    if spec.combined:
        values[spec.combined] = combined(list(values.values()))
    return values


@dataclass
class Tally:
    """Right and wrong counts of one field."""

    right: int = 0
    wrong: int = 0

    def add(self, value: str | None) -> None:
        """Count a y or n (n/a and unjudged do not count)."""
        self.right += value == "y"
        self.wrong += value == "n"

    def line(self, name: str) -> str:
        """`name  right/judged  precision`."""
        judged = self.right + self.wrong
        share = f"{100 * self.right / judged:5.1f}%" if judged else "    -"
        return f"  {name:<11} {self.right:>4}/{judged:<4} {share}"


def score_kind(kind: str, sheets: Sequence[Sheet]) -> list[str]:
    """The report lines of one kind: precision per field, then the unjudged records."""
    spec = KINDS[kind]
    records, seen = [], set()
    for sheet in sheets:
        for record in sheet.records:
            if (record.id, kind) in seen:
                continue  # the same record judged on two sheets counts once
            seen.add((record.id, kind))
            records.append(record)
    names = [*spec.fields, *([spec.combined] if spec.combined else [])]
    tallies = {name: Tally() for name in names}
    unjudged = []
    for record in records:
        values = field_values(spec, record)
        for name in names:
            tallies[name].add(values[name])
        missing = [name for name in spec.fields if values[name] is None]
        if missing:
            unjudged.append(f"{Path(record.sheet).name}#{record.id} ({', '.join(missing)})")
    lines = [f"{kind}: {len(records)} records from {len(sheets)} sheet(s): "
             + ", ".join(sheet.path for sheet in sheets)]
    lines += [tallies[name].line(name) for name in names]
    if kind == "people":
        same = [value for record in records for value in record.same]
        lines.append(f"  candidates judged the same person: {same.count('y')} of "
                     f"{same.count('y') + same.count('n')} judged ({same.count(None)} unjudged)")
    lines.append(f"  unjudged: {len(unjudged)}" + (": " + "; ".join(unjudged) if unjudged else ""))
    return lines


def score(paths: Sequence[str]) -> list[str]:
    """Score judged sheets: one block per kind, kinds in the order of `KINDS`; files that are
    not sheets are named and skipped."""
    by_kind: dict[str, list[Sheet]] = defaultdict(list)
    lines: list[str] = []
    for path in paths:
        try:
            sheet = read_sheet(path, Path(path).read_text(encoding="utf-8"))
        except ValueError as error:  # a README beside the sheets, say: named, not fatal
            lines.append(f"skipped {error}")
            continue
        by_kind[sheet.kind].append(sheet)
    for kind in KINDS:
        if kind in by_kind:
            lines += score_kind(kind, by_kind[kind])
    return lines


# --- command line -------------------------------------------------------------------------


def write_text(text: str, out: str | None) -> None:
    """Write to `out` (Unix line ends, whatever the platform), or stdout when None."""
    if out is None:
        sys.stdout.write(text)
        return
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    sample = commands.add_parser("sample", help="draw N records of one kind into a judging sheet")
    sample.add_argument("brief", help="brief.json")
    sample.add_argument("--kind", required=True, choices=SAMPLE_KINDS)
    sample.add_argument("--n", type=int, default=40)
    sample.add_argument("--seed", type=int, default=13)
    sample.add_argument("--shown", action="store_true",
                        help="quotes: only those \"Who said what\" lists")
    sample.add_argument("-o", "--out", help="sheet to write (default: stdout)")
    judged = commands.add_parser("score", help="precision per kind and field of judged sheets")
    judged.add_argument("sheets", nargs="+")
    people = commands.add_parser("people", help="the most-mentioned people and possible splits")
    people.add_argument("brief", help="brief.json")
    people.add_argument("--top", type=int, default=10)
    people.add_argument("-o", "--out", help="sheet to write (default: stdout)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.command == "score":
        print("\n".join(score(args.sheets)))
        return 0
    data = Path(args.brief).read_bytes()
    name = Path(args.brief).name
    if args.command == "sample":
        write_text(sample_sheet(data, name, args.kind, args.n, args.seed, args.shown), args.out)
    else:
        write_text(people_sheet(data, name, args.top), args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
