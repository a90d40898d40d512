"""Cost of the per-article analyses on one very long article (a live blog), against its size.

    .venv/bin/python bench/long_article.py [--sizes 0.3,1,3] [--reference 150] [--data DIR]
                                           [--model NAME] [--profile SIZE]

Builds, at run time and in memory only, a live-blog-like text from PolNeAR's train articles
(`$STORYLINE_DATA/polnear/train/text`, else ../shared/datasets/polnear/train/text, sorted by
name): a title line, then the articles as updates, each preceded by a time line ("10:32 GMT",
counting back seven minutes an update, newest first) and separated by blank lines, cut after
the update that reaches the size asked for (MB = 1,000,000 characters). Each size runs in its
own process: the text goes through `analysis.prepare` (as an extracted article body, undated),
is parsed once with `storyline.nlp.parse` (pieces of at most 100,000 characters joined into one
Doc), and then timed:

- `analyze_doc`, the whole per-article stage on that Doc (for an undated article it looks for
  dates three times: once, then against two probe days for the weekdays' directions);
- each analysis inside it alone, on the same Doc: find_mentions, find_quotes, find_dates,
  find_events, find_quantities, article_countries.

Each timing starts from the bare parse: what the analyses keep in `Doc.user_data` is dropped
before it (the process-wide lemma cache stays warm after the first).

The reference row parses the first `--reference` updates each as an article of its own (the
ordinary 4-7 KB article) and sums the same timings; `x ordinary` is the long article's
`analyze_doc` seconds over what the same number of characters costs as ordinary articles
(1.0 = linear). Peak RSS is the process's maximum resident memory (parse included).
`--profile SIZE` prints the cProfile top 30 of analyze_doc at that size instead.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from benchdata import dataset_dir

ANALYSES = ("find_mentions", "find_quotes", "find_dates", "find_events", "find_quantities", "article_countries")
MB = 1_000_000


def updates(data: Path) -> list[str]:
    """The article texts that become the blog's updates, in name order."""
    folder = data / "polnear" / "train" / "text"
    texts = [p.read_text(encoding="utf-8").strip() for p in sorted(folder.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no PolNeAR texts in {folder} (set STORYLINE_DATA or --data)")
    return [t for t in texts if t]


def live_blog(texts: list[str], chars: int) -> tuple[str, int]:
    """A live blog of at least `chars` characters (fewer only when the texts run out) and
    the number of updates it holds."""
    parts = ["Live: the campaign as it happened"]
    size, minutes, n = len(parts[0]), 23 * 60 + 59, 0
    while size < chars:
        text = texts[n % len(texts)]
        stamp = f"{minutes // 60:02d}:{minutes % 60:02d} GMT"
        parts.extend((stamp, text))
        size += len(stamp) + len(text) + 4
        minutes = (minutes - 7) % (24 * 60)
        n += 1
    return "\n\n".join(parts), n


def _time(call) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def _forget(doc) -> None:
    """Drop what the analyses keep in `Doc.user_data` (the text, the entities, their index,
    the date patterns' matches), so that each timing below starts from the bare parse."""
    for key in [k for k in doc.user_data if isinstance(k, str) and k.startswith("storyline.")]:
        del doc.user_data[key]


def _analyses(doc, prepared) -> dict[str, float]:
    """Seconds of the whole `analyze_doc`, then of each analysis alone, on one Doc, each
    starting from the bare parse (see `_forget`)."""
    from storyline.analysis import analyze_doc
    from storyline.entities import find_mentions
    from storyline.events import article_countries, find_events
    from storyline.figures import find_quantities
    from storyline.quotes import find_quotes
    from storyline.timex import find_dates

    article = prepared.article
    calls = {
        "analyze_doc": lambda: analyze_doc(doc, prepared),
        "find_mentions": lambda: find_mentions(doc, article.id),
        "find_quotes": lambda: find_quotes(doc, article.id),
        "find_dates": lambda: find_dates(doc, article.id, article.published),
        "find_events": lambda: find_events(doc, article.id, dates, article.published, resolve_places=False),
        "find_quantities": lambda: find_quantities(doc, article.id),
        "article_countries": lambda: article_countries(doc),
    }
    out: dict[str, float] = {}
    dates = None
    for name, call in calls.items():
        _forget(doc)
        out[name], result = _time(call)
        if name == "find_dates":
            dates = result
    _forget(doc)
    return out


def _prepared(text: str, name: str):
    from storyline.analysis import prepare
    from storyline.model import RawDocument

    return prepare(RawDocument(id=name, path=f"{name}.txt", text=text, extracted=True))


def run_one(size_mb: float, data: Path, model: str | None, profile: bool) -> dict:
    """One size in this process: build, prepare, parse, time (or profile) the analyses."""
    from storyline.nlp import load_pipeline, parse

    nlp = load_pipeline(model)
    text, n = live_blog(updates(data), int(size_mb * MB))
    prepare_s, prepared = _time(lambda: _prepared(text, "liveblog"))
    parse_s, doc = _time(lambda: next(parse(nlp, [prepared.article.text])))
    if profile:
        import cProfile
        import pstats

        from storyline.analysis import analyze_doc

        profiler = cProfile.Profile()
        profiler.runcall(analyze_doc, doc, prepared)
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(30)
        return {}
    row = {"label": f"{size_mb:g} MB", "chars": len(prepared.article.text), "updates": n,
           "tokens": len(doc), "prepare": prepare_s, "parse": parse_s}
    row.update(_analyses(doc, prepared))
    row["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return row


def run_reference(count: int, data: Path, model: str | None) -> dict:
    """The first `count` updates, each an ordinary article of its own; timings summed."""
    from storyline.nlp import load_pipeline, parse

    nlp = load_pipeline(model)
    texts = updates(data)[:count]
    prepare_s, prepared = _time(lambda: [_prepared(t, f"a{n}") for n, t in enumerate(texts)])
    started = time.perf_counter()
    docs = list(parse(nlp, [p.article.text for p in prepared]))
    parse_s = time.perf_counter() - started
    row = {"label": f"{len(texts)} articles", "chars": sum(len(p.article.text) for p in prepared),
           "updates": len(texts), "tokens": sum(len(d) for d in docs), "prepare": prepare_s, "parse": parse_s}
    for doc, p in zip(docs, prepared):
        for key, seconds in _analyses(doc, p).items():
            row[key] = row.get(key, 0.0) + seconds
    row["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return row


def _child(args: list[str]) -> dict:
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _table(rows: list[dict], reference: dict) -> None:
    per_char = reference["analyze_doc"] / reference["chars"]
    columns = ["size", "chars", "tokens", "prepare", "parse", "analyze_doc", *ANALYSES, "x ordinary", "RSS MB"]
    print(" | ".join(columns))
    print(" | ".join("---" for _ in columns))
    for row in [reference, *rows]:
        ratio = row["analyze_doc"] / (per_char * row["chars"])
        cells = [row["label"], f"{row['chars']:,}", f"{row['tokens']:,}", f"{row['prepare']:.2f}",
                 f"{row['parse']:.1f}", f"{row['analyze_doc']:.2f}", *(f"{row[a]:.2f}" for a in ANALYSES),
                 f"{ratio:.2f}", f"{row['rss_mb']:.0f}"]
        print(" | ".join(cells))
    ordinary = per_char * 3 * MB
    print(f"\nordinary articles: {per_char * 4000 * 1000:.1f} ms of analyze_doc per 4 KB article; "
          f"750 of them (3 MB): {ordinary:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="0.3,1,3", help="sizes in MB, comma-separated")
    parser.add_argument("--reference", type=int, default=150, help="ordinary articles for the reference row")
    parser.add_argument("--data", type=Path, default=None, help="datasets folder (default: dataset_dir())")
    parser.add_argument("--model", default=None)
    parser.add_argument("--profile", type=float, default=None, metavar="SIZE")
    parser.add_argument("--one", type=float, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--one-reference", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    data = args.data or dataset_dir()
    if args.profile is not None:
        run_one(args.profile, data, args.model, profile=True)
        return
    if args.one is not None:
        print(json.dumps(run_one(args.one, data, args.model, profile=False)))
        return
    if args.one_reference is not None:
        print(json.dumps(run_reference(args.one_reference, data, args.model)))
        return
    common = ["--data", str(data)] + (["--model", args.model] if args.model else [])
    reference = _child(["--one-reference", str(args.reference), *common])
    rows = []
    for size in (float(s) for s in args.sizes.split(",") if s.strip()):
        rows.append(_child(["--one", str(size), *common]))
        print(f"{size:g} MB done", file=sys.stderr, flush=True)
    _table(rows, reference)


if __name__ == "__main__":
    main()
