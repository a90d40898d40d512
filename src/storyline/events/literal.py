"""Force read literally: a violent word about bills, ideas or votes is politics, not force.

"He didn't fight for the legislation", "fight to confirm a conservative", "the Amendment will be
erased", "attacked Rubio for not answering the question": FIGHT and ASSAULT need a physical act,
and what the word is aimed at or fought for tells. An abstract object (a bill, an idea, a
record) or a purpose that is not itself force makes the word figurative; attacking a person
*for* something they said or did is criticism (DISAPPROVE, CAMEO 111). Control of a chamber
or a firm is won by votes or money, not arms. A rally held for someone (a campaign rally, one
person's rally, the rally a speech was given at) is no protest, and seizing an advantage is no
coercion. The word classes these rules read are data (`data/event_word_classes.tsv`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from spacy.tokens import Token

from storyline.actors import sector_of
from storyline.events import syntax as sx
from storyline.events.lexicon import triggers, word_class
from storyline.events.meaning import anchor_for, object_kinds
from storyline.events.wordnet import wordnet
from storyline.nlp import lemma

FORCE_TYPES = frozenset({"FIGHT", "ASSAULT"})
# WordNet noun files of things force can reach: animal, artifact, body, group, location,
# object, person, substance. A noun none of whose usual senses lies in one is abstract.
_CONCRETE_FILES = frozenset({5, 6, 8, 14, 15, 17, 18, 27})
# Senses looked at: "force" is an attribute first and a military unit fourth.
_SENSES = 4
# Noun files of the first sense that make a noun abstract (an act or event, "the invasion",
# is not: it is what the force is): attribute, cognition, communication, feeling, motive,
# possession, relation, state.
_ABSTRACT_FILES = frozenset({7, 9, 10, 12, 16, 21, 24, 26})
# Of those, texts and ideas (noun.cognition, noun.communication).
_TEXT_FILES = frozenset({9, 10})
# The noun file of acts (noun.act): a protest, a wedding, a convoy's passage. (Not noun.event:
# a crisis is no gathering one can attack.)
_ACT_FILES = frozenset({4})
# WordNet verb files of thinking and speaking (verb.cognition, verb.communication).
_MIND_VERB_FILES = frozenset({31, 32})
# Named things that are texts or ideas ("the Second Amendment", "Obamacare").
_ABSTRACT_LABELS = frozenset({"LAW", "WORK_OF_ART", "LANGUAGE"})
# Generic attack and fight (CAMEO 180, 190): what politicians do to each other in words.
_GENERIC_FORCE_CAMEO = frozenset({"180", "190"})
# Who is beaten in a contest, not with fists: a named person, team or party.
_CONTESTANTS = frozenset({"PERSON", "ORG"})
# Prepositions of the setting an act happens in ("attacked him in an ad, during a debate").
_SETTING_IN = frozenset({"in", "during", "on"})  # "at the concert" is a place
# Prepositions that make a rally the setting of something else.
_SETTING_PREPS = frozenset({"at", "during"})
# Prepositions giving what an act is done for or over ("fought for bills", "attacked him over").
_REASON_PREPS = ("for", "over")

Reading = Literal["literal", "figurative", "criticism"]


def reading(anchor: Token, type_: str, cameo: str = "", mode: str | None = None,
            keys: frozenset[str] = frozenset(), trigger: Token | None = None) -> Reading:
    """How a FIGHT, ASSAULT, COERCE or PROTEST word is meant; others are read as written.
    `keys` are the words the trigger was listed with ("take +control"): part of the act;
    `trigger` is the event noun when `anchor` is the verb that carries it ("held a rally")."""
    if type_ == "PROTEST":
        return "figurative" if _is_support_rally(trigger or anchor) else "literal"
    if type_ == "COERCE":  # "seizing the advantage", "captured the mood"
        seized = sx.object_of(anchor, "dobj")
        abstract = seized is not None and lemma(seized) not in keys and is_abstract(seized)
        return "figurative" if abstract else "literal"
    if type_ not in FORCE_TYPES:
        return "literal"
    control = sx.object_of(anchor, "dobj")
    if control is not None and lemma(control) == "control" and _controls_a_body(control):
        return "figurative"  # "gain control of the Senate": a majority, not territory
    if "over" in keys and (control is None or _is_body(control)):
        return "figurative"  # "took over the company", "until a new government takes over"
    patient = sx.object_of(anchor, "dobj" if anchor.pos_ == "VERB" else "on")
    if _between_people(anchor, patient) and cameo in _GENERIC_FORCE_CAMEO:
        return "criticism"  # "Christie attacked Rubio": people, not armed men, attack in words
    if (patient is not None and mode == "beat" and not sx.is_passive(anchor)
            and patient.ent_type_ in _CONTESTANTS):
        return "figurative"  # "Clinton would beat Trump": a contest
    if patient is not None and lemma(patient) not in keys and is_abstract(patient, acts=False):
        return "figurative"  # attacking a bill; attacking a rally or a wedding is force
    reason = next((r for prep in _REASON_PREPS if (r := sx.object_of(anchor, prep)) is not None),
                  None)
    if reason is not None and patient is not None and "person" in object_kinds(patient) and (
            reason.pos_ in ("VERB", "AUX") or is_abstract(reason)):
        return "criticism"  # "attacked Rubio for not answering"
    if reason is not None and patient is None and is_abstract(reason, texts=True):
        return "figurative"  # "fought for bills"; "fought for independence" is war
    if any(is_abstract(medium, acts=False, texts=True) for medium in _settings(anchor)):
        # "attacked Clinton in a speech": words; "will not be rushed, in an interview": nothing
        speaker = sx.subject(anchor)
        aimed = patient is not None and "person" in object_kinds(patient)
        return "criticism" if speaker is not None and aimed else "figurative"
    if any(_is_peaceful_purpose(c) for c in sx.children_with(anchor, {"xcomp", "advcl"})):
        return "figurative"
    return "literal"


def _controls_a_body(control: Token) -> bool:
    """Whether the control taken is of a chamber or a firm ("control of the Senate", "of the
    company"), not of a place; an unknown name may well be a town."""
    held = [noun for prep in ("of", "over") if (noun := sx.object_of(control, prep)) is not None]
    return bool(held) and all(_is_body(noun) for noun in held)


def _is_body(noun: Token) -> bool:
    word = lemma(noun).lower()
    return sector_of(word) == "LEG" or word in word_class("body") or noun.ent_type_ == "ORG" and (
        sector_of(noun.text.split()[-1].lower()) == "LEG")


def _settings(anchor: Token) -> list[Token]:
    """What the act happens in or during ("in an ad", "during the debate")."""
    return [pobj for prep in sx.children_with(anchor, {"prep"}) if prep.lower_ in _SETTING_IN
            for pobj in sx.children_with(prep, {"pobj"})]


def _between_people(anchor: Token, patient: Token | None) -> bool:
    """Whether one named person (or 'he', 'she') acts on a person or group rather than on a
    place ("Christie attacked Rubio", "he attacked our allies"); armed men are no named person."""
    subject = sx.subject(anchor) if anchor.pos_ == "VERB" else next(
        sx.children_with(anchor, {"poss"}), None)  # "Trump's attacks on Machado"
    if subject is None or patient is None:
        return False
    one_person = subject.ent_type_ == "PERSON" or subject.lower_ in ("he", "she")
    return one_person and "place" not in object_kinds(patient) and (
        patient.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or patient.pos_ == "PRON"
        or "person" in object_kinds(patient))


def _is_support_rally(anchor: Token) -> bool:
    """A rally that gathers support is no protest: "rally the base", "rallied voters", a
    "campaign rally" or "Trump rally" (a person's or a campaign's, not against anyone), a
    rally where something else was said or done ("told supporters at a rally")."""
    if lemma(anchor) != "rally":
        return False
    if anchor.pos_ == "VERB":
        return sx.object_of(anchor, "dobj") is not None
    if sx.object_of(anchor, "against") is not None:
        return False
    if anchor.dep_ == "pobj" and anchor.head.lower_ in _SETTING_PREPS:
        return True  # "said at a rally in Novi": the rally is where a speech was given
    holder = sx.subject(anchor.head) if anchor.dep_ == "dobj" else None
    if holder is not None and holder.ent_type_ == "PERSON":
        return True  # "Clinton will hold a rally": one person's rally is a campaign event
    return any(c.dep_ in ("compound", "poss", "amod") and (
        c.ent_type_ == "PERSON" or lemma(c).lower() in word_class("support-rally"))
        for c in anchor.children)


def is_abstract(noun: Token, acts: bool = True, texts: bool = False) -> bool:
    """Whether a noun names something abstract: a text, an idea, a state. With `acts=False` a
    noun that can name an act or gathering ("a protest", "a wedding function") is not; with
    `texts=True` only texts and ideas count ("bills", not "independence")."""
    if noun.ent_type_:
        return noun.ent_type_ in _ABSTRACT_LABELS
    counted = sx.object_of(noun, "of")  # "a number of missiles", "the text of the bill"
    if counted is not None:
        return is_abstract(counted, acts, texts)
    if noun.pos_ not in ("NOUN", "PROPN"):  # an unnamed "Amendment" is still a noun
        return False
    # the lemma and the written singular: "bases" is lemmatised to "basis"
    written = noun.lower_
    words = {lemma(noun).lower(), written, written[:-1] if written.endswith("s") else written}
    readings = [found for word in words if (found := _abstract_noun(word, acts, texts)) is not None]
    return bool(readings) and all(readings) and not object_kinds(noun)


@lru_cache(maxsize=8192)
def _abstract_noun(word: str, acts: bool, texts: bool) -> bool | None:
    """None when WordNet lacks the word."""
    senses = wordnet().senses(word, "n")[:_SENSES]
    files = [wordnet().synset(sense, "n").lexfile for sense in senses]
    if not files:
        return None
    if not acts and _ACT_FILES & set(files[:2]):
        return False
    return (files[0] in (_TEXT_FILES if texts else _ABSTRACT_FILES)
            and not _CONCRETE_FILES & set(files))


def _is_peaceful_purpose(verb: Token) -> bool:
    """'fight to confirm a judge', 'fight to pass the bill': the purpose is a verb of thinking
    or speaking, or is done to something abstract. 'fought to hold the town' and 'opened fire
    to disperse the crowd' stay force."""
    if verb.pos_ not in ("VERB", "AUX") or _is_force_word(lemma(verb)):
        return False
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False  # "fought, killing ten": no purpose
    obj = sx.object_of(verb, "dobj")
    if obj is not None and is_abstract(obj):
        return True
    return _verb_file(lemma(verb)) in _MIND_VERB_FILES and (
        obj is None or "place" not in object_kinds(obj))


@lru_cache(maxsize=4096)
def _verb_file(word: str) -> int | None:
    senses = wordnet().senses(word, "v")
    return wordnet().synset(senses[0], "v").lexfile if senses else None


@lru_cache(maxsize=4096)
def _is_force_word(word: str) -> bool:
    listed = triggers().get((word, "V"), ())
    if any(entry.type in FORCE_TYPES | {"COERCE"} for entry in listed):
        return True
    found = anchor_for(word, "V")
    return found is not None and found.type in FORCE_TYPES | {"COERCE"}
