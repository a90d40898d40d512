"""Property-based fuzzing of every reader: whatever the bytes, `read_inputs` never raises.

The property, for any input: reading yields only `RawDocument`s and `SkippedInput`s, never
raises, every skip reason is one line of at most 200 characters, every article has text, and
everything serialises to JSON (no lone surrogates, which would break the brief and the store).
Derandomized, so CI sees the same examples every run; sized to run in seconds.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_ingest import article_page, jsonl_lines, rss_feed, warc_records, write_warc

from storyline.ingest import READERS, read_inputs
from storyline.model import RawDocument, SkippedInput

FUZZ = settings(deadline=None, derandomize=True, database=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])

PLAIN_EXTENSIONS = sorted(READERS)
EXTENSIONS = PLAIN_EXTENSIONS + [ext + ".gz" for ext in PLAIN_EXTENSIONS] + [".gz", ".zip", ""]


def check(path: Path) -> list[RawDocument | SkippedInput]:
    """Read `path` and assert the property; returns the results for further checks."""
    results = list(read_inputs([str(path)]))
    for result in results:
        assert isinstance(result, (RawDocument, SkippedInput)), result
        if isinstance(result, SkippedInput):
            assert result.reason and len(result.reason) <= 200, result
            assert result.reason.splitlines() == [result.reason], result
        else:
            assert result.text.strip(), result
        result.model_dump_json()  # every string is valid Unicode
    return results


def read_bytes_as(data: bytes, name: str) -> list[RawDocument | SkippedInput]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return check(path)


def zipped(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def atom_feed() -> str:
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
            '<entry><title>One</title><id>urn:1</id><updated>2023-05-30T09:00:00Z</updated><content type="text">'
            + "Clashes broke out in the north on Monday. " * 12 + "</content></entry></feed>")


def _warc_bytes(gzipped: bool) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.warc"
        write_warc(path, warc_records()[:2], gzip=gzipped)
        return path.read_bytes()


def valid_files() -> dict[str, bytes]:
    """One small valid file of each format and container, by the name it is read under."""
    text = b"Kosovo declared independence on Sunday.\n\nSerbia rejected it.\n"
    page = article_page().encode()
    lines = jsonl_lines({"id": "a", "text": "One."}, {"id": "b", "text": "Two.", "published": "2023-05-30"}).encode()
    files = {"a.txt": text, "a.html": page, "a.jsonl": lines, "a.rss": rss_feed().encode(),
             "a.atom": atom_feed().encode(), "a.warc": _warc_bytes(False), "a.warc.gz": _warc_bytes(True)}
    files |= {"b.txt.gz": gzip.compress(text), "b.jsonl.gz": gzip.compress(lines),
              "b.rss.gz": gzip.compress(rss_feed().encode()), "b.html.gz": gzip.compress(page)}
    files["c.zip"] = zipped([("x.txt", text), ("y.jsonl", lines), ("z.html.gz", gzip.compress(page)),
                             ("w.rss", rss_feed().encode())])
    return files


VALID = valid_files()


# --- random bytes under every name ----------------------------------------------------------

# Raw bytes, and text in the encodings readers meet (random bytes alone are mostly refused as binary
# before any parser sees them), with markup-like characters so that the parsers are reached.
TOKENS = list("<>/&;=\"'!?-:# \n\t{}[],aé€") + ["<p>", "</p>", "<item>", "</item>", "<html>", "<rss>", "<feed>",
                                                    "WARC/1.0\r\n", '{"id": 1, "text": "', "Kosovo declared "]
MARKUP = st.lists(st.sampled_from(TOKENS) | st.characters(codec="utf-8"), max_size=120).map("".join)
CONTENT = st.one_of(
    st.binary(max_size=400),
    # one long line: parsers quote the first line of what they could not read in their messages
    st.builds(lambda token, n: (token * n).encode(), st.sampled_from(TOKENS), st.integers(0, 400)),
    st.tuples(MARKUP, st.sampled_from(["utf-8", "utf-16", "utf-16-le", "cp1252", "latin-1"])).map(
        lambda t: t[0].encode(t[1], "replace")),
)


@settings(FUZZ, max_examples=220)
@given(data=CONTENT, ext=st.sampled_from(EXTENSIONS))
def test_random_bytes_under_every_extension(data, ext):
    read_bytes_as(data, "fuzz" + ext)


@settings(FUZZ, max_examples=60)
@given(data=CONTENT, ext=st.sampled_from(PLAIN_EXTENSIONS + [""]))
def test_gzipped_random_bytes(data, ext):
    read_bytes_as(gzip.compress(data, mtime=0), "fuzz" + ext + ".gz")


MEMBER_NAMES = st.tuples(st.sampled_from(["", "dir/", ".hidden/", "./", "a/b/"]),
                         st.text(min_size=1, max_size=8).map(lambda s: s.replace("\x00", "_")),
                         st.sampled_from(EXTENSIONS)).map("".join)


@settings(FUZZ, max_examples=40)
@given(members=st.lists(st.tuples(MEMBER_NAMES, CONTENT), max_size=4, unique_by=lambda m: m[0]),
       nested=st.booleans())
def test_zip_of_random_members(members, nested):
    data = zipped(members)
    read_bytes_as(zipped([("inner.zip", data), ("x.txt", b"Beside.")]) if nested else data, "fuzz.zip")


# --- valid files cut short or damaged -------------------------------------------------------


@settings(FUZZ, max_examples=160)
@given(name=st.sampled_from(sorted(VALID)), fraction=st.floats(0, 1))
def test_truncated_valid_files(name, fraction):
    data = VALID[name]
    read_bytes_as(data[: int(len(data) * fraction)], name)


@settings(FUZZ, max_examples=120)
@given(name=st.sampled_from(sorted(VALID)), fraction=st.floats(0, 1), flips=st.lists(st.integers(1, 255), min_size=1,
                                                                                      max_size=3))
def test_damaged_valid_files(name, fraction, flips):
    data = bytearray(VALID[name])
    at = min(int(len(data) * fraction), len(data) - 1)
    for offset, flip in enumerate(flips):
        data[min(at + offset, len(data) - 1)] ^= flip
    read_bytes_as(bytes(data), name)


# --- structured fuzzing: JSON values, XML trees, HTML ----------------------------------------

# Text with lone surrogates too: JSON can spell them ("\\ud800"), and Python decodes them as they are.
JSON_TEXT = st.lists(st.characters() | st.integers(0xD800, 0xDFFF).map(chr), max_size=30).map("".join)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | JSON_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
RECORDS = st.fixed_dictionaries({}, optional={
    "id": JSON_VALUES | JSON_TEXT, "text": JSON_VALUES | JSON_TEXT,
    "title": JSON_VALUES, "published": st.none() | st.sampled_from(["2023-05-30", "Tue, 30 May 2023 08:00:00 +0200",
                                                                    "", "  ", "2023-02-30", "yesterday"]) | JSON_VALUES,
    "url": JSON_VALUES, "source": JSON_VALUES})


@settings(FUZZ, max_examples=100)
@given(lines=st.lists(RECORDS | JSON_VALUES, min_size=1, max_size=6), ascii_only=st.booleans(),
       separator=st.sampled_from(["\n", "\r\n", "\r"]))
def test_jsonl_of_random_json_values(lines, ascii_only, separator):
    text = separator.join(json.dumps(line, ensure_ascii=ascii_only) for line in lines)
    results = read_bytes_as(text.encode("utf-8", "surrogatepass"), "fuzz.jsonl")
    for result in results:  # a line's article has the given id, and knows its line
        if isinstance(result, RawDocument):
            assert result.origin and result.origin.startswith("line ") and result.extracted


FEED_TAGS = ["rss", "channel", "item", "title", "link", "description", "content:encoded", "pubDate", "guid",
             "feed", "entry", "content", "summary", "updated", "published", "id", "source", "rdf:RDF"]
ATTRIBUTES = st.dictionaries(st.sampled_from(["version", "type", "href", "xmlns", "xmlns:content", "rel"]),
                             st.text(max_size=20), max_size=2)
TEXT = st.text(max_size=60)


def _element(tag_strategy):
    def build(children):
        return st.tuples(tag_strategy, ATTRIBUTES, TEXT, children).map(
            lambda t: f"<{t[0]}{''.join(f' {k}={quoteattr(v)}' for k, v in t[1].items())}>{escape(t[2])}"
                      f"{''.join(t[3])}</{t[0]}>")
    leaf = st.tuples(tag_strategy, TEXT).map(lambda t: f"<{t[0]}>{escape(t[1])}</{t[0]}>")
    return st.recursive(leaf, lambda inner: build(st.lists(inner, max_size=4)), max_leaves=12)


@settings(FUZZ, max_examples=80)
@given(tree=_element(st.sampled_from(FEED_TAGS)), declaration=st.booleans(), ext=st.sampled_from([".rss", ".xml", ""]))
def test_feed_reader_on_random_xml_trees(tree, declaration, ext):
    head = '<?xml version="1.0" encoding="utf-8"?>' if declaration else ""
    read_bytes_as((head + tree).encode("utf-8", "surrogatepass"), "fuzz" + ext)


HTML_TAGS = ["html", "head", "body", "title", "p", "div", "article", "main", "h1", "span", "script", "style", "br",
             "ul", "li", "table", "td", "nav", "footer", "meta", "a", "pre", "blockquote"]


@settings(FUZZ, max_examples=80)
@given(tree=_element(st.sampled_from(HTML_TAGS)), doctype=st.booleans(),
       junk=st.text(max_size=40, alphabet="<>&/!-\"' ab"))
def test_html_reader_on_random_html(tree, doctype, junk):
    markup = ("<!DOCTYPE html>" if doctype else "") + tree + junk
    read_bytes_as(markup.encode("utf-8", "surrogatepass"), "fuzz.html")


# --- input names ---------------------------------------------------------------------------


@settings(FUZZ, max_examples=60)
@given(name=(st.text(min_size=1, max_size=300) | st.binary(min_size=1, max_size=40).map(os.fsdecode)).filter(
    lambda s: "/" not in s and s not in (".", "..", "-")), create=st.booleans())
def test_random_input_names(name, create):
    with tempfile.TemporaryDirectory() as folder:
        given = os.path.join(folder, name)
        if create and "\x00" not in name:
            try:
                Path(given).write_bytes(b"An article.\n")
            except OSError:  # a name the file system refuses (too long, bad encoding)
                pass
        results = list(read_inputs([given]))
        assert len(results) == 1 and isinstance(results[0], (RawDocument, SkippedInput))
        results[0].model_dump_json()  # a name that is not valid UTF-8 must not break the brief
