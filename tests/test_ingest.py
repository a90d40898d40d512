"""Input readers: every format, every encoding, and every kind of bad input (no spaCy needed)."""

from __future__ import annotations

import builtins
import hashlib
import io
import json
import os
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import storyline.ingest.files as files_module
import storyline.ingest.sources as sources_module
from storyline.ingest import read_inputs
from storyline.ingest.dates import normalise_date
from storyline.ingest.decode import decode_bytes
from storyline.ingest.errors import InputError
from storyline.model import RawDocument, SkippedInput

BODY = (
    "Kosovo's parliament declared independence from Serbia on Sunday, a move backed by the "
    "United States and most European Union states but rejected by Belgrade and Moscow.",
    "\u201cWe have waited for this day for a long time,\u201d Prime Minister Hashim Thaci told "
    "the assembly in Pristina, where crowds gathered in the snow to celebrate.",
    "Serbia's government said it would never recognise the new state and recalled its "
    "ambassador to Washington for consultations on Monday.",
)


def read(*inputs, stdin=None) -> list[RawDocument | SkippedInput]:
    return list(read_inputs([str(i) for i in inputs], stdin=stdin))


def only_doc(*inputs) -> RawDocument:
    results = read(*inputs)
    assert len(results) == 1 and isinstance(results[0], RawDocument), results
    return results[0]


def only_skip(*inputs) -> SkippedInput:
    results = read(*inputs)
    assert len(results) == 1 and isinstance(results[0], SkippedInput), results
    return results[0]


def article_page(title="Kosovo declares independence", date_meta=True, extra="") -> str:
    paragraphs = "\n".join(f"<p>{p}</p>" for p in BODY)
    date = '<meta property="article:published_time" content="2008-02-17T15:00:00+01:00">' if date_meta else ""
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title} | The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
<link rel="canonical" href="https://example.org/world/kosovo-independence">{date}</head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article><h1>{title}</h1>{paragraphs}{extra}</article>
<section class="comments" id="comments"><h3>Comments</h3><p>First! Great read, thanks.</p></section>
<footer><p>Copyright 2008 The Daily Example. All rights reserved.</p></footer></body></html>"""


# --- plain text and encodings ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Caf\u00e9 in Pristina.\n".encode(), "Caf\u00e9 in Pristina.\n"),
        (b"\xef\xbb\xbf" + "Caf\u00e9 in Pristina.\n".encode(), "Caf\u00e9 in Pristina.\n"),
        ("\u201cNo,\u201d he said \u2013 it costs \u20ac200 million.\n".encode("cp1252"),
         "\u201cNo,\u201d he said \u2013 it costs \u20ac200 million.\n"),
        ("Le caf\u00e9 est ferm\u00e9, d\u00e9j\u00e0 vu.\n".encode("latin-1"),
         "Le caf\u00e9 est ferm\u00e9, d\u00e9j\u00e0 vu.\n"),
        ("Caf\u00e9".encode("latin-1"), "Caf\u00e9"),
        ("Kosovo \u2013 \u041a\u043e\u0441\u043e\u0432\u043e\n".encode("utf-16"),
         "Kosovo \u2013 \u041a\u043e\u0441\u043e\u0432\u043e\n"),
        (b"\xfe\xff" + "Caf\u00e9\n".encode("utf-16-be"), "Caf\u00e9\n"),
        ("Plain ASCII text in UTF-16 without a mark.\n".encode("utf-16-le"),
         "Plain ASCII text in UTF-16 without a mark.\n"),
    ],
    ids=["utf8", "utf8-bom", "cp1252", "latin1", "latin1-short", "utf16-bom", "utf16be-bom", "utf16le-nobom"],
)
def test_text_encodings(tmp_path, raw, expected):
    path = tmp_path / "article.txt"
    path.write_bytes(raw)
    doc = only_doc(path)
    assert doc.text == expected
    assert (doc.format, doc.extracted, doc.path) == ("txt", False, str(path))
    assert doc.title is None and doc.published is None


def test_text_newlines_normalised_and_nothing_else(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"Title line\r\n\r\n  Indented body\tline.\rOld Mac line.\n\n\n")
    assert only_doc(path).text == "Title line\n\n  Indented body\tline.\nOld Mac line.\n\n\n"


def test_id_is_hash_of_decoded_text_across_encodings_and_names(tmp_path):
    text = "\u201cSame article,\u201d fetched twice \u2013 \u20ac5.\n"
    (tmp_path / "one.txt").write_bytes(text.encode("utf-8"))
    (tmp_path / "two.md").write_bytes(text.encode("cp1252"))
    first, second = read(tmp_path)
    assert first.id == second.id == hashlib.sha256(text.encode()).hexdigest()[:16]
    assert first.path != second.path


def test_decode_prefers_declared_charset_when_not_utf8():
    data = "\u010cesk\u00e1 republika \u0161t\u00e1t".encode("cp1250")
    assert decode_bytes(data, declared="windows-1250") == "\u010cesk\u00e1 republika \u0161t\u00e1t"
    # valid UTF-8 wins over a wrong declaration
    assert decode_bytes("caf\u00e9".encode(), declared="iso-8859-1") == "caf\u00e9"


# --- bad files -------------------------------------------------------------------------------


def test_empty_and_whitespace_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \n\t\r\n  ")
    (tmp_path / "empty.html").write_bytes(b"")
    reasons = {Path(r.path).name: r.reason for r in read(tmp_path)}
    assert reasons == {"blank.txt": "file contains only whitespace", "empty.html": "empty file",
                       "empty.txt": "empty file"}


def test_binary_files_rejected(tmp_path):
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (tmp_path / "controls.txt").write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 0x0E, 0x0F, 0x10]) * 50 + b"some text")
    results = read(tmp_path)
    assert [r.reason for r in results] == ["binary file (not text)"] * 2


def test_unsupported_extension(tmp_path):
    path = tmp_path / "report.PDF"
    path.write_bytes(b"%PDF-1.4 ...")
    assert only_skip(path).reason == "unsupported extension .pdf"


def test_missing_path_and_broken_symlink(tmp_path):
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "never-existed.txt")
    missing = tmp_path / "missing.txt"
    results = read(missing, link)
    assert [(r.path, r.reason) for r in results] == [
        (str(missing), "no such file or directory"),
        (str(link), "broken symbolic link"),
    ]
    # inside a folder too
    assert [r.reason for r in read(tmp_path)] == ["broken symbolic link"]


def test_permission_denied_simulated(tmp_path, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_text("classified\n")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files_module, "open", refuse, raising=False)
    assert only_skip(path).reason == "permission denied"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any file")
def test_permission_denied_real(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("classified\n")
    path.chmod(0)
    try:
        assert only_skip(path).reason == "permission denied"
    finally:
        path.chmod(0o600)


def test_too_large_checked_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:  # sparse: no disk space used
        handle.truncate(52_000_000)
    opened = []
    real_open = builtins.open
    monkeypatch.setattr(files_module, "open", lambda *a, **k: opened.append(a) or real_open(*a, **k), raising=False)
    assert only_skip(path).reason == "file too large (52 MB > 20 MB limit)"
    assert opened == []


def test_size_limit_is_a_module_constant(tmp_path, monkeypatch):
    monkeypatch.setattr(sources_module, "MAX_FILE_BYTES", 1_000_000)
    path = tmp_path / "big.txt"
    path.write_text("word " * 300_000)
    assert only_skip(path).reason == "file too large (1.5 MB > 1 MB limit)"


# --- folders and order -----------------------------------------------------------------------


def test_folder_recursion_sorted_and_hidden_skipped(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Z article\n")
    (tmp_path / "b" / "a.txt").write_text("A article\n")
    (tmp_path / "a.txt").write_text("top article\n")
    (tmp_path / "c.md").write_text("C article\n")
    (tmp_path / ".hidden.txt").write_text("hidden\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("hidden dir\n")
    (tmp_path / "b" / "loop").symlink_to(tmp_path)  # a link cycle is walked once
    results = read(tmp_path)
    label = str(tmp_path)
    assert [r.path for r in results] == [
        os.path.join(label, "a.txt"),
        os.path.join(label, "b", "a.txt"),
        os.path.join(label, "b", "z.txt"),
        os.path.join(label, "c.md"),
    ]
    assert all(isinstance(r, RawDocument) for r in results)
    assert read(tmp_path) == results  # deterministic


def test_inputs_keep_their_order_and_given_spelling(tmp_path, monkeypatch):
    (tmp_path / "x.txt").write_text("X\n")
    (tmp_path / "y.txt").write_text("Y\n")
    monkeypatch.chdir(tmp_path)
    assert [r.path for r in read("y.txt", "./x.txt")] == ["y.txt", "./x.txt"]


def test_demo_corpus_reads(seed_dir):
    results = read(seed_dir)
    assert len(results) == 5 and all(isinstance(r, RawDocument) for r in results)
    assert len({r.id for r in results}) == 5


# --- JSON Lines and stdin --------------------------------------------------------------------


def jsonl_lines(*records) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def test_jsonl_fields_and_bad_lines(tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_text(jsonl_lines(
        {"id": "a1", "text": "First.\r\nSecond line.", "title": "T", "published": "2023-05-29T18:45:00-04:00",
         "url": "https://example.org/a1", "source": "Example News"},
        "",
        '{"id": "a2", "text": "broken',
        {"id": 7, "text": "Numeric id.", "published": "Tue, 30 May 2023 08:00:00 +0200"},
        ["not", "an", "object"],
        {"text": "no id"},
        {"id": "a5"},
        {"id": "a6", "text": "   "},
        {"id": "a7", "text": "ok", "title": 5},
        {"id": "a8", "text": "Unparseable date.", "published": "sometime soon"},
    ), encoding="utf-8")
    results = read(path)
    docs = [r for r in results if isinstance(r, RawDocument)]
    skips = [r.reason for r in results if isinstance(r, SkippedInput)]
    assert [d.id for d in docs] == ["a1", "7", "a8"]
    first = docs[0]
    assert (first.text, first.title, first.url, first.source) == ("First.\nSecond line.", "T", "https://example.org/a1",
                                                                  "Example News")
    # JSONL text is the article body as given: no page chrome for the cleaner to cut
    assert (first.published, first.published_evidence, first.format, first.extracted) == (
        "2023-05-29", "given", "jsonl", True)
    assert docs[1].published == "2023-05-30"
    assert (docs[2].published, docs[2].published_evidence) == (None, None)
    assert [d.origin for d in docs] == ["line 1", "line 4", "line 10"]
    assert all(d.path == str(path) for d in docs)
    assert docs[1].describe() == f"{path} line 4 (id 7)"
    assert skips[0].startswith("malformed JSON: ")
    assert skips[1:] == ["not a JSON object", "missing 'id'", "missing 'text'", "empty 'text'",
                         "'title' must be a string"]
    places = [(r.path, r.article) for r in results if isinstance(r, SkippedInput)]
    assert places == [(f"{path} line 3", None), (f"{path} line 5", None), (f"{path} line 6", None),
                      (f"{path} line 7 (id a5)", "a5"), (f"{path} line 8 (id a6)", "a6"),
                      (f"{path} line 9 (id a7)", "a7")]


def test_jsonl_utf16_and_repaired_cp1252_line(tmp_path):
    utf16 = tmp_path / "win.ndjson"
    utf16.write_bytes(jsonl_lines({"id": "w", "text": "Pristina \u2013 Pri\u0161tina"}).encode("utf-16"))
    assert only_doc(utf16).text == "Pristina \u2013 Pri\u0161tina"
    mixed = tmp_path / "mixed.jsonl"
    good = json.dumps({"id": "u", "text": "caf\u00e9"}, ensure_ascii=False).encode()
    legacy = json.dumps({"id": "c", "text": "\u201cquoted\u201d \u20ac5"}, ensure_ascii=False).encode("cp1252")
    mixed.write_bytes(good + b"\n" + legacy + b"\n")
    assert [d.text for d in read(mixed)] == ["caf\u00e9", "\u201cquoted\u201d \u20ac5"]


def test_jsonl_empty_file(tmp_path):
    (tmp_path / "none.jsonl").write_bytes(b"")
    (tmp_path / "blank.jsonl").write_bytes(b"\n\n  \n")
    assert [r.reason for r in read(tmp_path)] == ["file contains only whitespace", "empty file"]


def test_stdin_dash(tmp_path):
    (tmp_path / "f.txt").write_text("From a file.\n")
    stdin = io.StringIO(jsonl_lines({"id": "s1", "text": "From stdin."}, "{oops", {"id": "s2", "text": "Again."}))
    results = read(tmp_path / "f.txt", "-", stdin=stdin)
    assert [(type(r).__name__, r.path) for r in results] == [
        ("RawDocument", str(tmp_path / "f.txt")), ("RawDocument", "-"), ("SkippedInput", "- line 2"),
        ("RawDocument", "-")]
    assert [r.origin for r in results if isinstance(r, RawDocument)] == [None, "line 1", "line 3"]
    assert results[2].reason.startswith("malformed JSON: ")


def test_stdin_bytes_with_bad_encoding_line():
    raw = io.BytesIO(b'{"id": "a", "text": "ok"}\n' + '{"id": "b", "text": "caf\u00e9"}\n'.encode("latin-1"))
    stdin = io.TextIOWrapper(raw, encoding="utf-8")
    assert [d.text for d in read("-", stdin=stdin)] == ["ok", "caf\u00e9"]
    assert not raw.closed  # stdin is left open


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2008-02-17", "2008-02-17"), ("2008-02-17T23:30:00-05:00", "2008-02-17"), ("2023-05-30T01:00:00Z", "2023-05-30"),
     ("Sun, 17 Feb 2008 23:30:00 -0500", "2008-02-17"), ("17 February 2008", "2008-02-17"),
     ("February 2008", None), ("yesterday", None), ("2008-02-30", None), ("", None)],
)
def test_normalise_date(value, expected):
    assert normalise_date(value) == expected


# --- HTML ------------------------------------------------------------------------------------


def test_html_article(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(article_page(), encoding="utf-8")
    doc = only_doc(path)
    assert doc.title == "Kosovo declares independence"
    assert doc.source == "The Daily Example"
    assert doc.url == "https://example.org/world/kosovo-independence"
    assert (doc.published, doc.published_evidence) == ("2008-02-17", "htmldate")
    assert (doc.format, doc.extracted) == ("html", True)
    for paragraph in BODY:
        assert f"\n\n{paragraph}" in doc.text
    assert "Great read" not in doc.text and "Home" not in doc.text


def test_html_line_breaks_and_declared_legacy_charset(tmp_path):
    page = article_page(extra="<p>Belgrade protested.<br>Moscow called it illegal \u2013 \u20ac costs.</p>")
    declared = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
    page = page.replace('<meta charset="utf-8">', declared)
    path = tmp_path / "legacy.htm"
    path.write_bytes(page.encode("cp1252"))
    doc = only_doc(path)
    assert "\u201cWe have waited" in doc.text
    assert "\n\nBelgrade protested.\nMoscow called it illegal \u2013 \u20ac costs." in doc.text


def test_html_without_date_has_none(tmp_path):
    path = tmp_path / "undated.xhtml"
    path.write_text(article_page(date_meta=False))
    doc = only_doc(path)
    assert (doc.published, doc.published_evidence) == (None, None)


def test_malformed_html_still_extracted(tmp_path):
    path = tmp_path / "broken.html"
    body = "".join(f"<p>{p}" for p in BODY)  # unclosed paragraphs, no closing body/html
    path.write_text(f"<html><head><title>Broken page</title><body><div><article><h1>Broken page</h1>{body}<div><span>")
    doc = only_doc(path)
    assert all(p in doc.text for p in BODY)


def test_html_without_article_text(tmp_path):
    path = tmp_path / "shell.html"
    path.write_text("<html><head><title>App</title><script>var x = 1;</script></head><body></body></html>")
    assert only_skip(path).reason == "no article text found in HTML"


# --- feeds -----------------------------------------------------------------------------------

LONG_SUMMARY = " ".join(BODY) + " " + BODY[0]


def rss_feed() -> str:
    encoded = "".join(f"<p>{p}</p>" for p in BODY)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Balkan Wire</title><link>https://wire.example/</link><description>News</description>
<item><title>Full story</title><link>https://wire.example/full</link>
  <pubDate>Sun, 17 Feb 2008 23:30:00 -0500</pubDate><description>Teaser only.</description>
  <content:encoded><![CDATA[{encoded}]]></content:encoded></item>
<item><title>Teaser story</title><link>https://wire.example/teaser</link>
  <description>Just a teaser.</description></item>
<item><title>Long summary</title><link>https://wire.example/long</link><description>{LONG_SUMMARY}</description></item>
</channel></rss>"""


def test_rss_feed(tmp_path):
    path = tmp_path / "wire.rss"
    path.write_text(rss_feed())
    full, teaser, long = read(path)
    assert isinstance(full, RawDocument) and (full.path, full.origin) == (str(path), "entry 1")
    assert full.text == "\n\n".join(BODY)
    assert (full.title, full.url, full.source) == ("Full story", "https://wire.example/full", "Balkan Wire")
    assert (full.published, full.published_evidence, full.format, full.extracted) == (
        "2008-02-17", "feed entry published", "feed", True)
    assert isinstance(teaser, SkippedInput) and teaser.path == f"{path} entry 2"
    assert teaser.reason == "only a 14-character summary, no full text ('Teaser story')"
    assert isinstance(long, RawDocument) and long.text == LONG_SUMMARY and long.origin == "entry 3"


def test_atom_feed_and_sniffing(tmp_path):
    xhtml = "".join(f"<p>{p}</p>" for p in BODY)
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title><id>urn:x</id><updated>2023-05-30T00:00:00Z</updated>
<entry><title>Clashes in Zvecan</title><id>urn:1</id><link href="https://desk.example/zvecan"/>
<updated>2023-05-30T09:00:00+02:00</updated><published>2023-05-29T21:10:00+02:00</published>
<content type="html">{xhtml.replace("<", "&lt;").replace(">", "&gt;")}</content></entry>
<entry><title>Plain</title><id>urn:2</id><updated>2023-05-31T09:00:00Z</updated>
<content type="text">NATO said it would send 700 more troops.
A second line.</content></entry></feed>"""
    (tmp_path / "desk.atom").write_text(atom)
    (tmp_path / "feed-without-extension").write_text(atom)
    (tmp_path / "data.xml").write_text(atom)
    results = read(tmp_path)
    assert [(r.path, r.origin) for r in results] == [
        (str(tmp_path / name), origin) for name in ("data.xml", "desk.atom", "feed-without-extension")
        for origin in ("entry 1", "entry 2")]
    first, second = results[:2]
    assert first.text == "\n\n".join(BODY) and first.source == "Atom Desk"
    assert (first.published, first.url) == ("2023-05-29", "https://desk.example/zvecan")
    assert second.text == "NATO said it would send 700 more troops.\nA second line."
    assert (second.published, second.published_evidence) == ("2023-05-31", "feed entry updated")


def test_malformed_and_non_feed_xml(tmp_path):
    (tmp_path / "broken.rss").write_text("<?xml version='1.0'?><rss version='2.0'><channel><title>x</ti")
    (tmp_path / "cut.rss").write_text("<?xml version='1.0'?><rss><channel><title>x</title>"
                                      "<item><title>oops</title><description>short</description><item><ti")
    (tmp_path / "config.xml").write_text("<?xml version='1.0'?><config><setting>1</setting></config>")
    (tmp_path / "empty.rss").write_text("<?xml version='1.0'?><rss version='2.0'><channel><title>x</title></channel>"
                                        "</rss>")
    reasons = {Path(r.path).name: r.reason for r in read(tmp_path)}
    assert reasons["broken.rss"].startswith("malformed XML feed")
    assert reasons["config.xml"] == "not an RSS/Atom feed"
    assert reasons["empty.rss"] == "feed has no entries"
    # what a broken feed still holds is read
    assert reasons["cut.rss entry 1"] == "only a 5-character summary, no full text ('oops')"


# --- WARC ------------------------------------------------------------------------------------


def write_warc(path: Path, records: list[tuple[str, str, str, bytes]], gzip: bool) -> None:
    """Write (uri, status line, content type, body) responses, each preceded by a request record."""
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        for uri, status, content_type, body in records:
            request = writer.create_warc_record(uri, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
            writer.write_record(request)
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), http_headers=headers,
                warc_headers_dict={"WARC-Date": "2023-05-30T10:00:00Z"}))


def warc_records() -> list[tuple[str, str, str, bytes]]:
    undated = article_page(title="Undated page", date_meta=False).replace(
        '<link rel="canonical" href="https://example.org/world/kosovo-independence">', "")
    return [
        ("https://example.org/a", "200 OK", "text/html; charset=utf-8", article_page().encode()),
        ("https://example.org/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n\x00\x00"),
        ("https://example.org/missing", "404 Not Found", "text/html", b"<html><body><p>Not found</p></body></html>"),
        ("https://example.org/b", "200 OK", "text/html", undated.encode()),
        ("https://example.org/empty", "200 OK", "text/html", b"<html><body></body></html>"),
    ]


@pytest.mark.parametrize("gzip", [False, True], ids=["warc", "warc.gz"])
def test_warc(tmp_path, gzip):
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    write_warc(path, warc_records(), gzip=gzip)
    first, second, empty = read(path)
    assert (first.path, first.origin, first.url, first.published, first.published_evidence) == (
        str(path), "record 2", "https://example.org/world/kosovo-independence", "2008-02-17", "htmldate")
    assert first.format == "html" and first.extracted
    assert (second.path, second.origin, second.url, second.published, second.published_evidence) == (
        str(path), "record 8", "https://example.org/b", "2023-05-30", "WARC-Date")
    assert second.title == "Undated page"
    assert (empty.path, empty.reason) == (f"{path} record 10",
                                          "no article text found in HTML (https://example.org/empty)")


@pytest.mark.parametrize("gzip", [False, True], ids=["warc", "warc.gz"])
def test_truncated_warc_keeps_records_before_the_cut(tmp_path, gzip):
    full = tmp_path / "full.warc"
    write_warc(full, warc_records()[:1] + warc_records()[3:4], gzip=gzip)
    data = full.read_bytes()
    path = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    path.write_bytes(data[: len(data) - 200])
    results = read(path)
    assert [type(r).__name__ for r in results] == ["RawDocument", "SkippedInput"]
    assert results[0].url == "https://example.org/world/kosovo-independence"
    expected = "truncated gzip stream" if gzip else "truncated WARC file"
    assert results[1].path == str(path)
    assert results[1].reason == f"{expected} after 1 article"


def test_warc_cut_inside_a_record_header(tmp_path):
    full = tmp_path / "full.warc"
    write_warc(full, warc_records()[:1] + warc_records()[3:4], gzip=False)
    data = full.read_bytes()
    last_header = data.rindex(b"WARC/1.0\r\n")
    for cut in (last_header + 12, last_header + 60, last_header + 200):
        path = tmp_path / "cut.warc"
        path.write_bytes(data[:cut])
        results = read(path)
        assert [type(r).__name__ for r in results] == ["RawDocument", "SkippedInput"], cut
        assert results[1].reason in {"truncated WARC file after 1 article", "corrupt WARC record after 1 article"}


def test_warc_without_html_and_not_a_warc(tmp_path):
    write_warc(tmp_path / "images.warc", [("https://example.org/i.png", "200 OK", "image/png", b"\x89PNG")], gzip=False)
    (tmp_path / "text.warc").write_text("this is not an archive\n")
    (tmp_path / "zero.warc.gz").write_bytes(b"")
    reasons = {Path(r.path).name: r.reason for r in read(tmp_path)}
    assert reasons["images.warc"] == "no HTML responses with status 200 in WARC"
    assert reasons["text.warc"].startswith("not a valid WARC file")
    assert reasons["zero.warc.gz"] == "empty file"


# --- the run goes on ------------------------------------------------------------------------


def test_one_bad_input_never_stops_the_run(tmp_path):
    (tmp_path / "a.txt").write_text("Good article.\n")
    (tmp_path / "b.bin").write_bytes(b"\x00\x01")
    (tmp_path / "c.rss").write_text("<rss version='2.0'><channel><title>x</ti")
    (tmp_path / "d.warc.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    (tmp_path / "e.html").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "f.jsonl").write_text('{"id": "x", "text": "Good line."}\n')
    results = read(tmp_path, tmp_path / "nope")
    kinds = [(Path(r.path).name, type(r).__name__) for r in results]
    assert kinds == [("a.txt", "RawDocument"), ("b.bin", "SkippedInput"), ("c.rss", "SkippedInput"),
                     ("d.warc.gz", "SkippedInput"), ("e.html", "SkippedInput"), ("f.jsonl", "RawDocument"),
                     ("nope", "SkippedInput")]
    assert all(r.reason and "\n" not in r.reason for r in results if isinstance(r, SkippedInput))


def test_odd_input_names_are_skips_not_crashes(tmp_path):
    # found by fuzzing: a NUL byte made read_inputs raise ValueError, and "" read the current folder
    assert [(r.path, r.reason) for r in read("bad\x00name.txt", "")] == [
        ("bad\x00name.txt", "invalid file name (NUL byte)"), ("", "empty path")]


def test_undecodable_file_name_gets_a_printable_label(tmp_path):
    # found by fuzzing: a file name that is not UTF-8 gave a label the brief and the store cannot encode
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text("An article.\n")
    (doc,) = read(folder)
    assert doc.path == os.path.join(str(folder), "caf\\xe9.txt")
    doc.model_dump_json()


def test_jsonl_lone_surrogates_become_replacement_characters(tmp_path):
    # found by fuzzing: JSON can spell a lone surrogate, which cannot be written as UTF-8 later
    path = tmp_path / "s.jsonl"
    path.write_text('{"id": "a\\ud800", "text": "x\\udfff y", "title": "\\udc80"}\n{"id": "\\ud801", "text": 5}\n')
    doc, skip = read(path)
    assert (doc.id, doc.text, doc.title) == ("a\ufffd", "x\ufffd y", "\ufffd")
    assert (skip.path, skip.article) == (f"{path} line 2 (id \ufffd)", "\ufffd")
    doc.model_dump_json(), skip.model_dump_json()


def test_unexpected_reader_failure_becomes_a_skip(tmp_path, monkeypatch):
    import storyline.ingest.formats as formats

    def explode(source):
        raise RuntimeError("parser bug")
        yield  # pragma: no cover

    monkeypatch.setitem(formats.READERS, ".txt", explode)
    (tmp_path / "a.txt").write_text("x\n")
    assert only_skip(tmp_path / "a.txt").reason == "could not read: RuntimeError: parser bug"


def test_input_error_carries_reason():
    assert InputError("empty file").reason == "empty file"
