"""Story clustering on MEANTIME's Wikinews articles, against a TF-IDF average-link baseline.

    .venv/bin/python bench/stories_meantime.py [--data DIR]

Takes the 120 English Wikinews articles of MEANTIME (`$STORYLINE_DATA/meantime`, else
../shared/datasets/meantime; the tokens of `MEANTIME-prep/output_data/en/meantime.conll`) and
treats each of its four topic folders (Airbus, Apple, GM, stock market) as one gold story. The
text is rebuilt from the tokens as bench/entities.py does (title and date line as their own
paragraphs, body sentences run on, light detokenisation); the date line (sentence 1, "March 01,
2008") gives the publication date, and there is no NLP (no entities, no date mentions).
Storyline's `StoryIndex` clusters the articles for several similarity thresholds, the default
among them, and the TF-IDF average-link baseline of bench/stories_uci.py (imported, not copied)
clusters the same texts for several cuts; thresholds and cuts are those of stories_uci.py, so
that one setting can be read across corpora. Each clustering is scored against the topics with
pairwise and B-cubed precision, recall and F1.

Why: the story threshold must be chosen on one corpus and confirmed on another. UCI headlines
(bench/stories_uci.py) are one-line reports of days-long stories, Timeline17
(bench/stories_t17.py) follows months-long topics from several sources; MEANTIME is a third
check, with full articles and topics that run over several years (so Storyline's time decay
caps its recall by design, and precision says how often different topics merge).
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from entities import meantime_text, read_meantime_tokens
from storyline.model import Article, ArticleAnalysis, Sentence
from storyline.stories import THRESHOLD
from stories_uci import (
    CUTS,
    THRESHOLDS,
    baseline_clusters,
    cosine_distances,
    row,
    tfidf,
)
from benchdata import dataset_dir
from stories_t17 import cluster

CONLL = Path("MEANTIME-prep", "output_data", "en", "meantime.conll")


def load(data: Path) -> tuple[list[ArticleAnalysis], dict[str, str]]:
    """Every article (by document key) and its topic folder, e.g. `corpus_airbus`."""
    documents = read_meantime_tokens(data / CONLL)
    analyses, topic_of = [], {}
    for key in sorted(documents):
        analysis = article_analysis(key, documents[key])
        analyses.append(analysis)
        topic_of[analysis.article.id] = key.split("/")[0]
    return analyses, topic_of


def article_analysis(key: str, sentences: list[list[str]]) -> ArticleAnalysis:
    """One document as an article of one sentence, dated by its date line when it has one."""
    text, _ = meantime_text(sentences)
    article = Article(
        id="meantime-" + key.replace("/", "-"),
        path=key,
        published=date_line(sentences[1]) if len(sentences) > 1 else None,
        text=text,
    )
    return ArticleAnalysis(article=article, sentences=[Sentence(start=0, end=len(text))])


def date_line(tokens: list[str]) -> str | None:
    """ISO day of a Wikinews date line ("March 01 , 2008"), else None."""
    try:
        day = dt.datetime.strptime(" ".join(t for t in tokens if t != ","), "%B %d %Y")
    except ValueError:
        return None
    return day.date().isoformat()


def storyline_rows(analyses: list[ArticleAnalysis], gold: Mapping[str, str]) -> list[str]:
    """One table line per threshold, the default included (and marked)."""
    lines = []
    for threshold in sorted(set(THRESHOLDS) | {THRESHOLD}):
        setting = f"t={threshold:.2f}" + (" (default)" if threshold == THRESHOLD else "")
        lines.append(row("storyline", setting, cluster(analyses, threshold), gold))
    return lines


def baseline_rows(analyses: list[ArticleAnalysis], gold: Mapping[str, str]) -> list[str]:
    """One table line per cut of the average-link tree over TF-IDF cosine distances."""
    ids = [a.article.id for a in analyses]
    distances = cosine_distances(tfidf([a.article.text for a in analyses]))
    return [
        row("tfidf-avg", f"cut={cut:.2f}", baseline_clusters(ids, distances, cut), gold)
        for cut in CUTS
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=dataset_dir("meantime"))
    args = parser.parse_args()
    analyses, gold = load(args.data)
    dated = sum(a.article.published is not None for a in analyses)
    print(f"{len(analyses)} articles ({dated} dated) in {len(set(gold.values()))} topics")
    print(f"{'system':<10} {'setting':<16} clusters  pair P pair R pairF1  B3 P  B3 R  B3 F1")
    for line in storyline_rows(analyses, gold) + baseline_rows(analyses, gold):
        print(line)


if __name__ == "__main__":
    main()
