"""The stages of a run: read inputs, store what is new (`ingest`), bring the brief up to date (`rebuild`).

read -> clean -> language -> near-duplicates -> per-article analysis (parallel) -> store ->
corpus stage for what the new articles touch (`storyline.increment`) -> store; `storyline.api` strings them together for the
command line, the server and library users, and writes the reports.

Nothing here raises for one article: an input that cannot be read, cleaned or analysed
becomes a `SkippedInput` with its reason, and the run goes on. What raises is Storyline's
`StorylineError` (a busy store, an unwritable folder) or a bug.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Protocol, TextIO

from storyline import forked
from storyline.changes import Changes
from storyline.analysis import ANALYSER, AnalysisFailure, PreparedArticle, analyze_articles, prepare
from storyline.increment import full_delta, update_corpus
from storyline.dedup import band_keys, find_duplicates, from_bytes, signature, stored_form, to_bytes
from storyline.ingest import read_inputs
from storyline.model import ArticleAnalysis, Brief, RawDocument, SkippedInput
from storyline.nlp import find_model, load_pipeline
from storyline.settings import REPORT_FORMATS as DEFAULT_FORMATS
from storyline.settings import CLEAN_CHUNK, CLEAN_SHARES, SIGN_CHUNK, STORE_BATCH, STORE_NAME, Settings
from storyline.store import Store, StoredArticle, now

__all__ = ["DEFAULT_FORMATS", "STORE_NAME", "Progress", "RunResult", "Settings", "ingest", "rebuild",
           "SilentProgress", "open_store"]


class Progress(Protocol):
    """What the pipeline tells its caller while it works (the CLI draws bars or writes lines)."""

    def stage(self, name: str, total: int | None = None) -> None: ...
    def advance(self, n: int = 1) -> None: ...
    def skipped(self, item: SkippedInput) -> None: ...
    def note(self, message: str) -> None: ...


class SilentProgress:
    """A Progress that shows nothing (library use, tests)."""

    def stage(self, name: str, total: int | None = None) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def skipped(self, item: SkippedInput) -> None:
        pass

    def note(self, message: str) -> None:
        pass


@dataclass
class RunResult:
    """What happened in one run, for the closing summary."""

    read: int = 0
    new: int = 0
    reanalysed: list[str] = field(default_factory=list)
    already_stored: int = 0
    duplicates: int = 0
    other_language: int = 0
    skipped: list[SkippedInput] = field(default_factory=list)
    failures: list[AnalysisFailure] = field(default_factory=list)
    reports: list[Path] = field(default_factory=list)
    brief: Brief | None = None
    started: str | None = None  # when this run began (the store's time)
    changes: Changes | None = None  # what the articles stored since the previous run brought
    since: str | None = None  # when "new" begins for this run's reports (the previous run's end)
    counts: dict[str, int] | None = None  # how many records the store holds, when the brief was not read

    @property
    def stored(self) -> bool:
        """True when the run stored an article (new, changed, duplicate or other language)."""
        return bool(self.new or self.reanalysed or self.duplicates or self.other_language)

    @property
    def failed(self) -> bool:
        """True when something was skipped or failed: the run exits with status 1."""
        return bool(self.skipped)


def content_hash(raw: RawDocument) -> str:
    """A fingerprint of what the input says about an article: its text and given metadata."""
    given = [raw.text, raw.title, raw.url, raw.source, raw.published]
    return hashlib.sha256(json.dumps(given, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]


@dataclass
class _Batch:
    """The articles of one run on their way to the store."""

    to_analyse: list[PreparedArticle] = field(default_factory=list)
    hashes: dict[str, str] = field(default_factory=dict)
    replacing: set[str] = field(default_factory=set)
    signatures: dict[str, bytes] = field(default_factory=dict)  # MinHash values (`dedup.to_bytes`)


def ingest(
    inputs: Sequence[str],
    store: Store,
    settings: Settings | None = None,
    progress: Progress | None = None,
    stdin: TextIO | None = None,
    documents: Iterable[RawDocument | SkippedInput] | None = None,
) -> RunResult:
    """Read `inputs` (or take `documents` already read, as the Python API gives them) and store
    every new (or, with `settings.update`, changed) article with its analysis."""
    settings = settings or Settings()
    progress = progress or SilentProgress()
    result = RunResult()
    model = find_model(settings.model)  # first: a wrong --model is reported before any work
    store.set_model(model.info)
    result.started = now()
    progress.stage("Reading and cleaning")
    items = documents if documents is not None else read_inputs(inputs, stdin=stdin)
    # The model loads while the first articles are cleaned, in other processes.
    batch = _read(items, store, settings, model.lang, result, progress, partial(load_pipeline, settings.model))
    originals = _store_duplicates(batch, store, result)
    progress.stage("Analysing articles", total=len(originals))
    analysed: list[ArticleAnalysis] = []
    for analysis in _analyses(originals, settings):
        if isinstance(analysis, AnalysisFailure):
            result.failures.append(analysis)
            _skip(result, progress, SkippedInput(path=analysis.label, reason=analysis.reason,
                                                 article=analysis.article.id))
        else:
            analysed.append(analysis)
        if len(analysed) >= STORE_BATCH:
            _store_analyses(analysed, batch, store, result)
            analysed = []
        progress.advance()
    _store_analyses(analysed, batch, store, result)
    return result


def _store_analyses(analysed: list[ArticleAnalysis], batch: _Batch, store: Store, result: RunResult) -> None:
    """Store analyses in one transaction (`settings.STORE_BATCH` at a time) and count them."""
    added = store.add_analyses([(a, batch.hashes[a.article.id], a.article.id in batch.replacing) for a in analysed])
    for analysis, is_new in zip(analysed, added):
        if not is_new:
            continue
        if analysis.article.id in batch.replacing:
            result.reanalysed.append(analysis.article.id)
        else:
            result.new += 1


def _analyses(articles: list[PreparedArticle], settings: Settings) -> Iterator[ArticleAnalysis | AnalysisFailure]:
    """The articles' analyses in input order, from the engine the settings name."""
    if settings.engine == "spark":
        from storyline.spark import analyze_on_spark  # only a Spark run needs pyspark

        return analyze_on_spark(articles, settings.model, settings.master, settings.processes,
                                settings.spark_results)
    return analyze_articles(articles, settings.model, settings.processes)


def _read(items: Iterable[RawDocument | SkippedInput], store: Store, settings: Settings, language: str,
          result: RunResult, progress: Progress, meanwhile: Callable[[], object]) -> _Batch:
    """Clean every input read; decide per article: new, changed, already stored, or left out.
    The articles to clean are cleaned `CLEAN_CHUNK` at a time, side by side (`_cleaned`); of
    an id read more than once, the first wanted is the one cleaned. `meanwhile` runs here
    while the first chunk is cleaned (once, whether or not there is anything to clean)."""
    stored = store.article_states()
    batch = _Batch()
    chunk: list[tuple[RawDocument, str]] = []
    claimed: set[str] = set()
    for item in items:
        if isinstance(item, SkippedInput):
            _skip(result, progress, item)
            continue
        result.read += 1
        progress.advance()
        digest = content_hash(item)
        if item.id in claimed or not _wanted(item, digest, stored.get(item.id), settings, language,
                                             result, progress):
            continue
        claimed.add(item.id)
        chunk.append((item, digest))
        if len(chunk) == CLEAN_CHUNK:
            _add_cleaned(chunk, batch, stored, store, settings, language, result, progress, meanwhile)
            chunk, meanwhile = [], None
    _add_cleaned(chunk, batch, stored, store, settings, language, result, progress, meanwhile)
    return batch


def _add_cleaned(chunk: list[tuple[RawDocument, str]], batch: _Batch, stored: dict[str, StoredArticle],
                 store: Store, settings: Settings, language: str, result: RunResult, progress: Progress,
                 meanwhile: Callable[[], object] | None) -> None:
    """Clean the chunk's articles and add those with text in the model's language to the batch."""
    cleaned_chunk = _cleaned([item for item, _ in chunk], settings, result, progress, meanwhile)
    for (item, digest), cleaned in zip(chunk, cleaned_chunk):
        if cleaned is None:
            continue
        prepared, batch.signatures[item.id] = cleaned
        batch.hashes[item.id] = digest
        if item.id in stored:
            batch.replacing.add(item.id)
        if _in_language(prepared, language, store, digest, item.id in stored, result, progress):
            batch.to_analyse.append(prepared)


def _wanted(item: RawDocument, digest: str, known: StoredArticle | None, settings: Settings,
            language: str, result: RunResult, progress: Progress) -> bool:
    """Whether an article read now is to be (re)analysed; reports a changed one not updated."""
    if known is None:
        return True
    if known.content_hash is not None and known.content_hash != digest:
        if settings.update:
            return True
        _skip(result, progress, SkippedInput(
            path=item.describe(), article=item.id,
            reason="stored earlier with a different text; run again with --update to re-analyse it"))
        return False
    if known.left_out and known.language == language:
        return True  # stored while another model's language was in use: this model reads it
    if known.analysed and known.analyser != ANALYSER:
        return True  # analysed by other code: this version may find more in it
    result.already_stored += 1
    return False


def _cleaned(raws: Sequence[RawDocument], settings: Settings, result: RunResult, progress: Progress,
             meanwhile: Callable[[], object] | None) -> list[tuple[PreparedArticle, bytes] | None]:
    """The documents cleaned (`analysis.prepare`), each with its MinHash signature, over
    `settings.processes` forked processes (`meanwhile` running here); one whose cleaning
    fails, or leaves no text, is reported and gives None."""
    chunksize = max(1, len(raws) // (CLEAN_SHARES * settings.processes))
    outcomes = forked.run_calls([partial(_prepare_or_reason, raw, settings.clean) for raw in raws],
                                settings.processes, chunksize=chunksize, meanwhile=meanwhile)
    return [_checked(raw, outcome, settings, result, progress) for raw, outcome in zip(raws, outcomes)]


def _prepare_or_reason(raw: RawDocument, clean: str) -> tuple[PreparedArticle, bytes] | str:
    """The article cleaned and its signature (signed here, in the cleaning processes: in the
    parent, signing a run's articles kept the other core idle), else why it could not be."""
    try:
        prepared = prepare(raw, clean)
        return prepared, to_bytes(signature(prepared.article.text))
    except Exception as error:  # noqa: BLE001 — one article's bug must not stop the run
        return f"cleaning failed ({type(error).__name__}: {error}); this is a bug in Storyline"


def _checked(raw: RawDocument, outcome: tuple[PreparedArticle, bytes] | str, settings: Settings,
             result: RunResult, progress: Progress) -> tuple[PreparedArticle, bytes] | None:
    if isinstance(outcome, str):
        _skip(result, progress, SkippedInput(path=raw.describe(), reason=outcome[:200], article=raw.id))
        return None
    if not outcome[0].article.text.strip():
        hint = "" if settings.clean == "never" else " (--clean never keeps everything)"
        _skip(result, progress, SkippedInput(path=raw.describe(), article=raw.id,
                                             reason=f"no article text left after cleaning{hint}"))
        return None
    return outcome


def _in_language(prepared: PreparedArticle, language: str, store: Store, digest: str, replace: bool,
                 result: RunResult, progress: Progress) -> bool:
    """True when the model reads the article's language; else it is stored as left out, with a line."""
    found = prepared.article.language
    if found is None or found == language:
        return True
    article = prepared.article.model_copy(update={"left_out": f"language {found}"})
    store.add_article(article, digest, replace=replace)
    result.other_language += 1
    progress.note(f"{prepared.name}: written in '{found}', stored but not analysed "
                  f"(the model reads '{language}'; --model names a spaCy model for '{found}')")
    return False


def _store_duplicates(batch: _Batch, store: Store, result: RunResult) -> list[PreparedArticle]:
    """Mark and store the near-duplicates among `batch`; the originals are left to analyse.
    They are compared with the stored originals they share an LSH band with (read by key, so
    a run holds those, not every stored signature), and their own signatures are stored."""
    _sign_unsigned(store)
    signed = {item.article.id: from_bytes(batch.signatures[item.article.id]) for item in batch.to_analyse}
    keys = {key for minhash in signed.values() for key in band_keys(minhash)}
    known = [(i, from_bytes(data)) for i, data in store.signatures_sharing(keys) if i not in batch.replacing]
    duplicates = find_duplicates(
        ((p.article.id, signed[p.article.id], p.article.published) for p in batch.to_analyse), known=known)
    originals = []
    for item in batch.to_analyse:
        article_id = item.article.id
        if article_id in duplicates:
            marked = item.article.model_copy(update={"duplicate_of": duplicates[article_id]})
            result.duplicates += store.add_article(marked, batch.hashes[article_id],
                                                   replace=article_id in batch.replacing)
        else:
            originals.append(item)
    # (Stored before their articles: until those are, no query reads them, `Store.signatures_sharing`.)
    store.add_signatures({item.article.id: stored_form(signed[item.article.id]) for item in originals})
    return originals


def _sign_unsigned(store: Store) -> None:
    """Stored originals without a signature or band keys (an older version's) get them,
    `SIGN_CHUNK` at a time."""
    while rows := store.unsigned_originals(SIGN_CHUNK):
        store.add_signatures({article: stored_form(from_bytes(minhash) if minhash is not None else signature(text))
                              for article, minhash, text in rows})


def _skip(result: RunResult, progress: Progress, item: SkippedInput) -> None:
    result.skipped.append(item)
    progress.skipped(item)


def rebuild(store: Store, settings: Settings, forget: set[str] = frozenset(), fresh: bool = False) -> None:
    """Bring the stored brief up to date with the stored articles.

    The articles stored since it was built are placed in it, a batch at a time, redoing only
    the stories they touch (`storyline.increment`); `forget` are articles analysed anew in this
    run: their old records go and they are placed again, like new ones. `fresh` builds the
    corpus stage over everything at once, stories clustered from scratch (`storyline rebuild`),
    as does the first run on a store built before the incremental path.
    """
    if fresh or (store.has_stories() and not store.corpus_indexed()):
        previous = []
        for story in [] if fresh else store.stories():
            kept = [a for a in story.articles if a not in forget]
            if kept:
                previous.append(story.model_copy(update={"articles": kept}))
        store.apply(full_delta(store, settings.summary_words, previous), clear=True)
    elif settings.engine == "spark":
        from storyline.spark import SparkCandidates  # only a Spark run needs pyspark

        with SparkCandidates(store, settings.master, settings.processes, settings.spark_results) as candidates, \
                store.memory_capped():
            update_corpus(store, settings.summary_words, forget, candidates, settings.processes)
    else:
        with store.memory_capped():
            update_corpus(store, settings.summary_words, forget, processes=settings.processes)


def open_store(path: Path, settings: Settings, progress: Progress, must_exist: bool = False) -> Store:
    """The store at `path`, waiting up to `settings.wait` seconds while another run holds it."""
    return Store(path, wait=settings.wait, on_wait=progress.note, must_exist=must_exist)
