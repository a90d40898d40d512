"""`--engine spark` against the local engine: the same brief, byte for byte, and the time each took.

    .venv/bin/python bench/spark_equivalence.py [--articles 200] [--master local[2]]

Runs `storyline brief` on the first N PolNeAR train articles (`$STORYLINE_DATA/polnear/train/text`)
twice, each into a fresh store: with the local engine, then with `--engine spark` (local mode
unless `--master` names a cluster), and compares brief.json, brief.md and brief.html.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchdata import dataset_dir


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--data", type=Path, default=dataset_dir("polnear", "train", "text"))
    args = parser.parse_args()
    storyline = str(Path(sys.executable).with_name("storyline"))
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "articles"
        corpus.mkdir()
        for path in sorted(args.data.glob("*.txt"))[: args.articles]:
            shutil.copy(path, corpus / path.name)
        seconds = {}
        for engine, extra in (("local", []), ("spark", ["--engine", "spark", "--master", args.master])):
            started = time.perf_counter()
            subprocess.run([storyline, "brief", str(corpus), "-o", str(Path(tmp) / engine), "-q", *extra], check=True)
            seconds[engine] = time.perf_counter() - started
        same = [name for name in ("brief.json", "brief.md", "brief.html")
                if (Path(tmp) / "local" / name).read_bytes() == (Path(tmp) / "spark" / name).read_bytes()]
    print(f"{args.articles} PolNeAR train articles: local {seconds['local']:.0f} s, spark ({args.master}) "
          f"{seconds['spark']:.0f} s; identical: {', '.join(same) or 'none'}")


if __name__ == "__main__":
    main()
