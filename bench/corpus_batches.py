"""The incremental corpus stage batch by batch: what each batch reaches, costs and holds.

    .venv/bin/python bench/corpus_batches.py STORE [--batch 500]

Copies the store (one `bench/scale.py --keep DIR` leaves, say), empties its corpus records, and
places every analysed article again as runs do (`increment.place_batch`, oldest first), printing
per batch: the articles clustered together (the batch and the stored articles it holds of the
stories its candidates belong to), the story segments redone and the articles they hold, the
seconds, and the process's peak RSS so far: what a batch reaches and holds as the store grows.
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
    cluster, views = increment.cluster_items, increment.segment_views

    def counted_cluster(items, *rest, **options):
        seen["clustered"] = len(items)
        return cluster(items, *rest, **options)

    def counted_views(story, analyses, *rest, **options):
        seen["segments"] = seen.get("segments", 0) + 1
        seen["redone"] = seen.get("redone", 0) + len(analyses)
        return views(story, analyses, *rest, **options)

    increment.cluster_items, increment.segment_views = counted_cluster, counted_views
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "store.duckdb"
        shutil.copy(args.store, copy)
        with Store(copy) as store, store.memory_capped():  # as `increment.update_corpus` runs
            store.apply(increment.CorpusDelta(views=StoryViews([], [], [], [], [])), clear=True)
            pending = store.unplaced()
            for n, start in enumerate(range(0, len(pending), args.batch)):
                seen.clear()
                began = time.perf_counter()
                store.apply(increment.place_batch(store, pending[start : start + args.batch], set(),
                                                  Settings.summary_words))
                increment.release_memory()
                peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
                print(f"batch {n + 1}: {seen.get('clustered', 0):,} articles clustered, {seen.get('segments', 0)} "
                      f"story segments redone holding {seen.get('redone', 0):,} articles, "
                      f"{time.perf_counter() - began:.0f} s, peak RSS {peak:,} MB", flush=True)


if __name__ == "__main__":
    main()
