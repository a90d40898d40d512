"""Fitting the calibration tables that `storyline.calibration.CalibrationTable` reads.

Each record gives its evidence keys (most specific first, ending with the catch-all "*") and
whether it was right. A key's share right is smoothed toward its coarser key's share (an
additive prior of `prior` records), so a combination seen a few times leans on the coarser one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

DIGITS = 3

Table = dict[str, tuple[float, int, int]]  # key -> (smoothed share right, right, records)


def fit(records: Iterable[tuple[Sequence[str], bool]], prior: float) -> Table:
    """The table of every key seen; a key's coarser key is the next one in its record's keys."""
    right: Counter[str] = Counter()
    count: Counter[str] = Counter()
    parent: dict[str, str] = {}
    for keys, ok in records:
        for key, coarser in zip(keys, [*keys[1:], None]):
            right[key] += ok
            count[key] += 1
            if coarser is not None:
                parent[key] = coarser
    table: Table = {}
    for key in sorted(count, key=lambda k: (_depth(k, parent), k)):  # coarse keys first
        backing = table[parent[key]][0] if key in parent else right[key] / count[key]
        table[key] = ((right[key] + prior * backing) / (count[key] + prior), right[key], count[key])
    return table


def _depth(key: str, parent: dict[str, str]) -> int:
    depth = 0
    while key in parent:
        key, depth = parent[key], depth + 1
    return depth


def write(table: Table, path: Path, header: Sequence[str]) -> None:
    """The table as `storyline/data/*.tsv`: '#' header lines, then key, probability, right,
    records, sorted by key."""
    lines = [f"# {line}" for line in header]
    lines += [f"{key}\t{p:.{DIGITS}f}\t{r}\t{n}" for key, (p, r, n) in sorted(table.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
