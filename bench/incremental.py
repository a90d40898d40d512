"""How far the incremental corpus stage lands from a full rebuild, and what each costs.

    .venv/bin/python bench/incremental.py [--set timeline17|polnear] [--articles 1000]
                                          [--first 500] [--step 100] [--keep DIR [--reuse]]
                                          [--candidates 20] [--rare-share 0.02]

Stores the articles (development Timeline17 articles shuffled with a fixed seed, or PolNeAR's
train and dev texts in name order), places the first `--first` in the brief as one run does
(`increment.update_corpus`), then the rest `--step` at a time, each as a later run would; then
rebuilds a copy of the store from scratch (`storyline rebuild`) and compares the two briefs:

- stories and entities: B-cubed F1 of the partitions (articles into stories, mentions into
  entities), 1.0 when they are the same;
- quotes: the share whose speaker resolves to an entity of the same name in both;
- events, timeline entries, stances, discrepancies, summary sentences: the share of records
  (without story ids, which the two paths may name differently) found in both (Jaccard);
- on Timeline17, both paths' stories against the topic folders (B-cubed F1).

Also prints the seconds each incremental step took against the full rebuild.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Hashable, Iterable
from pathlib import Path

from benchdata import dataset_dir, timeline17_records

from storyline import increment
from storyline.corpus import StoryViews
from storyline.model import Brief, RawDocument
from storyline.pipeline import Settings, ingest, rebuild
from storyline.store import Store


def records(name: str, limit: int) -> list[dict]:
    if name == "timeline17":
        return timeline17_records(limit)
    found = []
    for part in ("train", "dev"):
        for path in sorted(dataset_dir("polnear", part, "text").glob("*.txt")):
            found.append({"id": f"{part}-{path.stem}", "text": path.read_text("utf-8")})
    return found[:limit]


def b_cubed(left: Iterable[Iterable[Hashable]], right: Iterable[Iterable[Hashable]]) -> float:
    """B-cubed F1 of two partitions of (mostly) the same items; items in one only are skipped."""
    def owner(groups):
        return {item: n for n, group in enumerate(groups) for item in group}

    a, b = owner(left), owner(right)
    shared = [item for item in a if item in b]
    if not shared:
        return 1.0
    a_groups = Counter(a[i] for i in shared)
    b_groups = Counter(b[i] for i in shared)
    pairs = Counter((a[i], b[i]) for i in shared)
    precision = sum(pairs[(a[i], b[i])] / b_groups[b[i]] for i in shared) / len(shared)
    recall = sum(pairs[(a[i], b[i])] / a_groups[a[i]] for i in shared) / len(shared)
    return 2 * precision * recall / (precision + recall)


def jaccard(left: Iterable[Hashable], right: Iterable[Hashable]) -> float:
    a, b = set(left), set(right)
    return len(a & b) / len(a | b) if a | b else 1.0


def compare(incremental: Brief, full: Brief) -> dict[str, float]:
    """Agreement of two briefs of the same articles (1.0: the same)."""
    def speakers(brief: Brief) -> dict[str, str | None]:
        names = {e.id: e.name for e in brief.entities}
        return {q.id: names.get(q.speaker or "") for q in brief.quotes}

    mine, theirs = speakers(incremental), speakers(full)
    shared = [q for q in mine if q in theirs]
    return {
        "stories (B3 F1)": b_cubed((s.articles for s in incremental.stories), (s.articles for s in full.stories)),
        "entities (B3 F1)": b_cubed(([(m.article, m.start) for m in e.mentions] for e in incremental.entities),
                                    ([(m.article, m.start) for m in e.mentions] for e in full.entities)),
        "quote speakers": sum(mine[q] == theirs[q] for q in shared) / max(1, len(shared)),
        "events": jaccard(*(((e.type, tuple((r.article, r.start) for r in e.reports), e.date) for e in b.events)
                            for b in (incremental, full))),
        "timeline": jaccard(*(((t.date, t.text) for t in b.timeline) for b in (incremental, full))),
        "stances": jaccard(*(((s.actor_name, s.issue, s.position) for s in b.stances) for b in (incremental, full))),
        "discrepancies": jaccard(*(((d.about, tuple((v.article, v.start) for v in d.values)) for d in b.discrepancies)
                                   for b in (incremental, full))),
        "summary": jaccard(*(((s.article, s.start) for s in b.summary) for b in (incremental, full))),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", choices=("timeline17", "polnear"), default="timeline17")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--first", type=int, default=500)
    parser.add_argument("--step", type=int, default=100)
    parser.add_argument("--keep", type=Path, help="keep the stores in this folder")
    parser.add_argument("--candidates", type=int, default=increment.CANDIDATES,
                        help="story candidates per new article (increment.CANDIDATES)")
    parser.add_argument("--rare-share", type=float, default=increment.RARE_SHARE,
                        help="share of the store a term may be used by and count (increment.RARE_SHARE)")
    parser.add_argument("--reuse", action="store_true",
                        help="with --keep: take the analyses stored there by an earlier run (the brief is built anew)")
    args = parser.parse_args()
    increment.CANDIDATES, increment.RARE_SHARE = args.candidates, args.rare_share
    folder = args.keep or Path(tempfile.mkdtemp(prefix="storyline-incremental-"))
    folder.mkdir(parents=True, exist_ok=True)
    settings = Settings()
    given = records(args.set, args.articles)
    path = folder / f"{args.set}-{len(given)}.duckdb"
    if not (args.reuse and path.exists()):
        path.unlink(missing_ok=True)
    with Store(path) as store:
        ingest([], store, settings, documents=[RawDocument(**r, path=r["id"]) for r in given])
        store.apply(increment.CorpusDelta(views=StoryViews([], [], [], [], [])), clear=True)
        order = store.unplaced()
        steps = [order[: args.first]] + [order[i : i + args.step] for i in range(args.first, len(order), args.step)]
        seconds = []
        for step in steps:
            start = time.perf_counter()
            for batch in (step[i : i + increment.CORPUS_BATCH] for i in range(0, len(step), increment.CORPUS_BATCH)):
                store.apply(increment.place_batch(store, batch, set(), settings.summary_words))
            seconds.append(time.perf_counter() - start)
        incremental = store.load_brief()
    copy = folder / f"{args.set}-{len(given)}-rebuilt.duckdb"
    shutil.copy(path, copy)
    with Store(copy) as store:
        start = time.perf_counter()
        rebuild(store, settings, fresh=True)
        full = store.load_brief()
        full_seconds = time.perf_counter() - start
    print(f"{args.set}: {len(order)} articles placed as {args.first} then {len(steps) - 1} runs of {args.step}")
    print(f"  first {args.first}: {seconds[0]:.1f} s; each later run: mean {sum(seconds[1:]) / max(1, len(seconds) - 1):.1f} s,"
          f" max {max(seconds[1:], default=0):.1f} s; full rebuild: {full_seconds:.1f} s")
    print(f"  stories {len(incremental.stories)} vs {len(full.stories)}, entities {len(incremental.entities)} vs "
          f"{len(full.entities)}, events {len(incremental.events)} vs {len(full.events)}")
    for name, value in compare(incremental, full).items():
        print(f"  {name:<18} {value:.3f}")
    if args.set == "timeline17":  # the topic folders are the gold stories (id: topic-uid)
        gold = {}
        for record in given:
            gold.setdefault(record["id"].rsplit("-", 1)[0], []).append(record["id"])
        for name, brief in (("incremental", incremental), ("full rebuild", full)):
            print(f"  stories against the topics, {name}: B3 F1 {b_cubed(gold.values(), (s.articles for s in brief.stories)):.3f}")
    if args.keep is None:
        shutil.rmtree(folder)


if __name__ == "__main__":
    sys.exit(main())
