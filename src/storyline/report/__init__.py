"""The brief's outputs: `brief.json` (+ JSON Schema), `brief.md`, `brief.html`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import import_module
from pathlib import Path
from typing import Any

from storyline.model import Brief
from storyline.report.html import render_html
from storyline.report.markdown import render_markdown

__all__ = ["FORMAT_FILES", "brief_schema", "brief_to_json", "render_html", "render_markdown",
           "write_reports"]

FORMAT_FILES = {"json": "brief.json", "md": "brief.md", "html": "brief.html"}
_ALIASES = {"markdown": "md", "htm": "html"}


def write_reports(
    brief: Brief, out_dir: Path, formats: Sequence[str] = ("json", "md", "html")
) -> list[Path]:
    """Write the requested formats into `out_dir` (created if needed); return the paths written.

    Formats are "json", "md" and "html" (case-insensitive, a comma-separated string also
    works; repeats are written once).
    Raises ValueError naming any unknown format before writing anything.
    """
    if isinstance(formats, str):  # "md,html" as typed on the command line
        formats = formats.split(",")
    names = (f.strip().lower() for f in formats)
    wanted = list(dict.fromkeys(_ALIASES.get(f, f) for f in names))
    unknown = [f for f in wanted if f not in FORMAT_FILES]
    if unknown:
        raise ValueError(f"unknown report format(s): {', '.join(unknown)}; "
                         f"choose from {', '.join(FORMAT_FILES)}")
    renderers = _renderers()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in wanted:
        path = out_dir / FORMAT_FILES[fmt]
        path.write_text(renderers[fmt](brief), encoding="utf-8", newline="\n")
        written.append(path)
    return written


def _renderers() -> dict[str, Callable[[Brief], str]]:
    from storyline.report.json_out import brief_to_json

    return {"json": brief_to_json, "md": render_markdown, "html": render_html}


def __getattr__(name: str) -> Any:
    # json_out is imported lazily so that `python -m storyline.report.json_out` runs it fresh
    # (importing it here first makes runpy warn about a module executed twice).
    if name in ("brief_to_json", "brief_schema"):
        return getattr(import_module("storyline.report.json_out"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
