"""The parser's and the entity recogniser's greedy decoding, stepped from Python with the GIL held.

spaCy decodes a batch in compiled code with the GIL released (`Parser.greedy_parse`). Its wheels
for CPython before 3.12 are built with Cython's profiling hooks, and each small method a
transition calls (`StateC.B_`, the validity checks: dozens per token) takes the GIL and gives it
back to ask whether a profiler is on; with the GIL released that is a lock and a condition
signal every time, about half of the entity recogniser's decoding (`perf` on spaCy 3.8.18).
Holding the GIL makes each of those checks a counter increment.

`pipe(nlp, texts)` runs the pipeline as `nlp.pipe` does in one process, but decodes each greedy
transition component with the steps spaCy's own training loop takes, with the GIL held: the
step model scores the live states (spaCy's compiled feature sum and maxout, then the output
layer), and `transition_states` applies the best valid move (spaCy's compiled code again). A
batch is decoded together, so a step's Python costs are shared by every document in it. The
parses and entities are spaCy's own; only the output layer's products go through numpy's BLAS,
as every other layer of the model does here (`nlp.MatmulOps`). `bench/decoding.py` times both
ways and compares what they find.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator

import numpy
from spacy.language import Language
from spacy.pipeline.transition_parser import Parser
from spacy.tokens import Doc
from spacy.util import minibatch
from thinc.api import Model

# spaCy's wheels for CPython 3.12 and later are built without the profiling hooks (3.8.18's
# `StateC.B_` calls no PyGILState function there): its own decoding needs no help.
HOOKS_TAKE_THE_GIL = sys.version_info < (3, 12)


def pipe(nlp: Language, texts: Iterable[str], batch_size: int) -> Iterator[Doc]:
    """`nlp.pipe(texts, batch_size=batch_size)` in this process, the greedy parser and entity
    recogniser decoded with the GIL held (see the module) where that is the faster way."""
    if not HOOKS_TAKE_THE_GIL:
        return nlp.pipe(texts, batch_size=batch_size)
    docs: Iterable[Doc] = (nlp.make_doc(text) for text in texts)
    for _, component in nlp.pipeline:
        if decodes_here(component):
            docs = decode_batches(component, docs, batch_size=batch_size)
        elif hasattr(component, "pipe"):
            docs = component.pipe(docs, batch_size=batch_size)
        else:
            docs = map(component, docs)
    return iter(docs)


def decodes_here(component: object) -> bool:
    """Whether `pipe` decodes `component` itself: a transition parser or entity recogniser
    that decodes greedily (a beam keeps spaCy's own decoding)."""
    return isinstance(component, Parser) and component.cfg.get("beam_width", 1) == 1


def greedy_parse(component: Parser, docs: list[Doc]) -> list:
    """The final parse states of `docs`, decoded together: what `Parser.greedy_parse` gives."""
    if not any(len(doc) for doc in docs):
        return component.moves.init_batch(docs)
    component._ensure_labels_are_added(docs)  # as spaCy's own greedy_parse does first
    batch = component.moves.init_batch(docs)
    step_model = component.model.predict(docs)
    score = _scorer(step_model)
    states = [state for state in batch if not state.is_final()]
    while states:
        states = component.transition_states(states, score(states))
    step_model.clear_memory()
    return batch


def decode_batches(component: Parser, docs: Iterable[Doc], batch_size: int) -> Iterator[Doc]:
    """`Parser.pipe`, decoding each batch in one go (spaCy splits it in quarters by length,
    which here would only multiply the Python steps)."""
    for batch in minibatch(docs, size=batch_size):
        yield from decode(component, list(batch))


def decode(component: Parser, docs: list[Doc]) -> list[Doc]:
    """`docs`, parsed (or their entities found) by `component`, decoded together."""
    component.set_annotations(docs, greedy_parse(component, docs))
    return docs


def _scorer(step_model: Model) -> Callable[[list], numpy.ndarray]:
    """Scores of each move for each live state, as spaCy's `predict_states` computes them."""
    hidden = step_model.state2vec  # precomputed features: compiled sum, bias, maxout
    output = step_model.vec2scores  # None in a model whose hidden layer gives the scores
    weights = None if output is None else numpy.ascontiguousarray(output.get_param("W").T)
    bias = None if output is None else output.get_param("b")  # looked up once, not at every step
    unseen = step_model._class_mask == 0  # moves the model never saw in training
    any_unseen = bool(unseen.any())

    def score(states: list) -> numpy.ndarray:
        vectors = hidden.predict(step_model.get_token_ids(states))
        if weights is None:
            scores = vectors.reshape(len(states), -1)
        else:
            scores = vectors @ weights
            scores += bias
        if any_unseen:
            scores[:, unseen] = scores.min()
        return scores

    return score
