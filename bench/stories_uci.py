"""Story clustering on UCI News Aggregator headlines, against a TF-IDF average-link baseline.

    .venv/bin/python bench/stories_uci.py [--per-story 25] [--data DIR]

Takes every Google News story of the UCI sample (`$STORYLINE_DATA/uci-news/headlines.csv`, else
../shared/datasets/uci-news) and its first N headlines by timestamp (then id): one headline is
one article, with its publisher and its day (UTC) as publication date, and no NLP (no entities,
no date mentions). Storyline and the TF-IDF average-link baseline cluster the same headlines
(bench/story_scoring.py), scored with pairwise and B-cubed F1, so that Storyline can be compared
with the reference line in ../shared/datasets/README.md (pairwise F1 0.757, B-cubed F1 0.813 on
held-out stories). Storyline's threshold is chosen here and confirmed on full articles
(bench/stories_t17.py, bench/stories_meantime.py).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

from storyline.model import Article, ArticleAnalysis
from benchdata import dataset_dir
from story_scoring import print_table, whole_text


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
    return whole_text(article)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=dataset_dir("uci-news"))
    parser.add_argument("--per-story", type=int, default=25)
    args = parser.parse_args()
    analyses, gold = load(args.data, args.per_story)
    print(f"{len(analyses)} headlines in {len(set(gold.values()))} gold stories")
    print_table(analyses, gold)


if __name__ == "__main__":
    main()
