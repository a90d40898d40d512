"""Entity types and junk: the model's label stands unless evidence overrides it."""

from __future__ import annotations

from spacy.tokens import Span

from storyline.entities import find_mentions
from storyline.entity_types import evidence_label, is_junk


def span(doc, text: str, label: str, after: str = "") -> Span:
    start = doc.text.index(text, doc.text.index(after) if after else 0)
    found = doc.char_span(start, start + len(text), label=label)
    assert found is not None
    return found


def test_junk_forms_are_rejected(nlp):
    doc = nlp("The heifers crossed the ex-Soviet border on a trans-Atlantic route. Jeff FlakeRep. "
              "Flake spoke. He opened Pandora's Box.")
    words = {t.text for t in doc}
    assert is_junk(span(doc, "heifers", "PERSON"), words)
    assert is_junk(span(doc, "ex-Soviet", "GPE"), words)
    assert is_junk(span(doc, "trans-Atlantic", "LOC"), words)
    assert is_junk(span(doc, "Jeff FlakeRep", "PERSON"), words)
    assert is_junk(span(doc, "Pandora's Box", "PERSON"), words)
    assert not is_junk(span(doc, "Flake", "PERSON", after="Flake spoke"), words)


def test_capitalised_names_with_prefixes_are_kept(nlp):
    doc = nlp("Troops reached Trans-Dniester. The Trans-Pacific Partnership was signed.")
    words = {t.text for t in doc}
    assert not is_junk(span(doc, "Trans-Dniester", "GPE"), words)
    assert not is_junk(span(doc, "Trans-Pacific Partnership", "ORG"), words)


def test_model_label_kept_without_evidence(nlp):
    doc = nlp("Newmont said output rose. Xinhua reported it. The West Indies won.")
    for text, label in (("Newmont", "GPE"), ("Xinhua", "ORG"), ("West Indies", "PERSON")):
        assert evidence_label(span(doc, text, label), country=False, organisation=False, place=False) == label


def test_evidence_overrides_the_model_label(nlp):
    doc = nlp("Munich Re and British Airways gained. Officials in Kinshasa said Chancellor Olaf Scholz came. "
              "The Soviet Union fell.")
    assert evidence_label(span(doc, "Munich Re", "PERSON"), False, False, False) == "ORG"
    assert evidence_label(span(doc, "British Airways", "PERSON"), False, False, False) == "ORG"
    assert evidence_label(span(doc, "Kinshasa", "ORG"), False, False, place=True) == "GPE"
    assert evidence_label(span(doc, "Olaf Scholz", "ORG"), False, False, False) == "PERSON"
    # a place's name ending in an organisation word keeps the model's place label
    assert evidence_label(span(doc, "Soviet Union", "GPE"), False, False, False) == "GPE"


def test_headline_fragments_are_not_names(nlp):
    text = ("Trump Creepily Singles Out Reporter At Rally\n\n"
            "Donald Trump singled out a reporter at a rally on Monday. Trump said the reporter was unfair.")
    mentions = find_mentions(nlp(text), "a")
    texts = {m.text for m in mentions}
    assert not any("Singles" in t or "Creepily" in t for t in texts)
    trump = [m for m in mentions if "Trump" in m.text]
    assert len({m.chain for m in trump}) == 1


def test_capitals_and_organisation_words_fix_labels_in_find_mentions(nlp):
    text = "Officials in Kinshasa said the Trump Organization would build a tower, the White House said."
    labels = {m.text: m.label for m in find_mentions(nlp(text), "a")}
    assert labels.get("Kinshasa", "GPE") == "GPE"
    assert labels.get("Trump Organization", "ORG") == "ORG"
    assert labels.get("White House", "ORG") != "PERSON"
