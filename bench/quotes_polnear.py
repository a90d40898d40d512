"""Score `storyline.quotes.find_quotes` on PolNeAR attributions (dev by default).

    python bench/quotes_polnear.py [DATASET_DIR] [--limit N]

DATASET_DIR holds `text/*.txt` and brat `attributions/*.ann`; an article annotated by several
annotators is scored against the first annotation file by name. Figures (P/R/F1):
- content: a prediction matches a gold content when they share at least half of the shorter
  span's word tokens (overlap), or have the same word tokens (exact);
- speaker / cue: correct when the content matches and the predicted speaker_text (cue) span
  overlaps the gold Source (Cue); precision over predictions that have one, recall over gold
  attributions that have one;
- content recall by gold kind (direct/mixed/indirect, from the quote marks in the gold
  content) and precision by predicted kind;
- the same for a baseline: text in double quote marks with a reporting verb in its sentence,
  speaker the nearest PERSON entity (textacy-style direct quotations);
- every kind is scored (PolNeAR annotates attitudes too); "shown" is the precision of what the
  reports could list (kind != attitude), and "shown >= T" of those with confidence >= T
  (settings.REPORT_CONFIDENCE), right meaning content and speaker both right;
- a reliability table: confidence band -> share of records with content and speaker right.

Parses are cached outside the repository (see quotes_data.py).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc

from storyline.model import Quote
from storyline.nlp import lemma, load_pipeline
from storyline.quotes import find_quotes
from storyline.quotes.cues import SPEECH_VERBS
from storyline.settings import REPORT_CONFIDENCE
from benchdata import dataset_dir
from quotes_data import articles, parsed

ROOT = Path(__file__).resolve().parent.parent
WORD = re.compile(r"\w+")
QUOTE_MARK = re.compile(r"[\"“”«»]")
BASELINE_QUOTE = re.compile(r"[\"“]([^\"“”\n]{3,}?)[\"”]")


@dataclass
class Gold:
    content: list[tuple[int, int]]
    source: list[tuple[int, int]] = field(default_factory=list)
    cue: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Pred:
    content: tuple[int, int]
    kind: str
    source: tuple[int, int] | None
    cue: tuple[int, int] | None
    confidence: float = 0.0
    quote: Quote | None = None


def default_dataset() -> Path:
    return dataset_dir("polnear", "dev")


def read_ann(path: Path) -> list[Gold]:
    """Attributions of one brat file: each E line's Content, Source and Cue spans."""
    spans: dict[str, list[tuple[int, int]]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            ranges = parts[1].split(" ", 1)[1]
            spans[parts[0]] = [tuple(map(int, r.split())) for r in ranges.split(";")]
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(arg.split(":", 1) for arg in parts[1].split()[1:] if ":" in arg))
    out = []
    for ev in events:
        if "Content" not in ev or ev["Content"] not in spans:
            continue
        out.append(Gold(spans[ev["Content"]], spans.get(ev.get("Source", ""), []), spans.get(ev.get("Cue", ""), [])))
    return out


def words(text: str, ranges: list[tuple[int, int]]) -> set[int]:
    """Start offsets of the word tokens inside `ranges`."""
    return {m.start() for s, e in ranges for m in WORD.finditer(text, s, e)}


def gold_kind(text: str, gold: Gold) -> str:
    content = " ".join(text[s:e] for s, e in gold.content).strip()
    marks = QUOTE_MARK.findall(content)
    if not marks:
        return "indirect"
    inner = QUOTE_MARK.sub("", content[:1]) == "" and QUOTE_MARK.sub("", content[-1:]) == ""
    return "direct" if inner and len(marks) <= 2 * len(gold.content) else "mixed"


def overlaps(a: tuple[int, int] | None, bs: list[tuple[int, int]]) -> bool:
    return a is not None and any(a[0] < e and s < a[1] for s, e in bs)


class Score:
    """Accumulates matches for one system."""

    def __init__(self) -> None:
        self.c = Counter()

    def add(self, text: str, preds: list[Pred], golds: list[Gold]) -> list[bool]:
        """Score one article; returns, per prediction, whether content and speaker are right
        (a speaker is right when it overlaps the gold source, or both have none)."""
        right: list[bool] = []
        gold_words = [words(text, g.content) for g in golds]
        kinds = [gold_kind(text, g) for g in golds]
        hit_gold: set[int] = set()
        hit_exact: set[int] = set()
        for p in preds:
            pw = words(text, [p.content])
            best, exact = None, False
            for n, gw in enumerate(gold_words):
                if gw and pw and len(pw & gw) * 2 >= min(len(pw), len(gw)):
                    if best is None or len(pw & gw) > len(pw & gold_words[best]):
                        best, exact = n, pw == gw
            c = self.c
            c["pred"] += 1
            c[f"pred_{p.kind}"] += 1
            c["pred_src"] += p.source is not None
            c["pred_cue"] += p.cue is not None
            if best is None:
                right.append(False)
                continue
            c["tp"] += 1
            c[f"tp_{p.kind}"] += 1
            c["tp_exact"] += exact
            hit_gold.add(best)
            if exact:
                hit_exact.add(best)
            c["src_ok"] += overlaps(p.source, golds[best].source)
            c["cue_ok"] += overlaps(p.cue, golds[best].cue)
            right.append(overlaps(p.source, golds[best].source) or (p.source is None and not golds[best].source))
        c = self.c
        c["gold"] += len(golds)
        c["gold_src"] += sum(1 for g in golds if g.source)
        c["gold_cue"] += sum(1 for g in golds if g.cue)
        c["found"] += len(hit_gold)
        c["found_exact"] += len(hit_exact)
        for n, kind in enumerate(kinds):
            c[f"gold_{kind}"] += 1
            c[f"found_{kind}"] += n in hit_gold
        return right

    def report(self, name: str) -> str:
        c = self.c
        rows = [
            ("content (overlap)", c["tp"], c["pred"], c["found"], c["gold"]),
            ("content (exact)", c["tp_exact"], c["pred"], c["found_exact"], c["gold"]),
            ("speaker", c["src_ok"], c["pred_src"], c["src_ok"], c["gold_src"]),
            ("cue", c["cue_ok"], c["pred_cue"], c["cue_ok"], c["gold_cue"]),
        ]
        for kind in ("direct", "mixed", "indirect", "attitude"):
            rows.append((f"  {kind}", c[f"tp_{kind}"], c[f"pred_{kind}"], c[f"found_{kind}"], c[f"gold_{kind}"]))
        lines = [f"{name}", f"  {'':20} {'P':>6} {'R':>6} {'F1':>6}   (tp/pred, found/gold)"]
        for label, tp, pred, found, gold in rows:
            p = tp / pred if pred else 0.0
            r = found / gold if gold else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            lines.append(f"  {label:20} {p:6.3f} {r:6.3f} {f:6.3f}   ({tp}/{pred}, {found}/{gold})")
        return "\n".join(lines)


def ours(doc: Doc) -> list[Pred]:
    out = []
    for q in find_quotes(doc, "a"):
        src = (q.speaker_start, q.speaker_end) if q.speaker_start is not None else None
        out.append(Pred((q.start, q.end), q.kind, src, _cue_span(doc, q), q.confidence, q))
    return out


BANDS = (0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


def reliability(records: list[tuple[Pred, bool]]) -> str:
    """Confidence band -> share right (content and speaker), count; for all records and for
    the ones the reports may show (speech with a resolved speaker)."""
    lines = ["reliability (content and speaker right)", f"  {'band':11} {'all':>14} {'shown kinds':>14}"]
    for lo, hi in zip(BANDS, BANDS[1:]):
        cells = []
        for pool in (records, [(p, ok) for p, ok in records if _shown(p)]):
            band = [ok for p, ok in pool if lo <= p.confidence < hi]
            cells.append(f"{sum(band) / len(band):.3f} ({len(band):4})" if band else f"{'-':>5} ({0:4})")
        lines.append(f"  {lo:.1f}-{min(hi, 1.0):.1f}    {cells[0]:>14} {cells[1]:>14}")
    return "\n".join(lines)


def _shown(p: Pred) -> bool:
    """What "Who said what" may list, before the confidence threshold."""
    return p.quote is not None and p.quote.kind != "attitude" and p.quote.speaker_resolved


def shown_precision(records: list[tuple[Pred, bool]]) -> str:
    lines = []
    for label, pool in (
        ("speech (kind != attitude)", [ok for p, ok in records if p.kind != "attitude"]),
        ("shown kinds (speech, resolved speaker)", [ok for p, ok in records if _shown(p)]),
    ) + tuple(
        (f"shown >= {t}" + (" (settings.REPORT_CONFIDENCE)" if t == REPORT_CONFIDENCE else ""),
         [ok for p, ok in records if _shown(p) and p.confidence >= t])
        for t in sorted({0.6, 0.7, 0.8, 0.9, REPORT_CONFIDENCE})
    ):
        share = sum(pool) / len(pool) if pool else 0.0
        lines.append(f"  precision, {label:50} {share:.3f} ({sum(pool)}/{len(pool)})")
    return "\n".join(lines)


def _cue_span(doc: Doc, q: Quote) -> tuple[int, int] | None:
    """The cue word's offsets: the nearest occurrence of the cue text to the content."""
    if not q.cue:
        return None
    best = None
    for m in re.finditer(re.escape(q.cue), doc.text):
        d = min(abs(m.start() - q.end), abs(q.start - m.end()))
        if q.start <= m.start() < q.end:
            continue
        if best is None or d < best[0]:
            best = (d, (m.start(), m.end()))
    return best[1] if best else None


def baseline(doc: Doc) -> list[Pred]:
    """Quote-mark text whose sentence has a reporting verb; the nearest PERSON speaks."""
    persons = [e for e in doc.ents if e.label_ == "PERSON"]
    out = []
    for m in BASELINE_QUOTE.finditer(doc.text):
        span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        if span is None:
            continue
        sent = span[0].sent
        verbs = [t for t in sent if t.pos_ == "VERB" and not (m.start() <= t.idx < m.end()) and lemma(t) in SPEECH_VERBS]
        if not verbs:
            continue
        near = min(persons, key=lambda e: abs(e.start_char - m.start()), default=None)
        src = (near.start_char, near.end_char) if near is not None else None
        out.append(Pred((m.start(1), m.end(1)), "direct", src, (verbs[0].idx, verbs[0].idx + len(verbs[0]))))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", nargs="?", type=Path, default=default_dataset())
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    texts = articles(args.dataset, args.limit)
    if not texts:
        print(f"no texts under {args.dataset}", file=sys.stderr)
        return 1
    nlp = load_pipeline()
    system, base = Score(), Score()
    elapsed = 0.0
    records: list[tuple[Pred, bool]] = []
    for (path, ann), doc in zip(texts, parsed(nlp, [t for t, _ in texts])):
        text = doc.text
        golds = read_ann(ann)
        t0 = time.perf_counter()
        preds = ours(doc)
        elapsed += time.perf_counter() - t0
        records.extend(zip(preds, system.add(text, preds, golds)))
        base.add(text, baseline(doc), golds)
    print(f"PolNeAR {args.dataset} — {len(texts)} articles; find_quotes {elapsed:.2f}s total")
    print(system.report("storyline.quotes (all kinds, attitudes included)"))
    print(shown_precision(records))
    print(reliability(records))
    print(base.report("baseline (quote marks + nearest PERSON)"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
