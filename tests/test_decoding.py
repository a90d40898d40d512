"""The GIL-held decoding gives spaCy's own parses and entities."""

from __future__ import annotations

import pytest

from storyline import decoding

# Odd batches: empty and blank texts beside real ones, a one-word text, a run-on without a stop.
ODD_TEXTS = [
    "",
    "   ",
    "Pristina",
    ("Kosovo declared independence from Serbia on 17 February 2008 and the United States "
     "recognised it a day later while Russia said it would block the new state at the UN"),
]


def _annotations(docs) -> list:
    """What the parser, tagger and entity recogniser said of each token."""
    return [([(token.tag_, token.head.i, token.dep_, token.is_sent_start) for token in doc],
             [(entity.start, entity.end, entity.label_) for entity in doc.ents]) for doc in docs]


@pytest.mark.parametrize("holding_gil", [True, False])
def test_decoding_gives_spacys_parses_and_entities(nlp, seed_texts, monkeypatch, holding_gil) -> None:
    monkeypatch.setattr(decoding, "HOOKS_TAKE_THE_GIL", holding_gil)
    texts = [*seed_texts.values(), *ODD_TEXTS]
    ours = _annotations(decoding.pipe(nlp, texts, batch_size=3))
    assert ours == _annotations(nlp.pipe(texts, batch_size=3))
    assert sum(len(entities) for _, entities in ours) > 50  # the seeds' entities were found


def test_a_batch_of_only_empty_texts_is_decoded(nlp) -> None:
    docs = list(decoding.pipe(nlp, ["", " ", ""], batch_size=8))
    assert [doc.text for doc in docs] == ["", " ", ""]
    assert not any(doc.ents for doc in docs)


def test_the_greedy_components_are_the_ones_decoded_here(nlp) -> None:
    decoded = [name for name, component in nlp.pipeline if decoding.decodes_here(component)]
    assert decoded == ["parser", "ner"]
