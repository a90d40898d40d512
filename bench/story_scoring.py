"""Scoring story clusterings against gold groupings, shared by bench/stories_*.py.

Storyline's clustering (`storyline.stories.cluster_stories`) at several thresholds, and the
published reference baseline on the same texts: TF-IDF of word 1-2 grams (sublinear tf, English
stop words) with cosine distance and average-link clustering, cut at several distances; each
clustering scored with pairwise and B-cubed precision, recall and F1.

scikit-learn is not among the project's dependencies, so the baseline is rebuilt here on
numpy and scipy: the vectoriser follows TfidfVectorizer's defaults (lower case, tokens of two
or more word characters, smoothed idf, l2 norm) but drops spaCy's English stop words, which
differ slightly from scikit-learn's list; average link is scipy's `linkage` + `fcluster`,
merging clusters while their distance is below the cut, as `distance_threshold` does.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Hashable, Mapping

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from spacy.lang.en.stop_words import STOP_WORDS

from storyline.model import Article, ArticleAnalysis, EntityMention, Sentence
from storyline.nlp import load_pipeline
from storyline.stories import THRESHOLD, cluster_stories

THRESHOLDS = (0.02, 0.025, 0.03, 0.04, 0.05, 0.06)  # Storyline's similarity thresholds
CUTS = (0.85, 0.9, 0.95, 0.97, 0.98, 0.99)  # cosine distances for the average-link baseline
_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # TfidfVectorizer's default token pattern
_STOP = frozenset(w.lower() for w in STOP_WORDS)

Scores = tuple[float, float, float]


NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})


def whole_text(article: Article) -> ArticleAnalysis:
    """An article as one sentence with no analysis yet: all the story benches need."""
    return ArticleAnalysis(article=article, sentences=[Sentence(start=0, end=len(article.text))])


def print_table(analyses: list[ArticleAnalysis], gold: Mapping[str, str],
                undated: bool = False) -> None:
    """Storyline's rows and the baseline's on the same texts, after NER has named their
    entities; `undated` adds Storyline's rows for the same articles with their dates removed
    (what text and entities alone group, without the time gate)."""
    with_entities(analyses)
    print(HEADER)
    lines = storyline_rows(analyses, gold)
    if undated:
        bare = [a.model_copy(update={"article": a.article.model_copy(update={"published": None})})
                for a in analyses]
        lines += storyline_rows(bare, gold, "undated")
    for line in lines + baseline_rows(analyses, gold):
        print(line)


def with_entities(analyses: list[ArticleAnalysis]) -> None:
    """Give each article the names spaCy's NER finds in it, as one-mention chains: what the
    story clustering reads of entities when no corpus stage has merged them (`entity_keys`
    falls back to a mention's lower-cased name)."""
    nlp = load_pipeline()
    texts = [a.article.text for a in analyses]
    for analysis, doc in zip(analyses, nlp.pipe(texts, disable=["parser", "lemmatizer"])):
        analysis.mentions = [
            EntityMention(article=analysis.article.id, start=e.start_char, end=e.end_char,
                          text=e.text, label=e.label_, chain=n, name=e.text)
            for n, e in enumerate(doc.ents) if e.label_ in NAMED
        ]


def cluster(analyses: list[ArticleAnalysis], threshold: float) -> dict[str, str]:
    """Each article's story id, as `storyline.stories.cluster_stories` groups them."""
    stories = cluster_stories(analyses, [], threshold=threshold)
    return {article: story.id for story in stories for article in story.articles}


def pairwise(story_of: Mapping[str, Hashable], topic_of: Mapping[str, str]) -> Scores:
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(topic_of), 2):
        together, same = story_of[a] == story_of[b], topic_of[a] == topic_of[b]
        tp += together and same
        fp += together and not same
        fn += same and not together
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def ngrams(text: str) -> list[str]:
    """Word 1- and 2-grams after lower-casing and dropping stop words (as TfidfVectorizer)."""
    tokens = [t for t in _TOKEN.findall(text.lower()) if t not in _STOP]
    return tokens + [" ".join(pair) for pair in zip(tokens, tokens[1:])]


def tfidf(texts: list[str]) -> np.ndarray:
    """Rows of l2-normalised TF-IDF: sublinear tf, idf = ln((1 + n) / (1 + df)) + 1."""
    counts = [Counter(ngrams(text)) for text in texts]
    vocabulary = {term: i for i, term in enumerate(sorted(set().union(*counts)))}
    matrix = np.zeros((len(texts), len(vocabulary)))
    for row, terms in enumerate(counts):
        for term, count in terms.items():
            matrix[row, vocabulary[term]] = 1 + math.log(count)
    df = np.count_nonzero(matrix, axis=0)
    matrix *= np.log((1 + len(texts)) / (1 + df)) + 1
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1)


def cosine_distances(vectors: np.ndarray) -> np.ndarray:
    """1 - cosine for unit rows (an empty row is at distance 1 from everything else)."""
    distances = np.clip(1 - vectors @ vectors.T, 0.0, 2.0)
    np.fill_diagonal(distances, 0.0)
    return (distances + distances.T) / 2  # exactly symmetric for squareform


def baseline_clusters(ids: list[str], distances: np.ndarray, cut: float) -> dict[str, int]:
    """Average-link clusters, merging while the link distance is below `cut`."""
    tree = linkage(squareform(distances, checks=False), method="average")
    labels = fcluster(tree, t=np.nextafter(cut, 0.0), criterion="distance")
    return dict(zip(ids, (int(label) for label in labels)))


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def bcubed(predicted: Mapping[str, Hashable], gold: Mapping[str, str]) -> Scores:
    """Per-article precision and recall of its cluster against its story, averaged."""
    cluster_size = Counter(predicted[a] for a in gold)
    story_size = Counter(gold.values())
    overlap = Counter((predicted[a], gold[a]) for a in gold)
    precision = sum(overlap[predicted[a], gold[a]] / cluster_size[predicted[a]] for a in gold)
    recall = sum(overlap[predicted[a], gold[a]] / story_size[gold[a]] for a in gold)
    precision, recall = precision / len(gold), recall / len(gold)
    return precision, recall, f1(precision, recall)


def row(
    system: str, setting: str, predicted: Mapping[str, Hashable], gold: Mapping[str, str]
) -> str:
    """One table line: clusters found, pairwise P/R/F1, B-cubed P/R/F1."""
    scores = pairwise(predicted, gold) + bcubed(predicted, gold)
    found = len(set(predicted.values()))
    cells = " ".join(f"{value:5.3f}" for value in scores)
    return f"{system:<10} {setting:<16} {found:8d}  {cells}"


HEADER = f"{'system':<10} {'setting':<16} clusters  pair P pair R pairF1  B3 P  B3 R  B3 F1"


def storyline_rows(analyses: list[ArticleAnalysis], gold: Mapping[str, str],
                   system: str = "storyline") -> list[str]:
    """One table line per threshold, the default included (and marked)."""
    lines = []
    for threshold in sorted(set(THRESHOLDS) | {THRESHOLD}):
        setting = f"t={threshold:.3f}" + (" (default)" if threshold == THRESHOLD else "")
        lines.append(row(system, setting, cluster(analyses, threshold), gold))
    return lines


def baseline_rows(analyses: list[ArticleAnalysis], gold: Mapping[str, str]) -> list[str]:
    """One table line per cut of the average-link tree over TF-IDF cosine distances."""
    ids = [a.article.id for a in analyses]
    distances = cosine_distances(tfidf([a.article.text for a in analyses]))
    return [
        row("tfidf-avg", f"cut={cut:.2f}", baseline_clusters(ids, distances, cut), gold)
        for cut in CUTS
    ]
