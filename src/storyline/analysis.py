"""The per-article stage: clean one document, parse it once, run every analysis on that `Doc`.

Pure and deterministic: the same document and settings give the same `ArticleAnalysis`, with
no global state, so it runs in worker processes here and in a distributed engine's
partitions unchanged.
"""

from __future__ import annotations

import gc
import hashlib
import math
import re
import sys
import traceback
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from storyline import forked
from storyline.asides import find_asides
from storyline.cleaning import clean_text
from storyline.figures import find_quantities
from storyline.entities import find_mentions
from storyline.events import article_countries, domestic_target, find_events
from storyline.language import detect_language
from storyline.model import Article, ArticleAnalysis, DateMention, OffsetMap, RawDocument, Sentence
from storyline.nlp import load_pipeline, one_blas_thread, parse
from storyline.places import dateline_of, resolve_dateline, resolve_place
from storyline.quotes import find_quotes
from storyline.stance_cues import find_stance_cues
from storyline.settings import WORKER_GC_THRESHOLDS, Settings
from storyline.timex import find_dates, parse_published

BATCH_SIZE = 8
# Toward the end of a run the batches shrink (see `_batches`), so that the workers finish
# together: a batch is at most the articles left over this many per worker.
TAIL_SHARES = 4
# Batches given out per worker process and not yet taken back (see `_parallel`).
WINDOW_SHARES = 4


def _code_fingerprint() -> str:
    """A digest of the package's code and data: stored analyses made by other code are stale
    (an upgrade may find more in an article than the version that stored it)."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".tsv", ".txt")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# Stamped on every analysis (`ArticleAnalysis.analyser`); `pipeline` re-analyses an article read
# again whose stored analysis carries another stamp.
ANALYSER = _code_fingerprint()
_MAX_REASON_CHARS = 160


@dataclass(frozen=True)
class PreparedArticle:
    """A cleaned article with the map back to the raw text it came from.

    `label` names the article for messages: its file, and inside a multi-article file the
    line, entry or record and the id.
    """

    article: Article
    offsets: OffsetMap
    label: str = ""

    @property
    def name(self) -> str:
        """How messages name the article: its label, else its path."""
        return self.label or self.article.path


@dataclass(frozen=True)
class AnalysisFailure:
    """An article whose analysis raised: skipped with a one-line reason, traceback kept for the log."""

    article: Article
    label: str
    reason: str
    details: str


def prepare(raw: RawDocument, clean: str = "auto") -> PreparedArticle:
    """Clean a raw document and detect its language; metadata given by the input wins.

    `clean` (see `Settings.clean`): `auto` reads article bodies (JSON Lines, feeds, HTML
    extractions) as they are and lets the cleaner decide, per plain-text file, whether it is a
    flattened page (it shows page furniture) or an article; `always` and `never` force either way.
    """
    as_page = {"always": True, "never": False}.get(clean, False if raw.extracted else None)
    cleaned = clean_text(raw.text, as_page=as_page)
    if raw.published:
        published, evidence = raw.published, raw.published_evidence or "given"
    else:
        published, evidence = cleaned.published, cleaned.published_evidence
    article = Article(
        id=raw.id,
        path=raw.path,
        url=raw.url,
        title=raw.title or cleaned.title,
        source=raw.source or cleaned.source,
        published=published,
        published_evidence=evidence,
        text=cleaned.text,
        removed=cleaned.removed,
        language=detect_language(cleaned.text),
    )
    return PreparedArticle(article=article, offsets=cleaned.offsets, label=raw.describe())


def analyze_doc(doc: Doc, prepared: PreparedArticle) -> ArticleAnalysis:
    """Every per-article analysis, reading the one parsed `Doc` of the article's text."""
    countries = article_countries(doc)
    article = prepared.article.model_copy(
        update={
            "dateline": dateline_of(prepared.article.text),  # looked up in the parent
            "focus_country": countries[0] if countries else None,
        }
    )
    dates = find_dates(doc, article.id, article.published)
    if parse_published(article.published) is None:
        dates = _with_weekday_directions(doc, article.id, dates)
    events = find_events(doc, article.id, dates, article.published, resolve_places=False)
    quotes = find_quotes(doc, article.id)
    return ArticleAnalysis(
        article=article,
        offsets=prepared.offsets,
        sentences=[Sentence(start=s.start_char, end=s.end_char) for s in doc.sents],
        mentions=find_mentions(doc, article.id),
        quotes=quotes,
        dates=dates,
        events=events,
        quantities=find_quantities(doc, article.id, quotes),
        stance_cues=find_stance_cues(doc, article.id),
        asides=find_asides(doc, quotes),
        countries=countries,
        analyser=ANALYSER,
    )


# Two known days (a Wednesday, a Saturday): resolving an undated article's weekdays against them
# tells whether the sentence puts each one before or after the writing date, so that the corpus
# stage can place them once the story gives the article a date.
_PROBES = (date(2001, 1, 3), date(2001, 1, 6))
_WEEKDAY = re.compile(r"^XXXX-WXX-[1-7]$")


def _with_weekday_directions(doc: Doc, article_id: str, dates: list[DateMention]) -> list[DateMention]:
    wanted = {(m.start, m.end) for m in dates if _WEEKDAY.match(m.value)}
    directions: dict[tuple[int, int], str] = {}
    for probe in _PROBES:
        if len(directions) == len(wanted):
            break  # every weekday told by the first probe: no second pass over the text
        for mention in find_dates(doc, article_id, probe.isoformat()):
            key = (mention.start, mention.end)
            if key not in wanted or key in directions or mention.value == probe.isoformat():
                continue  # "Wednesday" said on a Wednesday: ask the other probe
            if len(mention.value) == 10:
                directions[key] = "past" if mention.value < probe.isoformat() else "future"
    return [m.model_copy(update={"direction": directions.get((m.start, m.end))})
            if (m.start, m.end) in wanted else m for m in dates]


def resolve_places(analysis: ArticleAnalysis) -> ArticleAnalysis:
    """Resolve the dateline and event places in the gazetteer (in the parent process, so that
    workers never load it), ambiguous names by the article's countries."""
    dateline = analysis.article.dateline
    if dateline is not None and dateline.lat is None:
        analysis.article.dateline = resolve_dateline(dateline, analysis.countries)
    for event in analysis.events:
        if event.place is not None and event.place.lat is None:
            event.place = resolve_place(event.place.name, analysis.countries) or event.place
            if event.target_text is None and event.target_code is None:
                event.target_code = domestic_target(event.type, event.place, event.source_code)
    return analysis


def analyze_batch(nlp: Language, batch: Sequence[PreparedArticle]) -> list[ArticleAnalysis | AnalysisFailure]:
    """Parse a batch in one `nlp.pipe` call and analyse each article; a failure stays with its article."""
    try:
        docs = list(parse(nlp, [prepared.article.text for prepared in batch], batch_size=len(batch) or 1))
    except Exception:  # noqa: BLE001 — find the article that breaks the parser, keep the others
        if len(batch) > 1:
            return [result for prepared in batch for result in analyze_batch(nlp, [prepared])]
        return [_failure(batch[0], "parsing")]
    return [_analyze_guarded(doc, prepared) for doc, prepared in zip(docs, batch)]


def _analyze_guarded(doc: Doc, prepared: PreparedArticle) -> ArticleAnalysis | AnalysisFailure:
    try:
        return analyze_doc(doc, prepared)
    except Exception:  # noqa: BLE001 — one article's bug must not stop the run
        return _failure(prepared, "analysis")


def _failure(prepared: PreparedArticle, stage: str) -> AnalysisFailure:
    kind, value = sys.exc_info()[:2]
    message = " ".join(str(value).split())[:_MAX_REASON_CHARS]
    return AnalysisFailure(
        article=prepared.article,
        label=prepared.name,
        reason=f"{stage} failed ({kind.__name__}: {message}); this is a bug in Storyline",
        details=traceback.format_exc(),
    )


def analyze_articles(
    articles: Sequence[PreparedArticle], model: str | None = None, processes: int = Settings.processes
) -> Iterator[ArticleAnalysis | AnalysisFailure]:
    """Analyse articles in input order, over `processes` worker processes when it pays off.

    Never raises for one article: an article whose analysis raises comes back as an
    `AnalysisFailure`, and so does one whose worker process dies (killed for memory, crashed).
    """
    nlp = load_pipeline(model)
    batches = _batches(articles, processes)
    # Places are resolved here, in this process, as results arrive: the gazetteer then loads
    # once, while the workers go on parsing.
    if processes <= 1 or len(batches) < 2:
        for batch in batches:
            yield from map(_resolved, analyze_batch(nlp, batch))
        return
    for results in _parallel(batches, model, processes):
        yield from map(_resolved, results)


def _batches(articles: Sequence[PreparedArticle], processes: int) -> list[Sequence[PreparedArticle]]:
    """Consecutive batches of `BATCH_SIZE` articles, smaller as the end nears (guided
    scheduling): with full batches to the last, one worker parsed the final batch while the
    others sat idle, a second of two cores' time on 200 articles. Results do not depend on how
    articles are batched (each is parsed on its own within a batch)."""
    batches = []
    start = 0
    while start < len(articles):
        left = len(articles) - start
        size = BATCH_SIZE if processes <= 1 else max(1, min(BATCH_SIZE, math.ceil(left / (TAIL_SHARES * processes))))
        batches.append(articles[start : start + size])
        start += size
    return batches


def _resolved(result: ArticleAnalysis | AnalysisFailure) -> ArticleAnalysis | AnalysisFailure:
    return resolve_places(result) if isinstance(result, ArticleAnalysis) else result


def _parallel(
    batches: Sequence[Sequence[PreparedArticle]], model: str | None, processes: int
) -> Iterator[list[ArticleAnalysis | AnalysisFailure]]:
    """Each batch's results, in order, from a pool of forked workers (fork shares the loaded model).

    Batches are taken up as workers free, whatever order they finish in, and at most
    `WINDOW_SHARES` batches per worker are out (submitted, not yet given back), so memory stays
    flat however many articles there are: waiting on the oldest batch alone left a worker idle
    whenever it ran long. When a worker dies, the batches not yet analysed are analysed again
    one article per task in a fresh pool, so that only the article that kills a worker is lost.
    """
    pending = deque(enumerate(batches))
    while pending:
        with _pool(model, processes) as pool:
            running: dict[Future, int] = {}
            finished: dict[int, list[ArticleAnalysis | AnalysisFailure]] = {}
            upcoming = pending[0][0]
            try:
                while pending or running or finished:
                    while pending and len(running) + len(finished) < WINDOW_SHARES * processes:
                        index, batch = pending.popleft()
                        running[pool.submit(_analyze_in_worker, batch)] = index
                    if upcoming in finished:
                        yield finished.pop(upcoming)
                        upcoming += 1
                        continue
                    for future in wait(running, return_when=FIRST_COMPLETED).done:
                        finished[running[future]] = _read_back(future.result())
                        del running[future]
            except BrokenProcessPool:
                for index in sorted([*finished, *running.values()]):
                    yield finished[index] if index in finished else _one_at_a_time(batches[index], model)
            except BaseException:
                forked.stop(pool)
                raise


def _one_at_a_time(batch: Sequence[PreparedArticle], model: str | None) -> list[ArticleAnalysis | AnalysisFailure]:
    """The batch's articles each in a one-worker pool of its own, a dead worker its failure."""
    results: list[ArticleAnalysis | AnalysisFailure] = []
    for prepared in batch:
        with _pool(model, 1) as pool:
            try:
                results.extend(_read_back(pool.submit(_analyze_in_worker, [prepared]).result()))
            except BrokenProcessPool:
                results.append(AnalysisFailure(
                    article=prepared.article, label=prepared.name,
                    reason="the worker process analysing it died (out of memory?)", details=""))
    return results


def _pool(model: str | None, processes: int) -> ProcessPoolExecutor:
    return forked.pool(processes, initializer=_init_worker, initargs=(model,))


_WORKER_MODEL: dict[str, str | None] = {}


def _init_worker(model: str | None) -> None:
    _WORKER_MODEL["name"] = model
    one_blas_thread()
    gc.set_threshold(*WORKER_GC_THRESHOLDS)


def _analyze_in_worker(batch: Sequence[PreparedArticle]) -> list[str | AnalysisFailure]:
    """A batch's results, each analysis as its JSON text: pydantic reads an analysis back from
    JSON five times faster than it unpickles one (0.5 against 2.5 ms), in the parent process,
    which every worker waits on."""
    results = analyze_batch(load_pipeline(_WORKER_MODEL.get("name")), batch)
    return [r.model_dump_json() if isinstance(r, ArticleAnalysis) else r for r in results]


def _read_back(results: list[str | AnalysisFailure]) -> list[ArticleAnalysis | AnalysisFailure]:
    return [ArticleAnalysis.model_validate_json(r) if isinstance(r, str) else r for r in results]
