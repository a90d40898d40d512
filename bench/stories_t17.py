"""Story clustering against Timeline17's topics, with the TF-IDF average-link baseline.

    .venv/bin/python bench/stories_t17.py [--per-topic 25] [--data DIR]

Takes the first N articles (by uid) of each Timeline17 topic folder
(`$STORYLINE_DATA/timeline17`, else ../shared/datasets/timeline17), with their document
creation dates as publication dates, and clusters them on text and time alone (no NLP: no
entities, no date mentions) for several similarity thresholds; the baseline of
bench/story_scoring.py clusters the same full texts. Two articles of the same topic folder
should share a story. Topics run for months and several are about neighbouring conflicts
(Egypt, Libya, Syria, Yemen), so this is the hard confirmation of the threshold chosen on
headlines.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from storyline.model import Article, ArticleAnalysis
from benchdata import dataset_dir
from story_scoring import print_table, whole_text

THRESHOLDS = (0.1, 0.12, 0.15, 0.2, 0.25)


def load(data: Path, per_topic: int) -> tuple[list[ArticleAnalysis], dict[str, str]]:
    analyses, topic_of = [], {}
    for folder in sorted(p for p in data.iterdir() if (p / "articles.json").exists()):
        items = json.loads((folder / "articles.json").read_text(encoding="utf-8"))
        for item in sorted(items, key=lambda x: int(x["uid"]))[:per_topic]:
            article_id = f"{folder.name}-{item['uid']}"
            text = item["text"]
            article = Article(id=article_id, path=article_id, text=text, published=item["dct"])
            analyses.append(whole_text(article))
            topic_of[article_id] = folder.name
    return analyses, topic_of


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=dataset_dir("timeline17"))
    parser.add_argument("--per-topic", type=int, default=25)
    args = parser.parse_args()
    analyses, topic_of = load(args.data, args.per_topic)
    print(f"{len(analyses)} articles in {len(set(topic_of.values()))} topics")
    print_table(analyses, topic_of)


if __name__ == "__main__":
    main()
