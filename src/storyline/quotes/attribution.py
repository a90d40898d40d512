"""Reported speech from the dependency parse: cue, speaker phrase and content clause.

One pass over the tokens. A cue is a reporting verb with a content clause (`ccomp`, a
"that" clause, or an infinitive for directive verbs), "according to X", or a cue noun with
a possessor and a "that" clause. Speakers are found through the subject, a coordinated or
participial verb's subject, or "quoted X as saying".
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from storyline.nlp import lemma
from storyline.quotes.cues import ACCUSE_VERBS, CUE_NOUNS, DIRECTIVE_VERBS, LABEL_VERBS, SPEECH_VERBS

_SUBJECTS = ("nsubj", "nsubjpass")
_NP_LEFT = frozenset(("det", "amod", "compound", "poss", "case", "nmod", "nummod", "quantmod", "advmod"))
_LEADING_WORDS = frozenset(("that",))


_ALL_VERBS = SPEECH_VERBS | DIRECTIVE_VERBS | LABEL_VERBS | ACCUSE_VERBS


@dataclass
class Cue:
    """One attribution found in the parse. `content` is None when only the cue is known."""

    token: Token
    text: str
    start: int
    end: int
    speaker: Span | None
    content: tuple[int, int] | None
    # label cues ("called it an 'illegal act'") count only when their content holds a quote
    needs_quote: bool = False


def is_speech_verb(token: Token) -> bool:
    """True for a verb whose lemma is a reporting verb."""
    return token.pos_ in ("VERB", "AUX") and lemma(token) in SPEECH_VERBS


def find_cues(doc: Doc) -> list[Cue]:
    """Every attribution the parse shows, in token order."""
    cues: list[Cue] = []
    for token in doc:
        cue = None
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            cue = _according_to(token)
        elif token.pos_ in ("VERB", "AUX"):
            cue = _verb_cue(token)
        elif token.pos_ == "NOUN" and lemma(token) in CUE_NOUNS:
            cue = _noun_cue(token)
        if cue is not None:
            cues.append(cue)
    return cues


def speaker_of(verb: Token) -> Span | None:
    """The speaker phrase of a reporting verb: its subject, or one inherited from its governor."""
    seen = 0
    while seen < 4:
        seen += 1
        for child in verb.children:
            if child.dep_ in _SUBJECTS:
                return mention_span(child)
        if verb.dep_ in ("conj", "advcl", "xcomp") and not _across_paragraph(verb, verb.head):
            verb = verb.head
        elif verb.dep_ == "pcomp" and verb.head.lower_ == "as":
            # "X was quoted as saying" / "quoted X as saying": the speaker is the object
            gov = verb.head.head
            objects = [c for c in gov.children if c.dep_ in ("dobj", "nsubjpass")]
            return mention_span(objects[0]) if objects else None
        elif verb.dep_ == "relcl":
            return mention_span(verb.head)
        else:
            break
    return _left_neighbour(verb)


def _left_neighbour(verb: Token) -> Span | None:
    """A subject the parser missed: the noun right before the verb ("..., Albin Kurti said")."""
    if verb.i == 0:
        return None
    head = verb.doc[verb.i - 1]
    if head.pos_ not in ("PROPN", "PRON", "NOUN"):
        return None
    if head.dep_ in ("dobj", "pobj") and not _across_paragraph(head, head.head):
        return None
    return mention_span(head)


def _across_paragraph(a: Token, b: Token) -> bool:
    """True when a newline separates two tokens (the parser joined a heading to a sentence)."""
    lo, hi = sorted((a.i, b.i))
    return any("\n" in t.text for t in a.doc[lo:hi])


def mention_span(head: Token) -> Span:
    """The mention a head noun stands for: its named entity, or its noun phrase up to the head.

    A common noun with a named apposition ("the commander ..., General X") yields the name.
    """
    if head.ent_type_:
        ent = _entity_of(head)
        if ent is not None:
            return ent
    for child in head.children:
        if child.dep_ == "appos" and child.ent_type_ == "PERSON":
            ent = _entity_of(child)
            if ent is not None:
                return ent
    start = head.i
    for child in head.lefts:
        if child.dep_ in _NP_LEFT:
            start = min(start, child.left_edge.i)
    doc = head.doc
    while start < head.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return doc[start : head.i + 1]


def _entity_of(token: Token) -> Span | None:
    """The named-entity span holding `token`, from the IOB tags (no scan of `doc.ents`)."""
    if not token.ent_type_:
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=token.ent_type_)


def _verb_cue(verb: Token) -> Cue | None:
    word = lemma(verb)
    if word not in _ALL_VERBS:
        return None
    # "He did not say where he got it" attributes nothing to him.
    if any(child.dep_ == "neg" for child in verb.children):
        return None
    content = None
    if word in SPEECH_VERBS:
        content = _clause_content(verb)
    if content is None and word in DIRECTIVE_VERBS:
        content = _directive_content(verb)
    if content is None and word in DIRECTIVE_VERBS:
        content = _request_content(verb)
    if content is None and word in ACCUSE_VERBS:
        content = _accusation_content(verb)
    needs_quote = False
    if content is None:
        content = label_content(verb)
        needs_quote = True
    if content is None:
        return None
    end = verb.idx + len(verb.text)
    return Cue(verb, verb.text, verb.idx, end, speaker_of(verb), content, needs_quote)


def _clause_content(verb: Token) -> tuple[int, int] | None:
    """The reported clause: a `ccomp`, or a "that" clause the parser hung elsewhere."""
    for child in verb.children:
        if child.dep_ == "ccomp" and _is_clause(child):
            return _trimmed(child.left_edge, child.right_edge, verb)
        if child.lower_ in ("that", "whether") and child.dep_ in ("prep", "mark") and child.i > verb.i:
            return _trimmed(child, child.right_edge, verb)
    return None


def _is_clause(head: Token) -> bool:
    """A finite or modal clause, not a small clause like "declared [the split illegal]"."""
    return head.pos_ in ("VERB", "AUX") or any(c.dep_ in ("aux", "auxpass") for c in head.children)


def _directive_content(verb: Token) -> tuple[int, int] | None:
    """"urged X to stop", "called on X to act", "vowed to fight": object through infinitive."""
    xcomp = next((c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i), None)
    if xcomp is None or any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return None
    start = xcomp.left_edge
    for child in verb.children:
        if child.dep_ in ("dobj", "dative") and child.i < xcomp.i:
            start = child.left_edge
            break
        if child.dep_ == "prep" and child.lower_ in ("on", "upon") and child.i < xcomp.i:
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                start = objs[0].left_edge
                break
    return _trimmed(start, xcomp.right_edge, verb)


def _request_content(verb: Token) -> tuple[int, int] | None:
    """"called for an emergency meeting": the object of "for"."""
    prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "for" and c.i > verb.i), None)
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    return _trimmed(obj.left_edge, obj.right_edge, verb) if obj is not None else None


def _accusation_content(verb: Token) -> tuple[int, int] | None:
    """"accused X of Y": from the object through the "of"/"for" phrase."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None:
        return None
    preps = [c for c in list(verb.children) + list(obj.children) if c.dep_ == "prep" and c.i > obj.i]
    prep = next((c for c in preps if c.lower_ in ("of", "for")), None)
    if prep is None:
        return None
    return _trimmed(obj.left_edge, prep.right_edge, verb)


def label_content(verb: Token) -> tuple[int, int] | None:
    """"called the move an 'illegal act'": from the object to the end of the predicate."""
    if lemma(verb) not in LABEL_VERBS:
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None:
        return None
    tail = [c for c in verb.children if c.i > obj.i and c.dep_ in ("oprd", "xcomp", "ccomp", "prep", "advcl", "dobj", "attr")]
    if not tail:
        return None
    return _trimmed(obj.left_edge, tail[-1].right_edge, verb)


def _according_to(token: Token) -> Cue | None:
    to = token.doc[token.i + 1]
    objs = [c for c in to.children if c.dep_ == "pobj"] or [c for c in token.children if c.dep_ == "pobj"]
    if not objs:
        return None
    source = objs[0]
    phrase_start, phrase_end = token.i, max(source.right_edge.i, to.i)
    clause = token.head
    sent = token.sent
    left = (clause.left_edge.i if clause.i != token.i else sent.start, phrase_start - 1)
    right = (phrase_end + 1, clause.right_edge.i if clause.i != token.i else sent.end - 1)
    # content is the larger side of the clause around the "according to X" phrase
    lo, hi = max(left, right, key=lambda r: r[1] - r[0])
    if hi < lo:
        return None
    doc = token.doc
    content = _trimmed(doc[lo], doc[hi], None)
    if content is None:
        return None
    span = doc[token.i : to.i + 1]
    return Cue(token, span.text, span.start_char, span.end_char, mention_span(source), content)


def _noun_cue(noun: Token) -> Cue | None:
    """"the ministry's warning that ...": possessor speaker, "that" clause content."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:
        return None
    for child in noun.children:
        if child.i > noun.i and child.dep_ in ("acl", "ccomp", "appos") and child.left_edge.lower_ == "that":
            content = _trimmed(child.left_edge, child.right_edge, noun)
            if content is not None:
                return Cue(noun, noun.text, noun.idx, noun.idx + len(noun.text), mention_span(owner), content)
    return None


def _trimmed(first: Token, last: Token, cue: Token | None) -> tuple[int, int] | None:
    """Character span first..last without edge punctuation, quote marks and a leading "that"."""
    if cue is not None and first.i <= cue.i <= last.i:
        return None
    doc = first.doc
    lo, hi = first.i, last.i
    while lo <= hi and (doc[lo].is_punct or doc[lo].is_space or doc[lo].lower_ in _LEADING_WORDS):
        lo += 1
    while hi >= lo and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    if hi < lo or (hi == lo and len(doc[lo]) < 2):
        return None
    if any("\n" in t.text for t in doc[lo : hi + 1]):
        return None  # a clause across paragraphs is a parse of page chrome, not speech
    return doc[lo].idx, doc[hi].idx + len(doc[hi])
