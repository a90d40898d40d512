"""spaCy's own decoding against `storyline.decoding`'s, on the same texts in one process.

    .venv/bin/python bench/decoding.py [--articles 200] [--timeline17 300] [--rounds 2]

Texts: the first N PolNeAR train articles (sorted by name) and M Timeline17 development articles
(shuffled with `benchdata`'s seed). Each round parses all of them with the storyline pipeline
(`nlp.load_pipeline`) twice, alternating: `nlp.pipe(texts, batch_size=8)`, spaCy's decoding,
and `storyline.decoding.pipe(nlp, texts, 8)`, the parser and entity recogniser stepped with the
GIL held. Prints each one's seconds and whether every token's tag, head, dependency label and
sentence start and every entity (start, end, label) are the same both ways.
"""

from __future__ import annotations

import argparse
import sys
import time

from benchdata import dataset_dir, timeline17_records

from storyline import decoding
from storyline.nlp import load_pipeline


def _annotations(docs) -> list:
    return [([(t.tag_, t.head.i, t.dep_, t.is_sent_start) for t in doc],
             [(e.start, e.end, e.label_) for e in doc.ents]) for doc in docs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200, help="PolNeAR train articles")
    parser.add_argument("--timeline17", type=int, default=300, help="Timeline17 development articles")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    paths = sorted(dataset_dir("polnear", "train", "text").glob("*.txt"))[: args.articles]
    texts = [path.read_text(encoding="utf-8") for path in paths]
    texts += [record["text"] for record in timeline17_records(args.timeline17)]
    if not texts:
        sys.exit("no articles found; set STORYLINE_DATA")
    nlp = load_pipeline()
    print(f"{len(texts)} texts ({len(paths)} PolNeAR, {len(texts) - len(paths)} Timeline17), "
          f"decoding held: {decoding.HOOKS_TAKE_THE_GIL}")
    for round_ in range(1, args.rounds + 1):
        started = time.perf_counter()
        theirs = _annotations(nlp.pipe(texts, batch_size=8))
        spacy_seconds = time.perf_counter() - started
        started = time.perf_counter()
        ours = _annotations(decoding.pipe(nlp, texts, 8))
        our_seconds = time.perf_counter() - started
        tokens = sum(len(tokens) for tokens, _ in ours)
        differing = sum(a != b for x, y in zip(ours, theirs) for a, b in zip(x[0], y[0]))
        entities = sum(len(set(x[1]) ^ set(y[1])) for x, y in zip(ours, theirs))
        print(f"round {round_}: spaCy's decoding {spacy_seconds:.1f} s, storyline's {our_seconds:.1f} s "
              f"({spacy_seconds / our_seconds:.2f}x); {tokens} tokens, {differing} parsed differently, "
              f"{entities} entities differ; identical docs {sum(x == y for x, y in zip(ours, theirs))} of {len(texts)}")


if __name__ == "__main__":
    main()
