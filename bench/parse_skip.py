"""How much parsing could be skipped: the share of sentences (and tokens) no extractor can use.

    .venv/bin/python bench/parse_skip.py [--articles 100] [--data DIR]

Issue 17's moonshot is to run the full parse only on the sentences that can carry a quote, an
event, a date or a figure. This measures the ceiling of that idea on the first N PolNeAR train
articles (`$STORYLINE_DATA/polnear/train/text`): a sentence counts as *skippable* when it has no
quote mark or parenthesis, no number, no DATE or TIME entity, and no word (lemma or lower-cased
form) of the event-trigger, reporting-verb, reporting-noun, stance-cue, figure-word or modality
lexicons in `src/storyline/data/`. It is an upper bound: events also take verbs found through
WordNet senses, which no word list holds.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from benchdata import dataset_dir

from storyline.analysis import prepare
from storyline.model import RawDocument
from storyline.nlp import lemma, load_pipeline

DATA = Path(__file__).resolve().parent.parent / "src" / "storyline" / "data"
LEXICONS = ("event_triggers.tsv", "reporting_verbs.tsv", "reporting_nouns.tsv", "stance_cues.tsv",
            "figure_words.tsv", "modality_cues.tsv")
MARKS = set("\"“”‘’'()")


def cue_words() -> set[str]:
    """The first column of every lexicon (a key's "+..." condition dropped), lower-cased."""
    words: set[str] = set()
    for name in LEXICONS:
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                words.update(line.split("\t")[0].split("+")[0].lower().split())
    return words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--data", type=Path, default=dataset_dir("polnear", "train", "text"))
    args = parser.parse_args()
    paths = sorted(args.data.glob("*.txt"))[: args.articles]
    texts = [prepare(RawDocument(id=p.stem, path=str(p), text=p.read_text(encoding="utf-8"))).article.text
             for p in paths]
    cues = cue_words()
    nlp = load_pipeline()
    sentences = tokens = skippable = skippable_tokens = 0
    for doc in nlp.pipe(texts, batch_size=8):
        for sent in doc.sents:
            sentences += 1
            tokens += len(sent)
            carries = (any(c in MARKS for c in sent.text) or any(t.like_num for t in sent)
                       or any(e.label_ in ("DATE", "TIME") for e in sent.ents)
                       or any(t.lower_ in cues or lemma(t).lower() in cues for t in sent))
            if not carries:
                skippable += 1
                skippable_tokens += len(sent)
    print(f"{len(paths)} articles, {len(cues)} cue words: {sentences} sentences, {tokens} tokens")
    print(f"skippable: {skippable} sentences ({skippable / sentences:.1%}), "
          f"{skippable_tokens} tokens ({skippable_tokens / tokens:.1%})")


if __name__ == "__main__":
    main()
