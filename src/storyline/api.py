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
from typing import Any, TextIO

from storyline.ingest.ids import article_id
from storyline.ingest.jsonl import record_document
from storyline.model import Brief, Entity, Event, Quote, RawDocument, SkippedInput, Story
from storyline.changes import Changes, Match, Watch, changes_since, parse_time, previous_run, watch_matches
from storyline.pipeline import Progress, RunResult, SilentProgress, ingest, open_store, rebuild
from storyline.report import ensure_writable, write_reports
from storyline.selection import choose, cut, kept_articles, scope_line, select, shows_all
from storyline.settings import STORE_NAME, Settings
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
    with Store(MEMORY, settings) as store:
        return store.add(texts=items).brief


class Store:
    """A brief kept in a DuckDB file: add articles over time, read the brief back.

    Adding an article already stored (same id and text) does nothing; the corpus stage
    (stories, timeline, stances, discrepancies, summaries) is rebuilt over everything stored
    after each `add`. `progress` hears about waiting for a store another run holds, and each
    stage and article of `add`. Use it as a context manager, or call `close()`.
    """

    def __init__(self, path: str | Path, settings: Settings | None = None,
                 progress: Progress | None = None, must_exist: bool = False) -> None:
        self.settings = settings or Settings()
        self.progress = progress or SilentProgress()
        self.path = Path(path)
        self._store = open_store(self.path, self.settings, self.progress, must_exist=must_exist)

    def add(self, paths: Sequence[str | Path] = (), texts: Iterable[Item] = (),
            progress: Progress | None = None, stdin: TextIO | None = None, build: bool = True) -> RunResult:
        """Read the files, folders, archives and feeds in `paths` ("-": JSON Lines from
        `stdin`) and the articles in `texts`, store what is new, and (unless `build` is False)
        rebuild the brief: `RunResult.brief`, with `RunResult.changes` saying what this call
        brought when the store had articles before (or since `settings.changes_since`)."""
        result = self._add(paths, texts, progress, stdin, build)
        self._finish(result)
        return result

    def _add(self, paths: Sequence[str | Path], texts: Iterable[Item], progress: Progress | None,
             stdin: TextIO | None, build: bool, load: bool = True) -> RunResult:
        """`add` without recording that the run ended (`brief` records it after the reports);
        without `load`, the brief is brought up to date in the store but not read back."""
        progress = progress or self.progress
        before = self._store.runs()  # what came after the last run that ended is new
        result = RunResult()
        if paths:
            _merge(result, ingest([str(p) for p in paths], self._store, self.settings, progress, stdin))
        given = list(texts)
        if given:
            _merge(result, ingest([], self._store, self.settings, progress, documents=documents(given)))
        if build:
            progress.stage("Building the brief")
            rebuild(self._store, self.settings, forget=set(result.reanalysed))
            result.since = self.settings.changes_since or (before[-1] if before else None)
            if load:
                result.brief = self._store.load_brief()
                result.changes = self._changes(result.brief, result.since)
        return result

    def _finish(self, result: RunResult) -> None:
        """Record that the run has done all it was asked to, when it stored something: a run
        killed before this point leaves "the previous run" as it was."""
        if result.stored and result.started:
            self._store.finish_run(result.started)

    def rebuild(self) -> Brief:
        """Build the corpus stage again from scratch (stories clustered anew, as if every
        article had come in one run), store it and return the brief: `storyline rebuild`."""
        self.progress.stage("Rebuilding the brief")
        rebuild(self._store, self.settings, fresh=True)
        return self._store.load_brief()

    def brief(self) -> Brief:
        """The brief over everything stored (brought up to date first if articles came since)."""
        self._bring_up_to_date()
        return self._store.load_brief()

    def _bring_up_to_date(self) -> None:
        if not self._store.corpus_is_current():
            self.progress.stage("Building the brief")
            rebuild(self._store, self.settings)

    def changes(self, since: str | None = None) -> Changes | None:
        """What the articles stored since `since` (ISO; default `settings.changes_since`, else
        the end of the run before the latest) brought to the brief; None when there is no
        such time."""
        return self._changes(self.brief(), self._since(since))

    def _since(self, since: str | None = None) -> str | None:
        """`since` as the store writes times; default `settings.changes_since`, else the end of
        the run before the latest."""
        return parse_time(since) if since else self.settings.changes_since or previous_run(self._store.runs())

    def _changes(self, brief: Brief, since: str | None) -> Changes | None:
        return changes_since(brief, self._store.stored_times(), since) if since else None

    def write_reports(self, out_dir: str | Path, brief: Brief | None = None,
                      changes: Changes | None = None, since: str | None = None) -> list[Path]:
        """Write brief.json, .md and .html (`settings.formats`) of the part of the brief
        `settings` choose (`stories`, `since`/`until`, `top`, and the stories that the articles
        stored since `since` touched), with "What's new" when such articles are in it; returns
        the paths written. Without `brief`, only that part is read from the store (a report of a
        large store costs what it shows); with it, `changes` say what is new in it."""
        if brief is None:
            return self._write_stored_reports(Path(out_dir), since).reports
        if changes is not None and changes.empty:
            changes = None  # nothing came: the reports are those of the run before, byte for byte
        touched = ({s.id for s in changes.new_stories} | {g.story.id for g in changes.growing_stories}
                   if changes is not None else set())
        selection = select(brief, self.settings.scope, touched)
        if changes is not None and selection.partial:
            changes = self._changes(selection.brief, changes.since)
        return write_reports(selection.brief, Path(out_dir), self.settings.formats, changes,
                             scope_line(selection), self.settings.processes)

    def _write_stored_reports(self, out_dir: Path, since: str | None) -> RunResult:
        """`write_reports` reading only the stories the reports show (and their records): the
        reports written, with the brief they show and what is new in it."""
        self._bring_up_to_date()
        scope = self.settings.scope
        stories, published = self._store.stories(), self._store.published()
        touched = self._store.stories_stored_since(since) if since else set()
        chosen = choose(stories, published, scope, touched)
        if shows_all(chosen, len(stories), scope):
            brief = self._store.load_brief()
        else:
            keep = kept_articles(chosen, published, scope, self._store.summary_sources)
            brief = self._store.load_brief(keep | self._store.duplicates_of(keep))
        selection = cut(brief, chosen, scope, len(stories), len(published))
        changes = self._changes(selection.brief, since) if since else None
        changes = None if changes is None or changes.empty else changes
        reports = write_reports(selection.brief, out_dir, self.settings.formats, changes, scope_line(selection),
                                self.settings.processes)
        return RunResult(brief=selection.brief, changes=changes, reports=reports, counts=self._store.counts())

    def stories(self) -> list[Story]:
        return self.brief().stories

    def entities(self) -> list[Entity]:
        return self.brief().entities

    def quotes(self) -> list[Quote]:
        return self.brief().quotes

    def events(self) -> list[Event]:
        return self.brief().events

    def watches(self) -> list[Watch]:
        """The saved watches (`storyline serve` makes them)."""
        return self._store.watches()

    def watch_matches(self, watch: Watch) -> list[Match]:
        """What a watch finds in the brief, newest first."""
        return watch_matches(watch, self.brief(), self._store.stored_times(), self._store.sentences())

    @property
    def records(self) -> _Store:
        """The DuckDB store underneath (tables, sentences, times), for the server and exports."""
        return self._store

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def brief(inputs: Sequence[str], out_dir: Path, db_path: Path | None = None, settings: Settings | None = None,
          progress: Progress | None = None, stdin: TextIO | None = None) -> RunResult:
    """`storyline brief`: add `inputs` to the store (default `out_dir/storyline.duckdb`) and
    write the reports of what the settings choose, opened by what this run brought; the
    result's `brief` is what the reports show (`counts` say what the store holds)."""
    settings = settings or Settings()
    progress = progress or SilentProgress()
    ensure_writable(Path(out_dir))  # before hours of analysis, not after
    with Store(db_path or Path(out_dir) / STORE_NAME, settings, progress) as store:
        result = store._add(inputs, (), progress, stdin, build=True, load=False)
        progress.stage("Writing reports")
        written = store._write_stored_reports(Path(out_dir), result.since)
        result.brief, result.changes, result.reports, result.counts = (
            written.brief, written.changes, written.reports, written.counts)
        store._finish(result)  # only now is this run "the previous run" for the next one
    return result


def report(db_path: Path, out_dir: Path, settings: Settings | None = None,
           progress: Progress | None = None) -> RunResult:
    """`storyline report`: the reports from the store alone (the brief rebuilt first when
    articles were stored since it was last built), opened by what the latest run brought."""
    settings = settings or Settings()
    progress = progress or SilentProgress()
    ensure_writable(Path(out_dir))
    with Store(db_path, settings, progress, must_exist=True) as store:
        progress.stage("Writing reports")
        result = store._write_stored_reports(Path(out_dir), store._since())
    return result


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
    total.started = total.started or part.started
