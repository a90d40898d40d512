"""Name forms: when two ways of writing a name can be the same name, or the same person.

`name_key` folds case, accents, dots, possessives, a leading honorific and common
transliteration variants; `person_name` reads a full name's parts and `same_person` says whether
two full names can name one person ("Donald J. Trump" and "Donald Trump" can, "George W. Bush"
and "George H. W. Bush" cannot). Shared by the per-article chains (`entities`) and the
cross-article merge (`entity_merge`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from storyline.lexicon import HONORIFICS, ROLE_NOUNS


_LEADING_DETERMINERS = ("the ", "The ")


POSSESSIVE = re.compile(r"(?:'s|’s|‘s|'|’)$")


@dataclass(frozen=True)
class PersonName:
    """A person's full name as folded parts: "Donald J. Trump Jr." -> donald (j) trump jr."""

    first: str
    middle: tuple[str, ...]
    last: str
    suffix: str = ""

    @property
    def specificity(self) -> tuple[int, int]:
        return len(self.middle), len(self.first)


_NAME_SUFFIXES = frozenset("jr sr ii iii iv".split())


@lru_cache(maxsize=1 << 16)
def person_name(text: str) -> PersonName | None:
    """The parts of a name of two or more words, or None."""
    words = name_key(text).split(" ")
    suffix = ""
    if len(words) > 2 and words[-1] in _NAME_SUFFIXES:
        suffix, words = words[-1], words[:-1]
    if len(words) < 2 or not all(w.isalpha() for w in words) or words[0] in HONORIFICS or words[0] in ROLE_NOUNS:
        return None  # "President Obama" names a person by title and surname only
    return PersonName(words[0], tuple(words[1:-1]), words[-1], suffix)


def same_person(a: PersonName, b: PersonName, loose_first: bool = False) -> bool:
    """Whether two full names can name one person: same surname and suffix, first names equal
    (or, with `loose_first`, one a short form of the other: Tim/Timothy), middle names the same
    or missing on one side, an initial matching a name ("J." ~ "James").
    "George W. Bush" and "George H. W. Bush" cannot; "Donald Trump" and "Donald J. Trump" can."""
    if a.last != b.last or a.suffix != b.suffix:
        return False
    if not _parts_agree(a.first, b.first, loose_first):
        return False
    if not a.middle or not b.middle:
        return True
    return len(a.middle) == len(b.middle) and all(_parts_agree(x, y, False) for x, y in zip(a.middle, b.middle))


def _parts_agree(x: str, y: str, loose: bool) -> bool:
    if x == y:
        return True
    short, long = sorted((x, y), key=len)
    if len(short) == 1:
        return long.startswith(short)
    return loose and len(short) >= 3 and long.startswith(short)


@lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """A name folded so that spelling variants of one name compare equal.

    Folds case, accents, dots in acronyms ("U.N." -> "un"), possessives, a leading honorific
    ("Mr. Lavrov" -> "lavrov"), and the commonest
    transliteration differences of Slavic names ("Sergey"/"Sergei", "Dmitry"/"Dmitri").
    """
    text = POSSESSIVE.sub("", text.strip())
    for determiner in _LEADING_DETERMINERS:
        if text.startswith(determiner):
            text = text[len(determiner) :]
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = text.replace(".", "").replace("-", " ")
    words = re.sub(r"\s+", " ", text).strip().split(" ")
    if len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]  # "Mr. Lavrov" is "Lavrov"
    return " ".join(_fold_transliteration(word) for word in words)


def _fold_transliteration(word: str) -> str:
    if len(word) > 3:
        word = re.sub(r"(?<=[aeiou])y$", "i", word)  # Sergey -> sergei
        word = re.sub(r"(?<=[^aeiou])y$", "i", word)  # Dmitry -> dmitri
    return word
