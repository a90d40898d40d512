"""The embedded DuckDB store: one table per kind of record, keyed by stable ids.

Per-article records (articles, their analyses, mentions, dates) are written once per article
id, all in one transaction, guarded by the article's primary key: ingesting an article already
stored changes nothing, so a second run only analyses what is new. Each article keeps a hash
of its input, so a changed article under a stored id is noticed and, when asked, replaced with
everything derived from it in one transaction.

DuckDB lets one process write a file at a time: a store another run holds is waited for.
Every DuckDB failure leaves this module as a `StorylineError` that says what went wrong. Corpus
records (entities, merged events, stories, timeline, stances, discrepancies, summary) change
by a `CorpusDelta` a run works out (`storyline.increment`): the stories it replaced go with
their records, the new ones come, in one transaction, each table renumbered to the brief's
order; the index tables (`article_terms`, `entity_keys`, `article_countries`) let the next run
find what it touches without reading everything. Every row carries its provenance (`article`,
`start`, `end`) and the full record as JSON, so the brief is a query over the store.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from datetime import datetime, timezone
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
from pydantic import BaseModel

# DuckDB's Python client tries `import pandas` for every value it binds (to recognise pandas
# types). Without pandas installed each try searches the whole import path again, and storing an
# analysis took eight times longer than its inserts (bench/stage_profile.py). Marking the absent
# module as absent makes each try fail at once; an installed pandas is left alone.
if "pandas" not in sys.modules and importlib.util.find_spec("pandas") is None:
    sys.modules["pandas"] = None

from storyline.changes import Watch
from storyline.dating import YearMention
from storyline.errors import StoreBusy, StorylineError, UsageError
from storyline.settings import STORE_MEMORY
from storyline.model import (
    Article,
    ArticleAnalysis,
    Brief,
    DateMention,
    Discrepancy,
    Entity,
    Event,
    Mention,
    ModelInfo,
    Quantity,
    Quote,
    Sentence,
    SourcedText,
    Stance,
    Story,
    TimelineEntry,
)

if TYPE_CHECKING:
    from storyline.increment import CorpusDelta

# Key and provenance columns for querying; `record` holds the full record as JSON.
_PER_ARTICLE_TABLES = """
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY, path VARCHAR, url VARCHAR, title VARCHAR, source VARCHAR,
    published VARCHAR, duplicate_of VARCHAR, text VARCHAR, record JSON);
CREATE TABLE IF NOT EXISTS analyses (article VARCHAR PRIMARY KEY, record JSON);
CREATE TABLE IF NOT EXISTS mentions (
    article VARCHAR, start_offset INTEGER, end_offset INTEGER, text VARCHAR, label VARCHAR);
CREATE TABLE IF NOT EXISTS dates (
    article VARCHAR, start_offset INTEGER, end_offset INTEGER, text VARCHAR, type VARCHAR,
    value VARCHAR);
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
ALTER TABLE articles ADD COLUMN IF NOT EXISTS content_hash VARCHAR;
ALTER TABLE articles ADD COLUMN IF NOT EXISTS stored_at VARCHAR;
ALTER TABLE articles ADD COLUMN IF NOT EXISTS arrival BIGINT;
CREATE TABLE IF NOT EXISTS runs (started VARCHAR PRIMARY KEY, finished VARCHAR);
CREATE TABLE IF NOT EXISTS watches (
    id VARCHAR PRIMARY KEY, kind VARCHAR, value VARCHAR, created VARCHAR);
CREATE TABLE IF NOT EXISTS signatures (article VARCHAR PRIMARY KEY, minhash BLOB);
CREATE TABLE IF NOT EXISTS signature_bands (article VARCHAR, band INTEGER, key BLOB);
"""
# The tables that hold one article's rows, each with the column naming the article.
_ARTICLE_KEY = {"articles": "id", "analyses": "article", "mentions": "article", "dates": "article",
                "signatures": "article", "signature_bands": "article"}
# A stored original: what a new article may be a near-duplicate of.
_ORIGINAL = "a.duplicate_of IS NULL AND json_extract_string(a.record, '$.left_out') IS NULL"

_CORPUS_TABLES = """
CREATE TABLE IF NOT EXISTS entities (
    id VARCHAR PRIMARY KEY, name VARCHAR, type VARCHAR, affiliation VARCHAR, position INTEGER,
    record JSON);
CREATE TABLE IF NOT EXISTS entity_mentions (
    entity VARCHAR, article VARCHAR, start_offset INTEGER, end_offset INTEGER, text VARCHAR);
CREATE TABLE IF NOT EXISTS quotes (
    id VARCHAR PRIMARY KEY, article VARCHAR, start_offset INTEGER, end_offset INTEGER,
    kind VARCHAR, speaker VARCHAR, position INTEGER, record JSON);
CREATE TABLE IF NOT EXISTS events (
    id VARCHAR PRIMARY KEY, article VARCHAR, start_offset INTEGER, end_offset INTEGER,
    type VARCHAR, source VARCHAR, target VARCHAR, date VARCHAR, position INTEGER, record JSON);
CREATE TABLE IF NOT EXISTS event_reports (
    event VARCHAR, article VARCHAR, start_offset INTEGER, end_offset INTEGER);
CREATE TABLE IF NOT EXISTS stories (
    id VARCHAR PRIMARY KEY, title VARCHAR, first VARCHAR, last VARCHAR, position INTEGER,
    record JSON);
CREATE TABLE IF NOT EXISTS story_articles (story VARCHAR, article VARCHAR);
CREATE TABLE IF NOT EXISTS timeline (position INTEGER, date VARCHAR, story VARCHAR, record JSON);
CREATE TABLE IF NOT EXISTS stances (
    position INTEGER, actor VARCHAR, issue VARCHAR, stance VARCHAR, record JSON);
CREATE TABLE IF NOT EXISTS discrepancies (position INTEGER, about VARCHAR, record JSON);
CREATE TABLE IF NOT EXISTS quantities (
    position INTEGER, article VARCHAR, start_offset INTEGER, end_offset INTEGER, record JSON);
CREATE TABLE IF NOT EXISTS countries (position INTEGER, code VARCHAR);
CREATE TABLE IF NOT EXISTS summary (
    position INTEGER, article VARCHAR, start_offset INTEGER, end_offset INTEGER, text VARCHAR);
CREATE TABLE IF NOT EXISTS article_terms (article VARCHAR, term VARCHAR);
CREATE TABLE IF NOT EXISTS article_countries (article VARCHAR, position INTEGER, code VARCHAR);
CREATE TABLE IF NOT EXISTS entity_keys (key VARCHAR, entity VARCHAR);
CREATE TABLE IF NOT EXISTS article_years (article VARCHAR, owner VARCHAR, noun VARCHAR, year INTEGER);
"""
_CORPUS_TABLE_NAMES = (
    "entities entity_mentions quotes events event_reports stories story_articles "
    "timeline stances discrepancies quantities countries summary article_terms article_countries entity_keys "
    "article_years"
).split()
# The version of the corpus tables' indexes (terms, countries, entity keys, event years) that lets
# a run add articles to the stored brief; a store built before them is rebuilt once.
CORPUS_INDEX = "2"

def candidate_pairs(terms: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(article, term) rows of the new articles' distinct lead terms: the `q` table of `candidates_sql`."""
    return [(article, term) for article, found in sorted(terms.items()) for term in sorted(set(found))]


def candidates_sql(total: int, per_article: int, rare_share: float, rare_floor: int) -> str:
    """The query behind `Store.similar_articles`, over the tables `q` (new, term) and
    `article_terms` (article, term) of a store of `total` indexed articles: plain SQL that
    DuckDB and Spark read alike (scores rounded, so that both rank ties the same)."""
    max_df = max(rare_floor, int(total * rare_share))
    return f"""
        SELECT old FROM (
            SELECT old, row_number() OVER (PARTITION BY new ORDER BY score DESC, old) AS rank FROM (
                SELECT q.new AS new, t.article AS old, round(sum(ln({float(total + 1)} / df.n)), 9) AS score
                FROM q
                JOIN (SELECT term, count(*) AS n FROM article_terms WHERE term IN (SELECT term FROM q)
                      GROUP BY term HAVING count(*) <= {max_df}) df ON q.term = df.term
                JOIN article_terms t ON t.term = q.term
                WHERE t.article <> q.new
                GROUP BY q.new, t.article) hits) ranked
        WHERE rank <= {per_article}"""


# Analyses are read this many at a time, so that no result outgrows the store's memory limit.
_READ_CHUNK = 200

# The order of each corpus table's records in the brief, as `corpus.build_brief` sorts them:
# records added later are put in place by renumbering `position` (`Store.apply`).
_ORDER = {
    "entities": "coalesce((SELECT count(*) FROM entity_mentions m WHERE m.entity = t.id), 0) DESC, name, id",
    "quotes": "article, start_offset, id",
    "events": "coalesce(date, ''), article, start_offset, position",
    "stories": "coalesce(first, '9999'), id",
    "timeline": "date, coalesce(story, ''), json_extract_string(record, '$.text'), position",
    "stances": "coalesce(json_extract_string(record, '$.story'), ''), issue, "
               "coalesce(json_extract_string(record, '$.actor_name'), ''), coalesce(actor, ''), position",
    "discrepancies": "json_extract_string(record, '$.kind') <> 'figure', "
                     "json_extract_string(record, '$.values[0].article'), "
                     "CAST(json_extract(record, '$.values[0].start') AS INTEGER), about, position",
    "quantities": "article, start_offset, end_offset, position",
}


# How often a busy store is tried again while waiting for it.
_RETRY_SECONDS = 0.25


def _values(n: int) -> str:
    """`(?, ?, ...)` for `n` bound values. Reading large records by id, an `IN` list lets DuckDB
    pick the rows by id before it reads their records; `IN (subquery)` is a join that reads
    every stored record, so its time and memory grew with the store (past DuckDB's memory cap
    at 20,000 articles)."""
    return f"({', '.join('?' * n)})"


_ARRIVAL = "coalesce(arrival, 0)"  # the articles of a store older than the column came first
# A list of texts bound to a query (`Store._execute` sends it as one JSON text), as rows, and as
# a subquery for `IN`
_UNNEST = "unnest(?::JSON::VARCHAR[])"
_IDS = f"(SELECT {_UNNEST})"


def _article_row(article: Article, content_hash: str | None, arrival: int) -> tuple:
    """An article as a row of the `articles` table, in its columns' order."""
    return (article.id, article.path, article.url, article.title, article.source, article.published,
            article.duplicate_of, article.text, _json(article), content_hash, now(), arrival)


def _json(record: BaseModel) -> str:
    return record.model_dump_json()


def now() -> str:
    """The time as the store keeps it: ISO 8601 UTC to the microsecond (runs a moment apart differ)."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class StoredArticle:
    """What the store knows of an article before reading it again."""

    content_hash: str | None
    analysed: bool
    language: str | None
    left_out: str | None
    analyser: str | None = None  # the code that made its stored analysis (`analysis.ANALYSER`)


class Store:
    """A DuckDB file holding every article, analysis and corpus record of a brief.

    `wait` is how many seconds to wait while another process holds the file (`on_wait` is
    told once, with a message); `must_exist` refuses to create a new store.
    """

    def __init__(self, path: str | Path, wait: float = 60.0,
                 on_wait: Callable[[str], None] | None = None, must_exist: bool = False) -> None:
        self.path = Path(path)
        if must_exist and not self.path.is_file():
            raise UsageError(f"no store at {self.path}")
        if self.path.is_dir():
            raise UsageError(f"the store {self.path} is a folder; name a file")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UsageError(f"cannot create the store's folder {self.path.parent}: "
                             f"{(error.strerror or str(error)).lower()}") from None
        self._db = _connect(self.path, wait, on_wait)
        self._capped = False  # DuckDB's memory capped (`memory_capped`), else this limit holds:
        self._uncapped_limit = ""
        self._writing = False  # inside a transaction, where a failed statement cannot be retried
        self._types: dict[str, list[str]] = {}  # each table's column types (`_many`)
        self._execute(_PER_ARTICLE_TABLES)
        self._execute(_CORPUS_TABLES)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- per-article records ------------------------------------------------------------

    def article_ids(self) -> set[str]:
        return {row[0] for row in self._rows("SELECT id FROM articles")}

    def article_states(self) -> dict[str, StoredArticle]:
        """What is stored of each article, by id: input hash, analysed or not, language, and
        the code that analysed it."""
        rows = self._rows(
            "SELECT id, content_hash, id IN (SELECT article FROM analyses), "
            "json_extract_string(record, '$.language'), json_extract_string(record, '$.left_out'), "
            "(SELECT json_extract_string(a.record, '$.analyser') FROM analyses a WHERE a.article = articles.id) "
            "FROM articles"
        )
        return {row[0]: StoredArticle(*row[1:]) for row in rows}

    def unsigned_originals(self, limit: int) -> list[tuple[str, bytes | None, str | None]]:
        """Up to `limit` stored originals without a near-duplicate signature or its band keys
        (stored by an older version): (id, the signature if stored, else the text)."""
        return self._execute(
            "SELECT a.id, s.minhash, CASE WHEN s.minhash IS NULL THEN a.text END FROM articles a "
            f"LEFT JOIN signatures s ON s.article = a.id WHERE {_ORIGINAL} AND (s.minhash IS NULL OR "
            "a.id NOT IN (SELECT article FROM signature_bands)) ORDER BY a.id LIMIT ?", [limit]).fetchall()

    def signatures_sharing(self, keys: Collection[tuple[int, bytes]]) -> list[tuple[str, bytes]]:
        """(id, signature) of the stored originals filed under any of the band `keys`
        (`dedup.band_keys`): a run's near-duplicate candidates, read by key, not all of them."""
        if not keys:
            return []
        bands, blobs = zip(*sorted(keys))
        return [(article, bytes(minhash)) for article, minhash in self._execute(
            "SELECT a.id, s.minhash FROM articles a JOIN signatures s ON s.article = a.id "
            f"WHERE {_ORIGINAL} AND a.id IN (SELECT b.article FROM signature_bands b JOIN "
            "(SELECT unnest(?::JSON::INTEGER[]) AS band, unnest(?::BLOB[]) AS key) q "
            "ON b.band = q.band AND b.key = q.key) ORDER BY a.id", [list(bands), tuple(blobs)]).fetchall()]

    def add_signatures(self, signatures: dict[str, tuple[bytes, list[tuple[int, bytes]]]]) -> None:
        """Store near-duplicate signatures with their band keys: article -> (signature, keys)."""
        with self._transaction():
            for table in ("signatures", "signature_bands"):
                self._execute(f"DELETE FROM {table} WHERE article IN {_IDS}", [sorted(signatures)])
            self._many("signatures", [(a, minhash) for a, (minhash, _) in sorted(signatures.items())])
            self._many("signature_bands", [(a, band, key) for a, (_, keys) in sorted(signatures.items())
                                           for band, key in keys])

    def add_article(self, article: Article, content_hash: str | None = None, replace: bool = False) -> bool:
        """Store an article that is not analysed (a duplicate, another language). False if already stored.

        `replace` first removes the stored article of that id and everything derived from it.
        """
        with self._transaction():
            return self._add_articles([(article, content_hash, replace)])[0]

    def add_analysis(self, analysis: ArticleAnalysis, content_hash: str | None = None,
                     replace: bool = False) -> bool:
        """Store one analysed article and its records, atomically. False if already stored."""
        return self.add_analyses([(analysis, content_hash, replace)])[0]

    def add_analyses(self, items: Sequence[tuple[ArticleAnalysis, str | None, bool]]) -> list[bool]:
        """Store analysed articles, each given with its content hash and whether it replaces the
        stored article of its id, in one transaction; per article, False if already stored."""
        if not items:
            return []
        with self._transaction():
            added = self._add_articles([(a.article, content_hash, replace) for a, content_hash, replace in items])
            new = [analysis for (analysis, _, _), is_new in zip(items, added) if is_new]
            self._many("analyses", [(a.article.id, _json(a)) for a in new])
            self._many("mentions", [(m.article, m.start, m.end, m.text, m.label) for a in new for m in a.mentions])
            self._many("dates", [(d.article, d.start, d.end, d.text, d.type, d.value) for a in new for d in a.dates])
            return added

    def _add_articles(self, items: Sequence[tuple[Article, str | None, bool]]) -> list[bool]:
        """Insert the articles not stored yet (after removing those to replace), numbered in the
        order they came (`arrivals`); per article, whether it was inserted."""
        for article, _, replace in items:
            if replace:
                self._delete_article(article.id)
        stored = {row[0] for row in self._execute(
            f"SELECT id FROM articles WHERE id IN {_IDS}", [[article.id for article, _, _ in items]]).fetchall()}
        added = []
        for article, _, _ in items:
            added.append(article.id not in stored)
            stored.add(article.id)
        first = self._execute("SELECT coalesce(max(arrival), 0) + 1 FROM articles").fetchone()[0]
        new = [(article, content_hash) for (article, content_hash, _), is_new in zip(items, added) if is_new]
        self._many("articles", [_article_row(article, content_hash, first + n)
                                for n, (article, content_hash) in enumerate(new)])
        return added

    def _delete_article(self, article_id: str) -> None:
        for table, key in _ARTICLE_KEY.items():
            self._execute(f"DELETE FROM {table} WHERE {key} = ?", [article_id])

    # --- when articles came: runs and watches (what's new) ---------------------------------

    def finish_run(self, started: str) -> None:
        """Record that a run begun at `started` stored articles and has ended (a run that was
        killed never ends here, so the next one counts its articles as new)."""
        with self._transaction():
            self._execute("INSERT OR REPLACE INTO runs VALUES (?, ?)", [started, now()])

    def runs(self) -> list[str]:
        """When each run that stored articles ended (ISO UTC), oldest first."""
        return [row[0] for row in self._rows("SELECT finished FROM runs ORDER BY finished")]

    def stored_times(self) -> dict[str, str]:
        """When each article was stored (ISO UTC); articles of stores older than this column have none."""
        return {row[0]: row[1] for row in self._rows(
            "SELECT id, stored_at FROM articles WHERE stored_at IS NOT NULL ORDER BY id")}

    def watches(self) -> list[Watch]:
        """The saved watches, oldest first."""
        return [Watch(id=row[0], kind=row[1], value=row[2], created=row[3])
                for row in self._rows("SELECT id, kind, value, created FROM watches ORDER BY created, id")]

    def add_watch(self, watch: Watch) -> None:
        with self._transaction():
            self._execute("INSERT OR REPLACE INTO watches VALUES (?, ?, ?, ?)",
                          [watch.id, watch.kind, watch.value, watch.created])

    def remove_watch(self, watch_id: str) -> bool:
        """Forget a watch; False when there was none of that id."""
        with self._transaction():
            found = self._execute("SELECT 1 FROM watches WHERE id = ?", [watch_id]).fetchone()
            self._execute("DELETE FROM watches WHERE id = ?", [watch_id])
        return found is not None

    def analyses(self, ids: Iterable[str] | None = None) -> list[ArticleAnalysis]:
        """The stored analyses (originals only) of `ids` (default: all), by article id."""
        wanted = [row[0] for row in self._rows("SELECT article FROM analyses ORDER BY article")] if ids is None \
            else sorted(set(ids))
        found = []
        for start in range(0, len(wanted), _READ_CHUNK):  # results within the store's memory limit
            chunk = wanted[start : start + _READ_CHUNK]
            found += [ArticleAnalysis.model_validate_json(row[0]) for row in self._execute(
                f"SELECT record FROM analyses WHERE article IN {_values(len(chunk))} ORDER BY article",
                chunk).fetchall()]
        return found

    def unplaced(self) -> list[str]:
        """Analysed articles in no stored story (stored since the brief was last built), oldest
        publication first, then in the order they came."""
        return [row[0] for row in self._rows(
            "SELECT a.id FROM articles a WHERE a.id IN (SELECT article FROM analyses) "
            "AND a.id NOT IN (SELECT article FROM story_articles) "
            f"ORDER BY coalesce(a.published, '9999'), {_ARRIVAL}, a.id")]

    def published(self) -> dict[str, str | None]:
        """Each stored article's publication time, by id."""
        return dict(self._rows("SELECT id, published FROM articles ORDER BY id"))

    def table_names(self) -> list[str]:
        """The store's tables, by name."""
        return [name for (name,) in self._rows(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name")]

    def copy_table(self, table: str, path: Path, options: str) -> None:
        """Write `table` to `path` with DuckDB's COPY (`options`: "FORMAT parquet", ...)."""
        if table not in self.table_names():
            raise UsageError(f"no table {table!r} in the store")
        target = str(path).replace("'", "''")
        self._execute(f'COPY (SELECT * FROM "{table}") TO \'{target}\' ({options})')

    def sentences(self) -> dict[str, list[Sentence]]:
        """Each analysed article's sentences as the parse cut them (for the search index)."""
        rows = self._rows("SELECT article, json_extract(record, '$.sentences') FROM analyses ORDER BY article")
        return {article: [Sentence(start=s["start"], end=s["end"]) for s in json.loads(found or "[]")]
                for article, found in rows}

    def articles(self) -> list[Article]:
        """Every stored article, in the order they came (`arrivals`)."""
        rows = self._rows(f"SELECT record FROM articles ORDER BY {_ARRIVAL}, id")
        return [Article.model_validate_json(row[0]) for row in rows]

    def arrivals(self) -> dict[str, int]:
        """Each stored article's place in the order articles came to the store (1, 2, ...; 0
        for those a store older than this column holds): how articles published at the same
        time, or undated, are ordered in a story, so that what comes later goes after."""
        return dict(self._rows(f"SELECT id, {_ARRIVAL} FROM articles ORDER BY id"))

    def stories(self) -> list[Story]:
        """The stories of the last brief, in their order (empty before the first brief)."""
        rows = self._rows("SELECT record FROM stories ORDER BY position")
        return [Story.model_validate_json(row[0]) for row in rows]

    def set_model(self, info: ModelInfo) -> None:
        with self._transaction():
            self._execute("INSERT OR REPLACE INTO meta VALUES ('nlp_model', ?)", [_json(info)])

    def model(self) -> ModelInfo | None:
        row = self._execute("SELECT value FROM meta WHERE key = 'nlp_model'").fetchone()
        return ModelInfo.model_validate_json(row[0]) if row else None

    def corpus_is_current(self) -> bool:
        """True when the corpus records were built over exactly the articles stored now."""
        row = self._execute("SELECT value FROM meta WHERE key = 'corpus_of'").fetchone()
        return row is not None and row[0] == self._articles_fingerprint()

    def _articles_fingerprint(self) -> str:
        row = self._execute(
            "SELECT count(*) || ':' || coalesce(md5(string_agg(id || ':' || coalesce(content_hash, '') "
            "|| ':' || coalesce(duplicate_of, ''), ',' ORDER BY id)), '') FROM articles"
        ).fetchone()
        return row[0]

    # --- corpus records -----------------------------------------------------------------

    def corpus_indexed(self) -> bool:
        """True when the corpus tables carry the indexes a run needs to add articles to them."""
        row = self._execute("SELECT value FROM meta WHERE key = 'corpus_index'").fetchone()
        return row is not None and row[0] == CORPUS_INDEX

    def has_stories(self) -> bool:
        return self._execute("SELECT count(*) FROM stories").fetchone()[0] > 0

    def stories_of(self, articles: Iterable[str]) -> list[Story]:
        """The stored stories holding any of `articles`, in the brief's order."""
        return [Story.model_validate_json(row[0]) for row in self._execute(
            "SELECT record FROM stories WHERE id IN (SELECT story FROM story_articles WHERE article IN "
            f"{_IDS}) ORDER BY position", [sorted(articles)]).fetchall()]

    def similar_articles(self, terms: dict[str, list[str]], per_article: int, rare_share: float,
                         rare_floor: int) -> set[str]:
        """Stored articles sharing rare lead terms with the articles of `terms`: for each, the
        `per_article` best by the summed IDF of the terms they share, counting only terms at
        most `rare_share` of the stored articles (or `rare_floor`) use: an inverted index, its
        cost growing with the postings of rare terms, not with the store. (`spark.py` runs
        the same query on Spark.)"""
        pairs = candidate_pairs(terms)
        if not pairs:
            return set()
        self._execute(f"CREATE OR REPLACE TEMP TABLE q AS SELECT {_UNNEST} AS new, "
                      f"{_UNNEST} AS term",
                      [[a for a, _ in pairs], [t for _, t in pairs]])
        sql = candidates_sql(self.indexed_articles(), per_article, rare_share, rare_floor)
        return {row[0] for row in self._rows(sql)}

    def indexed_articles(self) -> int:
        """How many articles the term index holds."""
        return self._execute("SELECT count(DISTINCT article) FROM article_terms").fetchone()[0]

    def year_mentions(self) -> list[YearMention]:
        """The events the stored articles date by year (`dating.year_mentions`)."""
        return [tuple(row) for row in self._rows("SELECT DISTINCT owner, noun, year FROM article_years ORDER BY ALL")]

    def term_frequencies(self, terms: Iterable[str], articles: Iterable[str] = ()) -> dict[str, int]:
        """How many indexed articles use each of `terms` and of the terms indexed for `articles`."""
        return dict(self._execute(
            f"SELECT term, count(*) FROM article_terms WHERE term IN (SELECT {_UNNEST} UNION "
            f"SELECT term FROM article_terms WHERE article IN {_IDS}) GROUP BY term",
            [sorted(set(terms)), sorted(articles)]).fetchall())

    def entities_in(self, articles: Iterable[str] | None = None) -> list[Entity]:
        """The stored entities named in `articles` (default: all), each with its mentions there
        only, in the brief's order."""
        where = "" if articles is None else f"WHERE article IN {_IDS}"
        mentions: dict[str, list[Mention]] = {}
        for entity, article, start, end, text in self._execute(
                f"SELECT entity, article, start_offset, end_offset, text FROM entity_mentions {where} "
                "ORDER BY entity, article, start_offset, end_offset", [] if articles is None else [sorted(articles)]
        ).fetchall():
            mentions.setdefault(entity, []).append(Mention(article=article, start=start, end=end, text=text))
        rows = self._execute(f"SELECT id, record FROM entities WHERE id IN {_IDS} ORDER BY position",
                             [sorted(mentions)]).fetchall()
        return [Entity.model_validate_json(record).model_copy(update={"mentions": mentions[entity_id]})
                for entity_id, record in rows]

    def entities(self, ids: Iterable[str]) -> list[Entity]:
        """The stored entities of `ids`, without their mentions (`entities_in` has them)."""
        return [Entity.model_validate_json(row[0]) for row in self._execute(
            f"SELECT record FROM entities WHERE id IN {_IDS} ORDER BY id", [sorted(ids)]).fetchall()]

    def named_only_in(self, articles: Iterable[str]) -> set[str]:
        """Ids of the stored entities all of whose mentions are in `articles`."""
        return {row[0] for row in self._execute(
            "SELECT entity FROM entity_mentions GROUP BY entity "
            f"HAVING bool_and(article IN {_IDS})", [sorted(articles)]).fetchall()}

    def entities_by_key(self, keys: Iterable[str]) -> dict[str, list[tuple[str, int]]]:
        """The stored entities under each of `keys` (`entity_merge.entity_keys`), with how many
        mentions each has."""
        found: dict[str, list[tuple[str, int]]] = {}
        for key, entity, count in self._execute(
                "SELECT k.key, k.entity, count(m.entity) FROM entity_keys k "
                f"LEFT JOIN entity_mentions m ON m.entity = k.entity WHERE k.key IN {_IDS} "
                "GROUP BY k.key, k.entity ORDER BY k.key, k.entity", [sorted(keys)]).fetchall():
            found.setdefault(key, []).append((entity, count))
        return found

    def entity_ids(self) -> set[str]:
        return {row[0] for row in self._rows("SELECT id FROM entities")}

    def summary_sources(self) -> set[str]:
        """The articles the corpus summary quotes."""
        return {row[0] for row in self._rows("SELECT DISTINCT article FROM summary")}

    def story_ids(self) -> set[str]:
        return {row[0] for row in self._rows("SELECT id FROM stories")}

    def mentions_in(self, articles: Iterable[str]) -> set[str]:
        """Ids of the stored entities with a mention in `articles`."""
        return {row[0] for row in self._execute(
            f"SELECT DISTINCT entity FROM entity_mentions WHERE article IN {_IDS}",
            [sorted(articles)]).fetchall()}

    def apply(self, delta: CorpusDelta, clear: bool = False) -> None:
        """Write what a run changed in the corpus records, atomically: the stories it replaced
        go with their events, timelines, stances and discrepancies; the records of forgotten
        articles go; the changed entities are written whole; the new records are put in the
        brief's order. `clear` first empties every corpus table (a full build)."""
        with self._transaction():
            if clear:
                for table in _CORPUS_TABLE_NAMES:
                    self._execute(f"DELETE FROM {table}")
            self._remove_stories(delta.removed_stories)
            self._redo_stories(delta.redone)
            self._forget_articles(sorted(delta.forgotten))
            self._write_entities(delta.entities, delta.entity_keys, delta.dropped_entities)
            first = self._next_position()
            self._write_quotes(delta.quotes, first)
            self._write_events(delta.views.events, first)
            self._write_stories(delta.views.stories, first)
            self._many("timeline", [(first + i, t.date, t.story, _json(t)) for i, t in enumerate(delta.views.timeline)])
            self._many("stances", [(first + i, s.actor, s.issue, s.position, _json(s))
                                   for i, s in enumerate(delta.views.stances)])
            self._many("discrepancies", [(first + i, d.about, _json(d)) for i, d in enumerate(delta.views.discrepancies)])
            self._many("quantities", [(first + i, q.article, q.start, q.end, _json(q)) for i, q in enumerate(delta.quantities)])
            self._many("article_terms", [(a, t) for a, terms in sorted(delta.terms.items()) for t in sorted(set(terms))])
            self._many("article_countries", [(a, i, c) for a, codes in sorted(delta.countries.items())
                                             for i, c in enumerate(codes)])
            self._many("article_years", [(a, *m) for a, found in sorted(delta.years.items()) for m in found])
            self._execute("DELETE FROM summary")
            self._many("summary", [(i, s.article, s.start, s.end, s.text) for i, s in enumerate(delta.summary)])
            self._count_countries()
            for table, order in _ORDER.items():
                self._renumber(table, order)
            self._execute("INSERT OR REPLACE INTO meta VALUES ('corpus_of', ?)", [self._articles_fingerprint()])
            self._execute("INSERT OR REPLACE INTO meta VALUES ('corpus_index', ?)", [CORPUS_INDEX])

    def _remove_stories(self, stories: Sequence[str]) -> None:
        """Remove stories and every record worked out from them (`corpus.StoryViews`)."""
        if stories:
            self._execute("CREATE OR REPLACE TEMP TABLE redo AS SELECT story, article FROM story_articles "
                          f"WHERE story IN {_IDS}", [list(stories)])
            self._remove_records(list(stories))
            self._execute(f"DELETE FROM timeline WHERE story IN {_IDS}", [list(stories)])
            self._execute(f"DELETE FROM stances WHERE json_extract_string(record, '$.story') IN {_IDS}",
                          [list(stories)])

    def _redo_stories(self, redone: dict[str, list[str]]) -> None:
        """Remove stories a run rewrites, and the records worked out from the given articles of
        each (the segments it redoes, `corpus.story_segments`); their other records stay."""
        if redone:
            pairs = [(story, article) for story, articles in sorted(redone.items()) for article in articles]
            self._execute(f"CREATE OR REPLACE TEMP TABLE redo AS SELECT {_UNNEST} AS story, "
                          f"{_UNNEST} AS article", [[p[0] for p in pairs], [p[1] for p in pairs]])
            self._remove_records(sorted(redone))

    def _remove_records(self, stories: list[str]) -> None:
        """Remove `stories` and the records worked out from the (story, article) pairs of the
        `redo` table: a record belongs to the article of its first report."""
        self._execute("DELETE FROM event_reports WHERE event IN (SELECT id FROM events WHERE article IN "
                      "(SELECT article FROM redo))")
        self._execute("DELETE FROM events WHERE article IN (SELECT article FROM redo)")
        self._execute("DELETE FROM discrepancies WHERE json_extract_string(record, '$.values[0].article') IN "
                      "(SELECT article FROM redo)")
        self._execute("DELETE FROM timeline WHERE (story, json_extract_string(record, '$.sources[0].article')) IN "
                      "(SELECT (story, article) FROM redo)")
        self._execute("DELETE FROM stances WHERE (json_extract_string(record, '$.story'), "
                      "json_extract_string(record, '$.evidence[0].article')) IN (SELECT (story, article) FROM redo)")
        for table, column in (("stories", "id"), ("story_articles", "story")):
            self._execute(f"DELETE FROM {table} WHERE {column} IN {_IDS}", [stories])

    def _forget_articles(self, articles: list[str]) -> None:
        """Remove the per-article corpus records of articles analysed anew."""
        if articles:
            for table in ("quotes", "quantities", "article_terms", "article_countries", "article_years",
                          "entity_mentions"):
                self._execute(f"DELETE FROM {table} WHERE article IN {_IDS}", [articles])

    def _next_position(self) -> int:
        """A position after every stored record's (new records are renumbered into place)."""
        return 1 + max(self._execute(f"SELECT coalesce(max(position), -1) FROM {table}").fetchone()[0]
                       for table in _ORDER)

    def _count_countries(self) -> None:
        """The corpus's countries: named by most articles first, then by how high the articles
        rank them (`corpus.corpus_countries`)."""
        self._execute("DELETE FROM countries")
        self._execute("INSERT INTO countries SELECT row_number() OVER (ORDER BY count(*) DESC, "
                      "sum(position) / count(*), code) - 1, code FROM article_countries GROUP BY code")

    def _renumber(self, table: str, order: str) -> None:
        self._execute(f"UPDATE {table} SET position = r.n FROM (SELECT rowid AS row_id, row_number() OVER "
                      f"(ORDER BY {order}) - 1 AS n FROM {table} t) r WHERE {table}.rowid = r.row_id")

    def _write_entities(self, entities: Sequence[Entity], keys: dict[str, set[str]],
                        dropped: Sequence[str] = ()) -> None:
        """Write `entities` (replacing stored ones of their ids) with their keys, adding the
        mentions they carry to those stored; remove `dropped`. An entity's record holds no
        mentions: a name a store mentions ten thousand times is one small row to rewrite."""
        ids = sorted({e.id for e in entities} | set(dropped))
        if ids:
            for table, column in (("entities", "id"), ("entity_keys", "entity")):
                self._execute(f"DELETE FROM {table} WHERE {column} IN {_IDS}", [ids])
        if dropped:
            self._execute(f"DELETE FROM entity_mentions WHERE entity IN {_IDS}", [sorted(dropped)])
        self._many("entities", [(e.id, e.name, e.type, e.affiliation, i, _json(e.model_copy(update={"mentions": []})))
                                for i, e in enumerate(entities)])
        self._many("entity_mentions", [(e.id, m.article, m.start, m.end, m.text) for e in entities for m in e.mentions])
        self._many("entity_keys", [(k, e) for e in sorted(keys) for k in sorted(keys[e])])

    def _write_quotes(self, quotes: Sequence[Quote], first: int = 0) -> None:
        self._many(
            "quotes",
            [(q.id, q.article, q.start, q.end, q.kind, q.speaker, first + i, _json(q)) for i, q in enumerate(quotes)],
        )

    def _write_events(self, events: Sequence[Event], first: int = 0) -> None:
        rows = [
            (e.id, e.article, e.start, e.end, e.type, e.source, e.target, e.date, first + i, _json(e))
            for i, e in enumerate(events)
        ]
        self._many("events", rows)
        self._many(
            "event_reports", [(e.id, r.article, r.start, r.end) for e in events for r in e.reports]
        )

    def _write_stories(self, stories: Sequence[Story], first: int = 0) -> None:
        self._many(
            "stories", [(s.id, s.title, s.first, s.last, first + i, _json(s)) for i, s in enumerate(stories)]
        )
        self._many("story_articles", [(s.id, a) for s in stories for a in s.articles])

    def load_brief(self, articles: Collection[str] | None = None) -> Brief:
        """The brief, read back from the store; given `articles`, only what a report of them
        needs: their records, the stories holding them and those stories' records (what
        `selection.cut` then cuts), so a report of a large store reads a part of it."""
        if articles is None:
            return self._load(entities=self.entities_in())
        self._execute(f"CREATE OR REPLACE TEMP TABLE wanted AS SELECT {_UNNEST} AS article", [sorted(articles)])
        self._execute("CREATE OR REPLACE TEMP TABLE wanted_stories AS SELECT DISTINCT story FROM story_articles "
                      "WHERE article IN (SELECT article FROM wanted)")
        in_wanted = "IN (SELECT article FROM wanted)"
        in_stories = "IN (SELECT story FROM wanted_stories)"
        return self._load(
            where={
                "summary": f"article {in_wanted}", "articles": f"id {in_wanted}", "quotes": f"article {in_wanted}",
                "dates": f"article {in_wanted}", "events": f"article {in_wanted}",
                "quantities": f"article {in_wanted}", "stories": f"id {in_stories}",
                "timeline": f"story {in_stories}", "stances": f"json_extract_string(record, '$.story') {in_stories}",
                "discrepancies": f"json_extract_string(record, '$.values[0].article') {in_wanted}",
            },
            entities=self.entities_in(articles),
        )

    def _load(self, entities: list[Entity], where: dict[str, str] | None = None) -> Brief:
        where = where or {}

        def clause(table: str) -> str:
            return f" WHERE {where[table]}" if table in where else ""

        return Brief(
            nlp_model=self.model(),
            summary=[
                SourcedText(article=a, start=s, end=e, text=t)
                for a, s, e, t in self._rows(
                    f"SELECT article, start_offset, end_offset, text FROM summary{clause('summary')} ORDER BY position"
                )
            ],
            articles=[Article.model_validate_json(row[0])
                      for row in self._rows(f"SELECT record FROM articles{clause('articles')} ORDER BY id")],
            entities=entities,
            quotes=self._records("quotes", Quote, clause("quotes")),
            dates=self._dates(clause("dates")),
            events=self._records("events", Event, clause("events")),
            quantities=self._records("quantities", Quantity, clause("quantities")),
            countries=[row[0] for row in self._rows("SELECT code FROM countries ORDER BY position")],
            stories=self._records("stories", Story, clause("stories")),
            timeline=self._records("timeline", TimelineEntry, clause("timeline")),
            stances=self._records("stances", Stance, clause("stances")),
            discrepancies=self._records("discrepancies", Discrepancy, clause("discrepancies")),
        )

    def counts(self) -> dict[str, int]:
        """How many articles, entities, quotes, events, stories and discrepancies are stored."""
        tables = ("articles", "entities", "quotes", "events", "stories", "discrepancies")
        row = self._execute("SELECT " + ", ".join(f"(SELECT count(*) FROM {t})" for t in tables)).fetchone()
        return dict(zip(tables, row))

    def stories_stored_since(self, since: str) -> set[str]:
        """Ids of the stories holding an article stored at or after `since`."""
        return {row[0] for row in self._execute(
            "SELECT DISTINCT story FROM story_articles WHERE article IN "
            "(SELECT id FROM articles WHERE stored_at >= ?)", [since]).fetchall()}

    def duplicates_of(self, articles: Collection[str]) -> set[str]:
        """Ids of the stored near-duplicates of `articles`."""
        return {row[0] for row in self._execute(
            f"SELECT id FROM articles WHERE duplicate_of IN {_IDS}", [sorted(articles)]).fetchall()}

    def _dates(self, where: str = "") -> list[DateMention]:
        rows = self._rows(
            f"SELECT article, start_offset, end_offset, text, type, value FROM dates{where} "
            "ORDER BY article, start_offset, end_offset"
        )
        return [
            DateMention(article=a, start=s, end=e, text=t, type=ty, value=v)
            for a, s, e, t, ty, v in rows
        ]

    def _records(self, table: str, model: type[BaseModel], where: str = "") -> list:
        rows = self._rows(f"SELECT record FROM {table}{where} ORDER BY position")
        return [model.model_validate_json(row[0]) for row in rows]

    # --- plumbing -----------------------------------------------------------------------

    def _execute(self, sql: str, parameters: list | None = None) -> duckdb.DuckDBPyConnection | _Fetched:
        """Run one statement. A list parameter goes to DuckDB as one JSON text (its placeholder
        reads `?::JSON::TYPE[]`): DuckDB binds a Python list value by value, each with an attempt
        to import pandas, and parsing one text is several times faster."""
        bound = None if parameters is None else [
            json.dumps(p, ensure_ascii=False, allow_nan=False) if isinstance(p, list) else p for p in parameters]
        try:
            return self._db.execute(sql, bound)
        except duckdb.OutOfMemoryException as error:
            if not self._capped or self._writing:
                raise StorylineError(f"the store {self.path} could not be used: {_first_line(error)}") from None
            return self._uncapped(sql, parameters)
        except duckdb.Error as error:
            raise StorylineError(f"the store {self.path} could not be used: {_first_line(error)}") from None
        except RuntimeError as error:  # DuckDB's answer to Ctrl-C during a query: an interruption still
            if "interrupted" in str(error).lower():
                raise KeyboardInterrupt from None
            raise

    def _uncapped(self, sql: str, parameters: list | None) -> _Fetched:
        """A read that needs more than the memory cap leaves (`memory_capped`) runs without it:
        the cap is there to bound what DuckDB keeps, not to fail a run."""
        self._capped = False
        self._set_limit(self._uncapped_limit)
        try:
            return _Fetched(self._execute(sql, parameters).fetchall())
        finally:
            self._set_limit(STORE_MEMORY)
            self._capped = True

    def _rows(self, sql: str) -> list[tuple]:
        return self._execute(sql).fetchall()

    def _many(self, table: str, rows: Iterable[tuple]) -> None:
        """Insert rows as one statement: each column bound as one list and unnested.

        (DuckDB's `executemany` binds row by row, a hundred times slower.)
        """
        rows = list(rows)
        if not rows:
            return
        kinds = self._column_types(table)
        # Bytes have no JSON form: a BLOB column is bound as a tuple, which DuckDB takes as a list.
        # A JSON column's values are texts of JSON, read as texts (else each would be one JSON string).
        columns = [tuple(column) if kind == "BLOB" else list(column) for kind, column in zip(kinds, zip(*rows))]
        select = ", ".join("unnest(?::BLOB[])" if kind == "BLOB" else
                           f"unnest(?::JSON::{'VARCHAR' if kind == 'JSON' else kind}[])" for kind in kinds)
        self._execute(f"INSERT INTO {table} SELECT {select}", columns)

    def _column_types(self, table: str) -> list[str]:
        """The SQL types of `table`'s columns, in order (asked once per table)."""
        if table not in self._types:
            self._types[table] = [row[0] for row in self._execute(
                "SELECT data_type FROM information_schema.columns WHERE table_name = ? AND table_schema = 'main' "
                "ORDER BY ordinal_position", [table]).fetchall()]
        return self._types[table]

    def _transaction(self):
        return _Transaction(self)

    @contextmanager
    def memory_capped(self) -> Iterator[None]:
        """Cap DuckDB's memory at `settings.STORE_MEMORY` for the block: by default it keeps
        what it read of the store up to most of the machine's memory, so the corpus stage,
        which reads a large store a part at a time, would hold ever more of it. (Not for
        reading a whole brief, which one query returns at once.)"""
        self._uncapped_limit = self._execute("SELECT current_setting('memory_limit')").fetchone()[0]
        self._set_limit(STORE_MEMORY)
        self._capped = True
        try:
            yield
        finally:
            self._capped = False
            self._set_limit(self._uncapped_limit)

    def _set_limit(self, limit: str) -> None:
        # SET, not RESET: DuckDB 1.5 reports a RESET limit but keeps enforcing the old one.
        self._execute(f"SET memory_limit = '{limit}'")


class _Transaction:
    """BEGIN … COMMIT, rolled back when the block raises, so a failure stores nothing partial."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def __enter__(self) -> None:
        self._store._execute("BEGIN TRANSACTION")
        self._store._writing = True

    def __exit__(self, exc_type, *exc: object) -> None:
        self._store._writing = False
        self._store._execute("ROLLBACK" if exc_type else "COMMIT")


@dataclass
class _Fetched:
    """Rows already fetched, read as a DuckDB result is."""

    rows: list[tuple]

    def fetchall(self) -> list[tuple]:
        return self.rows

    def fetchone(self) -> tuple | None:
        return self.rows[0] if self.rows else None


def _connect(path: Path, wait: float, on_wait: Callable[[str], None] | None) -> duckdb.DuckDBPyConnection:
    """A connection to `path`, retried while another process holds the file, up to `wait` seconds."""
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            # One thread: the store is written while worker processes use every core for parsing.
            return duckdb.connect(str(path), config={"threads": 1})
        except duckdb.IOException as error:
            if "lock" not in str(error).lower():
                raise UsageError(f"{path} cannot be opened as a store: {_first_line(error)}") from None
            if time.monotonic() >= deadline:
                raise StoreBusy(f"the store {path} is still in use by another run after {wait:g} s "
                                "(--wait sets how long to wait)") from None
            if on_wait is not None and not told:
                on_wait(f"waiting for the store {path}: another run is using it (up to {wait:g} s)")
                told = True
            time.sleep(_RETRY_SECONDS)
        except duckdb.Error as error:
            raise UsageError(f"{path} cannot be opened as a store: {_first_line(error)}") from None


def _first_line(error: Exception) -> str:
    """DuckDB's message without its 'IO Error:' prefix and its links, on one line."""
    text = str(error).split("\n")[0]
    text = text.split(": ", 1)[1] if text.startswith(("IO Error", "Catalog Error", "Binder Error")) else text
    return text.split(" See also ")[0].strip()
