"""The trigger lexicon: which verb or noun lemmas signal which PLOVER event (data/event_triggers.tsv),
and the small closed classes of words that change how an embedded event is read."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from storyline.lexicon import REPORTING_VERBS, read_classes


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry: `lemma` (+ one of `requires` as a child) signals `type`."""

    lemma: str
    pos: str  # "V" or "N"
    type: str
    mode: str | None
    cameo: str
    targets: tuple[str, ...]  # "dobj", "dative", or preposition words, in order of preference
    requires: frozenset[str] = frozenset()  # child lemmas, or "@person"/"@place" for the object
    by_meaning: bool = False  # found through WordNet (meaning.py), not listed


# Verbs (and predicative adjectives) whose complement is re-coded as another PLOVER type:
# "threatened to break relations" is THREATEN, "offered to hand over" is AGREE.
THREAT_VERBS = frozenset({"threaten", "warn", "vow", "swear"})
AGREE_VERBS = frozenset({"agree", "offer", "promise", "pledge", "commit", "willing", "ready", "prepared"})
REJECT_VERBS = frozenset({"refuse", "decline", "reject"})
DEMAND_VERBS = frozenset({"demand", "urge", "call", "ask", "press", "appeal", "request", "insist"})
# Complements of these are claims, not facts: the event is marked "reported".
REPORT_VERBS = frozenset({"claim", "allege", "suggest", "believe", "think", "fear", "rumour",
                          "rumor", "speculate", "information", "report", "accuse"})
# Complements of these are not (yet) events: marked "intended".
INTEND_VERBS = frozenset({"plan", "intend", "consider", "want", "hope", "expect", "seek", "aim",
                          "wish", "propose", "discuss", "mull"})
# Failing to agree is a rejection; failing to do anything else is no event at all.
FAIL_VERBS = frozenset({"fail"})
CRITICISM_CAMEO = "111"  # "criticize or denounce": a verbal attack ("attacked him for lying")
EMBEDDING_WORDS = (THREAT_VERBS | AGREE_VERBS | REJECT_VERBS | DEMAND_VERBS | REPORT_VERBS
                   | INTEND_VERBS | FAIL_VERBS)
# A statement that someone else must or should act is a demand on them: "Russia said Sudan
# must return the helicopter", "the forum concluded that the US must allocate resources".
STATEMENT_VERBS = frozenset({"say", "announce", "conclude", "state", "declare", "insist", "stress",
                             "reiterate", "argue", "add", "write", "tell", "note", "emphasise",
                             "emphasize", "maintain", "believe", "feel"})
OBLIGATION_MODALS = frozenset({"must", "should", "ought"})
# Subordinators of a condition: an act under "unless" or "if" has not happened.
CONDITION_MARKS = frozenset({"if", "unless"})
# Verbs whose object noun carries the event: "staged a protest", "launched an attack".
LIGHT_VERBS = frozenset({"stage", "hold", "launch", "mount", "carry", "conduct", "impose",
                         "begin", "start", "continue", "organise", "organize", "lead", "wage",
                         "resume", "step", "declare", "announce", "make", "join", "call",
                         "attend", "chair"})
# Words never read as events by meaning (meaning.py): saying and embedding verbs shape the
# event under them, light verbs carry their object's ("told them to leave" is no demand).
NOT_BY_MEANING = EMBEDDING_WORDS | STATEMENT_VERBS | LIGHT_VERBS | frozenset(REPORTING_VERBS)
# Conflictual PLOVER types: an intention to do one is a threat, not an agreement.
CONFLICT_TYPES = frozenset({"DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "SANCTION",
                            "MOBILIZE", "COERCE", "ASSAULT", "FIGHT"})
# Acts whose announced intention PLOVER codes as AGREE (or REJECT when negated).
COOPERATIVE_TYPES = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"})
# Acts whose announced intention is a threat (shows of force, MOBILIZE, are acts themselves).
THREAT_ACTS = frozenset({"PROTEST", "SANCTION", "COERCE", "ASSAULT", "FIGHT"})
# THREATEN modes by the threatened act's type.
THREAT_MODES = {"ASSAULT": "violence", "FIGHT": "violence", "SANCTION": "relations",
                "COERCE": "restrict", "PROTEST": "relations"}


def _parse(line: str) -> Trigger:
    key, pos, type_, mode, cameo, targets = line.split("\t")
    lemma, _, requires = key.partition(" +")
    return Trigger(
        lemma=lemma,
        pos=pos,
        type=type_,
        mode=None if mode == "-" else mode,
        cameo=cameo,
        targets=() if targets == "-" else tuple(targets.split(",")),
        requires=frozenset(requires.split("|")) if requires else frozenset(),
    )


@lru_cache(maxsize=1)
def triggers() -> dict[tuple[str, str], tuple[Trigger, ...]]:
    """All entries by (lemma, pos), keyed entries first so that they win over bare ones."""
    text = resources.files("storyline.data").joinpath("event_triggers.tsv").read_text("utf-8")
    table: dict[tuple[str, str], list[Trigger]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            entry = _parse(line)
            table.setdefault((entry.lemma, entry.pos), []).append(entry)
    return {k: tuple(sorted(v, key=lambda t: not t.requires)) for k, v in table.items()}


def lookup(lemma: str, pos: str, children: set[str]) -> Trigger | None:
    """The entry for a token with this lemma and POS whose required child (if any) is present."""
    for entry in triggers().get((lemma, pos), ()):
        if not entry.requires or entry.requires & children:
            return entry
    return None


@lru_cache(maxsize=1)
def trigger_lemmas() -> frozenset[str]:
    """Every lemma that can start a trigger (for a cheap first filter)."""
    return frozenset(lemma for lemma, _ in triggers())


@lru_cache(maxsize=1)
def event_types() -> frozenset[str]:
    """Every PLOVER type an event can be coded as (the lexicon's types)."""
    return frozenset(t.type for entries in triggers().values() for t in entries)


def threat_cameo(act_type: str) -> str:
    """CAMEO code of a threat to do an act of `act_type`."""
    return {"ASSAULT": "138", "FIGHT": "138", "SANCTION": "1313", "COERCE": "132"}.get(act_type, "130")


@lru_cache(maxsize=1)
def _word_classes() -> dict[str, frozenset[str]]:
    return read_classes("event_word_classes.tsv")


def word_class(name: str) -> frozenset[str]:
    """The lemmas of one class of `data/event_word_classes.tsv` ("press", "policy", …)."""
    return _word_classes().get(name, frozenset())
