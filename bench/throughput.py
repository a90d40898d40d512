"""Throughput and memory of `storyline brief` against bare spaCy, on the same texts, same run.

    .venv/bin/python bench/throughput.py [--articles 200] [--data DIR]

Takes the first N articles (sorted by name) of PolNeAR's train texts
(`$STORYLINE_DATA/polnear/train/text`, else ../shared/datasets/polnear/train/text), copies them
to a temporary folder, and times, each in its own process:

- bare spaCy: `nlp.pipe(texts, n_process=2)` with the same model and every component it ships;
- bare spaCy again, its matrix products through numpy as storyline does them (`nlp.MatmulOps`):
  how much of the ratio that choice makes on this CPU (not the ratio the issue asks for), and
  whether both ways give every token the same tag, head and label and find the same entities
  (storyline also decodes its parser and entity recogniser with the GIL held, the same parses
  again: `bench/decoding.py` times that part alone);
- storyline: the whole `storyline brief DIR -o OUT` command (reading, cleaning, duplicates,
  the per-article analyses over two processes, the store, the corpus stage, the reports),
  including interpreter start and model loading.

Prints articles/second, the ratio, peak memory (max RSS of any one process), and the share
of the per-article work (parse + analyses, one process) spent extracting quotes.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchdata import dataset_dir

ROOT = Path(__file__).resolve().parent.parent
BARE_SPACY = """
import sys, time, json, hashlib
from pathlib import Path
import spacy
from storyline.nlp import MODEL_CANDIDATES, one_blas_thread, use_matmul_ops
paths = sorted(Path(sys.argv[1]).glob("*.txt"))
texts = [p.read_text(encoding="utf-8") for p in paths]
for name in MODEL_CANDIDATES:
    try:
        nlp = spacy.load(name)
        break
    except OSError:
        continue
if sys.argv[2:] == ["matmul"]:  # as storyline's workers run: numpy's products, one BLAS thread each
    use_matmul_ops(nlp)
    one_blas_thread()
start = time.perf_counter()
docs = list(nlp.pipe(texts, n_process=2, batch_size=8))
seconds = time.perf_counter() - start
# what the parse says (tags, heads, labels, entities), to tell whether two ways parse alike
said = hashlib.sha256(repr([([(t.tag_, t.head.i, t.dep_) for t in d], [(e.start, e.end, e.label_) for e in d.ents])
                            for d in docs]).encode()).hexdigest()
print(json.dumps({"seconds": seconds, "pipes": nlp.pipe_names, "tokens": sum(len(d) for d in docs), "said": said}))
"""


# One process: parse and analyse every article as the pipeline does, timing the quote stage
# inside it (find_quotes wrapped in place), to report its share of the per-article work.
STAGES = """
import sys, time, json
from pathlib import Path
import storyline.analysis as analysis
from storyline.model import RawDocument
from storyline.nlp import load_pipeline
spent = {"quotes": 0.0}
find_quotes = analysis.find_quotes
def timed_quotes(*args):
    start = time.perf_counter()
    try:
        return find_quotes(*args)
    finally:
        spent["quotes"] += time.perf_counter() - start
analysis.find_quotes = timed_quotes
paths = sorted(Path(sys.argv[1]).glob("*.txt"))
prepared = [analysis.prepare(RawDocument(id=p.stem, path=str(p), text=p.read_text(encoding="utf-8"))) for p in paths]
nlp = load_pipeline()
start = time.perf_counter()
for doc, item in zip(nlp.pipe([p.article.text for p in prepared], batch_size=8), prepared):
    analysis.analyze_doc(doc, item)
print(json.dumps({"seconds": time.perf_counter() - start, "quotes": spent["quotes"]}))
"""


def default_data() -> Path:
    return dataset_dir("polnear", "train", "text")


# Runs a command and reports the largest resident set of any of its processes (Linux: KiB).
LAUNCHER = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:]).returncode
print("PEAK_RSS_KB", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


def run_measured(command: list[str]) -> tuple[float, str, float]:
    """Run a command to completion: wall seconds, its stdout, peak RSS in MB."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", LAUNCHER, *command], capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"{command[0]} failed:\n{done.stderr[-2000:]}")
    peak_kb = next(
        int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("PEAK_RSS_KB")
    )
    return seconds, done.stdout, peak_kb / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--data", type=Path, default=default_data())
    args = parser.parse_args()
    sources = sorted(args.data.glob("*.txt"))[: args.articles]
    if not sources:
        sys.exit(f"no .txt articles under {args.data}; set STORYLINE_DATA or pass --data")
    python = sys.executable
    storyline = str(Path(python).with_name("storyline"))
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "articles"
        corpus.mkdir()
        for source in sources:
            shutil.copy(source, corpus / source.name)
        chars = sum(len(p.read_text(encoding="utf-8")) for p in corpus.glob("*.txt"))

        bare_wall, bare_out, bare_rss = run_measured([python, "-c", BARE_SPACY, str(corpus)])
        bare = json.loads(bare_out.strip().splitlines()[-1])
        _, matmul_out, _ = run_measured([python, "-c", BARE_SPACY, str(corpus), "matmul"])
        matmul = json.loads(matmul_out.strip().splitlines()[-1])
        ours_wall, ours_out, ours_rss = run_measured(
            [storyline, "brief", str(corpus), "-o", str(Path(tmp) / "out"), "--processes", "2"]
        )

        _, stages_out, _ = run_measured([python, "-c", STAGES, str(corpus)])
        stages = json.loads(stages_out.strip().splitlines()[-1])

    n = len(sources)
    bare_rate = n / bare["seconds"]
    ours_rate = n / ours_wall
    print(f"articles: {n} ({chars / n:.0f} characters on average) from {args.data}")
    print(f"bare spaCy nlp.pipe, 2 processes, pipes {bare['pipes']}:")
    print(f"  {bare_rate:.2f} articles/s ({bare['seconds']:.1f} s parsing; {bare_wall:.1f} s with start-up)")
    print("storyline brief, 2 processes, whole command incl. start-up, store and reports:")
    print(f"  {ours_rate:.2f} articles/s ({ours_wall:.1f} s)")
    print(f"ratio storyline / bare spaCy: {ours_rate / bare_rate:.2f}")
    matmul_rate = n / matmul["seconds"]
    print(f"bare spaCy with storyline's matrix products (MatmulOps): {matmul_rate:.2f} articles/s "
          f"({matmul['seconds']:.1f} s parsing); ratio against it {ours_rate / matmul_rate:.2f}; "
          f"the same tags, heads, labels and entities: {'yes' if matmul['said'] == bare['said'] else 'NO'}")
    print(f"peak RSS of one process: bare spaCy {bare_rss:.0f} MB, storyline {ours_rss:.0f} MB")
    share = stages["quotes"] / stages["seconds"]
    print(
        f"quote extraction, one process: {stages['quotes']:.2f} s of {stages['seconds']:.1f} s parsing"
        f" and analysing ({share:.1%} of the per-article work)"
    )
    print(ours_out.strip().splitlines()[0] if ours_out.strip() else "")


if __name__ == "__main__":
    main()
