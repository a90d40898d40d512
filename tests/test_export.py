"""`storyline export`: every table as Parquet or CSV, and the events in GDELT's layout."""

from __future__ import annotations

import csv

import duckdb
import pytest

from storyline.cli import main
from storyline.errors import UsageError
from storyline.export import GDELT_COLUMNS, _day, export, quad_class
from storyline.api import brief as run_brief
from storyline.store import Store


@pytest.fixture(scope="module")
def store_path(tmp_path_factory, seed_dir):
    out = tmp_path_factory.mktemp("exported")
    result = run_brief([str(seed_dir)], out)
    return out / "storyline.duckdb", result.brief


def test_every_table_and_the_gdelt_events_as_parquet(store_path, tmp_path):
    db, brief = store_path
    written = export(db, tmp_path, "parquet")
    with Store(db) as store:
        tables = store.table_names()
    assert {p.name for p in written} == {f"{t}.parquet" for t in tables} | {"events_gdelt.parquet"}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no partial files left
    rows = duckdb.sql(f"SELECT * FROM '{tmp_path / 'events_gdelt.parquet'}'")
    assert rows.columns == [c for c, _ in GDELT_COLUMNS]
    assert len(rows.fetchall()) == len(brief.events)
    quotes = duckdb.sql(f"SELECT count(*) FROM '{tmp_path / 'quotes.parquet'}'").fetchone()[0]
    assert quotes == len(brief.quotes)


def test_csv_from_the_command_line(store_path, tmp_path):
    db, brief = store_path
    assert main(["export", "--db", str(db), "--format", "csv", "-o", str(tmp_path), "-q"]) == 0
    with open(tmp_path / "events_gdelt.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(brief.events)
    coded = [r for r in rows if r["EventCode"]]
    assert coded and all(r["EventRootCode"] == r["EventCode"][:2] for r in coded)
    assert all(r["QuadClass"] in {"1", "2", "3", "4"} for r in coded)


def test_gdelt_fields():
    assert [quad_class(c) for c in ("051", "073", "112", "190", None, "x")] == [1, 2, 3, 4, None, None]
    assert _day("2008-02-17") == (20080217, 200802, 2008, pytest.approx(2008 + 47 / 365))
    assert _day("2008-WXX-7") == (None, None, 2008, None)
    assert _day("2008-02") == (None, 200802, 2008, None)
    assert _day(None) == (None, None, None, None)


def test_bad_store_and_format(tmp_path, store_path):
    with pytest.raises(UsageError):
        export(tmp_path / "none.duckdb", tmp_path / "out", "parquet")
    with pytest.raises(UsageError, match="format"):
        export(store_path[0], tmp_path / "out", "xlsx")
