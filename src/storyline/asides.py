"""Asides: the parts of a sentence a summary can leave out and still say what it says.

From the parse, per article: an apposition set off by commas ("Lavrov, Russia's foreign
minister, said …"), a non-restrictive relative clause ("the mission, which Moscow calls
illegal, …") and a parenthesis ("(AP)", "(68 km)"). Each aside is the character span to cut,
its leading comma or space included (and its closing comma when the sentence goes on), so
`text[:start] + text[end:]` still reads as the sentence: "Lavrov said …". A restrictive
clause ("the mission that Moscow opposes"), anything holding the sentence's verb, a
quotation mark or a number (figures belong to what a summary reports), and anything inside
what someone is quoted as saying (a quotation is never shortened) stay.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from storyline.lexicon import DOUBLE_QUOTES
from storyline.model import Aside, Quote
from storyline.nlp import doc_text, doc_tokens

NON_RESTRICTIVE = frozenset({"who", "whom", "whose", "which"})
MIN_TOKENS = 2  # a one-word apposition ("Smith, 54,") is too little to be worth the cut
_QUOTES = frozenset(DOUBLE_QUOTES)


def _kind(token: Token) -> str | None:
    if token.dep_ == "appos":
        return "apposition"
    if token.dep_ == "relcl" and token.doc[token.left_edge.i].lower_ in NON_RESTRICTIVE:
        return "relative"
    return None


def _comma_set(doc: Doc, first: int, last: int) -> tuple[int, int] | None:
    """The character span of `doc[first:last+1]` with its commas, when a comma opens it and a
    comma or the sentence's end closes it."""
    if first == 0 or doc[first - 1].text != ",":
        return None
    opening = doc[first - 1]
    after = doc[last + 1] if last + 1 < len(doc) else None
    if after is not None and after.text == ",":
        return opening.idx, after.idx + len(after)
    if after is None or (after.is_punct and after.text in ".!?" and after.sent == opening.sent):
        return opening.idx, doc[last].idx + len(doc[last])
    return None


def _keeps(doc: Doc, first: int, last: int) -> bool:
    """Whether the span must stay: it holds the sentence's root, a quote mark or a figure."""
    tokens = doc[first : last + 1]
    return (any(t.dep_ == "ROOT" or t.text in _QUOTES or t.like_num for t in tokens)
            or len(tokens) < MIN_TOKENS)


def _parentheses(doc: Doc) -> list[Aside]:
    """"(AP)", "(68 km)": a bracketed aside with the space before it."""
    found = []
    text = doc_text(doc)
    for token in doc_tokens(doc):
        if token.text != "(" or token.i == 0:
            continue
        closing = next((t for t in doc[token.i + 1 : token.i + 30] if t.text in {")", "("}), None)
        if closing is None or closing.text != ")" or closing.sent != token.sent:
            continue
        start = token.idx
        while start > 0 and text[start - 1] == " ":
            start -= 1
        inside = doc[token.i + 1 : closing.i]
        if any(t.text in _QUOTES for t in inside) or "\n" in text[start : closing.idx]:
            continue
        if text[start - 1 : start] == "." and text[closing.idx + 1 : closing.idx + 2] == ".":
            continue  # "the S.E.C. (so far)." would read "the S.E.C.."
        found.append(Aside(start=start, end=closing.idx + 1, kind="parenthesis"))
    return found


def _inside(aside: Aside, said: Sequence[tuple[int, int]]) -> bool:
    return any(start < aside.end and aside.start < end for start, end in said)


def find_asides(doc: Doc, quotes: Sequence[Quote] = ()) -> list[Aside]:
    """The asides of a parsed article, in text order, none inside another, none inside what
    one of its `quotes` (the article's) says: a quotation is never shortened."""
    said = [(q.start, q.end) for q in quotes if q.kind != "attitude"]
    found = [a for a in _parentheses(doc) if not _inside(a, said)]
    for token in doc_tokens(doc):
        kind = _kind(token)
        if kind is None:
            continue
        first, last = token.left_edge.i, token.right_edge.i
        span = _comma_set(doc, first, last)
        if span is None or _keeps(doc, first, last) or "\n" in doc_text(doc)[span[0] : span[1]]:
            continue
        if _inside(Aside(start=span[0], end=span[1], kind=kind), said):
            continue
        found.append(Aside(start=span[0], end=span[1], kind=kind))
    outermost: list[Aside] = []
    for aside in sorted(found, key=lambda a: (a.start, -a.end)):
        if outermost and aside.start < outermost[-1].end:
            continue  # inside (or overlapping) one already kept
        outermost.append(aside)
    return outermost
