"""The records Storyline produces: the `brief.json` contract (schema `storyline.brief/1`).

Every derived record points back to the sentence it came from with `article`, `start` and
`end`: character offsets into that article's cleaned `text`, so that
`text[start:end]` is exactly the span the record names.

Two layers live here:
- the brief records (Article, Entity, Quote, ...), which are what users read;
- `RawDocument` and `ArticleAnalysis`, which carry one article through the per-article stage
  (read -> clean -> NLP -> analyses) before the corpus stage merges them.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_ID = "storyline.brief/1"


class Record(BaseModel):
    """Base for every record: strict field names, stable field order in JSON."""

    model_config = ConfigDict(extra="forbid")


class Span(Record):
    """A character span in one article's cleaned text."""

    article: str
    start: int
    end: int


class Piece(Record):
    """One exact character span of an article (`article.text[start:end]`)."""

    start: int
    end: int


class SourcedText(Span):
    """A sentence (or other span) shown to the user, with where it came from.

    A sentence shortened by leaving out its asides (`storyline.asides`) lists the `pieces` it
    keeps: `text` is then their texts joined, each piece an exact span of the article, and
    `start`/`end` the whole sentence's."""

    text: str
    pieces: list[Piece] | None = Field(None, description="the kept spans of a shortened sentence")


# --- input --------------------------------------------------------------------------------


class RawDocument(Record):
    """One article as read from disk or stdin, before cleaning.

    `text` is the plain text the reader produced (for HTML: what trafilatura extracted).
    Metadata given by the input (a JSONL field, an HTML `<meta>`, a feed entry) wins over
    anything guessed later from the text.
    """

    id: str
    path: str
    url: str | None = None
    title: str | None = None
    source: str | None = None
    published: str | None = None
    published_evidence: str | None = None
    text: str
    format: str = "txt"
    # True when the text is already the article body (HTML/feeds through trafilatura, JSONL);
    # False for flattened pages that still carry site chrome.
    extracted: bool = False
    # Where inside a multi-article file the article sits ("line 3", "entry 2", "record 5"),
    # so that a message about it can name the place; None for a one-article file.
    origin: str | None = None

    def describe(self) -> str:
        """The article as a user can find it: file, place inside it, and id when given."""
        where = f"{self.path} {self.origin}" if self.origin else self.path
        return f"{where} (id {self.id})" if self.origin else where


class SkippedInput(Record):
    """An input that could not become an article, and why (shown to the user, one line).

    `path` names the file and, inside a multi-article file, the line, entry or record and the
    article id; `article` is the id when one is known.
    """

    path: str
    reason: str
    article: str | None = None


# --- articles -----------------------------------------------------------------------------


class Removed(Record):
    """A piece of the raw text the cleaner cut, with the rule that cut it."""

    text: str
    reason: str


class OffsetMap(Record):
    """Maps cleaned-text offsets back to raw-text offsets.

    `segments` are `[clean_start, raw_start, length]` triples, sorted by `clean_start`:
    cleaned characters `clean_start .. clean_start+length` are the raw characters
    `raw_start .. raw_start+length`.
    """

    segments: list[tuple[int, int, int]] = Field(default_factory=list)

    def to_raw(self, offset: int) -> int:
        """Raw offset of cleaned offset `offset` (an end offset maps to its segment's end)."""
        starts = [segment[0] for segment in self.segments]
        # The segment starting at or before `offset`; an offset equal to a segment's end
        # belongs to that segment, so a span's end never jumps over removed text.
        i = bisect_right(starts, offset) - 1
        if i > 0 and offset == starts[i] and self._end(i - 1) == offset:
            i -= 1
        if i < 0 or offset > self._end(i):
            raise ValueError(f"offset {offset} is outside the cleaned text")
        clean_start, raw_start, _ = self.segments[i]
        return raw_start + (offset - clean_start)

    def _end(self, i: int) -> int:
        clean_start, _, length = self.segments[i]
        return clean_start + length


class Place(Record):
    """A place from the offline gazetteer: its name there, country (ISO-3), coordinates."""

    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


class Article(Record):
    """One article as the brief shows it: cleaned text plus metadata."""

    id: str
    path: str
    url: str | None = None
    title: str | None = None
    source: str | None = None
    published: str | None = Field(None, description='"YYYY-MM-DD" or null')
    published_evidence: str | None = Field(
        None, description="where the date came from, e.g. 'date line: Last Updated: …'"
    )
    text: str
    removed: list[Removed] = Field(default_factory=list)
    duplicate_of: str | None = None
    dateline: Place | None = Field(None, description='where the article was filed: "BELGRADE, Serbia (AP) —"')
    focus_country: str | None = Field(None, description="ISO-3 of the country the article names most")
    language: str | None = Field(None, description="ISO 639-1 code detected from the text; null when unsure")
    left_out: str | None = Field(
        None, description="why the article was stored but not analysed, e.g. 'language de'"
    )


# --- entities -----------------------------------------------------------------------------


class Mention(Span):
    """One surface mention of an entity in one article."""

    text: str


class Entity(Record):
    """One real-world actor or place, with every way the articles wrote it."""

    id: str
    name: str
    type: str
    aliases: list[str] = Field(default_factory=list)
    titles: list[str] = Field(default_factory=list)
    affiliation: str | None = Field(None, description="actor code: ISO-3 + sector, or an organisation's code")
    country: str | None = Field(None, description="ISO-3 of the country the actor belongs to or lies in")
    place: Place | None = Field(None, description="gazetteer entry, for places")
    mentions: list[Mention] = Field(default_factory=list)
    confidence: float = Field(
        1.0, description="probability that every mention names this one referent (its merges are right)"
    )


class EntityMention(Span):
    """A mention found in one article, before cross-article merging.

    `chain` groups mentions the article itself ties together (a surname after the full name,
    an acronym after its expansion); `name` is the chain's fullest form.
    """

    text: str
    label: str
    chain: int
    name: str
    titles: list[str] = Field(default_factory=list)


# --- quotes -------------------------------------------------------------------------------


class Quote(Span):
    """A statement attributed to someone: the content span plus its speaker and cue."""

    id: str
    text: str
    kind: Literal["direct", "indirect", "mixed", "attitude"] = Field(
        description="attitude: the object of a verb of stance or action, not speech; never listed as said"
    )
    speaker: str | None = Field(None, description="entity id")
    speaker_text: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_anchor: tuple[int, int] | None = Field(
        None, description="the named mention (start, end) the speaker resolves to in this article"
    )
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_resolved: bool = Field(
        False,
        description="the speaker names someone: a name, a description that stands on its own "
        "(\"a Kremlin aide\"), or a pronoun or description resolved to a named mention; false when "
        "there is no speaker or it is a pronoun nothing resolves",
    )
    confidence: float = Field(0.0, description="probability that content and speaker are both right")


# --- dates --------------------------------------------------------------------------------


class DateMention(Span):
    """A temporal expression with its TIMEX3 type and normalised value."""

    text: str
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: str
    direction: Literal["past", "future"] | None = Field(
        None, description="for a weekday of an undated article: before or after the writing date"
    )


# --- events -------------------------------------------------------------------------------


# The modalities under which an event is a fact; the others are threats, plans, questions.
FACT_MODALITIES = frozenset({"asserted", "reported"})


class Event(Span):
    """Who did what to whom, when and where, coded in PLOVER (CAMEO alongside)."""

    id: str
    type: str
    mode: str | None = None
    cameo: str | None = None
    trigger: str | None = None
    trigger_source: Literal["lexicon", "wordnet"] = Field(
        "lexicon", description="lexicon: a listed trigger; wordnet: read by its WordNet sense"
    )
    source: str | None = Field(None, description="entity id")
    source_text: str | None = None
    source_start: int | None = None
    source_end: int | None = None
    source_code: str | None = None
    target: str | None = None
    target_text: str | None = None
    target_start: int | None = None
    target_end: int | None = None
    target_code: str | None = None
    date: str | None = Field(None, description="TIMEX3 value: '2008-02-17', '2008-WXX-7', '2008'")
    date_source: Literal["text", "published", "estimated"] | None = Field(
        None,
        description="text: the event's own date expression; published: the article's date; "
        "estimated: the year its undated article was estimated to be from",
    )
    place: Place | None = None
    negated: bool = Field(False, description="the same as modality 'negated'")
    modality: Literal["asserted", "reported", "intended", "planned", "hypothetical",
                      "conditional", "question", "negated"] = Field(
        "asserted",
        description="how the article presents the event: asserted and reported (attributed to "
        "a source) are facts; intended, planned, hypothetical, conditional, question and "
        "negated are not",
    )
    modality_cue: str | None = Field(None, description="the words that signal the modality")
    confidence: float | None = Field(
        None, description="estimated probability that the type is right (data/event_confidence.tsv)"
    )
    text: str = Field(description="the sentence")
    reports: list[Span] = Field(default_factory=list)

    @property
    def is_fact(self) -> bool:
        """Whether the article presents the event as having happened (asserted or reported)."""
        return self.modality in FACT_MODALITIES


# --- corpus-level views -------------------------------------------------------------------


class Story(Record):
    id: str
    title: str
    articles: list[str]
    first: str | None = None
    last: str | None = None
    summary: list[SourcedText] = Field(default_factory=list)


class TimelineEntry(Record):
    date: str
    text: str
    story: str | None = None
    events: list[str] = Field(default_factory=list)
    sources: list[Span] = Field(default_factory=list)
    estimated: bool = Field(
        False, description="the day is an estimate: events of undated articles placed by their story"
    )


class StanceCue(Span):
    """One sentence's side on something, read from the parse: who (`holder`), for or against
    (`side`, as written: `modality` says whether it holds, "negated" among them), on what
    (`target`).
    The span is the sentence; the corpus stage turns cues into stances."""

    cue: str
    kind: Literal["act", "noun", "evaluation"] = Field(
        description="act: a verb of support or opposition ('rejected the plan'); noun: "
        "'its opposition to the plan'; evaluation: a verdict its holder gives ('said the "
        "plan is illegal', 'declared the split illegal')"
    )
    side: Literal["support", "oppose"]
    modality: str = "asserted"
    modality_cue: str | None = None
    holder_text: str
    holder_start: int
    holder_end: int
    target_text: str
    target_start: int
    target_end: int


class Stance(Record):
    story: str | None = Field(None, description="story id; the issue is one of that story's")
    actor: str | None = Field(
        None, description="entity id; None for a counted group ('18 of the 27 EU member states')"
    )
    actor_name: str | None = None
    issue: str
    position: Literal["support", "oppose", "neutral"]
    confidence: float | None = Field(
        None, description="estimated probability that the actor takes this side on this issue "
        "(data/stance_confidence.tsv)"
    )
    evidence: list[Span] = Field(default_factory=list)


class DiscrepancyValue(Span):
    value: str
    text: str | None = Field(None, description="the sentence reporting this value")


class Discrepancy(Record):
    """Reports that disagree about one figure or one event's date, each value with its sentence."""

    about: str
    kind: Literal["figure", "date"] = Field(
        "figure", description="figure: a count reported differently; date: one event dated differently"
    )
    values: list[DiscrepancyValue]
    confidence: float | None = Field(None, description="how often such a disagreement is real (audited)")
    evidence: str | None = Field(None, description="why the figures are taken to measure one thing")


class ModelInfo(Record):
    name: str
    version: str


class Brief(Record):
    """The whole brief: what `brief.json` holds."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    schema_id: str = Field(SCHEMA_ID, alias="schema")
    nlp_model: ModelInfo | None = None
    summary: list[SourcedText] = Field(default_factory=list)
    articles: list[Article] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    countries: list[str] = Field(
        default_factory=list, description="ISO-3 codes of the countries named, most named first"
    )
    stories: list[Story] = Field(default_factory=list)
    timeline: list[TimelineEntry] = Field(default_factory=list)
    stances: list[Stance] = Field(default_factory=list)
    discrepancies: list[Discrepancy] = Field(default_factory=list)


class Quantity(Span):
    """A reported figure ("2,000-strong mission", "at least 38 people were killed") and what it
    measures (see `storyline.figures`).

    `about` is the measured thing as written ("EU mission", "troops"); `keys` are normalised
    words (the counted class first, then the lemmas of its modifiers and names) and, with `kind`,
    `event`, `names` and `poll`, decide whether two figures from different articles measure the
    same thing; `bound` and `high` say what range of values the figure allows.
    """

    text: str
    value: float
    high: float | None = Field(None, description="upper end of a range ('45,000-50,000')")
    bound: Literal["exact", "about", "at_least", "at_most", "range"] = "exact"
    about: str
    kind: Literal["people", "money", "share", "distance", "duration", "count"] = "count"
    keys: list[str] = Field(default_factory=list)
    event: str | None = Field(None, description="what happened to the people counted: killed, injured, ...")
    predicate: str | None = Field(None, description="the verb the figure is an argument of: a tally, not a size")
    names: list[str] = Field(default_factory=list, description="LABEL:name of the referent's named entities")
    poll: str | None = Field(None, description="the pollster ('' unnamed) when the figure is a poll's")
    hedged: bool = Field(False, description="feared, expected or possible: not a reported figure")
    source: str | None = Field(None, description="who gives the figure (a quote's named speaker, 'according to')")


# --- per-article stage output -------------------------------------------------------------


class Sentence(Record):
    start: int
    end: int


class Aside(Record):
    """What a summary may cut from a sentence: an apposition or non-restrictive clause set off
    by commas, or a parenthesis (the span includes its commas or leading space)."""

    start: int
    end: int
    kind: Literal["apposition", "relative", "parenthesis"]


class ArticleAnalysis(Record):
    """Everything the per-article stage learns about one article (pure function of its input).

    Quote speakers and event actors are surface spans here; the corpus stage links them to
    canonical entities.
    """

    article: Article
    offsets: OffsetMap = Field(default_factory=OffsetMap, description="cleaned -> raw offsets")
    sentences: list[Sentence] = Field(default_factory=list)
    mentions: list[EntityMention] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    stance_cues: list[StanceCue] = Field(default_factory=list)
    asides: list[Aside] = Field(default_factory=list, description="what a summary may cut")
    countries: list[str] = Field(
        default_factory=list, description="ISO-3 codes of the countries named, most named first"
    )
    analyser: str | None = Field(
        None, description="digest of the code that made this analysis (analysis.ANALYSER)")
