"""The embedded DuckDB store: one table per kind of record, keyed by stable ids.

Per-article records (articles, their analyses, mentions, dates) are written once per article
id, all in one transaction, guarded by the article's primary key: ingesting an article already stored changes nothing, so a
second run only analyses what is new. Corpus records (entities, merged events, stories,
timeline, stances, discrepancies, summary) are recomputed from all stored analyses and
replaced in one transaction. Every row carries its provenance (`article`, `start`, `end`)
and the full record as JSON, so the brief is a query over the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import duckdb
from pydantic import BaseModel

from storyline.model import (
    Article,
    ArticleAnalysis,
    Brief,
    DateMention,
    Discrepancy,
    Entity,
    Event,
    ModelInfo,
    Quote,
    SourcedText,
    Stance,
    Story,
    TimelineEntry,
)

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
"""

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
CREATE TABLE IF NOT EXISTS summary (
    position INTEGER, article VARCHAR, start_offset INTEGER, end_offset INTEGER, text VARCHAR);
"""
_CORPUS_TABLE_NAMES = (
    "entities entity_mentions quotes events event_reports stories story_articles "
    "timeline stances discrepancies summary"
).split()


def _json(record: BaseModel) -> str:
    return record.model_dump_json()


class Store:
    """A DuckDB file holding every article, analysis and corpus record of a brief."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # One thread: the store is written while worker processes use every core for parsing.
        self._db = duckdb.connect(str(self.path), config={"threads": 1})
        self._db.execute(_PER_ARTICLE_TABLES)
        self._db.execute(_CORPUS_TABLES)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- per-article records ------------------------------------------------------------

    def article_ids(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT id FROM articles").fetchall()}

    def stored_texts(self) -> list[tuple[str, str]]:
        """(id, cleaned text) of every stored original article, for duplicate detection."""
        rows = self._db.execute(
            "SELECT id, text FROM articles WHERE duplicate_of IS NULL ORDER BY id"
        ).fetchall()
        return [(row[0], row[1]) for row in rows]

    def add_duplicate(self, article: Article) -> bool:
        """Store an article marked as a duplicate (not analysed). False if already stored."""
        with self._transaction():
            return self._insert_article(article)

    def add_analysis(self, analysis: ArticleAnalysis) -> bool:
        """Store one analysed article and its records, atomically. False if already stored."""
        with self._transaction():
            if not self._insert_article(analysis.article):
                return False
            article_id = analysis.article.id
            self._db.execute("INSERT INTO analyses VALUES (?, ?)", [article_id, _json(analysis)])
            self._many(
                "mentions",
                [(m.article, m.start, m.end, m.text, m.label) for m in analysis.mentions],
            )
            self._many(
                "dates",
                [(d.article, d.start, d.end, d.text, d.type, d.value) for d in analysis.dates],
            )
            return True

    def _insert_article(self, article: Article) -> bool:
        exists = self._db.execute("SELECT 1 FROM articles WHERE id = ?", [article.id]).fetchone()
        if exists:
            return False
        self._db.execute(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                article.id,
                article.path,
                article.url,
                article.title,
                article.source,
                article.published,
                article.duplicate_of,
                article.text,
                _json(article),
            ],
        )
        return True

    def analyses(self) -> list[ArticleAnalysis]:
        """Every stored analysis (originals only), by article id."""
        rows = self._db.execute("SELECT record FROM analyses ORDER BY article").fetchall()
        return [ArticleAnalysis.model_validate_json(row[0]) for row in rows]

    def articles(self) -> list[Article]:
        rows = self._db.execute("SELECT record FROM articles ORDER BY id").fetchall()
        return [Article.model_validate_json(row[0]) for row in rows]

    def stories(self) -> list[Story]:
        """The stories of the last brief, in their order (empty before the first brief)."""
        rows = self._db.execute("SELECT record FROM stories ORDER BY position").fetchall()
        return [Story.model_validate_json(row[0]) for row in rows]

    def set_model(self, info: ModelInfo) -> None:
        with self._transaction():
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('nlp_model', ?)", [_json(info)])

    def model(self) -> ModelInfo | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'nlp_model'").fetchone()
        return ModelInfo.model_validate_json(row[0]) if row else None

    # --- corpus records -----------------------------------------------------------------

    def replace_corpus(self, brief: Brief) -> None:
        """Replace every corpus-level table with the records of `brief`, atomically."""
        with self._transaction():
            for table in _CORPUS_TABLE_NAMES:
                self._db.execute(f"DELETE FROM {table}")
            self._write_entities(brief.entities)
            self._write_quotes(brief.quotes)
            self._write_events(brief.events)
            self._write_stories(brief.stories)
            self._many("timeline", [(i, t.date, t.story, _json(t)) for i, t in enumerate(brief.timeline)])
            self._many(
                "stances",
                [(i, s.actor, s.issue, s.position, _json(s)) for i, s in enumerate(brief.stances)],
            )
            self._many(
                "discrepancies", [(i, d.about, _json(d)) for i, d in enumerate(brief.discrepancies)]
            )
            self._many(
                "summary",
                [(i, s.article, s.start, s.end, s.text) for i, s in enumerate(brief.summary)],
            )

    def _write_entities(self, entities: Sequence[Entity]) -> None:
        self._many(
            "entities",
            [(e.id, e.name, e.type, e.affiliation, i, _json(e)) for i, e in enumerate(entities)],
        )
        self._many(
            "entity_mentions",
            [(e.id, m.article, m.start, m.end, m.text) for e in entities for m in e.mentions],
        )

    def _write_quotes(self, quotes: Sequence[Quote]) -> None:
        self._many(
            "quotes",
            [(q.id, q.article, q.start, q.end, q.kind, q.speaker, i, _json(q)) for i, q in enumerate(quotes)],
        )

    def _write_events(self, events: Sequence[Event]) -> None:
        rows = [
            (e.id, e.article, e.start, e.end, e.type, e.source, e.target, e.date, i, _json(e))
            for i, e in enumerate(events)
        ]
        self._many("events", rows)
        self._many(
            "event_reports", [(e.id, r.article, r.start, r.end) for e in events for r in e.reports]
        )

    def _write_stories(self, stories: Sequence[Story]) -> None:
        self._many(
            "stories", [(s.id, s.title, s.first, s.last, i, _json(s)) for i, s in enumerate(stories)]
        )
        self._many("story_articles", [(s.id, a) for s in stories for a in s.articles])

    def load_brief(self) -> Brief:
        """The brief, read back from the store."""
        return Brief(
            nlp_model=self.model(),
            summary=[
                SourcedText(article=a, start=s, end=e, text=t)
                for a, s, e, t in self._rows(
                    "SELECT article, start_offset, end_offset, text FROM summary ORDER BY position"
                )
            ],
            articles=self.articles(),
            entities=self._records("entities", Entity),
            quotes=self._records("quotes", Quote),
            dates=self._dates(),
            events=self._records("events", Event),
            stories=self._records("stories", Story),
            timeline=self._records("timeline", TimelineEntry),
            stances=self._records("stances", Stance),
            discrepancies=self._records("discrepancies", Discrepancy),
        )

    def _dates(self) -> list[DateMention]:
        rows = self._rows(
            "SELECT article, start_offset, end_offset, text, type, value FROM dates "
            "ORDER BY article, start_offset, end_offset"
        )
        return [
            DateMention(article=a, start=s, end=e, text=t, type=ty, value=v)
            for a, s, e, t, ty, v in rows
        ]

    def _records(self, table: str, model: type[BaseModel]) -> list:
        rows = self._rows(f"SELECT record FROM {table} ORDER BY position")
        return [model.model_validate_json(row[0]) for row in rows]

    # --- plumbing -----------------------------------------------------------------------

    def _rows(self, sql: str) -> list[tuple]:
        return self._db.execute(sql).fetchall()

    def _many(self, table: str, rows: Iterable[tuple]) -> None:
        """Insert rows as one statement: each column bound as one list and unnested.

        (DuckDB's `executemany` binds row by row, a hundred times slower.)
        """
        rows = list(rows)
        if not rows:
            return
        columns = [list(column) for column in zip(*rows)]
        select = ", ".join(["unnest(?)"] * len(columns))
        self._db.execute(f"INSERT INTO {table} SELECT {select}", columns)

    def _transaction(self):
        return _Transaction(self._db)


class _Transaction:
    """BEGIN … COMMIT, rolled back when the block raises, so a failure stores nothing partial."""

    def __init__(self, db: duckdb.DuckDBPyConnection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN TRANSACTION")

    def __exit__(self, exc_type, *exc: object) -> None:
        self._db.execute("ROLLBACK" if exc_type else "COMMIT")
