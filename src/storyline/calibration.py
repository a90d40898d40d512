"""Calibration tables: evidence keys -> the share of such records found right.

Quote and event confidence are tables, not models (`data/quote_confidence.tsv`,
`data/event_confidence.tsv`): each key names a combination of evidence, coarser keys back it
up, and the most specific key the table has gives the confidence. The benchmarks that fit them
(`bench/calibration.py`) write the same layout: key, probability, right, records.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

from storyline.lexicon import read_rows


class CalibrationTable:
    """One table under `storyline/data/`, read on first use; or, to try a fit before it is
    written, the `shares` given."""

    def __init__(self, name: str, fallback: float, shares: dict[str, float] | None = None) -> None:
        self.name = name
        self.fallback = fallback  # used only when the table lacks even the catch-all key
        if shares is not None:
            self.shares = shares

    @cached_property
    def shares(self) -> dict[str, float]:
        return {key: float(probability) for key, probability, *_ in read_rows(self.name)}

    def confidence(self, keys: Iterable[str]) -> float:
        """The fitted share right of the first of `keys` (most specific first) the table has."""
        shares = self.shares
        return next((shares[key] for key in keys if key in shares), self.fallback)
