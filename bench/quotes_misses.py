"""Where find_quotes misses PolNeAR gold: the gold cue's lemma and parse shape, counted.

    python bench/quotes_misses.py [DATASET_DIR] [--limit N] [--show LEMMA]

Prints the most frequent (cue lemma, part of speech, content's dependency to the cue) of the
gold attributions no prediction overlaps, to pick the phenomena worth a rule (train only).
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from storyline.nlp import lemma, load_pipeline
from storyline.quotes import find_quotes
from benchdata import dataset_dir
from quotes_data import articles, parsed
from quotes_polnear import read_ann, words


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", nargs="?", type=Path, default=dataset_dir("polnear", "train"))
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--show", default=None, help="print missed examples of this cue lemma")
    args = parser.parse_args(argv)
    nlp = load_pipeline()
    texts = articles(args.dataset, args.limit)
    shapes, lemmas = Counter(), Counter()
    shown = 0
    for (_, ann), doc in zip(texts, parsed(nlp, [t for t, _ in texts])):
        text = doc.text
        pred = [words(text, [(q.start, q.end)]) for q in find_quotes(doc, "a")]
        for gold in read_ann(ann):
            gw = words(text, gold.content)
            if not gw or any(pw and len(pw & gw) * 2 >= min(len(pw), len(gw)) for pw in pred):
                continue
            cue = doc.char_span(min(s for s, _ in gold.cue), max(e for _, e in gold.cue), alignment_mode="expand") if gold.cue else None
            lo, hi = min(s for s, _ in gold.content), max(e for _, e in gold.content)
            content = doc.char_span(lo, hi, alignment_mode="expand")
            if cue is None or content is None:
                shapes["(no cue)"] += 1
                continue
            root = cue.root
            head = content.root
            rel = head.dep_ if head.head.i in range(cue.start, cue.end) else f"~{head.dep_}"
            word = " ".join(lemma(t) for t in cue)
            lemmas[word] += 1
            shapes[(root.pos_, rel)] += 1
            if args.show and word == args.show and shown < 15:
                shown += 1
                print(f"  [{cue.text}] {content.text[:100]!r} | {root.sent.text[:200]!r}")
    print("missed by (cue POS, content root dep to cue):")
    for key, n in shapes.most_common(25):
        print(f"  {n:5}  {key}")
    print("missed by cue lemma:")
    for key, n in lemmas.most_common(60):
        print(f"  {n:5}  {key}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
