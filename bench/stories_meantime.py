"""Story clustering on MEANTIME's Wikinews articles, against a TF-IDF average-link baseline.

    .venv/bin/python bench/stories_meantime.py [--data DIR]

Takes the 120 English Wikinews articles of MEANTIME (`$STORYLINE_DATA/meantime`, else
../shared/datasets/meantime; the tokens of `MEANTIME-prep/output_data/en/meantime.conll`) and
treats each of its four topic folders (Airbus, Apple, GM, stock market) as one gold story. The
text is rebuilt from the tokens as bench/entities.py does (title and date line as their own
paragraphs, body sentences run on, light detokenisation); the date line (sentence 1, "March 01,
2008") gives the publication date, and there is no NLP (no entities, no date mentions).
`storyline.stories.cluster_stories` groups the articles for several similarity thresholds, the default
among them, and the TF-IDF average-link baseline of bench/story_scoring.py (shared, not copied)
clusters the same texts for several cuts; thresholds and cuts are shared with the other corpora, so
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
from pathlib import Path

from entities import meantime_text, read_meantime_tokens
from storyline.model import Article, ArticleAnalysis
from benchdata import dataset_dir
from story_scoring import print_table, whole_text

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
    return whole_text(article)


def date_line(tokens: list[str]) -> str | None:
    """ISO day of a Wikinews date line ("March 01 , 2008"), else None."""
    try:
        day = dt.datetime.strptime(" ".join(t for t in tokens if t != ","), "%B %d %Y")
    except ValueError:
        return None
    return day.date().isoformat()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=dataset_dir("meantime"))
    args = parser.parse_args()
    analyses, gold = load(args.data)
    dated = sum(a.article.published is not None for a in analyses)
    print(f"{len(analyses)} articles ({dated} dated) in {len(set(gold.values()))} topics")
    print_table(analyses, gold, undated=True)


if __name__ == "__main__":
    main()
