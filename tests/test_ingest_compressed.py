"""Compressed and archived input (.gz, .zip): every format inside them, labels, limits, cuts and damage."""

from __future__ import annotations

import gzip
import io
import json
import struct
import zipfile
from pathlib import Path

import pytest
from test_ingest import BODY, article_page, jsonl_lines, rss_feed, warc_records, write_warc

import storyline.ingest.gzipstream as gzipstream
import storyline.ingest.sources as sources_module
from storyline.ingest import read_inputs
from storyline.model import RawDocument, SkippedInput

TEXT = "\n\n".join(BODY) + "\n"


def read(*inputs) -> list[RawDocument | SkippedInput]:
    return list(read_inputs([str(i) for i in inputs]))


def kinds(results) -> list[tuple[str, str]]:
    return [(type(r).__name__, r.path) for r in results]


def atom_feed() -> str:
    content = "".join(f"&lt;p&gt;{p}&lt;/p&gt;" for p in BODY)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title><id>urn:x</id><updated>2023-05-30T00:00:00Z</updated>
<entry><title>One</title><id>urn:1</id><updated>2023-05-30T09:00:00Z</updated><content type="html">{content}</content>
</entry></feed>"""


def samples() -> dict[str, bytes]:
    """One valid file of each single-document or feed format, by extension."""
    page = article_page().encode()
    feed = rss_feed().encode()
    return {".txt": TEXT.encode(), ".md": TEXT.encode(), ".html": page, ".htm": page, ".xhtml": page,
            ".jsonl": jsonl_lines({"id": "a1", "text": TEXT}, {"id": "a2", "text": "Second."}).encode(),
            ".ndjson": jsonl_lines({"id": "n1", "text": TEXT}).encode(),
            ".xml": feed, ".rss": feed, ".rdf": feed, ".atom": atom_feed().encode()}


def comparable(results) -> list[tuple]:
    return [(type(r).__name__, getattr(r, "id", None), getattr(r, "text", None), getattr(r, "origin", None),
             getattr(r, "reason", None)) for r in results]


# --- gzip ------------------------------------------------------------------------------------


@pytest.mark.parametrize("ext", list(samples()))
def test_gzip_of_every_format_reads_like_the_plain_file(tmp_path, ext):
    data = samples()[ext]
    plain = tmp_path / f"plain{ext}"
    plain.write_bytes(data)
    packed = tmp_path / f"packed{ext}.gz"
    packed.write_bytes(gzip.compress(data))
    expected, got = read(plain), read(packed)
    assert any(isinstance(r, RawDocument) for r in got)
    assert comparable(got) == comparable(expected)
    assert all(r.path.startswith(str(packed)) for r in got)  # the user finds the .gz they gave


def test_gzip_without_inner_extension_is_sniffed(tmp_path):
    (tmp_path / "page.gz").write_bytes(gzip.compress(article_page().encode()))
    (tmp_path / "feed.gz").write_bytes(gzip.compress(rss_feed().encode()))
    (tmp_path / "note.gz").write_bytes(gzip.compress(TEXT.encode()))
    feed_entry, _, _, note, page = read(tmp_path)
    assert (feed_entry.format, feed_entry.origin) == ("feed", "entry 1")
    assert page.format == "html" and page.title == "Kosovo declares independence"
    assert (note.format, note.text) == ("txt", TEXT)


def test_gzip_multi_member_and_already_decompressed_content(tmp_path):
    (tmp_path / "multi.txt.gz").write_bytes(gzip.compress(b"First half, ") + gzip.compress(b"second half.\n"))
    (tmp_path / "plain.txt.gz").write_bytes(b"Saved already decompressed.\n")
    multi, plain = read(tmp_path)
    assert multi.text == "First half, second half.\n"
    assert plain.text == "Saved already decompressed.\n"


def test_gzip_unsupported_inner_extensions(tmp_path):
    (tmp_path / "backup.tar.gz").write_bytes(gzip.compress(b"x"))
    (tmp_path / "twice.txt.gz.gz").write_bytes(gzip.compress(gzip.compress(b"x")))
    assert [r.reason for r in read(tmp_path)] == ["unsupported extension .tar.gz", "unsupported extension .gz.gz"]


def test_truncated_and_corrupt_gzip_single_document(tmp_path):
    data = gzip.compress(article_page().encode())
    (tmp_path / "cut.html.gz").write_bytes(data[: len(data) // 2])
    corrupt = bytearray(data)
    corrupt[len(data) // 2] ^= 0xFF
    (tmp_path / "flipped.html.gz").write_bytes(bytes(corrupt))
    (tmp_path / "empty.txt.gz").write_bytes(b"")
    (tmp_path / "magic-only.txt.gz").write_bytes(b"\x1f\x8b")
    reasons = {Path(r.path).name: r.reason for r in read(tmp_path)}
    assert reasons["cut.html.gz"] == "truncated gzip stream"
    assert reasons["flipped.html.gz"].startswith("corrupt gzip stream (")
    assert reasons["empty.txt.gz"] == "empty file"
    assert reasons["magic-only.txt.gz"] == "truncated gzip stream"


def test_truncated_gzip_jsonl_keeps_whole_lines(tmp_path):
    lines = [{"id": f"n{i}", "text": f"Article number {i} " + "x" * (i * 37 % 200)} for i in range(400)]
    data = gzip.compress(jsonl_lines(*lines).encode(), mtime=0)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) * 2 // 3])
    results = read(path)
    *docs, last = results
    assert docs and all(isinstance(d, RawDocument) for d in docs)
    assert [d.id for d in docs] == [f"n{i}" for i in range(len(docs))]
    assert [d.origin for d in docs] == [f"line {i + 1}" for i in range(len(docs))]
    assert (last.path, last.reason) == (str(path), f"truncated gzip stream after line {len(docs)}")


def test_truncated_gzip_feed_keeps_entries_closed_before_the_cut(tmp_path):
    data = gzip.compress(rss_feed().encode())
    path = tmp_path / "cut.rss.gz"
    path.write_bytes(data[:-30])  # inside the last entry
    results = read(path)
    assert kinds(results) == [("RawDocument", str(path)), ("SkippedInput", f"{path} entry 2"),
                              ("SkippedInput", str(path))]
    assert results[-1].reason == "truncated gzip stream after 1 article"
    early = tmp_path / "early.rss.gz"
    early.write_bytes(data[:40])  # before any entry closes: nothing whole to keep
    assert [r.reason for r in read(early)] == ["truncated gzip stream"]


def test_gzip_bomb_stops_at_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(sources_module, "MAX_FILE_BYTES", 1_000_000)
    inflated = []
    real = gzipstream.StrictGzipReader.readinto

    def counting(self, buffer):
        n = real(self, buffer)
        inflated.append(n)
        return n

    monkeypatch.setattr(gzipstream.StrictGzipReader, "readinto", counting)
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"A" * 60_000_000, compresslevel=9))
    assert path.stat().st_size < 100_000
    (skip,) = read(path)
    assert skip.reason == "decompressed file too large (over the 1 MB limit)"
    assert sum(inflated) == 1_000_001


def test_gzip_jsonl_huge_line_is_one_skip(tmp_path, monkeypatch):
    monkeypatch.setattr(sources_module, "MAX_FILE_BYTES", 1_000_000)
    text = jsonl_lines({"id": "ok1", "text": "Before."}, {"id": "big", "text": "B" * 3_000_000},
                       {"id": "ok2", "text": "After."})
    path = tmp_path / "big.jsonl.gz"
    path.write_bytes(gzip.compress(text.encode()))
    first, skip, last = read(path)
    assert (first.id, last.id, last.origin) == ("ok1", "ok2", "line 3")
    assert (skip.path, skip.reason) == (f"{path} line 2", "line too large (over the 1 MB limit)")


def test_warc_record_over_the_limit_is_one_skip(tmp_path, monkeypatch):
    monkeypatch.setattr(sources_module, "MAX_FILE_BYTES", 100_000)
    big = article_page(extra="<p>" + "Filler sentence. " * 10_000 + "</p>").encode()
    path = tmp_path / "big.warc.gz"
    write_warc(path, [("https://example.org/big", "200 OK", "text/html", big)] + warc_records()[:1], gzip=True)
    skip, doc = read(path)
    assert (skip.path, skip.reason) == (f"{path} record 2",
                                        "HTTP response too large (over the 0.1 MB limit) (https://example.org/big)")
    assert (doc.path, doc.origin) == (str(path), "record 4")


# --- zip -------------------------------------------------------------------------------------


def make_zip(path: Path, members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_zip_members_by_their_own_extension_in_archive_order(tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, warc_records()[:1], gzip=True)
    inner = io.BytesIO()
    make_zip(inner, {"deep.txt": b"Nested article.\n"})
    path = make_zip(tmp_path / "bundle.zip", {
        "news/": b"", "news/page.html": article_page().encode(), ".DS_Store": b"junk",
        "__MACOSX/news/._page.html": b"fork", "lines.jsonl": jsonl_lines({"id": "z1", "text": "Zipped."}).encode(),
        "notes.txt.gz": gzip.compress(TEXT.encode()), "crawl.warc.gz": warc.read_bytes(),
        "inner.zip": inner.getvalue(), "report.pdf": b"%PDF", "feed.rss": rss_feed().encode(),
    })
    results = read(path)
    assert [(type(r).__name__, r.path, getattr(r, "origin", None)) for r in results] == [
        ("RawDocument", f"{path}!news/page.html", None),
        ("RawDocument", f"{path}!lines.jsonl", "line 1"),
        ("RawDocument", f"{path}!notes.txt.gz", None),
        ("RawDocument", f"{path}!crawl.warc.gz", "record 2"),
        ("RawDocument", f"{path}!inner.zip!deep.txt", None),
        ("SkippedInput", f"{path}!report.pdf", None),
        ("RawDocument", f"{path}!feed.rss", "entry 1"),
        ("SkippedInput", f"{path}!feed.rss entry 2", None),
        ("RawDocument", f"{path}!feed.rss", "entry 3"),
    ]
    assert results[1].describe() == f"{path}!lines.jsonl line 1 (id z1)"
    assert results[2].text == TEXT and results[4].text == "Nested article.\n"
    assert read(path) == results


def test_zip_nested_two_levels_is_refused(tmp_path):
    deepest = io.BytesIO()
    make_zip(deepest, {"a.txt": b"Too deep.\n"})
    middle = io.BytesIO()
    make_zip(middle, {"deeper.zip": deepest.getvalue(), "b.txt": b"Fine.\n"})
    path = make_zip(tmp_path / "outer.zip", {"middle.zip": middle.getvalue()})
    skip, doc = read(path)
    assert (skip.path, skip.reason) == (f"{path}!middle.zip!deeper.zip", "zip archive nested more than one level deep")
    assert doc.path == f"{path}!middle.zip!b.txt"


def test_zip_gz_is_read(tmp_path):
    inner = io.BytesIO()
    make_zip(inner, {"a.txt": b"In a gzipped zip.\n"})
    path = tmp_path / "bundle.zip.gz"
    path.write_bytes(gzip.compress(inner.getvalue()))
    (doc,) = read(path)
    assert (doc.path, doc.text) == (f"{path}!a.txt", "In a gzipped zip.\n")


def _patch_member(data: bytes, name: bytes, offset_in_header: int, value: bytes) -> bytes:
    """`data` with a field of both headers (local at `offset_in_header`, central 2 later) of member `name` set."""
    out = bytearray(data)
    local = data.index(b"PK\x03\x04" + data[4:6])  # first local header
    while True:
        name_length = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30: local + 30 + name_length] == name:
            out[local + offset_in_header: local + offset_in_header + len(value)] = value
            break
        local = data.index(b"PK\x03\x04", local + 4)
    central = data.index(b"PK\x01\x02")
    while True:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46: central + 46 + name_length] == name:
            out[central + offset_in_header + 2: central + offset_in_header + 2 + len(value)] = value
            return bytes(out)
        central = data.index(b"PK\x01\x02", central + 4)


def test_zip_encrypted_and_unsupported_members_are_one_skip_each(tmp_path):
    buffer = io.BytesIO()
    make_zip(buffer, {"secret.txt": b"Hidden.\n" * 50, "odd.txt": b"Deflate64.\n" * 50, "open.txt": b"Open.\n"})
    data = _patch_member(buffer.getvalue(), b"secret.txt", 6, struct.pack("<H", 0x1))  # flag: encrypted
    data = _patch_member(data, b"odd.txt", 8, struct.pack("<H", 9))  # method 9: deflate64
    path = tmp_path / "mixed.zip"
    path.write_bytes(data)
    secret, odd, ok = read(path)
    assert (secret.path, secret.reason) == (f"{path}!secret.txt", "encrypted zip member (password needed)")
    assert (odd.path, odd.reason) == (f"{path}!odd.txt", "unsupported zip compression (deflate64)")
    assert ok.text == "Open.\n"


def test_zip_corrupt_member_costs_only_that_member(tmp_path):
    buffer = io.BytesIO()
    make_zip(buffer, {"a.txt": b"First article.\n", "b.html": article_page().encode(), "c.txt": b"Third.\n"})
    data = bytearray(buffer.getvalue())
    start = data.index(b"b.html") + len(b"b.html") + 40
    data[start: start + 8] = b"\xff" * 8
    path = tmp_path / "damaged.zip"
    path.write_bytes(bytes(data))
    first, broken, third = read(path)
    assert (first.text, third.text) == ("First article.\n", "Third.\n")
    assert broken.path == f"{path}!b.html"
    assert broken.reason.startswith("corrupt zip member (")


def test_zip_member_over_the_limit_refused_before_decompressing(tmp_path, monkeypatch):
    monkeypatch.setattr(sources_module, "MAX_FILE_BYTES", 1_000_000)
    path = make_zip(tmp_path / "bomb.zip", {"bomb.txt": b"A" * 50_000_000, "ok.txt": b"Fine.\n"})
    assert path.stat().st_size < 200_000
    opened = []
    real_open = zipfile.ZipFile.open
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda self, info, *a, **k: opened.append(info) or real_open(
        self, info, *a, **k))
    skip, doc = read(path)
    assert (skip.path, skip.reason) == (f"{path}!bomb.txt", "file too large (50 MB > 1 MB limit)")
    assert doc.text == "Fine.\n"
    assert [getattr(i, "filename", i) for i in opened] == ["ok.txt"]


def test_zip_with_overlapping_members_is_refused(tmp_path):
    # many members sharing one compressed block: each within the limit, together unbounded
    buffer = io.BytesIO()
    make_zip(buffer, {"a.txt": b"A" * 5000, "b.txt": b"B" * 5000})
    data = bytearray(buffer.getvalue())
    central = data.index(b"PK\x01\x02", data.index(b"PK\x01\x02") + 4)  # b.txt's directory entry
    data[central + 42: central + 46] = struct.pack("<I", 0)  # its data is a.txt's
    path = tmp_path / "bomb.zip"
    path.write_bytes(bytes(data))
    assert [(r.path, r.reason) for r in read(path)] == [(str(path), "overlapping zip members (a zip bomb)")]


def test_zip_jsonl_member_is_streamed_without_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(sources_module, "MAX_FILE_BYTES", 10_000)
    lines = [{"id": f"s{i}", "text": f"Streamed article {i}."} for i in range(2000)]
    path = make_zip(tmp_path / "big.zip", {"many.jsonl": jsonl_lines(*lines).encode()})
    results = read(path)
    assert len(results) == 2000 and all(isinstance(r, RawDocument) for r in results)


@pytest.mark.parametrize("streamed", [False, True], ids=["sized", "data-descriptor"])
def test_truncated_zip_keeps_members_before_the_cut(tmp_path, streamed):
    members = {"a.txt": b"First article.\n", "b.jsonl": jsonl_lines({"id": "b1", "text": "Line one."}).encode(),
               "c.html": article_page().encode(), "d.txt": b"Fourth.\n" * 400}
    buffer = io.BytesIO()
    if streamed:  # zipfile writes sizes after the data (data descriptors) to an unseekable stream

        class Unseekable(io.RawIOBase):
            def writable(self):
                return True

            def write(self, b):
                return buffer.write(b)

        with zipfile.ZipFile(Unseekable(), "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in members.items():
                archive.writestr(name, data)
    else:
        make_zip(buffer, members)
    data = buffer.getvalue()
    cut_at = data.index(b"PK\x03\x04", data.index(b"d.txt") - 40) + 60  # inside the last member's data
    path = tmp_path / "cut.zip"
    path.write_bytes(data[:cut_at])
    results = read(path)
    assert kinds(results) == [("RawDocument", f"{path}!a.txt"), ("RawDocument", f"{path}!b.jsonl"),
                              ("RawDocument", f"{path}!c.html"), ("SkippedInput", str(path))]
    assert results[-1].reason == "truncated zip archive after 3 articles"
    # cut exactly after a whole member: the directory is gone, so the user is told
    whole = data.index(b"PK\x03\x04", data.index(b"d.txt") - 40)
    path.write_bytes(data[:whole])
    assert read(path)[-1].reason == "truncated zip archive (no central directory) after 3 articles"
    # only the directory damaged: every member is there, nothing is lost, nothing to report
    path.write_bytes(data[: data.index(b"PK\x01\x02") + 10])
    assert [type(r).__name__ for r in read(path)] == ["RawDocument"] * 4


def test_zip_that_is_not_one(tmp_path):
    (tmp_path / "empty.zip").write_bytes(b"")
    (tmp_path / "fake.zip").write_bytes(b"just some text, not an archive")
    make_zip(tmp_path / "nothing.zip", {})
    make_zip(tmp_path / "only-dirs.zip", {"a/": b"", "a/.hidden": b"x"})
    reasons = {Path(r.path).name: r.reason for r in read(tmp_path)}
    assert reasons == {"empty.zip": "empty file", "fake.zip": "not a zip file",
                       "nothing.zip": "no files in zip archive", "only-dirs.zip": "no files in zip archive"}


# --- where an article sits -------------------------------------------------------------------


def test_origins_and_ids_in_multi_article_files(tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_text(jsonl_lines({"id": "AFP-1", "text": "Fine."}, {"id": "AFP-123", "text": "x", "published": 5},
                                {"id": "multi\nline " + "z" * 100, "text": 7}, {"id": True, "text": "bool id"}))
    doc, bad_date, long_id, bool_id = read(path)
    assert (doc.origin, doc.describe()) == ("line 1", f"{path} line 1 (id AFP-1)")
    assert (bad_date.path, bad_date.reason, bad_date.article) == (
        f"{path} line 2 (id AFP-123)", "'published' must be a string", "AFP-123")
    assert "\n" not in long_id.path and long_id.article.startswith("multi\nline")
    assert long_id.reason == "'text' must be a string"
    assert (bool_id.path, bool_id.article, bool_id.reason) == (f"{path} line 4", None, "'id' must be a string")


def test_jsonl_deeply_nested_line_is_a_skip(tmp_path):
    path = tmp_path / "deep.jsonl"
    path.write_text("[" * 100_000 + "\n" + json.dumps({"id": "ok", "text": "Still read."}) + "\n")
    skip, doc = read(path)
    assert (skip.path, skip.reason) == (f"{path} line 1", "malformed JSON: nested too deeply")
    assert doc.id == "ok"
