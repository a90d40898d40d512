"""Speaker resolution (quotes/speakers.py): pronouns, relatives and descriptions resolved to a
named mention of the article, or left unresolved and hidden rather than guessed."""

from __future__ import annotations

import pytest

from storyline.quotes import find_quotes


def the_quote(nlp, text, fragment):
    quotes = [q for q in find_quotes(nlp(text), "t") if fragment in q.text]
    assert quotes, f"no quote contains {fragment!r}"
    return quotes[0]


def anchor(text, quote):
    return text[quote.speaker_anchor[0] : quote.speaker_anchor[1]] if quote.speaker_anchor else None


def test_relative_pronoun_speaker_resolves_to_its_noun(nlp):
    text = "The treaty was signed in Moscow by Sergei Lavrov, who said it was historic."
    q = the_quote(nlp, text, "historic")
    assert q.speaker_text == "who"
    assert anchor(text, q) == "Sergei Lavrov" and q.speaker_resolved


@pytest.mark.parametrize("text, noun", [
    ("The vote was delayed by two senior officials, who said it would be held in May.", "two senior officials"),
    ("The decision was criticised by a Kremlin aide, who said it was a mistake.", "a Kremlin aide"),
])
def test_relative_pronoun_of_a_standing_description_names_it(nlp, text, noun):
    q = next(q for q in find_quotes(nlp(text), "t") if q.speaker_text == "who")
    assert anchor(text, q) == noun and q.speaker_resolved


def test_relative_pronoun_of_a_thing_is_not_shown(nlp):
    text = "The ministry issued a statement which said the border would stay closed."
    q = the_quote(nlp, text, "border")
    assert q.speaker_text == "which"
    assert q.speaker_anchor is None and not q.speaker_resolved


def test_pronoun_with_two_candidates_takes_the_one_of_its_gender(nlp):
    text = "Hillary Clinton met John Kerry in Washington on Monday. He said the talks had been useful."
    q = the_quote(nlp, text, "useful")
    assert anchor(text, q) == "John Kerry"


def test_pronoun_prefers_the_main_subject_over_an_object(nlp):
    text = "John Kerry thanked Peter Hall for the report on Monday. He said the talks had been useful."
    q = the_quote(nlp, text, "useful")
    assert anchor(text, q) == "John Kerry"


@pytest.mark.parametrize("text", [
    "John Podesta spoke on Tuesday. Obama was the first black president, he said.",
    'John Podesta spoke on Tuesday. "Obama was the first black president," he said.',
])
def test_antecedent_is_never_inside_the_quoted_content(nlp, text):
    q = the_quote(nlp, text, "first black president")
    assert q.speaker_text == "he"
    assert anchor(text, q) == "John Podesta"


@pytest.mark.parametrize("text", [
    "He said the plan would fail.",
    "Officials met in Brussels on Monday. They said the plan would fail.",
])
def test_unresolvable_pronoun_is_not_shown(nlp, text):
    q = the_quote(nlp, text, "would fail")
    assert q.speaker_text.lower() in ("he", "they")
    assert q.speaker_anchor is None and not q.speaker_resolved


def test_organisation_pronoun_resolves_to_an_organisation(nlp):
    text = "Boeing lost the contract to Airbus in March. It said it would appeal the decision."
    q = the_quote(nlp, text, "appeal")
    assert anchor(text, q) == "Boeing"


def test_he_does_not_resolve_to_a_woman(nlp):
    text = "Mrs. Jane Harper met the committee on Monday. He said the budget was too small."
    q = the_quote(nlp, text, "budget")
    assert q.speaker_anchor is None and not q.speaker_resolved


def test_same_input_same_output(nlp):
    text = ("Senator John Smith spoke first. He said the bill would pass. "
            "Mary Jones, who chairs the panel, said it would not.")
    assert find_quotes(nlp(text), "t") == find_quotes(nlp(text), "t")
