"""Reading event arguments off spaCy's dependency parse: subjects, objects, actor phrases,
negation, and the chain of verbs an event is embedded under."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from storyline.actors import country_code, sector_of
from storyline.events.meaning import object_kinds
from storyline.lexicon import ACTOR_LABELS, GENERIC_SUBJECTS, NEGATIONS, RELATIVE_PRONOUNS
from storyline.nlp import lemma

SUBJECTS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECTS = frozenset({"nsubjpass", "csubjpass"})
# Dependencies through which an event is the complement of the word above it.
EMBEDDING = frozenset({"xcomp", "ccomp", "dobj", "pobj", "prep", "pcomp", "acomp", "oprd", "attr"})
# Left modifiers kept in an actor phrase ("Serbia 's foreign minister", "French and US soldiers").
_LEFT_DEPS = frozenset({"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "case",
                        "predet", "advmod", "punct", "cc", "conj"})
_RIGHT_PREPS = frozenset({"of", "from", "in"})
# Nouns that stand for a collective actor without naming a sector ("nations", "both sides").
_GROUP_NOUNS = frozenset({"nation", "country", "state", "side", "group", "party", "member",
                          "ally", "neighbour", "neighbor", "partner", "power", "community"})
_NON_ACTOR_PRONOUNS = frozenset({"this", "that", "which", "what", "something", "nothing",
                                 "anything"})
# Pronouns that a reporting clause's own subject usually resolves ("Nato said it will send").
_PERSONAL = frozenset({"it", "he", "she", "they", "we"})


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in PASSIVE_SUBJECTS or c.dep_ == "auxpass" for c in verb.children)


def subject(verb: Token) -> Token | None:
    """The verb's doer: its subject, the agent of a passive, or the subject it shares."""
    passive = is_passive(verb)
    for child in verb.children:
        if passive and child.dep_ == "agent":
            return next((p for p in child.children if p.dep_ == "pobj"), None)
        if not passive and child.dep_ in SUBJECTS:
            if child.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return verb.head
            return child
    if passive:
        return None
    if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head
    if verb.dep_ == "xcomp":
        # Object control: "urged Serbia to act", "forced Serbia to pull out".
        controller = next(children_with(verb.head, {"dobj"}), None)
        return controller if controller is not None else subject(verb.head)
    if verb.dep_ in ("conj", "advcl", "acomp") and verb.head.i != verb.i:
        return subject(verb.head)
    if verb.dep_ == "pcomp" and verb.head.head.i != verb.head.i:
        above = verb.head.head
        convicted = _passive_above(above)
        if convicted is not None:
            # "was found guilty of raping", "is accused of subverting": the one found guilty
            return next(children_with(convicted, PASSIVE_SUBJECTS), None)
        return subject(above)
    return None


def _passive_above(word: Token) -> Token | None:
    """The passive verb a 'guilty of'/'accused of' phrase hangs from, if any."""
    if word.pos_ in ("VERB", "AUX") and is_passive(word):
        return word
    head = word.head
    if word.dep_ in ("acomp", "oprd", "prep") and head.pos_ in ("VERB", "AUX") and is_passive(head):
        return head
    return None


def children_with(token: Token, deps: frozenset[str] | set[str]) -> Iterator[Token]:
    return (c for c in token.children if c.dep_ in deps)


def object_of(verb: Token, slot: str) -> Token | None:
    """The filler of a target slot: 'dobj', 'dative', or a preposition word ('against').

    A preposition may hang off the object instead ('recalled its ambassador from X')."""
    found = _slot(verb, slot)
    if found is None and slot not in ("dobj", "dative"):
        obj = next(children_with(verb, {"dobj"}), None)
        if obj is not None:
            found = _slot(obj, slot)
    return found


def _slot(verb: Token, slot: str) -> Token | None:
    if slot == "dobj":
        # a passive conjunct shares its head's passive subject ("was held and questioned")
        shared = verb.dep_ == "conj" and verb.tag_ == "VBN" and is_passive(verb.head)
        if is_passive(verb) or shared:
            own = next(children_with(verb, PASSIVE_SUBJECTS), None)
            if own is None and shared:
                return next(children_with(verb.head, PASSIVE_SUBJECTS), None)
            return own
        own = next(children_with(verb, {"dobj"}), None)
        if own is None and verb.tag_ == "VBG":
            # "killing and torturing Muslims": the last conjunct's object is the first's too
            for conj in children_with(verb, {"conj"}):
                if conj.tag_ == "VBG":
                    return next(children_with(conj, {"dobj"}), None)
        return own
    if slot == "dative":
        dative = next(children_with(verb, {"dative"}), None)
        if dative is not None and dative.lower_ == "to":
            return next(children_with(dative, {"pobj"}), None)
        return dative
    for child in verb.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ == slot:
            return next(children_with(child, {"pobj", "pcomp"}), None)
    return None


def is_actor(token: Token) -> bool:
    """Whether the token can head an actor phrase: a named actor, a pronoun, or a group noun."""
    if token.ent_type_ in ACTOR_LABELS:
        return True
    if token.pos_ == "PRON":
        return token.lower_ not in _NON_ACTOR_PRONOUNS
    if token.pos_ in ("NOUN", "PROPN"):
        word = lemma(token)
        return (word in _GROUP_NOUNS or sector_of(token.lower_) is not None
                or sector_of(word) is not None
                or (token.is_title and country_code(token.text) is not None)  # "Serbians"
                or (token.pos_ == "NOUN" and "person" in object_kinds(token)))  # "gunmen"
    return False


def actor_token(token: Token | None, depth: int = 0) -> Token | None:
    """The actor a phrase is about: itself, or its possessor/modifier ('Kosovo's declaration')."""
    if token is None:
        return None
    if is_actor(token):
        return token
    if depth > 1:
        return None
    for child in token.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod") and child.ent_type_ in ACTOR_LABELS:
            return child
        if child.dep_ == "poss" and is_actor(child):  # "the police's order", "his offer"
            return child
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "by", "from"):
            for pobj in children_with(child, {"pobj"}):
                found = actor_token(pobj, depth + 1)
                if found is not None:
                    return found
    return None


def phrase(token: Token) -> Span:
    """The actor's noun phrase: head, left modifiers, and 'of/from/in' complements."""
    doc = token.doc
    start = end = token.i
    for child in token.lefts:
        if child.dep_ in _LEFT_DEPS:
            start = min(start, child.left_edge.i)
    for child in token.rights:
        if child.dep_ in ("compound", "flat", "nummod"):
            end = max(end, child.right_edge.i)
        elif child.dep_ == "prep" and child.lower_ in _RIGHT_PREPS and token.ent_type_ == "":
            end = max(end, child.right_edge.i)
    while start < end and (doc[start].dep_ in ("det", "punct", "cc") or doc[start].is_punct
                           or doc[start].is_space):
        start += 1
    while end > start and (doc[end].is_punct or doc[end].is_space or doc[end].dep_ == "case"):
        end -= 1
    return doc[start : end + 1]


_QUANTIFIERS = frozenset({"most", "many", "several", "some", "few", "all", "half", "none", "each"})


def written_phrase(token: Token) -> Span:
    """The actor as the sentence writes it: with the actors coordinated after it ('Cyprus,
    Romania and Spain') and the part it is counted from ('18 of the 27 EU member states')."""
    span = phrase(token)
    start, end = span.start, span.end
    for conj in token.conjuncts:
        if conj.i > token.i and is_actor(conj):
            end = max(end, phrase(conj).end)
    if token.dep_ == "pobj" and token.head.lower_ == "of":
        part = token.head.head
        if part.like_num or part.lower_ in _QUANTIFIERS:
            start = min(start, part.left_edge.i)
    return token.doc[start:end]


def negation(token: Token) -> Token | None:
    """The negation word on the token itself: 'would not use', 'no protest', 'never attacked',
    or a subject that denies it: 'nobody was killed', 'no one blames him'."""
    found = next((c for c in token.children
                  if c.dep_ == "neg" or (c.dep_ in ("det", "advmod") and c.lower_ in NEGATIONS)),
                 None)
    if found is None and token.pos_ in ("VERB", "AUX"):
        subj = next(children_with(token, SUBJECTS | PASSIVE_SUBJECTS), None)
        if subj is not None and _denies(subj):
            return subj
    return found


def _denies(subject: Token) -> bool:
    if subject.lower_ in ("nobody", "none"):
        return True
    return subject.lower_ == "one" and any(c.lower_ == "no" for c in subject.children)


def is_generic(verb: Token) -> bool:
    """Whether the act's doer is anyone at all ("anyone who cannot condemn", "someone could")."""
    subj = next(children_with(verb, SUBJECTS), None)
    if subj is not None and subj.lower_ in GENERIC_SUBJECTS:
        return True
    # "Anyone who cannot condemn …": the relative clause of a generic pronoun
    return verb.dep_ == "relcl" and verb.head.lower_ in GENERIC_SUBJECTS


def negated(token: Token) -> bool:
    """Whether the token carries a negation of its own (`negation`)."""
    return negation(token) is not None


def embedders(token: Token) -> Iterator[Token]:
    """The words an event is embedded under, nearest first ('considered' in 'considered using')."""
    node = token
    while node.head.i != node.i and _embedded(node):
        node = node.head
        yield node


def _embedded(node: Token) -> bool:
    """Whether `node` is a complement of its head rather than a clause of its own."""
    if node.dep_ in EMBEDDING:
        return True
    if node.dep_ == "advcl":  # purpose and participle clauses ("opened fire to disperse")
        return not any(c.dep_ in SUBJECTS for c in node.children)
    return node.dep_ in ("relcl", "acl") and node.pos_ == "VERB"


_FUTURE = frozenset({"will", "would", "'ll", "shall", "wo"})
_POSSIBLE = _FUTURE | {"could", "might", "may"}


def has_modal(verb: Token, definite: bool = False) -> bool:
    """Whether a clause is about the future ('will send') or, unless `definite`, a possibility."""
    words = _FUTURE if definite else _POSSIBLE
    return any(c.dep_ == "aux" and c.lower_ in words for c in verb.children)


def resolve_pronoun(token: Token, verb: Token) -> Token:
    """'Nato said it will send': a personal pronoun subject of a reported clause is the reporter."""
    if token.lower_ not in _PERSONAL or verb.dep_ != "ccomp":
        return token
    reporter = next(children_with(verb.head, SUBJECTS), None)
    if reporter is None or reporter.pos_ == "PRON":
        return token
    if (token.lower_ in ("he", "she")) != (reporter.ent_type_ == "PERSON"):
        return token  # "the ministry said he …", "Putin said it …": someone else
    return actor_token(reporter) or token


def is_inanimate_subject(verb: Token) -> bool:
    """A verb whose explicit subject is a plain thing ('the tree defied', 'a law requiring
    candidates to …'): not an actor's act."""
    # shared by conjoined verbs: "an explosion killed two and wounded five"; a participle's
    # subject is the noun it modifies, unless an actor issued that noun ("issued a declaration
    # demanding …")
    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        noun = verb.head
        issuer = subject(noun.head) if noun.dep_ == "dobj" else None
        if issuer is not None and actor_token(issuer) is not None:
            return False
        subj = noun
    else:
        subj = subject(verb)
    if subj is None or subj.pos_ != "NOUN" or subj.ent_type_:
        return False  # a proper noun the tagger left unlabelled is still a name ("Tadic")
    if "weapon" in object_kinds(subj):
        return False  # "a bomb exploded", "the missile destroyed the warship"
    if any(c.dep_ in ("compound", "amod", "nmod") and c.ent_type_ in ACTOR_LABELS
           for c in subj.children):
        return False  # "al-Qaeda's terror network", "Israeli tanks": the army's act
    actor = actor_token(subj)
    # "Obama's approval rating declined": the rating's, not Obama's act
    return actor is None or (actor.dep_ == "poss" and actor.head == subj)


def lemma_forms(token: Token) -> tuple[str, ...]:
    """The lemma, then the word with regular endings stripped: guards against lemmatizer slips
    ('staged' lemmatized as 'stag')."""
    word = token.lower_
    forms = [lemma(token), word]
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ed", "e"), ("ed", ""), ("es", ""),
                         ("s", ""), ("ing", "e"), ("ing", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            forms.append(word[: -len(suffix)] + repl)
    return tuple(dict.fromkeys(forms))
