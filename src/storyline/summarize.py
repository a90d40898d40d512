"""Multi-document extractive summary: the sentences that cover most of what the articles share.

The method is concept coverage (after Gillick & Favre's ICSI summariser, with concept weights
predicted as in Li, Qian & Liu 2013, "Using supervised bigram-based ILP"):
- concepts are the content words (stemmed), the word bigrams with at least one content word,
  and the entities a sentence names;
- a concept's weight is the estimated chance that a person summarising the articles would use
  it: a small logistic model of how widely the articles report it (share of articles), how
  early (share reporting it in their first or first three sentences, earliest sentence) and
  how often (sentences). `CONCEPT_MODEL` was fitted (logistic regression on whether the
  DUC 2004 development clusters' human summaries use a concept); fitted on half the clusters,
  it scores the other half as well as a fit on all of them does;
- the summary is the set of sentences, within the word budget, that covers the most concept
  weight, plus a small prior for each sentence's own length and position (news puts the gist
  first). A concept counts once however many picks contain it, so a sentence repeating what is
  already covered adds (almost) nothing: redundancy is removed by the objective itself.
The set is found greedily (gain per word) from several starting sentences, then improved by
swapping sentences in and out while that raises the objective and the budget holds.

Candidates are readable sentences (see `textstats.looks_like_sentence`) of at least
`MIN_WORDS` words, lightly compressed before selection so the budget holds more content: a
leading dateline ("WASHINGTON (AP) --") and leading connectives ("But ", "However, ") are
trimmed off the start, and a short trailing attribution (", officials said.", ", according to
the police.") off the end, cut before its comma, so such a sentence is shown without a final
period. Trimming only moves the start or the end. Asides the parse found (`storyline.asides`:
parentheses by default, `CUT_ASIDES`; never inside a quotation) are then cut from inside the
sentence; such a candidate keeps the list of its `pieces`, each an exact character span of
its article, whose texts joined are its text (`text == article.text[start:end]` otherwise).
The picks are shown in reading order (article date, id, offset). Words are counted as whitespace-separated tokens, as the DUC scorer counts them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from storyline import textstats
from storyline.dating import article_day
from storyline.lexicon import DOUBLE_QUOTES
from storyline.model import ArticleAnalysis, Entity, Piece, SourcedText
from storyline.settings import Settings

MIN_WORDS = 8  # shorter sentences carry too little to spend budget on
# Logistic model of a concept's weight. Features: bias, share of articles reporting it, share
# reporting it in their first sentence, share in their first three, 1 / (1 + earliest sentence
# position), log(sentences containing it), is a single word (or entity), reported by >= 3
# articles, squared share of articles.
CONCEPT_MODEL = (-5.51, 0.70, 0.65, 0.71, 1.63, 1.15, 0.33, -0.12, -0.72)
MIN_WEIGHT = 0.1  # concepts less likely than this are noise
SENTENCE_PRIOR = 0.5  # a sentence's own worth, as a share of an average sentence's concept weight
PRIOR_DECAY = 0.5  # ... falling as (1 + position) ** -PRIOR_DECAY
# A sentence opening on one of these leans on the previous sentence, out of context.
_DANGLING = re.compile(r"^(?:he|she|it|they|this|these|those|but|and|however|also|so|yet)\b", re.IGNORECASE)
DANGLING_PENALTY = 0.7  # share of its concept gain a dangling sentence keeps
MIN_NOVELTY = 0.3  # a pick must bring at least this share of its concept weight anew
STARTS = 12  # greedy runs, each from one of the best first sentences
MAX_CANDIDATES = 600  # the search's share of a large corpus (a DUC cluster has fewer)
# "WASHINGTON (AP) --", "NEW YORK _", "Paris, France (Reuters) -": the filing place, not prose.
_DATELINE = re.compile(
    r"^[A-Z][A-Za-z.'\- ]{1,40}(?:,\s*[A-Z][A-Za-z.'\- ]{1,30})?\s*(?:\([A-Za-z .\-]{1,20}\)\s*)?"
    r"(?:--|—|–|_|-)\s+(?=[A-Z0-9\"“])"
)
_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_WORD, _BIGRAM, _ENTITY = "w", "b", "e"  # concept kinds


@dataclass
class Candidate:
    """One sentence that may enter a summary."""

    analysis: ArticleAnalysis
    start: int
    end: int
    text: str
    position: int  # rank among the article's readable sentences
    pieces: list[tuple[int, int]] | None = None  # the kept spans when asides are cut
    concepts: frozenset[int] = field(default_factory=frozenset)
    prior: float = 0.0  # value of the sentence itself (its position), beside its concepts
    factor: float = 1.0  # multiplies the sentence's concept gain (dangling openers keep less)

    @property
    def length(self) -> int:
        return len(self.text.split())


    def order_key(self) -> tuple[dt.date, str, int]:
        return (article_day(self.analysis) or dt.date.max, self.analysis.article.id, self.start)


def _strip_dateline(text: str, start: int, end: int) -> int:
    """The start of the sentence with a leading dateline skipped."""
    found = _DATELINE.match(text, start, end)
    if found and len(text[found.end() : end].split()) >= MIN_WORDS:
        return found.end()
    return start


# Light compression: each rule trims a candidate from its start or its end only, so the span
# stays one exact slice of the article. `TRIMS` names the rules in force.
# (A rule dropping short leading frames, "On Monday, " / "In Washington, ", lowered both
# ROUGE-1 and ROUGE-2 on the DUC 2004 dev clusters, and one limited to time phrases changed
# nothing: they are left out.)
TRIMS: frozenset[str] = frozenset({"attribution", "connective", "asides"})
# The asides "asides" cuts (bench/summary_duc.py, DUC 2004 dev, quotations never cut, R-1 / R-2:
# none 39.23 / 10.89, parentheses 39.19 / 11.00, appositions 39.12 / 10.82, both 39.07 / 10.93;
# relative clauses lowered both before: appositions and clauses carry what references say).
CUT_ASIDES: frozenset[str] = frozenset({"parenthesis"})
_QUOTES = DOUBLE_QUOTES
_FIRST_PERSON = re.compile(r"\b(?:I|[Ww]e|[Uu]s|[Oo]urs?|[Mm]y|[Mm]e|[Mm]ine)\b")
# ", officials said." / ", the ministry said on Monday." / ", said John Smith, a spokesman."
# / ", according to the police." / ", he told reporters." -- a trailing attribution.
_SAY = r"(?:said|says|say|told\s+[a-z]+|reported|reports|added|announced|noted|stated|explained|insisted|warned)"
# After the verb only a short time or place ("on Monday", "in Paris"); never a "that" clause.
_WHEN = r"(?:\s+(?!that\b)[^\s,;:]+){0,3}"
_ATTRIBUTION = re.compile(
    rf"^,\s+(?:(?:[^,;:{_QUOTES}]{{1,60}}?\s+{_SAY}{_WHEN})"
    rf"|(?:{_SAY}\s+(?:[A-Z]|(?:the|a|an|his|her|its|their)\s)[^;:{_QUOTES}]{{1,80}})"
    rf"|(?:according\s+to\s+[^;:{_QUOTES}]{{1,80}}))[.!]\s*$"
)
_ATTRIBUTION_WORDS = 12  # a longer tail is more than an attribution
# "But ", "However, ", "In addition, ": connectives that only link to the previous sentence.
_CONNECTIVE = re.compile(
    r"^(?:(?:but|and|yet|so|also|still|however|meanwhile|moreover|furthermore|nevertheless|nonetheless|"
    r"instead|indeed|thus|besides|likewise|similarly|in addition|in fact|at the same time|"
    r"on the other hand|as a result|by contrast|in contrast|in turn|for example|for instance),\s+"
    r"|(?:but|and|yet|so|also|still)\s+)",
    re.IGNORECASE,
)


def _trim_start(text: str, start: int, end: int) -> int:
    """The start with leading discourse connectives ("But ", "However, ") skipped.

    A trim is kept only if what remains still opens on a capital letter or a digit (so it
    reads as a sentence) and keeps at least `MIN_WORDS` words.
    """
    if "connective" not in TRIMS:
        return start
    for _ in range(3):  # "And yet, ..."
        piece = text[start:end]
        found = _CONNECTIVE.match(piece)
        if found is None:
            return start
        rest = piece[found.end() :]
        if not (rest[:1].isupper() or rest[:1].isdigit()) or len(rest.split()) < MIN_WORDS:
            return start
        start += found.end()
    return start


def _trim_end(text: str, start: int, end: int) -> int:
    """The end with a trailing attribution (", officials said.") cut off before its comma.

    Kept only when the cut tail is short, holds no quotation marks, and the remaining
    statement is not in the first person (a quote shown without its speaker would misattribute).
    """
    if "attribution" not in TRIMS:
        return end
    piece = text[start:end]
    comma = len(piece)
    while (comma := piece.rfind(",", 0, comma)) > 0:
        tail = piece[comma:]
        if len(tail.split()) > _ATTRIBUTION_WORDS + 1:
            return end
        if _ATTRIBUTION.match(tail) and not re.search(r"\bthat\b", tail):
            kept = piece[:comma]
            if (
                len(kept.split()) >= MIN_WORDS
                and not any(q in kept for q in _QUOTES)
                and not _FIRST_PERSON.search(kept)
            ):
                return start + comma
            return end
    return end


def _pieces(analysis: ArticleAnalysis, starts: list[int], start: int, end: int) -> list[tuple[int, int]] | None:
    """The spans of `text[start:end]` left once the asides inside it are cut (None: none cut).

    An aside is cut only inside the sentence (never at its start) and only while at least
    `MIN_WORDS` words remain."""
    if "asides" not in TRIMS or not starts:
        return None
    text = analysis.article.text
    pieces, at = [], start
    for aside in analysis.asides[bisect_left(starts, start + 1) :]:
        if aside.start >= end:
            break
        if aside.end > end or aside.kind not in CUT_ASIDES:
            continue
        pieces.append((at, aside.start))
        at = aside.end
    if not pieces:
        return None
    pieces.append((at, end))
    kept = [(a, b) for a, b in pieces if b > a]
    if len("".join(text[a:b] for a, b in kept).split()) < MIN_WORDS:
        return None
    return kept


def candidates(analyses: Sequence[ArticleAnalysis]) -> list[Candidate]:
    """Every readable sentence of every article, with its rank among the article's sentences."""
    found: list[Candidate] = []
    for analysis in sorted(analyses, key=lambda a: a.article.id):
        text = analysis.article.text
        aside_starts = [a.start for a in analysis.asides]
        position = 0
        for sentence in sorted(analysis.sentences, key=lambda s: s.start):
            for start, end in textstats.sentence_pieces(text, sentence.start, sentence.end):
                start = _strip_dateline(text, start, end)
                piece = text[start:end]
                if textstats.looks_like_sentence(piece, MIN_WORDS):
                    # A sentence that leaned on the previous one still does once its connective goes.
                    factor = DANGLING_PENALTY if _DANGLING.match(piece) else 1.0
                    start = _trim_start(text, start, end)
                    end = _trim_end(text, start, end)
                    pieces = _pieces(analysis, aside_starts, start, end)
                    piece = "".join(text[a:b] for a, b in pieces) if pieces else text[start:end]
                    found.append(Candidate(analysis, start, end, piece, position, pieces, factor=factor))
                    position += 1
    return found


def _tokens(text: str) -> list[tuple[str, bool]]:
    """Lower-cased words of `text`, each with whether it is a content word (those are stemmed)."""
    out = []
    for token in _TOKEN.findall(text.lower()):
        token = token.replace("’", "'")
        if token.endswith("'s"):
            token = token[:-2]
        content = token not in textstats.STOPWORDS
        out.append((textstats.stem(token) if content else token, content))
    return out


def units(text: str) -> set[tuple[str, ...]]:
    """The word concepts of `text`: content words, and bigrams with at least one content word."""
    toks = _tokens(text)
    found: set[tuple[str, ...]] = {(_WORD, t) for t, content in toks if content}
    found.update((_BIGRAM, a, b) for (a, a_content), (b, b_content) in zip(toks, toks[1:]) if a_content or b_content)
    return found


def _concept_weight(articles_with: int, leads: int, tops: int, earliest: int, sentences: int,
                    articles: int, single: bool) -> float:
    """`CONCEPT_MODEL`'s probability for a concept reported by `articles_with` of `articles`
    articles, `leads` of them in their first sentence and `tops` in their first three, first
    at sentence position `earliest`, in `sentences` sentences. (Written out rather than as a
    list of features and a `sum`: it runs once per concept, tens of thousands of times for a
    large corpus; the terms are added in the model's order, so the result is the same to the
    last bit.)"""
    share = articles_with / articles
    b0, b_share, b_lead, b_top, b_early, b_sentences, b_single, b_spread, b_share2 = CONCEPT_MODEL
    z = (b0 * 1.0 + b_share * share + b_lead * (leads / articles) + b_top * (tops / articles)
         + b_early * (1.0 / (1 + earliest)) + b_sentences * math.log(sentences)
         + b_single * float(single) + b_spread * float(articles_with >= 3) + b_share2 * (share * share))
    return 1.0 / (1.0 + math.exp(-z))


def _one_sentence_ceiling() -> float:
    """The most a concept found in one sentence can weigh: in one article of one, in its lead,
    a single word. That is the most while the model's lead, top, early and single weights are
    not negative and its share terms rise with the share up to 1 (a concept in one sentence
    has one article, so its lead and top shares are at most its share); else there is no ceiling."""
    _, b_share, b_lead, b_top, b_early, _, b_single, _, b_share2 = CONCEPT_MODEL
    if min(b_lead, b_top, b_early, b_single) < 0 or b_share + b_lead + b_top + 2 * min(b_share2, 0.0) < 0:
        return math.inf
    return _concept_weight(1, 1, 1, 0, 1, 1, True)


# Most concepts (bigrams above all) occur in one sentence only; while such a concept cannot
# reach `MIN_WEIGHT`, it is not weighed at all.
_SKIP_ONE_SENTENCE = _one_sentence_ceiling() <= MIN_WEIGHT


def concept_weights(
    found: Sequence[Candidate], entities: Sequence[Entity], spans: textstats.EntitySpans | None
) -> tuple[list[set[tuple[str, ...]]], dict[tuple[str, ...], float]]:
    """Per candidate its concepts, and each concept's weight (see `CONCEPT_MODEL`). The counts
    the model reads are taken set by set (an article's concepts, its lead's, its first three
    sentences'), not concept by concept: a corpus holds tens of thousands."""
    per_candidate = [units(c.text) for c in found]
    if entities or any(c.analysis.mentions for c in found):
        spans = spans if spans is not None else textstats.entity_spans(entities)
        keys: dict[str, tuple[list[tuple[int, int, str]], list[int]]] = {}
        for cand, concepts in zip(found, per_candidate):
            aid = cand.analysis.article.id
            if aid not in keys:
                found_keys = textstats.entity_keys(cand.analysis, spans)
                keys[aid] = found_keys, [s for s, _, _ in found_keys]
            article_keys, starts = keys[aid]
            # Keys are sorted by start: only those starting inside the sentence are looked at,
            # so a long article costs what its sentences do, not sentences times mentions.
            lo = bisect_left(starts, cand.start)
            hi = bisect_left(starts, cand.end, lo=lo)
            concepts.update((_ENTITY, k) for _, e, k in article_keys[lo:hi] if e <= cand.end)
    counts = _ConceptCounts.of(found, per_candidate)
    weights = {}
    for concept, sentences in counts.sentences.items():
        if sentences == 1 and _SKIP_ONE_SENTENCE:
            continue
        weight = _concept_weight(counts.articles_with[concept], counts.leads[concept], counts.tops[concept],
                                 counts.earliest[concept], sentences, counts.articles, concept[0] != _BIGRAM)
        if weight > MIN_WEIGHT:
            weights[concept] = weight
    return per_candidate, weights


@dataclass
class _ConceptCounts:
    """What `CONCEPT_MODEL` reads of each concept, counted over the candidates: in how many
    sentences it occurs, in how many articles, in how many leads and first three sentences,
    at which position first; and how many articles there are."""

    sentences: Counter[tuple[str, ...]]
    articles_with: Counter[tuple[str, ...]]
    leads: Counter[tuple[str, ...]]
    tops: Counter[tuple[str, ...]]
    earliest: dict[tuple[str, ...], int]
    articles: int

    @classmethod
    def of(cls, found: Sequence[Candidate], per_candidate: Sequence[set[tuple[str, ...]]]) -> _ConceptCounts:
        sentences: Counter[tuple[str, ...]] = Counter()
        for concepts in per_candidate:
            sentences.update(concepts)
        by_article: dict[str, dict[int, set[tuple[str, ...]]]] = defaultdict(dict)
        for cand, concepts in zip(found, per_candidate):
            by_article[cand.analysis.article.id].setdefault(cand.position, set()).update(concepts)
        articles_with: Counter[tuple[str, ...]] = Counter()
        leads: Counter[tuple[str, ...]] = Counter()
        tops: Counter[tuple[str, ...]] = Counter()
        for positions in by_article.values():
            articles_with.update(set().union(*positions.values()))
            leads.update(positions.get(0, ()))
            tops.update(set().union(*(concepts for position, concepts in positions.items() if position < 3)))
        earliest: dict[tuple[str, ...], int] = {}
        for cand, concepts in sorted(zip(found, per_candidate), key=lambda pair: pair[0].position):
            earliest.update(dict.fromkeys(concepts.difference(earliest), cand.position))
        return cls(sentences, articles_with, leads, tops, earliest, len(by_article))


class _Coverage:
    """Covered concept weight of a set of candidates, under a word budget.

    A set's value is the weight of the concepts it covers (each once, at the best factor of
    the picks that hold it) plus the picks' priors. The search asks, for a set, what adding
    each candidate would add (`scores`): that is worked out for all candidates at once, over a
    matrix of their concepts' weights, each row summed in its order as Python's `sum` would."""

    def __init__(self, found: Sequence[Candidate], weights: Sequence[float], words: int) -> None:
        self.found, self.weights, self.words = found, weights, words
        # words per candidate, counted once: the search asks for them millions of times
        self.lengths = [cand.length for cand in found]
        rows = [[(c, weights[c]) for c in cand.concepts] for cand in found]
        width = max((len(row) for row in rows), default=0)
        # concept ids and weights per candidate, padded with a concept never covered, of weight 0
        self._concepts = np.full((len(found), width), len(weights), dtype=np.int64)
        self._weights = np.zeros((len(found), width))
        for i, row in enumerate(rows):
            self._concepts[i, : len(row)] = [c for c, _ in row]
            self._weights[i, : len(row)] = [w for _, w in row]
        self._factors = np.array([cand.factor for cand in found])[:, None]
        self._priors = np.array([cand.prior for cand in found])
        totals = _row_sums(self._weights)
        self._unweighted = totals == 0.0
        self._novelty_floor = MIN_NOVELTY * totals

    def covered(self, chosen: Sequence[int]) -> dict[int, float]:
        """Concept -> the best factor among the chosen candidates that hold it."""
        covered: dict[int, float] = {}
        for i in chosen:
            factor = self.found[i].factor
            for c in self.found[i].concepts:
                if covered.get(c, 0.0) < factor:
                    covered[c] = factor
        return covered

    def value(self, chosen: Sequence[int]) -> float:
        covered = self.covered(chosen)
        return sum(self.weights[c] * f for c, f in covered.items()) + sum(self.found[i].prior for i in chosen)

    def scores(self, covered: dict[int, float]) -> tuple[list[bool], list[float]]:
        """Per candidate, against the set with this covered map: whether it says enough the
        set does not (`MIN_NOVELTY` of its concept weight), and what adding it adds."""
        level = np.zeros(len(self.weights) + 1)
        for c, factor in covered.items():
            level[c] = factor
        held = level[self._concepts]  # factors are positive: 0 is "not covered"
        rising = np.where(held < self._factors, self._weights * (self._factors - held), 0.0)
        gains = _row_sums(rising) + self._priors
        fresh = _row_sums(np.where(held == 0.0, self._weights, 0.0))
        novel = self._unweighted | (fresh >= self._novelty_floor)
        return novel.tolist(), gains.tolist()

    def length(self, chosen: Sequence[int]) -> int:
        return sum(self.lengths[i] for i in chosen)

    def greedy(self, chosen: list[int]) -> list[int]:
        """Add the sentence with the best gain per word while one fits."""
        chosen = list(chosen)
        used = self.length(chosen)
        while True:
            novel, gains = self.scores(self.covered(chosen))
            best, best_ratio = None, 0.0
            for i, length in enumerate(self.lengths):
                if i in chosen or used + length > self.words or not novel[i]:
                    continue
                ratio = gains[i] / length
                if ratio > best_ratio + 1e-12:
                    best, best_ratio = i, ratio
            if best is None:
                return chosen
            chosen.append(best)
            used += self.lengths[best]

    def improve(self, chosen: list[int]) -> list[int]:
        """Swap one sentence for another (or add one) while the covered weight rises."""
        chosen = list(chosen)
        value = self.value(chosen)
        while True:
            used = self.length(chosen)
            best, best_value = None, value + 1e-9
            for out in [None, *range(len(chosen))]:
                rest = chosen if out is None else chosen[:out] + chosen[out + 1 :]
                room = self.words - (used if out is None else used - self.lengths[chosen[out]])
                base = self.value(rest)
                novel, gains = self.scores(self.covered(rest))
                for i, length in enumerate(self.lengths):
                    if i in chosen or length > room or not novel[i]:
                        continue
                    trial_value = base + gains[i]
                    if trial_value > best_value:
                        best, best_value = rest + [i], trial_value
            if best is None:
                return chosen
            chosen, value = best, best_value


def _row_sums(matrix: np.ndarray) -> np.ndarray:
    """Each row's sum, added left to right (a running sum: numpy's `sum` adds pairwise, which
    rounds otherwise, and the search compares sums to the last bit)."""
    if matrix.shape[1] == 0:
        return np.zeros(matrix.shape[0])
    return np.cumsum(matrix, axis=1)[:, -1]


def select(found: Sequence[Candidate], weights: Sequence[float], words: int) -> list[Candidate]:
    """The candidates that cover the most concept weight within `words` words.

    Only the `MAX_CANDIDATES` best candidates on their own (value per word) are searched, so a
    brief over thousands of sentences stays fast."""
    cover = _Coverage(found, weights, words)
    fits = [i for i, c in enumerate(found) if c.length <= words and c.concepts]
    if not fits:
        return []
    solo = sorted(fits, key=lambda i: (-cover.value([i]) / found[i].length, i))
    kept = sorted(solo[:MAX_CANDIDATES])
    cover = _Coverage([found[i] for i in kept], weights, words)
    position = {i: n for n, i in enumerate(kept)}
    starts: list[list[int]] = [[]] + [[position[i]] for i in solo[:STARTS]]
    best, best_value = [], -math.inf
    seen: set[frozenset[int]] = set()
    for start in starts:
        chosen = cover.greedy(start)
        key = frozenset(chosen)
        if key in seen:
            continue
        seen.add(key)
        chosen = cover.improve(chosen)
        value = cover.value(chosen)
        if value > best_value + 1e-9:
            best, best_value = chosen, value
    return [found[kept[i]] for i in best]


def summarize(
    analyses: Sequence[ArticleAnalysis],
    entities: Sequence[Entity],
    words: int = Settings.summary_words,
    spans: textstats.EntitySpans | None = None,
) -> list[SourcedText]:
    """An extractive summary of the articles in at most `words` words, sentence by sentence.

    Words are counted as whitespace-separated tokens of the sentences' text. `spans` (from
    `textstats.entity_spans(entities)`) may be given when summarising many subsets of one
    corpus, so the entity index is built once.
    """
    found = candidates(analyses)
    if not found or words <= 0:
        return []
    per_candidate, weights = concept_weights(found, entities, spans)
    order = sorted(weights)
    ids = {concept: n for n, concept in enumerate(order)}
    for cand, concepts in zip(found, per_candidate):
        cand.concepts = frozenset(ids[c] for c in concepts if c in ids)
    weight_list = [weights[c] for c in order]
    # The sentence prior is scaled to the concept weight an average candidate word carries.
    density = sum(sum(weight_list[i] for i in c.concepts) / c.length for c in found) / len(found)
    for cand in found:
        cand.prior = SENTENCE_PRIOR * density * cand.length * (1.0 + cand.position) ** -PRIOR_DECAY
    chosen = sorted(select(found, weight_list, words), key=Candidate.order_key)
    return [SourcedText(article=c.analysis.article.id, start=c.start, end=c.end, text=c.text,
                        pieces=[Piece(start=a, end=b) for a, b in c.pieces] if c.pieces else None)
            for c in chosen]
