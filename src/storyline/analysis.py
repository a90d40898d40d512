"""The per-article stage: clean one document, parse it once, run every analysis on that `Doc`.

Pure and deterministic: the same document and settings give the same `ArticleAnalysis`, with
no global state, so it runs in worker processes here and in a distributed engine's
partitions unchanged.
"""

from __future__ import annotations

import multiprocessing
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from storyline.cleaning import clean_text
from storyline.discrepancies import find_quantities
from storyline.entities import find_mentions
from storyline.events import article_countries, find_events
from storyline.model import Article, ArticleAnalysis, DateMention, OffsetMap, RawDocument, Sentence
from storyline.nlp import load_pipeline
from storyline.places import dateline_of, resolve_dateline, resolve_place
from storyline.quotes import find_quotes
from storyline.timex import find_dates, parse_published

BATCH_SIZE = 8


@dataclass(frozen=True)
class PreparedArticle:
    """A cleaned article with the map back to the raw text it came from."""

    article: Article
    offsets: OffsetMap


def prepare(raw: RawDocument) -> PreparedArticle:
    """Clean a raw document; metadata given by the input wins over what the text suggests."""
    cleaned = clean_text(raw.text, extracted=raw.extracted)
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
    )
    return PreparedArticle(article=article, offsets=cleaned.offsets)


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
    return ArticleAnalysis(
        article=article,
        offsets=prepared.offsets,
        sentences=[Sentence(start=s.start_char, end=s.end_char) for s in doc.sents],
        mentions=find_mentions(doc, article.id),
        quotes=find_quotes(doc, article.id),
        dates=dates,
        events=events,
        quantities=find_quantities(doc, article.id),
        countries=countries,
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
    return analysis


def analyze_batch(nlp: Language, batch: Sequence[PreparedArticle]) -> list[ArticleAnalysis]:
    """Parse a batch with one `nlp.pipe` call and analyse each article."""
    docs = nlp.pipe([prepared.article.text for prepared in batch], batch_size=len(batch) or 1)
    return [analyze_doc(doc, prepared) for doc, prepared in zip(docs, batch)]


def analyze_articles(
    articles: Sequence[PreparedArticle], model: str | None = None, processes: int = 2
) -> Iterator[ArticleAnalysis]:
    """Analyse articles in order, over `processes` worker processes when it pays off."""
    nlp = load_pipeline(model)
    batches = [articles[i : i + BATCH_SIZE] for i in range(0, len(articles), BATCH_SIZE)]
    # Places are resolved here, in this process, as results arrive: the gazetteer then loads
    # once, while the workers go on parsing.
    if processes <= 1 or len(batches) < 2:
        for batch in batches:
            yield from map(resolve_places, analyze_batch(nlp, batch))
        return
    # Fork shares the already loaded model with the workers instead of loading it again.
    context = multiprocessing.get_context("fork")
    with context.Pool(processes, initializer=_init_worker, initargs=(model,)) as pool:
        for results in pool.imap(_analyze_in_worker, batches):
            yield from map(resolve_places, results)


_WORKER_MODEL: dict[str, str | None] = {}


def _init_worker(model: str | None) -> None:
    _WORKER_MODEL["name"] = model


def _analyze_in_worker(batch: Sequence[PreparedArticle]) -> list[ArticleAnalysis]:
    return analyze_batch(load_pipeline(_WORKER_MODEL.get("name")), batch)
