"""Does the order in which batches arrive change the stories? Two batch orders against one run.

    .venv/bin/python bench/stories_order.py [--articles 200]

Adds the first N PolNeAR train articles (sorted by file name; `$STORYLINE_DATA/polnear`, else
../shared/datasets/polnear) to a store through the Python API (`storyline.Store.add`, what
`storyline brief` runs), in three ways, each into its own store:
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

import storyline
from storyline.model import Story
from benchdata import dataset_dir
from story_scoring import bcubed, pairwise


def grow(store_path: Path, batches: Sequence[Sequence[Path]]) -> list[Story]:
    """The stories after adding `batches` of files to a new store, one run each."""
    with storyline.Store(store_path) as store:
        for batch in batches:
            store.add([str(f) for f in batch])
        return store.stories()


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
    args = parser.parse_args()
    files = sorted(args.data.glob("*.txt"))[: args.articles]
    cut = min(150, len(files))
    backward = list(reversed(files))
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        at_once = grow(Path(scratch) / "once.duckdb", [files])
        forward = grow(Path(scratch) / "forward.duckdb", [files[:cut], files[cut:]])
        reverse = grow(Path(scratch) / "reverse.duckdb", [backward[i : i + 50] for i in range(0, len(files), 50)])
        print(f"{len(files)} articles added three ways in {time.perf_counter() - started:.0f} s")
    print(f"{'grouping':<22} stories  pair F1  B3 F1  ids shared")
    print(compare("at once", at_once, at_once))
    print(compare("150+50 vs at once", forward, at_once))
    print(compare("4x50 reverse vs once", reverse, at_once))
    print(compare("150+50 vs 4x50 rev", forward, reverse))


if __name__ == "__main__":
    main()
