"""A watch's matches as an Atom feed a feed reader can subscribe to (feedgen writes the XML).

Each entry links to the matched sentence in the web app; entry ids are stable (the watch, the
record or sentence, its place), so a reader shows each match once however often it polls.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from urllib.parse import quote

from feedgen.feed import FeedGenerator

from storyline import __version__
from storyline.changes import Match, Watch

FEED_ENTRIES = 50  # newest matches in a feed
TITLE_WORDS = 12  # words of the matched text in an entry's title


def atom_feed(watch: Watch, matches: Sequence[Match], base_url: str) -> bytes:
    """The Atom document for `watch` with `matches` (newest first), links under `base_url`."""
    base = base_url.rstrip("/")
    feed = FeedGenerator()
    feed.id(f"urn:storyline:watch:{watch.id}")
    feed.title(f"Storyline watch: {watch.kind} {watch.value}")
    feed.link(href=f"{base}/#/watch/{watch.id}", rel="alternate")
    feed.link(href=f"{base}/api/watches/{watch.id}/feed.atom", rel="self")
    feed.generator("Storyline", version=__version__)
    feed.updated(_time(max((m.stored for m in matches if m.stored), default=watch.created)))
    for match in reversed(matches):  # feedgen puts the last added first
        entry = feed.add_entry()
        entry.id(f"urn:storyline:{watch.id}:{match.kind}:{match.record or ''}:{match.article}:{match.start}")
        words = match.text.split()
        entry.title(f"{match.kind}: " + " ".join(words[:TITLE_WORDS]) + (" …" if len(words) > TITLE_WORDS else ""))
        entry.link(href=f"{base}/#/article/{quote(match.article, safe='')}/{match.start}-{match.end}")
        entry.content(match.text, type="text")
        entry.updated(_time(match.stored or watch.created))
    return feed.atom_str(pretty=True)


def _time(iso: str) -> datetime:
    return datetime.fromisoformat(iso)
