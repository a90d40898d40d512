"""Benchmark the flattened-page cleaner on real web pages (body recall, chrome removed, token F1).

Data (kept outside the repository; never commit it): trafilatura's evaluation pages.
  git clone https://github.com/adbar/trafilatura  (or fetch single files from it)
  pages:     trafilatura/tests/cache/*.html        -> e.g. /tmp/cleaning-pages/
  evaldata:  trafilatura/tests/evaldata.py          (EVAL_PAGES: per page, snippets `with`in and
             `without` the main text; a file holding a subset of EVAL_PAGES works too)

Usage:
  python bench/cleaning.py /tmp/cleaning-pages [--evaldata /tmp/cleaning-pages/evaldata.py]

Each page is flattened to all its visible text (lxml; script/style/noscript/template dropped,
block elements on their own lines, source line breaks inside text as spaces), as a flattened news page arrives, then cleaned with
`clean_text`. Scores, for the cleaner and for "keep everything" in the same run:
- with-recall: share of `with` snippets (present in the flattened page) still in the text;
- without-removed: share of `without` snippets (present in the flattened page) cut;
- token P/R/F1 against trafilatura's own extraction of the same HTML (a silver body).
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
import trafilatura

from storyline.cleaning import clean_text

_DROP = ("script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas")
_BLOCK = frozenset(
    "address article aside blockquote body br dd details div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody "
    "td th thead tfoot tr ul option select button label caption".split()
)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BREAKS = re.compile(r"[\r\n]+")
_TOKEN = re.compile(r"\w+")


def flatten(html: str) -> str:
    """All visible text of a page, block elements on separate lines, as a browser copy gives it."""
    root = lxml.html.fromstring(html)
    for element in list(root.iter(*_DROP)):
        if element.getparent() is not None:
            element.drop_tree()
    parts: list[str] = []

    def text(value: str, pre: bool) -> str:
        # Source line breaks are whitespace to a browser; only <pre> keeps them.
        return value if pre else _BREAKS.sub(" ", value)

    def walk(element, pre: bool = False) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        block = tag in _BLOCK
        pre = pre or tag == "pre"
        if block:
            parts.append("\n")
        if element.text and tag:
            parts.append(text(element.text, pre))
        for child in element:
            walk(child, pre)
            if child.tail:
                parts.append(text(child.tail, pre))
        if block:
            parts.append("\n")

    walk(root)
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def load_evaldata(path: Path | None) -> dict[str, dict[str, list[str]]]:
    """EVAL_PAGES from trafilatura's tests/evaldata.py, keyed by page file name."""
    if path is None:
        return {}
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "EVAL_PAGES":
            pages = ast.literal_eval(node.value)
            return {entry["file"]: entry for entry in pages.values()}
    return {}


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\n", " ")).lower()


def token_prf(predicted: str, gold: str) -> tuple[float, float, float]:
    """Bag-of-words precision, recall, F1 of lower-cased word tokens."""
    p, g = Counter(_TOKEN.findall(predicted.lower())), Counter(_TOKEN.findall(gold.lower()))
    overlap = sum((p & g).values())
    precision = overlap / max(1, sum(p.values()))
    recall = overlap / max(1, sum(g.values()))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass
class Score:
    """Running totals for one system."""

    with_found: int = 0
    with_total: int = 0
    without_cut: int = 0
    without_total: int = 0
    prf: list[tuple[float, float, float]] = field(default_factory=list)

    def add(self, text: str, flat: str, entry: dict, silver: str | None) -> None:
        body, page = _norm(text), _norm(flat)
        for snippet in (s.lower() for s in entry.get("with", [])):
            if _norm(snippet) in page:
                self.with_total += 1
                self.with_found += _norm(snippet) in body
        for snippet in (s.lower() for s in entry.get("without", [])):
            if _norm(snippet) in page:
                self.without_total += 1
                self.without_cut += _norm(snippet) not in body
        if silver:
            self.prf.append(token_prf(text, silver))

    def row(self) -> str:
        n = max(1, len(self.prf))
        p, r, f = (sum(x[k] for x in self.prf) / n for k in range(3))
        return (
            f"with-recall {self.with_found}/{self.with_total}  "
            f"without-removed {self.without_cut}/{self.without_total}  "
            f"token P {p:.3f} R {r:.3f} F1 {f:.3f} (macro, {len(self.prf)} pages)"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", type=Path, help="folder of .html pages")
    parser.add_argument("--evaldata", type=Path, default=None, help="trafilatura tests/evaldata.py")
    parser.add_argument("--verbose", action="store_true", help="print what was cut per page")
    args = parser.parse_args(argv)
    evaldata = load_evaldata(args.evaldata)
    cleaner, keep_all = Score(), Score()
    seconds = 0.0
    for path in sorted(args.pages.glob("*.htm*")):
        html = path.read_text(encoding="utf-8", errors="replace")
        flat = flatten(html)
        silver = trafilatura.extract(html, include_comments=False, include_tables=True)
        started = time.perf_counter()
        result = clean_text(flat)
        seconds += time.perf_counter() - started
        entry = evaldata.get(path.name, {})
        cleaner.add(result.text, flat, entry, silver)
        keep_all.add(flat, flat, entry, silver)
        f1 = token_prf(result.text, silver or "")[2]
        f1_all = token_prf(flat, silver or "")[2]
        print(f"{path.name:50s} lines {flat.count(chr(10)) + 1:4d}  F1 {f1:.3f} (keep-all {f1_all:.3f})  title {result.title!r}")
        if args.verbose:
            for cut in result.removed:
                print(f"    - {cut.reason:22s} {cut.text[:100]!r}")
    print(f"cleaner:  {cleaner.row()}")
    print(f"keep-all: {keep_all.row()}")
    print(f"clean_text time: {seconds * 1000:.1f} ms total")
    return 0


if __name__ == "__main__":
    sys.exit(main())
