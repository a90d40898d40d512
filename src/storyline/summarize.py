"""Multi-document extractive summary: salient, non-redundant sentences within a word budget.

Salience mixes three signals, each scaled to [0, 1]:
- centrality: TF-IDF cosine of the sentence to the centroid of all candidate sentences,
- entities: how widely (in how many articles) the entities it names are reported,
- position: news puts the gist first, so earlier sentences of an article score higher.
Maximal marginal relevance then picks sentences, trading salience for novelty, skipping any
that would overflow the budget. The picks are shown in reading order (article date, id, offset).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from storyline import textstats
from storyline.model import ArticleAnalysis, Entity, SourcedText
from storyline.dating import article_day

WEIGHTS = (0.55, 0.25, 0.20)  # centrality, entities, position
MMR_LAMBDA = 0.7
MAX_REDUNDANCY = 0.5  # a pick this similar to an earlier one says nothing new
MAX_CANDIDATES = 400  # MMR is quadratic; keep the best few hundred
# A sentence opening on one of these leans on the previous sentence, out of context.
_DANGLING = re.compile(r"^(?:he|she|it|they|this|these|those|but|and|however|also)\b", re.IGNORECASE)
DANGLING_PENALTY = 0.7
MIN_WORDS = 6  # shortest sentence worth showing (see textstats.looks_like_sentence)


@dataclass
class Candidate:
    """One sentence that may enter a summary."""

    analysis: ArticleAnalysis
    start: int
    end: int
    text: str
    position: int
    vector: textstats.Vector
    score: float = 0.0

    @property
    def length(self) -> int:
        return len(self.text.split())

    def order_key(self) -> tuple[dt.date, str, int]:
        return (article_day(self.analysis) or dt.date.max, self.analysis.article.id, self.start)


def candidates(analyses: Sequence[ArticleAnalysis]) -> list[Candidate]:
    """Every readable sentence of every article, with its rank among the article's sentences."""
    found: list[Candidate] = []
    for analysis in sorted(analyses, key=lambda a: a.article.id):
        text = analysis.article.text
        position = 0
        for sentence in sorted(analysis.sentences, key=lambda s: s.start):
            for start, end in textstats.sentence_pieces(text, sentence.start, sentence.end):
                piece = text[start:end]
                if textstats.looks_like_sentence(piece):
                    found.append(Candidate(analysis, start, end, piece, position, {}))
                    position += 1
    return found


def _entity_scores(
    found: Sequence[Candidate], entities: Sequence[Entity], spans: textstats.EntitySpans | None
) -> list[float]:
    """Per candidate: summed spread (share of articles) of the distinct entities it names."""
    spans = spans if spans is not None else textstats.entity_spans(entities)
    analyses = {c.analysis.article.id: c.analysis for c in found}
    keys_by_article = {aid: textstats.entity_keys(a, spans) for aid, a in analyses.items()}
    spread: Counter[str] = Counter()
    for keys in keys_by_article.values():
        spread.update({key for _, _, key in keys})
    articles = max(1, len(keys_by_article))
    raw = []
    for cand in found:
        inside = {k for s, e, k in keys_by_article[cand.analysis.article.id] if s >= cand.start and e <= cand.end}
        raw.append(sum(spread[k] / articles for k in inside if spread[k] > 1 or articles == 1))
    top = max(raw, default=0.0)
    return [r / top if top else 0.0 for r in raw]


def score(
    found: list[Candidate], entities: Sequence[Entity], spans: textstats.EntitySpans | None = None
) -> None:
    """Fill each candidate's TF-IDF vector and salience score."""
    tokens = [textstats.terms(c.text) for c in found]
    df = textstats.fit(tokens)
    for cand, toks in zip(found, tokens):
        cand.vector = df.vector(Counter(toks))
    centre = textstats.centroid(c.vector for c in found)
    central = [textstats.dot(c.vector, centre) for c in found]  # both unit length
    top = max(central, default=0.0) or 1.0
    named = _entity_scores(found, entities, spans)
    w_cent, w_ent, w_pos = WEIGHTS
    for cand, cent, ent in zip(found, central, named):
        value = w_cent * cent / top + w_ent * ent + w_pos / math.sqrt(1 + cand.position)
        cand.score = value * (DANGLING_PENALTY if _DANGLING.match(cand.text) else 1.0)


def select(found: Sequence[Candidate], words: int) -> list[Candidate]:
    """Maximal marginal relevance under a hard word budget."""
    pool = sorted(found, key=lambda c: (-c.score, c.analysis.article.id, c.start))[:MAX_CANDIDATES]
    chosen: list[Candidate] = []
    used = 0
    while pool and words - used >= MIN_WORDS:
        best, best_value = None, -math.inf
        for cand in pool:
            redundancy = max((textstats.dot(cand.vector, c.vector) for c in chosen), default=0.0)
            if redundancy > MAX_REDUNDANCY:
                continue
            value = MMR_LAMBDA * cand.score - (1 - MMR_LAMBDA) * redundancy
            if value > best_value:
                best, best_value = cand, value
        if best is None:
            break
        pool.remove(best)
        if used + best.length <= words:  # too long now: drop it and try shorter ones
            chosen.append(best)
            used += best.length
    return chosen


def summarize(
    analyses: Sequence[ArticleAnalysis],
    entities: Sequence[Entity],
    words: int = 100,
    spans: textstats.EntitySpans | None = None,
) -> list[SourcedText]:
    """An extractive summary of the articles in at most `words` words, sentence by sentence.

    `spans` (from `textstats.entity_spans(entities)`) may be given when summarising many
    subsets of one corpus, so the entity index is built once.
    """
    found = candidates(analyses)
    if not found or words <= 0:
        return []
    score(found, entities, spans)
    chosen = sorted(select(found, words), key=Candidate.order_key)
    return [SourcedText(article=c.analysis.article.id, start=c.start, end=c.end, text=c.text) for c in chosen]
