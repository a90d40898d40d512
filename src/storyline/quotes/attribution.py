"""Reported speech from the dependency parse: cue, speaker phrase and content.

One pass over the tokens. A cue is a verb from one of the lexicons in `cues` with the
construction that carries its content: a reported clause ("said that ..."), a parenthetical
("X, he said, Y"), an infinitive ("refused to ..."), an accusation, a label ("called it an
'illegal act'"), a stance object ("praised the deal"), a topic ("spoke of ..."); an
attitude adjective ("were wary of ..."), "according to X", or a cue noun with a possessor
("the ministry's warning that ..."). Speakers are found through the subject, a coordinated
or participial verb's subject, the reporter of the content a participle trails, or "quoted
X as saying"."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from storyline.nlp import lemma
from storyline.quotes.cues import (
    ACCUSE_VERBS,
    AS_VERBS,
    ATTITUDE_ADJECTIVES,
    BLAME_ADJECTIVES,
    BLAME_VERBS,
    CUE_NOUNS,
    DIRECTIVE_VERBS,
    INTENT_VERBS,
    LABEL_VERBS,
    OBJECT_VERBS,
    SPEECH_VERBS,
    TOPIC_VERBS,
)

_SUBJECTS = ("nsubj", "nsubjpass")
_NP_LEFT = frozenset(("det", "amod", "compound", "poss", "case", "nmod", "nummod", "quantmod", "advmod"))
_LEADING_WORDS = frozenset(("that",))


_ALL_VERBS = SPEECH_VERBS | DIRECTIVE_VERBS | LABEL_VERBS | ACCUSE_VERBS | INTENT_VERBS | OBJECT_VERBS | AS_VERBS | BLAME_VERBS | TOPIC_VERBS.keys()
_INFINITIVE_VERBS = DIRECTIVE_VERBS | INTENT_VERBS
# verbs whose clause complement is a consequence or a perception, not a view put forward
_NOT_ATTRIBUTING = frozenset("make let help have get see be do mean ensure guarantee matter happen seem appear look sound".split())
_AGENT_PRONOUNS = frozenset("i we you he she they who".split())


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
        elif token.pos_ == "ADJ" and token.lower_ in ATTITUDE_ADJECTIVES:
            cue = _attitude_cue(token)
        if cue is not None:
            cues.append(cue)
    return cues


def speaker_of(verb: Token) -> Span | None:
    """The speaker phrase of a reporting verb: its subject, or one inherited from its governor."""
    reporter = _reporting_speaker(verb)
    if reporter is not None:
        return reporter
    seen = 0
    while seen < 4:
        seen += 1
        for child in verb.children:
            if child.dep_ in _SUBJECTS:
                return mention_span(child)
            if child.dep_ == "csubj":
                # "[The US and others expected to ...] contend that": the clause's subject
                inner = next((c for c in child.children if c.dep_ == "nsubj"), None)
                if inner is not None:
                    return mention_span(inner)
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


def _reporting_speaker(verb: Token) -> Span | None:
    """A trailing participle inside reported content speaks for the reporter: in "analysts
    say Russia is unlikely to risk it, emphasizing that ...", the analysts emphasize."""
    if verb.dep_ != "advcl" or verb.tag_ != "VBG" or any(c.dep_ in _SUBJECTS for c in verb.children):
        return None
    node = verb.head
    for _ in range(6):
        if node.dep_ == "ccomp" and node.head.pos_ in ("VERB", "AUX") and lemma(node.head) in SPEECH_VERBS:
            return speaker_of(node.head)
        if node.head is node:
            return None
        node = node.head
    return None


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
        return _generic_cue(verb)
    # "He did not say where he got it" attributes nothing to him.
    if any(child.dep_ == "neg" for child in verb.children):
        return None
    # "the states expected to recognize Kosovo": a passive participle, its noun is no speaker;
    # a clause that is itself a subject ("[they expected to ...] contend") reports nothing
    if (verb.dep_ == "acl" and verb.tag_ == "VBN") or verb.dep_ == "csubj":
        return None
    speaker = speaker_of(verb)
    content, needs_quote = _verb_content(verb, word, speaker is not None)
    if content is None:
        return None
    end = verb.idx + len(verb.text)
    return Cue(verb, verb.text, verb.idx, end, speaker, content, needs_quote)


def _generic_cue(verb: Token) -> Cue | None:
    """A verb outside the lexicons that an agent uses to put a finite clause forward: "Trump
    insinuated that ...", "the poll found that ...". The clause needs its own subject, the
    verb a subject that can hold a view."""
    if verb.lemma_ in _NOT_ATTRIBUTING or any(child.dep_ == "neg" for child in verb.children):
        return None
    clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
    if clause is None or not any(c.dep_ in _SUBJECTS for c in clause.children):
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or not _can_hold_view(subject):
        return None
    content = _trimmed(clause.left_edge, clause.right_edge, verb)
    if content is None:
        return None
    return Cue(verb, verb.text, verb.idx, verb.idx + len(verb.text), mention_span(subject), content)


def _can_hold_view(subject: Token) -> bool:
    if subject.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    if subject.pos_ == "PRON":
        return subject.lower_ in _AGENT_PRONOUNS
    return subject.pos_ in ("NOUN", "PROPN")


def _verb_content(verb: Token, word: str, has_speaker: bool) -> tuple[tuple[int, int] | None, bool]:
    """The content a cue verb governs, most specific construction first; and whether it
    counts only when it holds a quote (a label with no quote marks and no label noun)."""
    for lexicon, extract in _CLAUSE_CONSTRUCTIONS:
        content = extract(verb) if word in lexicon else None
        if content is not None:
            return content, False
    label = None
    if word in LABEL_VERBS:
        label, labelled = label_content(verb)
        if label is not None and labelled:
            return label, False
    # stance verbs need a speaker: "the deal was welcomed" names nobody
    for lexicon, extract in _STANCE_CONSTRUCTIONS if has_speaker else ():
        content = extract(verb) if word in lexicon else None
        if content is not None:
            return content, False
    return label, True


def _clause_content(verb: Token) -> tuple[int, int] | None:
    """The reported clause: a `ccomp`, or a "that" clause the parser hung elsewhere."""
    for child in verb.children:
        if child.dep_ == "ccomp" and _is_clause(child):
            return _trimmed(child.left_edge, _clause_end(child), verb)
        if child.lower_ in ("that", "whether") and child.dep_ in ("prep", "mark") and child.i > verb.i:
            return _trimmed(child, child.right_edge, verb)
        # "warned that allowing it would ...", with "that" parsed as the verb's object
        if child.lower_ == "that" and child.dep_ == "dobj" and child.i > verb.i and verb.right_edge.i > child.i + 2:
            return _trimmed(child, verb.right_edge, verb)
    return None


def _clause_end(clause: Token) -> Token:
    """The clause's last token, stopping before a trailing participle that attributes on its
    own ("..., pointing to protesters who ...")."""
    for child in clause.rights:
        if child.dep_ == "advcl" and child.tag_ == "VBG" and lemma(child) in _ALL_VERBS:
            end = child.left_edge.i - 1
            doc = clause.doc
            while end > clause.i and doc[end].is_punct:
                end -= 1
            return doc[end]
    return clause.right_edge


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
    obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
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


def label_content(verb: Token) -> tuple[tuple[int, int] | None, bool]:
    """"called the move an 'illegal act'": from the object to the end of the predicate, and
    whether a label noun follows the object (without one, only quote marks make it a label)."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None:
        return None, False
    tail = [c for c in verb.children if c.i > obj.i and c.dep_ in ("oprd", "xcomp", "ccomp", "prep", "advcl", "dobj", "attr")]
    # the parser often hangs the label off the object: "called [climate change] [a hoax]"
    labels = [c for c in obj.children if c.i > obj.i and c.dep_ in ("dobj", "oprd", "attr")]
    labelled = any(c.dep_ in ("oprd", "dobj", "attr") for c in tail) or bool(labels)
    last = max(tail + labels, key=lambda c: c.i, default=None)
    if last is None:
        return None, False
    return _trimmed(obj.left_edge, last.right_edge, verb), labelled


def _as_content(verb: Token) -> tuple[int, int] | None:
    """"saw the comment as a dig": the object through its "as" phrase."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None:
        return None
    preps = list(verb.children) + list(obj.children)
    prep = next((c for c in preps if c.dep_ == "prep" and c.lower_ == "as" and c.i > obj.i), None)
    if prep is None:
        return None
    return _trimmed(obj.left_edge, prep.right_edge, verb)


def _object_content(verb: Token) -> tuple[int, int] | None:
    """"praised the deal", "criticized the act as a 'crazy system'": the object and an "as"
    phrase after it. A bare pronoun object ("welcomed it") says too little to be content."""
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    if obj is None or (obj.pos_ == "PRON" and obj.n_lefts + obj.n_rights == 0 and obj.lower_ not in ("that", "this")):
        return None
    last = obj.right_edge
    # "criticised the authorities for pushing ...": the reason or label belongs to the content
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("as", "for", "over") and prep.i > obj.i:
            last = max(last, prep.right_edge, key=lambda t: t.i)
    return _trimmed(obj.left_edge, last, verb)


def _blame_content(verb: Token) -> tuple[int, int] | None:
    """"held the leaders responsible for the incident": the object through the blame."""
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    if obj is None:
        return None
    tail = [c for c in verb.children if c.i > obj.i and not c.is_punct]
    span = verb.doc[obj.left_edge.i : max([obj.right_edge] + [c.right_edge for c in tail], key=lambda t: t.i).i + 1]
    if not any(t.lower_ in BLAME_ADJECTIVES for t in span):
        return None
    return _trimmed(span[0], span[-1], verb)


_ATTITUDE_PREPOSITIONS = frozenset(("about", "of", "on", "over", "with", "to", "toward", "towards"))


def _topic_content(head: Token, prepositions: frozenset[str]) -> tuple[int, int] | None:
    """"spoke of her discussions", "skeptical about the deal": the topic preposition's object."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.i > head.i and prep.lower_ in prepositions:
            obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
            if obj is not None and obj.ent_type_ not in ("DATE", "TIME"):
                # "warned other nations against ...": whom the cue addresses is part of it
                first = next((c.left_edge for c in head.children if c.dep_ == "dobj" and head.i < c.i < prep.i), obj.left_edge)
                return _trimmed(first, obj.right_edge, head)
    return None


def _attitude_cue(adjective: Token) -> Cue | None:
    """"Republicans were wary of NATO enlargement": an attitude adjective after "be" or
    "seem" whose subject holds it about a clause, an infinitive or a topic."""
    verb = adjective.head
    if adjective.dep_ != "acomp" or lemma(verb) not in ("be", "seem", "appear", "remain", "become"):
        return None
    if any(child.dep_ == "neg" for child in verb.children):
        return None
    speaker = speaker_of(verb)
    if speaker is None:
        return None
    content = None
    for child in adjective.children:
        if child.dep_ in ("ccomp", "xcomp") and child.i > adjective.i:
            content = _trimmed(child.left_edge, child.right_edge, adjective)
            break
    content = content or _topic_content(adjective, _ATTITUDE_PREPOSITIONS)
    if content is None:
        return None
    end = adjective.idx + len(adjective.text)
    return Cue(adjective, adjective.text, adjective.idx, end, speaker, content)


def _parenthetical_content(verb: Token) -> tuple[int, int] | None:
    """"Acts of protest, Mr. Obama said, are acts of patriotism": the clause the parenthetical
    cue interrupts or follows, cue included (the content runs on both sides of it)."""
    if verb.dep_ != "parataxis" or verb.head.pos_ not in ("VERB", "AUX"):
        return None
    clause = verb.head
    first, last = clause.left_edge, clause.right_edge
    # a split direct quote ('"It was hard," she said, "but ..."') is left to the quote marks
    if any("\n" in t.text or t.is_quote for t in verb.doc[first.i : last.i + 1]):
        return None
    return _edges(first, last)


_Extractor = Callable[[Token], "tuple[int, int] | None"]
# (verbs, how their content is found), tried in order; the stance ones only with a speaker
_CLAUSE_CONSTRUCTIONS: tuple[tuple[Collection[str], _Extractor], ...] = (
    (SPEECH_VERBS, lambda verb: _clause_content(verb) or _parenthetical_content(verb)),
    (_INFINITIVE_VERBS, lambda verb: _directive_content(verb) or _request_content(verb)),
    (ACCUSE_VERBS, lambda verb: _accusation_content(verb)),
)
_STANCE_CONSTRUCTIONS: tuple[tuple[Collection[str], _Extractor], ...] = (
    (BLAME_VERBS, lambda verb: _blame_content(verb)),
    (AS_VERBS, lambda verb: _as_content(verb)),
    (OBJECT_VERBS, lambda verb: _object_content(verb)),
    (TOPIC_VERBS, lambda verb: _topic_content(verb, TOPIC_VERBS[lemma(verb)])),
)


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


_NOUN_PREPOSITIONS = frozenset(("of", "about", "on", "for", "against", "to", "over"))


def _noun_cue(noun: Token) -> Cue | None:
    """"the ministry's warning that ...", "its opposition to any decision", "his plan to
    cut taxes": possessor speaker; a "that" clause, an infinitive or a topic as content."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:
        return None
    content = _noun_clause(noun) or _topic_content(noun, _NOUN_PREPOSITIONS)
    if content is None:
        return None
    return Cue(noun, noun.text, noun.idx, noun.idx + len(noun.text), mention_span(owner), content)


def _noun_clause(noun: Token) -> tuple[int, int] | None:
    for child in noun.children:
        if child.i < noun.i or child.dep_ not in ("acl", "ccomp", "appos"):
            continue
        that_clause = child.left_edge.lower_ == "that"
        infinitive = child.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
        if that_clause or infinitive:
            return _trimmed(child.left_edge, child.right_edge, noun)
    return None


def _trimmed(first: Token, last: Token, cue: Token | None) -> tuple[int, int] | None:
    """Character span first..last (not holding the cue) without edge punctuation, quote marks
    and a leading "that"."""
    if cue is not None and first.i <= cue.i <= last.i:
        return None
    return _edges(first, last)


def _edges(first: Token, last: Token) -> tuple[int, int] | None:
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
