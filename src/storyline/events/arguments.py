"""Who did it and to whom: an event's source and target read off the parse, and the names
and codes they stand for.

The source is the subject (or passive agent, possessor, or the subject of the clause an event
noun is the setting of); the target is the object, the preposition the lexicon names, one
aiming the act ("action against Russia"), or the subject of a demanded or criticised clause.
A pronoun or a definite description is the name the project's coreference finds for it, or no
actor at all; CAMEO conventions fill a target no one names (a protest is aimed at the country
it happens in).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from storyline.actors import actor_code, country_code, organisation_kind, sector_of
from storyline.events import lexicon as lx
from storyline.events import syntax as sx
from storyline.events.coding import Coding
from storyline.lexicon import ACTOR_LABELS, FIRST_PERSON, PLACE_LABELS, REPORTING_VERBS
from storyline.model import Place
from storyline.nlp import lemma
from storyline.places import resolve_place
from storyline.quotes.coref import Coreference


def source(coding: Coding) -> Token | None:
    """The token heading who did it, if the sentence says."""
    anchor = coding.anchor
    if anchor.pos_ == "VERB":
        subj = sx.subject(anchor)
        return sx.actor_token(sx.resolve_pronoun(subj, anchor) if subj is not None else None)
    for child in anchor.children:  # nominal event: "Russia's denunciation", "Serb protests"
        if child.dep_ == "poss" and child.ent_type_ not in ("DATE", "TIME"):
            return sx.actor_token(child)
        if child.dep_ in ("compound", "amod") and child.ent_type_ in ("NORP", "ORG", "GPE"):
            if child.ent_type_ == "NORP" and _someone_acts(anchor):
                continue  # "Yeltsin cancelled his trip to an Asian summit": Yeltsin, not Asia
            return child  # "Serb protests", "the U.S. missile attack"
    by = sx.actor_token(sx.object_of(anchor, "by"))
    if by is not None:
        return by
    first, _ = _between(coding.trigger)
    if first is not None:
        return first
    return _setting_subject(anchor) if coding.type in _TAKING_PART_TYPES else None


# Events done together, where coordinated doers are the two sides ("Israel and Syria met").
_SYMMETRIC_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE", "FIGHT"})


def _partner(coding: Coding, source: Token | None) -> Token | None:
    """The second of coordinated doers of a joint act with no other target: "the United
    States and Jordan agreed", "Hungarian and Romanian officials met" (the parties, not the
    objects, of a meeting or a clash)."""
    if coding.type not in _SYMMETRIC_TYPES or source is None or any(
            sx.object_of(coding.anchor, slot) is not None for slot in coding.entry.targets):
        return None
    return next((actor for c in source.conjuncts if (actor := sx.actor_token(c)) is not None),
                None)


def _between(noun: Token) -> tuple[Token | None, Token | None]:
    """The two parties of "talks between Israel and Syria", "clashes between police and
    protesters": the first is the source, the second the target."""
    first = sx.object_of(noun, "between") if noun.pos_ in ("NOUN", "PROPN") else None
    second = next(sx.children_with(first, {"conj"}), None) if first is not None else None
    if second is None:
        return None, None
    return sx.actor_token(first), sx.actor_token(second)


def _someone_acts(noun: Token) -> bool:
    """Whether a named person or organisation is the subject of the verb an event noun hangs
    from: a demonym on the noun then describes it rather than naming its actor."""
    verb = noun.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    subj = next(sx.children_with(verb, sx.SUBJECTS), None) if verb.pos_ in ("VERB", "AUX") else None
    return subj is not None and subj.ent_type_ in ("PERSON", "ORG")


def _setting_subject(noun: Token) -> Token | None:
    """Who takes part in an event named as the setting of their clause: "In meetings in
    Pyongyang, U.S. officials were rebuffed", "during talks with Iran, Putin said", "Annan
    arrived in Libya for talks"."""
    if noun.dep_ == "conj":
        noun = noun.head  # "for a vigil and march"
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.dep_ == "pobj":
        noun = noun.head.head  # "after a day of fighting", "after weeks of talks"
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in _SETTING_PREPS or prep.head.pos_ != "VERB":
        return None
    verb = prep.head
    subj = next(sx.children_with(verb, sx.SUBJECTS | sx.PASSIVE_SUBJECTS), None)
    return sx.actor_token(subj)


# Prepositions that make an event noun the setting of the clause it hangs from ("in talks",
# "during a protest", "for a vigil", "after a day of fighting").
_SETTING_PREPS = frozenset({"in", "during", "at", "after", "before", "throughout", "for"})
# Events whose setting's subject takes part in them: one is in talks or at a protest, but one
# "lost a leg in a mine explosion", or "expressed rage after the shooting", as its victim.
_TAKING_PART_TYPES = _SYMMETRIC_TYPES | {"PROTEST"}


def target(coding: Coding, source: Token | None) -> Token | None:
    """The token heading whom it was done to, if the sentence says (never `source` itself)."""
    if coding.target_token is not None:
        return coding.target_token
    first, second = _between(coding.trigger)
    if first is not None and first == source:
        return second
    for current in [coding, *coding.embedded[: 1 if coding.wrapped else 0]]:
        for slot in current.entry.targets:
            filler = sx.actor_token(sx.object_of(current.anchor, slot))
            if filler is not None and filler != source:
                return filler
    if coding.type in _CLAUSE_TARGET_TYPES:
        found = _clause_subject(coding.trigger)
        if found is not None and found != source:
            return found
    if coding.type == "PROTEST":
        at_mission = _mission_owner(coding.anchor)
        if at_mission is not None:
            return at_mission
    aimed = aimed_at(coding, source)
    return aimed if aimed is not None else _partner(coding, source)


def _mission_owner(anchor: Token) -> Token | None:
    """The country whose embassy a protest is held at ("outside Serbia's embassy in Moscow",
    "at the U.S. consulate")."""
    for token in anchor.subtree:
        if lemma(token) in ("embassy", "consulate"):
            owner = next((c for c in token.children if c.dep_ in ("poss", "compound", "amod")
                          and country_code(c.text)), None)
            if owner is not None:
                return owner
    return None


# Events aimed at whoever their clause is about: "demanded that the US cancel …", "complained
# that the Thai organizers were behind".
_CLAUSE_TARGET_TYPES = frozenset({"DEMAND", "DISAPPROVE"})


# Prepositions that name whom an act is aimed at when the lexicon names none for its trigger
# ("threatened action against Russia", "handed them over to Britain", "cut links with Serbia").
_AIMED_PREPS = ("against", "to", "toward", "towards", "with", "on", "upon", "into", "at")


def aimed_at(coding: Coding, source: Token | None) -> Token | None:
    """A country or organisation the act is aimed at through a preposition of the trigger, of
    the act it wraps, or of their object. Only a coded actor counts: "talks with friends" or
    "fired at random" name no one."""
    anchors = [coding.anchor, coding.trigger]
    if coding.wrapped and coding.embedded:
        anchors += [coding.embedded[0].anchor, coding.embedded[0].trigger]
    # the act offered or threatened, event or not ("offered to hand them over to Britain")
    anchors += sx.children_with(coding.trigger, {"xcomp"})
    for anchor in anchors:
        for prep in _AIMED_PREPS:
            filler = sx.actor_token(sx.object_of(anchor, prep))
            if filler is not None and filler != source and code_of(sx.phrase(filler)):
                return filler
    for act in sx.children_with(coding.trigger, {"xcomp"}):  # "refused to allow U.N. inspectors"
        filler = sx.actor_token(sx.object_of(act, "dobj"))
        if filler is not None and filler != source and code_of(sx.phrase(filler)):
            return filler
    return None


def _clause_subject(token: Token) -> Token | None:
    """Who a demand is made of: the subject of its clause ('demanded that the US cancel …',
    'its demand that Israel ease …')."""
    for child in sx.children_with(token, {"ccomp", "acl"}):
        subj = next(sx.children_with(child, sx.SUBJECTS), None)
        if subj is not None:
            return sx.actor_token(subj)
    return None


def place_country(span: Span | None, countries: Sequence[str] | None) -> str | None:
    """The country of a town or region acted on ("shelled Aleppo", "a curfew in Cizre")."""
    if span is None or countries is None or span.root.ent_type_ not in PLACE_LABELS:
        return None
    place = resolve_place(span.text, countries)
    return place.country if place is not None else None


def domestic(type_: str, place: Place | None, source_code: str | None,
              countries: Sequence[str] | None) -> str | None:
    """`domestic_target` now, or nothing yet when the place waits to be resolved."""
    if countries is None and place is not None:
        return None
    return domestic_target(type_, place, source_code)


def domestic_target(type_: str, place: Place | None, source_code: str | None) -> str | None:
    """Whom a protest or a coercion with no named target is aimed at, by the CAMEO convention:
    the government (a protest) or the people (a curfew, arrests) of the country it happens in,
    else, for a protest, of the protesters' country. The pipeline calls it again once it has
    resolved the place (`analysis.resolve_places`)."""
    if type_ not in _DOMESTIC_TYPES:
        return None
    if place is not None and place.country:
        return place.country
    if type_ != "PROTEST" or not source_code or organisation_kind(source_code) is not None:
        return None
    return source_code[:3]


# Events aimed, when no one is named, at the country where they happen.
_DOMESTIC_TYPES = frozenset({"PROTEST", "COERCE"})


def actor(token: Token | None, coref: Coreference,
           alone: bool = False) -> tuple[Span | None, Span | None]:
    """The actor as written, and the phrase its code is read from. Coordinated actors share
    the event ("Cyprus, Romania and Spain refused"), a counted part keeps its count ("18 of the
    27 EU member states"). A pronoun is the name it refers to, or no actor at all: a reader
    learns nothing from "it" or "they"; a description ("the president") is the name an earlier
    sentence introduced it with, when coreference finds one. `alone` keeps a conjunct to
    itself ("between Israel and Syria")."""
    if token is None:
        return None, None
    if token.pos_ == "PRON" or token.tag_ in ("PRP", "PRP$"):
        named = coref.antecedent(token.doc[token.i : token.i + 1])
        if named is None and token.lower_ in FIRST_PERSON:
            named = _unquoted_speaker(token, coref)
        if named is None:
            # "They complained …" after "Olympic Council officials said …": the officials
            phrase = coref.phrase_antecedent(token)
            if phrase is not None and sx.is_actor(phrase.root):
                return phrase, phrase
        return named, named
    named = next((c for c in token.children if c.dep_ == "appos" and c.ent_type_ in ACTOR_LABELS),
                 None)
    if token.pos_ == "NOUN" and named is not None:
        token = named  # "a respected labor rights campaigner, Liu Nianchun"
    written, coded = (sx.phrase(token) if alone else sx.written_phrase(token)), sx.phrase(token)
    owner = next((c for c in token.children if c.dep_ == "poss" and c.tag_ == "PRP$"), None)
    if (token.pos_ == "NOUN" and owner is not None and owner.lower_ not in FIRST_PERSON
            and _is_institution(token)):
        # "his government", "its army": the government of the one the pronoun refers to, not
        # "its partners" or "its neighbour" (others)
        named = coref.antecedent(token.doc[owner.i : owner.i + 1])
        if named is not None:
            return named, named
    whole = token.doc[token.left_edge.i : token.i + 1]  # with its article: "the agency"
    if token.tag_ == "NN" and whole[0].lower_ in ("the", "this", "that") and (
            coref.kind(whole) == "description"):
        # "the 67-year-old president", "the agency": the name introduced earlier, if any
        named = coref.antecedent(whole)
        if named is not None and named.sent != token.sent:
            return named, named
    return written, coded


def _is_institution(noun: Token) -> bool:
    """A body someone has rather than someone they relate to: a sector word ("government",
    "army", "police") or an organisation noun."""
    word = lemma(noun)
    return sector_of(word) is not None or word in lx.word_class("organisation")


def _unquoted_speaker(pronoun: Token, coref: Coreference) -> Span | None:
    """"We will demand access, Rubin said": a first person in speech reported without quotation
    marks is the subject of the speech verb the sentence hangs from."""
    root = pronoun.sent.root
    said_by = next(sx.children_with(root, sx.SUBJECTS), None)
    if (lemma(root) not in REPORTING_VERBS or said_by is None or said_by == pronoun
            or said_by.lower_ in FIRST_PERSON or said_by.i < pronoun.i < root.i):
        return None
    return coref.antecedent(said_by.doc[said_by.left_edge.i : said_by.i + 1])


def code_of(span: Span | None) -> str | None:
    """The CAMEO-style code of an actor phrase (`storyline.actors.actor_code`)."""
    if span is None:
        return None
    return actor_code(span.text, span.root.ent_type_ or None)
