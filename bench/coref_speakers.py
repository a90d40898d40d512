"""How well quote speakers written as pronouns, relatives or descriptions are resolved, on PolNeAR.

    python bench/coref_speakers.py [DATASET_DIR] [--compare GIT_REF]

PolNeAR's gold Source is the surface mention ("he", "who", "the senator"), so the quote bench
cannot see whether "he" was resolved to the right person. This bench looks only at predicted
quotes whose content matches a gold attribution (shared words >= half the shorter span) and
whose speaker span overlaps the gold Source — the surface speaker is right — and asks, per form
of that speaker (coref.Coreference.kind: pronoun, first (I/we), relative, description, other =
an indefinite description such as "officials"):

- anchored: share with a speaker_anchor;
- right: share whose anchor names the gold referent. The referent is approximate: the named
  entities (spaCy's, PERSON/ORG/GPE/NORP) inside the gold Source when it has any, else those of
  the nearest earlier gold Source of the article that has one of a compatible type (a person for
  he/she/who/I and person role nouns, a group for it/they/we, any for the rest). The anchor is
  right when it shares its last word with one of them;
- wrong: anchored and not right; hidden: names_someone False (the reports do not list it).

--compare REF runs the same quotes once more with quotes/speakers.py as it was at git REF (read
with `git show`, nothing in the tree changes), so before and after come from one run.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from spacy.tokens import Doc, Span

import storyline.quotes as quotes_pkg
from storyline.lexicon import ACTOR_LABELS, ROLE_NOUNS
from storyline.nlp import lemma, load_pipeline
from storyline.quotes.coref import Coreference, pronoun_class
from quotes_data import articles, parsed
from quotes_polnear import Gold, default_dataset, read_ann, words

ROOT = Path(__file__).resolve().parent.parent
FORMS = ("pronoun", "first", "relative", "description", "other")


def referents(doc: Doc, spans: list[tuple[int, int]]) -> list[Span]:
    """Named actors inside the gold Source spans."""
    out = []
    for s, e in spans:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            out.extend(ent for ent in span.ents if ent.label_ in ACTOR_LABELS)
    return out


def wants(speaker: Span) -> frozenset[str]:
    """Entity labels the gold referent of this speaker may have."""
    head = speaker.root
    cls = pronoun_class(head.lower_)
    if cls in ("m", "f") or head.lower_ in ("who", "whom", "i") or lemma(head) in ROLE_NOUNS:
        return frozenset(("PERSON",))
    if cls in ("n", "p") or head.lower_ == "we":
        return frozenset(("ORG", "GPE", "NORP"))
    return ACTOR_LABELS


def gold_referent(doc: Doc, golds: list[Gold], gold: Gold, speaker: Span) -> list[Span]:
    own = referents(doc, gold.source)
    if own:
        return own
    start = min(s for s, _ in gold.source)
    labels = wants(speaker)
    earlier = sorted((g for g in golds if g.source and min(s for s, _ in g.source) < start),
                     key=lambda g: -min(s for s, _ in g.source))
    for other in earlier:
        found = [ent for ent in referents(doc, other.source) if ent.label_ in labels]
        if found:
            return found
    return []


def match(text: str, quote, golds: list[Gold]) -> Gold | None:
    mine = words(text, [(quote.start, quote.end)])
    best, best_n = None, 0
    for gold in golds:
        theirs = words(text, gold.content)
        n = len(mine & theirs)
        if n and n * 2 >= min(len(mine), len(theirs)) and n > best_n:
            best, best_n = gold, n
    return best


def measure(docs: list[Doc], anns: list[list[Gold]]) -> dict[str, Counter]:
    counts = {form: Counter() for form in FORMS}
    for doc, golds in zip(docs, anns):
        text = doc.text
        coref = Coreference(doc)
        for quote in quotes_pkg.find_quotes(doc, "a"):
            if quote.speaker_start is None or quote.kind == "attitude":
                continue
            gold = match(text, quote, golds)
            if gold is None or not any(quote.speaker_start < e and s < quote.speaker_end for s, e in gold.source):
                continue
            speaker = doc.char_span(quote.speaker_start, quote.speaker_end, alignment_mode="expand")
            form = coref.kind(speaker)
            if form not in counts:
                continue
            c = counts[form]
            c["n"] += 1
            c["hidden"] += not quote.speaker_resolved
            if quote.speaker_anchor is None:
                continue
            c["anchored"] += 1
            anchor_last = text[quote.speaker_anchor[0] : quote.speaker_anchor[1]].split()[-1:]
            names = gold_referent(doc, golds, gold, speaker)
            right = bool(anchor_last) and any(_bare(ent[-1].text) == _bare(anchor_last[0]) for ent in names)
            c["right"] += right
            c["no_referent"] += not names
    return counts


def _bare(word: str) -> str:
    """"Clinton’s" -> "Clinton"."""
    for suffix in ("’s", "'s", "’", "'"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def report(title: str, counts: dict[str, Counter]) -> None:
    print(title)
    print(f"  {'form':<12} {'n':>5} {'anchored':>9} {'right':>7} {'wrong':>7} {'hidden':>7}   right/anchored")
    total: Counter = Counter()
    for form in FORMS:
        c = counts[form]
        total.update(c)
        _line(form, c)
    _line("all", total)


def _line(form: str, c: Counter) -> None:
    n = c["n"] or 1
    wrong = c["anchored"] - c["right"]
    prec = c["right"] / c["anchored"] if c["anchored"] else 0.0
    print(f"  {form:<12} {c['n']:>5} {c['anchored'] / n:>9.3f} {c['right'] / n:>7.3f} {wrong / n:>7.3f} "
          f"{c['hidden'] / n:>7.3f}   {prec:.3f} ({c['right']}/{c['anchored']})")


def resolver_at(ref: str):
    """SpeakerResolver as quotes/speakers.py was at git `ref` (read-only `git show`)."""
    source = subprocess.run(["git", "show", f"{ref}:src/storyline/quotes/speakers.py"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout
    path = Path(tempfile.mkdtemp()) / "speakers_at_ref.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("speakers_at_ref", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.SpeakerResolver


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", nargs="?", type=Path, default=default_dataset())
    parser.add_argument("--compare", metavar="GIT_REF")
    args = parser.parse_args(argv)
    pairs = articles(args.dataset)
    nlp = load_pipeline()
    docs = list(parsed(nlp, [text for text, _ in pairs]))
    anns = [read_ann(ann) for _, ann in pairs]
    print(f"PolNeAR {args.dataset} — {len(docs)} articles; quotes whose surface speaker matches the gold Source")
    if args.compare:
        current = quotes_pkg.SpeakerResolver
        quotes_pkg.SpeakerResolver = resolver_at(args.compare)
        try:
            report(f"speakers.py at {args.compare}", measure(docs, anns))
        finally:
            quotes_pkg.SpeakerResolver = current
    report("speakers.py now", measure(docs, anns))
    return 0


if __name__ == "__main__":
    sys.exit(main())
