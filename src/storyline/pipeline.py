"""One run of Storyline: read inputs, store what is new, rebuild the brief, write the reports.

read -> clean -> near-duplicates -> per-article analysis (parallel) -> store ->
corpus stage over everything stored -> store -> brief.json / brief.md / brief.html
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TextIO

from storyline.analysis import PreparedArticle, analyze_articles, prepare
from storyline.corpus import build_brief
from storyline.dedup import find_duplicates
from storyline.ingest import read_inputs
from storyline.model import Brief, RawDocument, SkippedInput
from storyline.nlp import load_pipeline, model_info
from storyline.report import write_reports
from storyline.store import Store

DEFAULT_FORMATS = ("json", "md", "html")
STORE_NAME = "storyline.duckdb"


class Progress(Protocol):
    """What the pipeline tells its caller while it works (the CLI draws progress bars)."""

    def stage(self, name: str, total: int | None = None) -> None: ...
    def advance(self, n: int = 1) -> None: ...
    def skipped(self, item: SkippedInput) -> None: ...


class SilentProgress:
    """A Progress that shows nothing (library use, tests)."""

    def stage(self, name: str, total: int | None = None) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def skipped(self, item: SkippedInput) -> None:
        pass


@dataclass
class Settings:
    """What a run may be configured with; the same settings and input give the same brief."""

    model: str | None = None
    processes: int = 2
    summary_words: int = 100
    formats: Sequence[str] = DEFAULT_FORMATS


@dataclass
class RunResult:
    """What happened in one run, for the closing summary."""

    read: int = 0
    new: int = 0
    already_stored: int = 0
    duplicates: int = 0
    skipped: list[SkippedInput] = field(default_factory=list)
    reports: list[Path] = field(default_factory=list)
    brief: Brief | None = None

    @property
    def failed(self) -> bool:
        return bool(self.skipped)


def ingest(
    inputs: Sequence[str],
    store: Store,
    settings: Settings,
    progress: Progress | None = None,
    stdin: TextIO | None = None,
) -> RunResult:
    """Read `inputs` and store every new article with its analysis."""
    progress = progress or SilentProgress()
    result = RunResult()
    progress.stage("Reading and cleaning")
    prepared = _read_and_clean(inputs, store, result, progress, stdin)
    duplicates = find_duplicates(
        ((p.article.id, p.article.text, p.article.published) for p in prepared),
        known=store.stored_texts(),
    )
    originals = []
    for item in prepared:
        if item.article.id in duplicates:
            marked = item.article.model_copy(update={"duplicate_of": duplicates[item.article.id]})
            result.duplicates += store.add_duplicate(marked)
        else:
            originals.append(item)
    nlp = load_pipeline(settings.model)
    store.set_model(model_info(nlp))
    progress.stage("Analysing articles", total=len(originals))
    for analysis in analyze_articles(originals, settings.model, settings.processes):
        result.new += store.add_analysis(analysis)
        progress.advance()
    return result


def _read_and_clean(
    inputs: Sequence[str],
    store: Store,
    result: RunResult,
    progress: Progress,
    stdin: TextIO | None,
) -> list[PreparedArticle]:
    stored = store.article_ids()
    seen: set[str] = set()
    prepared: list[PreparedArticle] = []
    for item in read_inputs(inputs, stdin=stdin):
        if isinstance(item, SkippedInput):
            result.skipped.append(item)
            progress.skipped(item)
            continue
        result.read += 1
        progress.advance()
        if item.id in stored or item.id in seen:
            result.already_stored += 1
            continue
        seen.add(item.id)
        cleaned = _clean(item, result, progress)
        if cleaned is not None:
            prepared.append(cleaned)
    return prepared


def _clean(raw: RawDocument, result: RunResult, progress: Progress) -> PreparedArticle | None:
    prepared = prepare(raw)
    if not prepared.article.text.strip():
        item = SkippedInput(path=raw.path, reason="no article text left after cleaning")
        result.skipped.append(item)
        progress.skipped(item)
        return None
    return prepared


def brief(
    inputs: Sequence[str],
    out_dir: Path,
    db_path: Path | None = None,
    settings: Settings | None = None,
    progress: Progress | None = None,
    stdin: TextIO | None = None,
) -> RunResult:
    """Ingest `inputs`, rebuild the brief over everything stored, write the reports."""
    settings = settings or Settings()
    progress = progress or SilentProgress()
    db_path = db_path or out_dir / STORE_NAME
    with Store(db_path) as store:
        result = ingest(inputs, store, settings, progress, stdin)
        progress.stage("Building the brief")
        corpus = build_brief(
            store.analyses(), store.articles(), store.model(), settings.summary_words,
            previous_stories=store.stories(),
        )
        store.replace_corpus(corpus)
        result.brief = store.load_brief()
    progress.stage("Writing reports")
    result.reports = write_reports(result.brief, out_dir, settings.formats)
    return result
