"""Event triggers by meaning: a verb or noun the lexicon does not list is read through WordNet.

"Detonated", "recaptured", "raped" or "torched" need no entry of their own: one of the word's
usual senses lies under a sense a PLOVER category is anchored to (data/event_senses.tsv), so it
is coded as that category. Only the first few senses count (WordNet lists them most frequent
first) and only a few steps up the hierarchy, so that a rare sense or a generic ancestor never
makes an event of a common word. An anchor may also ask what its object is: seizing a town is
fighting, seizing a man is coercion.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from storyline.events.wordnet import wordnet
from storyline.lexicon import ACTOR_LABELS, PLACE_LABELS, read_rows
from storyline.nlp import lemma

# Senses looked at, in WordNet's frequency order: the usual readings of a word, not its rare
# ones (nouns are more often used in another sense: "occupation", "opposition").
MAX_RANK = {"v": 2, "n": 2}
# Hypernym steps from a sense to its anchor, by part of speech (the noun hierarchy is deeper).
MAX_DEPTH = {"v": 3, "n": 4}
# Noun senses that are acts or events (lexicographer files noun.act, noun.event): the only
# nouns that can be events.
_EVENT_NOUN_FILES = frozenset({4, 11})
# The lexicographer file of people (noun.person).
_PERSON_FILE = 18
# Where an object's meaning is decided: the top senses that make it a person, a place or a
# weapon or war machine (a bomb that "exploded" or helicopters that "dropped bombs" did
# something, a tree that "defied" did not).
_KIND_TOPS = {"person": ("person.n.01", "social_group.n.01"),
              "place": ("location.n.01", "structure.n.01", "geographical_area.n.01",
                        "facility.n.01"),
              "weapon": ("weapon.n.01", "explosive_device.n.01", "explosive.n.01",
                         "ammunition.n.01", "weaponry.n.01", "military_vehicle.n.01",
                         "warplane.n.01", "warship.n.01", "helicopter.n.01")}
# Senses of an object looked at for its kind ("bomber" is an aircraft first, a person second).
_KIND_RANK = 2
_KIND_LABELS = {"person": ACTOR_LABELS, "place": PLACE_LABELS}


@dataclass(frozen=True)
class Anchor:
    """A PLOVER reading of a WordNet sense and everything it lies over."""

    sense: str
    type: str
    mode: str | None
    cameo: str
    targets: tuple[str, ...]
    object: str | None  # "person" or "place" when the object decides, else None


def _offset(name: str) -> tuple[int, str] | None:
    """('word.v.03') -> (offset, 'v'), None when this WordNet lacks the sense."""
    word, pos, number = name.rsplit(".", 2)
    offset = wordnet().sense(word, pos, int(number))
    return (offset, pos) if offset is not None else None


@lru_cache(maxsize=1)
def anchors() -> dict[tuple[int, str], Anchor]:
    """Every anchor by (offset, pos)."""
    table = {}
    for sense, type_, mode, cameo, targets, obj in read_rows("event_senses.tsv"):
        key = _offset(sense)
        if key is not None:
            table[key] = Anchor(sense, type_, None if mode == "-" else mode, cameo,
                                () if targets == "-" else tuple(targets.split(",")),
                                None if obj == "-" else obj)
    return table


@lru_cache(maxsize=16384)
def anchor_for(word: str, pos: str) -> Anchor | None:
    """The anchor that one of the word's usual senses lies under; `pos` is 'V' or 'N'.

    Senses are tried in frequency order and, within one, the nearest anchor wins."""
    wn_pos = "v" if pos == "V" else "n"
    table = anchors()
    net = wordnet()
    for offset in net.senses(word, wn_pos)[: MAX_RANK[wn_pos]]:
        if wn_pos == "n" and net.synset(offset, "n").lexfile not in _EVENT_NOUN_FILES:
            continue  # "bomber" is a person, "damage" a state: neither is an event
        found = _nearest(offset, wn_pos, table)
        if found is not None:
            return found
    return None


def _nearest(offset: int, pos: str, table: dict[tuple[int, str], Anchor]) -> Anchor | None:
    for node in wordnet().ancestors(offset, pos, MAX_DEPTH[pos]):
        if (node, pos) in table:
            return table[(node, pos)]
    return None


def object_kinds(obj: Token) -> set[str]:
    """What an object names, of 'person', 'place' and 'weapon': by its entity label, else by
    the usual senses of its noun ('the town' is a place, 'three journalists' people)."""
    kinds = {kind for kind, labels in _KIND_LABELS.items() if obj.ent_type_ in labels}
    if kinds or obj.ent_type_:
        return kinds
    if obj.pos_ == "PRON":
        return {"person"} if obj.lower_ in ("him", "her", "them", "us", "me", "you") else set()
    if obj.pos_ != "NOUN":
        return set()
    return set(_noun_kinds(lemma(obj)))


@lru_cache(maxsize=8192)
def _noun_kinds(word: str) -> tuple[str, ...]:
    above = {node for sense in wordnet().senses(word, "n")[:_KIND_RANK]
             for node in wordnet().ancestors(sense, "n", 12)}
    return tuple(kind for kind, offsets in _kind_offsets().items() if offsets & above)


@lru_cache(maxsize=1)
def _kind_offsets() -> dict[str, set[int]]:
    return {kind: {key[0] for top in tops if (key := _offset(top)) is not None}
            for kind, tops in _KIND_TOPS.items()}


@lru_cache(maxsize=8192)
def names_a_person(word: str) -> bool:
    """Whether a noun's most frequent sense is a person ("aide", "rebel"): never an event."""
    senses = wordnet().senses(word, "n")
    return bool(senses) and wordnet().synset(senses[0], "n").lexfile == _PERSON_FILE
