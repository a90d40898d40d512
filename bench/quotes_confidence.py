"""Fit the quote confidence table on PolNeAR train and write it as data.

    python bench/quotes_confidence.py [DATASET_DIR] [--limit N] [--out PATH] [--dry-run]

For every record find_quotes makes, its evidence (kind, how it was found, speaker form; see
storyline.quotes.confidence) and whether its content and speaker are both right (the
quotes_polnear scoring). Each key's share right is smoothed toward its coarser key's share
(an additive prior of PRIOR records), so a combination seen a few times leans on its kind.
Writes src/storyline/data/quote_confidence.tsv unless --dry-run; then check the reliability
table on dev with bench/quotes_polnear.py.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from storyline.nlp import load_pipeline
from storyline.quotes import quotes_with_evidence
from storyline.quotes.confidence import TABLE, keys
from benchdata import dataset_dir
from calibration import Table, fit, write
from quotes_data import articles, parsed
from quotes_polnear import Pred, Score, _cue_span, read_ann

ROOT = Path(__file__).resolve().parent.parent
PRIOR = 8  # records' worth of weight the coarser key's share gets


def collect(dataset: Path, limit: int | None) -> list[tuple[tuple[str, str, str], bool]]:
    """(evidence, right) of every record on the dataset."""
    nlp = load_pipeline()
    texts = articles(dataset, limit)
    score = Score()
    out = []
    for (_, ann), doc in zip(texts, parsed(nlp, [t for t, _ in texts])):
        found = quotes_with_evidence(doc, "a")
        preds = [Pred((q.start, q.end), q.kind,
                      (q.speaker_start, q.speaker_end) if q.speaker_start is not None else None,
                      _cue_span(doc, q)) for q, _ in found]
        right = score.add(doc.text, preds, read_ann(ann))
        out.extend((evidence, ok) for (_, evidence), ok in zip(found, right))
    return out


def write_table(table: Table, out: Path, source: str) -> None:
    write(table, out, [
        "Quote confidence: key (kind|evidence|speaker form, coarser keys too) -> probability that",
        f"content and speaker are both right, fitted by bench/quotes_confidence.py on {source};",
        f"smoothed toward the coarser key with a prior of {PRIOR} records. Columns: key,",
        "probability, right, records. storyline.quotes.confidence reads the first two.",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", nargs="?", type=Path, default=dataset_dir("polnear", "train"))
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "storyline" / "data" / TABLE)
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    records = collect(args.dataset, args.limit)
    table = fit(((keys(*evidence), ok) for evidence, ok in records), PRIOR)
    for key, (p, r, n) in sorted(table.items(), key=lambda kv: -kv[1][2])[:40]:
        print(f"  {key:45} {p:.3f}  {r:5}/{n:<5}")
    if not args.dry_run:
        write_table(table, args.out, f"PolNeAR {args.dataset.name} ({len(records)} records)")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
