"""Event factuality (modality) read off spaCy's dependency parse.

An event found in a sentence is not always a fact: "will protest" is planned, "could attack"
hypothetical, "denied attacking" negated, "said it had attacked" reported. `read_modality` walks
from the event's predicate up through the words it is embedded under, nearest first, and returns
the first signal it meets; the nearest word decides because it is the one whose scope the event
sits in directly ("said they were considering using force": the use is considered, and what is
said is the considering).

At each word of the walk the clause's own marks are read before the class of the embedding word,
because a mark on the embedder scopes over its complement ("did not say it attacked": negated;
"will say it attacked": planned). Within one clause (`own_modality`) the order is:

1. negated      a negation on the verb or its semi-auxiliary ("did not", "no protests", "never")
2. question     "whether", "if" under a question verb, or a final "?" on a main/inverted clause
3. conditional  the clause is the condition ("if Serbia attacks"), or has one and a modal
4. hypothetical adverbs of likelihood ("probably"), then possibility modals ("could", "may");
                "would" counts as planned when it is a reported "will" ("said it would veto"),
                and should/must/ought as intended (what ought to be done is wanted)
5. planned      will/shall/'ll, then "be to", "going to", "set/due/scheduled/expected to"
6. reported     "reportedly", "allegedly", "according to", a speech verb set into the clause
                ("the rebels, officials said, attacked")

Then the embedding word's class (`_embedding`): the cue table's class (negated for denial
verbs, hypothetical, planned, intended), an infinitive under a directive verb ("urged X to
withdraw": intended) or of purpose ("crossed the border to attack": intended), then a clause
under a reporting or belief verb (reported). An "according to" on the embedder yields to what
the embedder itself says ("considering using force, according to remarks": intended). The negation of a
verb that merely governs an event noun does not deny it ("did not give the length of the
visit"), unless the verb carries the event ("held no talks"). A word with no
signal passes the walk on to the word above; the top of the sentence yields asserted.

For an event noun the walk starts with the noun's own negation and modifiers ("no protests",
"a planned rally") and goes on to the verb governing it ("will hold a rally", "no protests were
held"): that verb's clause is the noun's own clause. A verb coordinated with a base-form verb
("will protest and recall") shares its auxiliaries. The walk stops at a relative clause and at a
temporal or concessive preposition ("after the attack"): those events are presupposed, not
modalised by the clause above them.

The open classes are `data/modality_cues.tsv` and the reporting verbs of `storyline.lexicon`;
modal auxiliaries and the adjunct prepositions are closed classes kept here.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from storyline.events.syntax import (
    PASSIVE_SUBJECTS,
    SUBJECTS,
    children_with,
    embedders,
    lemma_forms,
    negation,
)
from storyline.events.lexicon import LIGHT_VERBS
from storyline.lexicon import read_rows, verbs_with
from storyline.model import FACT_MODALITIES
from storyline.nlp import lemma

MODALITIES: tuple[str, ...] = ("asserted", "reported", "intended", "planned", "hypothetical",
                               "conditional", "question", "negated")
FACTS: frozenset[str] = FACT_MODALITIES


@dataclass(frozen=True)
class Modality:
    """How an event is presented: its class, and the word(s) that signal it as written."""

    kind: str  # one of MODALITIES
    cue: str | None  # "will", "if", "said", "plans", "not", "?"; None for plain asserted
    cue_start: int | None = None  # character offset of the cue's first token (token.idx)


ASSERTED = Modality("asserted", None)

# Modal auxiliaries (closed class), by what they make of their clause. `_FUTURE_MODALS` are
# the ones `syntax.has_modal(definite=True)` reads: the caller turns those into a promise or
# threat, so `skip_own_future` ignores them.
_PLANNING_MODALS = frozenset({"will", "'ll", "shall", "wo"})
_FUTURE_MODALS = _PLANNING_MODALS | {"would"}
_POSSIBILITY_MODALS = frozenset({"would", "could", "might", "may", "can", "ca", "should",
                                 "must", "ought"})
# Of those, the ones of obligation: what should or must be done is wanted, not possible.
_OBLIGATION_MODALS = frozenset({"should", "must", "ought"})
# Prepositions of time and concession: their object is a presupposed event, not a complement.
_ADJUNCT_PREPOSITIONS = frozenset({"after", "before", "during", "since", "until", "despite",
                                   "amid", "amidst", "following"})
_NOUNS = frozenset({"NOUN", "PROPN"})
_VERBS = frozenset({"VERB", "AUX"})
# Classes an attributive modifier can give an event noun ("a planned protest"); "a failed
# coup" still happened, so the negated class is not among them.
_NOUN_MODIFIER_KINDS = frozenset({"hypothetical", "planned", "intended", "reported"})


def _read_cues() -> dict[str, str]:
    """word -> modality class from `data/modality_cues.tsv`; an unknown class is a data error."""
    cues: dict[str, str] = {}
    for row in read_rows("modality_cues.tsv"):
        word, kind = row[0].strip().lower(), row[1].strip()
        if kind not in MODALITIES:
            raise ValueError(f"modality_cues.tsv: {word!r} has unknown class {kind!r}")
        cues[word] = kind
    return cues


CUES = _read_cues()
# Verbs whose clause complement is attributed to their subject ("said that", "believes that").
_SPEECH = verbs_with("speech")
_BELIEF = verbs_with("belief")
_DIRECTIVE = verbs_with("directive")  # "urged Serbia to withdraw": the withdrawal is wanted
_ACCUSING = verbs_with("accuse")  # "accused Serbia of attacking": the attack is alleged


def _cue_class(token: Token) -> str | None:
    """The cue table's class for a token, by lemma or by the word with its ending stripped
    (the lemmatizer misses some participles and adjectives: 'alleged', 'poised')."""
    for form in lemma_forms(token):
        kind = CUES.get(form)
        if kind is not None:
            return kind
    return None


def _in(token: Token, words: frozenset[str]) -> bool:
    return any(form in words for form in lemma_forms(token))


def _mark(clause: Token) -> Token | None:
    """The subordinator of a clause ('if', 'whether', 'unless')."""
    return next(children_with(clause, {"mark"}), None)


def _infinitive_to(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ == "aux" and c.lower_ == "to"), None)


def _semi_auxiliary(verb: Token) -> Token | None:
    """The head that makes a to-infinitive a scheduled future: 'were to protest', 'is going to
    hold', 'is set to open', 'is due to take place'. Passive or adjectival only, so that an
    active 'plans to' stays an embedding verb whose cue is the verb alone."""
    if verb.dep_ != "xcomp" or _infinitive_to(verb) is None:
        return None
    head = verb.head
    if lemma(head) == "be" and verb.tag_ == "VB" and not any(
            c.dep_ in ("acomp", "attr") for c in head.children):
        return head  # "were to protest"; "it is critical to support" is no schedule
    if head.lower_ == "going" and any(c.dep_ == "aux" and lemma(c) == "be" for c in head.children):
        return head
    if head.tag_ in ("VBN", "JJ") and _cue_class(head) == "planned":
        return head
    return None


def _verb_group(verb: Token) -> tuple[Token, ...]:
    """The verb with the semi-auxiliary above it: negation and modals of either mark the event
    ('is not going to attack')."""
    head = _semi_auxiliary(verb)
    return (verb,) if head is None else (verb, head)


def _negation(group: tuple[Token, ...]) -> Modality | None:
    """The negation word on any token of the group (`syntax.negation`)."""
    for token in group:
        word = negation(token)
        if word is not None:
            return Modality("negated", word.text, word.idx)
    return None


def _final_question_mark(token: Token) -> Token | None:
    """The sentence's final '?', past closing quotes and brackets; None for any other end."""
    for last in reversed(token.sent):
        if last.is_space or last.is_quote or last.is_bracket:
            continue
        return last if last.text == "?" else None
    return None


def _inverted(verb: Token) -> bool:
    """Subject-auxiliary inversion: 'Will Russia veto …', 'Is Clinton going to …'."""
    subj = next(children_with(verb, SUBJECTS | PASSIVE_SUBJECTS), None)
    if subj is None:
        return False
    if verb.pos_ == "AUX" and verb.i < subj.i:  # copula: "Is Serbia ready?"
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.i < subj.i for c in verb.children)


def _question(top: Token) -> Modality | None:
    """An embedded question ('asked whether/if …') or a direct one (final '?' on the main
    clause, or an inverted clause)."""
    mark = _mark(top)
    if mark is not None:
        kind = CUES.get(mark.lower_)
        if kind == "question":
            return Modality("question", mark.text, mark.idx)
        if kind == "conditional" and top.dep_ == "ccomp" and _cue_class(top.head) == "question":
            return Modality("question", mark.text, mark.idx)
    final = _final_question_mark(top)
    if final is not None and (top.dep_ == "ROOT" or _inverted(top)):
        return Modality("question", final.text, final.idx)
    return None


def _modal(group: tuple[Token, ...], skip_future: bool) -> Token | None:
    """The clause's modal auxiliary, minus the future ones when the caller has used them."""
    for token in group:
        for child in children_with(token, {"aux"}):
            word = child.lower_
            if skip_future and word in _FUTURE_MODALS:
                continue
            if word in _PLANNING_MODALS or word in _POSSIBILITY_MODALS:
                return child
    return None


def _condition(top: Token, group: tuple[Token, ...], skip_future: bool) -> Modality | None:
    """The clause is a condition ('if Serbia attacks'), or a modal clause with a condition
    ('NATO would respond if …'): without a modal, 'if' on the main clause is a generic rule."""
    mark = _mark(top)
    if mark is not None and CUES.get(mark.lower_) == "conditional":
        return Modality("conditional", mark.text, mark.idx)
    if _modal(group, skip_future) is None:
        return None
    for clause in children_with(top, {"advcl"}):
        mark = _mark(clause)
        if mark is not None and CUES.get(mark.lower_) == "conditional":
            return Modality("conditional", mark.text, mark.idx)
    return None


def _backshifted(top: Token) -> bool:
    """'Russia said it would veto': 'would' is a reported 'will' under a past reporting verb."""
    return (top.dep_ == "ccomp" and top.head.tag_ in ("VBD", "VBN")
            and _in(top.head, _SPEECH | _BELIEF))


def _modal_reading(group: tuple[Token, ...], skip_future: bool) -> Modality | None:
    """Planned for will/shall (and a reported 'would'), intended for should/must/ought,
    hypothetical for the other modals."""
    modal = _modal(group, skip_future)
    if modal is None:
        return None
    word = modal.lower_
    if word in _PLANNING_MODALS or (word == "would" and _backshifted(group[-1])):
        return Modality("planned", modal.text, modal.idx)
    if word in _OBLIGATION_MODALS:
        return Modality("intended", modal.text, modal.idx)  # "should be selected": wanted
    return Modality("hypothetical", modal.text, modal.idx)


def _adverb(group: tuple[Token, ...], kind: str) -> Modality | None:
    """An adverb of class `kind` on the clause ('probably', 'reportedly'), or for reported the
    phrase 'according to'."""
    for token in group:
        for child in token.children:
            if child.dep_ == "advmod" and _cue_class(child) == kind:
                return Modality(kind, child.text, child.idx)
            if child.dep_ == "prep" and kind == "reported" and _cue_class(child) == kind:
                to = next(children_with(child, {"prep"}), None)
                cue = child.text if to is None else f"{child.text} {to.text}"
                return Modality(kind, cue, child.idx)
    return None


def _scheduled(verb: Token) -> Modality | None:
    """'were to protest', 'going to hold', 'set to open': cue is the head word and its 'to'."""
    head = _semi_auxiliary(verb)
    if head is None:
        return None
    to = _infinitive_to(verb)
    assert to is not None  # _semi_auxiliary requires it
    return Modality("planned", f"{head.text} {to.text}", head.idx)


def _own(verb: Token, skip_future: bool) -> Modality | None:
    """`own_modality`, optionally ignoring the future modals the caller has already used."""
    group = _verb_group(verb)
    top = group[-1]
    return (_negation(group) or _question(top) or _condition(top, group, skip_future)
            or _adverb(group, "hypothetical") or _modal_reading(group, skip_future)
            or _scheduled(verb) or _adverb(group, "reported") or _parenthetical_report(top))


def _parenthetical_report(top: Token) -> Modality | None:
    """'The rebels, officials said, attacked the town': a speech verb set into the clause."""
    said = next((c for c in children_with(top, {"parataxis"}) if _in(c, _SPEECH)), None)
    return Modality("reported", said.text, said.idx) if said is not None else None


def own_modality(verb: Token) -> Modality | None:
    """What the clause of `verb` itself marks (negation, modal auxiliaries, 'going to', 'be
    set/due/scheduled to', question form, conditional subordinator), before looking at what it
    is embedded under; None when it marks nothing."""
    return _own(verb, skip_future=False)


# Verbs whose negation denies the event noun they govern: the light verbs ("held no talks",
# "did not stage a protest") and verbs of happening.
_CARRIERS = LIGHT_VERBS | frozenset({"happen", "occur", "take", "go", "be", "have", "see"})


def _noun_marks(noun: Token) -> Modality | None:
    """An event noun's own signal: its negation ('no protests') or an attributive modifier of a
    cue class ('a planned rally', 'the alleged attack', 'a possible strike')."""
    found = _negation((noun,))
    if found is not None:
        return found
    for child in children_with(noun, {"amod"}):
        kind = _cue_class(child) or ("reported" if _in(child, _SPEECH) else None)
        if kind in _NOUN_MODIFIER_KINDS:
            return Modality(kind, child.text, child.idx)
    return None


def _copula_predicate(token: Token, child: Token) -> Token:
    """For 'it is possible that …' the signal is the predicate adjective or noun of the copula
    the clause hangs from, not the copula."""
    if lemma(token) != "be":
        return token
    return next((c for c in children_with(token, {"acomp", "attr"}) if c.i != child.i), token)


def _reports(child: Token, parent: Token) -> bool:
    """Whether the link attributes the child event to the parent's subject: a clause or object
    of a speech verb ('said it attacked', 'announced a ceasefire', 'the attack was reported'),
    a clause of a belief verb, or the 'of' phrase of an accusation."""
    link = child.dep_
    if _in(parent, _SPEECH) and link in ("ccomp", "xcomp", "dobj", "nsubjpass", "acl", "oprd"):
        return True
    if _in(parent, _BELIEF) and link in ("ccomp", "xcomp", "acl"):
        return True
    return link == "prep" and _in(parent, _ACCUSING)


def _embedding(child: Token, parent: Token) -> Modality | None:
    """The class the embedding word gives its complement. Question and conditional words act
    only through a subordinator on the clause (`_question`, `_condition`)."""
    word = _copula_predicate(parent, child)
    kind = _cue_class(word)
    if kind == "intended" and word.pos_ == "ADJ" and _infinitive_to(child) is None:
        kind = None  # "it is important that NATO attacked": a fact judged, not a wish
    if kind is not None and kind not in ("question", "conditional"):
        return Modality(kind, word.text, word.idx)
    if _infinitive_to(child) is not None and _in(parent, _DIRECTIVE):
        return Modality("intended", parent.text, parent.idx)
    to = _infinitive_to(child) if child.dep_ == "advcl" else None
    if to is not None:
        return Modality("intended", to.text, to.idx)  # "crossed the border to attack": a purpose
    if _reports(child, parent):
        return Modality("reported", parent.text, parent.idx)
    return None


def _shares_auxiliaries(conjunct: Token) -> bool:
    """A conjunct without a subject or tense of its own takes the first conjunct's
    auxiliaries and negation ('will protest and recall', 'did not stop or search');
    'did not protest but recalled' has its own tense. A noun conjunct without a determiner
    takes the first one's ('no protests or rallies')."""
    if any(c.dep_ in SUBJECTS | PASSIVE_SUBJECTS | {"aux", "auxpass", "det"}
           for c in conjunct.children):
        return False
    return conjunct.pos_ in _NOUNS or conjunct.tag_ in ("VB", "VBG", "VBN")


def _step_up(node: Token) -> tuple[Token, bool] | None:
    """The next word of the walk and whether it is a sibling (the first conjunct) rather than
    an embedder; None where the walk ends (top of the sentence, a relative clause, an adjunct
    preposition)."""
    if node.dep_ == "conj" and node.head.i != node.i:
        return node.head, True
    if node.dep_ == "relcl":
        return None
    if node.pos_ in _NOUNS and node.dep_ in SUBJECTS | PASSIVE_SUBJECTS:
        return node.head, False  # "no protests were held": the verb it is the subject of
    parent = next(embedders(node), None)
    if parent is None or (parent.dep_ == "prep" and parent.lower_ in _ADJUNCT_PREPOSITIONS):
        return None
    return parent, False


def read_modality(anchor: Token, *, skip_own_future: bool = False) -> Modality:
    """The modality of the event whose predicate is `anchor` (a verb, or an event noun such as
    'protest' in 'staged a protest' — for nouns look at the noun's own negation 'no protests'
    and then at the verb governing it). Walk from the anchor up through the words it is
    embedded under (nearest first) and return the first signal. `skip_own_future=True` ignores
    future/intent modals on the anchor's own clause (the caller has already turned "will give
    aid" into a promise event)."""
    nominal = anchor.pos_ in _NOUNS
    found = _noun_marks(anchor) if nominal else _own(anchor, skip_own_future)
    if found is not None:
        return found
    node = anchor if nominal else _verb_group(anchor)[-1]
    in_own_clause = True  # a noun's own clause runs up to the first verb that governs it
    while (step := _step_up(node)) is not None:
        parent, sibling = step
        if sibling:
            skip = skip_own_future and in_own_clause
            found = _own(parent, skip) if _shares_auxiliaries(node) else None
        else:
            in_own_clause = in_own_clause and nominal
            skip = skip_own_future and in_own_clause
            own, embedded = _own(parent, skip), _embedding(node, parent)
            # the embedder's own frame, unless that is only a source ("according to …") and
            # the embedder itself says more: "considering using force, according to remarks"
            found = embedded if own is None or (own.kind == "reported" and embedded) else own
            if (found is not None and found.kind == "negated" and nominal and in_own_clause
                    and not _in(parent, _CARRIERS)):
                # "did not give the duration of the visit": the visit happened all the same
                found = embedded
            if parent.pos_ in _VERBS:
                in_own_clause = False
        if found is not None:
            return found
        node = _verb_group(parent)[-1]
    return ASSERTED
