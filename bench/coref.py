"""Antecedent accuracy of `storyline.quotes.coref.Coreference` on GUM news and MEANTIME.

    python bench/coref.py [--gum DIR] [--meantime DIR]

Each article's gold tokens are joined into a text (spaces, a new line per sentence) and parsed
with the project's pipeline. For every gold mention that is an anaphor — a third-person
pronoun, a first-person pronoun ("I"/"we"), a relative pronoun, or a definite description
("the company", "the senator": a common-noun head after "the"/"this"/a possessor) — the
resolver is asked for its antecedent on that span. A returned span is right when it overlaps
the smallest gold mention holding its head token belongs to the anaphor's chain.

- P: right / resolved, over all gold anaphors of the kind (an anaphor whose chain has no named
  mention, or a singleton, counts against precision when resolved);
- R: right / resolvable, where resolvable means the chain has a named mention (a mention
  with a proper-noun head) before the anaphor (for "I"/"we": anywhere in the chain).
- baseline: the nearest preceding spaCy entity of a compatible label (he/she: PERSON;
  it: ORG/GPE; they: ORG/NORP; relatives and descriptions: any actor label).

GUM's gold parse gives the mention heads; MEANTIME's mention file gives them (it annotates
fewer entity types: people, organisations, places, products, financial entities).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, DocBin, Span

from storyline.lexicon import ACTOR_LABELS, ROLE_NOUNS
from storyline.nlp import load_pipeline, parse
from storyline.quotes.coref import CLASS_NOUNS, FIRST_PERSON, Coreference, pronoun_class
from benchdata import dataset_dir

KINDS = ("pronoun", "first", "relative", "description")
CACHE = Path("/tmp/storyline-coref-cache")
_ENTITY = re.compile(r"\((\d+)-[^()]*|(\d+)\)|\)")


@dataclass
class Mention:
    start: int  # characters in the article text
    end: int
    head: tuple[int, int]  # the head token's characters
    chain: str
    kind: str  # name, pronoun, first, relative, description, other


@dataclass
class Article:
    name: str
    text: str
    mentions: list[Mention]


# --- reading the datasets --------------------------------------------------------------


def read_gum(folder: Path) -> list[Article]:
    """GUM CoNLL-U: tokens, gold parse and `Entity=` brackets (ids are chains)."""
    out = []
    for path in sorted(folder.glob("*.conllu")):
        out.append(_gum_article(path))
    return out


def _gum_article(path: Path) -> Article:
    pieces: list[str] = []
    offset = 0
    mentions: list[Mention] = []
    sent: list[list[str]] = []

    def flush() -> None:
        nonlocal offset, sent
        if not sent:
            return
        if pieces:
            pieces.append("\n")
            offset += 1
        spans = []
        for row in sent:
            spans.append((offset, offset + len(row[1])))
            pieces.append(row[1])
            offset += len(row[1])
            if "SpaceAfter=No" not in row[9]:
                pieces.append(" ")
                offset += 1
        mentions.extend(_gum_mentions(sent, spans))
        sent = []

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            flush()
        elif not line.startswith("#"):
            row = line.split("\t")
            if row[0].isdigit():
                sent.append(row)
    flush()
    return Article(path.stem, "".join(pieces), mentions)


def _gum_mentions(sent: list[list[str]], spans: list[tuple[int, int]]) -> list[Mention]:
    open_: dict[str, list[int]] = defaultdict(list)
    order: list[str] = []
    found: list[tuple[str, int, int]] = []
    for i, row in enumerate(sent):
        misc = next((f[7:] for f in row[9].split("|") if f.startswith("Entity=")), "")
        for match in _ENTITY.finditer(misc):
            opened, closed = match.group(1), match.group(2)
            if opened:
                open_[opened].append(i)
                order.append(opened)
            else:
                chain = closed or (order[-1] if order else None)
                if chain is None or not open_[chain]:
                    continue
                found.append((chain, open_[chain].pop(), i))
                order.reverse()
                order.remove(chain)
                order.reverse()
    mentions = []
    for chain, first, last in found:
        inside = range(first, last + 1)
        heads = [i for i in inside if not (first <= int(sent[i][6]) - 1 <= last)]
        head = heads[0] if heads else last
        kind = _gold_kind([sent[i][1] for i in inside], sent[head][1], sent[head][3], sent[head][4])
        if kind == "description" and any(sent[i][3] == "PROPN" and int(sent[i][6]) - 1 == head
                                         and sent[i][7] in ("appos", "flat", "compound") for i in inside):
            kind = "name"  # "Pan-democrat Gary Fan": a description with its name attached
        mentions.append(Mention(spans[first][0], spans[last][1], spans[head], chain, kind))
    return mentions


def read_meantime(folder: Path) -> list[Article]:
    """MEANTIME: tokens from the simplified CoNLL, mentions and heads from the mention file."""
    tokens: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for line in (folder / "meantime.conll").read_text(encoding="utf-8").splitlines():
        row = line.split("\t")
        if len(row) >= 4 and not line.startswith("#"):
            tokens[row[0]][int(row[1])].append(row[3])
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for m in json.loads((folder / "entities_mentions.json").read_text(encoding="utf-8")):
        by_doc[m["conll_doc_key"]].append(m)
    out = []
    for key in sorted(by_doc):
        sents = tokens.get(key)
        if not sents:
            continue
        starts: dict[tuple[int, int], tuple[int, int]] = {}
        pieces, offset = [], 0
        for s in sorted(sents):
            for t, word in enumerate(sents[s]):
                starts[(s, t)] = (offset, offset + len(word))
                pieces.append(word + " ")
                offset += len(word) + 1
            pieces[-1] = pieces[-1][:-1] + "\n"
        mentions = []
        for m in by_doc[key]:
            ids = m["tokens_number"]
            head_id = m["mention_head_id"]
            if (m["sent_id"], ids[0]) not in starts or (m["sent_id"], head_id) not in starts:
                continue
            words = m["tokens_str"].split()
            pos = m["mention_head_pos"]
            head_tag = "NNS" if pos == "NOUN" and m["mention_head"].endswith("s") else ""
            if m["mention_head"].lower() in ("which", "who", "that", "whom") and pos in ("PRON", "DET"):
                head_tag = "WDT"
            kind = _gold_kind(words, m["mention_head"], pos, head_tag)
            if kind != "name" and m["mention_ner"] != "O" and pos == "PROPN":
                kind = "name"
            chain = m["coref_chain"].rsplit("_", 1)[-1]
            mentions.append(Mention(starts[(m["sent_id"], ids[0])][0], starts[(m["sent_id"], ids[-1])][1],
                                    starts[(m["sent_id"], head_id)], chain, kind))
        out.append(Article(key, "".join(pieces), mentions))
    return out


def _gold_kind(words: list[str], head: str, pos: str, tag: str) -> str:
    lower = head.lower()
    if pos == "PROPN":
        return "name"
    if tag in ("WP", "WDT", "WP$") or (lower in ("who", "which", "whom") and pos == "PRON"):
        return "relative"
    if pos == "PRON" and lower in FIRST_PERSON:
        return "first"
    if pos == "PRON" and pronoun_class(lower) is not None:
        return "pronoun"
    if pos == "NOUN" and words and (words[0].lower() in ("the", "this", "these", "those")
                                     or "'s" in words or "’s" in words or words[0].lower() in ("his", "her", "its", "their")):
        return "description"
    return "other"


# --- scoring ---------------------------------------------------------------------------


def parsed_docs(nlp, articles: list[Article]) -> list[Doc]:
    """Parses of the articles' texts, cached under /tmp by model and texts."""
    texts = [a.text for a in articles]
    key = hashlib.sha1((nlp.meta["name"] + nlp.meta["version"] + "\0".join(texts)).encode()).hexdigest()[:16]
    path = CACHE / f"{key}.spacy"
    if path.exists():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        if [d.text for d in docs] == texts:
            return docs
    docs = list(parse(nlp, texts))
    CACHE.mkdir(parents=True, exist_ok=True)
    DocBin(docs=docs).to_disk(path)
    return docs


def baseline(doc: Doc, span: Span, kind: str) -> Span | None:
    """Nearest preceding spaCy entity with a compatible label."""
    head = span.root
    cls = pronoun_class(head.lower_)
    if kind == "pronoun":
        labels = {"m": {"PERSON"}, "f": {"PERSON"}, "n": {"ORG", "GPE"}, "p": {"ORG", "NORP"}}.get(cls, set())
    elif kind == "description":
        noun = head.lemma_ or head.lower_
        labels = CLASS_NOUNS.get(noun) or ({"PERSON"} if noun in ROLE_NOUNS else ACTOR_LABELS)
    else:
        labels = ACTOR_LABELS
    best = None
    for ent in doc.ents:
        if ent.end > span.start:
            break
        if ent.label_ in labels:
            best = ent
    return best


def score(name: str, articles: list[Article], docs: list[Doc]) -> None:
    counts: dict[str, Counter] = {k: Counter() for k in KINDS}
    for article, doc in zip(articles, docs):
        coref = Coreference(doc)
        chains: dict[str, list[Mention]] = defaultdict(list)
        for m in article.mentions:
            chains[m.chain].append(m)
        for m in sorted(article.mentions, key=lambda m: m.start):
            if m.kind not in KINDS:
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            members = chains[m.chain]
            named = [o for o in members if o.kind == "name" and o is not m
                     and (m.kind == "first" or o.start < m.start)]
            c = counts[m.kind]
            c["gold"] += 1
            c["resolvable"] += bool(named)
            for system, found in (("sys", coref.antecedent(span)), ("base", baseline(doc, span, m.kind))):
                if found is None:
                    continue
                c[f"{system}_resolved"] += 1
                right = _smallest_chain(article.mentions, found.root.idx) == m.chain
                c[f"{system}_right"] += right
                c[f"{system}_right_named"] += right and bool(named)
    print(f"{name}: {len(articles)} articles")
    print(f"  {'kind':<12} {'gold':>5} {'resolv':>6}   {'P':>6} {'R':>6} {'F1':>6}  (right/resolved)   "
          f"{'base P':>6} {'base R':>6} {'F1':>6}")
    total: Counter = Counter()
    for kind in KINDS:
        total.update(counts[kind])
        _row(kind, counts[kind])
    _row("all", total)


def _smallest_chain(mentions: list[Mention], char: int) -> str | None:
    """The chain of the smallest gold mention holding offset `char` (nested ones are smaller)."""
    holding = [o for o in mentions if o.start <= char < o.end]
    return min(holding, key=lambda o: o.end - o.start).chain if holding else None


def _row(kind: str, c: Counter) -> None:
    def prf(system: str) -> tuple[float, float, float]:
        p = c[f"{system}_right"] / c[f"{system}_resolved"] if c[f"{system}_resolved"] else 0.0
        r = c[f"{system}_right_named"] / c["resolvable"] if c["resolvable"] else 0.0
        return p, r, 2 * p * r / (p + r) if p + r else 0.0

    p, r, f = prf("sys")
    bp, br, bf = prf("base")
    print(f"  {kind:<12} {c['gold']:>5} {c['resolvable']:>6}   {p:6.3f} {r:6.3f} {f:6.3f}  "
          f"({c['sys_right']}/{c['sys_resolved']:<4})        {bp:6.3f} {br:6.3f} {bf:6.3f}  "
          f"({c['base_right']}/{c['base_resolved']})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gum", type=Path, default=dataset_dir("gum-news", "dep"))
    parser.add_argument("--meantime", type=Path, default=dataset_dir("meantime", "MEANTIME-prep", "output_data", "en"))
    args = parser.parse_args(argv)
    nlp = load_pipeline()
    for name, folder, reader in (("GUM news", args.gum, read_gum), ("MEANTIME", args.meantime, read_meantime)):
        if not folder.is_dir():
            print(f"{name}: {folder} not found, skipped")
            continue
        articles = reader(folder)
        score(name, articles, parsed_docs(nlp, articles))
    return 0


if __name__ == "__main__":
    sys.exit(main())
