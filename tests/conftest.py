"""Shared fixtures: the spaCy pipeline (loaded once), the example corpus, the datasets."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "kosovo"


def datasets_dir() -> Path | None:
    """`$STORYLINE_DATA`, else ../shared/datasets beside the clone; None when absent."""
    candidate = Path(os.environ.get("STORYLINE_DATA", ROOT.parent / "shared" / "datasets"))
    return candidate if candidate.is_dir() else None


@pytest.fixture(scope="session")
def nlp():
    from storyline.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """The example articles' raw texts by file name."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))}


@pytest.fixture(scope="session")
def datasets() -> Path:
    found = datasets_dir()
    if found is None:
        pytest.skip("evaluation datasets not available (set STORYLINE_DATA)")
    return found


def load_bench(filename: str, name: str) -> ModuleType:
    """Import a benchmark script from bench/ (it imports its sibling `benchdata`)."""
    if str(ROOT / "bench") not in sys.path:
        sys.path.insert(0, str(ROOT / "bench"))
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / filename)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module
