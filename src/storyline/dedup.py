"""Near-duplicate articles: wire copies and re-publications, found with MinHash LSH.

Articles are compared on word 5-shingles of their cleaned text. An article whose estimated
Jaccard similarity with an earlier one reaches the threshold is marked `duplicate_of` that
article (the earliest copy, by publication date then id) and is not analysed again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

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


@dataclass
class DuplicateIndex:
    """Originals seen so far; `check` tells whether a new text copies one of them."""

    threshold: float = THRESHOLD
    _lsh: MinHashLSH = field(init=False)
    _signatures: dict[str, MinHash] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self._lsh = MinHashLSH(threshold=min(self.threshold, CANDIDATE_THRESHOLD), num_perm=NUM_PERM)

    def add(self, article_id: str, text: str | MinHash) -> None:
        """Register an original article, by its text or its signature."""
        if article_id in self._signatures:
            return
        minhash = text if isinstance(text, MinHash) else signature(text)
        self._signatures[article_id] = minhash
        self._lsh.insert(article_id, minhash)

    def original_of(self, text: str | MinHash) -> str | None:
        """The most similar registered article at or above the threshold, if any."""
        minhash = text if isinstance(text, MinHash) else signature(text)
        best: tuple[float, str] | None = None
        for candidate in sorted(self._lsh.query(minhash)):
            similarity = minhash.jaccard(self._signatures[candidate])
            if similarity >= self.threshold and (best is None or similarity > best[0]):
                best = (similarity, candidate)
        return best[1] if best else None


def to_bytes(minhash: MinHash) -> bytes:
    """A signature as the store keeps it."""
    return minhash.hashvalues.astype("<u8").tobytes()


def from_bytes(data: bytes) -> MinHash:
    """A signature the store kept (`to_bytes`)."""
    return MinHash(num_perm=NUM_PERM, seed=1, hashvalues=np.frombuffer(data, dtype="<u8"), scheme=SCHEME)


def find_duplicates(
    articles: Iterable[tuple[str, str, str | None]], known: Iterable[tuple[str, str | MinHash]] = ()
) -> dict[str, str]:
    """Map each duplicate article id to its original's id.

    `articles` are new `(id, text, published)` triples; `known` are `(id, text or signature)`
    of articles already stored, which always stay originals. New articles are taken earliest first (then by
    id), so the result does not depend on the order they were given in.
    """
    index = DuplicateIndex()
    for article_id, text in sorted(known, key=lambda k: k[0]):
        index.add(article_id, text)
    duplicates: dict[str, str] = {}
    for article_id, text, _published in sorted(articles, key=lambda a: (a[2] or "9999", a[0])):
        minhash = signature(text)  # worked out once: an original is registered by it
        original = index.original_of(minhash)
        if original is not None and original != article_id:
            duplicates[article_id] = original
        else:
            index.add(article_id, minhash)
    return duplicates
