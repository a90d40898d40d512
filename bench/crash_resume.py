"""Crash and resume: SIGKILL `storyline brief` at random points, resume, compare the brief.

    .venv/bin/python bench/crash_resume.py [--polnear 60] [--timeline17 35] [--trials 3]
        [--rounds 4] [--seed 17] [--processes 2] [--no-targets] [--uniform] [--data DIR] [--keep DIR]

Builds one JSON Lines file at run time, in a temporary folder (never in the repository), from
the first N PolNeAR train texts (`$STORYLINE_DATA/polnear/train/text`, undated) and the first
articles by uid of the first Timeline17 topic folders (`$STORYLINE_DATA/timeline17`, their
document creation dates given as `published`), else ../shared/datasets/...; the run reads it
together with `examples/kosovo`. Then, all with the same inputs by the same paths:

1. reference: one uninterrupted `storyline brief` into its own folder;
2. crash, `--trials` times, each onto a fresh store in its own folder: `--rounds` runs killed
   with SIGKILL (the whole process group, the forked workers too) after a delay drawn from
   `random.Random(seed + trial - 1)` in [0, reference seconds), round i of n in the i-th n-th
   of that span (`--uniform`: anywhere in it); a round that finishes first just completes.
   The first trial starts with three runs killed as soon as the log and the store show, in
   turn, the first analyses stored, the corpus stage, the reports being written (unless
   --no-targets), so its random rounds meet a fully analysed store, the others' a fresh one;
3. resume: one more uninterrupted run onto each crashed store.

After each round the store is opened (a copy of it, so that the next round still meets the
store exactly as the kill left it) and checked: every original article has its analysis and
no analysis lacks its article. The stage a round reached is read from its log (`-v --log-format
json`: one line per stage begun and done). Prints one line per round, then whether brief.json,
brief.md and brief.html of the resumed run equal the reference's byte for byte, and where
they differ when they do. Exit status 1 when a check fails.

`crash_and_resume()` is also what tests/test_crash_resume.py runs on a small corpus.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from benchdata import dataset_dir

ROOT = Path(__file__).resolve().parent.parent
STORE_NAME = "storyline.duckdb"
ERROR_LOG = "storyline-errors.log"  # where the CLI leaves the traceback of a bug
REPORTS = ("brief.json", "brief.md", "brief.html")
# Every stage's start and end as one JSON object a line on stderr: the stage a run reached.
LOG_OPTIONS = ("-v", "--log-format", "json")
_TAIL_BYTES = 200_000


@dataclass(frozen=True)
class Target:
    """Where to kill a run: once the log says `stage` began (and, with `store_written`, once
    the store's files changed after that, i.e. the stage committed something)."""

    stage: str
    store_written: bool = False
    label: str = ""


ANALYSES_STORED = Target("Analysing articles", True, "first analyses stored")
BUILDING = Target("Building the brief", label="corpus stage")
WRITING = Target("Writing reports", label="writing reports")
RUN_HEADER = "run       kill at     ran     ended   stage reached                  store after the run"


# --- one run ------------------------------------------------------------------------------


@dataclass
class StoreState:
    """The store as a run left it, read from a copy (None counts: no store file yet)."""

    exists: bool = False
    articles: int = 0
    duplicates: int = 0
    analyses: int = 0
    # Analysable articles without their analysis, analyses without their article: a
    # per-article write that was not atomic.
    orphans: list[str] = field(default_factory=list)
    corpus_rows: int = 0  # rows in the corpus tables (entities, stories): 0 before a brief
    error: str | None = None  # the store could not be opened or read

    @property
    def ok(self) -> bool:
        return self.error is None and not self.orphans

    def describe(self) -> str:
        if self.error:
            return f"UNREADABLE: {self.error}"
        if not self.exists:
            return "no store yet"
        text = f"{self.analyses} analysed, {self.duplicates} duplicates"
        text += ", corpus stored" if self.corpus_rows else ", no corpus"
        if self.orphans:
            text += f", ORPHANS {', '.join(self.orphans[:5])}"
        return text


@dataclass
class Run:
    """One `storyline brief` process: how long it ran, how it ended, where it got to."""

    label: str
    seconds: float
    returncode: int  # -9 when killed
    killed: bool
    delay: float | None  # the kill delay drawn for it (None: left to finish)
    target: Target | None  # or the stage it was to be killed at
    stage: str  # the stage the log last reported ("start-up" before the first one)
    traceback: bool  # "Traceback" on stderr, or a bug reported ("internal error", error log)
    stderr_tail: str
    store: StoreState
    brief_json_valid: bool | None = None  # None: no brief.json in the folder

    def describe(self) -> str:
        ended = "killed" if self.killed else f"exit {self.returncode}"
        delay = f"{self.delay:6.1f} s" if self.delay is not None else "  stage " if self.target else "     - "
        line = f"{self.label:<9} {delay}  {self.seconds:6.1f} s  {ended:<7} {self.stage:<30} {self.store.describe()}"
        if self.traceback:
            line += "  TRACEBACK"
        if self.brief_json_valid is False:
            line += "  brief.json left broken"
        return line


def brief_command(inputs: Sequence[str], out: Path, processes: int) -> list[str]:
    return [
        sys.executable, "-m", "storyline.cli", "brief", *inputs,
        "-o", str(out), "--processes", str(processes), *LOG_OPTIONS,
    ]


def run_once(
    command: Sequence[str], cwd: Path, log: Path, delay: float | None = None,
    env: dict[str, str] | None = None, kill_now: Callable[[], bool] | None = None,
) -> tuple[float, int, bool]:
    """Run `command` in its own session; SIGKILL its whole process group after `delay` seconds,
    or as soon as `kill_now()` says so (asked every 20 ms).

    Returns (seconds, return code, killed). stdout and stderr go to `log`.out / `log`.err.
    """
    environment = {**os.environ, **(env or {})}
    with open(log.with_suffix(".out"), "wb") as out, open(log.with_suffix(".err"), "wb") as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            list(command), cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
            env=environment, start_new_session=True,
        )
        killed = False
        while True:
            left = None if delay is None else start + delay - time.perf_counter()
            step = left if kill_now is None else 0.02 if left is None else min(0.02, left)
            try:
                process.wait(timeout=None if step is None else max(0.0, step))
                break
            except subprocess.TimeoutExpired:
                due = left is not None and time.perf_counter() >= start + delay
                if not due and not (kill_now is not None and kill_now()):
                    continue
            try:
                os.killpg(process.pid, signal.SIGKILL)
                killed = True
            except ProcessLookupError:  # finished just now
                pass
            process.wait()
            break
        seconds = time.perf_counter() - start
    if killed:
        _wait_for_group(process.pid)
    return seconds, process.returncode, killed and process.returncode == -signal.SIGKILL


class _StageWatch:
    """`kill_now` for a `Target`: reads the run's log, and the store's files when needed."""

    def __init__(self, target: Target, err_path: Path, db: Path) -> None:
        self._target, self._err, self._db = target, err_path, db
        self._files_then: tuple | None = None

    def __call__(self) -> bool:
        if _current_stage(_tail(self._err, 20_000)) != self._target.stage:
            return False
        if not self._target.store_written:
            return True
        files = _file_states(self._db)
        if self._files_then is None:
            self._files_then = files
            return False
        return files != self._files_then


def _file_states(db: Path) -> tuple:
    states = []
    for path in (db, db.with_name(db.name + ".wal")):
        try:
            info = path.stat()
            states.append((info.st_size, info.st_mtime_ns))
        except OSError:
            states.append(None)
    return tuple(states)


def _tail(path: Path, size: int) -> str:
    with open(path, "rb") as handle:
        end = handle.seek(0, os.SEEK_END)
        handle.seek(max(0, end - size))
        return handle.read().decode("utf-8", "replace")


def _events(log: str) -> list[dict]:
    events = []
    for line in log.splitlines():
        if line.startswith("{"):
            try:
                events.append(json.loads(line))
            except ValueError:
                pass  # the first line of a tail, cut
    return events


def _current_stage(log: str) -> str | None:
    """The stage begun last and not yet done, per the run's JSON log (None: none)."""
    current = None
    for event in _events(log):
        if event.get("event") == "stage":
            current = event.get("stage")
        elif event.get("event") == "stage_done":
            current = None
    return current


def last_stage(log: str) -> str:
    """The stage a run reached, from its JSON log: "Analysing articles (25)", "after Writing
    reports", or "start-up" (opening the store, loading the model) before the first stage."""
    reached = "start-up"
    for event in _events(log):
        if event.get("event") == "stage":
            total = event.get("total")
            reached = event["stage"] + (f" ({total})" if total is not None else "")
        elif event.get("event") == "stage_done":
            reached = f"after {event['stage']}"
    return reached


def _wait_for_group(pgid: int, timeout: float = 10.0) -> None:
    """Wait until no live (non-zombie) process of the group is left, so the next round starts clean."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _group_alive(pgid):
        time.sleep(0.05)


def _group_alive(pgid: int) -> bool:
    proc = Path("/proc")
    if not proc.is_dir():
        return False
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()  # state, ppid, pgrp, ...
        if len(fields) > 2 and int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
            return True
    return False


def inspect_store(db: Path, scratch: Path) -> StoreState:
    """Open a copy of the store (with its WAL) and count what it holds."""
    if not db.exists():
        return StoreState()
    scratch.mkdir(parents=True, exist_ok=True)
    copy = scratch / db.name
    for path in (copy, copy.with_name(copy.name + ".wal")):
        path.unlink(missing_ok=True)
    shutil.copy2(db, copy)
    wal = db.with_name(db.name + ".wal")
    if wal.exists():
        shutil.copy2(wal, copy.with_name(copy.name + ".wal"))
    state = StoreState(exists=True)
    try:
        connection = duckdb.connect(str(copy))
        try:
            query = lambda sql: connection.execute(sql).fetchall()  # noqa: E731
            state.articles = query("SELECT count(*) FROM articles")[0][0]
            state.duplicates = query("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL")[0][0]
            state.analyses = query("SELECT count(*) FROM analyses")[0][0]
            state.orphans = [
                f"article {row[0]} without analysis" for row in query(
                    "SELECT id FROM articles WHERE duplicate_of IS NULL "
                    "AND json_extract_string(record, '$.left_out') IS NULL "
                    "AND id NOT IN (SELECT article FROM analyses) ORDER BY id")
            ] + [
                f"analysis {row[0]} without article" for row in query(
                    "SELECT article FROM analyses WHERE article NOT IN (SELECT id FROM articles) "
                    "ORDER BY article")
            ]
            state.corpus_rows = query(
                "SELECT (SELECT count(*) FROM entities) + (SELECT count(*) FROM stories)")[0][0]
        finally:
            connection.close()
    except Exception as problem:  # noqa: BLE001 - any failure to open is the finding
        state.error = f"{type(problem).__name__}: {problem}"[:300]
    finally:
        for path in (copy, copy.with_name(copy.name + ".wal")):
            path.unlink(missing_ok=True)
    return state


def run_brief(
    label: str, inputs: Sequence[str], out: Path, logs: Path, processes: int, cwd: Path,
    delay: float | None = None, env: dict[str, str] | None = None, target: Target | None = None,
) -> Run:
    """One `storyline brief` into `out`, killed after `delay` seconds or at `target` when given."""
    logs.mkdir(parents=True, exist_ok=True)
    log = logs / label.replace(" ", "-")
    err_path = log.with_suffix(".err")
    watch = _StageWatch(target, err_path, out / STORE_NAME) if target else None
    errors_before = _size(out / ERROR_LOG)
    seconds, code, killed = run_once(brief_command(inputs, out, processes), cwd, log, delay, env, watch)
    tail = _tail(err_path, _TAIL_BYTES)
    stderr = err_path.read_bytes()
    bug = b"Traceback" in stderr or b"internal error" in stderr or _size(out / ERROR_LOG) != errors_before
    report = out / "brief.json"
    valid = None
    if report.exists():
        try:
            json.loads(report.read_bytes())
            valid = True
        except ValueError:
            valid = False
    return Run(
        label=label, seconds=seconds, returncode=code, killed=killed, delay=delay, target=target,
        stage="completed" if not killed and code in (0, 1) else last_stage(tail),
        traceback=bug, stderr_tail=tail[-3000:],
        store=inspect_store(out / STORE_NAME, logs / "store-copy"), brief_json_valid=valid,
    )


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return -1


# --- the whole experiment -----------------------------------------------------------------


@dataclass
class Comparison:
    """One report file of the resumed run against the reference's."""

    name: str
    identical: bool
    sizes: tuple[int, int]  # (reference, resumed) bytes; -1 when missing
    details: list[str] = field(default_factory=list)


@dataclass
class CrashReport:
    reference: Run
    rounds: list[Run]
    resume: Run
    comparisons: list[Comparison]
    path_leaks: list[str]  # output-folder names found inside the reports
    # Files only one of the two output folders holds after the resume (a temporary report,
    # a WAL, an error log left by a killed run), as "crashed: NAME" / "reference: NAME".
    stray_files: list[str] = field(default_factory=list)

    def identical(self, names: Sequence[str] = REPORTS) -> bool:
        return all(c.identical for c in self.comparisons if c.name in names)

    def problems(self) -> list[str]:
        """Every failed check, one line each (empty when all is well)."""
        found = []
        for run in [self.reference, *self.rounds, self.resume]:
            if run.traceback:
                found.append(f"{run.label}: Traceback on stderr:\n{run.stderr_tail[-1500:]}")
            if not run.killed and run.returncode not in (0, 1):
                found.append(f"{run.label}: exit {run.returncode}:\n{run.stderr_tail[-1500:]}")
            if not run.store.ok:
                found.append(f"{run.label}: store after the run: {run.store.describe()}")
        if self.reference.killed or self.resume.killed:
            found.append("reference or resume run was killed")
        for comparison in self.comparisons:
            if not comparison.identical:
                found.append(f"{comparison.name} differs from the reference: " + "; ".join(comparison.details))
        found.extend(f"output folder leaks into the brief: {leak}" for leak in self.path_leaks)
        found.extend(f"file in one output folder only: {name}" for name in self.stray_files)
        return found

    def lines(self) -> list[str]:
        """A table of the runs, then the comparisons."""
        return [RUN_HEADER] + [run.describe() for run in [self.reference, *self.rounds, self.resume]] + self.verdict()

    def verdict(self) -> list[str]:
        out = []
        for c in self.comparisons:
            verdict = "identical" if c.identical else "DIFFERENT"
            out.append(f"{c.name}: {verdict} ({c.sizes[0]:,} / {c.sizes[1]:,} bytes)")
            out.extend(f"  {detail}" for detail in c.details)
        out.extend(f"path leak: {leak}" for leak in self.path_leaks)
        out.extend(f"file in one output folder only: {name}" for name in self.stray_files)
        return out


def run_reference(
    inputs: Sequence[str], work: Path, processes: int = 2, cwd: Path = ROOT,
    env: dict[str, str] | None = None,
) -> Run:
    """The uninterrupted run into `work`/reference; raises when it fails."""
    reference_dir = work / "reference"
    reference = run_brief("reference", inputs, reference_dir, work / "logs", processes, cwd, env=env)
    if reference.killed or reference.returncode not in (0, 1) or not (reference_dir / "brief.json").exists():
        raise RuntimeError(f"the reference run failed (exit {reference.returncode}):\n{reference.stderr_tail}")
    return reference


def crash_and_resume(
    inputs: Sequence[str],
    work: Path,
    rounds: int = 3,
    seed: int = 17,
    processes: int = 2,
    cwd: Path = ROOT,
    env: dict[str, str] | None = None,
    echo: Callable[[str], None] | None = None,
    stratified: bool = True,
    targets: Sequence[Target] = (),
    reference: Run | None = None,
    name: str = "crashed",
) -> CrashReport:
    """Reference run, killed runs onto one store (`work`/`name`), a resume run; compare reports.

    The reference runs first into `work`/reference unless given (one reference for several
    crash sequences). Then one run per `Target`, killed as soon as it reaches that stage
    (`ANALYSES_STORED`: once the first analyses are stored, usually before all are), then
    `rounds` runs killed after random delays (`kill_delays`), then the resume."""
    echo = echo or (lambda line: None)
    logs = work / "logs" / name
    reference_dir, crashed_dir = work / "reference", work / name
    if reference is None:
        reference = run_reference(inputs, work, processes, cwd, env)
        echo(reference.describe())
    done = []
    for number, target in enumerate(targets, start=1):
        run = run_brief(f"stage {number}", inputs, crashed_dir, logs, processes, cwd, None, env, target)
        run.stage += f" [target: {target.label or target.stage}]" if run.killed else f" [target {target.label} missed]"
        echo(run.describe())
        done.append(run)
    for number, delay in enumerate(kill_delays(reference.seconds, rounds, seed, stratified), start=1):
        run = run_brief(f"round {number}", inputs, crashed_dir, logs, processes, cwd, delay, env)
        echo(run.describe())
        done.append(run)
    resume = run_brief("resume", inputs, crashed_dir, logs, processes, cwd, env=env)
    echo(resume.describe())
    comparisons = [compare_file(reference_dir / report, crashed_dir / report) for report in REPORTS]
    leaks = path_leaks(reference_dir, crashed_dir, work)
    return CrashReport(reference, done, resume, comparisons, leaks, stray_files(reference_dir, crashed_dir))


def stray_files(reference_dir: Path, crashed_dir: Path) -> list[str]:
    """Names (hidden ones too) in one output folder and not the other."""
    ref = {p.name for p in reference_dir.iterdir()}
    got = {p.name for p in crashed_dir.iterdir()}
    return [f"crashed: {n}" for n in sorted(got - ref)] + [f"reference: {n}" for n in sorted(ref - got)]


def kill_delays(seconds: float, rounds: int, seed: int, stratified: bool = True) -> list[float]:
    """One delay per round, drawn by `random.Random(seed)` in [0, seconds).

    Stratified (the default): round i of n draws from the i-th n-th of that span, so a few
    rounds still reach every stage: the first ones kill start-up, reading and the analyses of
    a fresh store, the later ones the analyses left over, the corpus stage and the reports.
    Otherwise each draw is uniform over the whole span.
    """
    rng = random.Random(seed)
    if not stratified:
        return [rng.uniform(0, seconds) for _ in range(rounds)]
    step = seconds / max(rounds, 1)
    return [step * (number + rng.random()) for number in range(rounds)]


def compare_file(reference: Path, resumed: Path) -> Comparison:
    ref = reference.read_bytes() if reference.exists() else None
    got = resumed.read_bytes() if resumed.exists() else None
    sizes = (len(ref) if ref is not None else -1, len(got) if got is not None else -1)
    if ref is None or got is None:
        missing = "reference" if ref is None else "resumed run"
        return Comparison(reference.name, ref == got, sizes, [f"missing in the {missing}"] if ref != got else [])
    if ref == got:
        return Comparison(reference.name, True, sizes)
    if reference.suffix == ".json":
        details = json_differences(ref, got)
    else:
        details = text_differences(ref, got)
    return Comparison(reference.name, False, sizes, details)


def json_differences(reference: bytes, resumed: bytes, limit: int = 12) -> list[str]:
    """Which top-level keys differ, with the first differing item of each list."""
    try:
        a, b = json.loads(reference), json.loads(resumed)
    except ValueError as problem:
        return [f"not JSON: {problem}"]
    if not isinstance(a, dict) or not isinstance(b, dict):
        return ["top level is not an object"]
    details = []
    for key in sorted(set(a) | set(b), key=lambda k: (list(a).index(k) if k in a else len(a), k)):
        if a.get(key) == b.get(key):
            continue
        x, y = a.get(key), b.get(key)
        if isinstance(x, list) and isinstance(y, list):
            first = next((i for i, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
            line = f"{key}: {len(x)} vs {len(y)} items, first difference at [{first}]"
            if first < len(x) and first < len(y):
                line += ": " + _item_difference(x[first], y[first])
            details.append(line)
        else:
            details.append(f"{key}: {_short(x)} vs {_short(y)}")
    if not details and list(a) != list(b):
        details.append("same keys and values, different key order")
    if not details:
        details.append("same JSON value, different bytes (formatting)")
    return details[:limit]


def _item_difference(x: object, y: object) -> str:
    if isinstance(x, dict) and isinstance(y, dict):
        keys = [k for k in dict.fromkeys([*x, *y]) if x.get(k) != y.get(k)]
        ident = x.get("id") or x.get("article") or ""
        return f"{ident} fields {', '.join(keys)}: " + "; ".join(
            f"{k}={_short(x.get(k))} vs {_short(y.get(k))}" for k in keys[:3]
        )
    return f"{_short(x)} vs {_short(y)}"


def _short(value: object, width: int = 90) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= width else text[: width - 1] + "…"


def text_differences(reference: bytes, resumed: bytes, limit: int = 8) -> list[str]:
    a = reference.decode("utf-8", "replace").splitlines()
    b = resumed.decode("utf-8", "replace").splitlines()
    diff = [line for line in difflib.unified_diff(a, b, "reference", "resumed", n=0, lineterm="")
            if not line.startswith(("---", "+++"))]
    changed = sum(1 for line in diff if line[:1] in "+-")
    return [f"{changed} lines differ"] + [line[:160] for line in diff[:limit]]


def path_leaks(reference_dir: Path, crashed_dir: Path, work: Path) -> list[str]:
    """Output-folder or store paths written into the reports (they must not depend on -o).

    Looks for each run's own output folder as given to -o (absolute) and for the store's file
    name; input paths (which may lie under `work`) are expected in the brief."""
    leaks = []
    for folder in (reference_dir, crashed_dir):
        needles = {str(folder), str(folder.resolve()), STORE_NAME}
        for name in REPORTS:
            path = folder / name
            if not path.exists():
                continue
            data = path.read_bytes()
            leaks.extend(
                f"{path.relative_to(work)} contains {needle!r}" for needle in sorted(needles)
                if needle.encode() in data
            )
    return leaks


# --- the bench corpus ---------------------------------------------------------------------


def _detokenise(text: str) -> str:
    """Timeline17 texts are tokenised ("Haiti , the ... -LRB- ... -RRB- ."): undo the worst."""
    for token, char in (("-LRB-", "("), ("-RRB-", ")"), ("-LSB-", "["), ("-RSB-", "]"), ("``", '"'), ("''", '"')):
        text = text.replace(token, char)
    text = re.sub(r" ([.,;:!?)\]'])", r"\1", text)
    return re.sub(r"([(\[]) ", r"\1", text)


def build_corpus(path: Path, data: Path, polnear: int, timeline17: int, topics: int = 4) -> dict[str, int]:
    """Write the bench's JSON Lines file; returns how many articles came from each dataset."""
    records = []
    texts = sorted((data / "polnear" / "train" / "text").glob("*.txt"))[:polnear]
    for source in texts:
        records.append({"id": f"polnear-{source.stem}", "text": source.read_text(encoding="utf-8")})
    t17 = data / "timeline17"
    folders = sorted(p for p in t17.iterdir() if (p / "articles.json").exists())[:topics] if t17.is_dir() else []
    taken = 0
    for number, folder in enumerate(folders):
        share = timeline17 // len(folders) + (number < timeline17 % len(folders))
        items = json.loads((folder / "articles.json").read_text(encoding="utf-8"))
        for item in sorted(items, key=lambda x: int(x["uid"]))[:share]:
            records.append({
                "id": f"t17-{folder.name}-{item['uid']}",
                "title": None,
                "published": item["dct"],
                "text": _detokenise(item["text"]),
            })
            taken += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps({k: v for k, v in record.items() if v is not None}, ensure_ascii=False) + "\n")
    return {"polnear": len(texts), "timeline17": taken}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=dataset_dir(), help="datasets folder")
    parser.add_argument("--polnear", type=int, default=60, help="PolNeAR train texts to take")
    parser.add_argument("--timeline17", type=int, default=35, help="Timeline17 articles to take")
    parser.add_argument("--trials", type=int, default=3, help="crash sequences, each on a fresh store")
    parser.add_argument("--rounds", type=int, default=4, help="randomly killed runs per trial")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--no-targets", action="store_true",
                        help="no rounds killed at a given stage, only the random ones")
    parser.add_argument("--uniform", action="store_true",
                        help="draw every kill delay over the whole reference time (default: stratified)")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    args = parser.parse_args()
    if not (args.data / "polnear").is_dir() and not (args.data / "timeline17").is_dir():
        sys.exit(f"no datasets under {args.data}; set STORYLINE_DATA or pass --data")

    with tempfile.TemporaryDirectory(prefix="storyline-crash-") as tmp:
        work = args.keep or Path(tmp)
        if args.keep and args.keep.exists():
            shutil.rmtree(args.keep)
        work.mkdir(parents=True, exist_ok=True)
        corpus = work / "input" / "articles.jsonl"
        counts = build_corpus(corpus, args.data, args.polnear, args.timeline17)
        inputs = ["examples/kosovo", str(corpus)]
        targets = () if args.no_targets else (ANALYSES_STORED, BUILDING, WRITING)
        print(f"inputs: examples/kosovo (5 files) + {corpus.name} ({counts['polnear']} PolNeAR, "
              f"{counts['timeline17']} Timeline17 articles) from {args.data}")
        print(f"{args.trials} trials of {args.rounds} random rounds (seed {args.seed}"
              f"{', uniform' if args.uniform else ', stratified'}), the first trial starting with "
              f"{len(targets)} rounds killed at a stage; {args.processes} processes; work folder {work}")
        print(RUN_HEADER)
        started = time.perf_counter()
        reference = run_reference(inputs, work, args.processes)
        print(reference.describe(), flush=True)
        reports = []
        for trial in range(1, args.trials + 1):
            print(f"-- trial {trial} (store {work / f'crashed-{trial}'})", flush=True)
            reports.append(crash_and_resume(
                inputs, work, rounds=args.rounds, seed=args.seed + trial - 1,
                processes=args.processes, echo=lambda line: print(line, flush=True),
                stratified=not args.uniform, targets=targets if trial == 1 else (),
                reference=reference, name=f"crashed-{trial}",
            ))
        elapsed = time.perf_counter() - started
        print()
        problems = []
        for trial, report in enumerate(reports, start=1):
            print(f"trial {trial}: " + "; ".join(report.verdict()))
            problems += [f"trial {trial}: {problem}" for problem in report.problems()]
        killed = [run for report in reports for run in report.rounds if run.killed]
        total = sum(len(report.rounds) for report in reports)
        print(f"rounds killed {len(killed)} of {total}; stages reached: "
              + ", ".join(run.stage for run in killed))
        broken = sum(run.brief_json_valid is False for report in reports for run in report.rounds)
        if broken:
            print(f"{broken} killed rounds left a brief.json that is not valid JSON (overwritten by the resume)")
        resumes = ", ".join(f"{report.resume.seconds:.1f}" for report in reports)
        print(f"reference {reference.seconds:.1f} s, resumes {resumes} s, whole bench {elapsed:.1f} s")
        for problem in problems:
            print("PROBLEM:", problem)
        print("RESULT:", "identical after crashes" if not problems else f"{len(problems)} problem(s)")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
