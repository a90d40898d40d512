"""`storyline export`: every table of a store as Parquet or CSV files, and the events in the
column layout GDELT users know.

Each table becomes `DIR/<table>.<format>` as DuckDB writes it (records keep their JSON column);
`events_gdelt` has one row per (merged) event with GDELT 2.0's event-table column names, filled
where Storyline knows the value: the CAMEO code and its root and quad class, the actors' codes
and names, the date, the number of reports, sources and articles, the place with its
coordinates, the first report's URL; `GoldsteinScale` and `AvgTone` are left empty (Storyline
computes neither). `EventCode` is CAMEO where the PLOVER type maps to one; `PLOVERType` and
`Modality` are added at the end. Files are written under temporary names and renamed, so a
killed export never leaves half a file.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from storyline.errors import UsageError
from storyline.model import Article, Brief, Event
from storyline.store import Store

FORMATS = ("parquet", "csv")
GDELT_TABLE = "events_gdelt"
GDELT_COLUMNS = (
    ("GLOBALEVENTID", "VARCHAR"), ("SQLDATE", "INTEGER"), ("MonthYear", "INTEGER"), ("Year", "INTEGER"),
    ("FractionDate", "DOUBLE"), ("Actor1Code", "VARCHAR"), ("Actor1Name", "VARCHAR"),
    ("Actor2Code", "VARCHAR"), ("Actor2Name", "VARCHAR"), ("IsRootEvent", "INTEGER"),
    ("EventCode", "VARCHAR"), ("EventBaseCode", "VARCHAR"), ("EventRootCode", "VARCHAR"),
    ("QuadClass", "INTEGER"), ("GoldsteinScale", "DOUBLE"), ("NumMentions", "INTEGER"),
    ("NumSources", "INTEGER"), ("NumArticles", "INTEGER"), ("AvgTone", "DOUBLE"),
    ("ActionGeo_Type", "INTEGER"), ("ActionGeo_FullName", "VARCHAR"), ("ActionGeo_CountryCode", "VARCHAR"),
    ("ActionGeo_Lat", "DOUBLE"), ("ActionGeo_Long", "DOUBLE"), ("DATEADDED", "BIGINT"),
    ("SOURCEURL", "VARCHAR"), ("PLOVERType", "VARCHAR"), ("Modality", "VARCHAR"),
)


def quad_class(cameo: str | None) -> int | None:
    """GDELT's quad class of a CAMEO code: 1 verbal and 2 material cooperation, 3 verbal and
    4 material conflict (roots 01-05, 06-09, 10-14, 15-20)."""
    if not cameo or not cameo[:2].isdigit():
        return None
    root = int(cameo[:2])
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4 if root <= 20 else None


def _day(value: str | None) -> tuple[int | None, int | None, int | None, float | None]:
    """SQLDATE, MonthYear, Year and FractionDate of a TIMEX3 value, as far as it is known."""
    if not value or not value[:4].isdigit():
        return None, None, None, None
    year = int(value[:4])
    if len(value) >= 7 and value[5:7].isdigit():
        month = int(value[5:7])
        if len(value) >= 10 and value[8:10].isdigit():
            day = int(value[8:10])
            return year * 10000 + month * 100 + day, year * 100 + month, year, year + ((month - 1) * 30 + day) / 365
        return None, year * 100 + month, year, None
    return None, None, year, None


def gdelt_row(event: Event, brief_articles: dict[str, Article], names: dict[str, str]) -> tuple:
    """One event in `GDELT_COLUMNS` order."""
    reports = event.reports or [event]
    articles = {r.article for r in reports}
    sources = {brief_articles[a].source or brief_articles[a].url or a for a in articles if a in brief_articles}
    first = brief_articles.get(reports[0].article)
    sqldate, month_year, year, fraction = _day(event.date)
    cameo = event.cameo
    place = event.place
    added = None
    if first is not None and first.published:
        added = int(first.published[:10].replace("-", "") + "000000") if first.published[:4].isdigit() else None
    return (
        event.id, sqldate, month_year, year, fraction,
        event.source_code, names.get(event.source or "") or event.source_text,
        event.target_code, names.get(event.target or "") or event.target_text,
        1, cameo, cameo[:3] if cameo else None, cameo[:2] if cameo else None, quad_class(cameo), None,
        len(reports), len(sources), len(articles), None,
        None if place is None else 4 if place.lat is not None else 1,
        place.name if place else None, place.country if place else None,
        place.lat if place else None, place.lon if place else None,
        added, first.url if first is not None else None, event.type, event.modality,
    )


def export(db_path: Path, out_dir: Path, fmt: str, wait: float = 60.0) -> list[Path]:
    """Write every table of the store at `db_path`, and `events_gdelt`, to `out_dir`."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; use {' or '.join(FORMATS)}")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot write to {out_dir}: {(error.strerror or str(error)).lower()}") from None
    written = []
    with Store(db_path, wait=wait, must_exist=True) as store:
        brief = store.load_brief()
        for table in store.table_names():
            path = out_dir / f"{table}.{fmt}"
            partial = _partial(path)
            store.copy_table(table, partial, _OPTIONS[fmt])
            os.replace(partial, path)
            written.append(path)
    written.append(_write_gdelt(brief, out_dir / f"{GDELT_TABLE}.{fmt}", fmt))
    return written


def _write_gdelt(brief: Brief, path: Path, fmt: str) -> Path:
    articles = {a.id: a for a in brief.articles}
    names = {e.id: e.name for e in brief.entities}
    with duckdb.connect(":memory:") as db:
        db.execute(f"CREATE TABLE {GDELT_TABLE} ({', '.join(f'{c} {t}' for c, t in GDELT_COLUMNS)})")
        rows = [gdelt_row(event, articles, names) for event in brief.events]
        if rows:
            db.executemany(f"INSERT INTO {GDELT_TABLE} VALUES ({', '.join('?' * len(GDELT_COLUMNS))})", rows)
        return _copy(db, f"SELECT * FROM {GDELT_TABLE}", path, fmt)


def _copy(db: duckdb.DuckDBPyConnection, query: str, path: Path, fmt: str) -> Path:
    """`query` to `path` (through a temporary name: never half a file)."""
    partial = _partial(path)
    db.execute(f"COPY ({query}) TO '{str(partial).replace(chr(39), chr(39) * 2)}' ({_OPTIONS[fmt]})")
    os.replace(partial, path)
    return path


def _partial(path: Path) -> Path:
    return path.with_name(f".{path.name}.partial")


_OPTIONS = {"parquet": "FORMAT parquet", "csv": "FORMAT csv, HEADER true"}
