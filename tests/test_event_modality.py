"""Event modality read off the dependency parse, on sentences written for these tests."""

from __future__ import annotations

import pytest

from storyline.events.modality import (
    CUES,
    FACTS,
    MODALITIES,
    Modality,
    own_modality,
    read_modality,
)

# (sentence, anchor as written, kind, cue as written)
CASES = [
    # asserted
    ("The rebels attacked the town.", "attacked", "asserted", None),
    ("Police arrested ten people after the protest.", "protest", "asserted", None),
    ("He did not give the length of the visit.", "visit", "asserted", None),
    ("It is important that NATO attacked the base.", "attacked", "asserted", None),
    ("Police will search the town that the rebels attacked.", "attacked", "asserted", None),
    # reported
    ("Russia said it had condemned the declaration.", "condemned", "reported", "said"),
    ("Police told reporters that the gunmen had fled.", "fled", "reported", "told"),
    ("The rebels reportedly attacked the town.", "attacked", "reported", "reportedly"),
    ("According to officials, the rebels attacked the town.", "attacked", "reported",
     "According to"),
    ("Russia is said to have condemned the declaration.", "condemned", "reported", "said"),
    ("NATO accused Serbia of attacking the town.", "attacking", "reported", "accused"),
    ("The alleged attack angered Belgrade.", "attack", "reported", "alleged"),
    ("The rebels, officials said, attacked the town.", "attacked", "reported", "said"),
    ("Officials claimed NATO was considering using force, according to the agency.", "using",
     "intended", "considering"),
    # intended
    ("Officials were considering using force.", "using", "intended", "considering"),
    ("Belgrade hopes to join the EU.", "join", "intended", "hopes"),
    ("The rebels tried to seize the airport.", "seize", "intended", "tried"),
    ("Moscow urged Belgrade to withdraw its troops.", "withdraw", "intended", "urged"),
    ("It is critical to support the first responders.", "support", "intended", "critical"),
    ("Rebels crossed the border to attack the town.", "attack", "intended", "to"),
    ("The new leader should be chosen by the assembly.", "chosen", "intended", "should"),
    ("The government needs to provide aid to the refugees.", "provide", "intended", "needs"),
    # planned
    ("Clinton will hold a rally in Coconut Creek.", "rally", "planned", "will"),
    ("Clinton will hold a rally in Coconut Creek.", "hold", "planned", "will"),
    ("Serbians were to protest on Sunday.", "protest", "planned", "were to"),
    ("Belgrade plans to recall its ambassador.", "recall", "planned", "plans"),
    ("The EU is planning to impose sanctions.", "impose", "planned", "planning"),
    ("The summit is set to open on Monday.", "open", "planned", "set to"),
    ("The vote is due to take place next week.", "take", "planned", "due to"),
    ("Clinton is going to hold a rally in Florida.", "hold", "planned", "going to"),
    ("Serbia will protest and recall its ambassador.", "recall", "planned", "will"),
    ("Russia said it would veto the resolution.", "veto", "planned", "would"),
    # hypothetical
    ("Russia is unlikely to risk recognizing the breakaway regions.", "recognizing",
     "hypothetical", "risk"),
    ("Russia is unlikely to recognize the breakaway regions.", "recognize", "hypothetical",
     "unlikely"),
    ("Serbia may send troops to the border.", "send", "hypothetical", "may"),
    ("Kosovo might declare independence next month.", "declare", "hypothetical", "might"),
    ("It is possible that the rebels attacked the town.", "attacked", "hypothetical",
     "possible"),
    ("Serbia would probably reject the plan.", "reject", "hypothetical", "probably"),
    # conditional
    ("If Serbia attacks, NATO would respond.", "attacks", "conditional", "If"),
    ("If Serbia attacks, NATO would respond.", "respond", "conditional", "If"),
    ("NATO will intervene unless Serbia withdraws its troops.", "withdraws", "conditional",
     "unless"),
    ("NATO could send troops if Serbia attacks.", "send", "conditional", "if"),
    # question
    ("Moscow asked whether Belgrade would recognize Kosovo.", "recognize", "question",
     "whether"),
    ("Moscow wondered if Belgrade would accept the offer.", "accept", "question", "if"),
    ("Will Russia veto the resolution?", "veto", "question", "?"),
    ("Did Serbia send troops to the border?", "send", "question", "?"),
    ("It is unclear whether Russia will veto the resolution.", "veto", "question", "whether"),
    # negated
    ("Police did not arrest anyone.", "arrest", "negated", "not"),
    ("We have no record of Secretary Clinton meeting the donor.", "meeting", "negated", "no"),
    ("No protests were held in Belgrade.", "protests", "negated", "No"),
    ("Serbia has never recognized Kosovo.", "recognized", "negated", "never"),
    ("Serbia denied attacking the town.", "attacking", "negated", "denied"),
    ("Serbia refused to recognize Kosovo.", "recognize", "negated", "refused"),
    ("Police did not stop or search the car.", "search", "negated", "not"),
    ("Russia did not say it had attacked the town.", "attacked", "negated", "not"),
]


def _token(doc, word):
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize(("sentence", "anchor", "kind", "cue"), CASES)
def test_read_modality(nlp, sentence, anchor, kind, cue) -> None:
    doc = nlp(sentence)
    found = read_modality(_token(doc, anchor))
    assert (found.kind, found.cue) == (kind, cue)
    if cue is None:
        assert found.cue_start is None
    else:
        assert doc.text[found.cue_start : found.cue_start + len(cue)] == cue


def test_every_class_is_covered_twice() -> None:
    kinds = [kind for _, _, kind, _ in CASES]
    assert all(kinds.count(kind) >= 2 for kind in MODALITIES)


def test_skip_own_future(nlp) -> None:
    doc = nlp("The EU will give aid to Kosovo.")
    assert read_modality(_token(doc, "give"), skip_own_future=True) == Modality("asserted", None)
    assert read_modality(_token(doc, "aid"), skip_own_future=True).kind == "asserted"
    assert read_modality(_token(doc, "give")) == Modality("planned", "will", 7)


def test_skip_own_future_keeps_the_embedding(nlp) -> None:
    doc = nlp("Russia said it would veto the resolution.")
    found = read_modality(_token(doc, "veto"), skip_own_future=True)
    assert (found.kind, found.cue) == ("reported", "said")


def test_own_modality_ignores_the_embedder(nlp) -> None:
    doc = nlp("Officials were considering using force.")
    assert own_modality(_token(doc, "using")) is None
    doc = nlp("Serbia would not use force.")
    assert own_modality(_token(doc, "use")) == Modality("negated", "not", 13)


def test_api_constants() -> None:
    assert MODALITIES[0] == "asserted" and len(set(MODALITIES)) == 8
    assert FACTS == {"asserted", "reported"} and FACTS <= set(MODALITIES)
    assert set(CUES.values()) <= set(MODALITIES)
    assert CUES["deny"] == "negated" and CUES["if"] == "conditional"
