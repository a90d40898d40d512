"""The incremental corpus stage batch by batch: what each batch reaches, costs and holds.

    .venv/bin/python bench/corpus_batches.py STORE [--batch 500]

Copies the store (one `bench/scale.py --keep DIR` leaves, say), empties its corpus records, and
places every analysed article again as runs do (`increment.place_batch`, oldest first), printing
per batch: the articles clustered together (the batch and the stored stories its candidates
belong to), the stories redone and the articles they hold, the seconds, and the process's peak
RSS so far. It shows where the corpus stage's memory goes: into the stories a batch touches.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

from storyline import increment
from storyline.corpus import StoryViews
from storyline.settings import Settings
from storyline.store import Store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store", type=Path)
    parser.add_argument("--batch", type=int, default=increment.CORPUS_BATCH)
    args = parser.parse_args()
    seen: dict[str, int] = {}
    cluster, views = increment.cluster_stories, increment.story_views

    def counted_cluster(analyses, *rest, **options):
        seen["clustered"] = len(analyses)
        return cluster(analyses, *rest, **options)

    def counted_views(stories, analyses, *rest, **options):
        seen["stories"], seen["redone"] = len(stories), len(analyses)
        return views(stories, analyses, *rest, **options)

    increment.cluster_stories, increment.story_views = counted_cluster, counted_views
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "store.duckdb"
        shutil.copy(args.store, copy)
        with Store(copy) as store:
            store.apply(increment.CorpusDelta(views=StoryViews([], [], [], [], [])), clear=True)
            pending = store.unplaced()
            for n, start in enumerate(range(0, len(pending), args.batch)):
                began = time.perf_counter()
                store.apply(increment.place_batch(store, pending[start : start + args.batch], set(),
                                                  Settings.summary_words))
                peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
                print(f"batch {n + 1}: {seen.get('clustered', 0):,} articles clustered, {seen.get('stories', 0)} "
                      f"stories redone holding {seen.get('redone', 0):,} articles, "
                      f"{time.perf_counter() - began:.0f} s, peak RSS {peak:,} MB", flush=True)


if __name__ == "__main__":
    main()
