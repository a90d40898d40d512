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

from storyline.lexicon import ACTOR_LABELS, PERSON_PRONOUNS, ROLE_NOUNS
from storyline.nlp import doc_tokens, lemma
from storyline.quotes.cues import (
    ACCUSE_VERBS,
    AS_VERBS,
    ATTITUDE_ADJECTIVES,
    BELIEF_VERBS,
    BLAME_ADJECTIVES,
    BLAME_VERBS,
    CUE_NOUNS,
    DIRECTIVE_VERBS,
    INTENT_VERBS,
    LABEL_VERBS,
    NOT_ATTRIBUTING,
    OBJECT_VERBS,
    PERSON_OBJECT_VERBS,
    SPEAKING_VERBS,
    SPEECH_NOUNS,
    SPEECH_VERBS,
    TOPIC_VERBS,
)

_SUBJECTS = ("nsubj", "nsubjpass")
_NP_LEFT = frozenset(("det", "amod", "compound", "poss", "case", "nmod", "nummod", "quantmod", "advmod"))
_LEADING_WORDS = frozenset(("that",))


_ALL_VERBS = (SPEECH_VERBS | DIRECTIVE_VERBS | LABEL_VERBS | ACCUSE_VERBS | INTENT_VERBS | OBJECT_VERBS
              | PERSON_OBJECT_VERBS | AS_VERBS | BLAME_VERBS | TOPIC_VERBS.keys())
_INFINITIVE_VERBS = DIRECTIVE_VERBS | INTENT_VERBS
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
    # what the construction attributes: "speech" (said, written, claimed: a quote) or an
    # attitude class ("belief", "intent", "stance", "topic", "request"); decides the kind
    cls: str = "speech"

    @property
    def speech(self) -> bool:
        return self.cls == "speech"


def is_speech_verb(token: Token) -> bool:
    """True for a verb whose lemma is a reporting verb."""
    return token.pos_ in ("VERB", "AUX") and lemma(token) in SPEECH_VERBS


def find_cues(doc: Doc) -> list[Cue]:
    """Every attribution the parse shows, in token order."""
    cues: list[Cue] = []
    for token in doc_tokens(doc):
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
    """The speaker phrase of a reporting verb: its subject, or one inherited from its governor.

    A passive reporting verb's subject is whom it was addressed to ("Lavrov was asked
    whether ...", "Asked whether ..., Lavrov said"): the speaker is its agent or nobody."""
    if _is_passive(verb):
        return _agent(verb)
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
        elif verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in ("VERB", "AUX"):
            # "began by saying ...", "after saying ..., the man ...": the subject of the verb
            # the preposition hangs on says it
            verb = verb.head.head
        elif verb.dep_ == "xcomp" and verb.head.dep_ == "acomp":
            verb = verb.head.head  # "voters are more likely to say ...": the copula's subject
        elif verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in ("NOUN", "PROPN"):
            return mention_span(verb.head)  # "calls saying shots were fired": the calls say it
        elif verb.dep_ == "relcl":
            return mention_span(verb.head)
        else:
            break
    return _left_neighbour(verb)


def _negated(verb: Token) -> bool:
    """The verb carries its own negation ("did not say", "never claimed")."""
    return any(child.dep_ == "neg" for child in verb.children)


def _is_passive(verb: Token) -> bool:
    """A passive verb, or a bare past participle opening an adverbial clause ("Asked ...")."""
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return True
    return (verb.tag_ == "VBN" and verb.dep_ == "advcl"
            and not any(c.dep_ in ("aux", "nsubj") for c in verb.children))


def _agent(verb: Token) -> Span | None:
    """The "by" phrase of a passive verb: "was told by the minister"."""
    for child in verb.children:
        if child.dep_ == "agent":
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            return mention_span(obj) if obj is not None else None
    return None


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
    return any("\n" in t.text for t in doc_tokens(a.doc)[lo:hi])


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
    raised = _raising_cue(verb, word)
    if raised is not None:
        return raised
    if word not in _ALL_VERBS:
        return _generic_cue(verb)
    # "the states expected to recognize Kosovo": a passive participle, its noun is no speaker;
    # a clause that is itself a subject ("[they expected to ...] contend") reports nothing
    if (verb.dep_ == "acl" and verb.tag_ == "VBN") or verb.dep_ == "csubj":
        return None
    speaker = speaker_of(verb)
    content, needs_quote, cls = _verb_content(verb, word, speaker is not None)
    if content is None:
        return None
    if _negated(verb):
        # "did not say that ..." is no quote, but PolNeAR and the stances count it: an attitude
        cls = "negated"
    end = verb.idx + len(verb.text)
    return Cue(verb, verb.text, verb.idx, end, speaker, content, needs_quote, cls)


# "X appears to ...", "X seems to ...": a view of X, held by the writer or whoever the "to"
# phrase names; the passive of a belief verb the same ("X is expected to ...", "is seen as").
_RAISING_VERBS = frozenset(("appear", "seem"))
_PASSIVE_RAISING = BELIEF_VERBS | AS_VERBS


def _raising_cue(verb: Token, word: str) -> Cue | None:
    """A raising construction: the content is the whole clause (subject and infinitive or
    "as" phrase, cue inside it), an attitude whose holder is the "to"/"by" phrase or nobody."""
    if word not in _RAISING_VERBS and (word not in _PASSIVE_RAISING
                                       or not any(c.dep_ == "nsubjpass" for c in verb.children)):
        return None
    if any(c.dep_ == "neg" for c in verb.children):
        return None
    subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
    complement = next((c for c in verb.children if c.i > verb.i and (
        c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ == "as"))), None)
    if subject is None or complement is None or subject.pos_ == "PRON" and subject.lower_ in ("it", "there"):
        return None
    content = _edges(subject.left_edge, complement.right_edge)
    if content is None:
        return None
    holder = _agent(verb)
    if holder is None:
        to = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "to" and c.i < complement.i), None)
        obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        holder = mention_span(obj) if obj is not None else None
    return Cue(verb, verb.text, verb.idx, verb.idx + len(verb.text), holder, content, cls="belief")


def _generic_cue(verb: Token) -> Cue | None:
    """A verb outside the lexicons that an agent uses to put a clause forward: "Trump
    insinuated that ...", "the poll found that ...". A finite clause with its own subject needs
    a verb subject that can hold a view; any clause or infinitive counts when the subject
    (the verb's own, or its governor's) is an actor: "Clinton wants to raise taxes" is an
    attitude of hers. Copular, aspectual, causative and effort verbs report nothing."""
    if lemma(verb) in NOT_ATTRIBUTING or verb.lemma_ in NOT_ATTRIBUTING or _is_passive(verb):
        return None
    if verb.dep_ in ("acl", "csubj", "xcomp", "amod"):
        return None  # "a plan to hope ...": the noun or the outer verb attributes, not this one
    complement = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.i > verb.i), None)
    if complement is None:
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    finite = complement.dep_ == "ccomp" and any(c.dep_ in _SUBJECTS for c in complement.children)
    speaker = mention_span(subject) if subject is not None and finite and _can_hold_view(subject) else None
    if speaker is None:
        speaker = speaker_of(verb)
        if speaker is None or not _is_actor(speaker.root):
            return None
    content = _trimmed(complement.left_edge, complement.right_edge, verb)
    if content is None:
        return None
    cls = "negated" if _negated(verb) else "speech" if finite and complement.dep_ == "ccomp" else "intent"
    return Cue(verb, verb.text, verb.idx, verb.idx + len(verb.text), speaker, content, cls=cls)


def _is_actor(head: Token) -> bool:
    """A phrase that names who can hold a view: a person, organisation, country or group
    entity, a personal pronoun, or a role noun ("the senator")."""
    if head.ent_type_ in ACTOR_LABELS:
        return True
    if head.pos_ == "PRON":
        return head.lower_ in _AGENT_PRONOUNS or head.lower_ in PERSON_PRONOUNS
    return lemma(head) in ROLE_NOUNS


def _can_hold_view(subject: Token) -> bool:
    if subject.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    if subject.pos_ == "PRON":
        return subject.lower_ in _AGENT_PRONOUNS
    return subject.pos_ in ("NOUN", "PROPN")


def _verb_content(verb: Token, word: str, has_speaker: bool) -> tuple[tuple[int, int] | None, bool, str]:
    """The content a cue verb governs, most specific construction first; whether it counts
    only when it holds a quote (a label with no quote marks and no label noun); and the class
    of what it attributes (see `Cue.cls`)."""
    for lexicon, extract, classify in _CLAUSE_CONSTRUCTIONS:
        content = extract(verb) if word in lexicon else None
        if content is not None:
            return content, False, classify(verb, word)
    label = None
    if word in LABEL_VERBS:
        label, labelled = label_content(verb)
        if label is not None and labelled:
            return label, False, "speech"
    # stance verbs need a speaker: "the deal was welcomed" names nobody
    for lexicon, extract in _STANCE_CONSTRUCTIONS if has_speaker else ():
        content = extract(verb) if word in lexicon else None
        if content is not None:
            return content, False, _stance_class(verb, word, lexicon)
    return label, True, "speech"


def _stance_class(verb: Token, word: str, lexicon: Collection[str]) -> str:
    """A stance on a thing is an attitude, but two object constructions report words: a label
    verb's "as" phrase ("described the violence as unacceptable") and a speech noun with its
    content clause ("reiterated Russia's warning that ...")."""
    if word in LABEL_VERBS and lexicon is not TOPIC_VERBS:
        return "speech"
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    if obj is not None and lemma(obj) in SPEECH_NOUNS and _noun_clause(obj) is not None:
        return "speech"
    return "topic" if lexicon is TOPIC_VERBS else "stance"


def _clause_class(verb: Token, word: str) -> str:
    """A clause said or written is speech; one believed, expected or perceived an attitude."""
    return "speech" if word in SPEAKING_VERBS else "belief"


def _infinitive_class(verb: Token, word: str) -> str:
    """"urged X to stop", "claims to be" put words forward (speech); "refused to release", "plans
    to rally" the subject's own intention (attitude); "called for calm" a stance on a thing."""
    xcomp = any(c.dep_ == "xcomp" and c.i > verb.i for c in verb.children)
    if not xcomp:
        return "request"
    return "speech" if word in DIRECTIVE_VERBS or word in SPEAKING_VERBS else "intent"


def _clause_content(verb: Token) -> tuple[int, int] | None:
    """The reported clause: a `ccomp`, or a "that" clause the parser hung elsewhere."""
    for child in verb.children:
        if child.dep_ == "ccomp" and (_is_clause(child) or _said_clause(verb, child)):
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


def _said_clause(verb: Token, head: Token) -> bool:
    """A verb of saying reports whatever clause it takes, even one the tagger misread
    ("said [Obama's words “amount to ...”]", "amount" tagged a noun): only belief verbs need
    the finite clause that keeps out small clauses ("found [the deal wanting]"). A phrase with
    no verb at all is a noun phrase the parser took for a clause ('said "all mechanisms,"
    would be ...'), left to the quote marks."""
    if lemma(verb) not in SPEAKING_VERBS or head.right_edge.i - head.left_edge.i < 2:
        return False
    return any(t.pos_ in ("VERB", "AUX") for t in head.subtree)


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
        if prep.dep_ == "prep" and prep.lower_ == "as" and any(
                c.dep_ == "pcomp" and lemma(c) in SPEECH_VERBS for c in prep.children):
            return None  # "quoted X as saying ...": the "saying" cue reports it
        if prep.dep_ == "prep" and prep.lower_ in ("as", "for", "over") and prep.i > obj.i:
            last = max(last, prep.right_edge, key=lambda t: t.i)
    return _trimmed(obj.left_edge, last, verb)


def _personal_subject(verb: Token) -> bool:
    """The verb's own subject is a named person or "he"/"she"."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subject is not None and (subject.ent_type_ == "PERSON" or subject.lower_ in PERSON_PRONOUNS)


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
    return Cue(adjective, adjective.text, adjective.idx, end, speaker, content, cls="belief")


def _parenthetical_content(verb: Token) -> tuple[int, int] | None:
    """"Acts of protest, Mr. Obama said, are acts of patriotism": the clause the parenthetical
    cue interrupts or follows, cue included (the content runs on both sides of it)."""
    if verb.dep_ != "parataxis" or verb.head.pos_ not in ("VERB", "AUX"):
        return None
    clause = verb.head
    first, last = clause.left_edge, clause.right_edge
    # a split direct quote ('"It was hard," she said, "but ..."') is left to the quote marks
    if any("\n" in t.text or t.is_quote for t in doc_tokens(verb.doc)[first.i : last.i + 1]):
        return None
    return _edges(first, last)


# Verbs of saying whose direct object is what was said ("said the same", "wrote a letter"):
# not those whose object is the addressee ("told him", "urged them": directive verbs) or
# a thing they take a stance on, label or accuse (their own constructions read the object).
_SAID_OBJECT_VERBS = SPEAKING_VERBS - DIRECTIVE_VERBS - OBJECT_VERBS - PERSON_OBJECT_VERBS - LABEL_VERBS \
    - ACCUSE_VERBS - AS_VERBS - BLAME_VERBS


def _said_object(verb: Token) -> tuple[int, int] | None:
    """"said the same of Sanders", "said so": what was said, as an object or "so". An object
    in quote marks is the marks' to place ('said "all mechanisms" would be ...' is mixed)."""
    for child in verb.children:
        if child.left_edge.is_quote or (child.i > 0 and child.doc[child.left_edge.i - 1].is_quote):
            continue
        if child.i > verb.i and (child.dep_ == "dobj" or (child.dep_ == "advmod" and child.lower_ == "so")):
            last = max([child.right_edge] + [c.right_edge for c in verb.children
                                             if c.dep_ == "prep" and c.lower_ == "of" and c.i > child.i],
                       key=lambda t: t.i)
            return _trimmed(child.left_edge, last, verb)
    return None


_Extractor = Callable[[Token], "tuple[int, int] | None"]
# (verbs, how their content is found), tried in order; the stance ones only with a speaker
_Classifier = Callable[[Token, str], str]
_CLAUSE_CONSTRUCTIONS: tuple[tuple[Collection[str], _Extractor, _Classifier], ...] = (
    (SPEECH_VERBS, lambda verb: _clause_content(verb) or _parenthetical_content(verb), _clause_class),
    (_INFINITIVE_VERBS, lambda verb: _directive_content(verb) or _request_content(verb), _infinitive_class),
    (ACCUSE_VERBS, lambda verb: _accusation_content(verb), lambda verb, word: "speech"),
    (_SAID_OBJECT_VERBS, lambda verb: _said_object(verb), lambda verb, word: "speech"),
)
_STANCE_CONSTRUCTIONS: tuple[tuple[Collection[str], _Extractor], ...] = (
    (BLAME_VERBS, lambda verb: _blame_content(verb)),
    (AS_VERBS, lambda verb: _as_content(verb)),
    (OBJECT_VERBS, lambda verb: _object_content(verb)),
    (PERSON_OBJECT_VERBS, lambda verb: _object_content(verb) if _personal_subject(verb) else None),
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
    clause = _noun_clause(noun)
    if owner is None and clause is None:
        return None
    content = clause or _topic_content(noun, _NOUN_PREPOSITIONS)
    if content is None:
        return None
    # "its warning that ..." reports words; "its opposition to ...", "his plan to ..." a stance
    cls = "speech" if clause is not None and lemma(noun) in SPEECH_NOUNS else "stance"
    speaker = mention_span(owner) if owner is not None else _bearer(noun)
    return Cue(noun, noun.text, noun.idx, noun.idx + len(noun.text), speaker, content, cls=cls)


def _bearer(noun: Token) -> Span | None:
    """Who holds a cue noun without a possessor: the subject of the verb it is the object of
    ("the senator made the claim that ...", "Russia issued a statement that ..."), else nobody
    ("the claim that ..." on its own names no one)."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.pos_ not in ("VERB", "AUX"):
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return mention_span(subject) if subject is not None else None


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
    if any("\n" in t.text for t in doc_tokens(doc)[lo : hi + 1]):
        return None  # a clause across paragraphs is a parse of page chrome, not speech
    return doc[lo].idx, doc[hi].idx + len(doc[hi])
