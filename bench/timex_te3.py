"""Score `storyline.timex.find_dates` on TempEval-3 training data (TimeBank + AQUAINT).

For each `.tml` document: the text inside <TEXT> without tags, the DCT as `published`, spaCy
on the text, then a comparison with the gold TIMEX3 (the DCT timex in the header excluded):
strict and relaxed span P/R/F1, type and value accuracy over relaxed matches, and value F1
(a relaxed match with the right value is a true positive, as in TempEval-3). A baseline runs
in the same pass: spaCy DATE/TIME entities valued by dateparser with RELATIVE_BASE = DCT.

    python bench/timex_te3.py [DATASET] [--limit N] [--errors N]
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from benchdata import dataset_dir

ROOT = Path(__file__).resolve().parent.parent
_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    type: str
    value: str


@dataclass
class Document:
    name: str
    text: str
    dct: str
    gold: list[Timex]


@dataclass
class Score:
    """Counts for one system over the whole corpus."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, doc: Document, found: list[Timex]) -> None:
        self.gold += len(doc.gold)
        self.system += len(found)
        gold_spans = {(g.start, g.end) for g in doc.gold}
        self.strict += sum((f.start, f.end) in gold_spans for f in found)
        used: set[int] = set()
        for g in doc.gold:
            match = next((i for i, f in enumerate(found) if i not in used and f.start < g.end and g.start < f.end), None)
            if match is None:
                self.errors.append(f"MISS  {doc.name} {doc.text[g.start:g.end]!r} {g.type} {g.value}")
                continue
            used.add(match)
            f = found[match]
            self.relaxed += 1
            self.type_ok += f.type == g.type
            self.value_ok += f.value == g.value
            if f.value != g.value:
                self.errors.append(
                    f"VALUE {doc.name} dct={doc.dct} gold {doc.text[g.start:g.end]!r}={g.value} "
                    f"sys {doc.text[f.start:f.end]!r}={f.value}"
                )
        for i, f in enumerate(found):
            if i not in used:
                self.errors.append(f"EXTRA {doc.name} {doc.text[f.start:f.end]!r} {f.type} {f.value}")

    def figures(self) -> dict[str, float]:
        def f1(tp: int) -> tuple[float, float, float]:
            p = tp / self.system if self.system else 0.0
            r = tp / self.gold if self.gold else 0.0
            return p, r, (2 * p * r / (p + r) if p + r else 0.0)

        sp, sr, sf = f1(self.strict)
        rp, rr, rf = f1(self.relaxed)
        vp, vr, vf = f1(self.value_ok)
        return {
            "strict P": sp, "strict R": sr, "strict F1": sf,
            "relaxed P": rp, "relaxed R": rr, "relaxed F1": rf,
            "type acc": self.type_ok / self.relaxed if self.relaxed else 0.0,
            "value acc": self.value_ok / self.relaxed if self.relaxed else 0.0,
            "value P": vp, "value R": vr, "value F1": vf,
        }  # fmt: skip


def read_tml(path: Path) -> Document:
    """Plain text of <TEXT>, its gold TIMEX3 with offsets, and the DCT (YYYY-MM-DD)."""
    raw = path.read_text(encoding="utf-8")
    dct = re.search(r'<DCT>\s*<TIMEX3[^>]*value="([^"]+)"', raw).group(1)[:10]  # type: ignore[union-attr]
    body = raw[raw.index("<TEXT>") + len("<TEXT>") : raw.index("</TEXT>")]
    parts: list[str] = []
    length, open_timex, gold = 0, None, []
    pos = 0
    for tag in _TAG.finditer(body):
        piece = html.unescape(body[pos : tag.start()])
        parts.append(piece)
        length += len(piece)
        pos = tag.end()
        if tag.group(2) != "TIMEX3":
            continue
        if tag.group(1):
            attrs, begin = open_timex  # type: ignore[misc]
            gold.append(Timex(begin, length, attrs.get("type", ""), attrs.get("value", "")))
            open_timex = None
        else:
            open_timex = (dict(_ATTR.findall(tag.group(3))), length)
    parts.append(html.unescape(body[pos:]))
    return Document(path.stem, "".join(parts), dct, gold)


def baseline(doc, dct: str) -> list[Timex]:
    """spaCy DATE/TIME entities, valued by dateparser relative to the DCT."""
    from dateparser.date import DateDataParser

    base = datetime.fromisoformat(dct)
    parser = DateDataParser(languages=["en"], settings={"RELATIVE_BASE": base})
    formats = {"year": "%Y", "month": "%Y-%m", "week": "%Y-W%V", "day": "%Y-%m-%d", "time": "%Y-%m-%dT%H:%M"}
    out = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        data = parser.get_date_data(ent.text)
        value = data.date_obj.strftime(formats.get(data.period, "%Y-%m-%d")) if data.date_obj else ""
        out.append(Timex(ent.start_char, ent.end_char, ent.label_, value))
    return out


def default_dataset() -> Path:
    return dataset_dir("tempeval3-tbaq")


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("dataset", nargs="?", type=Path, default=default_dataset())
    args.add_argument("--limit", type=int, default=0, help="score only the first N documents")
    args.add_argument("--errors", type=int, default=0, help="print N examples of each error kind")
    args.add_argument("--no-baseline", action="store_true")
    opts = args.parse_args(argv)

    from storyline.nlp import load_pipeline
    from storyline.timex import find_dates

    paths = sorted(opts.dataset.rglob("*.tml"))
    paths = [p for p in paths if "testpipeline" not in p.parts]
    if opts.limit:
        paths = paths[: opts.limit]
    if not paths:
        print(f"no .tml files under {opts.dataset}", file=sys.stderr)
        return 1
    docs = [read_tml(p) for p in paths]
    nlp = load_pipeline()
    ours, base = Score(), Score()
    started = time.perf_counter()
    rule_seconds = 0.0
    for doc, parsed in zip(docs, nlp.pipe(d.text for d in docs)):
        tick = time.perf_counter()
        found = find_dates(parsed, doc.name, doc.dct)
        rule_seconds += time.perf_counter() - tick
        ours.add(doc, [Timex(m.start, m.end, m.type, m.value) for m in found])
        if not opts.no_baseline:
            base.add(doc, baseline(parsed, doc.dct))
    elapsed = time.perf_counter() - started
    print(f"{len(docs)} documents, {ours.gold} gold TIMEX3; {elapsed:.1f}s total, find_dates {rule_seconds:.2f}s")
    systems = [("storyline", ours)] + ([] if opts.no_baseline else [("baseline", base)])
    names = list(ours.figures())
    print(f"{'':10}" + "".join(f"{n:>11}" for n in names))
    for label, score in systems:
        print(f"{label:10}" + "".join(f"{v:>11.3f}" for v in score.figures().values()))
    if opts.errors:
        for kind in ("MISS", "EXTRA", "VALUE"):
            shown = [e for e in ours.errors if e.startswith(kind)]
            print(f"\n{kind}: {len(shown)}")
            print("\n".join(shown[: opts.errors]))
        counts = Counter(e.split()[0] for e in ours.errors)
        print(dict(counts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
