"""A run never aborts for one article and never loses what is stored: bad settings, busy and
bad stores, unwritable folders, changed articles, other languages, bugs, dead workers, logs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from contextlib import contextmanager

import pytest

from storyline import analysis
from storyline.cli import ERROR_LOG, main
from storyline.errors import UsageError
from storyline.settings import Settings
from storyline.store import Store

ARTICLE = (
    "Serbia urges UN action on Kosovo\n\n"
    "Serbia's foreign minister has urged the United Nations Security Council to oppose the "
    "province of Kosovo's expected declaration of independence, officials said on Thursday.\n\n"
    "Vuk Jeremic said Serbia would not use force to stop the secession.\n"
)
GERMAN = (
    "Die Bundesregierung hat am Montag in Berlin neue Hilfen für die Ukraine angekündigt. Kanzler "
    "Olaf Scholz sagte, Deutschland werde an der Seite der Ukraine stehen, solange es nötig sei. Die "
    "Opposition kritisierte die Pläne als unzureichend und forderte mehr Waffenlieferungen."
)


def wire(tmp_path, *items: tuple[str, str]):
    path = tmp_path / "wire.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in items), encoding="utf-8")
    return path


def run(*argv) -> int:
    return main([str(a) for a in argv])


# --- settings --------------------------------------------------------------------------------


@pytest.mark.parametrize("changes", [{"summary_words": 0}, {"summary_words": -5}, {"processes": -3},
                                     {"processes": 0}, {"clean": "sometimes"}, {"wait": -1},
                                     {"formats": "pdf"}])
def test_settings_refuse_what_cannot_work(changes):
    with pytest.raises(UsageError):
        Settings(**changes)


@pytest.mark.parametrize("option", [["--summary-words", "0"], ["--summary-words", "-5"], ["--processes", "-3"]])
def test_bad_option_values_are_usage_errors_in_one_line(tmp_path, capsys, option):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert run("brief", tmp_path / "a.txt", "-o", tmp_path / "out", *option) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "error:" in err and "Traceback" not in err
    assert not (tmp_path / "out" / "brief.md").exists()


# --- folders and stores ----------------------------------------------------------------------


def test_unwritable_output_folder_is_one_line_before_any_work(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    assert run("brief", tmp_path / "a.txt", "-o", tmp_path / "file" / "out") == 2
    err = capsys.readouterr().err
    assert "cannot write to the output folder" in err and err.count("\n") == 1 and "Traceback" not in err


def test_a_file_that_is_not_a_store_is_one_line(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "notes.duckdb").write_text("hello, not a database " * 20, encoding="utf-8")
    assert run("brief", tmp_path / "a.txt", "-o", tmp_path / "out", "--db", tmp_path / "notes.duckdb") == 2
    err = capsys.readouterr().err
    assert "cannot be opened as a store" in err and "Traceback" not in err


@contextmanager
def busy_store(tmp_path, seconds: float):
    """A store (and an article to add) that another process holds locked for `seconds`."""
    db = tmp_path / "s.duckdb"
    Store(db).close()
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    code = f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('held', flush=True); time.sleep({seconds})"
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    try:
        yield db, tmp_path / "a.txt"
    finally:
        holder.kill()
        holder.wait()


def test_a_busy_store_is_waited_for(tmp_path, capsys):
    with busy_store(tmp_path, 2) as (db, article):
        assert run("ingest", article, "--db", db, "--processes", "1", "--wait", "30") == 0
    assert "waiting for the store" in capsys.readouterr().err


def test_a_store_busy_for_too_long_fails_at_run_time_not_as_usage(tmp_path, capsys):
    with busy_store(tmp_path, 5) as (db, article):
        started = time.monotonic()
        assert run("ingest", article, "--db", db, "--wait", "0.5") == 1
        assert time.monotonic() - started < 4
    assert "still in use by another run" in capsys.readouterr().err


# --- changed articles, other languages, reports from the store -------------------------------


@pytest.mark.slow
def test_changed_article_is_reported_then_updated_without_duplicates(tmp_path, capsys):
    out = tmp_path / "out"
    first = ARTICLE
    second = ARTICLE.replace("Vuk Jeremic said", "Foreign Minister Vuk Jeremic told reporters")
    assert run("brief", wire(tmp_path, ("a1", first)), "-o", out, "--processes", "1") == 0
    assert run("brief", wire(tmp_path, ("a1", second)), "-o", out, "--processes", "1") == 1
    assert "different text; run again with --update" in capsys.readouterr().out
    stored = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    assert [("told reporters" in a["text"]) for a in stored["articles"]] == [False]
    assert run("brief", wire(tmp_path, ("a1", second)), "-o", out, "--processes", "1", "--update") == 0
    assert "re-analysed 1" in capsys.readouterr().out
    updated = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    assert len(updated["articles"]) == 1 and "told reporters" in updated["articles"][0]["text"]
    with Store(out / "storyline.duckdb") as store:
        assert len(store.analyses()) == 1
        assert store._rows("SELECT count(*) FROM mentions WHERE text = 'Vuk Jeremic'") == [(1,)]


@pytest.mark.slow
def test_other_languages_are_stored_and_listed_not_analysed(tmp_path, capsys):
    out = tmp_path / "out"
    items = wire(tmp_path, ("en1", ARTICLE), ("de1", GERMAN))
    assert run("brief", items, "-o", out, "--processes", "1") == 0
    err = capsys.readouterr().err
    assert "line 2 (id de1): written in 'de', stored but not analysed" in err
    data = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    languages = {a["id"]: (a["language"], a["left_out"]) for a in data["articles"]}
    assert languages == {"en1": ("en", None), "de1": ("de", "language de")}
    assert not [q for q in data["quotes"] if q["article"] == "de1"]
    assert not [m for e in data["entities"] for m in e["mentions"] if m["article"] == "de1"]


@pytest.mark.slow
def test_report_rebuilds_from_the_store_alone(tmp_path, capsys):
    db = tmp_path / "s.duckdb"
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert run("ingest", tmp_path / "a.txt", "--db", db, "--processes", "1") == 0
    assert run("report", "--db", db, "-o", tmp_path / "r1", "--format", "json,md") == 0
    first = (tmp_path / "r1" / "brief.json").read_bytes()
    assert json.loads(first)["entities"]  # built from the store, although ingest built no brief
    assert run("report", "--db", db, "-o", tmp_path / "r2", "--format", "json") == 0
    assert (tmp_path / "r2" / "brief.json").read_bytes() == first
    assert run("report", "--db", tmp_path / "missing.duckdb", "-o", tmp_path / "r3") == 2
    assert "no store at" in capsys.readouterr().err


# --- bugs and dead workers -------------------------------------------------------------------


def _break_on(article_id: str, how):
    real = analysis.analyze_doc

    def analyze_doc(doc, prepared):
        if prepared.article.id == article_id:
            how()
        return real(doc, prepared)

    return analyze_doc


def _raise():
    raise RuntimeError("synthetic failure")


@pytest.mark.slow
def test_an_analysis_bug_skips_its_article_and_keeps_the_traceback(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(analysis, "analyze_doc", _break_on("bad", _raise))
    out = tmp_path / "out"
    items = wire(tmp_path, ("good", ARTICLE), ("bad", ARTICLE.replace("Serbia", "Croatia")))
    assert run("brief", items, "-o", out, "--processes", "1") == 1
    printed = capsys.readouterr()
    assert "line 2 (id bad): analysis failed (RuntimeError: synthetic failure); this is a bug" in printed.out
    assert "Traceback" not in printed.out + printed.err
    assert "synthetic failure" in (out / ERROR_LOG).read_text(encoding="utf-8")
    data = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    assert [a["id"] for a in data["articles"]] == ["good"]


def test_batches_shrink_toward_the_end_and_keep_the_order():
    articles = list(range(200))
    batches = analysis._batches(articles, processes=2)
    assert [a for batch in batches for a in batch] == articles
    sizes = [len(batch) for batch in batches]
    assert sizes[0] == analysis.BATCH_SIZE and sizes[-1] == 1 and sizes == sorted(sizes, reverse=True)
    assert [len(b) for b in analysis._batches(articles[:20], processes=1)] == [8, 8, 4]


@pytest.mark.slow
def test_results_come_in_input_order_when_a_late_batch_finishes_first(tmp_path, monkeypatch):
    monkeypatch.setattr(analysis, "analyze_doc", _break_on("a", lambda: time.sleep(2)))
    monkeypatch.setattr(analysis, "BATCH_SIZE", 1)
    names = ["a", "b", "c", "d", "e", "f"]
    texts = [ARTICLE.replace("Thursday", f"Thursday, case {n}") for n in range(len(names))]
    batch = [analysis.prepare(raw) for raw in _raws(names, texts)]
    results = list(analysis.analyze_articles(batch, processes=2))
    assert [r.article.id for r in results] == names
    assert not any(isinstance(r, analysis.AnalysisFailure) for r in results)


@pytest.mark.slow
def test_a_worker_that_dies_loses_only_its_article(tmp_path, monkeypatch):
    monkeypatch.setattr(analysis, "analyze_doc", _break_on("boom", lambda: os._exit(1)))
    monkeypatch.setattr(analysis, "BATCH_SIZE", 1)
    texts = [ARTICLE.replace("Thursday", day) for day in ("Monday", "Tuesday", "Wednesday", "Friday")]
    batch = [analysis.prepare(raw) for raw in _raws(["a", "boom", "c", "d"], texts)]
    results = list(analysis.analyze_articles(batch, processes=2))
    assert [r.article.id for r in results] == ["a", "boom", "c", "d"]
    failed = [r for r in results if isinstance(r, analysis.AnalysisFailure)]
    assert [f.article.id for f in failed] == ["boom"] and "died" in failed[0].reason


def _raws(ids, texts):
    from storyline.model import RawDocument

    return [RawDocument(id=i, path="wire.jsonl", origin=f"line {n}", text=t, extracted=True)
            for n, (i, t) in enumerate(zip(ids, texts), start=1)]


# --- logs ------------------------------------------------------------------------------------


def test_logs_off_a_terminal_are_plain_unwrapped_lines(tmp_path, capsys):
    deep = tmp_path / ("a-rather-long-folder-name-for-a-wire-feed-archive" * 2)
    deep.mkdir()
    (deep / "empty.txt").write_bytes(b"")
    assert run("ingest", deep / "empty.txt", "--db", tmp_path / "s.duckdb") == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [f"storyline: skipped {deep / 'empty.txt'}: empty file"]


def test_json_logs_are_one_object_a_line(tmp_path, capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert run("ingest", tmp_path / "empty.txt", "--db", tmp_path / "s.duckdb", "--log-format", "json", "-v") == 1
    records = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert {"event": "skipped", "path": str(tmp_path / "empty.txt"), "reason": "empty file"}.items() <= records[1].items()
    assert {r["event"] for r in records} >= {"stage", "stage_done", "skipped"}


@pytest.mark.slow
def test_an_interrupted_run_ends_quietly_and_says_how_to_resume(tmp_path):
    # sixty articles that are not near-duplicates of each other: all sixty are analysed
    items = wire(tmp_path, *[(f"a{i}", ARTICLE + " ".join(
        f"Officials in district {100 * i + j} counted {j + 3} ballots on day {i}." for j in range(12)))
        for i in range(60)])
    command = [sys.executable, "-m", "storyline.cli", "brief", str(items), "-o", str(tmp_path / "out"), "-v"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    for line in process.stderr:
        if "analysing articles" in line:
            break
    time.sleep(1.0)
    process.send_signal(2)  # SIGINT, as Ctrl-C sends it
    err = process.stderr.read()
    assert process.wait(timeout=60) == 130
    assert "run the same command again to resume" in err and "Traceback" not in err
