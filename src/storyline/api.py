"""The Python API: a brief from texts in memory, and a store to add articles to and read back.

    >>> import storyline
    >>> brief = storyline.analyze(["Russia denounced Kosovo's declaration ...", {...}])
    >>> with storyline.Store("kosovo.duckdb") as store:
    ...     store.add(["examples/kosovo"])           # files, folders, archives, feeds
    ...     store.add(texts=[{"id": "a1", "text": "...", "published": "2008-02-18"}])
    ...     stories = store.stories()

Both run exactly what `storyline brief` runs (cleaning, language, near-duplicates, the
per-article analyses, the corpus stage): `analyze` over a store in memory that is thrown away,
`Store` over a DuckDB file that keeps every article and analysis between calls. An item that
cannot be an article is reported in the run's `skipped` (and left out), never raised.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from storyline.ingest.ids import article_id
from storyline.ingest.jsonl import record_document
from storyline.model import Brief, Entity, Event, Quote, RawDocument, SkippedInput, Story
from storyline.pipeline import Progress, RunResult, SilentProgress, ingest, open_store, rebuild
from storyline.settings import Settings
from storyline.store import Store as _Store

Item = str | Mapping[str, Any] | RawDocument | SkippedInput
"""An article given in code: its plain text, a record like a JSON Lines line (`id`, `text`,
optional `title`, `published`, `url`, `source`), or a `RawDocument` (a reader's `SkippedInput`
passes through as the skip it is)."""

MEMORY = ":memory:"  # DuckDB's in-memory database


def documents(items: Iterable[Item]) -> Iterator[RawDocument | SkippedInput]:
    """Each item as an article to read, or why it cannot be one ("item 3: missing 'text'")."""
    for n, item in enumerate(items, 1):
        label = f"item {n}"
        if isinstance(item, (RawDocument, SkippedInput)):  # read already (a skip stays one)
            yield item
        elif isinstance(item, str):
            if item.strip():
                # a plain text, read as a .txt file is: its id is the hash of its text
                yield RawDocument(id=article_id(item), path=label, text=item, format="txt")
            else:
                yield SkippedInput(path=label, reason="empty text")
        elif isinstance(item, Mapping):
            yield record_document(dict(item), label)
        else:
            yield SkippedInput(path=label, reason=f"not a text, a record or a RawDocument "
                                                  f"({type(item).__name__})")


def analyze(items: Iterable[Item], settings: Settings | None = None) -> Brief:
    """The brief of `items` (texts, records or `RawDocument`s), built in memory: no file is
    read or written. Items that cannot be articles are left out; `Store.add` reports them."""
    settings = settings or Settings()
    with _Store(MEMORY, wait=0) as store:
        result = ingest([], store, settings, documents=documents(items))
        return rebuild(store, settings, forget=set(result.reanalysed))


class Store:
    """A brief kept in a DuckDB file: add articles over time, read the brief back.

    Adding an article already stored (same id and text) does nothing; the corpus stage
    (stories, timeline, stances, discrepancies, summaries) is rebuilt over everything stored
    after each `add`. Use it as a context manager, or call `close()`.
    """

    def __init__(self, path: str | Path, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self._store = open_store(Path(path), self.settings, SilentProgress())

    def add(self, paths: Sequence[str | Path] = (), texts: Iterable[Item] = (),
            progress: Progress | None = None) -> RunResult:
        """Read the files, folders, archives and feeds in `paths`, and the articles in `texts`,
        store what is new, and rebuild the brief (`RunResult.brief`; what could not be read
        is in `RunResult.skipped`). `progress` is told each stage and article."""
        result = RunResult()
        if paths:
            _merge(result, ingest([str(p) for p in paths], self._store, self.settings, progress))
        given = list(texts)
        if given:
            _merge(result, ingest([], self._store, self.settings, progress, documents=documents(given)))
        if progress is not None:
            progress.stage("Building the brief")
        result.brief = rebuild(self._store, self.settings, forget=set(result.reanalysed))
        return result

    def brief(self) -> Brief:
        """The brief over everything stored (rebuilt first if articles came since)."""
        if self._store.corpus_is_current():
            return self._store.load_brief()
        return rebuild(self._store, self.settings)

    def stories(self) -> list[Story]:
        return self.brief().stories

    def entities(self) -> list[Entity]:
        return self.brief().entities

    def quotes(self) -> list[Quote]:
        return self.brief().quotes

    def events(self) -> list[Event]:
        return self.brief().events

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _merge(total: RunResult, part: RunResult) -> None:
    """Add one ingest's counts to the run's."""
    total.read += part.read
    total.new += part.new
    total.reanalysed += part.reanalysed
    total.already_stored += part.already_stored
    total.duplicates += part.duplicates
    total.other_language += part.other_language
    total.skipped += part.skipped
    total.failures += part.failures
