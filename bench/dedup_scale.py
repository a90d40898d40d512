"""The near-duplicate check against a large store: candidates read by band key, or every signature.

    .venv/bin/python bench/dedup_scale.py --db STORE [--articles 100]

On a copy of STORE (its articles already analysed, e.g. a `bench/scale.py --keep` store):
1. every stored original gets its signature and band keys where it lacks them, as the first
   run of this version does on a store an older one wrote (timed);
2. N new texts are checked, half of them copies of stored articles (a sentence added), half
   blends of two stored articles (not copies), two ways, each timed with Python's peak
   traced memory (tracemalloc):
   - by key (what a run does): the stored originals sharing a band with them, read with
     `Store.signatures_sharing`, then `dedup.find_duplicates` against those;
   - all signatures (what runs did before): every stored original's signature read and
     indexed, then the same check.
Both must find the same duplicates; the bench stops if they do not.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from storyline.dedup import band_keys, find_duplicates, from_bytes, signature
from storyline.pipeline import _sign_unsigned
from storyline.store import Store


def measured(work: Callable[[], object]) -> tuple[object, float, float]:
    """What `work` returns, its seconds and its peak traced memory in MB."""
    tracemalloc.start()
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return result, seconds, peak


def new_texts(store: Store, n: int) -> list[tuple[str, str, None]]:
    """`n` texts: copies of stored originals (a sentence added) and blends of two of them."""
    rows = store._rows("SELECT id, text FROM articles WHERE duplicate_of IS NULL ORDER BY id")
    step = max(1, len(rows) // n)
    picked = [text for _, text in rows[::step]][:n]
    texts = []
    for k, text in enumerate(picked):
        if k % 2 == 0:
            texts.append((f"new-{k}", text + "\nThis copy was published again by another site.", None))
        else:
            other = picked[k - 1]
            texts.append((f"new-{k}", text[: len(text) // 2] + other[len(other) // 2 :], None))
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--articles", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "store.duckdb"
        shutil.copy(args.db, path)
        with Store(path) as store:
            stored = store._rows("SELECT count(*) FROM articles WHERE duplicate_of IS NULL")[0][0]
            _, upgrade_s, _ = measured(lambda: _sign_unsigned(store))
            texts = new_texts(store, args.articles)

            def by_key() -> tuple[dict[str, str], int]:
                signed = [(i, signature(text), published) for i, text, published in texts]
                keys = {key for _, minhash, _ in signed for key in band_keys(minhash)}
                known = [(i, from_bytes(data)) for i, data in store.signatures_sharing(keys)]
                return find_duplicates(signed, known=known), len(known)

            def all_signatures() -> tuple[dict[str, str], int]:
                known = [(i, from_bytes(bytes(data))) for i, data in store._rows(
                    "SELECT s.article, s.minhash FROM signatures s JOIN articles a ON a.id = s.article "
                    "WHERE a.duplicate_of IS NULL ORDER BY s.article")]
                signed = [(i, signature(text), published) for i, text, published in texts]
                return find_duplicates(signed, known=known), len(known)

            (keyed, keyed_held), keyed_s, keyed_mb = measured(by_key)
            (whole, whole_held), whole_s, whole_mb = measured(all_signatures)
    if keyed != whole:
        sys.exit(f"the two ways disagree: {keyed} against {whole}")
    print(f"store {args.db}: {stored} originals; first use signs them in {upgrade_s:.1f} s")
    print(f"{len(texts)} new texts, {len(keyed)} found to be copies (both ways agree)")
    print(f"by key:         {keyed_s:6.2f} s, {keyed_held:6d} stored signatures held, peak {keyed_mb:6.1f} MB traced")
    print(f"all signatures: {whole_s:6.2f} s, {whole_held:6d} stored signatures held, peak {whole_mb:6.1f} MB traced")


if __name__ == "__main__":
    main()
