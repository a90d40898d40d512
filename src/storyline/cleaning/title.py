"""Find the headline of a flattened page and the lines that merely repeat it.

Pages print the headline several times (breadcrumb "Home world <headline>", the headline
itself, an image alt text starting with it). The headline is the header line that repeats, else
the first headline-shaped header line whose words the body shares, else the headline-shaped
header line with the most content words.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from storyline.cleaning.features import Features, is_headline, stopwords
from storyline.cleaning.units import Unit

_MIN_CONTENT_WORDS = 3
_MIN_BODY_OVERLAP = 0.5
_MAX_ECHO_EXTRA_WORDS = 4


@dataclass(frozen=True)
class Title:
    """The headline found (if any) and the reasons to cut the units that carry it."""

    text: str | None
    cuts: dict[int, str] = field(default_factory=dict)


def _content_words(f: Features) -> list[str]:
    stops = stopwords()
    return [w.lower() for w in f.words if w[0].isalpha() and w.lower() not in stops]


def _repeated(units: list[Unit], candidates: list[int]) -> int | None:
    """A candidate that stands again on its own line or ends another header line."""
    counts = Counter(unit.text for unit in units)
    for i in candidates:
        text = units[i].text
        if counts[text] >= 2:
            return i
        if any(j != i and units[j].text.endswith(" " + text) for j in candidates):
            return i
    return None


def _shares_body(f: Features, vocabulary: set[str]) -> bool:
    words = _content_words(f)
    if len(words) < _MIN_CONTENT_WORDS:
        return False
    return sum(1 for w in words if w in vocabulary) / len(words) >= _MIN_BODY_OVERLAP


def _echoes(units: list[Unit], feats: list[Features], title: str) -> dict[int, str]:
    """Units that repeat the title: itself, a breadcrumb ending with it, title plus a label."""
    cuts: dict[int, str] = {}
    for i, unit in enumerate(units):
        if unit.text == title:
            cuts[i] = "duplicate headline"
        elif unit.text.endswith(" " + title):
            extra = feats[i].n_words - len(title.split())
            if extra <= _MAX_ECHO_EXTRA_WORDS:
                cuts[i] = "breadcrumb"
        elif unit.text.startswith(title + " "):
            extra = feats[i].n_words - len(title.split())
            if extra <= _MAX_ECHO_EXTRA_WORDS:
                cuts[i] = "duplicate headline"
    return cuts


def repeated_headline(units: list[Unit], feats: list[Features], header: list[int]) -> int | None:
    """A headline-shaped `header` unit printed again, alone or ending a breadcrumb, else None.

    Pages print their headline several times (breadcrumb, heading, image alt text); a document
    written as text prints it once, so a repeat is evidence that the text is a flattened page.
    """
    return _repeated(units, [i for i in header if is_headline(feats[i], units[i].text)])


def find_title(
    units: list[Unit], feats: list[Features], header: list[int], body: list[int]
) -> Title:
    """The page headline among the `header` units (before the body), given the `body` units."""
    candidates = [i for i in header if is_headline(feats[i], units[i].text)]
    chosen = _repeated(units, candidates)
    if chosen is None:
        vocabulary = {w for i in body for w in _content_words(feats[i])}
        chosen = next((i for i in candidates if _shares_body(feats[i], vocabulary)), None)
    if chosen is None:  # the header line with the most words that carry meaning
        scored = [(len(_content_words(feats[i])), -i) for i in candidates]
        best = max(scored, default=(0, 0))
        chosen = -best[1] if best[0] >= _MIN_CONTENT_WORDS else None
    if chosen is None:
        return Title(None)
    title = units[chosen].text
    cuts = _echoes(units, feats, title)
    cuts[chosen] = "title"
    return Title(title, cuts)
