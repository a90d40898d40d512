"""Decide, unit by unit, what of a flattened page is article body and why the rest is cut.

A plain-text file is a page only when it shows it (`page_evidence`): a unit that only page
furniture has, as the patterns know it (menus, share/subscribe/cookie lines, photo credits and
picture counters, teaser and comment headers), a headline printed twice (breadcrumb, repeated
heading), or a run of short link-like lines without figures. A text without any of these is an
article written as text (a wire story, a document a user saved) and is read as a body
(`classify_body`): its headline, dateline and tables are content, not chrome. Date and source
lines are no evidence, since articles carry them too.

A page is read as three zones around the body, which runs from the first to the last prose
unit (a finished sentence with function words, see `features.is_prose`):
- before it, the header: chrome, the headline, captions and date lines, all cut;
- inside it, everything is kept (crossheads, short quote paragraphs) unless a rule below says
  it is furniture: pattern chrome, captions, pull quotes, link lists, teaser boxes;
- after it, the tail: link lists and teasers, all cut, except a table (two or more data rows,
  `features.is_data_row`) before any teaser header, which extends the body.
Data rows (scores, results, figures) are never cut as navigation rows or link lists: furniture
is made of words. Recall matters more than precision, so the rules inside the body are narrow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.cleaning import patterns
from storyline.cleaning.features import (
    Features,
    features,
    is_data_row,
    is_prose,
    stopwords,
)
from storyline.cleaning.metadata import date_line, outlet_header, source_line
from storyline.cleaning.title import find_title, repeated_headline
from storyline.cleaning.units import Unit

# A teaser header ends the article when less body than this share follows it.
_TAIL_SHARE = 0.25
_MAX_CAPTION_WORDS = 40
_MIN_LINK_RUN = 3
_MAX_LINK_WORDS = 10
_MIN_NAV_ROW_WORDS = 5
_MIN_PULL_QUOTE_WORDS = 5
_MAX_NAME_WORDS = 8
# A table after the last prose unit: at least this many data rows.
_MIN_TABLE_ROWS = 2
# Where the body starts: the prose run with the most body words once each unit that is not prose
# costs this much plus a third of its words, so stray sentences in header chrome (a newsletter
# box, a form notice) do not pull the start of the body up over the menus below them.
_START_UNIT_COST = 3.0
_START_WORD_COST = 1 / 3
_START_MAX_COST = 10.0


@dataclass(frozen=True)
class PageMetadata:
    """What the page says about itself."""

    title: str | None = None
    published: str | None = None
    published_evidence: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Verdicts:
    """Per unit: None to keep it, else the reason it was cut; plus the page metadata."""

    reasons: list[str | None]
    metadata: PageMetadata


def _pattern_reason(text: str, f: Features) -> str | None:
    if date_line(text):
        return "date line"
    if source_line(text):
        return "source line"
    if patterns.CAPTION_MARKER.search(text):
        return "image caption"
    return patterns.chrome_reason(text, f)


def _published(units: list[Unit], reasons: list[str | None]) -> tuple[str | None, str | None]:
    """The publication date from the date lines: a "published" date beats an "updated" one."""
    found: list[tuple[bool, str, str]] = []
    for unit, reason in zip(units, reasons):
        if reason == "date line":
            parsed = date_line(unit.text)
            if parsed:
                found.append((parsed[1], parsed[0], unit.text))
    if not found:
        return None, None
    _, day, line = min(found, key=lambda item: item[0])  # stable: first non-update line
    return day, f"date line: {line}"


def _name_like(text: str, f: Features) -> bool:
    """A person's name, perhaps with a title after a comma: "Vuk Jeremic, foreign minister"."""
    head = text.split(",")[0].split()
    return (
        2 <= len(head) <= 4
        and f.n_words <= _MAX_NAME_WORDS
        and not f.terminal
        and all(w[:1].isupper() for w in head)
        and not any(w.lower() in stopwords() for w in head)
    )


def _single_sentence(text: str, f: Features) -> bool:
    return f.n_words <= _MAX_CAPTION_WORDS and ". " not in text.rstrip(".")


class _Page:
    """The mutable state of one classification: units, features, reasons."""

    def __init__(self, units: list[Unit]) -> None:
        self.units = units
        self.feats = [features(u.text) for u in units]
        self.reasons: list[str | None] = [_pattern_reason(u.text, f) for u, f in zip(units, self.feats)]
        self.tail_header = [
            patterns.is_tail_header(u.text, f) or patterns.is_section_header(u.text, f)
            for u, f in zip(units, self.feats)
        ]

    def good(self, i: int) -> bool:
        return self.reasons[i] is None and not self.tail_header[i] and is_prose(self.feats[i])

    def good_indices(self) -> list[int]:
        return [i for i in range(len(self.units)) if self.good(i)]

    def body_start(self, good: list[int]) -> int:
        """The first unit of the densest prose run (maximum-sum segment, linear)."""
        best, best_start, run, run_start = float("-inf"), good[0], 0.0, good[0]
        for i in range(good[0], good[-1] + 1):
            if self.good(i):
                gain = float(self.feats[i].n_words)
            else:
                words = self.feats[i].n_words
                gain = -min(_START_MAX_COST, _START_UNIT_COST + _START_WORD_COST * words)
            if run <= 0:
                run, run_start = 0.0, i
            run += gain
            if run > best:
                best, best_start = run, run_start
        return next(i for i in good if i >= best_start)

    def cut(self, i: int, reason: str) -> None:
        if self.reasons[i] is None:
            self.reasons[i] = reason

    # --- rules -------------------------------------------------------------------------------

    def mark_caption_followers(self) -> None:
        """An image alt text ending "ảnh 1"/"Photo 2" is followed by its caption sentence."""
        for i, unit in enumerate(self.units[:-1]):
            marker = patterns.CAPTION_MARKER.search(unit.text)
            if not marker:
                continue
            alt = features(unit.text[: marker.start()])
            nxt = self.units[i + 1].text
            if not alt.terminal and _single_sentence(nxt, self.feats[i + 1]):
                self.cut(i + 1, "image caption")

    def mark_duplicates(self) -> None:
        """Repeated lines (a standfirst printed again as the first paragraph): keep the last."""
        last: dict[str, int] = {}
        for i, unit in enumerate(self.units):
            if self.reasons[i] is None and self.feats[i].n_words >= 3:
                last[unit.text] = i
        for i, unit in enumerate(self.units):
            if self.reasons[i] is None and last.get(unit.text, i) != i:
                self.cut(i, "duplicate line")

    def mark_header(self, first: int) -> str | None:
        """Cut the header zone; return the outlet a header line names, if any."""
        outlet = None
        # Finished sentences right before the first prose unit are a short lead: keep them.
        lead = first
        while lead > 0 and self.reasons[lead - 1] is None and self.feats[lead - 1].terminal:
            lead -= 1
        for i in range(lead):
            name = outlet_header(self.units[i].text) if self.reasons[i] is None else None
            if name and outlet is None:
                outlet = name
                self.cut(i, "outlet header")
            f = self.feats[i]
            prose_like = f.n_words >= 6 and f.stop_density >= 0.2
            self.cut(i, "caption or standfirst" if prose_like else "page header")
        return outlet

    def table_end(self, last: int) -> int:
        """The last unit of a table right after the body (results below a report), else `last`.

        The table runs over the data rows after the last prose unit, up to the first teaser
        header; fewer than `_MIN_TABLE_ROWS` rows is a stray figure (a count, a time), not one.
        """
        rows: list[int] = []
        for i in range(last + 1, len(self.units)):
            if self.tail_header[i]:
                break
            if self.reasons[i] is None and is_data_row(self.feats[i]):
                rows.append(i)
        return rows[-1] if len(rows) >= _MIN_TABLE_ROWS else last

    def mark_tail(self, last: int) -> None:
        for i in range(last + 1, len(self.units)):
            self.cut(i, "after body")

    def mark_teaser_boxes(self, first: int, last: int) -> int:
        """Cut teaser headers and their links; a header late in the page cuts all after it.

        Returns the (possibly earlier) last index of the body.
        """
        words = [self.feats[i].n_words if self.good(i) else 0 for i in range(len(self.units))]
        total = sum(words)
        before = 0
        i = first
        while i <= last:
            if self.tail_header[i]:
                after = total - before
                if after < _TAIL_SHARE * before:
                    for j in range(i, len(self.units)):
                        self.cut(j, "teaser tail")
                    return i - 1
                is_box = patterns.is_tail_header(self.units[i].text, self.feats[i])
                if is_box:  # an inline box: its header and links, up to the next prose
                    self.reasons[i] = "related links"
                    j = i + 1
                    while j <= last and not self.good(j):
                        self.cut(j, "related links")
                        j += 1
            before += words[i]
            i += 1
        return last

    def mark_body_furniture(self, first: int, last: int) -> None:
        """Inside the body: pull quotes, link lists, nav rows and image labels."""
        run: list[int] = []
        for i in range(first, last + 1):
            if self.reasons[i] is not None or self.good(i):
                self._close_run(run)
                run = []
                continue
            f, text = self.feats[i], self.units[i].text
            if is_data_row(f):  # a table row: content, and the end of any link run
                self._close_run(run)
                run = []
                continue
            if self._pull_quote(i, last):
                continue
            if f.n_words >= _MIN_NAV_ROW_WORDS and f.title_ratio == 1.0 and f.stop_density == 0:
                self.cut(i, "navigation row")
            elif f.n_words <= 2 and text[:1].islower() and not f.terminal:
                self.cut(i, "image label")
            elif f.n_words <= _MAX_LINK_WORDS and not f.terminal:
                run.append(i)
        self._close_run(run)

    def _close_run(self, run: list[int]) -> None:
        if len(run) >= _MIN_LINK_RUN:
            for i in run:
                self.cut(i, "link list")

    def _pull_quote(self, i: int, last: int) -> bool:
        """A quote line without a full stop, then a name line, then the body goes on."""
        f = self.feats[i]
        if f.terminal or f.n_words < _MIN_PULL_QUOTE_WORDS or i + 2 > last:
            return False
        name_text, name_f = self.units[i + 1].text, self.feats[i + 1]
        if not (self.reasons[i + 1] is None and _name_like(name_text, name_f) and self.good(i + 2)):
            return False
        self.cut(i, "pull quote")
        self.cut(i + 1, "pull quote attribution")
        return True


def _link_like(text: str, f: Features) -> bool:
    """A short line that could be a link: a few words, no sentence, no figures, and not a
    piece of a broken sentence (one starts upper-case and ends without a comma)."""
    return (
        f.n_words <= _MAX_LINK_WORDS
        and not f.terminal
        and not is_prose(f)
        and f.n_numbers == 0
        and text[:1].isupper()
        and not text.endswith((",", ";"))
    )


def page_evidence(units: list[Unit]) -> tuple[int, str] | None:
    """(index, kind) of the first unit that shows `units` to be a flattened page, else None.

    Evidence is what only page furniture has: pattern chrome (`patterns.chrome_reason`, which
    includes photo credits), a picture counter, a teaser or comments header, a headline
    printed twice, or `_MIN_LINK_RUN` link-like lines in a row. One is enough: an article
    written as text has none. Linear in the text, except the headline repeat, which looks at
    the header lines above the first prose unit only, as `find_title` does.
    """
    feats: list[Features] = []
    run = 0
    for i, unit in enumerate(units):
        f = features(unit.text)
        feats.append(f)
        reason = patterns.chrome_reason(unit.text, f)
        if reason is not None:
            return i, reason
        if patterns.CAPTION_MARKER.search(unit.text):
            return i, "image caption"
        if patterns.is_tail_header(unit.text, f):
            return i, "teaser header"
        run = run + 1 if _link_like(unit.text, f) else 0
        if run >= _MIN_LINK_RUN:
            return i - run + 1, "link list"
    first = next((i for i, f in enumerate(feats) if is_prose(f)), len(units))
    echo = repeated_headline(units, feats, list(range(first)))
    return (echo, "repeated headline") if echo is not None else None


def classify_page(units: list[Unit]) -> Verdicts:
    """Classify the units of a flattened web page (all its visible text, line by line)."""
    page = _Page(units)
    page.mark_caption_followers()
    good = page.good_indices()
    if not good:  # nothing reads like prose: keep what is not plainly chrome
        return Verdicts(page.reasons, PageMetadata())
    start = good[0]
    header = [i for i in range(start) if page.reasons[i] is None]
    title = find_title(units, page.feats, header, good)
    if title.text is None:
        # No headline above the first prose unit: that "prose" may be header chrome (a
        # newsletter box, a form notice) above the real headline; start at the densest run.
        start = page.body_start(good)
        if start != good[0]:
            header = [i for i in range(start) if page.reasons[i] is None]
            title = find_title(units, page.feats, header, [i for i in good if i >= start])
            # A standfirst between that headline and the densest run is body, not chrome.
            title_at = next((i for i, r in title.cuts.items() if r == "title"), None)
            if title_at is not None:
                start = next((i for i in good if i > title_at), start)
    for i, reason in title.cuts.items():
        page.cut(i, reason)
    page.mark_duplicates()
    good = page.good_indices()
    if not good:
        return Verdicts(page.reasons, PageMetadata(title=title.text))
    first = next((i for i in good if i >= start), good[0])
    last = good[-1]
    outlet = page.mark_header(first)
    last = page.table_end(page.mark_teaser_boxes(first, last))
    page.mark_tail(last)
    page.mark_body_furniture(first, last)
    published, evidence = _published(units, page.reasons)
    source = next((source_line(u.text) for u, r in zip(units, page.reasons) if r == "source line"), None)
    return Verdicts(
        page.reasons,
        PageMetadata(title.text, published, evidence, source or outlet),
    )


def classify_body(units: list[Unit]) -> Verdicts:
    """Read an article body (JSON Lines text, a feed entry, trafilatura's extraction) as it is.

    Nothing is cut: a body has no page chrome to lose, and a short item (a headline alone, a
    snippet ending in a photo credit) is news too. Date and source lines are only read as
    metadata, and an opening headline-like line as the title.
    """
    published, evidence = _published(units, ["date line" if date_line(u.text) else None for u in units])
    source = next((found for u in units if (found := source_line(u.text))), None)
    title = units[0].text if units and _headline_like(units[0].text) else None
    return Verdicts([None] * len(units), PageMetadata(title, published, evidence, source))


# An opening line of at most this many words, with no sentence break inside it, reads as a headline.
_HEADLINE_MAX_WORDS = 20
# A sentence break: a word, a full stop, then a capitalised word, digit or quote. When the word
# before the stop is a capitalised word of up to four letters it is an abbreviation ("Apple
# Inc. CEO", "No. 1", "U.N. Session", "J. Smith"), not the end of a sentence.
_INNER_STOP = re.compile(r"(?<!\S)(\S+?)[.!?]\s+[A-Z0-9\"“‘']")
_ABBREVIATION = re.compile(r"[A-Z][A-Za-z]{0,3}|(?:[A-Z]\.)+[A-Z]")


def _headline_like(text: str) -> bool:
    if "\n" in text or len(text.split()) > _HEADLINE_MAX_WORDS:
        return False
    return all(_ABBREVIATION.fullmatch(m.group(1)) for m in _INNER_STOP.finditer(text))
