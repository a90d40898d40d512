"""Story clustering on UCI News Aggregator headlines, against a TF-IDF average-link baseline.

    .venv/bin/python bench/stories_uci.py [--per-story 25] [--data DIR]

Takes every Google News story of the UCI sample (`$STORYLINE_DATA/uci-news/headlines.csv`, else
../shared/datasets/uci-news) and its first N headlines by timestamp (then id): one headline is
one article, with its publisher and its day (UTC) as publication date, and no NLP (no entities,
no date mentions). Storyline's `StoryIndex` clusters them for several similarity thresholds,
and the published reference baseline clusters the same headlines: TF-IDF of word 1-2 grams
(sublinear tf, English stop words) with cosine distance and average-link clustering, cut at
several distances. Each clustering is scored against the gold stories with pairwise and
B-cubed precision, recall and F1 (Storyline's clustering and the pairwise score are those of
bench/stories_t17.py), so that Storyline can be compared with the reference line
in ../shared/datasets/README.md (pairwise F1 0.757, B-cubed F1 0.813 on held-out stories).

scikit-learn is not among the project's dependencies, so the baseline is rebuilt here on
numpy and scipy: the vectoriser follows TfidfVectorizer's defaults (lower case, tokens of two
or more word characters, smoothed idf, l2 norm) but drops spaCy's English stop words, which
differ slightly from scikit-learn's list; average link is scipy's `linkage` + `fcluster`,
merging clusters while their distance is below the cut, as `distance_threshold` does.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from pathlib import Path

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from spacy.lang.en.stop_words import STOP_WORDS

from storyline.model import Article, ArticleAnalysis, Sentence
from storyline.stories import THRESHOLD
from benchdata import dataset_dir
from stories_t17 import cluster, pairwise

THRESHOLDS = (0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25)
CUTS = (0.85, 0.9, 0.95, 0.97, 0.98, 0.99)  # cosine distances for the average-link baseline
_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # TfidfVectorizer's default token pattern
_STOP = frozenset(w.lower() for w in STOP_WORDS)

Scores = tuple[float, float, float]


def load(data: Path, per_story: int) -> tuple[list[ArticleAnalysis], dict[str, str]]:
    """The first `per_story` headlines of each story (by timestamp, then id), and their story."""
    by_story: dict[str, list[dict[str, str]]] = defaultdict(list)
    with (data / "headlines.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            by_story[row["STORY"]].append(row)
    analyses, story_of = [], {}
    for story in sorted(by_story):
        rows = sorted(by_story[story], key=lambda r: (int(r["TIMESTAMP"]), int(r["ID"])))
        for row in rows[:per_story]:
            analysis = headline_analysis(row)
            analyses.append(analysis)
            story_of[analysis.article.id] = story
    return analyses, story_of


def headline_analysis(row: Mapping[str, str]) -> ArticleAnalysis:
    """One headline as an article of one sentence, dated by its timestamp's UTC day."""
    day = dt.datetime.fromtimestamp(int(row["TIMESTAMP"]) / 1000, tz=dt.timezone.utc).date()
    text = row["TITLE"].strip()
    article = Article(
        id=f"uci-{int(row['ID']):07d}",
        path=row["URL"],
        url=row["URL"],
        source=row["PUBLISHER"],
        published=day.isoformat(),
        text=text,
    )
    return ArticleAnalysis(article=article, sentences=[Sentence(start=0, end=len(text))])


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=dataset_dir("uci-news"))
    parser.add_argument("--per-story", type=int, default=25)
    args = parser.parse_args()
    analyses, gold = load(args.data, args.per_story)
    print(f"{len(analyses)} headlines in {len(set(gold.values()))} gold stories")
    print(f"{'system':<10} {'setting':<16} clusters  pair P pair R pairF1  B3 P  B3 R  B3 F1")
    for threshold in THRESHOLDS:
        setting = f"t={threshold:.2f}" + (" (default)" if threshold == THRESHOLD else "")
        print(row("storyline", setting, cluster(analyses, threshold), gold))
    ids = [a.article.id for a in analyses]
    distances = cosine_distances(tfidf([a.article.text for a in analyses]))
    for cut in CUTS:
        print(row("tfidf-avg", f"cut={cut:.2f}", baseline_clusters(ids, distances, cut), gold))


if __name__ == "__main__":
    main()
