"""Full-text search over every sentence of a store: DuckDB's full-text search (BM25).

The index lives in an in-memory DuckDB database built with the catalogue (sentences as the
parse cut them, from the stored analyses), so searching never touches the store a job may be
writing to. The `fts` extension is loaded from the `duckdb-extension-fts` package the install
step puts beside DuckDB: nothing is downloaded at run time.
"""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb

from storyline.errors import UsageError
from storyline.model import Article, Sentence

MAX_SENTENCE_CHARS = 2_000  # a "sentence" longer than this is a table or a list: cut for the index


def extension_path() -> Path:
    """The `fts` extension file for this DuckDB, shipped by `duckdb-extension-fts`."""
    try:
        import duckdb_extension_fts
    except ImportError:
        raise UsageError("search needs the duckdb-extension-fts package (make install puts it in)") from None
    found = Path(duckdb_extension_fts.__file__).parent / "extensions" / f"v{duckdb.__version__}" / "fts.duckdb_extension"
    if not found.is_file():
        raise UsageError(f"duckdb-extension-fts has no extension for DuckDB {duckdb.__version__}; "
                         "install the matching versions (requirements.lock pins them)")
    return found


class SentenceIndex:
    """Sentences of the articles, searchable by words (BM25, Porter stemming, English stopwords)."""

    def __init__(self, articles: dict[str, Article], sentences: dict[str, list[Sentence]]) -> None:
        self._db = duckdb.connect(":memory:", config={"threads": 1})
        self._db.execute(f"LOAD '{extension_path()}'")
        self._lock = threading.Lock()  # one connection, many request threads
        rows = [(n, aid, s.start, s.end, articles[aid].text[s.start : s.end][:MAX_SENTENCE_CHARS])
                for n, (aid, s) in enumerate((aid, s) for aid in sorted(sentences) if aid in articles
                                             for s in sentences[aid])]
        self._db.execute("CREATE TABLE sentences (id INTEGER, article VARCHAR, start_char INTEGER, "
                         "end_char INTEGER, text VARCHAR)")
        if rows:
            self._db.executemany("INSERT INTO sentences VALUES (?, ?, ?, ?, ?)", rows)
        self._db.execute("PRAGMA create_fts_index('sentences', 'id', 'text', overwrite=1)")
        self.size = len(rows)

    def search(self, query: str, offset: int = 0, limit: int = 50) -> tuple[int, list[dict]]:
        """(how many sentences match, one page of them best first: article, start, end, text, score)."""
        sql = ("SELECT article, start_char, end_char, text, score FROM ("
               "  SELECT *, fts_main_sentences.match_bm25(id, ?) AS score FROM sentences"
               ") WHERE score IS NOT NULL ORDER BY score DESC, article, start_char")
        with self._lock:
            found = self._db.execute(sql, [query]).fetchall()
        items = [{"article": a, "start": s, "end": e, "text": t, "score": round(score, 4)}
                 for a, s, e, t, score in found[offset : offset + limit]]
        return len(found), items

    def close(self) -> None:
        self._db.close()
