"""Where the benchmarks find the evaluation datasets (never inside the repository)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def dataset_dir(*parts: str) -> Path:
    """`$STORYLINE_DATA/parts…`, else `../shared/datasets/parts…` beside the repository."""
    base = Path(os.environ.get("STORYLINE_DATA", ROOT.parent / "shared" / "datasets"))
    return base.joinpath(*parts)
