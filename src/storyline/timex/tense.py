"""Which way a temporal expression points: the tense of the verb that governs it.

"On Thursday" means last Thursday in "protesters stormed the offices on Thursday" and next
Thursday in "the leaders will meet on Thursday"; the parse tells the two apart.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from storyline.nlp import lemma

PAST, UNKNOWN, FUTURE = -1, 0, 1
FUTURE_AUX = frozenset({"will", "'ll", "wo", "shall", "would"})
# Governors of a to-infinitive that put its event ahead: "is due to begin", "plans to meet".
FORWARD_GOVERNORS = frozenset({
    "due", "plan", "expect", "schedule", "set", "intend", "aim", "prepare", "hope", "propose",
    "promise", "vow", "pledge", "likely", "poise", "slate", "go", "be", "about",
})  # fmt: skip
# Governors whose to-infinitive happened when they did: "tried to storm", "began to fall".
IMPLICATIVE = frozenset({
    "try", "manage", "fail", "begin", "start", "continue", "refuse", "attempt", "appear",
    "seem", "happen", "come", "stop", "cease", "use", "rush", "move", "help",
})  # fmt: skip
# Verbs that put the date they carry on a plan, which lies ahead when the planning is told in
# the present ("has scheduled a news conference Thursday") and on either side when it is told
# in the past ("planned a rally on Saturday", "a service planned for Saturday was cancelled").
PLANNING = frozenset({"plan", "schedule", "reschedule", "slate"})
# Verbs that move an event to a later date: "postponed until Tuesday morning", "put off".
POSTPONING = frozenset({"postpone", "delay", "defer", "adjourn", "put"})
# Nouns that only locate a date within a larger period: "on the night of Oct. 23" dates the
# verb's event as much as "on Oct. 23" does, so the climb to the verb passes through them.
TIME_NOUNS = frozenset({
    "night", "morning", "afternoon", "evening", "day", "weekend", "week", "eve", "end",
    "beginning", "start", "middle", "dawn",
})  # fmt: skip
_CLAUSES = ("advcl", "relcl", "acl")
_VERBAL = frozenset({"VERB", "AUX"})
_MAX_CLIMB = 12


def governing_verb(span: Span) -> Token | None:
    """The nearest verb above the span's root, or None when a common noun comes first.

    A date on a noun ("the clashes on Monday") dates that noun's event, which carries no
    tense: the sentence's verb ("Nato will send troops after the clashes on Monday") says
    nothing about it.
    """
    token = span.root
    for _ in range(_MAX_CLIMB):
        if token.head is token:
            return None
        token = token.head
        if token.pos_ in _VERBAL:
            return token
        if token.pos_ == "NOUN" and token.i not in range(span.start, span.end):
            if token.lower_ not in TIME_NOUNS:
                return None
    return None


def direction(span: Span) -> int:
    """PAST, FUTURE or UNKNOWN for the event the span dates."""
    verb = governing_verb(span)
    return UNKNOWN if verb is None else verb_direction(verb)


def verb_direction(verb: Token, depth: int = 0) -> int:
    """The time direction of the event a verb dates: its tense, unless the verb schedules."""
    told = _tense_direction(verb, depth)
    word = lemma(verb)
    if word in POSTPONING and (word != "put" or any(c.lower_ == "off" for c in verb.children)):
        return FUTURE
    if word in PLANNING:
        return UNKNOWN if told == PAST else FUTURE
    return told


def _tense_direction(verb: Token, depth: int) -> int:
    """The time direction a verb's tense and auxiliaries give."""
    auxes = _auxiliaries(verb)
    if any(a.lower_ in FUTURE_AUX for a in auxes):
        return FUTURE
    infinitive = any(a.tag_ == "TO" for a in auxes)
    head = verb.head
    if head is not verb and (verb.dep_ == "xcomp" or infinitive and verb.dep_ in _CLAUSES):
        return _complement_direction(verb, head, infinitive, depth)
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return PAST
    if verb.tag_ == "VBN":
        # Present perfect and reduced relatives ("the man arrested Monday") are past;
        # a present passive ("is expected") says nothing.
        if any(lemma(a) == "have" for a in auxes) or not auxes:
            return PAST
        return UNKNOWN
    if verb.tag_ == "VBG" and any(a.tag_ in ("VBZ", "VBP") for a in auxes):
        return FUTURE  # "is meeting on Thursday" schedules
    if verb.tag_ == "VB" and not auxes and verb.dep_ == "conj" and depth < 3:
        return verb_direction(head, depth + 1)
    return UNKNOWN


def _auxiliaries(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in ("aux", "auxpass")]


def _complement_direction(verb: Token, head: Token, infinitive: bool, depth: int) -> int:
    """Direction of a complement clause ("plans to meet", "tried to storm", "began withdrawing")."""
    word = lemma(head)
    if infinitive and (word in FORWARD_GOVERNORS or head.lower_ in FORWARD_GOVERNORS):
        # "had been due to expire Friday": a plan told in the past may lie on either side,
        # unless it was still in progress then ("were planning to drive on Monday").
        # An adjective governor ("was due to", "had been likely to") is told by its copula.
        teller = head.head if head.dep_ == "acomp" else head
        told = UNKNOWN if head.tag_ == "VBG" else _tense_direction(teller, depth + 1)
        return UNKNOWN if told == PAST else FUTURE
    governed = verb_direction(head, depth + 1) if depth < 3 else UNKNOWN
    if not infinitive or word in IMPLICATIVE:
        return governed
    # A to-infinitive looks ahead of its governor: after a past one it may fall either side
    # of the publication date ("invited them to a ceremony on March 12").
    return UNKNOWN if governed == PAST else FUTURE
