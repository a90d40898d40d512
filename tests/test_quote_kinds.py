"""Speech apart from attitudes, addressees apart from speakers, and calibrated confidence."""

from __future__ import annotations

import pytest

from storyline.quotes import find_quotes, quotes_with_evidence
from storyline.quotes.confidence import confidence, speaker_form
from storyline.quotes.cues import OBJECT_VERBS, SPEAKING_VERBS, SPEECH_VERBS, TOPIC_VERBS, VERB_CLASSES


def kinds(nlp, sentence):
    return {q.text: (q.kind, q.speaker_text) for q in find_quotes(nlp(sentence), "t")}


# --- speech or attitude -------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, content, speaker",
    [
        ("Russia denounced Kosovo's independence declaration.", "Kosovo's independence declaration", "Russia"),
        ("Tadic appealed for calm on Sunday.", "calm", "Tadic"),
        ("Peskov echoed the ministry statement.", "the ministry statement", "Peskov"),
        ("Senator Mary Jones backed Belgrade's position.", "Belgrade's position", "Mary Jones"),
        ("Obama planned to rally supporters in Ohio.", "to rally supporters in Ohio", "Obama"),
        ("Senator Mary Jones believes that the deal will fail.", "the deal will fail", "Mary Jones"),
    ],
)
def test_stance_and_intention_are_attitudes(nlp, sentence, content, speaker):
    assert kinds(nlp, sentence).get(content) == ("attitude", speaker)


@pytest.mark.parametrize(
    "sentence, content, kind",
    [
        ("Senator Mary Jones said that the deal will fail.", "the deal will fail", "indirect"),
        ("The minister urged the rebels to lay down their arms.", "the rebels to lay down their arms", "indirect"),
        ("Mary Jones described the violence as unacceptable.", "the violence as unacceptable", "indirect"),
        ("Belgrade leaders claim to be seeking membership.", "to be seeking membership", "indirect"),
        ("Lavrov reiterated the ministry's warning that force would fail.",
         "the ministry's warning that force would fail", "indirect"),
    ],
)
def test_said_written_or_claimed_is_speech(nlp, sentence, content, kind):
    assert kinds(nlp, sentence).get(content, (None,))[0] == kind


def test_physical_verb_is_a_stance_only_for_a_person(nlp):
    assert kinds(nlp, "Donald Trump attacked Hillary Clinton over her emails.").get(
        "Hillary Clinton over her emails") == ("attitude", "Donald Trump")
    assert kinds(nlp, "Rebel forces attacked the town at dawn.") == {}


def test_narrative_clause_is_no_quote(nlp):
    assert kinds(nlp, "Those new emails arrived on the same day that the director wrote to Congress.") == {}


# --- addressee is not the speaker ---------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Lavrov was asked whether Moscow would recognize their independence claims.",
        "Asked whether Moscow would recognize their independence claims, Lavrov said nothing new.",
        "Jones was told that the plant would close.",
    ],
)
def test_addressee_is_not_the_speaker(nlp, sentence):
    quotes = find_quotes(nlp(sentence), "t")
    asked = [q for q in quotes if "would" in q.text]
    assert asked, "the question or message is still recorded"
    assert all(q.speaker_text is None for q in asked)


def test_passive_agent_is_the_speaker(nlp):
    quotes = kinds(nlp, "Jones was told by the minister that the plant would close.")
    assert quotes.get("the plant would close") == ("indirect", "the minister")


# --- recall rules ---------------------------------------------------------------------------


def test_raising_verb_gives_the_whole_clause_as_attitude(nlp):
    assert kinds(nlp, "Trump is expected to deliver a victory speech tonight.") == {
        "Trump is expected to deliver a victory speech tonight": ("attitude", None)}
    assert kinds(nlp, "It seems to be raining.") == {}


def test_cue_noun_without_possessor_takes_the_verb_subject(nlp):
    quotes = kinds(nlp, "The senator made the claim that taxes would fall next year.")
    assert quotes.get("taxes would fall next year") == ("indirect", "The senator")


# --- reporting verbs as data ---------------------------------------------------------------


def test_reporting_verbs_load_from_data():
    assert "say" in SPEAKING_VERBS and "believe" in SPEECH_VERBS and "believe" not in SPEAKING_VERBS
    assert "praise" in OBJECT_VERBS and "attack" not in OBJECT_VERBS
    assert TOPIC_VERBS["speak"] == frozenset({"about", "of"})
    assert all(classes for classes in VERB_CLASSES.values())


# --- confidence -----------------------------------------------------------------------------


def test_every_quote_has_a_fitted_confidence(nlp):
    doc = nlp('"We will not give up," Lavrov said. Russia denounced the declaration. '
              'Someone said that it might rain, according to him.')
    found = quotes_with_evidence(doc, "t")
    assert found
    for quote, evidence in found:
        assert 0.0 < quote.confidence < 1.0
        assert quote.confidence == confidence(*evidence)


def test_confidence_orders_evidence():
    named_direct = confidence("direct", "speech", "name")
    named_indirect = confidence("indirect", "speech", "name")
    unresolved = confidence("indirect", "speech", "pronoun")
    no_speaker = confidence("indirect", "speech", "none")
    assert named_direct > named_indirect > unresolved > no_speaker
    assert confidence("attitude", "stance", "name") < named_indirect
    # an unseen combination backs off to its kind, never fails
    assert confidence("direct", "never-seen", "name") == confidence("direct", "x", "y")


def test_speaker_form(nlp):
    doc = nlp("Sergey Lavrov met him.")
    assert speaker_form(doc[0:2], None) == "name"
    assert speaker_form(doc[3:4], None) == "pronoun"
    assert speaker_form(doc[3:4], (0, 12)) == "pronoun+res"
    assert speaker_form(None, None) == "none"
