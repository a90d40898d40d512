"""Fit event confidence on the development data sets; show its reliability across them.

Every event `find_events` codes is judged right when its type is the record's gold type
(PLOVER GSR: one gold event a sentence, so an extra event of another type counts as wrong) or
one of the snippet's gold types (CASE 2021 task 2, scored subtypes only, FIGHT and ASSAULT as
one; only events of the five types CASE annotates are judged there). The share right per
evidence key (how the trigger was found | type | actors) is smoothed
toward its coarser key. The reliability tables show, per confidence bin, the mean confidence
against the share right: fitted on one set and read on the other (PLOVER -> CASE, CASE ->
PLOVER), and the pooled fit that `--write-calibration` writes to data/event_confidence.tsv.

    python bench/events_confidence.py [--write-calibration]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from benchdata import dataset_dir
from events_case import MAPPING, read_snippets

ROOT = Path(__file__).resolve().parent.parent
PRIOR = 8  # records' weight of the coarser key's share in a finer key's estimate
BINS = (0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 1.01)
_VIOLENT = frozenset({"FIGHT", "ASSAULT"})


def _right(type_: str, gold: frozenset[str]) -> bool:
    return type_ in gold or (type_ in _VIOLENT and bool(gold & _VIOLENT))


def judged_events(nlp) -> dict[str, list[tuple[object, bool]]]:
    """(event, right) for every coded event of each data set."""
    from storyline.events import find_events

    records = json.loads(dataset_dir("plover-gsr", "records.json").read_text(encoding="utf-8"))
    plover = []
    for record, doc in zip(records, nlp.pipe(r["text"] for r in records)):
        gold = frozenset({record["event"]})
        plover += [(e, e.type in gold) for e in find_events(doc, record["id"], [], None)]
    snippets = [s for s in read_snippets(dataset_dir("case2021-task2", "snippets.tsv"))
                if s.subtype in MAPPING]
    # A CASE snippet is annotated with one event type of five families: an event of another
    # family (a DEMAND in a protest snippet) can be neither confirmed nor refuted there.
    judged_types = frozenset().union(*MAPPING.values())
    case = []
    for snippet, doc in zip(snippets, nlp.pipe(s.text for s in snippets)):
        gold = MAPPING[snippet.subtype]
        case += [(e, _right(e.type, gold)) for e in find_events(doc, "c", [], None)
                 if e.type in judged_types]
    return {"PLOVER": plover, "CASE": case}


def fit(judged: list[tuple[object, bool]]) -> list[tuple[str, float, int, int]]:
    """(key, smoothed share right, right, records) for every key seen, coarse keys first."""
    from storyline.events.confidence import actors_form, keys

    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for event, right in judged:
        form = actors_form(event.source_text, event.target_text)
        for key in keys(event.trigger_source, event.type, form):
            counts[key][0] += right
            counts[key][1] += 1
    rows: list[tuple[str, float, int, int]] = []
    share: dict[str, float] = {}
    for key in sorted(counts, key=lambda k: (k.count("|") if k != "*" else -1, k)):
        right, total = counts[key]
        parent = "*" if "|" not in key else key.rsplit("|", 1)[0]
        prior = share.get(parent, right / total)
        share[key] = (right + PRIOR * prior) / (total + PRIOR)
        rows.append((key, share[key], right, total))
    return rows


def write_table(rows: list[tuple[str, float, int, int]], n: int) -> Path:
    path = ROOT / "src" / "storyline" / "data" / "event_confidence.tsv"
    lines = [
        "# Event confidence: key (trigger source|type|actors, coarser keys too) -> probability",
        f"# that the type is right, fitted by bench/events_confidence.py on the PLOVER GSR and "
        f"CASE 2021 development halves ({n} events);",
        f"# smoothed toward the coarser key with a prior of {PRIOR} records. Columns: key,",
        "# probability, right, records. storyline.events.confidence reads the first two.",
    ]
    lines += [f"{k}\t{p:.3f}\t{r}\t{t}" for k, p, r, t in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def scored(rows: list[tuple[str, float, int, int]], event) -> float:
    """The confidence a fitted table gives an event (as storyline.events.confidence does)."""
    from storyline.events.confidence import actors_form, keys

    table = {key: share for key, share, *_ in rows}
    form = actors_form(event.source_text, event.target_text)
    return next((table[k] for k in keys(event.trigger_source, event.type, form) if k in table), 0.5)


def reliability(name: str, judged: list[tuple[object, bool]],
                rows: list[tuple[str, float, int, int]]) -> None:
    """Mean confidence against the share right, per confidence bin."""
    graded = [(scored(rows, e), e, r) for e, r in judged]
    print(f"{name}: {len(judged)} events, {sum(r for _, r in judged)} right")
    print("  confidence    events  mean conf  share right")
    for low, high in zip(BINS, BINS[1:]):
        inside = [(c, r) for c, _, r in graded if low <= c < high]
        if inside:
            mean = sum(c for c, _ in inside) / len(inside)
            right = sum(r for _, r in inside) / len(inside)
            print(f"  [{low:.1f}, {min(high, 1.0):.1f})  {len(inside):6}  {mean:9.3f}  {right:11.3f}")
    shown = [r for c, e, r in graded if c >= 0.8 and e.is_fact]
    if shown:
        print(f"  shown (facts, confidence >= 0.8): {len(shown)} events, precision "
              f"{sum(shown) / len(shown):.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-calibration", action="store_true",
                        help="write data/event_confidence.tsv from the PLOVER records")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from storyline.nlp import load_pipeline

    nlp = load_pipeline()
    judged = judged_events(nlp)
    plover, case = judged["PLOVER"], judged["CASE"]
    reliability("fitted on PLOVER, read on CASE", case, fit(plover))
    reliability("fitted on CASE, read on PLOVER", plover, fit(case))
    pooled = fit(plover + case)
    reliability("pooled fit, read on PLOVER", plover, pooled)
    reliability("pooled fit, read on CASE", case, pooled)
    if args.write_calibration:
        path = write_table(pooled, len(plover) + len(case))
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
