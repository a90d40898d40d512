"""Lookups every renderer needs: article numbers, entity names, speaker groups, labels.

Renderers refer to articles by their 1-based position in `brief.articles` ("[2]"), which is
short to read and stable for a given brief; entity and article ids can be any string, so
they never become HTML ids or Markdown anchors themselves.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from storyline.changes import Changes
from storyline.model import Article, Brief, Discrepancy, Entity, Event, Place, Quote, Span
from storyline.report.citations import sentence_bounds
from storyline.lexicon import PRONOUNS
from storyline.settings import REPORT_CONFIDENCE


@dataclass(frozen=True)
class SpeakerGroup:
    """The quotes of one speaker: a canonical entity, else a surface name, else nobody."""

    name: str
    entity: Entity | None
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class BriefIndex:
    """Id lookups over one brief."""

    brief: Brief
    articles: dict[str, Article]
    article_numbers: dict[str, int]
    entities: dict[str, Entity]
    entity_numbers: dict[str, int]

    @classmethod
    def build(cls, brief: Brief) -> BriefIndex:
        """Index a brief (first occurrence wins when ids repeat)."""
        articles: dict[str, Article] = {}
        numbers: dict[str, int] = {}
        for n, article in enumerate(brief.articles, 1):
            articles.setdefault(article.id, article)
            numbers.setdefault(article.id, n)
        entities: dict[str, Entity] = {}
        entity_numbers: dict[str, int] = {}
        for n, entity in enumerate(brief.entities, 1):
            entities.setdefault(entity.id, entity)
            entity_numbers.setdefault(entity.id, n)
        return cls(brief, articles, numbers, entities, entity_numbers)

    def span_ok(self, span: Span) -> bool:
        """True when the span's article exists and its offsets fall inside that article."""
        article = self.articles.get(span.article)
        return article is not None and 0 <= span.start <= span.end <= len(article.text)

    def span_text(self, span: Span) -> str:
        """The cited text `text[start:end]`, or "" when the span does not resolve."""
        if not self.span_ok(span):
            return ""
        return self.articles[span.article].text[span.start:span.end]

    def sentence_text(self, span: Span) -> str:
        """The whole sentence(s) holding the span (for records that carry only a phrase)."""
        if not self.span_ok(span):
            return ""
        text = self.articles[span.article].text
        start, end = sentence_bounds(text, span.start, span.end)
        return text[start:end].strip()

    def speaker_name(self, quote: Quote) -> str:
        """How to name a quote's speaker when no entity holds it: the named mention it was
        resolved to (never the pronoun or description it was written as), else its own words."""
        if quote.speaker_anchor is not None:
            anchor = Span(article=quote.article, start=quote.speaker_anchor[0], end=quote.speaker_anchor[1])
            if self.span_text(anchor).strip():
                return self.span_text(anchor)
        return quote.speaker_text or ""

    @staticmethod
    def attribution(quote: Quote) -> str:
        """The attribution as the article wrote it ("Foreign Minister Sergei Lavrov said"),
        without a pronoun: "he said" reads as "said" under the speaker's heading."""
        words = " ".join((quote.speaker_text or "").split())
        who = "" if words.lower() in PRONOUNS else words
        return " ".join(part for part in (who, quote.cue or "") if part)

    def story_title(self, story_id: str | None) -> str:
        """Title of a story id, "" when unknown."""
        return next((s.title for s in self.brief.stories if s.id == story_id), "")

    def entity_name(self, entity_id: str | None) -> str | None:
        """Canonical name of an entity id, None when unknown."""
        entity = self.entities.get(entity_id) if entity_id else None
        return entity.name if entity else None

    def actor(self, entity_id: str | None, text: str | None, code: str | None) -> str:
        """How to name an event actor: canonical name, else the words used, else the code."""
        return self.entity_name(entity_id) or text or code or ""


def is_shown_quote(quote: Quote) -> bool:
    """Whether "Who said what" lists the quote: speech (not an attitude), a speaker that is a
    name or resolved to one, and a confidence at or above `REPORT_CONFIDENCE`."""
    return (quote.kind != "attitude" and quote.speaker_resolved
            and quote.confidence >= REPORT_CONFIDENCE)


def shown_quotes(brief: Brief) -> list[Quote]:
    """The quotes the reports list, in brief order."""
    return [quote for quote in brief.quotes if is_shown_quote(quote)]


def is_shown_event(event: Event) -> bool:
    """Whether the reports list the event: a confidence at or above `REPORT_CONFIDENCE`."""
    return event.confidence is not None and event.confidence >= REPORT_CONFIDENCE


def is_shown_discrepancy(discrepancy: Discrepancy) -> bool:
    """Whether the reports list the discrepancy: a confidence at or above `REPORT_CONFIDENCE`
    (brief.json keeps every one)."""
    return discrepancy.confidence is not None and discrepancy.confidence >= REPORT_CONFIDENCE


def shown_discrepancies(brief: Brief) -> list[Discrepancy]:
    """The discrepancies the reports list, in brief order."""
    return [d for d in brief.discrepancies if is_shown_discrepancy(d)]


def shown_events(brief: Brief) -> tuple[list[Event], list[Event]]:
    """The events the reports list: the facts (asserted or reported), then the threats, plans,
    questions and denials, each in brief order (by date)."""
    shown = [event for event in brief.events if is_shown_event(event)]
    return [e for e in shown if e.is_fact], [e for e in shown if not e.is_fact]


def modality_label(event: Event) -> str:
    """'planned (will)', 'negated (not)': how the article presents an event that is no fact."""
    return event.modality + (f" ({event.modality_cue})" if event.modality_cue else "")


def speaker_groups(index: BriefIndex) -> list[SpeakerGroup]:
    """The shown quotes grouped per speaker: most-quoted first; on ties, resolved entities
    before surface names, then by name (deterministic)."""
    groups: dict[str, SpeakerGroup] = {}
    for quote in shown_quotes(index.brief):
        entity = index.entities.get(quote.speaker) if quote.speaker else None
        if entity is not None:
            key, name = f"e:{entity.id}", entity.name
        else:
            name = " ".join(index.speaker_name(quote).split())
            key = f"t:{name.casefold()}"
        group = groups.setdefault(key, SpeakerGroup(name, entity))
        group.quotes.append(quote)
    rank = {"e": 0, "t": 1}
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1].quotes), rank[kv[0][0]],
                                                      kv[1].name.casefold(), kv[1].name))
    return [group for _, group in ordered]


def place_label(place: Place | None) -> str:
    """"Zvecan, XKX" style label for a place, "" when there is none."""
    if place is None:
        return ""
    return f"{place.name}, {place.country}" if place.country else place.name


def language_label(article: Article) -> str:
    """"en", or "de (not analysed)" for an article left out of the analyses."""
    label = article.language or ""
    if article.left_out:
        label = f"{label} (not analysed)".strip()
    return label


def date_range(brief: Brief) -> tuple[str, str] | None:
    """Earliest and latest publication date among the articles, None when none is known."""
    dates = sorted(a.published for a in brief.articles if a.published)
    return (dates[0], dates[-1]) if dates else None


def corpus_line(brief: Brief) -> str:
    """One line describing the corpus: article count, date range, NLP model."""
    count = len(brief.articles)
    parts = [f"{count} article{'s' if count != 1 else ''}"]
    duplicates = sum(1 for a in brief.articles if a.duplicate_of)
    if duplicates:
        parts[0] += f" ({duplicates} near-duplicate{'s' if duplicates != 1 else ''})"
    span = date_range(brief)
    if span:
        parts.append(span[0] if span[0] == span[1] else f"{span[0]} to {span[1]}")
    else:
        parts.append("no publication dates")
    if brief.nlp_model:
        parts.append(f"model {brief.nlp_model.name} {brief.nlp_model.version}")
    return " · ".join(parts)


def mention_summary(entity: Entity) -> str:
    """"12 in 3 articles" for an entity's mentions."""
    per_article = Counter(m.article for m in entity.mentions)
    n, k = len(entity.mentions), len(per_article)
    return f"{n} in {k} article{'s' if k != 1 else ''}" if n else "0"


ENTITY_HEADER = ["Name", "Type", "Affiliation", "Country", "Place", "Titles", "Aliases", "Mentions",
                 "Merge confidence"]


def entity_cells(entity: Entity) -> list[str]:
    """One entity's row for the entity tables (plain text; renderers escape it)."""
    return [entity.name, entity.type, entity.affiliation or "", entity.country or "",
            place_coordinates(entity.place), "; ".join(entity.titles), "; ".join(entity.aliases),
            mention_summary(entity), f"{entity.confidence:.2f}"]


def place_coordinates(place: Place | None) -> str:
    """"Zvečan (42.908, 20.840)" for a gazetteer place; the name alone without coordinates."""
    if place is None:
        return ""
    if place.lat is None or place.lon is None:
        return place.name
    return f"{place.name} ({place.lat:.3f}, {place.lon:.3f})"


def shorten(text: str, limit: int = 200) -> str:
    """Whitespace-collapsed text cut at a word boundary to about `limit` characters."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat.rfind(" ", 0, limit)
    return flat[: cut if cut > limit // 2 else limit].rstrip() + "…"


SHOWN_CHANGES = 10  # events and quotes listed under "What's new" (the rest are counted)


def changes_line(changes: Changes) -> str:
    """One line saying what came since when: "Since 2026-11-29 14:50 UTC: 3 articles, ..."."""
    when = changes.since[:16].replace("T", " ") + " UTC"
    shown_events = [e for e in changes.events if is_shown_event(e)]
    parts = [counted(len(changes.articles), "new article"), counted(len(changes.new_stories), "new story"),
             counted(len(changes.growing_stories), "growing story"), counted(len(shown_events), "new event"),
             counted(len([q for q in changes.quotes if is_shown_quote(q)]), "new quote"),
             counted(len([d for d in changes.discrepancies if is_shown_discrepancy(d)]), "new discrepancy")]
    return f"Since {when}: " + ", ".join(parts) + "."


def changed_records(changes: Changes) -> tuple[list[Event], list[Quote], list[Discrepancy]]:
    """The events, quotes and discrepancies "What's new" lists: those the reports show, the
    first `SHOWN_CHANGES` of each."""
    return ([e for e in changes.events if is_shown_event(e)][:SHOWN_CHANGES],
            [q for q in changes.quotes if is_shown_quote(q)][:SHOWN_CHANGES],
            [d for d in changes.discrepancies if is_shown_discrepancy(d)])


def counted(n: int, noun: str) -> str:
    """"1 new story", "3 new stories"."""
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{n} {noun if n == 1 else plural}"
