"""How a run talks to the person or the program running it, on stderr.

- `BarLog`: progress bars, for a person at a terminal.
- `LineLog`: one plain, unwrapped line per event, for logs and pipes (grep-able), or one JSON
  object per line with `--log-format json`.

Both implement the pipeline's `Progress`. Skips are always shown; notes (a store waited for,
an article in another language) unless quiet; stages only when verbose or at a terminal.
"""

from __future__ import annotations

import json
import sys
import time
from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from storyline.model import SkippedInput

QUIET, NORMAL, VERBOSE = 0, 1, 2


class BarLog:
    """Progress bars on a terminal, one per stage, and one line per skipped input or note."""

    def __init__(self, stream: TextIO, verbosity: int = NORMAL) -> None:
        self._console = Console(file=stream, highlight=False)
        self._verbosity = verbosity
        self._bars = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self._console,
            transient=False,
        )
        self._task = None

    def __enter__(self) -> BarLog:
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
        self._console.print(f"[yellow]skipped[/] {escape(item.path)}: {escape(item.reason)}")

    def note(self, message: str) -> None:
        if self._verbosity > QUIET:
            self._console.print(escape(message))

    def error(self, message: str) -> None:
        self._console.print(f"[red]error:[/] {escape(message)}")

    def _finish(self) -> None:
        if self._task is not None:
            task = self._bars.tasks[-1]
            self._bars.update(self._task, total=task.completed or 1, completed=task.completed or 1)


class LineLog:
    """Plain lines (`storyline: skipped PATH: REASON`) or JSON Lines, never wrapped, no bars."""

    def __init__(self, stream: TextIO, verbosity: int = NORMAL, as_json: bool = False) -> None:
        self._stream = stream
        self._verbosity = verbosity
        self._json = as_json
        self._stage: tuple[str, float] | None = None
        self._count = 0

    def __enter__(self) -> LineLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self._end_stage()

    def stage(self, name: str, total: int | None = None) -> None:
        self._end_stage()
        self._stage, self._count = (name, time.monotonic()), 0
        if self._verbosity >= VERBOSE:
            self._emit("stage", f"{name.lower()}" + (f" ({total})" if total is not None else ""), stage=name, total=total)

    def advance(self, n: int = 1) -> None:
        self._count += n

    def skipped(self, item: SkippedInput) -> None:
        self._emit("skipped", f"skipped {item.path}: {item.reason}", path=item.path, reason=item.reason,
                   article=item.article)

    def note(self, message: str) -> None:
        if self._verbosity > QUIET:
            self._emit("note", message)

    def error(self, message: str) -> None:
        self._emit("error", f"error: {message}")

    def _end_stage(self) -> None:
        if self._stage is not None and self._verbosity >= VERBOSE:
            name, started = self._stage
            seconds = round(time.monotonic() - started, 2)
            self._emit("stage_done", f"{name.lower()}: {self._count} in {seconds} s", stage=name,
                       count=self._count, seconds=seconds)
        self._stage = None

    def _emit(self, event: str, text: str, **fields: object) -> None:
        if self._json:
            record = {"event": event, "message": text, **{k: v for k, v in fields.items() if v is not None}}
            line = json.dumps(record, ensure_ascii=False)
        else:
            line = f"storyline: {' '.join(text.split())}"
        try:
            self._stream.write(line + "\n")
            self._stream.flush()
        except (BrokenPipeError, ValueError):  # the reader went away; the run goes on
            pass


def for_stream(stream: TextIO = sys.stderr, verbosity: int = NORMAL, log_format: str = "text") -> BarLog | LineLog:
    """Bars for a person at a terminal (text format, not quiet); lines for everything else."""
    if log_format == "text" and verbosity > QUIET and stream.isatty():
        return BarLog(stream, verbosity)
    return LineLog(stream, verbosity, as_json=log_format == "json")
