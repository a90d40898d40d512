"""Across articles: the within-article chains of every article merged into one entity per referent.

Chains sharing a name key (case, accents, dots, honorifics and common transliteration variants
folded: Sergei/Sergey, NATO/Nato, U.N./UN) or a table identity become one entity, across NER
labels; full names that can only be one person join ("Donald J. Trump" = "Donald Trump", never
"George W." with "George H. W. Bush"); an acronym joins the one corpus name whose initials it
spells; a bare surname joins the one person of the corpus carrying it (or the one holding
nearly all their mentions). What stays ambiguous joins nothing and is counted
(`EntityIndex.ambiguous`). Every merge keeps its evidence (`EntityIndex.links`), and each
entity's `confidence` is the product over its kinds of evidence of their calibrated shares of
right merges (`data/entity_confidence.tsv`).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import lru_cache


from storyline.actors import country_code, country_identity, organisation_identity
from storyline.lexicon import read_rows
from storyline.model import ArticleAnalysis, Entity, EntityMention, Mention
from storyline.places import resolve_place
from storyline.names import POSSESSIVE, PersonName, name_key, person_name, same_person

# Legal-form words that end a company's name but not its identity.
_CORPORATE_SUFFIXES = frozenset("inc corp corporation co company ltd llc plc ag sa gmbh".split())


def _may_join_person(group: Sequence[EntityMention]) -> bool:
    """Whether a group of one-word mentions may be a person's surname across articles: one of
    them is tagged PERSON, or none is a place the gazetteer knows or a body our tables know."""
    if any(m.label == "PERSON" for m in group):
        return True
    text = group[0].text
    return not (_is_known_place(text) or organisation_identity(text) or country_code(text))


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

    def within(self, articles: Collection[str]) -> EntityIndex:
        """The entities named in `articles`, with their mentions there only, in this order:
        what a part of the corpus is worked out with, at the cost of that part."""
        wanted = set(articles)
        by_mention = {(a, start, end): eid for a in sorted(wanted) for start, end, eid in self._by_article.get(a, ())}
        named = set(by_mention.values())
        entities = [e.model_copy(update={"mentions": [m for m in e.mentions if m.article in wanted]})
                    for e in self.entities if e.id in named]
        return EntityIndex(entities=entities, by_mention=by_mention)

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
    "article_first_name",  # inside one article, a first name alone ("Hillary") after the one full name with it
    "first_name_unique",  # a first name alone that the corpus gives one person only and nobody as a surname
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
    _attach_first_names(merger)
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
        elif names and mentions[0].label == "PERSON" and not any(n.last == form for n in names) \
                and any(n.first == form for n in names):
            kind = "article_first_name"
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
    """Keys under which a chain can meet chains of other articles (`_form_keys`)."""
    return _form_keys({m.text for m in chain} | {chain[0].name}, _chain_label(chain), _is_person_chain(chain))


def _form_keys(forms: set[str], label: str, person: bool) -> set[str]:
    """Keys of the written forms of one referent: its folded names, whatever the NER's label
    ("Abkhazia" GPE and NORP; a one-word person's name tagged ORG elsewhere), and the identity
    our tables give a whole form (a country's names meet: "U.S." and "United States"; an
    organisation's forms meet: "U.N." and "United Nations"; a people's forms meet: "Serb" and
    "Serbs"). A person meets others by full names only: a bare surname is a key of every namesake."""
    if person:
        return {f"NAME:{name_key(f)}" for f in forms if " " in f.strip()}
    keys = {f"NAME:{name_key(form)}" for form in forms}
    for form in forms:
        keys |= {f"ID:{k}" for k in _identity_keys(form, label)}
    return keys


def _meeting_key(key: str) -> str:
    """A key as referents meet by it: the name part of an identity ("Apple Inc." -> "Apple")
    meets names; a table identity ("=UN", a people's country) stays apart."""
    if key.startswith("ID:") and not key.startswith(("ID:=", "ID:NORP")):
        return "NAME:" + key[3:]
    return key


def entity_keys(entity: Entity) -> set[str]:
    """Keys under which a stored entity meets the entities of articles added later: the keys
    chains meet by (`_form_keys`, `_meeting_key`), and for a person with a full name,
    "SURNAME:" and the folded surname, for a bare surname to find the one person carrying it
    (`storyline.increment`)."""
    forms = {entity.name, *entity.aliases}
    person = entity.type == "PERSON" and " " in entity.name.strip()
    keys = {_meeting_key(key) for key in _form_keys(forms, entity.type, person)}
    if person:
        keys |= {f"SURNAME:{n.last}" for n in map(person_name, forms) if n is not None}
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
        for key in map(_meeting_key, sorted(_chain_keys(chain))):
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


def _attach_first_names(merger: _Merger) -> None:
    """A group of one-word PERSON mentions ("Hillary", "Bernie") joins the one person of the
    corpus with that first name, when no person of the corpus carries it as a surname (so
    "Jordan" or "Lee" never joins by first name) and it is not already someone's entity."""
    chains = merger.chains
    firsts: dict[str, set[int]] = defaultdict(set)
    surnames: set[str] = set()
    for i, chain in enumerate(chains):
        if _is_person_chain(chain):
            for m in chain:
                name = person_name(m.text) if " " in m.text.strip() else None
                if name is not None:
                    firsts[name.first].add(merger.find(i))
                    surnames.add(name.last)
    for root, members in sorted(merger.groups().items()):
        group = [m for i in members for m in chains[i]]
        forms = {name_key(m.text) for m in group}
        if len(forms) != 1 or any(m.label != "PERSON" for m in group):
            continue
        word = next(iter(forms))
        owners = {merger.find(i) for i in firsts.get(word, ())}
        if len(word) >= 3 and word not in surnames and len(owners) == 1 and root not in owners:
            merger.union(next(iter(owners)), root, "first_name_unique")


def new_entity_id(name: str, label: str, used: set[str]) -> str:
    """An id for an entity of that name and label that `used` does not hold (added to it)."""
    return _unique_id(f"{label.lower()}:{_slug(name)}", used)


def _entity_from(mentions: list[EntityMention], used_ids: set[str], codes_of, confidence: float) -> Entity:
    forms = Counter(_display_form(m.text) for m in mentions)
    full_forms = Counter({form: n for form, n in forms.items() if " " in form}) or forms
    name = sorted(full_forms.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]
    label = _entity_label(mentions)
    titles = sorted({t for m in mentions for t in m.titles})
    entity_id = new_entity_id(name, label, used_ids)
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
    return POSSESSIVE.sub("", text.strip())


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
