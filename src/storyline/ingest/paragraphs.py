"""Element trees to plain text with one blank line between paragraphs.

Used for trafilatura's output tree (tags p, head, list/item, quote, table/row/cell, lb) and,
when trafilatura finds nothing, for raw HTML fragments such as feed entry content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree, html

# Tags that start and end a paragraph, in trafilatura's output vocabulary and in HTML.
_TRAFILATURA_BLOCKS = frozenset({"body", "doc", "main", "p", "head", "list", "item", "quote", "code",
                                 "table", "row", "div"})
_HTML_BLOCKS = frozenset({"body", "html", "p", "div", "section", "article", "main", "header", "footer",
                          "aside", "nav", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl",
                          "dt", "dd", "blockquote", "pre", "table", "tr", "figure", "figcaption",
                          "address", "hr", "form", "fieldset"})
_BREAKS = frozenset({"lb", "br"})
_CELLS = frozenset({"cell", "td", "th"})  # inline, but must not glue neighbouring words together
_DROPPED = frozenset({"script", "style", "noscript", "template"})

_SPACES = re.compile(r"[^\S\n]+")


@dataclass
class _Collector:
    """Accumulates inline text and cuts it into paragraphs at block boundaries."""

    blocks: frozenset[str]
    paragraphs: list[str] = field(default_factory=list)
    buffer: list[str] = field(default_factory=list)

    def flush(self) -> None:
        lines = (_SPACES.sub(" ", line).strip() for line in "".join(self.buffer).split("\n"))
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            self.paragraphs.append(paragraph)
        self.buffer.clear()

    def walk(self, element: etree._Element) -> None:
        tag = element.tag.rsplit("}", 1)[-1].lower() if isinstance(element.tag, str) else None
        if tag in _BREAKS:
            self.buffer.append("\n")
        elif tag is not None and tag not in _DROPPED:  # comments and processing instructions: tail only
            self._walk_element(element, tag)
        self.buffer.append(element.tail or "")

    def _walk_element(self, element: etree._Element, tag: str) -> None:
        block = tag in self.blocks
        if block:
            self.flush()
        if tag in _CELLS:
            self.buffer.append(" ")
        self.buffer.append(element.text or "")
        for child in element:
            self.walk(child)
        if tag in _CELLS:
            self.buffer.append(" ")
        if block:
            self.flush()


def _join(root: etree._Element, blocks: frozenset[str]) -> str:
    collector = _Collector(blocks)
    collector.walk(root)
    collector.flush()
    return "\n\n".join(collector.paragraphs)


def tree_text(body: etree._Element) -> str:
    r"""Text of trafilatura's extracted `body` tree: paragraphs joined by '\n\n', line breaks kept."""
    return _join(body, _TRAFILATURA_BLOCKS)


def fragment_text(markup: str) -> str:
    r"""Text of an HTML fragment (or page), paragraphs joined by '\n\n'; '' when it has none."""
    if not markup.strip():
        return ""
    try:
        root = html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    return _join(root, _HTML_BLOCKS)
