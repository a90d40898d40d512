"""Calibrated confidence of a quote: the probability that its content and speaker are right.

A quote's evidence is three words: its kind, how it was found (the cue's class — "speech",
"belief", "stance", "intent", "topic", "request" — or the positional evidence — "after",
"before", "dash", "colon", "pull", "continuation") and the form of its speaker ("name",
"description", "pronoun", "relative", each "+res" when resolved to a named mention, or
"none"). `data/quote_confidence.tsv` holds, for every combination seen on PolNeAR train, the
share of such records whose content and speaker were right, smoothed toward the share of its
coarser key; `bench/quotes_confidence.py` fits it. A table, not a model: each figure can be
read and checked, and the same evidence always gives the same number.
"""

from __future__ import annotations

from spacy.tokens import Span

from storyline.calibration import CalibrationTable
from storyline.lexicon import ACTOR_LABELS, RELATIVE_PRONOUNS

TABLE = "quote_confidence.tsv"
# used only when the table lacks even the kind: the share right of all train records
_FALLBACK = 0.5


def speaker_form(speaker: Span | None, anchor: tuple[int, int] | None) -> str:
    """How the speaker was found: a name, a description, a pronoun or a relative pronoun
    (each with "+res" when it resolved to a named mention), or "none"."""
    if speaker is None:
        return "none"
    root = speaker.root
    if root.pos_ == "PRON" or root.lower_ in RELATIVE_PRONOUNS:
        form = "relative" if root.lower_ in RELATIVE_PRONOUNS else "pronoun"
    elif any(t.ent_type_ in ACTOR_LABELS for t in speaker):
        form = "name"
    else:
        form = "description"
    return form + "+res" if anchor is not None and form != "name" else form


def keys(kind: str, evidence: str, form: str) -> tuple[str, ...]:
    """The table keys of one quote's evidence, most specific first."""
    return (f"{kind}|{evidence}|{form}", f"{kind}|{evidence}", kind, "*")


_CALIBRATION = CalibrationTable(TABLE, _FALLBACK)


def confidence(kind: str, evidence: str, form: str) -> float:
    """The fitted share right of the most specific key the table has for this evidence."""
    return _CALIBRATION.confidence(keys(kind, evidence, form))
