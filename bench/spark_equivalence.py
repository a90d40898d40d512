"""`--engine spark` against the local engine: the same brief, byte for byte, and the time each took.

    .venv/bin/python bench/spark_equivalence.py [--articles 200] [--master local[2]]

Runs `storyline brief` on the first N PolNeAR train articles (`$STORYLINE_DATA/polnear/train/text`)
into a fresh store with the local engine, then with `--engine spark` (local mode unless
`--master` names a cluster), and compares brief.json, brief.md and brief.html. With `--runs 2`
each engine gets the articles in two runs (the first half, then the rest), so that the second
run's story candidates come from the stored index (on Spark: a Spark job); "What's new" then
names the end of the run before, which differs between the two, so that time is masked.
"""

from __future__ import annotations

import argparse
import re
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
    parser.add_argument("--runs", type=int, choices=(1, 2), default=1)
    args = parser.parse_args()
    storyline = str(Path(sys.executable).with_name("storyline"))
    with tempfile.TemporaryDirectory() as tmp:
        paths = sorted(args.data.glob("*.txt"))[: args.articles]
        halves = [paths] if args.runs == 1 else [paths[: len(paths) // 2], paths[len(paths) // 2 :]]
        runs = []
        for n, half in enumerate(halves):
            runs.append(Path(tmp) / f"run{n}")
            runs[-1].mkdir()
            for path in half:
                shutil.copy(path, runs[-1] / path.name)
        seconds = {}
        for engine, extra in (("local", []), ("spark", ["--engine", "spark", "--master", args.master])):
            started = time.perf_counter()
            for run in runs:
                subprocess.run([storyline, "brief", str(run), "-o", str(Path(tmp) / engine), "-q", *extra], check=True)
            seconds[engine] = time.perf_counter() - started
        same = [name for name in ("brief.json", "brief.md", "brief.html")
                if _masked(Path(tmp) / "local" / name) == _masked(Path(tmp) / "spark" / name)]
    print(f"{args.articles} PolNeAR train articles in {args.runs} run(s): local {seconds['local']:.0f} s, "
          f"spark ({args.master}) {seconds['spark']:.0f} s; identical: {', '.join(same) or 'none'}")


_RUN_TIME = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d[0-9:.+]*")


def _masked(path: Path) -> str:
    """A report with the times runs ended masked (brief.json has none)."""
    return _RUN_TIME.sub("TIME", path.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
