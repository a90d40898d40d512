"""Entities: mentions found in each article, then merged into one entity per real-world actor.

Per article (`find_mentions`): spaCy's named entities, trimmed ("the", possessive "'s"),
grouped into chains the article itself ties together: a surname after the full name, an
acronym after "Kosovo Force (KFOR)", the same name written twice. Titles come from the words
in front of a name ("Serbian Foreign Minister Vuk Jeremic") and from appositions.

Across articles (`merge_entities`): chains with the same name key (case, accents, dots and
common transliteration variants folded: Sergei/Sergey, NATO/Nato, U.N./UN) become one entity;
surname-only chains join the one full name that carries that surname.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span as SpacySpan

from storyline.lexicon import ENTITY_LABELS, HONORIFICS, ROLE_MODIFIERS, ROLE_NOUNS
from storyline.actors import country_code, country_identity, organisation_identity
from storyline.model import ArticleAnalysis, Entity, EntityMention, Mention
from storyline.nlp import doc_ents, doc_text
from storyline.places import resolve_place

_LEADING_DETERMINERS = ("the ", "The ")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_ACRONYM_IN_PARENS = re.compile(r"^\s*\(([A-Z][A-Za-z.]{1,9})\)")
_PREMODIFIERS = ("compound", "amod", "nmod", "punct", "prep", "pobj", "det")
# Legal-form words that end a company's name but not its identity.
_CORPORATE_SUFFIXES = frozenset("inc corp corporation co company ltd llc plc ag sa gmbh".split())
# Time zones the NER takes for organisations ("00:27 GMT").
_NOT_NAMES = frozenset("GMT UTC BST CET CEST EST EDT PST PDT MSK".split())


def find_mentions(doc: Doc, article_id: str) -> list[EntityMention]:
    """Named mentions in one parsed article, grouped into within-article chains."""
    lowercase = {t.text for t in doc if t.is_lower}
    spans = [_trim(ent) for ent in doc_ents(doc) if ent.label_ in ENTITY_LABELS]
    spans = [_corrected(span) for span in spans if span is not None and _is_name(span, lowercase)]
    spans = spans + _untagged_countries(doc, spans)
    spans = sorted(spans + _untagged_persons(doc, spans), key=lambda span: span.start)
    chains = _ChainBuilder()
    mentions: list[EntityMention] = []
    for span in spans:
        text = span.text
        chain = chains.assign(text, span.label_, _acronym_after(doc, span))
        mentions.append(
            EntityMention(
                article=article_id,
                start=span.start_char,
                end=span.end_char,
                text=text,
                label=span.label_,
                chain=chain,
                name="",
                titles=_titles(span) if span.label_ == "PERSON" else [],
            )
        )
    for mention in mentions:
        mention.name = chains.names[mention.chain]
    return mentions


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
    """Drop a leading "the" or "Mr" and a trailing possessive, as spaCy sometimes includes them."""
    start, end = ent.start, ent.end
    doc = ent.doc
    if (doc[start].lower_ == "the" or doc[start].lower_.rstrip(".") in HONORIFICS) and end - start > 1:
        start += 1
    if doc[end - 1].tag_ == "POS" and end - start > 1:
        end -= 1
    span = doc[start:end]
    if not span.text.strip() or not any(ch.isalpha() for ch in span.text):
        return None
    return SpacySpan(doc, start, end, label=ent.label_)


def _untagged_persons(doc: Doc, spans: list[SpacySpan]) -> list[SpacySpan]:
    """People the NER missed: a run of two to four capitalised proper nouns that is a clause
    subject ("Vuk Jeremic said"), a proper noun after an honorific ("Mr Jeremic"), or the
    surname of a person the article names ("Jeremic told")."""
    tagged = {i for span in spans for i in range(span.start, span.end)}
    surnames = {span[-1].text for span in spans if span.label_ == "PERSON" and len(span) > 1}
    found: list[SpacySpan] = []
    i = 0
    while i < len(doc):
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
    if end < len(doc) and doc[end].pos_ == "PROPN":
        return False  # part of a longer name the NER left alone
    run = doc[start:end]
    words = [t for t in run.sent if t.is_alpha]
    if sum(t.is_title or t.is_upper for t in words) * 5 >= len(words) * 3:
        return False  # a headline in title case: its capitals say nothing
    after_honorific = start > 0 and doc[start - 1].lower_.rstrip(".") in HONORIFICS
    subject = run.root.dep_ in ("nsubj", "nsubjpass")
    if len(run) == 1:
        return after_honorific or run.text in surnames
    return subject and 2 <= len(run) <= 4


def _is_name(span: SpacySpan, lowercase: set[str]) -> bool:
    """False for what the NER took for a name but is not: a time zone, or a capitalised
    sentence-opening word the article also writes in lower case ("Neutral", "Hardline")."""
    if span.text in _NOT_NAMES:
        return False
    first = span[0]
    opens = first.is_sent_start or all(t.is_punct for t in span.doc[first.sent.start : first.i])
    return not (len(span) == 1 and opens and first.text.lower() in lowercase)


def _corrected(span: SpacySpan) -> SpacySpan:
    """Labels the gazetteers and the context contradict: a name under a person's title is a
    person ("Chancellor Olaf Scholz" tagged ORG); a country or an organisation from our
    tables is not a person ("Pristina" tagged PERSON stays to the place check at merging)."""
    label = span.label_
    if label in ("ORG", "GPE", "NORP") and len(span) >= 2 and all(t.pos_ == "PROPN" for t in span):
        if organisation_identity(span.text) is None and country_code(span.text) is None and _titles(span):
            label = "PERSON"
    if label == "PERSON" and (country_identity(span.text) or organisation_identity(span.text)):
        label = "GPE" if country_identity(span.text) else "ORG"
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
    """Assigns each mention of an article to a chain of mentions of the same thing."""

    names: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    by_key: dict[str, int] = field(default_factory=dict)
    # PERSON chains by every word-final tail of their keys ("lavrov", "sergei lavrov" for
    # "sergei lavrov"), so that a surname finds its full names without a scan of `by_key`
    by_tail: dict[str, set[int]] = field(default_factory=dict)

    def assign(self, text: str, label: str, acronym: str | None) -> int:
        key = name_key(text)
        chain = self.by_key.get(key)
        if chain is None and label not in ("GPE", "NORP") and " " not in text.strip():
            chain = self._person_by_surname(key)
        if chain is None:
            chain = len(self.names)
            self.names.append(text)
            self.labels.append(label)
            self._add_key(key, chain)
        elif len(text) > len(self.names[chain]) and label == self.labels[chain]:
            self.names[chain] = text
        if acronym and name_key(acronym) not in self.by_key:
            self._add_key(name_key(acronym), chain)
        return chain

    def _add_key(self, key: str, chain: int) -> None:
        self.by_key[key] = chain
        if self.labels[chain] == "PERSON":
            for n, ch in enumerate(key):
                if ch == " ":
                    self.by_tail.setdefault(key[n + 1 :], set()).add(chain)

    def _person_by_surname(self, key: str) -> int | None:
        """The unique earlier full name ending in this surname, if exactly one."""
        found = self.by_tail.get(key, ())
        return next(iter(found)) if len(found) == 1 else None


def name_key(text: str) -> str:
    """A name folded so that spelling variants of one name compare equal.

    Folds case, accents, dots in acronyms ("U.N." -> "un"), possessives, and the commonest
    transliteration differences of Slavic names ("Sergey"/"Sergei", "Dmitry"/"Dmitri").
    """
    text = _POSSESSIVE.sub("", text.strip())
    for determiner in _LEADING_DETERMINERS:
        if text.startswith(determiner):
            text = text[len(determiner) :]
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = text.replace(".", "").replace("-", " ")
    text = re.sub(r"\s+", " ", text).strip()
    return " ".join(_fold_transliteration(word) for word in text.split(" "))


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


def merge_entities(analyses: Sequence[ArticleAnalysis], codes_of=None) -> EntityIndex:
    """Merge the articles' mention chains into canonical entities.

    Chains that share a name key (any of their written forms, folded) are one entity; a
    surname-only chain joins the single full name that ends in that surname.
    `codes_of(name, label, titles)` gives the entity's actor code and country, when provided.
    """
    chains = [
        chain
        for analysis in sorted(analyses, key=lambda a: a.article.id)
        for chain in _chains(analysis.mentions)
    ]
    groups = _union_by_keys(chains)
    entities: list[Entity] = []
    by_mention: dict[tuple[str, int, int], str] = {}
    used_ids: set[str] = set()
    for group in sorted(groups, key=lambda g: (g[0].article, g[0].start)):
        entity = _entity_from(group, used_ids, codes_of)
        entities.append(entity)
        for mention in entity.mentions:
            by_mention[(mention.article, mention.start, mention.end)] = entity.id
    entities.sort(key=lambda e: (-len(e.mentions), e.name, e.id))
    return EntityIndex(entities=entities, by_mention=by_mention)


def _chains(mentions: Sequence[EntityMention]) -> list[list[EntityMention]]:
    chains: dict[int, list[EntityMention]] = defaultdict(list)
    for mention in mentions:
        chains[mention.chain].append(mention)
    return [chains[c] for c in sorted(chains)]


def _family(label: str) -> str:
    """Labels that may name the same thing share a family (spaCy mixes ORG/GPE for "NATO")."""
    return label if label in ("PERSON", "NORP") else "NAME"


def _chain_label(chain: list[EntityMention]) -> str:
    return Counter(m.label for m in chain).most_common(1)[0][0]


def _chain_keys(chain: list[EntityMention]) -> set[str]:
    """Keys under which a chain can meet chains of other articles: its folded names, and the
    identity our tables give a whole form (a country's names meet: "U.S." and "United
    States"; an organisation's forms meet: "U.N." and "United Nations"; a people's forms meet:
    "Serb" and "Serbs")."""
    label = _chain_label(chain)
    family = _family(label)
    forms = {m.text for m in chain} | {chain[0].name}
    if family == "PERSON":
        full = {f for f in forms if " " in f.strip()}
        forms = full or forms
        if not full and len(forms) == 1 and _is_known_place(next(iter(forms))):
            family = "NAME"  # a one-word "person" the gazetteer knows as a place: "Pristina"
    keys = {f"{family}:{name_key(form)}" for form in forms}
    # a name of several words is one thing whatever label the NER gave it in each article
    # ("Ford Motor Company" tagged PERSON here, ORG there)
    keys |= {f"FULL:{name_key(form)}" for form in forms if " " in form.strip() and family != "NORP"}
    for form in forms if family != "PERSON" else ():
        keys |= _identity_keys(form, label)
    return keys


def _identity_keys(form: str, label: str) -> set[str]:
    if label == "NORP":
        code = country_code(form)
        return {f"NORP:={code}"} if code else set()
    keys = set()
    words = name_key(form).split(" ")
    if len(words) > 1 and words[-1] in _CORPORATE_SUFFIXES:
        keys.add("NAME:" + " ".join(words[:-1]))  # "Apple Inc." meets "Apple"
    body = organisation_identity(form)
    if body:
        keys.add(f"NAME:={body}")
    country = country_identity(form)
    if country:
        keys.add(f"NAME:={country}")
    return keys


def _is_known_place(name: str) -> bool:
    return country_identity(name) is not None or resolve_place(name) is not None


def _union_by_keys(chains: list[list[EntityMention]]) -> list[list[EntityMention]]:
    parent = list(range(len(chains)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    keys_of = [sorted(_chain_keys(chain)) for chain in chains]
    for i, keys in enumerate(keys_of):
        for key in keys:
            if key in owner:
                parent[find(i)] = find(owner[key])
            else:
                owner[key] = i
    labels = [_chain_label(chain) for chain in chains]
    _attach_surnames(keys_of, labels, owner, find, parent)
    merged: dict[int, list[EntityMention]] = defaultdict(list)
    for i, chain in enumerate(chains):
        merged[find(i)].extend(chain)
    return [sorted(group, key=lambda m: (m.article, m.start)) for group in merged.values()]


def _attach_surnames(keys_of, labels, owner, find, parent) -> None:
    """A one-word chain joins the one multi-word person whose name ends in that word.

    Not only PERSON chains: the statistical NER often tags a bare surname ("Lavrov") as an
    organisation or place, while countries and peoples (GPE, NORP) are left alone.
    """
    full_names = sorted(k for k in owner if k.startswith("PERSON:") and " " in k)
    for i, keys in enumerate(keys_of):
        if len(keys) != 1 or " " in keys[0] or labels[i] in ("GPE", "NORP"):
            continue
        word = keys[0].split(":", 1)[1]
        if len(word) < 3:
            continue
        owners = {find(owner[k]) for k in full_names if k.endswith(" " + word)}
        if len(owners) == 1:
            parent[find(i)] = owners.pop()


def _entity_from(mentions: list[EntityMention], used_ids: set[str], codes_of) -> Entity:
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
    )


def _entity_label(mentions: list[EntityMention]) -> str:
    """Majority label, but a group holding a multi-word PERSON name is a person."""
    if any(m.label == "PERSON" and " " in m.text.strip() for m in mentions):
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
