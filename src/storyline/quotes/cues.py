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
    know learn hear read find show continue point remark determine muse opine guarantee
    """.split()
)

# Verbs whose content may be an infinitive (`xcomp`): "vowed to fight", "urged X to stop".
DIRECTIVE_VERBS = frozenset(
    """
    urge call ask tell warn vow promise pledge threaten appeal encourage press implore beg plead
    order instruct advise demand invite challenge
    """.split()
)

# Verbs of intention and commitment whose content is an infinitive: "wants to triple the
# program", "refused to release his returns", "agreed to clean up the mines".
INTENT_VERBS = frozenset(
    """
    want seek hope decline refuse agree promise vow propose offer plan intend pledge threaten
    vote decide aim prefer advocate expect swear resolve wish demand claim
    """.split()
)

# Verbs whose direct object is what the subject said or holds: "praised the deal", "cited the
# poll", "rejected that argument". Verbs that are as often physical acts in conflict news
# (attack, blast, hit, back) are left out: "forces attacked the town" attributes nothing.
OBJECT_VERBS = frozenset(
    """
    support oppose endorse cite praise criticize criticise defend list describe propose discuss
    mention reject denounce mock tout blame decry highlight dismiss question announce express
    recall favor favour prefer condemn welcome slam applaud deride acknowledge deny dispute
    demand want seek urge predict reiterate note reveal hail laud lambast chastise rebuke
    castigate fault echo advocate disclose disavow repudiate champion promise pledge vow
    quote reference voice outline assail credit detail congratulate invoke retweet recount
    chide rebut bemoan articulate recite liken reaffirm thank promote request blast hammer
    contradict rebuff dislike relish unveil stress emphasize emphasise underline underscore
    """.split()
)

# Verbs whose content is the object of a preposition: "spoke of her discussions", "railed
# against the deal", "sided with Belgrade". Each verb with the prepositions that carry it.
TOPIC_VERBS: dict[str, frozenset[str]] = {
    verb: frozenset(preps.split("/"))
    for verb, preps in (
        entry.split(":")
        for entry in """
        speak:about/of talk:about/of complain:about/of/over write:about/of
        warn:about/of/against ask:about joke:about boast:about/of brag:about/of
        worry:about/over comment:on testify:about/on rail:against lash:at/against
        side:with distance:from vouch:for allude:to balk:at apologize:for apologise:for
        dwell:on elaborate:on refer:to push:for press:for argue:for/against
        object:to hint:at point:to
        """.split()
    )
}
# Adjectives of attitude after "be"/"seem": "were skeptical of the deal", "is confident that
# ...", "was eager to go forward".
ATTITUDE_ADJECTIVES = frozenset(
    """
    critical wary skeptical sceptical supportive opposed worried concerned confident convinced
    sure optimistic pessimistic hopeful angry furious upset happy pleased proud certain adamant
    eager keen reluctant unhappy frustrated fearful afraid dismissive doubtful insistent
    enthusiastic unwilling willing determined aware glad inclined outspoken vocal
    """.split()
)

# Verbs that frame their object "as" something: "saw the comment as a dig".
AS_VERBS = frozenset("see view regard portray paint cast characterize characterise depict hold".split())

# Verbs whose content is an object plus an "of"/"for" phrase: "accused X of Y".
ACCUSE_VERBS = frozenset("accuse blame".split())

# "held the leaders responsible for the incident": a verb and the adjectives that make it blame.
BLAME_VERBS = frozenset(("hold",))
BLAME_ADJECTIVES = frozenset("responsible accountable liable culpable".split())

# Verbs that frame a quoted label: "called the declaration an 'illegitimate act'".
LABEL_VERBS = frozenset("call describe label brand dub term characterize characterise".split())

# Nouns that carry a reported clause: "the ministry's warning that ...".
CUE_NOUNS = frozenset(
    """
    statement warning claim assertion accusation insistence argument belief promise pledge threat
    denial announcement suggestion allegation remark comment view contention assurance admission
    complaint assumption speculation desire inclination hope plan fear concern criticism call
    demand decision proposal wish vow position opposition support backing endorsement
    """.split()
)
