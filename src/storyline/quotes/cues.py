"""Word lists that mark attribution: reporting verbs, cue nouns, pronouns and title nouns.

Lemmas, lower case. Kept here so that every other quotes module reads one vocabulary.
"""

from __future__ import annotations

# Verbs that introduce what someone said, wrote, or thinks (the reported clause is their
# `ccomp`). Broad on purpose: the parse (a content clause must hang off the verb) is the
# filter, not the list.
SPEECH_VERBS = frozenset(
    """
    say tell warn urge insist denounce accuse suggest add claim stress argue note announce deny
    reiterate indicate describe admit confirm believe predict vow hint explain state report write
    tweet post declare assert allege acknowledge contend maintain promise pledge threaten ask demand
    recall reply respond answer comment observe emphasize emphasise underline underscore caution
    complain concede conclude estimate fear hope think expect feel question reveal testify propose
    recommend boast joke quip lament counter retort charge signal affirm assure disclose inform
    remind shout mention repeat forecast speculate wonder worry doubt suspect imply proclaim
    advise plead appeal reckon posit agree dispute insinuate predict point realize realise
    know learn hear read find show continue
    """.split()
)

# Verbs whose content may be an infinitive (`xcomp`): "vowed to fight", "urged X to stop".
DIRECTIVE_VERBS = frozenset(
    """
    urge call ask tell warn vow promise pledge threaten appeal encourage press implore beg plead
    order instruct advise demand invite challenge
    """.split()
)

# Verbs whose content is an object plus an "of"/"for" phrase: "accused X of Y".
ACCUSE_VERBS = frozenset("accuse blame".split())

# Verbs that frame a quoted label: "called the declaration an 'illegitimate act'".
LABEL_VERBS = frozenset("call describe label brand dub term characterize characterise".split())

# Nouns that carry a reported clause: "the ministry's warning that ...".
CUE_NOUNS = frozenset(
    """
    statement warning claim assertion accusation insistence argument belief promise pledge threat
    denial announcement suggestion allegation remark comment view contention assurance admission
    """.split()
)

# Pronoun speakers and the entity labels they may refer to.
PERSON_PRONOUNS = frozenset("he she him her".split())
GROUP_PRONOUNS = frozenset("it they them".split())
NAMED_LABELS = frozenset(("PERSON", "ORG", "GPE", "NORP"))
GROUP_LABELS = frozenset(("ORG", "GPE", "NORP"))

# Nouns that describe a person by role; used to decide whether a definite description
# ("the French general") may fall back to the latest person named as a subject.
PERSON_ROLES = frozenset(
    """
    minister president spokesman spokeswoman spokesperson secretary chancellor leader official
    general commander ambassador envoy chief senator governor mayor candidate nominee premier
    king queen prince diplomat director chairman chairwoman chair head negotiator adviser advisor
    aide representative lawmaker legislator congressman congresswoman member officer prosecutor
    judge lawyer attorney analyst expert professor economist editor correspondent reporter
    colonel captain lieutenant major admiral sergeant commissioner ceo founder executive manager
    campaigner activist strategist pollster deputy emir sheikh pope bishop
    patriarch""".split()
)
