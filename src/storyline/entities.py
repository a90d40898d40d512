"""Entities: mentions found in each article, then merged into one entity per real-world actor.

Per article (`find_mentions`): spaCy's named entities, trimmed ("the", an honorific or a
capitalised title, a possessive), junk dropped and labels changed only on evidence
(`entity_types`), spans on title-case lines (headlines) kept only where running text confirms
them; then grouped into chains the article itself ties together: one person's full names
("Tim Sloan", "Timothy J. Sloan"), a surname with the nearest full mention carrying it, an
acronym after "Kosovo Force (KFOR)", the same name written twice (whatever its label). Titles
come from the words in front of a name ("Serbian Foreign Minister Vuk Jeremic") and from
appositions.

Across articles (`merge_entities`): chains sharing a name key (case, accents, dots, honorifics
and common transliteration variants folded: Sergei/Sergey, NATO/Nato, U.N./UN) or a table
identity become one entity, across NER labels; full names that can only be one person join
("Donald J. Trump" = "Donald Trump", never "George W." with "George H. W. Bush"); an acronym
joins the one corpus name whose initials it spells; a bare surname joins the one person of the
corpus carrying it (or the one holding nearly all their mentions). What stays ambiguous joins
nothing and is counted (`EntityIndex.ambiguous`). Every merge keeps its evidence
(`EntityIndex.links`), and each entity's `confidence` is the product over its kinds of
evidence of their calibrated shares of right merges (`data/entity_confidence.tsv`).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span as SpacySpan

from storyline.actors import capital_country, country_code, country_identity, organisation_identity
from storyline.entity_types import evidence_label, in_title_case_line, is_junk, is_org_name, titled
from storyline.lexicon import ENTITY_LABELS, HONORIFICS, ROLE_MODIFIERS, ROLE_NOUNS, read_rows
from storyline.model import ArticleAnalysis, Entity, EntityMention, Mention
from storyline.nlp import doc_ents, doc_text, lemma
from storyline.places import resolve_place

_LEADING_DETERMINERS = ("the ", "The ")
_POSSESSIVE = re.compile(r"(?:'s|’s|‘s|'|’)$")
_ACRONYM_IN_PARENS = re.compile(r"^\s*\(([A-Z][A-Za-z.]{1,9})\)")
_PREMODIFIERS = ("compound", "amod", "nmod", "punct", "prep", "pobj", "det")
# Legal-form words that end a company's name but not its identity.
_CORPORATE_SUFFIXES = frozenset("inc corp corporation co company ltd llc plc ag sa gmbh".split())
# Verbs of saying whose subject, a run of capitalised words the NER missed, is taken for a person.
_SAYING = frozenset("say tell add ask write insist argue claim explain note warn".split())
# Time zones the NER takes for organisations ("00:27 GMT").
_NOT_NAMES = frozenset("GMT UTC BST CET CEST EST EDT PST PDT MSK".split())


def find_mentions(doc: Doc, article_id: str) -> list[EntityMention]:
    """Named mentions in one parsed article, grouped into within-article chains."""
    words, lowercase = _doc_words(doc)
    spans = []
    for ent in doc_ents(doc):
        span = _trim(ent) if ent.label_ in ENTITY_LABELS else None
        if span is not None and _is_name(span, lowercase) and not is_junk(span, words):
            spans.append(_corrected(span))
    spans = spans + _untagged_countries(doc, spans)
    spans = spans + _untagged_persons(doc, spans)
    spans = sorted(_confirmed_in_running_text(doc, spans), key=lambda span: span.start)
    chains = _ChainBuilder()
    for span in spans:
        chains.add(span.text, span.label_, span.start_char, _acronym_after(doc, span))
    assigned = chains.resolve()
    mentions: list[EntityMention] = []
    for span, chain in zip(spans, assigned):
        mentions.append(
            EntityMention(
                article=article_id,
                start=span.start_char,
                end=span.end_char,
                text=span.text,
                label=span.label_,
                chain=chain,
                name="",
                titles=_titles(span) if span.label_ == "PERSON" else [],
            )
        )
    for mention in mentions:
        mention.name = chains.names[mention.chain]
    return mentions


def _confirmed_in_running_text(doc: Doc, spans: list[SpacySpan]) -> list[SpacySpan]:
    """Spans on title-case lines (headlines, menus) kept only where running text confirms them.

    In a title-case line every word is capitalised, so the NER's spans there ("Donald Trump
    Leads", "Trump Creepily Singles Out") carry no evidence of a name's extent: such a span is
    kept when the article writes it in running text too, cut to the longest run of its words
    that the running text names (with that label), or kept when our tables know it.
    """
    in_headline = [in_title_case_line(s, _lowercase_words(doc)) for s in spans]
    if not any(in_headline):
        return spans
    known = {name_key(s.text): s.label_ for s, h in zip(spans, in_headline) if not h}
    out = []
    for span, headline in zip(spans, in_headline):
        if not headline or name_key(span.text) in known or country_identity(span.text) or organisation_identity(span.text):
            out.append(span)
            continue
        best = None
        for size in range(len(span) - 1, 0, -1):
            for i in range(len(span) - size + 1):
                part = span[i : i + size]
                label = known.get(name_key(part.text))
                if label is not None and best is None:
                    best = SpacySpan(doc, part.start, part.end, label=label)
            if best is not None:
                break
        if best is not None:
            out.append(best)
    return out


def _entity_index(doc: Doc) -> tuple[tuple[SpacySpan, ...], list[int], list[int]]:
    """`doc.ents` (as `doc_ents` gives them) with their start and end token indices, built
    once per Doc: entities never overlap, so both lists are sorted and can be bisected."""
    index = doc.user_data.get("storyline.ent_index")
    if index is None:
        ents = doc_ents(doc)
        index = doc.user_data["storyline.ent_index"] = (ents, [e.start for e in ents], [e.end for e in ents])
    return index


def ents_within(doc: Doc, start: int, end: int) -> list[SpacySpan]:
    """The entities lying wholly inside tokens `start`..`end` (exclusive), in order: what
    `doc[start:end].ents` gives, without its scan of every entity of the document."""
    ents, starts, ends = _entity_index(doc)
    lo, hi = bisect_left(starts, start), bisect_right(ends, end)
    return list(ents[lo:hi]) if lo < hi else []


def entity_at(doc: Doc, i: int) -> SpacySpan | None:
    """The entity holding token `i`, or None (a bisect, not a scan of `doc.ents`)."""
    ents, starts, _ = _entity_index(doc)
    k = bisect_right(starts, i) - 1
    return ents[k] if k >= 0 and i < ents[k].end else None


def _trim(ent: SpacySpan) -> SpacySpan | None:
    """Drop a leading "the", an honorific or a capitalised title ("President Obama" -> "Obama")
    and a trailing possessive, as spaCy sometimes includes them."""
    start, end = ent.start, ent.end
    doc = ent.doc
    if doc[start].lower_ == "the" and end - start > 1:
        start += 1
    while end - start > 1 and _is_title_word(doc[start]) and (ent.label_ == "PERSON" or doc[start].lower_.rstrip(".") in HONORIFICS):
        if not (end - start > 2 or _is_common_here(doc[start])):
            break  # "Emir Kusturica": a title word the article never uses as one may be a name
        start += 1
    if doc[end - 1].tag_ == "POS" and end - start > 1:
        end -= 1
    if ent.label_ == "PERSON":
        start, end = _trim_person(doc, start, end)
    span = doc[start:end]
    if not span.text.strip() or not any(ch.isalpha() for ch in span.text):
        return None
    return SpacySpan(doc, start, end, label=ent.label_)


def _doc_words(doc: Doc) -> tuple[set[str], set[str]]:
    """The article's token texts, and those written in lower case (one pass, once per Doc)."""
    found = doc.user_data.get("storyline.words")
    if found is None:
        words: set[str] = set()
        lowercase: set[str] = set()
        for token in doc:
            words.add(token.text)
            if token.is_lower:
                lowercase.add(token.text)
        found = doc.user_data["storyline.words"] = (words, lowercase)
    return found


def _lowercase_words(doc: Doc) -> set[str]:
    """The words the article writes in lower case."""
    return _doc_words(doc)[1]


# Parts of speech that never begin or end a person's name ("Telling Jeb Bush", "Jeb Bush-spent").
_NOT_NAME_EDGE = frozenset("VERB AUX PRON ADP ADV DET PUNCT SCONJ CCONJ PART NUM".split())


def _trim_person(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """A person's span without words of other kinds at its edges: a verb, a pronoun, a
    punctuation mark, or, before a name of two capitalised words or more, a common word the
    article also writes in lower case ("Billionaire Donald Trump"; not "Bill Clinton")."""
    lowercase = _lowercase_words(doc)
    while end - start > 1 and (
        doc[start].pos_ in _NOT_NAME_EDGE
        or doc[start].lower_ in lowercase and end - start > 2 and doc[start + 1].text[:1].isupper()
    ):
        start += 1
    while end - start > 1 and doc[end - 1].pos_ in _NOT_NAME_EDGE:
        end -= 1
    return start, end


def _is_common_here(token) -> bool:
    """An honorific, or a role word the article also writes in lower case ("president")."""
    word = token.lower_.rstrip(".")
    return word in HONORIFICS or word in _lowercase_words(token.doc)


def _is_title_word(token) -> bool:
    word = token.lower_.rstrip(".")
    return word in HONORIFICS or (token.text[:1].isupper() and (word in ROLE_NOUNS or word in ROLE_MODIFIERS))


def _untagged_persons(doc: Doc, spans: list[SpacySpan]) -> list[SpacySpan]:
    """People the NER missed: a run of two to four capitalised proper nouns that is a clause
    subject ("Vuk Jeremic said"), a proper noun after an honorific ("Mr Jeremic"), or the
    surname of a person the article names ("Jeremic told")."""
    tagged = {i for span in spans for i in range(span.start, span.end)}
    surnames = {span[-1].text for span in spans if span.label_ == "PERSON" and len(span) > 1}
    found: list[SpacySpan] = []
    i = 0
    while i < len(doc):
        if doc[i].lower_.rstrip(".") in HONORIFICS:
            i += 1  # "Mr Jeremic": the honorific is no part of the name
            continue
        end = i
        while end < len(doc) and end - i < 4 and _bare_proper_noun(doc[end], tagged):
            end += 1
        if end > i and _looks_like_person(doc, i, end, surnames):
            found.append(SpacySpan(doc, i, end, label="PERSON"))
            surnames.add(doc[end - 1].text)
        i = max(end, i + 1)
    return found


def _untagged_countries(doc: Doc, spans: list[SpacySpan]) -> list[SpacySpan]:
    """Countries the NER missed, one proper noun our tables name as a country ("Cyprus,
    Romania and Spain have refused" with "Cyprus" untagged)."""
    tagged = {i for span in spans for i in range(span.start, span.end)}
    return [
        SpacySpan(doc, token.i, token.i + 1, label="GPE")
        for token in doc
        if _bare_proper_noun(token, tagged) and country_identity(token.text)
        and not _in_name_run(token)
    ]


def _in_name_run(token) -> bool:
    """Whether the token is part of a longer proper name ("Jordan" in "Michael Jordan")."""
    doc = token.doc
    return any(0 <= j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].is_title
               for j in (token.i - 1, token.i + 1))


def _bare_proper_noun(token, tagged: set[int]) -> bool:
    return token.i not in tagged and token.pos_ == "PROPN" and token.is_title and token.is_alpha


def _looks_like_person(doc: Doc, start: int, end: int, surnames: set[str]) -> bool:
    """A run the NER left untagged is a person on evidence only: an honorific or a title right
    before it, the surname of a person the article names, or two to four capitalised words
    that are the subject of a verb of saying ("Vuk Jeremic said") and end in no organisation's
    head word nor name what our tables know (no gazetteer here: the per-article stage runs
    without it)."""
    if end < len(doc) and doc[end].pos_ == "PROPN":
        return False  # part of a longer name the NER left alone
    run = doc[start:end]
    if in_title_case_line(run, _lowercase_words(doc)):
        return False  # a headline in title case: its capitals say nothing
    if titled(run):
        return True
    if len(run) == 1:
        return run.text in surnames
    subject = run.root.dep_ in ("nsubj", "nsubjpass") and lemma(run.root.head) in _SAYING
    known = is_org_name([t.text for t in run]) or country_code(run.text) or organisation_identity(run.text)
    return subject and 2 <= len(run) <= 4 and not known


def _is_name(span: SpacySpan, lowercase: set[str]) -> bool:
    """False for what the NER took for a name but is not: a time zone, or a capitalised
    sentence-opening word the article also writes in lower case ("Neutral", "Hardline")."""
    if span.text in _NOT_NAMES:
        return False
    first = span[0]
    opens = first.is_sent_start or all(t.is_punct for t in span.doc[first.sent.start : first.i])
    return not (len(span) == 1 and opens and first.text.lower() in lowercase)


def _corrected(span: SpacySpan) -> SpacySpan:
    """The span under the label the evidence gives (`entity_types.evidence_label`): the
    model's own unless our tables, an organisation's head word or a personal title say else."""
    single = len(span) == 1
    label = evidence_label(
        span,
        country=country_identity(span.text) is not None,
        organisation=organisation_identity(span.text) is not None,
        place=single and capital_country(span.text) is not None,
    )
    return span if label == span.label_ else SpacySpan(span.doc, span.start, span.end, label=label)


def _acronym_after(doc: Doc, span: SpacySpan) -> str | None:
    """The acronym a name is introduced with: "Kosovo Force (KFOR)" -> "KFOR"."""
    match = _ACRONYM_IN_PARENS.match(doc_text(doc)[span.end_char : span.end_char + 14])
    if not match:
        return None
    acronym = match.group(1)
    initials = "".join(word[0] for word in span.text.split() if word[:1].isupper())
    letters = acronym.replace(".", "").upper()
    return acronym if letters[:1] == initials[:1] else None


def _titles(span: SpacySpan) -> list[str]:
    """Role words written in front of a person's name, or in an apposition after it."""
    doc = span.doc
    first = span.start
    while first > 0 and _modifies(doc[first - 1], span) and doc[first - 1].dep_ in _PREMODIFIERS:
        first -= 1
    while first < span.start and doc[first].lower_.rstrip(".") in HONORIFICS:
        first += 1
    words = [token.lower_ for token in doc[first : span.start]]
    titles = []
    if any(word in ROLE_NOUNS or word in ROLE_MODIFIERS for word in words):
        titles.append(doc[first : span.start].text)
    root = span.root
    for child in root.children:
        if child.dep_ == "appos" and child.i >= span.end and child.pos_ == "NOUN":
            titles.append(_without_article(doc[child.left_edge.i : child.i + 1].text))
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and root.head.i < span.start:
        # "The commander of the NATO-led Kosovo Force (KFOR), General X": the head's phrase
        head = root.head
        end = next((t.i for t in doc[head.i : span.start] if t.text in (",", "—", "–")), span.start)
        titles.append(_without_article(doc[head.left_edge.i : end].text))
    return [t for t in titles if t]


def _without_article(phrase: str) -> str:
    if phrase.lower().startswith(("the ", "a ", "an ")):
        phrase = phrase.split(" ", 1)[1]
    return phrase.strip()


def _modifies(token, span: SpacySpan) -> bool:
    """Whether `token` hangs (directly or through other modifiers) off a token of `span`."""
    for _ in range(4):
        token = token.head
        if span.start <= token.i < span.end:
            return True
        if token.i < span.start - 6 or token.head is token:
            return False
    return False


@dataclass(frozen=True)
class PersonName:
    """A person's full name as folded parts: "Donald J. Trump Jr." -> donald (j) trump jr."""

    first: str
    middle: tuple[str, ...]
    last: str
    suffix: str = ""

    @property
    def specificity(self) -> tuple[int, int]:
        return len(self.middle), len(self.first)


_NAME_SUFFIXES = frozenset("jr sr ii iii iv".split())


@lru_cache(maxsize=1 << 16)
def person_name(text: str) -> PersonName | None:
    """The parts of a name of two or more words, or None."""
    words = name_key(text).split(" ")
    suffix = ""
    if len(words) > 2 and words[-1] in _NAME_SUFFIXES:
        suffix, words = words[-1], words[:-1]
    if len(words) < 2 or not all(w.isalpha() for w in words) or words[0] in HONORIFICS or words[0] in ROLE_NOUNS:
        return None  # "President Obama" names a person by title and surname only
    return PersonName(words[0], tuple(words[1:-1]), words[-1], suffix)


def same_person(a: PersonName, b: PersonName, loose_first: bool = False) -> bool:
    """Whether two full names can name one person: same surname and suffix, first names equal
    (or, with `loose_first`, one a short form of the other: Tim/Timothy), middle names the same
    or missing on one side, an initial matching a name ("J." ~ "James").
    "George W. Bush" and "George H. W. Bush" cannot; "Donald Trump" and "Donald J. Trump" can."""
    if a.last != b.last or a.suffix != b.suffix:
        return False
    if not _parts_agree(a.first, b.first, loose_first):
        return False
    if not a.middle or not b.middle:
        return True
    return len(a.middle) == len(b.middle) and all(_parts_agree(x, y, False) for x, y in zip(a.middle, b.middle))


def _parts_agree(x: str, y: str, loose: bool) -> bool:
    if x == y:
        return True
    short, long = sorted((x, y), key=len)
    if len(short) == 1:
        return long.startswith(short)
    return loose and len(short) >= 3 and long.startswith(short)


@dataclass
class _ChainBuilder:
    """Groups the mentions of an article into chains of mentions of the same thing.

    Full names of people are one chain when they agree (`same_person`, short first names
    allowed: one article means one Tim Sloan); a one-word name joins the person whose surname
    it is, the nearest full mention before it (else after it) when several share the surname;
    other names join by their folded key or an acronym given in parentheses.
    """

    names: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    by_key: dict[str, int] = field(default_factory=dict)
    persons: list[tuple[int, PersonName]] = field(default_factory=list)  # (chain, name) per variant
    _pending: list[tuple[str, str, int, str | None]] = field(default_factory=list)

    def add(self, text: str, label: str, position: int, acronym: str | None) -> None:
        self._pending.append((text, label, position, acronym))

    def resolve(self) -> list[int]:
        """The chain of each added mention, in the order added."""
        out: list[int | None] = [None] * len(self._pending)
        # full names of people first, so that a surname can find them wherever they stand
        surname_at: dict[str, list[tuple[int, int]]] = defaultdict(list)  # surname -> (position, chain)
        for n, (text, label, position, _) in enumerate(self._pending):
            name = person_name(text) if label == "PERSON" else None
            if name is not None:
                out[n] = self._person_chain(text, label, name)
                surname_at[name.last].append((position, out[n]))
        for n, (text, label, position, acronym) in enumerate(self._pending):
            if out[n] is None:
                key = name_key(text)
                chain = self.by_key.get(key)
                if chain is None and " " not in key and key in surname_at and self._may_be_surname(text, label):
                    chain = _nearest(surname_at[key], position)
                out[n] = self._chain_for(text, label, key, chain)
            if acronym and name_key(acronym) not in self.by_key:
                self.by_key[name_key(acronym)] = out[n]
        return [c for c in out if c is not None]

    @staticmethod
    def _may_be_surname(text: str, label: str) -> bool:
        """The NER tags a bare surname as a place or an organisation now and then ("Kasich"
        GPE): any label may join a person, unless our tables know the word as something else."""
        if label == "PERSON":
            return True
        return not (country_code(text) or organisation_identity(text))


    def _person_chain(self, text: str, label: str, name: PersonName) -> int:
        key = name_key(text)
        chain = self.by_key.get(key)
        if chain is None:
            fits = {c for c, other in self.persons if same_person(name, other, loose_first=True)}
            clash = {c for c in fits if any(not same_person(name, o, True) for c2, o in self.persons if c2 == c)}
            fits -= clash
            chain = fits.pop() if len(fits) == 1 else None
        chain = self._chain_for(text, label, key, chain)
        self.persons.append((chain, name))
        return chain

    def _chain_for(self, text: str, label: str, key: str, chain: int | None) -> int:
        if chain is None:
            chain = len(self.names)
            self.names.append(text)
            self.labels.append(label)
        elif len(text) > len(self.names[chain]) and label == self.labels[chain]:
            self.names[chain] = text
        self.by_key.setdefault(key, chain)
        return chain


def _may_join_person(group: Sequence[EntityMention]) -> bool:
    """Whether a group of one-word mentions may be a person's surname across articles: one of
    them is tagged PERSON, or none is a place the gazetteer knows or a body our tables know."""
    if any(m.label == "PERSON" for m in group):
        return True
    text = group[0].text
    return not (_is_known_place(text) or organisation_identity(text) or country_code(text))


def _nearest(found: list[tuple[int, int]], position: int) -> int:
    """The chain of the full mention nearest before `position`, else the first one after it."""
    before = [chain for at, chain in found if at < position]
    return before[-1] if before else found[0][1]


@lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """A name folded so that spelling variants of one name compare equal.

    Folds case, accents, dots in acronyms ("U.N." -> "un"), possessives, a leading honorific
    ("Mr. Lavrov" -> "lavrov"), and the commonest
    transliteration differences of Slavic names ("Sergey"/"Sergei", "Dmitry"/"Dmitri").
    """
    text = _POSSESSIVE.sub("", text.strip())
    for determiner in _LEADING_DETERMINERS:
        if text.startswith(determiner):
            text = text[len(determiner) :]
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = text.replace(".", "").replace("-", " ")
    words = re.sub(r"\s+", " ", text).strip().split(" ")
    if len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]  # "Mr. Lavrov" is "Lavrov"
    return " ".join(_fold_transliteration(word) for word in words)


def _fold_transliteration(word: str) -> str:
    if len(word) > 3:
        word = re.sub(r"(?<=[aeiou])y$", "i", word)  # Sergey -> sergei
        word = re.sub(r"(?<=[^aeiou])y$", "i", word)  # Dmitry -> dmitri
    return word


# --- across articles ----------------------------------------------------------------------


@dataclass(frozen=True)
class EntityIndex:
    """The canonical entities and where each mention landed."""

    entities: list[Entity]
    by_mention: dict[tuple[str, int, int], str]
    # every merge with its evidence (for calibration), and how many surnames and full names
    # were left unmerged because several people of the corpus carry them
    links: list[Link] = field(default_factory=list, compare=False)
    ambiguous: int = 0
    _by_article: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict, compare=False)
    # Per article: mention starts (sorted, for bisecting) and the longest mention's length.
    _starts: dict[str, tuple[list[int], int]] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        for (article, start, end), entity_id in sorted(self.by_mention.items()):
            self._by_article.setdefault(article, []).append((start, end, entity_id))
        for article, mentions in self._by_article.items():
            self._starts[article] = [m[0] for m in mentions], max(e - s for s, e, _ in mentions)

    def at(self, article: str, start: int, end: int) -> str | None:
        """The entity whose mention in `article` overlaps the span, preferring exact matches."""
        exact = self.by_mention.get((article, start, end))
        if exact:
            return exact
        mentions = self._by_article.get(article, ())
        if not mentions:
            return None
        # Only mentions starting at most one mention-length before the span can reach into it.
        starts, longest = self._starts[article]
        for i in range(bisect_left(starts, start - longest), bisect_left(starts, end)):
            m_start, m_end, entity_id = mentions[i]
            if m_start < end and start < m_end:
                return entity_id
        return None


@dataclass(frozen=True)
class Link:
    """One merge: two groups of mentions joined as one entity, and the evidence that joined them."""

    entity: str
    kind: str
    left: tuple[tuple[str, int, int], ...]
    right: tuple[tuple[str, int, int], ...]


# Evidence kinds, from the strongest kind of agreement to the weakest. The calibrated share of
# right merges of each kind is data (`data/entity_confidence.tsv`, written by
# bench/entities.py --write-calibration); an entity's confidence is the product over the kinds
# of merge it holds.
EVIDENCE_KINDS = (
    "same_name",  # the same full name (folded), or the same one-word name with the same label
    "cross_label",  # the same name under different NER labels ("Abkhazia" GPE and NORP)
    "table",  # our tables name both forms as one body or country ("U.N." ~ "United Nations")
    "name_variant",  # one person's full names: middle names, initials ("Donald J. Trump")
    "article_variant",  # inside one article, a short first name ("Tim Sloan" ~ "Timothy J. Sloan")
    "article_surname",  # inside one article, a surname after the one full name carrying it
    "article_surname_context",  # inside one article, a surname several full names carry: the nearest
    "article_acronym",  # "Associated Press (AP)"
    "surname_unique",  # a surname the corpus gives one person only
    "surname_dominant",  # a surname several people carry, one of them nearly always meant
    "acronym_corpus",  # an acronym whose letters are the initials of one name of the corpus
)
# A bare surname several people of the corpus carry goes to one of them only when that one holds
# at least this share of their full-name mentions (Trump: Donald, not Melania).
DOMINANT_SHARE = 0.9
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")
_INITIAL_SKIP = frozenset("of the and for & de du la".split())


@lru_cache(maxsize=1)
def evidence_confidence() -> dict[str, float]:
    """{evidence kind: calibrated probability that a merge of that kind is right}."""
    return {kind: float(p) for kind, _, _, p, *_ in read_rows("entity_confidence.tsv")}


def _confidence(kinds: set[str]) -> float:
    """Probability that every merge of an entity is right: the product over its evidence kinds
    of the calibrated share of right merges (0.5, no knowledge, for a kind never calibrated)."""
    table = evidence_confidence()
    p = 1.0
    for kind in sorted(kinds):
        p *= table.get(kind, 0.5)
    return round(p, 3)


@dataclass
class _Merger:
    """Union-find over mention chains that remembers why each union was made."""

    chains: list[list[EntityMention]]
    parent: list[int] = field(init=False)
    links: list[tuple[int, int, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.parent = list(range(len(self.chains)))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int, kind: str) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)
            self.links.append((i, j, kind))

    def groups(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.chains)):
            out[self.find(i)].append(i)
        return out


def merge_entities(analyses: Sequence[ArticleAnalysis], codes_of=None) -> EntityIndex:
    """Merge the articles' mention chains into canonical entities, each with its confidence.

    In order: chains sharing a name key (any written form, folded; across NER labels) or a
    table identity; a person's full-name variants (`same_person`, when they fit one person
    only); acronyms whose letters are the initials of one name of the corpus; a one-word name
    joins the person whose surname it is when the corpus has one such person (or one holds
    nearly all of their mentions). Ambiguous cases join nothing and are counted.
    `codes_of(name, label, titles)` gives the entity's actor code and country, when provided.
    """
    chains = [
        chain
        for analysis in sorted(analyses, key=lambda a: a.article.id)
        for chain in _chains(analysis.mentions)
    ]
    merger = _Merger(chains)
    labels = [_chain_label(chain) for chain in chains]
    _union_by_keys(merger, labels)
    ambiguous = _union_person_variants(merger)
    _union_acronyms(merger)
    ambiguous += _attach_surnames(merger)
    in_chain = [_chain_evidence(chain, analyses_by_id) for chain, analyses_by_id in _with_articles(chains, analyses)]
    entities: list[Entity] = []
    by_mention: dict[tuple[str, int, int], str] = {}
    used_ids: set[str] = set()
    entity_of: dict[int, str] = {}
    groups = merger.groups()
    ordered = sorted(groups.values(), key=lambda members: min((m.article, m.start) for i in members for m in chains[i]))
    links_of: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for i, j, kind in merger.links:
        links_of[merger.find(i)].append((i, j, kind))
    links: list[Link] = []
    for members in ordered:
        group = sorted((m for i in members for m in chains[i]), key=lambda m: (m.article, m.start))
        root = merger.find(members[0])
        kinds = {kind for _, _, kind in links_of[root]} | {k for i in members for k, _, _ in in_chain[i]}
        entity = _entity_from(group, used_ids, codes_of, _confidence(kinds) if len(group) > 1 else 1.0)
        entities.append(entity)
        for i in members:
            entity_of[i] = entity.id
        for mention in entity.mentions:
            by_mention[(mention.article, mention.start, mention.end)] = entity.id
        for i, j, kind in links_of[root]:
            links.append(Link(entity.id, kind, _keys(chains[i]), _keys(chains[j])))
        for i in members:
            for kind, left, right in in_chain[i]:
                links.append(Link(entity.id, kind, left, right))
    entities.sort(key=lambda e: (-len(e.mentions), e.name, e.id))
    return EntityIndex(entities=entities, by_mention=by_mention, links=links, ambiguous=ambiguous)


def _keys(mentions: Sequence[EntityMention]) -> tuple[tuple[str, int, int], ...]:
    return tuple((m.article, m.start, m.end) for m in mentions)


def _with_articles(chains, analyses):
    """Each chain with the other chains of its article (for the in-article evidence)."""
    by_article: dict[str, list[list[EntityMention]]] = defaultdict(list)
    for chain in chains:
        by_article[chain[0].article].append(chain)
    return [(chain, by_article[chain[0].article]) for chain in chains]


def _chain_evidence(chain: list[EntityMention], neighbours: list[list[EntityMention]]) -> list[tuple[str, tuple, tuple]]:
    """The merges find_mentions made inside one article, as (kind, mentions, mentions): a
    surname joining a full name (with or without rivals in the article), an acronym joining
    its expansion, different full names of one person, different labels for one name."""
    by_form: dict[str, list[EntityMention]] = defaultdict(list)
    for m in chain:
        by_form[name_key(m.text)].append(m)
    if len(by_form) == 1 and len({m.label for m in chain}) == 1:
        return []
    out = []
    forms = sorted(by_form)
    full = [f for f in forms if " " in f]
    anchor = by_form[max(full or forms, key=lambda f: (len(by_form[f]), len(f), f))]
    names = {person_name(f) for f in full} - {None}
    for form in forms:
        mentions = by_form[form]
        if mentions is anchor:
            continue
        if " " in form:
            kind = "article_variant"
        elif _ACRONYM.match(mentions[0].text.replace(".", "")):
            kind = "article_acronym"
        elif names and any(n.last == form for n in names):
            rivals = sum(
                1 for other in neighbours if other is not chain
                if any(" " in m.text.strip() and (n := person_name(m.text)) and n.last == form for m in other)
            )
            kind = "article_surname_context" if rivals else "article_surname"
        else:
            kind = "cross_label" if {m.label for m in mentions} != {m.label for m in anchor} else "same_name"
        out.append((kind, _keys(anchor), _keys(mentions)))
    if len(by_form) == 1:
        out.append(("cross_label", _keys(anchor), ()))
    return out


def _chains(mentions: Sequence[EntityMention]) -> list[list[EntityMention]]:
    chains: dict[int, list[EntityMention]] = defaultdict(list)
    for mention in mentions:
        chains[mention.chain].append(mention)
    return [chains[c] for c in sorted(chains)]


def _chain_label(chain: list[EntityMention]) -> str:
    return Counter(m.label for m in chain).most_common(1)[0][0]


def _is_person_chain(chain: list[EntityMention]) -> bool:
    return any(m.label == "PERSON" and " " in m.text.strip() for m in chain)


def _chain_keys(chain: list[EntityMention]) -> set[str]:
    """Keys under which a chain can meet chains of other articles: its folded names, whatever
    the NER's label ("Abkhazia" GPE and NORP; a one-word person's name tagged ORG elsewhere),
    and the identity our tables give a whole form (a country's names meet: "U.S." and "United
    States"; an organisation's forms meet: "U.N." and "United Nations"; a people's forms meet:
    "Serb" and "Serbs"). A person's chain meets others by its full names only: its bare
    surname is a key of every namesake."""
    label = _chain_label(chain)
    forms = {m.text for m in chain} | {chain[0].name}
    if _is_person_chain(chain):
        return {f"NAME:{name_key(f)}" for f in forms if " " in f.strip()}
    keys = {f"NAME:{name_key(form)}" for form in forms}
    for form in forms:
        keys |= {f"ID:{k}" for k in _identity_keys(form, label)}
    return keys


def _identity_keys(form: str, label: str) -> set[str]:
    if label == "NORP":
        code = country_code(form)
        return {f"NORP:={code}"} if code else set()
    keys = set()
    words = name_key(form).split(" ")
    if len(words) > 1 and words[-1] in _CORPORATE_SUFFIXES:
        keys.add(" ".join(words[:-1]))  # "Apple Inc." meets "Apple"
    body = organisation_identity(form)
    if body:
        keys.add(f"={body}")
    country = country_identity(form)
    if country:
        keys.add(f"={country}")
    return keys


def _is_known_place(name: str) -> bool:
    return country_identity(name) is not None or resolve_place(name) is not None


def _union_by_keys(merger: _Merger, labels: list[str]) -> None:
    owner: dict[str, int] = {}
    for i, chain in enumerate(merger.chains):
        for key in sorted(_chain_keys(chain)):
            if key.startswith("ID:") and not key.startswith("ID:=") and not key.startswith("ID:NORP"):
                key = "NAME:" + key[3:]  # "Apple Inc." -> the name key of "Apple"
            if key not in owner:
                owner[key] = i
                continue
            j = owner[key]
            if key.startswith("ID:"):
                kind = "table"
            else:
                kind = "same_name" if _family(labels[i]) == _family(labels[j]) else "cross_label"
            merger.union(j, i, kind)


def _family(label: str) -> str:
    """Labels the NER mixes for one kind of thing ("NATO" as ORG or GPE) count as one."""
    return "PLACE" if label in ("GPE", "LOC", "FAC") else label


def _union_person_variants(merger: _Merger) -> int:
    """Full names that can only be one person become one ("Donald Trump", "Donald J. Trump");
    a name that fits several mutually exclusive people ("George Bush" with "George W. Bush" and
    "George H. W. Bush" in the corpus) joins none. Returns the number of such ambiguous names."""
    variants: dict[tuple[str, str], dict[PersonName, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, chain in enumerate(merger.chains):
        if _is_person_chain(chain):
            for m in chain:
                name = person_name(m.text) if " " in m.text.strip() else None
                if name is not None and m.label == "PERSON":
                    variants[(name.last, name.suffix)][name].append(i)
    ambiguous = 0
    first_names = Counter(name.first for names in variants.values() for name in names)
    for _, names in sorted(variants.items()):
        _union_descriptor_variants(merger, names, first_names)
        clusters: list[list[PersonName]] = []
        for name in sorted(names, key=lambda n: (-n.specificity[0], -n.specificity[1], n.first, n.middle)):
            fits = [c for c in clusters if all(same_person(name, other) for other in c)]
            if len(fits) == 1:
                fits[0].append(name)
                merger.union(names[fits[0][0]][0], names[name][0], "name_variant")
            else:
                ambiguous += len(fits) > 1
                clusters.append([name])
    return ambiguous


def _union_descriptor_variants(merger: _Merger, names: dict[PersonName, list[int]], first_names: Counter) -> None:
    """A full name with one word more in front ("Billionaire Donald Trump", a descriptor the
    NER took in at a sentence start) is the name without it, when no person of the corpus
    has that word as a given name and the shorter name is a person of the corpus."""
    for name in sorted(names, key=lambda n: (n.first, n.middle)):
        if not name.middle or first_names[name.first] > 1 or len(name.first) < 3:
            continue
        shorter = PersonName(name.middle[0], name.middle[1:], name.last, name.suffix)
        if shorter in names:
            merger.union(names[shorter][0], names[name][0], "name_variant")


def _initials(text: str) -> str:
    return "".join(w[0] for w in text.split() if w[:1].isupper() and w.lower() not in _INITIAL_SKIP)


def _union_acronyms(merger: _Merger) -> None:
    """An acronym joins the one name of the corpus whose initials it spells ("AP" and
    "Associated Press"), unless several names spell it or our tables already place it."""
    expansions: dict[str, set[int]] = defaultdict(set)
    for i, chain in enumerate(merger.chains):
        if not _is_person_chain(chain):
            for m in chain:
                if " " in m.text.strip() and m.label not in ("NORP", "PERSON"):
                    expansions[_initials(m.text)].add(merger.find(i))
    for i, chain in enumerate(merger.chains):
        forms = {m.text.replace(".", "") for m in chain}
        if len(forms) != 1 or not _ACRONYM.match(next(iter(forms))) or _chain_label(chain) == "PERSON":
            continue
        acronym = next(iter(forms))
        if organisation_identity(acronym) or country_identity(acronym):
            continue
        roots = {merger.find(j) for j in expansions.get(acronym, ())}
        if len(roots) == 1:
            merger.union(roots.pop(), i, "acronym_corpus")


def _attach_surnames(merger: _Merger) -> int:
    """A group of one-word names joins the one person of the corpus whose surname it is, or
    the person who holds DOMINANT_SHARE of the full-name mentions of everyone carrying it.
    Countries and peoples (and what our tables know as places or bodies) are left alone.
    Returns the number of surname groups left alone because several people carry them."""
    chains = merger.chains
    persons: dict[str, Counter] = defaultdict(Counter)  # surname -> {person root: full-name mentions}
    for i, chain in enumerate(chains):
        if _is_person_chain(chain):
            for m in chain:
                name = person_name(m.text) if " " in m.text.strip() else None
                if name is not None:
                    persons[name.last][merger.find(i)] += 1
    ambiguous = 0
    for root, members in sorted(merger.groups().items()):
        group = [m for i in members for m in chains[i]]
        forms = {name_key(m.text) for m in group}
        if len(forms) != 1 or " " in next(iter(forms)):
            continue
        word = next(iter(forms))
        if len(word) < 3 or not _may_join_person(group):
            continue
        candidates = persons.get(word)
        if not candidates:
            continue
        if len(candidates) == 1:
            merger.union(next(iter(candidates)), root, "surname_unique")
            continue
        (best, n), *_ = sorted(candidates.items(), key=lambda kv: (-kv[1], kv[0]))
        if n >= DOMINANT_SHARE * sum(candidates.values()):
            merger.union(best, root, "surname_dominant")
        else:
            ambiguous += 1
    return ambiguous


def _entity_from(mentions: list[EntityMention], used_ids: set[str], codes_of, confidence: float) -> Entity:
    forms = Counter(_display_form(m.text) for m in mentions)
    full_forms = Counter({form: n for form, n in forms.items() if " " in form}) or forms
    name = sorted(full_forms.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]
    label = _entity_label(mentions)
    titles = sorted({t for m in mentions for t in m.titles})
    entity_id = _unique_id(f"{label.lower()}:{_slug(name)}", used_ids)
    aliases = sorted(form for form in forms if form != name)
    affiliation, country = codes_of(name, label, titles) if codes_of else (None, None)
    return Entity(
        id=entity_id,
        name=name,
        type=label,
        aliases=aliases,
        titles=titles,
        affiliation=affiliation,
        country=country,
        mentions=[Mention(article=m.article, start=m.start, end=m.end, text=m.text) for m in mentions],
        confidence=confidence,
    )


def _entity_label(mentions: list[EntityMention]) -> str:
    """The majority label; a person's full name outvotes what the NER said of the bare surname."""
    full_person = sum(1 for m in mentions if m.label == "PERSON" and " " in m.text.strip())
    if full_person and any(" " not in m.text.strip() for m in mentions):
        counts = Counter(m.label for m in mentions if " " in m.text.strip())
        if counts.most_common(1)[0][0] == "PERSON":
            return "PERSON"
    return _chain_label(mentions)


def _display_form(text: str) -> str:
    return _POSSESSIVE.sub("", text.strip())


def _slug(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "x"


def _unique_id(base: str, used: set[str]) -> str:
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    used.add(candidate)
    return candidate
