"""Calibrated confidence of an event: the probability that its type is right.

An event's evidence is three words: how its trigger was found ("lexicon" or "wordnet"), its
PLOVER type, and which actors the parse gave it ("both", "source", "target", else "placed" or
"none").
`data/event_confidence.tsv` holds, for every combination seen on the PLOVER development
records, the share of such events whose type was the gold type, smoothed toward the share of
its coarser key; `bench/events_confidence.py` fits it there and shows its reliability on the
CASE 2021 snippets. A table, not a model: each figure can be read and checked.
"""

from __future__ import annotations

from storyline.calibration import CalibrationTable

TABLE = "event_confidence.tsv"
_FALLBACK = 0.5  # only when the table lacks even the catch-all key


def actors_form(source: object | None, target: object | None, anchored: bool = False) -> str:
    """Which actors the event has: 'both', 'source', 'target'; with none, 'placed' when a
    place or a date in the text still ties it to the world, else 'none' (often a generic
    remark: "simply complaining is not enough")."""
    if source is not None and target is not None:
        return "both"
    if source is not None or target is not None:
        return "source" if source is not None else "target"
    return "placed" if anchored else "none"


def keys(trigger_source: str, type_: str, actors: str) -> tuple[str, ...]:
    """The table keys of one event's evidence, most specific first."""
    return (f"{trigger_source}|{type_}|{actors}", f"{trigger_source}|{type_}", trigger_source, "*")


_CALIBRATION = CalibrationTable(TABLE, _FALLBACK)


def confidence(trigger_source: str, type_: str, actors: str) -> float:
    """The fitted share right of the most specific key the table has for this evidence."""
    return _CALIBRATION.confidence(keys(trigger_source, type_, actors))
