"""Which language an article is written in (ISO 639-1), so that only text the model reads is analysed.

py3langid (a maintained langid.py that ships its own model) decides, on the first
`SAMPLE_CHARS` characters. Its model takes most of a second to load, and nearly every article
fed to an English pipeline is English: a text dense in English-only function words is
English without asking it.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Frequent English function words that are not words of other major languages written in
# Latin script ("in", "was", "will", "for" and "is" are German, Dutch or Scandinavian too).
ENGLISH_MARKERS = frozenset(
    "the and that with which were have been would their this they there about after said".split()
)
# In English news these words are about a tenth of all words (a twentieth in short, list-like
# items); in text in other languages almost none.
ENGLISH_MARKER_SHARE = 0.03
MIN_WORDS = 30
SAMPLE_CHARS = 10_000
# Below this probability the detector is unsure (short headlines, lists of names): None.
MIN_PROBABILITY = 0.9

_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the language `text` is written in, or None when unsure."""
    sample = text[:SAMPLE_CHARS]
    words = _WORD.findall(sample.lower())
    if len(words) >= MIN_WORDS and sum(w in ENGLISH_MARKERS for w in words) >= ENGLISH_MARKER_SHARE * len(words):
        return "en"
    if not words:
        return None
    code, probability = _identifier().classify(sample)
    return code if probability >= MIN_PROBABILITY else None


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
