"""Does the order in which batches arrive change the stories? Two batch orders against one run.

    .venv/bin/python bench/stories_order.py [--articles 200] [--keep DIR]

Analyses the first N PolNeAR train articles (sorted by file name; `$STORYLINE_DATA/polnear`,
else ../shared/datasets/polnear) once with `storyline brief`, then builds the corpus stage as
the pipeline does on a growing store (`corpus.build_brief` with the stories of the previous
run), in three ways:
- at once: all N articles in one run;
- forward: the first 150 then the other 50 (as the issue that asked for this measured);
- reverse: four batches of 50 in reverse file order.
Each batch grouping is compared with the one-run grouping and with the other batch grouping
by pairwise F1 (symmetric: P and R swap when the roles do) and B-cubed F1, with the number of
stories, and the share of one-run story ids a batch run also has (ids are those of the first
article a story was opened with, so they differ when batches arrive in another order).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from storyline.corpus import build_brief
from storyline.model import ArticleAnalysis, Article, Story
from storyline.api import brief
from storyline.settings import Settings
from storyline.store import Store
from benchdata import dataset_dir
from story_scoring import bcubed, pairwise


def grow(analyses: Sequence[ArticleAnalysis], articles: Sequence[Article],
         batches: Sequence[Sequence[str]]) -> list[Story]:
    """The stories after adding `batches` of article ids one run at a time."""
    by_id = {a.article.id: a for a in analyses}
    records = {a.id: a for a in articles}
    seen: list[str] = []
    stories: list[Story] = []
    for batch in batches:
        seen.extend(batch)
        corpus = build_brief([by_id[a] for a in seen if a in by_id],
                             [records[a] for a in seen], previous_stories=stories)
        stories = corpus.stories
    return stories


def story_of(stories: Sequence[Story]) -> dict[str, str]:
    return {article: story.id for story in stories for article in story.articles}


def compare(name: str, grouping: Sequence[Story], reference: Sequence[Story]) -> str:
    found, gold = story_of(grouping), story_of(reference)
    pair = pairwise(found, gold)
    b3 = bcubed(found, gold)
    shared = len({s.id for s in grouping} & {s.id for s in reference}) / len(reference)
    return (f"{name:<22} {len(grouping):7d} {pair[2]:9.3f} {b3[2]:6.3f} {shared:10.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=dataset_dir("polnear", "train", "text"))
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="directory for the analysed store (kept)")
    args = parser.parse_args()
    files = sorted(args.data.glob("*.txt"))[: args.articles]
    with tempfile.TemporaryDirectory() as scratch:
        out = args.keep or Path(scratch)
        started = time.perf_counter()
        brief([str(f) for f in files], out, settings=Settings(formats=("json",)))
        print(f"{len(files)} articles analysed in {time.perf_counter() - started:.0f} s")
        with Store(out / "storyline.duckdb") as store:
            analyses, articles = store.analyses(), store.articles()
    by_path = {Path(a.path).name: a.id for a in articles}
    ids = [by_path[f.name] for f in files if f.name in by_path]
    cut = min(150, len(ids))
    at_once = grow(analyses, articles, [ids])
    forward = grow(analyses, articles, [ids[:cut], ids[cut:]])
    backward = list(reversed(ids))
    reverse = grow(analyses, articles, [backward[i : i + 50] for i in range(0, len(ids), 50)])
    print(f"{'grouping':<22} stories  pair F1  B3 F1  ids shared")
    print(compare("at once", at_once, at_once))
    print(compare("150+50 vs at once", forward, at_once))
    print(compare("4x50 reverse vs once", reverse, at_once))
    print(compare("150+50 vs 4x50 rev", forward, reverse))


if __name__ == "__main__":
    main()
