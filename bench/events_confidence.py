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
from pathlib import Path

from benchdata import dataset_dir
from calibration import Table, fit, write
from events_case import MAPPING, covered, read_snippets
from storyline.calibration import CalibrationTable
from storyline.events.confidence import TABLE, actors_form, keys

ROOT = Path(__file__).resolve().parent.parent
PRIOR = 8  # records' weight of the coarser key's share in a finer key's estimate
BINS = (0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 1.01)


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
        case += [(e, covered({e.type}, gold, as_one=True)) for e in find_events(doc, "c", [], None)
                 if e.type in judged_types]
    return {"PLOVER": plover, "CASE": case}


def fit_events(judged: list[tuple[object, bool]]) -> Table:
    """The calibration table of these judged events."""
    return fit(((evidence_keys(e), right) for e, right in judged), PRIOR)


def evidence_keys(event) -> tuple[str, ...]:
    anchored = event.place is not None or event.date_source == "text"
    return keys(event.trigger_source, event.type,
                actors_form(event.source_text, event.target_text, anchored))


def write_table(table: Table, n: int) -> Path:
    path = ROOT / "src" / "storyline" / "data" / TABLE
    write(table, path, [
        "Event confidence: key (trigger source|type|actors, coarser keys too) -> probability",
        f"that the type is right, fitted by bench/events_confidence.py on the PLOVER GSR and "
        f"CASE 2021 development halves ({n} events);",
        f"smoothed toward the coarser key with a prior of {PRIOR} records. Columns: key,",
        "probability, right, records. storyline.events.confidence reads the first two.",
    ])
    return path


def reliability(name: str, judged: list[tuple[object, bool]], table: Table) -> None:
    """Mean confidence against the share right, per confidence bin, with `table`'s confidence
    (what storyline.events.confidence would give had it been fitted so)."""
    shares = CalibrationTable(TABLE, 0.5, {key: share for key, (share, *_) in table.items()})
    graded = [(shares.confidence(evidence_keys(e)), e, r) for e, r in judged]
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
    reliability("fitted on PLOVER, read on CASE", case, fit_events(plover))
    reliability("fitted on CASE, read on PLOVER", plover, fit_events(case))
    pooled = fit_events(plover + case)
    reliability("pooled fit, read on PLOVER", plover, pooled)
    reliability("pooled fit, read on CASE", case, pooled)
    if args.write_calibration:
        path = write_table(pooled, len(plover) + len(case))
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
