"""Typed NER through the real input path: each dataset document as a .txt file, run through
`storyline.api.brief` the way `storyline brief DIR` runs it (plain text, `--clean auto`,
so the page cleaner runs), the brief's entity mentions mapped back to the original text.

    python bench/entities_pipeline.py [--data DIR] [--limit N] [--processes N]

Scores span-exact PER/ORG/LOC micro F1 (PERSON=PER, ORG=ORG, GPE+LOC+FAC=LOC; NORP and other
labels not scored) of (a) the bare spaCy model's doc.ents on the original text and (b) the
brief's mentions under their entity's type, mapped to the original text through the cleaner's
offset map, on MEANTIME (first 6 sentences, as bench/entities.py) and GUM news. Also lists the
gold mentions the cleaner cut (they lie in text the brief no longer holds), with the cleaner's
reason for each cut unit.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from benchdata import dataset_dir
from entities import (
    GOLD_TYPED,
    TYPED,
    Document,
    check_data,
    meantime_dir,
    parse_all,
    read_gum,
    read_meantime,
    span_prf,
    typed_gold,
)


def file_name(doc: Document) -> str:
    return doc.id.replace("/", "__") + ".txt"


def run_brief(docs: list[Document], processes: int) -> tuple[dict, dict, dict]:
    """({doc id: brief Article}, {doc id: [(raw start, raw end, type)]}, {doc id: cleaner offsets})."""
    from storyline.cleaning import clean_text
    from storyline.api import brief
    from storyline.settings import Settings

    with tempfile.TemporaryDirectory(prefix="storyline-entities-") as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        by_name = {}
        for doc in docs:
            (folder / file_name(doc)).write_text(doc.text, encoding="utf-8")
            by_name[file_name(doc)] = doc
        settings = Settings(processes=processes, formats=("json",))
        result = brief([str(folder)], Path(tmp) / "out", settings=settings)
    articles = {by_name[Path(a.path).name].id: a for a in result.brief.articles}
    offsets, mapped = {}, {}
    for doc_id, article in articles.items():
        doc = next(d for d in docs if d.id == doc_id)
        cleaned = clean_text(doc.text, as_page=None)
        if cleaned.text != article.text:
            print(f"  (cleaner rerun differs from the brief for {doc_id}; skipped)", file=sys.stderr)
            continue
        offsets[doc_id] = cleaned
    by_article = {a.id: doc_id for doc_id, a in articles.items()}
    for entity in result.brief.entities:
        for m in entity.mentions:
            doc_id = by_article[m.article]
            if doc_id in offsets:
                omap = offsets[doc_id].offsets
                mapped.setdefault(doc_id, []).append((omap.to_raw(m.start), omap.to_raw(m.end), entity.type))
    return articles, mapped, offsets


def cut_gold(docs: list[Document], offsets: dict) -> list[tuple[str, str, str]]:
    """(doc, gold text, reason) for scored gold mentions that lie in text the cleaner removed."""
    out = []
    for doc in docs:
        cleaned = offsets.get(doc.id)
        if cleaned is None:
            continue
        kept = [(raw, raw + length) for _, raw, length in cleaned.offsets.segments]
        for g in doc.gold:
            if not (g.named and g.kind in GOLD_TYPED and g.ne_span and doc.scored(g.start)):
                continue
            s, e = g.ne_span
            if not any(a <= s and e <= b for a, b in kept):
                reason = next((r.reason for r in cleaned.removed if doc.text[s:e] in r.text), "?")
                out.append((doc.id, doc.text[s:e], reason))
    return out


def rows(gold: set, systems: dict[str, set]) -> list[str]:
    lines = [f"  {'':8} {'gold':>5}   " + "   ".join(f"{n:^19}" for n in systems)]
    for kind in ("PER", "ORG", "LOC", None):
        g = {x for x in gold if kind in (None, x[3])}
        cells = []
        for predicted in systems.values():
            t = span_prf(g, {x for x in predicted if kind in (None, x[3])})
            cells.append(f"{t.precision:5.3f} {t.recall:5.3f} {t.f1:5.3f}  ")
        lines.append(f"  {kind or 'micro':8} {len(g):5d}   " + "   ".join(cells))
    return lines


def evaluate(name: str, docs: list[Document], nlp, processes: int) -> list[str]:
    parsed, _, _ = parse_all(nlp, docs)
    bare = {(p.doc.id, s, e, TYPED[l]) for p in parsed for s, e, l in p.ents if l in TYPED and p.doc.scored(s)}
    articles, mapped, offsets = run_brief(docs, processes)
    scored = {d.id: d for d in docs}
    brief = {
        (doc_id, s, e, TYPED[t]) for doc_id, spans in mapped.items() for s, e, t in spans
        if t in TYPED and scored[doc_id].scored(s)
    }
    gold = typed_gold(parsed)
    kept_docs = set(offsets)
    gold_kept = {x for x in gold if x[0] in kept_docs}
    cut = cut_gold(docs, offsets)
    lines = [
        f"{name}: {len(docs)} documents as .txt through storyline.api.brief (--clean auto); "
        f"{len(articles)} articles in the brief, {len(kept_docs)} mapped back to the original text",
        "  all scored gold mentions (a mention the cleaner cut counts as missed)",
    ]
    lines += rows(gold_kept, {"spaCy doc.ents": {x for x in bare if x[0] in kept_docs}, "brief (pipeline)": brief})
    kept = {
        doc_id: [(raw, raw + length) for _, raw, length in cleaned.offsets.segments]
        for doc_id, cleaned in offsets.items()
    }

    def in_kept(x: tuple) -> bool:
        return any(a <= x[1] and x[2] <= b for a, b in kept[x[0]])

    lines.append("  on the text the cleaner kept (gold and bare model cut to it)")
    lines += rows(
        {x for x in gold_kept if in_kept(x)},
        {"spaCy doc.ents": {x for x in bare if x[0] in kept_docs and in_kept(x)}, "brief (pipeline)": brief},
    )
    lines.append(f"  gold mentions in text the cleaner cut: {len(cut)} of {len(gold_kept)}")
    for reason, n in Counter(r for _, _, r in cut).most_common():
        examples = sorted({t for _, t, r in cut if r == reason})[:6]
        lines.append(f"    {n:4d}  {reason}: {', '.join(examples)}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=dataset_dir())
    parser.add_argument("--limit", type=int, default=None, help="first N documents per MEANTIME topic and of GUM")
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args(argv)
    problem = check_data(args.data)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    from storyline.nlp import load_pipeline

    started = time.perf_counter()
    nlp = load_pipeline(None)
    meantime = read_meantime(meantime_dir(args.data), args.limit, 6)
    gum = read_gum(args.data / "gum-news", args.limit)
    for name, docs in (("MEANTIME", meantime), ("GUM news", gum)):
        print("\n".join(evaluate(name, docs, nlp, args.processes)))
        print()
    print(f"total {time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
