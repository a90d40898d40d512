"""The `storyline` command: `brief` (inputs to reports), `ingest` (inputs to the store),
`report` (the store to reports), `rebuild` (the store's corpus stage from scratch), `export`
(the store's tables as Parquet or CSV) and `serve` (the HTTP API over a store).

Exit status: 0 when everything was read, 1 when something was skipped or failed at run time
(a busy store, an analysis that raised), 2 for a usage problem, 130 when interrupted. A
problem the user can fix is one line; a bug says so and leaves its traceback in a log file.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import multiprocessing
import os
import signal
import sys
import tempfile
import threading
import traceback
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import NoReturn

from storyline import __version__
from storyline.errors import StorylineError
from storyline.model import Brief
from storyline.api import Store, brief, report
from storyline.pipeline import RunResult
from storyline.runlog import NORMAL, QUIET, VERBOSE, for_stream
from storyline.settings import CLEAN_MODES, ENGINES, GC_THRESHOLDS, LOG_FORMATS, REPORT_FORMATS, STORE_NAME, Settings

EXAMPLES_BRIEF = """examples:
  storyline brief examples/kosovo -o out/kosovo
  storyline brief articles/ feed.xml crawl.warc.gz pages.zip -o out/story --summary-words 150
  cat articles.jsonl | storyline brief - -o out/jsonl --format json,md
  storyline brief new-articles/ -o out/story --db out/story/storyline.duckdb   # adds only what is new
  storyline brief corrected.jsonl -o out/story --update   # re-analyses articles whose text changed
  storyline brief archive/ -o out/archive --engine spark --master spark://head:7077
"""
EXAMPLES_INGEST = """examples:
  storyline ingest articles/ --db story.duckdb
  storyline ingest - --db story.duckdb < articles.jsonl
"""
EXAMPLES_REPORT = """examples:
  storyline report --db out/story/storyline.duckdb -o out/story
  storyline report --db story.duckdb -o out/md --format md
"""
EXAMPLES_REBUILD = """examples:
  storyline rebuild --db out/kosovo/storyline.duckdb && storyline report --db out/kosovo/storyline.duckdb -o out/kosovo
"""
EXAMPLES_SERVE = """examples:
  storyline serve --db out/kosovo/storyline.duckdb            # http://127.0.0.1:8765/docs
  storyline serve --db story.duckdb --host 0.0.0.0 --token SECRET
"""
EXAMPLES_EXPORT = """examples:
  storyline export --db out/kosovo/storyline.duckdb --format parquet -o out/kosovo/tables
  storyline export --db story.duckdb --format csv -o csv/
"""
ERROR_LOG = "storyline-errors.log"
DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8765
_DEFAULTS = Settings()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="storyline",
        description="Turn news articles about a developing story into a sourced brief.",
    )
    parser.add_argument("--version", action="version", version=f"storyline {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    brief_cmd = _command(commands, "brief", "read articles and write brief.json, brief.md and brief.html",
                         EXAMPLES_BRIEF)
    _reading_options(brief_cmd)
    _report_options(brief_cmd)
    brief_cmd.add_argument("--db", type=Path, help=f"DuckDB store (default: OUT/{STORE_NAME}); reused across runs")

    ingest_cmd = _command(commands, "ingest", "read articles into the store without writing reports",
                          EXAMPLES_INGEST)
    _reading_options(ingest_cmd)
    ingest_cmd.add_argument("--db", type=Path, required=True, help="DuckDB store")

    report_cmd = _command(commands, "report", "write the reports from a store alone", EXAMPLES_REPORT)
    _report_options(report_cmd)
    report_cmd.add_argument("--db", type=Path, required=True, help="DuckDB store")

    rebuild_cmd = _command(commands, "rebuild", "build the store's stories, timeline, stances and the rest "
                           "again from scratch, as if every article had come in one run", EXAMPLES_REBUILD)
    rebuild_cmd.add_argument("--db", type=Path, required=True, help="DuckDB store")

    export_cmd = _command(commands, "export", "write every table of a store, and the events in "
                          "GDELT's layout, as Parquet or CSV", EXAMPLES_EXPORT)
    export_cmd.add_argument("--db", type=Path, required=True, help="DuckDB store")
    export_cmd.add_argument("--format", dest="table_format", choices=("parquet", "csv"), default="parquet",
                            help="file format (default parquet)")
    export_cmd.add_argument("-o", "--out", type=Path, default=Path("out/tables"),
                            help="output folder (default out/tables)")

    serve_cmd = _command(commands, "serve", "serve the HTTP API over a store", EXAMPLES_SERVE)
    serve_cmd.add_argument("--db", type=Path, required=True, help="DuckDB store")
    serve_cmd.add_argument("--host", default=DEFAULT_HOST,
                           help=f"address to bind (default {DEFAULT_HOST}; any other needs --token)")
    serve_cmd.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    serve_cmd.add_argument("--token", help="secret every write must carry; required off loopback")
    return parser


def _command(commands, name: str, help_text: str, examples: str) -> argparse.ArgumentParser:
    """A subcommand with its examples and the options every command takes (store, logging)."""
    command = commands.add_parser(
        name, help=help_text, epilog=examples, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    command.add_argument("--wait", type=float, metavar="SECONDS",
                         help=f"wait this long for a store another run is using (default {_DEFAULTS.wait:g})")
    loudness = command.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true", help="only problems on stderr, no summary")
    loudness.add_argument("-v", "--verbose", action="store_true", help="every stage with its count and time")
    command.add_argument("--log-format", choices=LOG_FORMATS, default="text",
                         help="stderr as plain lines (default) or one JSON object a line")
    return command


def _reading_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "inputs", nargs="+", metavar="INPUT",
        help="files, folders (recursive) or - for JSON Lines on stdin "
        "(.txt .html .htm .jsonl RSS/Atom .warc, any of them .gz, and .zip archives)",
    )
    command.add_argument("--model", help="spaCy model (default: the first installed English model)")
    command.add_argument("--processes", type=int, help=f"worker processes (default {_DEFAULTS.processes})")
    command.add_argument("--clean", choices=CLEAN_MODES,
                         help="cut page chrome: auto (plain-text files that are pages; default), always, never")
    command.add_argument("--engine", choices=ENGINES,
                         help="where the analyses run: local worker processes (default) or a Spark job")
    command.add_argument("--master", metavar="URL",
                         help="Spark master for --engine spark (default local[PROCESSES]; e.g. spark://host:7077)")
    command.add_argument("--spark-results", metavar="DIR",
                         help="where the Spark job writes its Parquet: a folder the cluster and this "
                              "machine share (hdfs://..., s3a://...; default a temporary folder)")
    command.add_argument("--update", action="store_true",
                         help="re-analyse stored articles whose text has changed")


def _report_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("-o", "--out", type=Path, default=Path("out"), help="output folder (default out)")
    command.add_argument("--summary-words", type=int,
                         help=f"summary length in words (default {_DEFAULTS.summary_words})")
    command.add_argument("--format", help=f"comma-separated: {','.join(REPORT_FORMATS)} (default all)")
    command.add_argument("--story", dest="stories", action="append", metavar="ID",
                         help="report this story (repeat for more; default: the most active stories)")
    command.add_argument("--since", metavar="DAY", help="report the stories' articles published on or after this day")
    command.add_argument("--until", metavar="DAY", help="... and on or before this day (YYYY-MM-DD)")
    command.add_argument("--top", type=int, metavar="N",
                         help=f"report the N most active stories of the window (default {_DEFAULTS.top})")
    command.add_argument("--changes-since", metavar="TIME",
                         help="\"What's new\" counts from this ISO date or time (default: the previous run)")


def _settings(args: argparse.Namespace) -> Settings:
    """The run's settings: the defaults, with what the command line gave (validated there)."""
    return _DEFAULTS.with_(
        model=getattr(args, "model", None),
        processes=getattr(args, "processes", None),
        summary_words=getattr(args, "summary_words", None),
        formats=getattr(args, "format", None),
        clean=getattr(args, "clean", None),
        wait=args.wait,
        update=getattr(args, "update", False) or None,
        changes_since=getattr(args, "changes_since", None),
        stories=tuple(getattr(args, "stories", None) or ()) or None,
        since=getattr(args, "since", None),
        until=getattr(args, "until", None),
        top=getattr(args, "top", None),
        engine=getattr(args, "engine", None),
        master=getattr(args, "master", None),
        spark_results=getattr(args, "spark_results", None),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status (see the module docstring)."""
    args = _parser().parse_args(argv)
    verbosity = QUIET if args.quiet else VERBOSE if args.verbose else NORMAL
    log = for_stream(sys.stderr, verbosity, args.log_format)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        settings = _settings(args)
        with log:
            result = _run(args, settings, log)
    except StorylineError as problem:
        log.error(str(problem))
        return problem.exit_code
    except KeyboardInterrupt:
        log.error(f"interrupted; what was stored is kept in {_store_path(args)}: "
                  "run the same command again to resume (stored articles are not analysed again)")
        return 130
    except Exception:  # noqa: BLE001 — a bug: say so, keep the traceback out of the user's way
        where = _write_error_log(_log_folder(args), traceback.format_exc())
        log.error(f"internal error (a bug in Storyline): {sys.exc_info()[1]!r}; the traceback is in {where}")
        return 1
    if result.failures:
        details = "\n".join(f"{f.label}: {f.reason}\n{f.details}" for f in result.failures)
        log.error(f"{len(result.failures)} article(s) failed in analysis; tracebacks in "
                  f"{_write_error_log(_log_folder(args), details)}")
    if verbosity > QUIET and args.command != "serve":
        _print_summary(result, reading=args.command not in ("report", "rebuild"))
    return 1 if result.failed else 0


def _run(args: argparse.Namespace, settings: Settings, log) -> RunResult:
    if args.command == "brief":
        return brief(args.inputs, args.out, args.db, settings, log, stdin=sys.stdin)
    if args.command == "report":
        return report(args.db, args.out, settings, log)
    if args.command == "serve":
        return _serve(args, settings, log)
    if args.command == "rebuild":
        with Store(args.db, settings, log, must_exist=True) as store:
            return RunResult(brief=store.rebuild())
    if args.command == "export":
        from storyline.export import export

        return RunResult(reports=export(args.db, args.out, args.table_format, settings.wait))
    with Store(args.db, settings, log) as store:
        return store.add(args.inputs, stdin=sys.stdin, build=False)


def _serve(args: argparse.Namespace, settings: Settings, log) -> RunResult:
    """Serve until interrupted; the store's brief is read once at start."""
    import uvicorn  # only `serve` needs the web server

    from storyline.server import app_for_store, check_binding

    check_binding(args.host, args.token)
    app = app_for_store(args.db, settings, args.token)
    log.note(f"serving {args.db} on http://{args.host}:{args.port}/ (API docs at /docs); Ctrl-C stops")
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return RunResult()


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM ends a run like Ctrl-C: workers stopped, what is stored kept, a line on how to resume."""
    raise KeyboardInterrupt


def _store_path(args: argparse.Namespace) -> Path:
    return args.db or Path(args.out) / STORE_NAME


def _log_folder(args: argparse.Namespace) -> Path:
    return Path(args.out) if getattr(args, "out", None) else _store_path(args).parent


def _write_error_log(folder: Path, text: str) -> Path:
    """Append `text` to the error log in `folder` (the system's temporary folder if that fails)."""
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    for candidate in (folder, Path(tempfile.gettempdir())):
        path = candidate / ERROR_LOG
        try:
            with open(path, "a", encoding="utf-8") as handle:
                handle.write(f"--- storyline {__version__}, {stamp}\n{text}\n")
            return path
        except OSError:
            continue
    return Path(tempfile.gettempdir()) / ERROR_LOG


def _counts(brief: Brief) -> dict[str, int]:
    return {name: len(getattr(brief, name))
            for name in ("articles", "entities", "quotes", "events", "stories", "discrepancies")}


def _print_summary(result: RunResult, reading: bool) -> None:
    lines = [
        f"articles read {result.read}, new {result.new}, re-analysed {len(result.reanalysed)}, "
        f"already stored {result.already_stored}, duplicates {result.duplicates}, "
        f"other language {result.other_language}, skipped {len(result.skipped)}"
    ] if reading else []
    lines += [f"  skipped {item.path}: {item.reason}" for item in result.skipped]
    counts = result.counts or (_counts(result.brief) if result.brief is not None else None)
    if counts is not None:
        lines.append(
            f"brief: {counts['articles']} articles, {counts['entities']} entities, {counts['quotes']} quotes, "
            f"{counts['events']} events, {counts['stories']} stories, {counts['discrepancies']} discrepancies"
        )
    lines += [f"wrote {path}" for path in result.reports]
    try:
        sys.stdout.write("\n".join(lines) + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # `storyline … | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def run() -> NoReturn:
    """The `storyline` command: `main`, then out without the interpreter's teardown.

    The teardown frees every object one at a time (the gazetteer, the analyses, the model),
    a noticeable share of a short run spent after the work is done: by the time `main`
    returns, the store is closed and the reports are written. Exit handlers still run and
    the streams are flushed first. The garbage collector runs less often (`GC_THRESHOLDS`)."""
    gc.set_threshold(*GC_THRESHOLDS)
    code = main()
    if multiprocessing.active_children() or threading.active_count() > 1:
        sys.exit(code)  # children or threads still to end (an interrupted run): the whole way out
    atexit._run_exitfuncs()  # what a normal exit runs before the teardown (logging, Spark's)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that went away (`| head`), a closed stream
            pass
    os._exit(code)


if __name__ == "__main__":
    run()
