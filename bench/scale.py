"""Time per article and peak memory as a store grows: a one-shot build, then 100 articles more.

    .venv/bin/python bench/scale.py [--sizes 500,1000,5000] [--add 100] [--copies 20000] [--keep DIR]
                                    [--reuse DIR] [--copies-only] [--again]

Articles: the development Timeline17 articles (shuffled with a fixed seed) and PolNeAR's train
and dev texts, about 3,300 distinct articles. Beyond those, *blended copies*: the first half of
one article's paragraphs (or sentences) followed by the second half of another's, published a year later per
round, with ids of their own — distinct enough that the near-duplicate check keeps them, and
parsed like news text (the README says which sizes hold such copies).

For each size N, in a fresh store and each step in its own process (peak RSS is the largest of
any process of the step, workers included):
1. `storyline ingest` of the first N articles (reading, cleaning, duplicates, analyses, storing);
2. `storyline report --format json` (the corpus stage over everything stored, and brief.json);
3. `storyline brief` of the next `--add` articles into the same store (analysing them, the
   corpus stage again, the reports): the cost of one addition, against 1 + 2.
Prints one row per size: seconds, milliseconds per article, peak RSS of each step, and the
addition as a share of the build. With `--copies N`, one more row: a store of N articles made
of re-dated copies of the largest size's analyses (stored without parsing: 20,000 articles
would take this machine hours to parse), its corpus stage and an addition of the same 100
articles as the largest size's. With `--reuse DIR`, step 1 is replaced by copying the analyses
of the same N articles from the stores an earlier `--keep DIR` run left (the corpus stage and
the addition measured again without parsing everything again); `--copies-only` then measures
only the copies' row. `--again` adds the next 100 after each addition (a store's second run).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchdata import dataset_dir, timeline17_records

LAUNCHER = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:]).returncode
print("PEAK_RSS_KB", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


def distinct_articles() -> list[dict]:
    """Every development article with text: Timeline17, then PolNeAR train and dev."""
    records = timeline17_records(10**9)
    for part in ("train", "dev"):
        for path in sorted(dataset_dir("polnear", part, "text").glob("*.txt")):
            records.append({"id": f"polnear-{part}-{path.stem}", "text": path.read_text("utf-8")})
    return records


def articles(n: int) -> list[dict]:
    """`n` articles: the distinct ones, then blended copies, round by round."""
    base = distinct_articles()
    out = list(base[:n])
    round_ = 0
    while len(out) < n:
        round_ += 1
        for i, first in enumerate(base):
            if len(out) >= n:
                break
            second = base[(i * 7 + round_) % len(base)]
            out.append(_blend(first, second, round_))
    return out


def _blend(first: dict, second: dict, round_: int) -> dict:
    head, tail = _pieces(first["text"]), _pieces(second["text"])
    text = " ".join(head[: max(1, len(head) // 2)] + tail[len(tail) // 2:])
    record = {"id": f"{first['id']}~{second['id']}~{round_}", "text": text}
    if first.get("published"):
        year = int(first["published"][:4]) + round_
        record["published"] = f"{year}{first['published'][4:]}"
    return record


def _pieces(text: str) -> list[str]:
    """Paragraphs, or sentences when the text is one paragraph (Timeline17's are)."""
    paragraphs = [p for p in text.split("\n") if p.strip()]
    return paragraphs if len(paragraphs) >= 4 else re.split(r"(?<=[.!?])\s+", text)


def copied_store(source: Path, target: Path, n: int, ids: list[str]) -> float:
    """A store of `n` analysed articles: the analyses of `ids` in `source`, then copies of them
    round after round, each round published a year later under ids of its own (the analyses
    are copied, not parsed again: the corpus stage at a size the development sets do not
    reach; with `n` = len(ids), the articles an earlier run parsed), with their near-duplicate
    signatures, as ingest stores them. Returns the seconds it took."""
    from storyline.dedup import signature, stored_form
    from storyline.model import ArticleAnalysis
    from storyline.store import Store

    start = time.perf_counter()
    target.unlink(missing_ok=True)
    with Store(source) as original:
        analyses = [a.model_dump_json() for a in original.analyses(ids)]
    with Store(target) as store:
        for chunk in range(0, n, 100):
            batch = []
            for k in range(chunk, min(n, chunk + 100)):
                round_, text = divmod(k, len(analyses))
                analysis = ArticleAnalysis.model_validate_json(analyses[text])
                batch.append((_redated(analysis, round_) if round_ else analysis, None, False))
            store.add_analyses(batch)
            # as ingest stores them: else the first run after would work out every signature
            store.add_signatures({a.article.id: stored_form(signature(a.article.text)) for a, _, _ in batch})
    return time.perf_counter() - start


def _redated(analysis, round_: int):
    """A copy of an analysis under the id `<id>~<round>`, published `round_` years later."""
    from storyline.model import ArticleAnalysis

    old = analysis.article.id
    new = f"{old}~{round_}"
    text = analysis.model_dump_json().replace(f'"{old}"', f'"{new}"').replace(f'"{old}:', f'"{new}:')
    copy = ArticleAnalysis.model_validate_json(text)
    published = copy.article.published
    if published and published[:4].isdigit():
        published = f"{int(published[:4]) + round_:04d}{published[4:]}"
    return copy.model_copy(update={"article": copy.article.model_copy(update={"published": published})})


def run(command: list[str], stdin: Path | None = None) -> tuple[float, float]:
    """Run a `storyline` command: wall seconds and peak RSS in MB of any of its processes."""
    started = time.perf_counter()
    with open(stdin, "rb") if stdin else open("/dev/null", "rb") as given:
        done = subprocess.run([sys.executable, "-c", LAUNCHER, *command], stdin=given,
                              capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    peak = next(int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("PEAK_RSS_KB"))
    return seconds, peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,1000,5000")
    parser.add_argument("--add", type=int, default=100)
    parser.add_argument("--keep", type=Path, help="keep the stores in this folder")
    parser.add_argument("--reuse", type=Path,
                        help="take each size's analyses from the stores an earlier --keep DIR run left in DIR "
                             "(not parsed again: the ingest columns are left blank)")
    parser.add_argument("--copies", type=int, default=0,
                        help="then a store of this many articles made of re-dated copies of the largest "
                             "size's analyses (not parsed again): the corpus stage and an addition at that size")
    parser.add_argument("--again", action="store_true",
                        help="after each addition, add the next --add articles too (a store's second run)")
    parser.add_argument("--copies-only", action="store_true",
                        help="measure only the --copies row, copying from the largest size's store in --reuse DIR")
    args = parser.parse_args()
    if args.copies_only and not (args.reuse and args.copies):
        sys.exit("--copies-only needs --copies N and --reuse DIR")
    if args.reuse and args.keep and args.reuse.resolve() == args.keep.resolve():
        sys.exit("--reuse and --keep must be different folders")
    sizes = [int(s) for s in args.sizes.split(",")]
    storyline = str(Path(sys.executable).with_name("storyline"))
    pool = articles(max(sizes) + 2 * args.add)
    distinct = len(distinct_articles())
    print(f"{distinct} distinct articles; beyond them, blended copies")
    print(f"{'articles':>8} {'ingest s':>9} {'ms/art':>7} {'RSS MB':>7} {'corpus s':>9} {'ms/art':>7} "
          f"{'RSS MB':>7} {'+' + str(args.add) + ' s':>8} {'RSS MB':>7} {'share':>6}")
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for n in sizes:
            store, out = folder / f"scale-{n}.duckdb", folder / f"out-{n}"
            store.unlink(missing_ok=True)
            first, more = folder / f"first-{n}.jsonl", folder / f"more-{n}.jsonl"
            first.write_text("".join(json.dumps(r) + "\n" for r in pool[:n]), encoding="utf-8")
            more.write_text("".join(json.dumps(r) + "\n" for r in pool[n : n + args.add]), encoding="utf-8")
            if args.copies_only:
                continue
            if args.reuse:
                copied_store(args.reuse / f"scale-{n}.duckdb", store, n, [r["id"] for r in pool[:n]])
                ingest = f"{'-':>9} {'-':>7} {'-':>7}"
            else:
                ingest_s, ingest_mb = run([storyline, "ingest", "-", "--db", str(store), "-q"], stdin=first)
                ingest = f"{ingest_s:9.0f} {1000 * ingest_s / n:7.0f} {ingest_mb:7.0f}"
            corpus_s, corpus_mb = run([storyline, "report", "--db", str(store), "-o", str(out), "--format", "json", "-q"])
            add_s, add_mb = run([storyline, "brief", "-", "--db", str(store), "-o", str(out), "-q"], stdin=more)
            share = f"{add_s / (ingest_s + corpus_s):6.1%}" if not args.reuse else f"{'-':>6}"
            copies = " (with copies)" if n > distinct else ""
            print(f"{n:>8} {ingest} {corpus_s:9.0f} {1000 * corpus_s / n:7.0f} {corpus_mb:7.0f} {add_s:8.0f} "
                  f"{add_mb:7.0f} {share}{copies}{again(args, storyline, store, out, pool[n + args.add:])}", flush=True)
        if args.copies:
            n, source = args.copies, (args.reuse if args.copies_only else folder) / f"scale-{max(sizes)}.duckdb"
            store, out, more = folder / f"copies-{n}.duckdb", folder / f"out-copies-{n}", folder / f"more-{max(sizes)}.jsonl"
            copy_seconds = copied_store(source, store, n, [r["id"] for r in pool[: max(sizes)]])
            corpus_s, corpus_mb = run([storyline, "report", "--db", str(store), "-o", str(out), "--format", "json", "-q"])
            add_s, add_mb = run([storyline, "brief", "-", "--db", str(store), "-o", str(out), "-q"], stdin=more)
            print(f"{n:>8} {'-':>9} {'-':>7} {'-':>7} {corpus_s:9.0f} {1000 * corpus_s / n:7.0f} {corpus_mb:7.0f} "
                  f"{add_s:8.0f} {add_mb:7.0f} {'-':>6} (re-dated copies of the {max(sizes):,} analyses, "
                  f"stored in {copy_seconds:.0f} s without parsing)"
                  f"{again(args, storyline, store, out, pool[max(sizes) + args.add:])}", flush=True)


def again(args: argparse.Namespace, storyline: str, store: Path, out: Path, pool: list[dict]) -> str:
    """With `--again`, the next `--add` articles of `pool` added too: `; again: SECONDS s, MB MB`."""
    if not args.again:
        return ""
    more = out.with_name(out.name + "-again.jsonl")
    more.write_text("".join(json.dumps(r) + "\n" for r in pool[: args.add]), encoding="utf-8")
    seconds, peak = run([storyline, "brief", "-", "--db", str(store), "-o", str(out), "-q"], stdin=more)
    return f"; again: {seconds:.0f} s, {peak:.0f} MB"


if __name__ == "__main__":
    main()
