"""Shared term statistics: word tokens, a light stemmer, TF-IDF vectors and cosine.

Every corpus-level view (stories, summary, timeline, stances) compares texts by the same
bag of content words, so the tokeniser, the stopword list and the weighting live here once.
Vectors are plain `dict[str, float]` so that they are cheap, sparse and order-free.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from storyline.model import ArticleAnalysis, Entity

Vector = dict[str, float]

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|[A-Za-z]")
# News filler that carries no topic: reporting verbs and time words.
_EXTRA_STOP = frozenset(
    "said say says told tell according also would could mr mrs ms new year years "
    "monday tuesday wednesday thursday friday saturday sunday week day days".split()
)
STOPWORDS = frozenset(w.lower() for w in STOP_WORDS) | _EXTRA_STOP
# Longest first so that "ations" wins over "s"; a stem keeps at least three letters.
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ness", "ers", "ed", "es", "er", "ly", "s")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s*$")
_VERBISH = re.compile(r"\b\w+(?:ed|ing|es)\b|\b(?:is|are|was|were|be|been|has|have|had|will|would|"
                      r"can|could|may|might|must|should|did|does|do)\b", re.IGNORECASE)
_OPEN_QUOTE = ("\"", "“", "'", "‘")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A crude suffix-stripping stem: enough to equate 'recognised'/'recognise', 'troops'/'troop'."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def words(text: str) -> list[str]:
    """The alphabetic words of `text`, as written."""
    return _WORD.findall(text)


def terms(text: str) -> list[str]:
    """Content-word stems of `text` (stopwords and one-letter words dropped)."""
    out = []
    for word in words(text):
        low = word.lower().replace("’", "'")
        if low.endswith("'s"):
            low = low[:-2]
        if len(low) < 2 or low in STOPWORDS:
            continue
        out.append(stem(low))
    return out


class DocumentFrequencies:
    """Document frequencies that grow as documents are added (for incremental use)."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.documents = 0

    def add(self, tokens: Iterable[str]) -> None:
        """Count one document's distinct terms."""
        self.counts.update(set(tokens))
        self.documents += 1

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency (always > 0)."""
        return math.log((1 + self.documents) / (1 + self.counts.get(term, 0))) + 1.0

    def vector(self, counts: Mapping[str, float]) -> Vector:
        """TF-IDF vector of raw term counts (sublinear tf), L2-normalised."""
        vec = {t: (1.0 + math.log(c)) * self.idf(t) for t, c in counts.items() if c > 0}
        return normalise(vec)


def fit(documents: Iterable[Sequence[str]]) -> DocumentFrequencies:
    """Document frequencies of a whole collection of token lists."""
    df = DocumentFrequencies()
    for tokens in documents:
        df.add(tokens)
    return df


def normalise(vec: Mapping[str, float]) -> Vector:
    """`vec` scaled to unit length (empty stays empty)."""
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {k: v / norm for k, v in vec.items()} if norm else {}


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Dot product of two sparse vectors: their cosine when both are unit length."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine similarity of two sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    if not dot:
        return 0.0
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb)


def centroid(vectors: Iterable[Mapping[str, float]]) -> Vector:
    """Unit-length mean of vectors."""
    total: dict[str, float] = {}
    for vec in vectors:
        for k, v in vec.items():
            total[k] = total.get(k, 0.0) + v
    return normalise(total)


def looks_like_sentence(text: str, min_words: int = 6) -> bool:
    """True for a readable prose sentence; False for headlines, captions, link lists, fragments.

    A sentence has enough words, ends with terminal punctuation, is not mostly capitalised
    words (titles and menus are), carries something verb-like, and is not a bare quoted
    fragment (an opening quote with no attribution reads as a dangling piece).
    """
    stripped = text.strip()
    found = words(stripped)
    if len(found) < min_words or not _SENTENCE_END.search(stripped):
        return False
    if not stripped[0].isupper() and not stripped.startswith(_OPEN_QUOTE):
        return False
    capitalised = sum(1 for w in found if w[0].isupper())
    if capitalised / len(found) > 0.6:
        return False
    if not _VERBISH.search(stripped):
        return False
    if stripped.count('"') % 2 or stripped.count("“") != stripped.count("”"):
        return False  # a piece of a quotation running over several sentences
    return not stripped.startswith(_OPEN_QUOTE)


def _heading_like(line: str) -> bool:
    """A line that cannot run on into the next: no end punctuation, and short or title-cased."""
    found = words(line)
    if _SENTENCE_END.search(line) or not found:
        return not found
    return len(found) < 6 or sum(1 for w in found if w[0].isupper()) / len(found) > 0.5


def sentence_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a sentence span where a segmenter ran a heading or caption into prose.

    A line break separates unless the next line continues in lower case after a prose line
    (hard wrapping); headings, captions and missed sentence ends all sit before a new,
    capitalised line. Pieces are whitespace-trimmed.
    """
    pieces, cut, pos = [], start, start
    while (newline := text.find("\n", pos, end)) != -1:
        line = text[pos:newline]
        following = text[newline + 1 : end].lstrip()
        runs_on = following[:1].islower()  # hard-wrapped prose continues in lower case
        if not line.strip() or _heading_like(line) or not runs_on:
            pieces.append((cut, newline))
            cut = newline + 1
        pos = newline + 1
    pieces.append((cut, end))
    return [p for p in (_trim(text, s, e) for s, e in pieces) if p[1] > p[0]]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


EntitySpans = dict[str, list[tuple[int, int, str]]]


def entity_spans(entities: Sequence[Entity]) -> EntitySpans:
    """Canonical entity mentions by article: sorted `(start, end, entity id)` lists."""
    by_article: dict[str, list[tuple[int, int, str]]] = {}
    for entity in entities:
        for mention in entity.mentions:
            by_article.setdefault(mention.article, []).append((mention.start, mention.end, entity.id))
    for spans in by_article.values():
        spans.sort()
    return by_article


def entity_keys(
    analysis: ArticleAnalysis, spans: Mapping[str, Sequence[tuple[int, int, str]]]
) -> list[tuple[int, int, str]]:
    """Entity keys mentioned in one article, as sorted `(start, end, key)`.

    Canonical entity ids come first; a per-article mention no canonical entity covers falls
    back to its lower-cased chain name, so that the views still work before entity merging.
    """
    canonical = list(spans.get(analysis.article.id, ()))
    covered = {(s, e) for s, e, _ in canonical}
    fallback = [
        (m.start, m.end, "name:" + m.name.lower())
        for m in analysis.mentions
        if (m.start, m.end) not in covered
    ]
    return sorted(canonical + fallback)


def span_at(spans: Sequence[tuple[int, int]], starts: Sequence[int], offset: int) -> tuple[int, int] | None:
    """The span holding `offset`: `spans` are in text order and do not overlap, `starts` are
    their starts (kept beside them so that a long article is searched with a bisection)."""
    i = bisect_right(starts, offset) - 1
    return spans[i] if i >= 0 and offset < spans[i][1] else None
