"""Near-duplicate articles: wire copies and re-publications, found with MinHash LSH.

Articles are compared on word 5-shingles of their cleaned text. An article whose estimated
Jaccard similarity with an earlier one reaches the threshold is marked `duplicate_of` that
article (the earliest copy, by publication date then id) and is not analysed again.

Candidates come from LSH banding: a signature is cut into bands, and two articles are
candidates when they agree on a whole band (`band_keys`). The store keeps each original's
band keys, so a run reads only the stored originals its articles share a band with, not
every stored signature; each candidate is then checked against `THRESHOLD` itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

SHINGLE_WORDS = 5
NUM_PERM = 128
SCHEME = "affine32"  # datasketch's hashing scheme, named: stored signatures are read back with it
THRESHOLD = 0.7
# LSH only proposes candidates; a lower banding threshold keeps pairs near THRESHOLD from
# slipping through, and each candidate is then checked against THRESHOLD itself.
CANDIDATE_THRESHOLD = 0.5
_WORD = re.compile(r"\w+", re.UNICODE)


def signature(text: str) -> MinHash:
    """MinHash of the text's word shingles (case-folded, punctuation ignored)."""
    words = _WORD.findall(text.lower())
    minhash = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    if len(words) < SHINGLE_WORDS:
        shingles = [" ".join(words)] if words else []
    else:
        shingles = [" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)]
    minhash.update_batch([shingle.encode("utf-8") for shingle in shingles])
    return minhash


@lru_cache(maxsize=1)
def band_shape() -> tuple[int, int]:
    """(bands, hash values per band): the banding datasketch's LSH picks for `CANDIDATE_THRESHOLD`."""
    lsh = MinHashLSH(threshold=min(THRESHOLD, CANDIDATE_THRESHOLD), num_perm=NUM_PERM)
    return lsh.b, lsh.r


BandKey = tuple[int, bytes]


def band_keys(minhash: MinHash) -> list[BandKey]:
    """The (band, key) pairs the signature is filed under: the band's hash values as bytes."""
    bands, width = band_shape()
    values = minhash.hashvalues.astype("<u8")
    return [(band, values[band * width : (band + 1) * width].tobytes()) for band in range(bands)]


@dataclass
class DuplicateIndex:
    """Originals seen so far; `original_of` tells which one a new text copies, if any."""

    _buckets: dict[BandKey, list[str]] = field(default_factory=dict, init=False)
    _signatures: dict[str, MinHash] = field(default_factory=dict, init=False)

    def add(self, article_id: str, text: str | MinHash) -> None:
        """Register an original article, by its text or its signature."""
        if article_id in self._signatures:
            return
        minhash = text if isinstance(text, MinHash) else signature(text)
        self._signatures[article_id] = minhash
        for key in band_keys(minhash):
            self._buckets.setdefault(key, []).append(article_id)

    def candidates(self, minhash: MinHash) -> set[str]:
        """The registered articles that share a band with the signature."""
        return {article for key in band_keys(minhash) for article in self._buckets.get(key, ())}

    def original_of(self, text: str | MinHash) -> str | None:
        """The most similar registered article at or above the threshold, if any."""
        minhash = text if isinstance(text, MinHash) else signature(text)
        best: tuple[float, str] | None = None
        for candidate in sorted(self.candidates(minhash)):
            similarity = minhash.jaccard(self._signatures[candidate])
            if similarity >= THRESHOLD and (best is None or similarity > best[0]):
                best = (similarity, candidate)
        return best[1] if best else None


def to_bytes(minhash: MinHash) -> bytes:
    """A signature as the store keeps it."""
    return minhash.hashvalues.astype("<u8").tobytes()


def stored_form(minhash: MinHash) -> tuple[bytes, list[BandKey]]:
    """A signature as the store keeps it, with the band keys it is found by."""
    return to_bytes(minhash), band_keys(minhash)


def from_bytes(data: bytes) -> MinHash:
    """A signature the store kept (`to_bytes`)."""
    return MinHash(num_perm=NUM_PERM, seed=1, hashvalues=np.frombuffer(data, dtype="<u8"), scheme=SCHEME)


def find_duplicates(
    articles: Iterable[tuple[str, str | MinHash, str | None]], known: Iterable[tuple[str, str | MinHash]] = ()
) -> dict[str, str]:
    """Map each duplicate article id to its original's id.

    `articles` are new `(id, text or signature, published)` triples; `known` are `(id, text or
    signature)` of articles already stored, which always stay originals (those sharing a band
    with a new article are enough: `band_keys`). New articles are taken earliest first (then by
    id), so the result does not depend on the order they were given in.
    """
    index = DuplicateIndex()
    for article_id, text in sorted(known, key=lambda k: k[0]):
        index.add(article_id, text)
    duplicates: dict[str, str] = {}
    for article_id, text, _published in sorted(articles, key=lambda a: (a[2] or "9999", a[0])):
        minhash = text if isinstance(text, MinHash) else signature(text)  # once: an original is registered by it
        original = index.original_of(minhash)
        if original is not None and original != article_id:
            duplicates[article_id] = original
        else:
            index.add(article_id, minhash)
    return duplicates
