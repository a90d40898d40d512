"""Putting quotes together: parse cues + quote marks -> direct, mixed and indirect drafts.

Order of evidence, per quoted stretch: a cue whose content clause covers it (direct when the
clause lies inside the marks, mixed when it reaches outside), else a reporting verb right
after or right before the marks, else continuation of the previous quote's speaker when the
quote opens the next sentence or paragraph. Quoted stretches with none of these are scare
quotes and are dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate

from spacy.tokens import Doc, Span, Token

from storyline.lexicon import ACTOR_LABELS
from storyline.entities import ents_within
from storyline.quotes.attribution import Cue, find_cues, is_speech_verb, mention_span, speaker_of
from storyline.nlp import doc_ents
from storyline.quotes.marks import Quoted, find_quoted

_WINDOW = 15  # tokens between a quote mark and its reporting verb
# "Lavrov: NATO must leave" — a headline or transcript line whose speaker is a name and a colon
_COLON_LINE = re.compile(r"^[\"“]?([^\W\d][^:\n]{1,40}?):[ \t]+(\S[^\n]*)", re.MULTILINE)
# "WALLACE: Let's start ..." — a transcript speaker in capitals
_TRANSCRIPT_SPEAKER = re.compile(r"[A-Z][A-Z.' -]*[A-Z]")
# '"... our greatest shame." ― Sonya Herridge': a name after a dash, to the end of the line
_DASH_NAME = re.compile(r"[^\S\n]*(?P<dash>―|—|–|--)[^\S\n]*(?P<name>[^\W\d][^\n,;:()]{1,50}?)[^\S\n.]*(?=\n|$)")
# auxiliaries after a closing mark that make the quote the subject of a reported clause
_QUOTE_PREDICATES = frozenset("would will could should must can may might is are was were has have had".split())
_PULL_QUOTE = re.compile(r"^([^\n]{15,300})\n([^\W\d][^\n]{2,40})$", re.MULTILINE)
_HEADLINE_WORDS = 25  # a first line longer than this is a paragraph, not a headline
_QUOTE_CHARS = set("\"“”„«»'‘’")
_NON_SPACE = re.compile(r"\S")


@dataclass
class Draft:
    """A quote before speaker resolution."""

    start: int
    end: int
    kind: str
    cue: str | None
    speaker: Span | None
    # where the attribution ends: continuation quotes must follow on directly from here
    tail: int
    inherited: Draft | None = None
    # the cue's surface words in the text (`text[cue_start:cue_end] == cue`); None without a cue
    cue_start: int | None = None
    cue_end: int | None = None
    # how the draft was found, for its confidence: the cue's class ("speech", "belief",
    # "stance"...) or the positional evidence ("after", "before", "dash", "colon", "pull",
    # "continuation")
    evidence: str = "speech"


class _QuotedIndex:
    """The quoted stretches (sorted by opening mark) with what range searches need: the
    running furthest closing mark, and the longest stretch, which bounds how far back a
    stretch overlapping an offset can open."""

    def __init__(self, quoted: list[Quoted]) -> None:
        self.quoted = quoted
        self.opens = [q.open for q in quoted]
        self.reach = list(accumulate((q.outer_end for q in quoted), max))
        self.longest = max((max(q.end, q.outer_end) - q.open for q in quoted), default=0)

    def inside(self, offset: int) -> bool:
        """True when `offset` lies strictly between some stretch's opening and closing marks."""
        k = bisect_left(self.opens, offset)
        return k > 0 and self.reach[k - 1] > offset

    def overlapping(self, start: int, end: int) -> range:
        """Indices of every stretch that may open before `end` and reach past `start`."""
        return range(bisect_right(self.opens, start - self.longest), bisect_left(self.opens, end))

    def opening_within(self, start: int, end: int) -> range:
        """Indices of the stretches whose opening mark lies in start..end (exclusive)."""
        return range(bisect_left(self.opens, start), bisect_left(self.opens, end))


class _Taken:
    """Spans of the drafts made so far, sorted by start, for `_overlaps_any` without a scan."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.longest = 0

    def add(self, draft: Draft) -> None:
        at = bisect_right(self.starts, draft.start)
        self.starts.insert(at, draft.start)
        self.ends.insert(at, draft.end)
        self.longest = max(self.longest, draft.end - draft.start)

    def candidates(self, start: int, end: int) -> Iterator[tuple[int, int]]:
        """(start, end) of every draft that may share characters with start..end."""
        k = bisect_left(self.starts, end) - 1
        while k >= 0 and self.starts[k] > start - self.longest:
            yield self.starts[k], self.ends[k]
            k -= 1


def draft_quotes(doc: Doc, text: str) -> list[Draft]:
    """All quote drafts of `doc` (whose text is `text`), sorted by start."""
    quoted = find_quoted(text)
    index = _QuotedIndex(quoted)
    starts = doc.to_array("IDX").tolist()  # token offsets, for bisecting
    cues = [c for c in find_cues(doc) if not index.inside(c.start)]
    drafts: list[Draft] = []
    taken = _Taken()
    used: set[int] = set()
    for cue in cues:
        if _overlaps_any(cue.content, taken):
            continue
        made = _from_cue(doc, text, cue, index, used)
        for draft in made:
            taken.add(draft)
        drafts.extend(made)
    own_content = {c.token.i for c in cues}
    for n, q in enumerate(quoted):
        if n in used:
            continue
        made = _positional(doc, text, q, starts, own_content)
        if made is not None:
            used.add(n)
            drafts.append(made)
            taken.add(made)
    colon = _colon_lines(doc, text, index, used, taken)
    for draft in colon:
        taken.add(draft)
    drafts.extend(colon)
    drafts.extend(_pull_quotes(doc, text, taken))
    drafts.sort(key=lambda d: d.start)
    return _continuations(doc, text, quoted, used, drafts, starts)


def _from_cue(doc: Doc, text: str, cue: Cue, index: _QuotedIndex, used: set[int]) -> list[Draft]:
    start, end = cue.content
    quoted = index.quoted
    touched = [n for n in index.overlapping(start, end)
               if quoted[n].start < end and start < quoted[n].end and n not in used]
    tail = _tail(doc, cue, start, end)
    speaker = clip_to_paragraph(text, cue.speaker, cue.start)
    at = {"cue_start": cue.start, "cue_end": cue.end, "evidence": cue.cls}
    if not touched:
        if cue.needs_quote:
            return []
        return [Draft(start, end, "indirect" if cue.speech else "attitude", cue.text, speaker, tail, **at)]
    outside = _words_outside(text, start, end, [quoted[n] for n in touched])
    used.update(touched)
    if not cue.speech:
        # "denounced the 'illegal' declaration": quote marks inside a stance keep it a stance
        return [Draft(start, end, "attitude", cue.text, speaker, tail, **at)]
    if not outside:
        return [Draft(quoted[n].start, quoted[n].end, "direct", cue.text, speaker, tail, **at)
                for n in touched]
    lo = min([start] + [quoted[n].start for n in touched])
    hi = max([end] + [quoted[n].end for n in touched])
    # keep a quote's own marks when it sits at an edge, so the fragment reads as quoted
    lo = min([lo] + [quoted[n].open for n in touched if quoted[n].start == lo])
    hi = max([hi] + [quoted[n].outer_end for n in touched if quoted[n].end == hi])
    return [Draft(lo, hi, "mixed", cue.text, speaker, max(tail, hi), **at)]


def _colon_lines(doc: Doc, text: str, index: _QuotedIndex, used: set[int], taken: _Taken) -> list[Draft]:
    """Lines that open with a named speaker and a colon; the rest of the line is what they said.

    The cue is the colon itself (`cue_start` its offset)."""
    out = []
    quoted = index.quoted
    lead = len(text) - len(text.lstrip())  # text before this offset is blank
    for m in _COLON_LINE.finditer(text):
        source = _colon_speaker(doc, text, m, lead)
        if source is None or _overlaps_any((m.start(2), m.end(2)), taken):
            continue
        start, end = m.start(2), m.end(2)
        inner = [n for n in index.opening_within(m.start(), end + 1) if quoted[n].outer_end <= end + 1]
        kind = "indirect"
        if len(inner) == 1 and not _words_outside(text, start, end, [quoted[inner[0]]]):
            q = quoted[inner[0]]
            start, end, kind = max(q.start, start), q.end, "direct"
        used.update(inner)
        out.append(Draft(start, end, kind, ":", source, end, cue_start=m.end(1), cue_end=m.end(1) + 1, evidence="colon"))
    return out


def _pull_quotes(doc: Doc, text: str, taken: _Taken) -> list[Draft]:
    """A pull quote: a line with a verb and no closing stop, then a line that is only the name
    of a person the article names (on a line of its own the name often escapes the NER)."""
    out: list[Draft] = []
    persons = {e.text for e in doc_ents(doc) if e.label_ == "PERSON"}
    repeated: dict[str, bool] = {}
    for m in _PULL_QUOTE.finditer(text):
        if m.group(1).rstrip().endswith((".", ":", "?")) or _overlaps_any(m.span(1), taken):
            continue
        name = doc.char_span(*m.span(2))
        line = doc.char_span(*m.span(1), alignment_mode="expand")
        if name is None or line is None or len(line) < 4 or not any(t.pos_ in ("VERB", "AUX") for t in line):
            continue
        if name.text in persons or _named_elsewhere(name, text, repeated):
            out.append(Draft(m.start(1), m.end(1), "direct", None, name, m.end(2), evidence="pull"))
    return out


def _named_elsewhere(name: Span, text: str, repeated: dict[str, bool]) -> bool:
    """2-4 proper nouns whose last word the article uses again ("Mr Jeremic said ...")."""
    if not 2 <= len(name) <= 4 or not all(t.pos_ == "PROPN" and t.is_title for t in name):
        return False
    word = name[-1].text
    if word not in repeated:  # (each word is counted once: a count reads the whole text)
        first = text.find(word)
        repeated[word] = first >= 0 and text.find(word, first + max(len(word), 1)) >= 0
    return repeated[word]


def _colon_speaker(doc: Doc, text: str, m: re.Match[str], lead: int) -> Span | None:
    """The speaker of a colon line: a name ending in a named entity, a transcript speaker in
    capitals, or, on the headline, a short capitalised noun phrase ("Poll: ...").

    `lead` is the offset of the text's first non-blank character: a line starting there or
    before it is the headline."""
    source = doc.char_span(m.start(1), m.end(1))
    if source is None:
        return None
    ents = ents_within(doc, source.start, source.end)
    if ents and ents[-1].end == source.end and ents[-1].label_ in ACTOR_LABELS:
        return ents[-1]
    if _TRANSCRIPT_SPEAKER.fullmatch(source.text):
        return source
    headline = m.start() <= lead and len(m.group(2).split()) <= _HEADLINE_WORDS
    if headline and len(source) <= 4 and source[0].is_title and source.root.pos_ in ("PROPN", "NOUN"):
        return source
    return None


def _tail(doc: Doc, cue: Cue, start: int, end: int) -> int:
    """End of the sentence holding the cue or the content, whichever is later."""
    return max(cue.token.sent.end_char, end)


def _words_outside(text: str, start: int, end: int, quotes: list[Quoted]) -> bool:
    """True when the content has letters outside every quote's marks."""
    pos = start
    for q in sorted(quotes, key=lambda q: q.open):
        if any(ch.isalnum() for ch in text[pos : max(pos, q.open)]):
            return True
        pos = max(pos, q.outer_end)
    return any(ch.isalnum() for ch in text[pos:end])


def _positional(doc: Doc, text: str, q: Quoted, starts: list[int], own_content: set[int]) -> Draft | None:
    """A reporting verb just after the closing mark or just before the opening one, or a
    name after a dash ("... shame." ― Sonya Herridge)."""
    verb = _verb_after(doc, q, starts, own_content)
    if verb is None:
        verb = _verb_before(doc, q, starts, own_content)
    if verb is None:
        return _dash_attributed(doc, text, q)
    speaker = clip_to_paragraph(text, speaker_of(verb) or _inverted_speaker(verb), verb.idx)
    tail = max(verb.sent.end_char, q.outer_end)
    at = {"cue_start": verb.idx, "cue_end": verb.idx + len(verb.text),
          "evidence": "before" if verb.i < q.open else "after"}
    predicate = _predicate_after(doc, q, starts) if verb.i < q.open and q.close is not None else None
    if predicate is not None:
        # 'said "all mechanisms" would be called upon': the quote is the subject of the report
        return Draft(q.open, predicate, "mixed", verb.text, speaker, max(tail, predicate), **at)
    return Draft(q.start, q.end, "direct", verb.text, speaker, tail, **at)


def _predicate_after(doc: Doc, q: Quoted, starts: list[int]) -> int | None:
    """End of the sentence when a quote is followed by its own auxiliary verb, else None."""
    close = bisect_right(starts, q.close) - 1
    i = close + 1
    while i < len(doc) and doc[i].is_punct and doc[i].text not in ".!?":
        i += 1
    if i >= len(doc) or doc[i].lower_ not in _QUOTE_PREDICATES or doc[i].sent.start != doc[close].sent.start:
        return None
    last = doc[i].sent[-1]
    while last.is_punct and last.i > i:
        last = doc[last.i - 1]
    return last.idx + len(last.text)


def _verb_after(doc: Doc, q: Quoted, starts: list[int], own_content: set[int]) -> Token | None:
    if q.close is None:
        return None
    i = bisect_right(starts, q.close)
    if i >= len(doc):
        return None
    sent_end = doc[i].sent.end
    for token in doc[i : min(sent_end, i + _WINDOW)]:
        if token.text in _QUOTE_CHARS or "\n" in token.text:
            return None
        if is_speech_verb(token):
            return None if token.i in own_content else token
    return None


def _dash_attributed(doc: Doc, text: str, q: Quoted) -> Draft | None:
    """A quote closed and followed by a dash and a name, to the end of its line."""
    if q.close is None:
        return None
    m = _DASH_NAME.match(text, q.close + 1)
    if m is None:
        return None
    name = doc.char_span(m.start("name"), m.end("name"), alignment_mode="contract")
    if name is None or not any(t.pos_ == "PROPN" for t in name):
        return None
    dash = m.span("dash")
    return Draft(q.start, q.end, "direct", m.group("dash"), name, m.end(), cue_start=dash[0], cue_end=dash[1],
                 evidence="dash")


def _verb_before(doc: Doc, q: Quoted, starts: list[int], own_content: set[int]) -> Token | None:
    i = bisect_right(starts, q.open - 1) - 1
    while i > 0 and doc[i].is_space and doc[i - 1].text == ":":
        i -= 1  # "He said:" closing one paragraph, the quote opening the next
    if i < 0 or doc[i].idx >= q.open:
        return None
    last = doc[i]
    if last.text not in (":", ",") and not is_speech_verb(last):
        return None
    sent_start = last.sent.start
    for token in reversed(doc[max(sent_start, i - _WINDOW) : i + 1]):
        if (token.text in _QUOTE_CHARS and token.i != i) or ("\n" in token.text and token.i != i + 1):
            break
        if is_speech_verb(token):
            return None if token.i in own_content else token
    return None


def clip_to_paragraph(text: str, speaker: Span | None, offset: int) -> Span | None:
    """The part of `speaker` in the paragraph holding `offset`; None if its head lies outside."""
    if speaker is None:
        return None
    lo = text.rfind("\n", 0, offset) + 1
    hi = text.find("\n", offset)
    hi = len(text) if hi < 0 else hi
    if not lo <= speaker.root.idx < hi:
        return None
    tokens = [t for t in speaker if lo <= t.idx < hi and not t.is_space]
    if not tokens or (tokens[0].i == speaker.start and tokens[-1].i == speaker.end - 1):
        return speaker if tokens else None
    return speaker.doc[tokens[0].i : tokens[-1].i + 1]


def _inverted_speaker(verb: Token) -> Span | None:
    """'..., said Lavrov': the name right after the verb."""
    doc = verb.doc
    if verb.i + 1 < len(doc) and doc[verb.i + 1].pos_ in ("PROPN", "PRON", "NOUN", "DET"):
        head = doc[verb.i + 1]
        while head.dep_ in ("compound", "det", "amod") and head.head.i > head.i:
            head = head.head
        return mention_span(head)
    return None


def _continuations(
    doc: Doc, text: str, quoted: list[Quoted], used: set[int], drafts: list[Draft], starts: list[int]
) -> list[Draft]:
    """Unattributed quotes that open the sentence after an attributed one inherit its speaker."""
    pending = [q for n, q in enumerate(quoted) if n not in used and q.double]
    if not pending:
        return drafts
    out: list[Draft] = []
    merged = sorted(drafts + [Draft(q.start, q.end, "", None, None, q.outer_end) for q in pending], key=lambda d: d.start)
    previous: Draft | None = None
    for draft in merged:
        if draft.kind:
            out.append(draft)
            previous = draft
            continue
        opening = draft.start - 1
        while opening > 0 and text[opening] not in _QUOTE_CHARS:
            opening -= 1
        follows = (previous is not None and opening >= previous.tail
                   and _NON_SPACE.search(text, previous.tail, opening) is None)
        if follows and previous.speaker is not None:
            tail = max(draft.tail, _sentence_end(doc, starts, draft.end))
            cont = Draft(draft.start, draft.end, "direct", None, previous.speaker, tail, inherited=previous,
                         evidence="continuation")
            out.append(cont)
            previous = cont
    return out


def _sentence_end(doc: Doc, starts: list[int], offset: int) -> int:
    i = bisect_right(starts, max(offset - 1, 0)) - 1
    return doc[max(i, 0)].sent.end_char if len(doc) else offset


def _overlaps_any(span: tuple[int, int] | None, taken: _Taken) -> bool:
    """True when `span` shares more than half of itself or of a draft with an existing draft."""
    if span is None:
        return True
    start, end = span
    for d_start, d_end in taken.candidates(start, end):
        shared = min(end, d_end) - max(start, d_start)
        if shared > 0 and (shared * 2 > end - start or shared * 2 > d_end - d_start):
            return True
    return False
