"""Speaker resolution inside one article: a surface speaker mention -> the named mention it means.

Named speakers anchor on their own entity. Pronouns take the latest compatible named subject
(previous quote speakers included). Descriptions ("the French general", "the ministry") match
the role words each named mention was introduced with: its own words, pre-modifiers
("Kremlin spokesman Dmitry Peskov") and appositions ("The commander ..., General X").
A title with no earlier name ("Russia's foreign minister said ...") takes the person subject
of the next sentences; an indefinite one ("a spokesperson") only the person named with the
same role word in the very next sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from storyline.nlp import lemma
from storyline.quotes.cues import (
    GROUP_LABELS,
    GROUP_PRONOUNS,
    NAMED_LABELS,
    PERSON_PRONOUNS,
    PERSON_ROLES,
)

_LINKS_UP = frozenset(("appos", "compound", "conj", "flat"))
_MODIFIERS = frozenset(("amod", "compound", "poss", "nmod"))
_PRONOUN_WINDOW = 6  # sentences a pronoun may reach back
_ROLE_WINDOW = 12  # sentences a bare role noun may reach back to the latest subject
_FORWARD_WINDOW = 3  # sentences a first-mention role noun may look ahead for its name


@dataclass
class _Named:
    span: Span
    subject: bool
    sent: int
    roles: set[str] = field(default_factory=set)


@dataclass
class _Antecedent:
    """A resolved speaker seen earlier: where it was said and which named mention it means."""

    start: int
    sent: int
    anchor: Span


class SpeakerResolver:
    """Resolves speaker phrases of one Doc, in text order (call `resolve` left to right)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._sent_of = {s.start: n for n, s in enumerate(doc.sents)}
        self.named = [
            _Named(ent, _is_subject(ent), self._sent_index(ent.root), _roles(ent))
            for ent in doc.ents
            if ent.label_ in NAMED_LABELS
        ]
        self._by_token: dict[int, _Named] = {}
        for named in self.named:
            for i in range(named.span.start, named.span.end):
                self._by_token[i] = named
        self._speakers: list[_Antecedent] = []

    def resolve(self, speaker: Span) -> tuple[int, int] | None:
        """Character span of the named mention `speaker` refers to, or None."""
        anchor = self._anchor(speaker)
        if anchor is not None:
            self._speakers.append(_Antecedent(speaker.start, self._sent_index(speaker.root), anchor))
            return anchor.start_char, anchor.end_char
        return None

    def _anchor(self, speaker: Span) -> Span | None:
        head = speaker.root
        own = self._by_token.get(head.i)
        if own is not None:
            return own.span
        if head.pos_ == "PROPN":
            return self._same_surname(head) or _proper_name(speaker)
        word = head.lower_
        if word in PERSON_PRONOUNS:
            return self._latest(head, ("PERSON",), _PRONOUN_WINDOW)
        if word in GROUP_PRONOUNS:
            return self._latest(head, GROUP_LABELS, _PRONOUN_WINDOW)
        if head.pos_ == "NOUN" and head.tag_ == "NNS":
            return self._group_description(speaker, head)
        if head.pos_ == "NOUN" and head.tag_ != "NNS":
            if _is_definite(speaker):
                return self._description(speaker, head)
            return self._introduced_next(head)
        return None

    def _sent_index(self, token: Token) -> int:
        return self._sent_of.get(token.sent.start, 0)

    def _same_surname(self, head: Token) -> Span | None:
        """A name the NER missed: the latest (else first) entity ending with the same word."""
        matches = [n.span for n in self.named if n.span[-1].text == head.text and n.span.label_ == "PERSON"]
        matches += [s.anchor for s in self._speakers if s.anchor[-1].text == head.text]
        matches.sort(key=lambda m: m.start)
        before = [m for m in matches if m.start < head.i]
        return before[-1] if before else (matches[0] if matches else None)

    def _latest(self, head: Token, labels: tuple[str, ...] | frozenset[str], window: int) -> Span | None:
        """Latest named subject (or resolved speaker) with a compatible label, within `window`."""
        here = self._sent_index(head)
        best: tuple[int, Span] | None = None
        for named in self.named:
            if named.span.start >= head.i or not named.subject or named.span.label_ not in labels:
                continue
            if here - named.sent <= window and (best is None or named.span.start > best[0]):
                best = (named.span.start, named.span)
        for seen in self._speakers:
            if seen.start < head.i and here - seen.sent <= window and seen.anchor.label_ in labels:
                if best is None or seen.start > best[0]:
                    best = (seen.start, seen.anchor)
        return best[1] if best else None

    def _description(self, speaker: Span, head: Token) -> Span | None:
        """"the French general" -> the named mention introduced with that role word."""
        noun = lemma(head)
        mods = {_stem(lemma(t)) for t in speaker if t.i != head.i and t.dep_ in _MODIFIERS}
        scored: list[tuple[int, int, Span]] = []
        for named in self.named:
            if noun not in named.roles:
                continue
            overlap = len(mods & {_stem(r) for r in named.roles})
            before = named.span.start < head.i
            # prefer matching modifiers, then mentions before the description, nearest first
            distance = head.i - named.span.start if before else 10_000 + named.span.start
            scored.append((-overlap, distance, named.span))
        if scored:
            return min(scored, key=lambda s: (s[0], s[1]))[2]
        if noun in PERSON_ROLES:
            return self._latest(head, ("PERSON",), _ROLE_WINDOW) or self._next_subject(head)
        return None

    def _group_description(self, speaker: Span, head: Token) -> Span | None:
        """"NATO-led peacekeepers" -> the organisation introduced with the same modifiers
        ("the NATO-led Kosovo Force"); plain plurals ("officials") stay unresolved."""
        mods = {_stem(lemma(t)) for t in speaker if t.i != head.i and t.is_alpha and t.dep_ != "det"}
        scored: list[tuple[int, int, Span]] = []
        for named in self.named:
            inside = speaker.start <= named.span.start < speaker.end
            if named.span.label_ != "ORG" or inside:
                continue
            overlap = len(mods & {_stem(r) for r in named.roles})
            if overlap >= 2:
                scored.append((-overlap, abs(named.span.start - head.i), named.span))
        return min(scored, key=lambda s: (s[0], s[1]))[2] if scored else None

    def _next_subject(self, head: Token) -> Span | None:
        """A lede's "Russia's foreign minister said ..." names the person in the next sentences.

        The first person subject after `head`, whether the NER tagged it or not.
        """
        here = self._sent_index(head)
        found = [n.span for n in self.named if n.span.start > head.i and n.subject and n.span.label_ == "PERSON"]
        untagged = self._untagged_subject(head, here + _FORWARD_WINDOW)
        if untagged is not None:
            found.append(untagged)
        if not found:
            return None
        first = min(found, key=lambda span: span.start)
        return first if self._sent_index(first.root) - here <= _FORWARD_WINDOW else None

    def _untagged_subject(self, head: Token, last_sent: int) -> Span | None:
        """The first subject after `head` (up to sentence `last_sent`) that is a name the NER missed."""
        for token in self.doc[head.i + 1 :]:
            if self._sent_index(token) > last_sent:
                return None
            if token.dep_ in ("nsubj", "nsubjpass") and token.pos_ == "PROPN" and not token.ent_type_:
                name = _proper_name(self.doc[token.left_edge.i : token.i + 1])
                if name is not None and name.label_ == "PERSON" and not any(t.ent_type_ for t in name):
                    return name
        return None

    def _introduced_next(self, head: Token) -> Span | None:
        """"A government spokesperson said ... Spokesman X told ...": an indefinite role noun means
        the person named as a subject in the very next sentence with the same role word.
        """
        if lemma(head) not in PERSON_ROLES:
            return None
        here, stem = self._sent_index(head), _stem(lemma(head))
        for named in self.named:
            if named.span.start <= head.i or named.sent != here + 1 or named.span.label_ != "PERSON":
                continue
            if named.subject and stem in {_stem(role) for role in named.roles}:
                return named.span
        return None


def _roles(ent: Span) -> set[str]:
    """Words a named mention was introduced with: its own words, title modifiers, appositions."""
    words = {lemma(t) for t in ent if t.is_alpha}
    root = ent.root
    for child in root.children:
        if child.i < ent.start and child.dep_ in ("compound", "amod"):
            words.update(lemma(t) for t in child.subtree if t.is_alpha)
        if child.dep_ == "appos":
            words.update(_phrase_words(child))
    if root.dep_ == "appos":
        words.update(_phrase_words(root.head))
    return words


def _phrase_words(head: Token) -> set[str]:
    """The head noun of an apposition and its pre-modifiers."""
    words = {lemma(head)}
    words.update(lemma(c) for c in head.children if c.i < head.i and c.dep_ in ("compound", "amod") and c.is_alpha)
    return words


def _is_subject(ent: Span) -> bool:
    """True when the mention is (part of) a clause subject, e.g. through an apposition."""
    token = ent.root
    for _ in range(4):
        if token.dep_ in ("nsubj", "nsubjpass"):
            return True
        if token.dep_ not in _LINKS_UP or token.head is token:
            return False
        token = token.head
    return False


def _is_definite(speaker: Span) -> bool:
    """"the minister", "Serbia's foreign minister" refer back; "a senior official" does not."""
    first = speaker[0]
    if first.tag_ in ("WP$", "WDT", "WP"):
        return False
    return first.lower_ in ("the", "this", "that") or any(t.dep_ == "poss" for t in speaker)


def _proper_name(speaker: Span) -> Span | None:
    """A speaker name the NER missed ("Vuk Jeremic"): its run of capitalised proper nouns.

    Labelled PERSON when it has two to four such words (a given name and a surname), so
    that later pronouns and titles can find it.
    """
    names = [t for t in speaker if t.pos_ == "PROPN" and t.text[:1].isupper()]
    if not names or names[-1].i != speaker.root.i:
        return None
    first = names[-1].i
    while first - 1 >= speaker.start and speaker.doc[first - 1] in names:
        first -= 1
    size = speaker.root.i + 1 - first
    label = "PERSON" if 2 <= size <= 4 else ""
    return Span(speaker.doc, first, speaker.root.i + 1, label=label)


def _stem(word: str) -> str:
    """Crude shared stem so that "Serbian" and "Serbia" meet."""
    return word[:5]
