"""How evenly the analysis workers share the work: when each starts, ends and idles.

    .venv/bin/python bench/worker_balance.py [--articles 200] [--processes 2] [--data DIR]

Analyses the first N PolNeAR train articles (`$STORYLINE_DATA/polnear/train/text`) with
`analysis.analyze_articles`, as `storyline brief` does, each worker noting when it takes up
and gives back each batch. Prints, per worker: its first start and last end (seconds from the
call), the time it spent on batches, and the time it idled in between. A worker that ends long
before the others left its core idle at the end (the tail); idling in between means it waited
for work the parent had not handed out.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from benchdata import dataset_dir

from storyline import analysis
from storyline.model import RawDocument


_LOG: list[Path] = []
_REAL = analysis._analyze_in_worker


def _noted(batch):
    """`analysis._analyze_in_worker`, noting when this worker took up and gave back the batch
    (runs in the forked workers, which find it by name in this module)."""
    start = time.time()
    results = _REAL(batch)
    with _LOG[0].open("a") as out:
        out.write(f"{os.getpid()} {start} {time.time()}\n")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--data", type=Path, default=dataset_dir("polnear", "train", "text"))
    args = parser.parse_args()
    paths = sorted(args.data.glob("*.txt"))[: args.articles]
    prepared = [analysis.prepare(RawDocument(id=p.stem, path=str(p), text=p.read_text(encoding="utf-8")))
                for p in paths]
    with tempfile.TemporaryDirectory() as tmp:
        _LOG.append(Path(tmp) / "batches.txt")
        analysis._analyze_in_worker = _noted
        began = time.time()
        count = sum(1 for _ in analysis.analyze_articles(prepared, processes=args.processes))
        ended = time.time()
        spans: dict[str, list[tuple[float, float]]] = {}
        for line in _LOG[0].read_text().splitlines():
            pid, start, end = line.split()
            spans.setdefault(pid, []).append((float(start) - began, float(end) - began))
    print(f"{count} articles over {args.processes} workers: {ended - began:.2f} s")
    for n, (_, batches) in enumerate(sorted(spans.items()), 1):
        busy = sum(end - start for start, end in batches)
        first, last = min(s for s, _ in batches), max(e for _, e in batches)
        print(f"worker {n}: {len(batches)} batches, from {first:.2f} to {last:.2f} s, "
              f"busy {busy:.2f} s, idle in between {last - first - busy:.2f} s")


if __name__ == "__main__":
    main()
