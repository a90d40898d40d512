"""Within-article coreference (quotes/coref.py) on any span, not only quote speakers."""

from __future__ import annotations

import pytest

from storyline.quotes.coref import Coreference


def resolve(nlp, text, word, nth=0, speaker=False):
    doc = nlp(text)
    tokens = [t for t in doc if t.text == word]
    token = tokens[nth]
    found = Coreference(doc).antecedent(doc[token.i : token.i + 1], speaker=speaker)
    return found.text if found is not None else None


def test_kinds(nlp):
    doc = nlp("John Smith, who leads the party, said the minister and he would meet.")
    coref = Coreference(doc)
    kinds = {t.text: coref.kind(doc[t.i : t.i + 1]) for t in doc if t.text in ("Smith", "who", "he")}
    assert kinds == {"Smith": "name", "who": "relative", "he": "pronoun"}
    doc = nlp("The minister visited the border on Monday.")
    assert Coreference(doc).kind(doc[0:2]) == "description"
    assert Coreference(doc).kind(doc[3:5]) == "description"


def test_first_person_in_a_quote_is_its_speaker(nlp):
    assert resolve(nlp, '"I will not resign," said John Smith, the mayor of the town.', "I") == "John Smith"


def test_first_person_outside_quotes_is_the_author(nlp):
    assert resolve(nlp, "John Smith spoke on Monday. I think he was right.", "I") is None


def test_it_resolves_to_an_organisation_not_a_person(nlp):
    assert resolve(nlp, "John Smith joined Apple in May. It said sales would rise.", "It") == "Apple"


def test_object_pronoun_is_not_its_own_subject(nlp):
    text = "Mary Jones met Hillary Clinton on Monday. Hillary Clinton praised her."
    assert resolve(nlp, text, "her") == "Mary Jones"


def test_pronoun_outside_a_quote_skips_names_inside_it(nlp):
    text = 'John Podesta spoke on Tuesday. "Barack Obama was a great president." He left.'
    assert resolve(nlp, text, "He") == "John Podesta"


def test_common_noun_in_between_blocks_a_name(nlp):
    text = "Microsoft announced a plan on Monday. The plan was delayed. It will cost $2 billion."
    assert resolve(nlp, text, "It") is None


def test_description_by_role_word(nlp):
    text = ("Senator John McCain met reporters in Phoenix on Monday. Prices rose in March. "
            "The senator called for new talks.")
    doc = nlp(text)
    head = next(t for t in doc if t.text == "senator")
    assert Coreference(doc).antecedent(doc[head.i - 1 : head.i + 1]).text == "John McCain"


@pytest.mark.parametrize("speaker, expected", [(True, "John Podesta"), (False, "Obama")])
def test_speaker_mode_excludes_the_reported_clause(nlp, speaker, expected):
    text = "John Podesta spoke on Tuesday. Obama was the first black president, he said."
    assert resolve(nlp, text, "he", speaker=speaker) == expected
