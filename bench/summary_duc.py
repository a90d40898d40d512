"""ROUGE recall of Storyline's summaries on DUC 2004 task 2, beside the published peers.

Usage: python bench/summary_duc.py [DUC_DIR]   (default: $STORYLINE_DATA/duc2004)

Each cluster's documents (one sentence per line) become ArticleAnalysis objects; the summary
is cut at 100 words like the peers'. The documents are parsed once (spaCy) for the asides a
summary may cut (`storyline.asides`); "Storyline (uncut)" is the same summariser with no
aside cut, in the same run. Every system, ours included, is scored by the same
`rouge-score` scorer in the same run: ROUGE-1 and ROUGE-2 recall with stemming, averaged over
the four references of a cluster, then over clusters.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

from rouge_score import rouge_scorer

from storyline import summarize as summarizer
from storyline.asides import find_asides
from storyline.model import Article, ArticleAnalysis, Sentence
from storyline.nlp import load_pipeline
from storyline.quotes import find_quotes
from storyline.summarize import summarize
from benchdata import dataset_dir

WORDS = 100


def published(doc_id: str) -> str | None:
    """The day in a DUC document id ("APW19981016.0240" -> "1998-10-16")."""
    found = re.match(r"[A-Z_]+(\d{4})(\d{2})(\d{2})\.", doc_id)
    return "-".join(found.groups()) if found else None


def load_cluster(folder: Path, nlp) -> list[ArticleAnalysis]:
    """One analysis per document; each non-empty line is a sentence, asides from the parse.

    `merge.txt` (the cluster's documents concatenated) is skipped: it is no eleventh article.
    """
    analyses = []
    for path in sorted(p for p in folder.glob("*.txt") if p.name != "merge.txt"):
        text = path.read_text(encoding="utf-8", errors="replace")
        sentences, at = [], 0
        for line in text.split("\n"):
            if line.strip():
                sentences.append(Sentence(start=at, end=at + len(line)))
            at += len(line) + 1
        article = Article(id=path.stem, path=str(path), text=text, published=published(path.stem))
        doc = nlp(text)
        asides = find_asides(doc, find_quotes(doc, article.id))  # as the per-article stage finds them
        analyses.append(ArticleAnalysis(article=article, sentences=sentences, asides=asides))
    return analyses


def uncut(analyses: list[ArticleAnalysis]) -> str:
    """The summary with no aside cut (the trims as they were before asides)."""
    saved = summarizer.TRIMS
    summarizer.TRIMS = saved - {"asides"}
    try:
        return " ".join(s.text for s in summarize(analyses, [], WORDS))
    finally:
        summarizer.TRIMS = saved


def truncate(text: str, words: int = WORDS) -> str:
    """The first `words` whitespace-separated words: the same cut for every system, ours included."""
    return " ".join(text.split()[:words])


def main(root: Path) -> None:
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    nlp = load_pipeline()
    totals: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for cluster in sorted(p for p in (root / "docs").iterdir() if p.is_dir()):
        references = [p.read_text(errors="replace") for p in sorted((root / "references").glob(cluster.name + ".*"))]
        analyses = load_cluster(cluster, nlp)
        systems = {"Storyline": " ".join(s.text for s in summarize(analyses, [], WORDS)),
                   "Storyline (uncut)": uncut(analyses)}
        for peer in sorted((root / "peers").glob(cluster.name + ".*")):
            systems[peer.name.split(".", 1)[1]] = peer.read_text(errors="replace")
        for name, text in systems.items():
            scores = [scorer.score(ref, truncate(text)) for ref in references]
            totals[name].append(
                (sum(s["rouge1"].recall for s in scores) / len(scores), sum(s["rouge2"].recall for s in scores) / len(scores))
            )
    print(f"{'system':<18} {'R-1':>6} {'R-2':>6}  clusters")
    for name, rows in sorted(totals.items(), key=lambda kv: -sum(r[0] for r in kv[1]) / len(kv[1])):
        r1 = 100 * sum(r[0] for r in rows) / len(rows)
        r2 = 100 * sum(r[1] for r in rows) / len(rows)
        print(f"{name:<18} {r1:6.2f} {r2:6.2f}  {len(rows)}")


if __name__ == "__main__":
    default = dataset_dir("duc2004")
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else default)
