"""Surface features of one unit, in the spirit of jusText: length, stopwords, punctuation, case."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_WORD = re.compile(r"\w+(?:['’.\-]\w+)*")
# Sentence-final punctuation, allowing closing quotes/brackets after it.
_TERMINAL = re.compile(r"[.!?…][\"'”’»)\]]*$")
_COLON_END = re.compile(r":[\"'”’»)\]]*$")
_ABBREV_END = re.compile(r"(?:\b[A-Z]\.){2,}$")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """jusText's English stoplist (shipped with trafilatura), lower-cased, loaded once."""
    import justext

    return frozenset(word.lower() for word in justext.get_stoplist("English"))


@dataclass(frozen=True)
class Features:
    """What the classifier looks at for one unit."""

    words: tuple[str, ...]
    stop_density: float
    terminal: bool  # ends a sentence (. ! ? …), closing quotes allowed
    colon_end: bool
    title_ratio: float  # share of alphabetic words starting upper-case
    all_caps: bool  # has letters and none of them lower-case
    n_numbers: int  # word tokens starting with a digit ("172", "2-1", "1996-12-06")
    n_glue: int  # stopwords of two letters or more (single letters are initials, "A. Brennan")

    @property
    def n_words(self) -> int:
        """Number of word tokens."""
        return len(self.words)


def features(text: str) -> Features:
    """Compute the features of `text` (linear in its length)."""
    words = tuple(_WORD.findall(text))
    stops = stopwords()
    n = len(words) or 1
    alphabetic = [w for w in words if w[0].isalpha()]
    upper = sum(1 for w in alphabetic if w[0].isupper())
    letters = [c for c in text if c.isalpha()]
    return Features(
        words=words,
        stop_density=sum(1 for w in words if w.lower() in stops) / n,
        terminal=bool(_TERMINAL.search(text)) and not _ABBREV_END.search(text),
        colon_end=bool(_COLON_END.search(text)),
        title_ratio=upper / len(alphabetic) if alphabetic else 0.0,
        all_caps=bool(letters) and not any(c.islower() for c in letters),
        n_numbers=sum(1 for w in words if w[0].isdigit()),
        n_glue=sum(1 for w in words if len(w) > 1 and w.lower() in stops),
    )


def is_prose(f: Features) -> bool:
    """A body-like unit: a finished sentence with function words, or a long run of prose."""
    if f.terminal or f.colon_end:
        return f.n_words >= 5 and f.stop_density >= 0.15
    return f.n_words >= 20 and f.stop_density >= 0.25


def is_data_row(f: Features) -> bool:
    """A row of a table of results, scores or figures: data, never a link, however short.

    In a sentence or a headline, function words glue the words together; in a table row
    ("Plymouth 2 Preston 1", "P. Lind ( Norway ) beat K. Aas 6-3 6-4") figures stand where
    they would be. So a line whose numbers outnumber its function words is data the article
    reports, and no furniture rule may cut it ("Storm kills 12 in Texas" is not one).
    """
    return f.n_numbers > f.n_glue


def is_headline(f: Features, text: str) -> bool:
    """Headline-shaped: 3-30 words and no sentence-final period (a closing "U.N." is fine)."""
    return 3 <= f.n_words <= 30 and (not text.endswith(".") or bool(_ABBREV_END.search(text)))
