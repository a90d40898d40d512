"""`nlp`: the pipeline's own components give what the stock ones would."""

from __future__ import annotations

import numpy
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG
from thinc.api import NumpyOps

from storyline.nlp import MatmulOps

# Sentences that reach the ruler's word, dependency and two-token rules, not only its tag table.
EXCEPTIONS = (
    "I ain't gonna say it, y'all. There is nothing to do, and it was not me.\n"
    "Let's go. They do have a plan; did he? Whether she will come is unclear, but she may.\n"
    "It is what it is: somebody told me that I'd see you."
)


def test_indexed_ruler_sets_what_the_attribute_ruler_sets(nlp, seed_texts) -> None:
    ruler, indexed = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("indexed_ruler")
    attrs = [POS, MORPH, LEMMA, TAG, DEP]
    with nlp.select_pipes(disable=["indexed_ruler", "ner"]):
        docs = list(nlp.pipe([EXCEPTIONS, *seed_texts.values()]))
    for doc in docs:
        expected, found = ruler(doc.copy()), indexed(doc.copy())
        assert numpy.array_equal(expected.to_array(attrs), found.to_array(attrs))
        assert [str(t.morph) for t in expected] == [str(t.morph) for t in found]


def test_a_new_line_starts_a_sentence_unless_it_starts_lowercase(nlp) -> None:
    doc = nlp.make_doc("Kosovo braces for independence\nSerbia says it will not use force.\n"
                       "and hard-wrapped here.")
    nlp.get_pipe("line_sentences")(doc)
    starts = {t.text: t.is_sent_start for t in doc}
    assert starts["Serbia"] is True
    assert starts["says"] is False  # no one-word sentence after a fixed start
    assert starts["and"] is None  # a lowercase line continues the one before


def test_every_model_layer_multiplies_through_numpy(nlp) -> None:
    models = [model for _, pipe in nlp.components if (model := getattr(pipe, "model", None)) is not None]
    layers = [layer for model in models for layer in model.walk()]
    assert layers and all(isinstance(layer.ops, MatmulOps) for layer in layers)


def test_matmul_ops_multiply_as_thinc_does() -> None:
    rng = numpy.random.default_rng(7)
    x, y = rng.random((5, 3), dtype="float32"), rng.random((4, 3), dtype="float32")
    ours, thincs = MatmulOps(), NumpyOps()
    for trans1, trans2, a, b in ((False, True, x, y), (True, False, x.T, y.T), (False, False, x, y.T)):
        expected = thincs.gemm(thincs.as_contig(a), thincs.as_contig(b), trans1=trans1, trans2=trans2)
        assert numpy.allclose(ours.gemm(a, b, trans1=trans1, trans2=trans2), expected, rtol=1e-6)
    out = numpy.zeros((5, 4), dtype="float32")
    assert ours.gemm(x, y, trans2=True, out=out) is out and numpy.allclose(out, x @ y.T)


def test_parsed_docs_keep_their_text_and_one_set_of_tokens(nlp, seed_texts, monkeypatch) -> None:
    from storyline import nlp as module
    from storyline.nlp import doc_text, doc_tokens, parse, span_tokens

    texts = [*list(seed_texts.values())[:2], "Short one.\n\nTwo paragraphs, said Ms Smith."]
    for text, doc in zip(texts, parse(nlp, texts)):
        assert doc_text(doc) == doc.text == text
        tokens = doc_tokens(doc)
        assert doc_tokens(doc) is tokens and [t.i for t in tokens] == list(range(len(doc)))
        sent = list(doc.sents)[-1]
        assert [t.i for t in span_tokens(sent)] == [t.i for t in sent]
    monkeypatch.setattr(module, "PIECE_CHARS", 100)  # a text parsed in pieces, joined into one Doc
    long_text = "A paragraph of news.\n\n" * 40
    (doc,) = parse(nlp, [long_text])
    assert doc_text(doc) == doc.text == long_text


def test_the_model_is_found_without_loading_it_and_a_missing_one_is_named(nlp) -> None:
    import pytest

    from storyline.errors import UsageError
    from storyline.nlp import find_model, model_info

    found = find_model()
    assert found.info == model_info(nlp) and found.lang == nlp.lang == "en"
    with pytest.raises(UsageError, match="xx-no-such-model is not installed"):
        find_model("xx-no-such-model")
