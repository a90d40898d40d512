"""Story clustering against Timeline17's topics: pairwise precision, recall and F1.

    .venv/bin/python bench/stories_t17.py [--per-topic 25] [--data DIR]

Takes the first N articles (by uid) of each Timeline17 topic folder
(`$STORYLINE_DATA/timeline17`, else ../shared/datasets/timeline17), with their document
creation dates as publication dates, and clusters them on text and time alone (no NLP: no
entities, no date mentions), for several similarity thresholds. Two articles of the same
topic folder should share a story; topics run for months, so recall suffers from the time
decay by design, while precision says how often different topics are wrongly merged.
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

from storyline.model import Article, ArticleAnalysis, Sentence
from storyline.stories import THRESHOLD, StoryIndex, canonical_order
from storyline import dating
from benchdata import dataset_dir

ROOT = Path(__file__).resolve().parent.parent
THRESHOLDS = (0.1, 0.12, 0.15, 0.2, 0.25)


def load(data: Path, per_topic: int) -> tuple[list[ArticleAnalysis], dict[str, str]]:
    analyses, topic_of = [], {}
    for folder in sorted(p for p in data.iterdir() if (p / "articles.json").exists()):
        items = json.loads((folder / "articles.json").read_text(encoding="utf-8"))
        for item in sorted(items, key=lambda x: int(x["uid"]))[:per_topic]:
            article_id = f"{folder.name}-{item['uid']}"
            text = item["text"]
            article = Article(id=article_id, path=article_id, text=text, published=item["dct"])
            analyses.append(ArticleAnalysis(article=article, sentences=[Sentence(start=0, end=len(text))]))
            topic_of[article_id] = folder.name
    return analyses, topic_of


def cluster(analyses: list[ArticleAnalysis], threshold: float) -> dict[str, str]:
    index = StoryIndex([], threshold=threshold)
    index.fit(analyses)
    ranges = {a.article.id: dating.estimate(a, {}) for a in analyses}
    return {a.article.id: index.add(a) for a in canonical_order(analyses, ranges)}


def pairwise(story_of: dict[str, str], topic_of: dict[str, str]) -> tuple[float, float, float]:
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=dataset_dir("timeline17"))
    parser.add_argument("--per-topic", type=int, default=25)
    args = parser.parse_args()
    analyses, topic_of = load(args.data, args.per_topic)
    print(f"{len(analyses)} articles in {len(set(topic_of.values()))} topics")
    print("threshold  stories  pairwise P    R     F1")
    for threshold in THRESHOLDS:
        story_of = cluster(analyses, threshold)
        p, r, f = pairwise(story_of, topic_of)
        mark = "  <- default" if threshold == THRESHOLD else ""
        print(f"{threshold:9.2f}  {len(set(story_of.values())):7d}  {p:10.2f} {r:5.2f} {f:6.2f}{mark}")


if __name__ == "__main__":
    main()
