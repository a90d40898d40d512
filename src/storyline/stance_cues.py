"""Stance cues: who takes a side on what, read per article from the parse.

A cue is a word of support or opposition (`data/stance_cues.tsv`) in one of three frames:
- act: a verb with its doer as holder and its object as target ("Russia rejected the plan",
  "the plan was condemned by Russia", "refused to recognise Kosovo");
- noun: the holder's support or opposition to something ("Russia's opposition to the plan",
  "Serbia voiced support for the proposal");
- evaluation: a verdict the holder gives on a proposition ("Russia said the declaration is
  illegal", "parliament declared the split illegal", "X is opposed to the plan").
The holder is a person, organisation, country or people: the subject as the project's event
actors read it (pronouns and descriptions resolved, never a modifier, never a place); the
target is a thing, not a person. Each cue keeps its modality from the parse
(`events.modality`): the corpus stage counts a cue only when it is asserted, reported,
planned or intended, reads negated support as opposition, and drops the rest (unsure means
no stance).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from storyline.events import arguments
from storyline.events import syntax as sx
from storyline.events.modality import read_modality
from storyline.events.meaning import object_kinds
from storyline.lexicon import PLACE_LABELS, REPORTING_VERBS, ROLE_NOUNS, read_classes, read_rows, verbs_with
from storyline.model import StanceCue
from storyline.nlp import doc_tokens, lemma, span_fields
from storyline.quotes.coref import Coreference


@dataclass(frozen=True)
class _Entry:
    side: str  # support / oppose
    about: str | None  # a noun's preposition ("support for"), or "named" for a verb


def _lexicon() -> dict[tuple[str, str], _Entry]:
    return {(row[0], row[1]): _Entry(row[2], row[3] if len(row) > 3 else None)
            for row in read_rows("stance_cues.tsv")}


_LEXICON = _lexicon()
_POS_CLASS = {"VERB": "V", "NOUN": "N", "ADJ": "A"}
_FRAMES = read_classes("stance_frames.tsv")
_LIGHT_VERBS = _FRAMES["lends"]  # "voiced support for …": the subject holds the stance noun
_VERDICT_VERBS = _FRAMES["verdict"]  # "declared the split illegal"
_DIRECTIVES = verbs_with("directive")  # "urged X to …", "called on X to …"
# Parts of a noun phrase that name the thing itself (relative clauses and appositions do not).
_PHRASE_DEPS = frozenset({"det", "amod", "compound", "poss", "case", "nummod", "nmod",
                          "quantmod", "prep", "pobj", "npadvmod"})
Reading = tuple[Token, Token, str, Token]  # holder head, target head, kind, modality anchor


def find_stance_cues(doc: Doc, article_id: str, coref: Coreference | None = None) -> list[StanceCue]:
    """Every stance cue of the article, in text order."""
    coref = coref or Coreference(doc)
    cues = []
    for token in doc_tokens(doc):
        pos = _POS_CLASS.get(token.pos_)
        entry = _LEXICON.get((lemma(token), pos)) if pos is not None else None
        if entry is None:
            continue
        for holder, target, kind, anchor in _readings(token, entry):
            cue = _cue(token, entry, (holder, target, kind, anchor), coref, article_id)
            if cue is not None:
                cues.append(cue)
    return cues


def _readings(token: Token, entry: _Entry) -> Iterator[Reading]:
    """(holder, target, kind, modality anchor) for each frame the cue word stands in."""
    if token.pos_ == "VERB":
        holder = _doer(token)
        target = _object(token)
        if entry.about == "named" and target is not None and not _named_thing(target):
            return  # "recognised the significance of the vote" takes no side
        if holder is not None and target is not None:
            yield holder, target, "act", token
    elif token.pos_ == "NOUN":
        target = _prepositional(token, entry.about)
        holder = _noun_holder(token)
        if holder is not None and target is not None:
            yield holder, target, "noun", token
    else:
        yield from _verdicts(token, entry)


def _named_thing(noun: Token) -> bool:
    """A named country or organisation, or what one has: "Kosovo", "Kosovo's independence"."""
    return any(t.ent_type_ in ("GPE", "ORG") for t in [noun, *sx.children_with(noun, {"poss", "compound"})])


def _doer(verb: Token) -> Token | None:
    """Who does the act, when the sentence says it is theirs: the verb's own subject or agent,
    the subject of a verb it completes ("Spain refused to recognise Kosovo"), or the one who
    urges it ("Serbia urged the Council to oppose the declaration": Serbia opposes it). A
    gerund's doer is left unsaid ("warned nations against supporting separatism"), and what
    others are told to do is not their stance."""
    own = any(c.dep_ in sx.SUBJECTS | sx.PASSIVE_SUBJECTS | {"agent"} for c in verb.children)
    if own or verb.dep_ in ("conj", "relcl"):
        return sx.subject(verb)
    if verb.dep_ != "xcomp":
        return None
    head = verb.head
    told = next(sx.children_with(head, {"dobj"}), None)
    if told is None or lemma(head) in _DIRECTIVES:
        return sx.subject(head)
    return None


def _object(verb: Token) -> Token | None:
    """What an act of support or opposition is on: the object, or the passive subject."""
    if sx.is_passive(verb):
        return next(sx.children_with(verb, {"nsubjpass"}), None)
    found = sx.object_of(verb, "dobj")
    return found if found is not None else _prepositional(verb, "against")


def _prepositional(head: Token, preposition: str | None) -> Token | None:
    if preposition is None:
        return None
    prep = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == preposition), None)
    return next(sx.children_with(prep, {"pobj"}), None) if prep is not None else None


def _noun_holder(noun: Token) -> Token | None:
    """"Russia's opposition to …", or the subject of "voiced support for …"."""
    owner = next(sx.children_with(noun, {"poss"}), None)
    if owner is not None:
        return owner
    if noun.dep_ == "dobj" and lemma(noun.head) in _LIGHT_VERBS:
        return sx.subject(noun.head)
    return None


def _verdicts(adjective: Token, entry: _Entry) -> Iterator[Reading]:
    """"X said the plan is illegal", "declared the split illegal", "X is opposed to the plan".
    The verdict's modality is that of the verb giving it: "warned that recognition would be
    illegal" is a warning given, not a hypothetical."""
    head = adjective.head
    if adjective.dep_ == "acomp" and entry.about:  # "is opposed to"
        holder, target = sx.subject(head), _prepositional(adjective, entry.about)
        if holder is not None and target is not None:
            yield holder, target, "evaluation", head
        return
    if adjective.dep_ in ("oprd", "ccomp", "xcomp") and lemma(head) in _VERDICT_VERBS:
        holder = sx.subject(head)
        target = sx.object_of(head, "dobj") or next(sx.children_with(adjective, sx.SUBJECTS), None)
        if holder is not None and target is not None:
            yield holder, target, "evaluation", head
        return
    if adjective.dep_ == "acomp" and head.dep_ == "ccomp" and lemma(head.head) in REPORTING_VERBS:
        target = next(sx.children_with(head, sx.SUBJECTS), None)
        holder = sx.subject(head.head)
        if holder is not None and target is not None:
            yield holder, target, "evaluation", head.head


def _cue(token: Token, entry: _Entry, reading: Reading, coref: Coreference,
         article_id: str) -> StanceCue | None:
    """The cue record, when the holder is an actor and the target a thing."""
    holder, target, kind, anchor = reading
    holder = sx.actor_token(holder)  # "18 of the 27 EU member states": the states
    if holder is None or not _is_holder(holder) or not _is_target(target):
        return None
    holder_span, _ = arguments.actor(holder, coref)
    if holder_span is None:
        return None  # a pronoun nobody is named for
    modality = read_modality(anchor)
    sentence = token.sent
    return StanceCue(
        article=article_id,
        start=sentence.start_char,
        end=sentence.end_char,
        cue=token.text,
        kind=kind,
        side=entry.side,
        modality=modality.kind,
        modality_cue=modality.cue,
        **span_fields("holder", holder_span),
        **span_fields("target", _noun_phrase(target)),
    )


def _is_holder(token: Token) -> bool:
    """A person, organisation, country or people that can hold a view — not a place, and not
    a nationality adjective."""
    if token.ent_type_ in PLACE_LABELS - {"GPE"} or token.ent_type_ in ("FAC", "DATE", "TIME"):
        return False
    if token.ent_type_ == "NORP" and token.tag_ not in ("NNS", "NNPS"):
        return False
    return sx.is_actor(token)


def _is_target(token: Token) -> bool:
    """A thing one takes a side on: a noun that is not a person or a pronoun."""
    if token.pos_ not in ("NOUN", "PROPN") or token.ent_type_ == "PERSON":
        return False
    if lemma(token) in ROLE_NOUNS:
        return False  # "the president", "the secretary of state"
    if token.pos_ == "NOUN" and "person" in object_kinds(token):
        # people ("officials", "gunmen"), but an organisation's body is a thing: "the EU mission"
        return token.tag_ == "NN" and any(c.ent_type_ == "ORG" for c in token.children)
    return True


def _noun_phrase(noun: Token) -> Span:
    """The target as named: the noun with its determiners, modifiers and of-complements, not
    its relative clauses or appositions."""
    keep = [noun.i]
    stack = [noun]
    while stack:
        node = stack.pop()
        for child in node.children:
            if child.dep_ in _PHRASE_DEPS and (child.dep_ != "prep" or child.lower_ == "of"):
                keep.append(child.i)
                stack.append(child)
    return noun.doc[min(keep) : max(keep) + 1]
