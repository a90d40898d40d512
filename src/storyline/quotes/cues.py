"""Word lists that mark attribution, loaded once from data files under `storyline/data/`.

Reporting verbs, cue nouns and attitude adjectives are open classes, so they are data
(`reporting_verbs.tsv`, `reporting_nouns.tsv`, `reporting_adjectives.txt`), each word with the
constructions it attributes through; this module only reads them and keeps the names every
other quotes module imports. Lemmas, lower case.

The class of a construction also decides the record's kind: speech (a said, written or
claimed proposition) gives a quote, the others an attitude (issue 13: "Who said what" lists
only speech).
"""

from __future__ import annotations

from storyline.lexicon import REPORTING_VERBS as VERB_CLASSES
from storyline.lexicon import read_rows, read_words
from storyline.lexicon import verbs_with as _with


# Verbs of saying and writing: their `ccomp` clause is a quote ("said that ...").
SPEAKING_VERBS = _with("speech")
# Verbs of belief, expectation and perception: their clause is an attitude ("believes that").
BELIEF_VERBS = _with("belief")
# Verbs whose reported clause is their `ccomp` (speech and belief). Broad on purpose: the
# parse (a content clause must hang off the verb) is the filter, not the list.
SPEECH_VERBS = SPEAKING_VERBS | BELIEF_VERBS
# Verbs whose content may be an object and an infinitive: "urged X to stop" (speech).
DIRECTIVE_VERBS = _with("directive")
# Verbs of intention and commitment with an infinitive: "refused to release" (attitude).
INTENT_VERBS = _with("intent")
# Verbs whose direct object is what the subject holds: "praised the deal" (attitude). Verbs
# that are as often physical acts in conflict news (attack, hit, back) are left out.
OBJECT_VERBS = _with("object")
# Verbs that are physical acts as often as stances: an object is a stance only when the
# subject is a person ("Trump attacked Clinton"; "forces attacked the town" is no attribution).
PERSON_OBJECT_VERBS = _with("person-object")
# Verbs whose content is the object of a preposition: "spoke of", "sided with" (attitude).
TOPIC_VERBS: dict[str, frozenset[str]] = {
    verb: frozenset(cls.split(":", 1)[1].split("/"))
    for verb, classes in VERB_CLASSES.items()
    for cls in classes
    if cls.startswith("topic:")
}
# Verbs that frame their object "as" something: "saw the comment as a dig" (attitude).
AS_VERBS = _with("as")
# Verbs whose content is an object plus an "of"/"for" phrase: "accused X of Y" (speech).
ACCUSE_VERBS = _with("accuse")
# "held the leaders responsible for the incident": a verb and the adjectives that make it blame.
BLAME_VERBS = _with("blame")
BLAME_ADJECTIVES = frozenset("responsible accountable liable culpable".split())  # closed class
# Verbs that frame a quoted label: "called the declaration an 'illegitimate act'" (speech).
LABEL_VERBS = _with("label")

_NOUN_CLASSES = {row[0]: row[1] for row in read_rows("reporting_nouns.tsv")}
# Nouns that carry a reported clause or a stance: "the ministry's warning that ...".
CUE_NOUNS = frozenset(_NOUN_CLASSES)
# Of those, the ones whose content clause is something said ("warning", "claim").
SPEECH_NOUNS = frozenset(noun for noun, cls in _NOUN_CLASSES.items() if cls == "speech")

# Adjectives of attitude after "be"/"seem": "were skeptical of the deal".
ATTITUDE_ADJECTIVES = read_words("reporting_adjectives.txt")

# Copular, raising, aspectual, causative and effort verbs: their complement is no view held
# or put forward ("began to fall", "made them leave"), the one test on any other verb's clause.
NOT_ATTRIBUTING = read_words("reporting_not_attributing.txt")
