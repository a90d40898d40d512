"""Entities in one article: its named mentions, typed and grouped into within-article chains.

`find_mentions` takes spaCy's named entities, trimmed ("the", an honorific or a capitalised
title, a possessive), junk dropped and labels changed only on evidence (`entity_types`), spans
on title-case lines (headlines) kept only where running text confirms them; then groups them
into chains the article itself ties together: one person's full names ("Tim Sloan", "Timothy
J. Sloan"), a surname with the nearest full mention carrying it, an acronym after "Kosovo Force
(KFOR)", the same name written twice (whatever its label). Titles come from the words in front
of a name ("Serbian Foreign Minister Vuk Jeremic") and from appositions.

Name forms are compared through `names`; the corpus stage merges the chains of all articles
into entities (`entity_merge`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span as SpacySpan

from storyline.actors import capital_country, country_code, country_identity, organisation_identity
from storyline.entity_types import evidence_label, in_title_case_line, is_junk, is_org_name, titled
from storyline.lexicon import ENTITY_LABELS, HONORIFICS, ROLE_MODIFIERS, ROLE_NOUNS, verbs_with
from storyline.model import EntityMention
from storyline.names import PersonName, name_key, person_name, same_person
from storyline.nlp import doc_ents, doc_text, doc_tokens, lemma, per_doc

_ACRONYM_IN_PARENS = re.compile(r"^\s*\(([A-Z][A-Za-z.]{1,9})\)")
_PREMODIFIERS = ("compound", "amod", "nmod", "punct", "prep", "pobj", "det")
# Verbs of saying whose subject, a run of capitalised words the NER missed, is taken for a person.
_SAYING = verbs_with("speech")
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
    def make() -> tuple[tuple[SpacySpan, ...], list[int], list[int]]:
        ents = doc_ents(doc)
        return ents, [e.start for e in ents], [e.end for e in ents]

    return per_doc(doc, "storyline.ent_index", make)


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
    tokens = doc_tokens(doc)
    if tokens[start].lower_ == "the" and end - start > 1:
        start += 1
    while end - start > 1 and _is_title_word(tokens[start]) and (
            ent.label_ == "PERSON" or tokens[start].lower_.rstrip(".") in HONORIFICS):
        if not (end - start > 2 or _is_common_here(tokens[start])):
            break  # "Emir Kusturica": a title word the article never uses as one may be a name
        start += 1
    if tokens[end - 1].tag_ == "POS" and end - start > 1:
        end -= 1
    if ent.label_ == "PERSON":
        start, end = _trim_person(doc, start, end)
    text = doc_text(doc)[tokens[start].idx : tokens[end - 1].idx + len(tokens[end - 1])]  # the span's text
    if not text.strip() or not any(ch.isalpha() for ch in text):
        return None
    return SpacySpan(doc, start, end, label=ent.label_)


def _doc_words(doc: Doc) -> tuple[set[str], set[str]]:
    """The article's token texts, and those written in lower case (one pass, once per Doc)."""
    def make() -> tuple[set[str], set[str]]:
        words: set[str] = set()
        lowercase: set[str] = set()
        for token in doc_tokens(doc):
            words.add(token.text)
            if token.is_lower:
                lowercase.add(token.text)
        return words, lowercase

    return per_doc(doc, "storyline.words", make)


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
    tokens = doc_tokens(doc)
    while end - start > 1 and (
        tokens[start].pos_ in _NOT_NAME_EDGE
        or tokens[start].lower_ in lowercase and end - start > 2 and tokens[start + 1].text[:1].isupper()
    ):
        start += 1
    while end - start > 1 and tokens[end - 1].pos_ in _NOT_NAME_EDGE:
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
    tokens = doc_tokens(doc)
    i = 0
    while i < len(tokens):
        if tokens[i].lower_.rstrip(".") in HONORIFICS:
            i += 1  # "Mr Jeremic": the honorific is no part of the name
            continue
        end = i
        while end < len(tokens) and end - i < 4 and _bare_proper_noun(tokens[end], tagged):
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
        for token in doc_tokens(doc)
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
    opens = first.is_sent_start or all(t.is_punct for t in doc_tokens(span.doc)[first.sent.start : first.i])
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


@dataclass
class _ChainBuilder:
    """Groups the mentions of an article into chains of mentions of the same thing.

    Full names of people are one chain when they agree (`same_person`, short first names
    allowed: one article means one Tim Sloan); a one-word name joins the person whose surname
    it is, the nearest full mention before it (else after it) when several share the surname,
    or, tagged PERSON and nobody's surname, the one person whose first name it is ("Hillary");
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
        first_of: dict[str, set[int]] = defaultdict(set)  # first name -> chains
        for n, (text, label, position, _) in enumerate(self._pending):
            name = person_name(text) if label == "PERSON" else None
            if name is not None:
                out[n] = self._person_chain(text, label, name)
                surname_at[name.last].append((position, out[n]))
                first_of[name.first].add(out[n])
        for n, (text, label, position, acronym) in enumerate(self._pending):
            if out[n] is None:
                key = name_key(text)
                chain = self.by_key.get(key)
                if chain is None and " " not in key and key in surname_at and self._may_be_surname(text, label):
                    chain = _nearest(surname_at[key], position)
                elif chain is None and label == "PERSON" and key not in surname_at and len(first_of.get(key, ())) == 1:
                    chain = next(iter(first_of[key]))
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


def _nearest(found: list[tuple[int, int]], position: int) -> int:
    """The chain of the full mention nearest before `position`, else the first one after it."""
    before = [chain for at, chain in found if at < position]
    return before[-1] if before else found[0][1]
