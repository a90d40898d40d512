"""What the cleaner cuts from plain-text articles (documents, not pages), and what it loses there.

    .venv/bin/python bench/cleaning_plain.py [--data DIR] [--mode auto|page|body]

Each document goes to `clean_text` as its .txt file would arrive from `storyline brief DIR`:
- GUM news and MEANTIME: the text rebuilt from the datasets' tokens as bench/entities.py does
  (headline line, date line, then the body; GUM keeps its paragraphs), so gold entity mentions
  carry offsets into exactly that text. A mention survives when it lies inside one kept unit.
- PolNeAR dev (`polnear/dev/text/*.txt`, read as they are) and Timeline17 (`articles.json`,
  detokenised as bench/timeline_t17.py does): characters cut only.
- The seed pages of examples/kosovo (flattened web pages with real chrome): characters cut,
  to show that pages are still cleaned.

`--mode`: `auto` (`as_page=None`, the cleaner decides per file from its chrome: what `--clean
auto` gives a .txt once `prepare` passes None), `page` (`as_page=True`: `--clean always`, and
what `--clean auto` gave .txt files before the per-file decision), `body` (`as_page=False`).
Prints per corpus: documents, how many were cleaned as pages, how many got a title, share of characters cut (of the
non-blank characters), share of gold mentions surviving (all, and named PER/ORG/LOC ones), and
the reasons of the cut units that held gold mentions.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from benchdata import ROOT, dataset_dir
from entities import Document, meantime_dir, read_gum, read_meantime
from timeline_t17 import detokenise

from storyline.cleaning import CleanedText, clean_text

MODES = {"auto": None, "page": True, "body": False}
_NAMED_KINDS = {"PER", "ORG", "LOC", "person", "organization", "place"}


@dataclass
class Tally:
    """Counts of one corpus under one mode."""

    docs: int = 0
    pages: int = 0
    titled: int = 0
    chars: int = 0
    cut: int = 0
    gold: int = 0
    kept: int = 0
    named: int = 0
    named_kept: int = 0
    lost_reasons: Counter = field(default_factory=Counter)


def _chars(text: str) -> int:
    return sum(1 for c in text if not c.isspace())


def _kept_ranges(cleaned: CleanedText) -> list[tuple[int, int]]:
    return [(raw, raw + length) for _, raw, length in cleaned.offsets.segments]


def _survives(start: int, end: int, kept: list[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b for a, b in kept)


def _reason(text: str, cleaned: CleanedText) -> str:
    return next((r.reason for r in cleaned.removed if text in r.text), "?")


def count_text(tally: Tally, text: str, as_page: bool | None) -> CleanedText:
    """Clean one text and add its characters to the tally."""
    cleaned = clean_text(text, as_page=as_page)
    tally.docs += 1
    tally.pages += cleaned.page
    tally.titled += cleaned.title is not None
    total = _chars(text)
    tally.chars += total
    tally.cut += total - _chars(cleaned.text)
    return cleaned


def count_document(tally: Tally, doc: Document, as_page: bool | None) -> None:
    """Clean one annotated document and count the gold mentions that survive."""
    cleaned = count_text(tally, doc.text, as_page)
    kept = _kept_ranges(cleaned)
    for g in doc.gold:
        alive = _survives(g.start, g.end, kept)
        tally.gold += 1
        tally.kept += alive
        if g.named and g.kind in _NAMED_KINDS:
            tally.named += 1
            tally.named_kept += alive
        if not alive:
            tally.lost_reasons[_reason(doc.text[g.start : g.end], cleaned)] += 1


def row(name: str, tally: Tally) -> str:
    line = (
        f"{name:12} docs {tally.docs:4d}  as page {tally.pages:4d}  titled {tally.titled:4d}  "
        f"chars cut {tally.cut / max(tally.chars, 1):6.2%}"
    )
    if tally.gold:
        line += (
            f"  mentions kept {tally.kept / tally.gold:6.2%} of {tally.gold}"
            f"  named kept {tally.named_kept / max(tally.named, 1):6.2%} of {tally.named}"
        )
    return line


def texts_polnear(data: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((data / "polnear" / "dev" / "text").glob("*.txt"))]


def texts_timeline17(data: Path) -> list[str]:
    out = []
    for folder in sorted(p for p in (data / "timeline17").iterdir() if (p / "articles.json").exists()):
        items = json.loads((folder / "articles.json").read_text(encoding="utf-8"))
        out.extend(detokenise(item["text"]) for item in sorted(items, key=lambda x: int(x["uid"])))
    return out


def texts_seed() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples" / "kosovo").glob("*.txt"))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=dataset_dir())
    parser.add_argument("--mode", choices=sorted(MODES), default="auto")
    args = parser.parse_args()
    as_page = MODES[args.mode]
    print(f"mode {args.mode} (as_page={as_page})")
    annotated = {
        "gum-news": read_gum(args.data / "gum-news", None),
        "meantime": read_meantime(meantime_dir(args.data), None, 0),
    }
    lost: Counter = Counter()
    for name, docs in annotated.items():
        tally = Tally()
        for doc in docs:
            count_document(tally, doc, as_page)
        lost.update(tally.lost_reasons)
        print(row(name, tally))
    plain = {"polnear-dev": texts_polnear(args.data), "timeline17": texts_timeline17(args.data)}
    plain["seed-pages"] = texts_seed()
    for name, texts in plain.items():
        tally = Tally()
        for text in texts:
            count_text(tally, text, as_page)
        print(row(name, tally))
    print("cut units holding gold mentions, by reason: " + (", ".join(f"{r} {n}" for r, n in lost.most_common()) or "none"))


if __name__ == "__main__":
    sys.exit(main())
