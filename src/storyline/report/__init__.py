"""The brief's outputs: `brief.json` (+ JSON Schema), `brief.md`, `brief.html`."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from functools import partial
from importlib import import_module
from pathlib import Path
from typing import Any

from storyline import forked
from storyline.errors import StorylineError, UsageError
from storyline.changes import Changes
from storyline.model import Brief
from storyline.report.html import render_html
from storyline.report.markdown import render_markdown
from storyline.settings import REPORT_FORMATS, parse_formats

__all__ = ["FORMAT_FILES", "brief_schema", "brief_to_json", "ensure_writable", "render_html",
           "render_markdown", "write_reports"]

FORMAT_FILES = {"json": "brief.json", "md": "brief.md", "html": "brief.html"}


def write_reports(brief: Brief, out_dir: Path, formats: str | Sequence[str] = REPORT_FORMATS,
                  changes: Changes | None = None, scope: str | None = None, processes: int = 1) -> list[Path]:
    """Write the requested formats into `out_dir` (created if needed); return the paths written.
    `changes` (what came since the previous run) opens brief.md and brief.html, and `scope`
    (a line saying what part of the store they show) heads them; brief.json keeps the brief
    contract's shape. With `processes` over 1 the formats are rendered and written side by
    side, in forked processes (the same files).

    Formats are "json", "md" and "html" (case-insensitive, a comma-separated string also
    works; repeats are written once). Raises `UsageError` naming any unknown format before
    writing anything, and `StorylineError` when the folder cannot be written.
    """
    wanted = parse_formats(formats)
    renderers = _renderers()
    out_dir = ensure_writable(Path(out_dir))
    paths = [out_dir / FORMAT_FILES[fmt] for fmt in wanted]
    calls = [partial(_render_to, path, renderers[fmt], brief, *(() if fmt == "json" else (changes, scope)))
             for fmt, path in zip(wanted, paths)]
    forked.run_calls(calls, processes, weights=[_RENDER_WEIGHTS[fmt] for fmt in wanted])
    return paths


def _render_to(path: Path, render: Callable[..., str], *args: object) -> None:
    _write(path, render(*args))


# How long each format takes to render and write, relative to the others.
_RENDER_WEIGHTS = {"json": 1, "md": 1, "html": 2}


def ensure_writable(out_dir: Path) -> Path:
    """`out_dir`, created if needed; `UsageError` in one line when it cannot be written.

    Checked before a run starts, so that hours of analysis never end in an unwritable folder.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out_dir):
            pass
    except OSError as error:
        raise UsageError(f"cannot write to the output folder {out_dir}: {_reason(error)}") from None
    return out_dir


def _write(path: Path, text: str) -> None:
    """Write through a temporary file and rename, so a report is never left half written."""
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8", newline="\n")
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise StorylineError(f"cannot write {path}: {_reason(error)}") from None


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


def _renderers() -> dict[str, Callable[..., str]]:
    from storyline.report.json_out import brief_to_json

    return {"json": brief_to_json, "md": render_markdown, "html": render_html}


def __getattr__(name: str) -> Any:
    # json_out is imported lazily so that `python -m storyline.report.json_out` runs it fresh
    # (importing it here first makes runpy warn about a module executed twice).
    if name in ("brief_to_json", "brief_schema"):
        return getattr(import_module("storyline.report.json_out"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
