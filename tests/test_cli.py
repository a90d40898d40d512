"""The command line: bad input gets one line naming the file, the run goes on."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import duckdb

from storyline.cli import main
from storyline.store import Store

GOOD = (
    "Serbia urges UN action on Kosovo\n\n"
    "Serbia's foreign minister has urged the United Nations Security Council to oppose the "
    "province of Kosovo's expected declaration of independence, officials said on Thursday.\n\n"
    "Vuk Jeremic said Serbia would not use force to stop the secession.\n"
)
ARTICLE_TWO = (
    "Nato to send more troops to Kosovo\n\n"
    "Nato said it will send 700 more troops to northern Kosovo to help quell violent protests after "
    "the clashes on Monday, when thirty soldiers were injured in the town of Zvecan.\n"
)


def test_help_shows_examples(capsys):
    try:
        main(["brief", "--help"])
    except SystemExit as stop:
        assert stop.code == 0
    assert "examples:" in capsys.readouterr().out


def test_bad_inputs_are_reported_and_the_run_goes_on(tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text(GOOD, encoding="utf-8")
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (inputs / "notes.pdf").write_bytes(b"%PDF-1.4")
    (inputs / "broken.jsonl").write_text('{"id": "j1", "text": "' + "x " * 5 + '"}\n{not json\n')
    (inputs / "cut.warc.gz").write_bytes(gzip.compress(b"WARC/1.0\r\n" * 50)[:40])
    (inputs / "bad.html").write_text("<html><body><div><p>unclosed", encoding="utf-8")
    out = tmp_path / "out"
    status = main(["brief", str(inputs), str(tmp_path / "missing.txt"), "-o", str(out), "--processes", "1"])
    printed = capsys.readouterr()
    text = printed.out + printed.err
    assert status == 1
    for name in ["empty.txt", "binary.txt", "notes.pdf", "broken.jsonl", "cut.warc.gz", "missing.txt"]:
        assert name in text, name
    data = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    assert any(a["path"].endswith("good.txt") for a in data["articles"])
    assert "Traceback" not in text


def test_clean_run_exits_zero_and_rerun_stores_nothing_twice(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["brief", str(tmp_path / "a.txt"), "-o", str(out), "--processes", "1"]) == 0
    assert main(["brief", str(tmp_path / "a.txt"), "-o", str(out), "--processes", "1"]) == 0
    data = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    assert len(data["articles"]) == 1
    assert "already stored 1" in capsys.readouterr().out


def test_unknown_format_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    assert main(["brief", str(tmp_path / "a.txt"), "-o", str(tmp_path), "--format", "pdf"]) == 2
    assert "unknown format" in capsys.readouterr().err


def test_ingest_then_brief_from_the_same_store(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    db = tmp_path / "s.duckdb"
    assert main(["ingest", str(tmp_path / "a.txt"), "--db", str(db), "--processes", "1"]) == 0
    assert main(["brief", str(tmp_path / "a.txt"), "-o", str(tmp_path / "o"), "--db", str(db)]) == 0


def test_wire_copy_is_marked_duplicate_and_analysed_once(tmp_path, capsys):
    body = GOOD + (
        "\nThe ethnic Albanian majority in Kosovo is expected to announce its breakaway from "
        "Serbia within days, and Russia has warned that recognition would be illegal.\n"
    )
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(body, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(body + "\nCopyright 2008 The Associated Press.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["brief", str(tmp_path / "in"), "-o", str(out), "--processes", "1"]) == 0
    data = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    copies = [a for a in data["articles"] if a["duplicate_of"]]
    assert len(data["articles"]) == 2 and len(copies) == 1
    assert all(q["article"] != copies[0]["id"] for q in data["quotes"])
    assert "duplicates 1" in capsys.readouterr().out


def test_a_later_run_finds_the_copy_of_a_stored_article_by_its_band_keys(tmp_path, capsys):
    body = GOOD + "\nThe ethnic Albanian majority in Kosovo is expected to announce its breakaway within days.\n"
    db, out = tmp_path / "s.duckdb", tmp_path / "out"
    for name, text in (("a", body), ("other", ARTICLE_TWO)):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    assert main(["brief", str(tmp_path / "a.txt"), str(tmp_path / "other.txt"), "-o", str(out), "--db", str(db),
                 "--processes", "1"]) == 0
    with duckdb.connect(str(db)) as connection:  # as a store an older version wrote: no signatures
        connection.execute("DELETE FROM signatures; DELETE FROM signature_bands")
    for copy in ("b", "c"):
        (tmp_path / f"{copy}.txt").write_text(body + f"\nCopyright 2008 Wire {copy}.\n", encoding="utf-8")
        capsys.readouterr()
        assert main(["brief", str(tmp_path / f"{copy}.txt"), "-o", str(out), "--db", str(db),
                     "--processes", "1"]) == 0
        assert "duplicates 1" in capsys.readouterr().out
    with Store(db) as store:
        names = {a.id: Path(a.path).stem for a in store.articles()}
        copies = {names[a.id]: names.get(a.duplicate_of) for a in store.articles()}
    assert copies == {"a": None, "other": None, "b": "a", "c": "a"}


def test_the_command_ends_with_mains_status_and_its_whole_output(tmp_path):
    """`storyline` leaves by `cli.run`, past the interpreter's teardown: nothing written is lost."""
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    command = [sys.executable, "-m", "storyline.cli", "brief", str(tmp_path / "good.txt"), str(tmp_path / "gone.txt"),
               "-o", str(tmp_path / "out"), "--db", str(tmp_path / "s.duckdb"), "--processes", "1"]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 1  # one input skipped
    assert "gone.txt: no such file or directory" in done.stderr
    assert done.stdout.rstrip().endswith(f"wrote {tmp_path / 'out' / 'brief.html'}")
    assert json.loads((tmp_path / "out" / "brief.json").read_text(encoding="utf-8"))["articles"]
