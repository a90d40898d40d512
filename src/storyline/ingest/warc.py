"""Web archives (.warc, .warc.gz): every HTML response with status 200 becomes an article.

Records are read through the HTML path (`html_document`), with the URL from `WARC-Target-URI`
and the `WARC-Date` (capture day) as the date when the page itself has none. Records are
numbered from 1 ('record 5'), every record counted, so that a message can name one. A truncated
or corrupt archive keeps the articles read so far, then reports one skip. Streamed record by
record: no limit on the archive, `MAX_FILE_BYTES` on each record's payload.
"""

from __future__ import annotations

from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from storyline.ingest import sources
from storyline.ingest.dates import normalise_date
from storyline.ingest.decode import decode_bytes
from storyline.ingest.errors import InputError, TruncatedInput
from storyline.ingest.gzipstream import open_maybe_gzip
from storyline.ingest.html import declared_charset, html_document
from storyline.ingest.skips import QUOTED_CHARS, articles_count, one_line, skipped_at
from storyline.ingest.sources import Source, too_large, with_head
from storyline.model import RawDocument, SkippedInput

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
WARC_DATE_EVIDENCE = "WARC-Date"


def _html_response_charset(record: ArcWarcRecord) -> tuple[bool, str | None]:
    """(is an HTML response with status 200, the charset its Content-Type declares)."""
    if record.rec_type != "response" or record.http_headers is None:
        return False, None
    if record.http_headers.get_statuscode() != "200":
        return False, None
    content_type = record.http_headers.get_header("Content-Type") or ""
    mime, _, params = content_type.partition(";")
    if mime.strip().lower() not in HTML_TYPES:
        return False, None
    charset = params.lower().partition("charset=")[2].strip(" \"'") or None
    return True, charset


def _finish(record: ArcWarcRecord) -> None:
    """Read what is left of the record's block; raise when the archive ends inside it."""
    while record.raw_stream.read(sources.CHUNK_BYTES):
        pass
    # No LimitReader means warcio found no Content-Length: the header itself was cut short.
    if getattr(record.raw_stream, "limit", 1) > 0:
        raise TruncatedInput("truncated WARC file")


def _record_document(record: ArcWarcRecord, charset: str | None, url: str | None, label: str,
                     origin: str) -> RawDocument:
    payload = sources.read_at_most(record.content_stream(), sources.MAX_FILE_BYTES + 1)
    _finish(record)
    if len(payload) > sources.MAX_FILE_BYTES:
        raise InputError(too_large(None, "HTTP response"))
    if not payload.strip():
        raise InputError("empty HTTP response")
    markup = decode_bytes(payload, declared=charset or declared_charset(payload))
    captured = normalise_date(record.rec_headers.get_header("WARC-Date") or "")
    return html_document(markup, label, url=url, origin=origin,
                         fallback_date=(captured, WARC_DATE_EVIDENCE) if captured else None)


def _archive_results(archive: ArchiveIterator, size: int | None,
                     label: str) -> Iterator[RawDocument | SkippedInput]:
    """Articles and per-record skips, in archive order (records counted from 1).

    `size` is the byte size of an uncompressed archive (None for gzip, whose reader reports
    truncation itself): warcio stops quietly at a record header cut short, so the archive must
    end where its last whole record does.
    """
    for index, record in enumerate(archive, start=1):
        if not record.format.startswith("warc"):  # warcio reads any text line as an old ARC header
            raise ArchiveLoadFailed(f"{record.format.upper()} record, not WARC")
        is_html, charset = _html_response_charset(record)
        if not is_html:
            _finish(record)
            continue
        origin = f"record {index}"
        url = record.rec_headers.get_header("WARC-Target-URI")
        try:
            yield _record_document(record, charset, url, label, origin)
        except TruncatedInput:
            raise
        except InputError as error:
            where = f" ({one_line(url, QUOTED_CHARS)})" if url else ""
            yield skipped_at(label, origin, error.reason + where)
    if size is not None and archive.offset < size:
        raise TruncatedInput("truncated WARC file")


def read_warc(source: Source) -> Iterator[RawDocument | SkippedInput]:
    """Every HTML article in the WARC `source` (origin 'record N', N counting all records from 1)."""
    head, raw = with_head(source.open(), 1)
    with raw:
        if not head:
            raise InputError("empty file")
        stream, gzipped = open_maybe_gzip(raw)
        found = articles = 0
        try:
            for result in _archive_results(ArchiveIterator(stream), None if gzipped else source.size(), source.label):
                found += 1
                articles += isinstance(result, RawDocument)
                yield result
        except TruncatedInput as error:
            yield SkippedInput(path=source.label, reason=f"{error.reason} after {articles_count(articles)}")
            return
        except ArchiveLoadFailed as error:
            reason = (f"not a valid WARC file: {error}" if not found
                      else f"corrupt WARC record after {articles_count(articles)}")
            yield SkippedInput(path=source.label, reason=reason)
            return
        except (AttributeError, ValueError):  # warcio's failure on a record header cut mid-line
            yield SkippedInput(path=source.label, reason=f"corrupt WARC record after {articles_count(articles)}")
            return
    if not found:
        raise InputError("no HTML responses with status 200 in WARC")
