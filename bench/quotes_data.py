"""PolNeAR articles for the quote benches, parsed once and cached (DocBin) outside the repo.

The quote benches read the same parses many times while rules are tuned; parsing 840 train
articles costs minutes, reading the cache seconds. The cache lives under $QUOTES_CACHE
(default /tmp/storyline-quotes-cache) keyed by the dataset path and the model's name and
version, so a new model or dataset never reads a stale parse.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin

from storyline.nlp import parse

CACHE = Path(os.environ.get("QUOTES_CACHE", "/tmp/storyline-quotes-cache"))


def articles(dataset: Path, limit: int | None = None) -> list[tuple[Path, Path]]:
    """(text, first annotation file) of every annotated article, sorted by name."""
    out = []
    for path in sorted((dataset / "text").glob("*.txt"))[:limit]:
        anns = sorted((dataset / "attributions").glob(path.stem + "_*.ann"))
        if anns:
            out.append((path, anns[0]))
    return out


def parsed(nlp: Language, paths: list[Path]) -> Iterator[Doc]:
    """One Doc per path, in order, from the cache when it holds these texts."""
    meta = f"{nlp.meta['name']}-{nlp.meta['version']}"
    key = hashlib.sha1((meta + "|" + "|".join(str(p.resolve()) for p in paths)).encode()).hexdigest()[:16]
    cache = CACHE / f"{key}.spacy"
    texts = [p.read_text(encoding="utf-8") for p in paths]
    if cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.text for d in docs] == texts:
            yield from docs
            return
    docs = list(parse(nlp, texts))
    CACHE.mkdir(parents=True, exist_ok=True)
    DocBin(docs=docs).to_disk(cache)
    yield from docs
