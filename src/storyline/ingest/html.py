"""HTML pages to articles: trafilatura for the body and metadata, htmldate for the date.

Shared by `.html` files, WARC responses and (for the body text only) feed entries.
"""

from __future__ import annotations

import re
from collections.abc import Iterator


from storyline.ingest.decode import decode_bytes
from storyline.ingest.errors import InputError
from storyline.ingest.ids import article_id
from storyline.ingest.paragraphs import fragment_text, tree_text
from storyline.ingest.sources import Source, read_document
from storyline.ingest.text import require_content
from storyline.model import RawDocument

# htmldate settings: the original (first) publication date, no guessing from free text, so
# the same page always gives the same date (its only clock dependence is htmldate's max date).
DATE_PARAMS = {"extensive_search": False, "original_date": True}
DATE_EVIDENCE = "htmldate"

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SNIFF_BYTES = 4096


def declared_charset(data: bytes) -> str | None:
    """The charset a `<meta>` tag near the start of the page declares, or None."""
    match = _META_CHARSET.search(data[:_SNIFF_BYTES])
    return match.group(1).decode("ascii") if match else None


def _extract(markup: str, url: str | None, with_metadata: bool):
    """trafilatura's extraction: recall favoured so no body paragraph is lost, comments left out."""
    import trafilatura  # here, not above: a sixth of a second to import, and plain text never needs it

    return trafilatura.bare_extraction(
        markup,
        url=url,
        favor_recall=True,
        include_comments=False,
        include_tables=True,
        with_metadata=with_metadata,
        date_extraction_params=dict(DATE_PARAMS) if with_metadata else None,
    )


def html_document(markup: str, label: str, url: str | None = None,
                  fallback_date: tuple[str, str] | None = None, origin: str | None = None) -> RawDocument:
    """The article in the HTML page `markup`; raise `InputError` when it holds no article text.

    `url` is where the page came from (a canonical URL in the page wins); `fallback_date` is a
    ('YYYY-MM-DD', evidence) pair used when htmldate finds no date; `origin` is where the page
    sits in a multi-article file.
    """
    result = _extract(markup, url, with_metadata=True)
    text = tree_text(result.body) if result is not None and result.body is not None else ""
    if not text.strip():
        raise InputError("no article text found in HTML")
    published, evidence = (result.date, DATE_EVIDENCE) if result.date else (fallback_date or (None, None))
    return RawDocument(
        id=article_id(text),
        path=label,
        url=result.url or url,
        title=result.title or None,
        source=result.sitename or None,
        published=published,
        published_evidence=evidence,
        text=text,
        format="html",
        extracted=True,
        origin=origin,
    )


def html_fragment_text(fragment: str) -> str:
    """Text of an HTML fragment (a feed entry's content): trafilatura, else every paragraph via lxml."""
    result = _extract(f"<html><body>{fragment}</body></html>", None, with_metadata=False)
    text = tree_text(result.body) if result is not None and result.body is not None else ""
    return text if text.strip() else fragment_text(fragment)


def read_html(source: Source) -> Iterator[RawDocument]:
    """The article in the HTML page `source`."""
    data = read_document(source)
    markup = decode_bytes(data, declared=declared_charset(data)) if data else ""
    require_content(data, markup)
    yield html_document(markup, source.label)
